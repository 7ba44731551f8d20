"""The role predicates, for every role, on the user's own agency and on another one."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from prongsai.agencies.models import AssessmentRound
from prongsai.people import roles
from prongsai.people.models import Membership

from .factories import agency, role_users, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    home, other = agency("900001"), agency("900002")
    people = role_users(home, other)
    people["anonymous"] = AnonymousUser()
    return home, other, people


# role → (read home, read other, edit home round, assess home, approve home, record home unit,
#         record other unit of home, central, auditor, city dashboard, audit log)
EXPECTED = {
    "coordinator":       (1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0),
    "unit_staff":        (1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "director":          (1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    "central":           (1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1),
    "assessor":          (1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    "auditor":           (1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1),
    "other_coordinator": (0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "no_role":           (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "staff":             (1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0),  # Django staff keep full access
    "anonymous":         (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "superuser":         (1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_predicates_per_role(world, who):
    home, other, people = world
    u = people[who]
    rnd = AssessmentRound.objects.create(agency=home, fiscal_year=2567, framework="bma-district-2567")
    unit, other_unit = list(home.units.all()[:2])
    got = (
        roles.can_read_agency(u, home), roles.can_read_agency(u, other), roles.can_edit_round(u, rnd),
        roles.can_assess(u, home), roles.can_approve(u, home), roles.can_record_progress(u, unit),
        roles.can_record_progress(u, other_unit), roles.is_central(u), roles.is_auditor(u),
        roles.can_view_city(u), roles.can_view_audit_log(u),
    )
    assert tuple(int(bool(x)) for x in got) == EXPECTED[who]


def test_assessor_only_for_assigned_agencies(world):
    home, other, people = world
    assert roles.can_assess(people["assessor"], home)
    assert not roles.can_assess(people["assessor"], other)
    assert roles.readable_agency_ids(people["assessor"]) == {home.pk}
    assert roles.readable_agency_ids(people["central"]) is None


def test_central_office_edits_no_agency_data(world):
    home, _other, people = world
    rnd = AssessmentRound.objects.create(agency=home, fiscal_year=2567, framework="bma-district-2567")
    for who in ("central", "auditor", "director", "assessor"):
        assert not roles.can_edit_round(people[who], rnd), who
        assert not roles.can_edit_plan(people[who], home), who
    assert roles.can_manage_library(people["central"])
    assert not roles.can_manage_library(people["auditor"])


def test_inactive_superuser_may_do_nothing(world):
    home, _other, people = world
    root = people["superuser"]
    root.is_active = False
    assert not roles.can_read_agency(root, home)
    assert not roles.is_central(root)


def test_memberships_are_read_once_per_user_object(world, django_assert_num_queries):
    home, other, people = world
    u = people["coordinator"]
    roles.forget(u)
    with django_assert_num_queries(2):  # memberships + their assigned agencies
        for _ in range(3):
            roles.can_read_agency(u, home)
            roles.can_read_agency(u, other)


@pytest.mark.parametrize("role,with_agency,with_unit,problem", [
    (roles.COORDINATOR, False, False, "agency"),
    (roles.CENTRAL, True, False, "agency"),
    (roles.UNIT_STAFF, True, False, "unit"),
    (roles.DIRECTOR, True, True, "unit"),
])
def test_membership_validation(role, with_agency, with_unit, problem):
    home = agency("900001")
    m = Membership(user=user("x"), role=role, agency=home if with_agency else None,
                   unit=home.units.first() if with_unit else None)
    with pytest.raises(ValidationError) as error:
        m.full_clean()
    assert problem in error.value.message_dict


def test_unit_must_belong_to_the_agency():
    home, other = agency("900001"), agency("900002")
    m = Membership(user=user("x"), role=roles.UNIT_STAFF, agency=home, unit=other.units.first())
    with pytest.raises(ValidationError) as error:
        m.full_clean()
    assert "unit" in error.value.message_dict


def test_readable_narrows_querysets(world):
    home, other, people = world
    AssessmentRound.objects.create(agency=home, fiscal_year=2567, framework="bma-district-2567")
    AssessmentRound.objects.create(agency=other, fiscal_year=2567, framework="bma-district-2567")
    rounds = AssessmentRound.objects.all()
    assert {r.agency for r in roles.readable(people["coordinator"], rounds)} == {home}
    assert {r.agency for r in roles.readable(people["other_coordinator"], rounds)} == {other}
    assert roles.readable(people["auditor"], rounds).count() == 2
    assert roles.readable(people["no_role"], rounds).count() == 0
    from prongsai.agencies.models import Agency
    assert list(roles.readable(people["assessor"], Agency.objects.all(), "pk")) == [home]
