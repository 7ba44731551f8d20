"""prongsai create-user and the password page: a coordinator's account without a superuser (a tester
found no way to make one but the admin), the password changed by its owner."""
import io
import re
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from prongsai.people.models import AuditEntry

pytestmark = pytest.mark.django_db


def run(*args, stdin: str = ""):
    out, err = StringIO(), StringIO()
    real, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command("create_user", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    finally:
        sys.stdin = real
    return status, out.getvalue(), err.getvalue()


def test_an_account_is_made_with_its_name_and_a_password_shown_once_then_given_roles(client):
    status, out, err = run("somchai", "--name", " นายสมชาย  ใจดี ", "--email", "somchai@bangkhen.go.th")
    assert status == 0 and err == ""
    user = get_user_model().objects.get(username="somchai")
    assert (user.first_name, user.last_name, user.email) == ("นายสมชาย", "ใจดี", "somchai@bangkhen.go.th")
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert "prongsai grant-role somchai ROLE" in out
    password = re.search(r"password \(shown once; to be changed at /people/password/\): (\S+)", out).group(1)
    assert user.check_password(password)
    entry = AuditEntry.objects.get(object_type="auth.user", object_id=str(user.pk))
    assert entry.after == {"username": "somchai", "first_name": "นายสมชาย", "last_name": "ใจดี", "email": "somchai@bangkhen.go.th"}
    assert user.password not in str(entry.after) and password not in str(entry.after)
    # the owner changes it on their own page (from "my roles"); the log says so, with nothing of it
    client.force_login(user)
    assert reverse("people:password") in client.get(reverse("people:me")).content.decode()
    page = client.get(reverse("people:password")).content.decode()  # in Thai, Django's rules too (a tester read English)
    assert "รหัสผ่านต้องไม่คล้ายกับข้อมูลส่วนตัวอื่นของท่าน" in page and "พิมพ์รหัสผ่านใหม่อีกครั้งเพื่อยืนยัน" in page
    assert "Your password" not in page and "Enter the same" not in page
    refused = client.post(reverse("people:password"), {"old_password": "wrong", "new_password1": "Ratchada-Road-88", "new_password2": "Ratchada-Road-88"})
    assert refused.status_code == 200 and not get_user_model().objects.get(pk=user.pk).check_password("Ratchada-Road-88")
    done = client.post(reverse("people:password"), {"old_password": password, "new_password1": "Ratchada-Road-88",
                                                    "new_password2": "Ratchada-Road-88"}, follow=True)
    assert "เปลี่ยนรหัสผ่านแล้ว" in done.content.decode() and done.context["user"].is_authenticated  # still signed in
    assert get_user_model().objects.get(pk=user.pk).check_password("Ratchada-Road-88")
    changed = AuditEntry.objects.filter(object_type="auth.user", action=AuditEntry.UPDATE).latest("id")
    stored = get_user_model().objects.get(pk=user.pk).password
    assert all("Ratchada" not in str(v) and stored not in str(v) for v in (changed.before, changed.after))


def test_a_password_from_standard_input_and_bad_input_writes_nothing():
    status, out, err = run("malee", "--name", "นางสาวมาลี", "--password-stdin", stdin="Laksi-unit-2569\n")
    assert status == 0 and "password" not in out.replace("prongsai grant-role", "")
    assert get_user_model().objects.get(username="malee").check_password("Laksi-unit-2569")
    status, out, err = run("malee", "--email", "not-an-email", "--password-stdin", stdin="123\n")
    assert status == 2 and out == ""
    assert "error: user: A user with that username already exists." in err
    assert "error: --email: " in err and "error: password: " in err
    status, _, err = run("bad name!", "--password-stdin", stdin="Laksi-unit-2569\n")
    assert status == 2 and err.startswith("error: user: ")
    status, _, err = run("MALEE", "--password-stdin", stdin="Laksi-unit-2569\n")  # a tester's twin account
    assert status == 2 and "error: user: 'malee' exists already (the same name but for capitals)" in err
    assert get_user_model().objects.count() == 1
    # the title typed apart from the first name goes with it, as the documents print it (a tester)
    assert run("somsak", "--name", "นาย สมศักดิ์ มั่นคง", "--password-stdin", stdin="Laksi-unit-2569\n")[0] == 0
    somsak = get_user_model().objects.get(username="somsak")
    assert (somsak.first_name, somsak.last_name) == ("นายสมศักดิ์", "มั่นคง")
    assert run("prasert", "--name", "ว่าที่ ร.ต. ประเสริฐ ใจซื่อ", "--password-stdin", stdin="Laksi-unit-2569\n")[0] == 0
    assert run("chai", "--name", "นาย ชัย", "--password-stdin", stdin="Laksi-unit-2569\n")[0] == 0  # no surname given
    names = dict(get_user_model().objects.values_list("username", "first_name"))
    assert names["prasert"] == "ว่าที่ ร.ต.ประเสริฐ" and names["chai"] == "นายชัย"


def test_guessing_the_old_password_is_locked_out_as_logging_in_is(client, settings):
    """A reviewer: a session left open on a shared computer let anyone guess the old password without end."""
    settings.PRONGSAI_LOGIN_MAX_FAILURES = 3
    run("malee", "--password-stdin", stdin="Laksi-unit-2569\n")
    client.force_login(get_user_model().objects.get(username="malee"))
    guess = {"new_password1": "Ratchada-Road-88", "new_password2": "Ratchada-Road-88"}
    for n in range(3):
        client.post(reverse("people:password"), {**guess, "old_password": f"guess-{n}"})
    page = client.post(reverse("people:password"), {**guess, "old_password": "Laksi-unit-2569"}).content.decode()
    assert "ใส่รหัสผ่านผิดหลายครั้งเกินไป โปรดลองใหม่ในอีก" in page  # locked: even the right one now waits
    assert get_user_model().objects.get(username="malee").check_password("Laksi-unit-2569")
