"""Walk every named URL of the project as every role: each answer is allowed (200, or a
redirect), 403 or 404, never an error. The pages of people and central have exact expectations;
add other apps' pages to EXPECTED as their access rules move onto `prongsai.people.roles`."""
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver

from prongsai.agencies.models import AssessmentRound

from .factories import agency, role_users

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "coordinator", "unit_staff", "director", "central", "assessor", "auditor",
       "other_coordinator", "no_role", "staff", "superuser"]
CITY = {"central", "auditor", "staff", "superuser"}
LOGIN = "login"  # a redirect to the login page
SKIP_NAMESPACES = {"admin"}  # Django's own admin checks is_staff and model permissions


def everyone(status, **exceptions):
    return {who: exceptions.get(who, status) for who in WHO}


def city_page(ok=200):
    return {who: ok if who in CITY else LOGIN if who == "anonymous" else 403 for who in WHO}


EXPECTED = {
    "people:login": everyone(302, anonymous=200),
    "people:logout": everyone(405),  # POST only
    "people:me": everyone(200, anonymous=LOGIN),
    "people:audit": {who: 200 if who in {"central", "auditor", "superuser"} else LOGIN if who == "anonymous" else 403
                     for who in WHO},
    "central:home": city_page(302),
    "central:year": city_page(),
    "central:trends": city_page(),
    "central:agency": {**city_page(), "coordinator": 200, "unit_staff": 200, "director": 200, "assessor": 200},
}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if p.namespace in SKIP_NAMESPACES:
                continue
            yield from named_patterns(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


@pytest.fixture
def world(laksi_round):
    """Lak Si 2567 (real figures) is the home agency's round."""
    home, other, rnd = laksi_round.agency, agency("900002"), laksi_round
    people = role_users(home, other)
    people["anonymous"] = AnonymousUser()
    return home, other, rnd, people


def kwargs_for(name, pattern, home, rnd):
    known = {
        "central:agency": {"pk": home.pk},
        "central:year": {"year": rnd.fiscal_year},
        "documents:file": {"kind": "plan", "agency": home.code, "year": rnd.fiscal_year + 1, "fmt": "pdf"},
        "documents:progress": {"agency": home.code, "year": rnd.fiscal_year + 1, "reporting_round": "6m", "fmt": "pdf"},
    }
    if name in known:
        return known[name]
    out = {}
    for key, converter in getattr(pattern.pattern, "converters", {}).items():
        kind = type(converter).__name__
        if key == "year":
            out[key] = rnd.fiscal_year
        elif kind == "IntConverter":
            out[key] = rnd.pk  # most pages take a round; others answer 404 for a wrong id, which is allowed
        elif kind == "UUIDConverter":
            out[key] = uuid.uuid4()
        else:
            out[key] = rnd.agency.code
    return out


def test_every_url_as_every_role(client, world):
    from django.urls import reverse

    home, _other, rnd, people = world
    seen = set()
    problems = []
    for name, pattern in named_patterns():
        try:
            url = reverse(name, kwargs=kwargs_for(name, pattern, home, rnd))
        except Exception as exc:  # a pattern whose arguments this walk cannot guess
            problems.append(f"{name}: cannot build a URL: {exc}")
            continue
        seen.add(name)
        for who in WHO:
            client.logout()
            if who != "anonymous":
                client.force_login(people[who])
            response = client.get(url)
            status = response.status_code
            expected = EXPECTED.get(name, {}).get(who)
            if expected == LOGIN:
                if not (status == 302 and "/people/login/" in response["Location"]):
                    problems.append(f"{name} as {who}: {status}, expected a redirect to log in")
            elif expected is not None and status != expected:
                problems.append(f"{name} as {who}: {status}, expected {expected}")
            elif expected is None and status not in (200, 301, 302, 401, 403, 404, 405):  # 401: the API
                problems.append(f"{name} as {who}: {status}")
    assert not problems, "\n".join(problems)
    assert set(EXPECTED) <= seen, f"pages not walked: {set(EXPECTED) - seen}"


@pytest.mark.parametrize("who,status", [
    ("coordinator", 403), ("unit_staff", 403), ("director", 403), ("assessor", 403), ("other_coordinator", 200),
    ("central", 200), ("auditor", 200), ("no_role", 403),
])
def test_agency_years_of_another_agency(client, world, who, status):
    _home, other, _rnd, people = world
    client.force_login(people[who])
    assert client.get(f"/central/agencies/{other.pk}/").status_code == status


def test_an_unknown_agency_is_404(client, world):
    client.force_login(world[3]["central"])
    assert client.get("/central/agencies/999999/").status_code == 404


def test_the_round_page_of_an_empty_round(client, world):
    home, _other, _rnd, people = world
    empty = AssessmentRound.objects.create(agency=home, fiscal_year=2568, framework="bma-district-2567")
    client.force_login(people["central"])
    assert client.get(f"/rounds/{empty.pk}/").status_code == 200


def test_the_403_page_is_thai_and_explains(client, world):
    client.force_login(world[3]["unit_staff"])
    response = client.get("/central/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "ไม่มีสิทธิ์เข้าถึง" in text and 'href="/people/me/"' in text
