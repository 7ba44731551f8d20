"""The baseline the deploy check does not see: CSRF in every POST form (and enforced), no inline
scripts on the pages people use, secure HttpOnly cookies in production. (`check --deploy`,
HSTS and the header set are tested in prongsai/frameworks/tests/test_deploy_checks.py.)"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from prongsai.people.tests.factories import PASSWORD, user
from prongsai.surveys.intake import issue_token, link_for

from .conftest import full_answers

ROOT = Path(__file__).resolve().parents[2]


def post_forms():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<form\b[^>]*>", text, re.I):
            if re.search(r'method\s*=\s*["\']?post', match.group(0), re.I):
                end = text.find("</form>", match.end())
                yield path.relative_to(ROOT), text[match.start():end if end > 0 else None]


def test_every_post_form_carries_a_csrf_token():
    forms = list(post_forms())
    assert len(forms) > 15  # the walk finds the app's forms
    missing = [str(path) for path, body in forms if "{% csrf_token %}" not in body]
    assert not missing, missing


@pytest.mark.django_db
def test_csrf_is_enforced_on_login_and_on_the_public_questionnaire(open_round):
    client = Client(enforce_csrf_checks=True)
    user("somchai")
    assert client.post("/people/login/", {"username": "somchai", "password": PASSWORD}).status_code == 403
    link = link_for(open_round, "EIT")
    data = {**full_answers(open_round, "EIT"), "token": issue_token()}
    assert client.post(f"/s/{link.code}/", data).status_code == 403


@pytest.mark.django_db
def test_pages_have_no_inline_script_and_a_strict_csp(client, open_round, admin_user):
    user("somchai")
    client.force_login(admin_user)  # the home page and the round report need a login
    pages = ["/", "/people/login/", f"/s/{link_for(open_round, 'EIT').code}/", f"/rounds/{open_round.pk}/"]
    for url in pages:
        response = (Client() if url == "/people/login/" else client).get(url)  # signed in, login redirects away
        assert response.status_code == 200, url
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html, re.I):
            assert "src=" in tag, (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", html.split("<body", 1)[-1], re.I), url  # no onclick= handlers
        script_src = response["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE_SSL_REDIRECT", "DATABASE_URL")}
    env.update(DEBUG="0", SECRET_KEY="a-real-production-key-" + "x7Qp2#Lm9vR!" * 5, ALLOWED_HOSTS="prongsai.example.go.th",
               PRONGSAI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="prongsai.settings")
    code = ("import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
            "for k in ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE', "
            "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_AGE']}))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    values = json.loads(done.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict") and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SESSION_COOKIE_AGE"] <= 8 * 3600


@pytest.mark.django_db
def test_the_session_cookie_sent_at_login_is_secure_and_httponly(client, settings):
    settings.SESSION_COOKIE_SECURE = True  # as in production (checked above)
    user("somchai")
    response = client.post("/people/login/", {"username": "somchai", "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] in ("Lax", "Strict")
