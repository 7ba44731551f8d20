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


def _send_via(client, link, rnd, forwarded, proxy="10.0.0.2"):
    data = {**full_answers(rnd, link.tool), "token": issue_token()}
    return client.post(f"/s/{link.code}/", data, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded)


@override_settings(PRONGSAI_SURVEY_RATE="2/600", PRONGSAI_PROXIES=1)
def test_behind_a_proxy_each_client_has_its_own_allowance_and_cannot_forge_one(client, open_round):
    link = link_for(open_round, "EIT")
    # two respondents behind the same nginx: counted apart, by the address nginx appended
    for _ in range(2):
        assert _send_via(client, link, open_round, "203.0.113.7").status_code == 302
        assert _send_via(client, link, open_round, "203.0.113.8").status_code == 302
    assert _send_via(client, link, open_round, "203.0.113.7").status_code == 429
    # a client that sends its own X-Forwarded-For only adds entries on the left: still 203.0.113.7
    assert _send_via(client, link, open_round, "198.51.100.1, 203.0.113.7").status_code == 429
    assert Response.objects.count() == 4


@override_settings(PRONGSAI_SURVEY_RATE="2/600", PRONGSAI_PROXIES=0)
def test_without_proxies_the_forwarded_header_is_ignored(client, open_round):
    link = link_for(open_round, "EIT")
    for n in range(2):
        assert _send_via(client, link, open_round, f"203.0.113.{n}", proxy="192.0.2.20").status_code == 302
    assert _send_via(client, link, open_round, "203.0.113.99", proxy="192.0.2.20").status_code == 429


@override_settings(PRONGSAI_PROXIES=1, PRONGSAI_API_ANON_RATE="2/minute")
def test_the_api_anonymous_limit_reads_the_same_address(client):
    for _ in range(2):
        assert client.get("/api/openapi.json", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    # claiming other addresses on the left changes nothing: still 203.0.113.7
    r = client.get("/api/openapi.json", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")
    assert r.status_code == 429
