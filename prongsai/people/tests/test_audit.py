"""The audit log: `record` and the central office's page."""
from decimal import Decimal

import pytest
from django.urls import reverse

from prongsai.agencies.models import AssessmentRound
from prongsai.oit.models import Disclosure
from prongsai.people import roles
from prongsai.people.audit import record, snapshot
from prongsai.people.models import AuditEntry

from .factories import agency, role_users

pytestmark = pytest.mark.django_db
AUDIT = "/people/audit/"


@pytest.fixture
def world():
    home, other = agency("900001"), agency("900002")
    people = role_users(home, other)
    rnd = AssessmentRound.objects.create(agency=home, fiscal_year=2567, framework="bma-district-2567")
    return home, other, people, rnd


def test_create_update_delete_are_recorded(world):
    home, _other, people, rnd = world
    who = people["assessor"]
    d = Disclosure.objects.create(round=rnd, item="O1", score=None)
    created = record(who, "create", d)
    assert created.after["score"] is None and created.before is None
    assert created.agency == home and created.object_type == "oit.disclosure" and created.object_id == str(d.pk)
    before = snapshot(d)
    d.score = Decimal("100")
    d.save()
    updated = record(who, "update", d, before, snapshot(d))
    assert updated.changes() == [("score", None, "100.0000")]
    d.refresh_from_db()
    assert snapshot(d) == updated.after  # the same whether read back from the database or not
    pk = d.pk
    removed_before = snapshot(d)
    d.delete()
    deleted = record(who, "delete", d, removed_before)
    assert deleted.object_id == str(pk) and deleted.before["item"] == "O1" and deleted.after is None
    assert [e.action for e in AuditEntry.objects.order_by("id")] == ["create", "update", "delete"]
    assert {e.who_name for e in AuditEntry.objects.all()} == {"assessor"}


def test_an_unknown_action_is_refused(world):
    *_rest, rnd = world
    with pytest.raises(ValueError):
        record(None, "rename", rnd)


def test_the_log_survives_the_user(world):
    home, _o, people, rnd = world
    entry = record(people["coordinator"], "update", rnd, {"framework": "a"}, {"framework": "b"})
    people["coordinator"].delete()
    entry.refresh_from_db()
    assert entry.who is None and entry.who_name == "coord"


@pytest.mark.parametrize("who,status", [
    ("central", 200), ("auditor", 200), ("coordinator", 403), ("unit_staff", 403), ("director", 403),
    ("assessor", 403), ("no_role", 403), ("staff", 403),
])
def test_who_may_read_the_log(client, world, who, status):
    client.force_login(world[2][who])
    assert client.get(AUDIT).status_code == status


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(AUDIT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("people:login"))


def test_filter_and_paginate(client, world):
    home, other, people, rnd = world
    other_round = AssessmentRound.objects.create(agency=other, fiscal_year=2567, framework="bma-district-2567")
    for n in range(30):
        record(people["coordinator"], "update", rnd, {"n": n}, {"n": n + 1})
    record(people["other_coordinator"], "delete", other_round, {"fiscal_year": 2567, "id": other_round.pk})
    client.force_login(people["central"])
    page = client.get(AUDIT)
    assert '>เลขที่รายการ</span>:' in page.content.decode() and ">ID</span>" not in page.content.decode()  # Django's "ID"
    assert "บันทึกการเปลี่ยนแปลง" in page.content.decode()  # Thai by default
    # what was changed is named in Thai too, in the table and in the filter's list
    assert '<td>รอบการประเมิน <span class="help">' in page.content.decode()
    assert '<option value="agencies.assessmentround">รอบการประเมิน</option>' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": AUDIT})
    english = client.get(AUDIT)
    assert '<option value="agencies.assessmentround">Assessment round</option>' in english.content.decode()
    assert page.context["page"].paginator.count == 31
    only_home = client.get(AUDIT, {"agency": home.pk, "action": "update"})
    assert only_home.context["page"].paginator.count == 30
    assert len(only_home.context["page"].object_list) == 25
    assert f"agency={home.pk}&amp;action=update&amp;page=2" in only_home.content.decode()
    second = client.get(AUDIT, {"agency": home.pk, "action": "update", "page": 2})
    assert len(second.context["page"].object_list) == 5
    by_who = client.get(AUDIT, {"who": "other-coord"})
    assert [e.action for e in by_who.context["page"].object_list] == ["delete"]
    people["other_coordinator"].first_name, people["other_coordinator"].last_name = "นางสาววิไล", "ประสานงาน"
    people["other_coordinator"].save()
    for who in ("วิไล", "นางสาววิไล ประสานงาน"):  # part of the name the log shows, or all of it; not only the login
        by_name = client.get(AUDIT, {"who": who})
        assert [e.action for e in by_name.context["page"].object_list] == ["delete"], who
    assert client.get(AUDIT, {"who": "วิไล ใจดี"}).context["page"].paginator.count == 0
    by_type = client.get(AUDIT, {"object_type": "agencies.assessmentround", "action": "delete"})
    assert by_type.context["page"].paginator.count == 1
    nothing = client.get(AUDIT, {"since": "2999-01-01"})
    assert nothing.context["page"].paginator.count == 0
    assert roles.can_view_audit_log(people["central"])
    # what the log calls the system (a command or an import) is found by that name (a tester's "ระบบ" found nothing)
    record(None, "update", rnd, {"n": 0}, {"n": 1})
    assert [e.who_id for e in client.get(AUDIT, {"who": "system"}).context["page"].object_list] == [None]
    client.post("/i18n/setlang/", {"language": "th", "next": AUDIT})
    assert [e.who_id for e in client.get(AUDIT, {"who": "ระบบ"}).context["page"].object_list] == [None]
    assert client.get(AUDIT, {"who": "บ"}).context["page"].paginator.count == 0  # a fragment finds no system entry


def test_a_user_sets_the_name_their_signature_line_prints(client, db):
    from django.contrib.auth.models import User

    from prongsai.people.models import AuditEntry

    user = User.objects.create_user("director1", password="x" * 12)
    client.force_login(user)
    page = client.get("/people/me/").content.decode()
    assert "ชื่อ (พร้อมคำนำหน้า)" in page
    client.post("/people/me/", {"first_name": "นายสมชาย", "last_name": "ใจดี"})
    user.refresh_from_db()
    assert user.get_full_name() == "นายสมชาย ใจดี"
    entry = AuditEntry.objects.get(object_type="auth.user")
    assert entry.before == {"first_name": "", "last_name": "", "email": ""} and entry.after["last_name"] == "ใจดี"


def test_a_long_measure_is_named_cut_with_an_ellipsis():
    """The log named a measure by its first 80 characters, cut mid-word with nothing to say so (a tester)."""
    from prongsai.measures.models import Measure

    line = "จัดทำแผนการจัดซื้อจัดจ้างและเผยแพร่ประกาศ " * 4
    name = str(Measure(activities=line + "\nบรรทัดที่สอง"))  # (Thai marks above and below count as no character)
    assert name.endswith("…") and line.startswith(name[:-1]) and len(name) < len(line) and "บรรทัดที่สอง" not in name
    assert str(Measure(activities="อบรมเจ้าหน้าที่")) == "อบรมเจ้าหน้าที่"
