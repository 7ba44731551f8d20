"""Each app's service functions leave one audit entry per change of scores, verdicts, plans,
measures, progress and evidence — and a response import is one entry per round, never one per
(anonymous) response."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prongsai.measures.templatetags.plans import be_datetime
from prongsai.oit.tests.factories import as_being_assessed
from prongsai.people.models import AuditEntry

from .test_access_walk import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_a_published_report_import_is_one_entry(laksi_round):
    entries = AuditEntry.objects.filter(object_type="agencies.assessmentround", object_id=str(laksi_round.pk))
    assert entries.count() == 1
    assert entries.get().after["published_report"].endswith(".json") and entries.get().after["scores"] > 0
    assert entries.get().agency == laksi_round.agency
    assert entries.get().who is None and entries.get().who_name == ""  # a command: no person


def test_a_change_no_person_made_is_said_to_be_the_systems(client, laksi_round):
    from prongsai.people.tests.factories import role_users

    client.force_login(role_users(laksi_round.agency, laksi_round.agency)["auditor"])
    page = client.get(reverse("people:audit"), {"object_type": "agencies.assessmentround"}).content.decode()
    assert "ระบบ (คำสั่งหรือการนำเข้า)" in page


def test_a_response_import_is_one_entry_per_round_not_per_response(tmp_path, db):
    from prongsai.surveys.responses_import import plan_import, save_import
    from prongsai.surveys.tests.test_import_responses import HEADER, ROWS

    path = tmp_path / "R.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    rounds = save_import(plan_import(path, 2567, new_agencies=True))
    entries = AuditEntry.objects.filter(object_type="agencies.assessmentround")
    assert entries.count() == len(rounds) == 2  # four questionnaires, two agencies
    counts = sorted(e.after["imported_questionnaires"] for e in entries)
    assert counts == [1, 3]
    assert not AuditEntry.objects.filter(object_type__startswith="surveys.").exists()


def test_a_verdict_is_audited_with_before_and_after(client, world):  # noqa: F811
    _home, _other, rnd, people, objects = world
    as_being_assessed(rnd)  # a published report's verdicts are not changed (test_assess_pages)
    d = objects["disclosure"]
    client.force_login(people["assessor"])
    client.post(reverse("oit:verdict", args=[rnd.pk, d.item]), {"result": "fail", "comment": "ไม่พบ"})
    entry = AuditEntry.objects.filter(object_type="oit.disclosure", object_id=str(d.pk)).latest("when")
    assert entry.who == people["assessor"] and entry.action == "update"
    assert entry.before["score"] == "100" or float(entry.before["score"]) == 100
    assert float(entry.after["score"]) == 0 and entry.agency == rnd.agency


def test_progress_and_evidence_are_audited(client, world):  # noqa: F811
    home, _other, _rnd, people, objects = world
    client.force_login(people["unit_staff"])
    url = reverse("measures:progress", args=[objects["measure"].pk, objects["rr"].pk])
    client.post(url, {"p-status": "in_progress", "p-result": "อบรมแล้ว 1 รุ่น"})
    entry = AuditEntry.objects.get(object_type="measures.measureprogress", action="update")
    assert entry.before["status"] == "not_started" and entry.after["status"] == "in_progress"
    assert entry.agency == home and entry.who == people["unit_staff"]
    client.post(url, {"action": "evidence", "e-url": "https://example.org/photo", "e-caption": "ภาพ"})
    created = AuditEntry.objects.get(object_type="measures.evidence", action="create", who=people["unit_staff"])
    assert created.after["url"] == "https://example.org/photo" and created.agency == home
    client.post(reverse("measures:evidence_delete", args=[created.object_id]), {"confirm": "1"})
    assert AuditEntry.objects.filter(object_type="measures.evidence", action="delete",
                                     object_id=created.object_id).exists()


def test_plan_approval_is_audited(client, world):  # noqa: F811
    _home, _other, _rnd, people, objects = world
    client.force_login(people["coordinator"])
    client.post(reverse("measures:plan_approve", args=[objects["plan"].pk]), {"action": "submit"})
    client.force_login(people["director"])
    client.post(reverse("measures:plan_approve", args=[objects["plan"].pk]))
    entry = AuditEntry.objects.get(object_type="measures.plan", action="update", who=people["director"])
    assert entry.before["approved_by_id"] is None and entry.after["approved_by_id"] == people["director"].pk
    # the log shows who approved by name and when in Bangkok time, Buddhist era (not an id and a UTC stamp)
    people["director"].first_name, people["director"].last_name = "สมชาย", "ใจดี"
    people["director"].save()
    client.force_login(people["central"])
    page = client.get(reverse("people:audit"), {"object_type": "measures.plan"}).content.decode()
    approved = timezone.localtime(objects["plan"].__class__.objects.get(pk=objects["plan"].pk).approved_at)
    assert '<span class="field" title="approved_by_id">ผู้อนุมัติ</span>: ∅ → สมชาย ใจดี' in page
    assert f'title="approved_at">อนุมัติเมื่อ</span>: ∅ → {be_datetime(approved)}' in page
    assert str(approved.year + 543) in be_datetime(approved)
    assert "T" not in page.split('title="submitted_at">', 1)[1].split("</div>", 1)[0]  # no ISO stamp


def test_the_log_names_fields_and_values_as_people_read_them(client, world):  # noqa: F811
    """Thai field names, a unit by its name (not its id), a day in the Buddhist era, a status by
    its label — for a measure the coordinator edited and progress a unit recorded."""
    from datetime import date

    from prongsai.measures import services
    from prongsai.measures.forms import MeasureForm

    home, _other, _rnd, people, objects = world
    measure, progress = objects["measure"], objects["progress"]
    first, second = list(home.units.order_by("pk")[:2])
    before = measure.responsible_units.get()
    form = MeasureForm({"activities": measure.activities, "deadline": date(2025, 6, 30),
                        "responsible_units": [first.pk, second.pk]}, instance=measure, plan=measure.issue.plan)
    assert form.is_valid(), form.errors
    services.save(people["coordinator"], measure, form)
    progress.status = progress.DONE
    services.save(people["unit_staff"], progress)
    client.force_login(people["auditor"])
    page = client.get(reverse("people:audit")).content.decode()
    assert '<span class="field" title="deadline">ระยะเวลาแล้วเสร็จ</span>: 31 มี.ค. 2568 → 30 มิ.ย. 2568' in page
    assert (f'<span class="field" title="responsible_units">หน่วยงานรับผิดชอบ</span>: {before.name} → '
            f'{first.name}, {second.name}') in page
    assert 'title="status">สถานะ</span>: ยังไม่ดำเนินการ → ดำเนินการแล้วเสร็จ' in page
    assert "<code>" not in page and "_id</span>" not in page


def test_an_oit_items_unit_and_links_read_in_the_log(client, world):  # noqa: F811
    """OIT changes record a unit by its code under `unit`: the log had looked it up as an id and
    answered 500 (a reviewer's find). Links (a list) read as a list, not as Python."""
    from prongsai.oit import services as oit_services
    from prongsai.oit.tests.factories import as_being_assessed

    home, _other, _rnd, people, objects = world
    d = objects["disclosure"]
    as_being_assessed(d.round)  # a published report's links stay as the report judged them
    unit = home.units.order_by("pk").first()
    oit_services.save_details(d, people["coordinator"], urls=["https://example.go.th/a", "https://example.go.th/b"],
                              note="", unit=unit, responsible_person="", due_date=None)
    client.force_login(people["auditor"])
    response = client.get(reverse("people:audit"), {"object_type": "oit.disclosure"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'title="unit">ฝ่ายที่รับผิดชอบ</span>: ∅ → {unit.code}' in page
    assert "https://example.go.th/a, https://example.go.th/b" in page and "[&#x27;https" not in page


def test_a_coordinator_may_import_only_their_own_agency(client, world, tmp_path):  # noqa: F811
    from prongsai.surveys.tests.test_import_responses import HEADER, ROWS

    home, _other, _rnd, people, _objects = world
    client.force_login(people["coordinator"])
    rows = [r.replace("2024-03-", "2024-11-") for r in ROWS]  # answered in FY2568
    mine = [r.replace("101041", home.code) for r in rows[:3]]
    # into 2568: the 2567 round holds the published report, which takes no questionnaires
    ok = client.post(reverse("surveys:import"), {
        "file": SimpleUploadedFile("R.csv", (HEADER + "".join(mine)).encode()), "year": "2568"})
    assert ok.status_code == 200 and "staged" in ok.content.decode()
    refused = client.post(reverse("surveys:import"), {
        "file": SimpleUploadedFile("R.csv", (HEADER + "".join(rows)).encode()), "year": "2568"})
    assert refused.status_code == 403 and "202001" in refused.content.decode()  # the file holds another agency's rows
    assert "staged" not in refused.content.decode()
