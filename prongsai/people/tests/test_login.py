"""Logging in and out: Thai pages, lockout after failures, errors that reveal nothing,
session expiry and the password policy."""
import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from .factories import PASSWORD, user

pytestmark = pytest.mark.django_db
LOGIN = "/people/login/"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].non_field_errors()]


def test_login_page_is_thai_by_default(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    text = response.content.decode()
    assert "เข้าสู่ระบบ" in text
    assert 'name="csrfmiddlewaretoken"' in text or client.handler.enforce_csrf_checks is False


def test_login_page_in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert "Log in" in client.get(LOGIN).content.decode()


def test_login_and_logout(client):
    user("somchai")
    response = attempt(client, "somchai", PASSWORD)
    assert response.status_code == 302 and response["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.get(reverse("people:me")).status_code == 200
    assert client.get(reverse("people:logout")).status_code == 405  # logging out takes a POST
    response = client.post(reverse("people:logout"))
    assert response.status_code == 200
    assert client.get(reverse("people:me")).status_code == 302


def test_the_central_office_lands_on_the_citys_table_and_a_district_on_its_home(client):
    """A tester's central office landed on six pages of single rounds after logging in."""
    from prongsai.people import roles

    from .factories import agency

    user("central-1", roles.CENTRAL)
    user("auditor-1", roles.AUDITOR)
    user("coord-1", roles.COORDINATOR, agency("900001"))
    for name, where in (("central-1", reverse("central:home")), ("auditor-1", reverse("central:home")),
                        ("coord-1", settings.LOGIN_REDIRECT_URL)):
        client.logout()
        response = attempt(client, name, PASSWORD)
        assert response.status_code == 302 and response["Location"] == where, name
    client.logout()  # a page asked for before logging in is where one goes
    response = client.post(f"{LOGIN}?next=/documents/", {"username": "central-1", "password": PASSWORD})
    assert response["Location"] == "/documents/"


def test_wrong_password_and_unknown_user_get_the_same_error(client):
    user("somchai")
    wrong = errors(attempt(client, "somchai", "not-the-password"))
    unknown = errors(attempt(client, "nobody-here", "not-the-password"))
    assert wrong == unknown and len(wrong) == 1


@override_settings(PRONGSAI_LOGIN_MAX_FAILURES=3)
def test_lockout_after_failures_even_with_the_right_password(client):
    user("somchai")
    for _ in range(3):
        assert attempt(client, "somchai", "wrong-password-x").status_code == 200
    response = attempt(client, "somchai", PASSWORD)
    assert response.status_code == 200  # not logged in
    assert "_auth_user_id" not in client.session
    locked = errors(response)
    # an unknown username locks the same way, with the same message
    for _ in range(3):
        attempt(client, "ghost", "wrong-password-x")
    assert errors(attempt(client, "ghost", "wrong-password-x")) == locked
    # the lockout is per username and client: another address may still log in
    assert attempt(client, "somchai", PASSWORD, address="10.0.0.2").status_code == 302


@override_settings(PRONGSAI_LOGIN_MAX_FAILURES=3)
def test_a_success_resets_the_failure_count(client):
    user("somchai")
    for _ in range(2):
        attempt(client, "somchai", "wrong-password-x")
    assert attempt(client, "somchai", PASSWORD).status_code == 302
    client.post(reverse("people:logout"))
    for _ in range(2):
        attempt(client, "somchai", "wrong-password-x")
    assert attempt(client, "somchai", PASSWORD).status_code == 302


def test_username_case_and_spaces_do_not_escape_the_lockout(client, settings):
    settings.PRONGSAI_LOGIN_MAX_FAILURES = 2
    user("somchai")
    attempt(client, "somchai", "wrong-password-x")
    attempt(client, "SOMCHAI", "wrong-password-x")
    assert "_auth_user_id" not in client.session
    assert attempt(client, "somchai", PASSWORD).status_code == 200


def test_sessions_expire_eight_hours_after_the_last_request(client, monkeypatch):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    user("somchai")
    attempt(client, "somchai", PASSWORD)
    assert client.session.get_expiry_age() == 8 * 3600
    key = client.session.session_key
    # seven hours on, a page: the eight hours start again (a long afternoon of typing is not cut off)
    import time

    later = time.time() + 7 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(hours=1))
    assert client.get("/").status_code == 200
    assert Session.objects.get(pk=key).expire_date > timezone.now() + dt.timedelta(hours=7, minutes=59)
    # within five minutes another page writes nothing (not a write per page); a page not found and the
    # browser's own favicon never count
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(hours=1))
    client.get("/")
    assert Session.objects.get(pk=key).expire_date < timezone.now() + dt.timedelta(hours=2)
    later += 301
    for address in ("/no-such-page/", "/favicon.ico"):
        client.get(address)
    assert Session.objects.get(pk=key).expire_date < timezone.now() + dt.timedelta(hours=2)
    # a page's own polling (the collection counts every 30 s) does not keep an unattended session alive
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.people import roles
    from prongsai.scoring import load_pack

    from prongsai.people.models import Membership

    rnd = ensure_round(ensure_agency("999004", load_pack("bma-district-2567"), "เขตทดสอบ"), 2567)
    Membership.objects.create(user=get_user_model().objects.get(username="somchai"), role=roles.COORDINATOR, agency=rnd.agency)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(hours=1))
    assert client.get(reverse("surveys:collection_json", args=[rnd.pk])).status_code == 200
    assert Session.objects.get(pk=key).expire_date < timezone.now() + dt.timedelta(hours=2)


@pytest.mark.parametrize("password", ["short1", "1234567890123", "password123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_good_password_passes():
    validate_password("ตรวจสอบ-โปร่งใส-2568")


def test_login_redirects_back_to_the_page_asked_for(client):
    user("somchai")
    response = client.get("/central/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN + "?next=")
    response = client.post(response["Location"], {"username": "somchai", "password": PASSWORD, "next": "/central/"})
    assert response["Location"] == "/central/"


@override_settings(PRONGSAI_LOGIN_MAX_FAILURES=2)
def test_the_admin_login_is_throttled_too(client):
    user("boss", is_staff=True, is_superuser=True)
    for _ in range(2):
        client.post("/admin/login/", {"username": "boss", "password": "wrong-password-x"}, REMOTE_ADDR="10.0.0.9")
    response = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # the lockout is shared: the people login is locked for the same pair
    assert attempt(client, "boss", PASSWORD, address="10.0.0.9").status_code == 200
    assert attempt(client, "boss", PASSWORD, address="10.0.0.10").status_code == 302


def test_the_login_page_after_an_ended_session_says_typed_text_is_kept(client, db):
    """A tester whose session ended on saving landed on a bare login page and retyped everything."""
    page = client.get("/people/login/?next=/plans/progress/1/1/").content.decode()
    assert "ยังเก็บไว้ในแท็บนี้" in page
    assert "ยังเก็บไว้ในแท็บนี้" not in client.get("/people/login/").content.decode()
