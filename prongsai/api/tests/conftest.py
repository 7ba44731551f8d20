import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from prongsai.measures.approval import submit
from prongsai.measures.tests.factories import make_plan
from prongsai.people.tests.factories import agency, role_users


@pytest.fixture(autouse=True)
def _generous_throttle(settings):
    """API rate limits high enough for the tests that do not test them (the cache starts empty)."""
    settings.PRONGSAI_API_RATE = "100000/hour"
    settings.PRONGSAI_API_ANON_RATE = "100000/hour"


@pytest.fixture
def world(laksi_round):
    """Lak Si 2567 imported, its FY2568 plan with progress (sent for approval), another agency, one user per role."""
    home = laksi_round.agency
    other = agency("OTHER")
    users = role_users(home, other)
    plan = submit(make_plan(laksi_round), users["coordinator"])  # sent to the director
    return {"round": laksi_round, "home": home, "other": other, "users": users, "plan": plan}


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def as_user(world):
    """as_user("coordinator") → an API client signed in with that user's token; None → anonymous."""
    return lambda name: token_client(world["users"][name] if name else None)
