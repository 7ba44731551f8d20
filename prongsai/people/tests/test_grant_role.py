"""prongsai grant-role: give and take roles from the command line; bad input writes nothing."""
from io import StringIO

import pytest
from django.core.management import call_command

from prongsai.people import roles
from prongsai.people.models import Membership

from .factories import agency, user

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("grant_role", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def test_grant_agency_roles_and_assessor_assignments():
    home, other = agency("900001"), agency("900002")
    u = user("somchai")
    assert run("somchai", "unit_staff", "--agency", "900001", "--unit", "public-works")[0] == 0
    assert run("somchai", "assessor", "--assign", "900001", "900002")[0] == 0
    roles.forget(u)
    assert roles.can_record_progress(u, home.units.get(code="public-works"))
    assert roles.can_assess(u, other)
    # idempotent
    assert run("somchai", "assessor", "--assign", "900001")[0] == 0
    assert Membership.objects.filter(user=u).count() == 2
    assert run("somchai", "unit_staff", "--agency", "900001", "--unit", "public-works", "--revoke")[0] == 0
    assert list(Membership.objects.filter(user=u).values_list("role", flat=True)) == ["assessor"]


def test_revoke_with_assign_takes_only_those_agencies_off_the_assessor():
    first, second = agency("900001"), agency("900002")
    u = user("somsri")
    assert run("somsri", "assessor", "--assign", "900001", "900002")[0] == 0
    status, out, _ = run("somsri", "assessor", "--assign", "900002", "--revoke")
    assert status == 0 and "no longer assigned 900002" in out
    roles.forget(u)
    assert roles.can_assess(u, first) and not roles.can_assess(u, second)
    status, out, _ = run("somsri", "assessor", "--assign", "900001", "900002", "--revoke")
    assert status == 0 and out.splitlines() == ["somsri: assessor no longer assigned 900001", "somsri: was not assigned 900002"]
    assert run("somsri", "assessor", "--assign", "900001")[0] == 0
    assert run("somsri", "assessor", "--revoke")[0] == 0  # without --assign: the whole role
    assert not Membership.objects.filter(user=u).exists()
    assert run("somsri", "assessor", "--assign", "900001", "--revoke")[1] == "somsri: had no such role\n"


def test_bad_input_lists_every_problem_and_writes_nothing():
    agency("900001")
    user("somchai")
    status, _out, err = run("nobody", "boss", "--agency", "999", "--assign", "888")
    assert status == 2
    lines = err.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines)
    assert any("nobody" in line for line in lines) and any("boss" in line for line in lines)
    assert any("999" in line for line in lines) and any("888" in line for line in lines)
    status, _out, err = run("somchai", "coordinator")  # an agency role needs its agency
    assert status == 2 and err.strip() == "error: agency: This role belongs to one agency: choose it."  # English, as commands speak
    status, _out, err = run("somchai", "central", "--agency", "900001")
    assert status == 2 and "agency" in err
    assert not Membership.objects.exists()


def test_a_dashed_role_a_thai_unit_name_and_an_assessor_without_agencies():
    """A tester wrote unit-staff (every command name has dashes) and --unit ฝ่ายโยธา (the imports take
    Thai names); an assessor granted without --assign assesses nothing, which is now said."""
    home = agency("900001")
    u = user("somsak")
    status, out, err = run("somsak", "unit-staff", "--agency", "900001", "--unit", "ฝ่ายโยธา")
    assert status == 0, err
    assert out == "somsak: unit_staff of 900001, public-works (ฝ่ายโยธา)\n"  # which unit, said (a tester)
    roles.forget(u)
    assert roles.can_record_progress(u, home.units.get(code="public-works"))
    status, out, _ = run("somsak", "assessor")
    assert status == 0 and "assesses no agency yet: give them some with --assign" in out
    err = run("somsak", "unit-staff", "--agency", "900001", "--unit", "ฝ่ายที่ไม่มี")[2]
    assert err.startswith("error: --unit: agency 900001 has no unit 'ฝ่ายที่ไม่มี' (its units: ")  # which there are
    assert "public-works (ฝ่ายโยธา)" in err
