"""Rate limits: questionnaire submissions per client address, login lockout.

The login lockout and its non-revealing errors are tested in prongsai/people/tests/test_login.py
(test_wrong_password_and_unknown_user_get_the_same_error, test_lockout_after_failures_even_with_the_right_password,
test_username_case_and_spaces_do_not_escape_the_lockout, test_the_admin_login_is_throttled_too);
here a short end-to-end check that the same rules hold for an address spraying many accounts.
"""
import pytest
from django.test import override_settings

from prongsai.people.tests.factories import PASSWORD, user
from prongsai.surveys.intake import issue_token, link_for
from prongsai.surveys.models import Response

from .conftest import full_answers

pytestmark = pytest.mark.django_db


def _send(client, link, rnd, address):
    data = {**full_answers(rnd, link.tool), "token": issue_token()}
    return client.post(f"/s/{link.code}/", data, REMOTE_ADDR=address)


@override_settings(PRONGSAI_SURVEY_RATE="3/600")
def test_questionnaires_beyond_the_limit_get_429_and_store_nothing(client, open_round):
    link = link_for(open_round, "EIT")
    for _ in range(3):
        assert _send(client, link, open_round, "192.0.2.10").status_code == 302
    refused = _send(client, link, open_round, "192.0.2.10")
    assert refused.status_code == 429
    assert Response.objects.count() == 3
    # another address is counted on its own
    assert _send(client, link, open_round, "192.0.2.11").status_code == 302
    assert Response.objects.count() == 4


@override_settings(PRONGSAI_SURVEY_RATE="3/600")
def test_the_limit_applies_to_iit_too_and_counts_invalid_posts(client, open_round):
    link = link_for(open_round, "IIT")
    for _ in range(3):  # a stuffing script sending junk still uses up its allowance
        assert client.post(f"/s/{link.code}/", {"eligible": "yes", "token": "x"}, REMOTE_ADDR="192.0.2.20").status_code == 200
    assert _send(client, link, open_round, "192.0.2.20").status_code == 429
    assert Response.objects.count() == 0


def _login(client, username, password, address):
    return client.post("/people/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()]


def test_login_errors_do_not_reveal_whether_an_account_exists_and_lockout_holds(client):
    user("somsri")
    known = _login(client, "somsri", "wrong-password-123", "192.0.2.30")
    unknown = _login(client, "nobody-here", "wrong-password-123", "192.0.2.30")
    assert known.status_code == unknown.status_code == 200
    assert _errors(known) == _errors(unknown)
    for _ in range(10):
        _login(client, "somsri", "wrong-password-123", "192.0.2.30")
    locked = _login(client, "somsri", PASSWORD, "192.0.2.30")
    assert locked.status_code != 302 and "_auth_user_id" not in client.session
    locked_unknown = _login(client, "nobody-here", PASSWORD, "192.0.2.30")
    for _ in range(10):
        _login(client, "nobody-here", "wrong-password-123", "192.0.2.30")
    locked_unknown = _login(client, "nobody-here", PASSWORD, "192.0.2.30")
    assert _errors(locked) == _errors(locked_unknown)  # a locked real account looks like a locked unknown one
