"""What waits for each person where they land: the director's approvals, the coordinator's plan
sent back or not ready, the measures a unit still has to report."""
import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from prongsai.documents.thai import fiscal_year_of
from prongsai.measures import approval
from prongsai.measures.models import MeasureProgress, Plan
from prongsai.people import roles
from prongsai.people.models import Membership
from prongsai.surveys.models import PublishedScore

from .factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(laksi_round):
    agency = laksi_round.agency
    first, second = list(agency.units.order_by("pk")[:2])
    made = {}
    for name, role, unit in (("coord", roles.COORDINATOR, None), ("dir", roles.DIRECTOR, None),
                             ("unit1", roles.UNIT_STAFF, first), ("unit2", roles.UNIT_STAFF, second)):
        made[name] = User.objects.create_user(name, password="x" * 12)
        Membership.objects.create(user=made[name], role=role, agency=agency, unit=unit)
    return made


def waiting(client, user, url="/") -> str:
    client.force_login(user)
    page = client.get(url).content.decode()
    return page.split("รายการที่รอท่านดำเนินการ", 1)[1].split("</section>", 1)[0] if "รายการที่รอท่านดำเนินการ" in page else ""


def test_each_person_finds_what_waits_for_them(client, laksi_round, people, monkeypatch):
    # October 2024: the 2567 results are in and there is no 2568 plan yet: the afternoon starts there
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2024, 10, 15))
    todo = waiting(client, people["coord"])
    assert "ประกาศผลการประเมินประจำปีงบประมาณ พ.ศ. 2567 ของสำนักงานเขตหลักสี่แล้ว ดูว่าเสียคะแนนที่ข้อใดและวางแผนมาตรการของปีงบประมาณ พ.ศ. 2568" in todo
    assert reverse("measures:analysis", args=[laksi_round.pk]) in todo
    # December 2026 (FY2570) with nothing newer than 2567: not "plan 2568", a year over (a tester planned it)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 7))
    todo = waiting(client, people["coord"])
    assert ("ผลการประเมินล่าสุดของสำนักงานเขตหลักสี่ในระบบเป็นของปี 2567 ซึ่งใช้วางแผนปี 2568 และปีงบประมาณ 2568 สิ้นสุดแล้ว: "
            "เพิ่มผลการประเมินปี 2569 เพื่อวางแผนปี 2570 หรือดูว่าปี 2567 เสียคะแนนที่ข้อใด "
            "(สำนักงาน ก.ก. ต้องเพิ่มกรอบการประเมินปี 2569 ก่อน)") in todo  # (no framework covers 2569 here)
    analysis = client.get(reverse("measures:analysis", args=[laksi_round.pk])).content.decode()
    assert "แผนที่สร้างจากผลการประเมินนี้คือแผนมาตรการของปีงบประมาณ พ.ศ. 2568 ซึ่งสิ้นสุดแล้ว" in analysis
    assert "หากจะวางแผนของปีงบประมาณนี้ (พ.ศ. 2570) ให้เริ่มจากผลการประเมินปี 2569" in analysis  # the years named
    monkeypatch.undo()
    assert waiting(client, people["dir"]) == "" and waiting(client, people["unit1"]) == ""
    # nothing waits for a unit before there is a plan: it is told why its page is empty (a tester)
    client.force_login(people["unit1"])
    year = fiscal_year_of(timezone.localdate())
    note = f"สำนักงานเขตหลักสี่ ยังไม่มีแผนมาตรการปี {year} ที่ผู้อำนวยการเขตอนุมัติ"
    assert note in client.get("/").content.decode() and note in client.get(reverse("measures:index")).content.decode()
    assert "แผนล่าสุดที่อนุมัติแล้ว" not in client.get("/").content.decode()
    # last year's plan approved, with its round: the note leads back to it (a unit that had just reported
    # on it read only that this year's plan was missing)
    earlier = make_plan(laksi_round)
    earlier.approved_at = timezone.now()
    earlier.save()
    rr = earlier.reporting_rounds.get()
    # its 6-month round not signed yet: that comes first, then this year's missing plan (a tester's unit
    # read only the missing plan while its round was open)
    page = client.get("/").content.decode()
    first, second = [p.split("</p>", 1)[0] for p in page.split('<p class="note">')[1:3]]
    assert first.startswith(f"รอบ 6 เดือนของแผนปี {earlier.fiscal_year} ยังเปิดอยู่จนกว่ารายงานจะได้รับอนุมัติ") and note not in first
    assert first.endswith(f'<a href="{reverse("measures:reporting_round", args=[rr.pk])}">เปิดดู ›</a>')  # its link beside it
    assert second.startswith(note) and "<a " not in second  # on its own (a tester read the two run together)
    rr.approved_at = timezone.now()  # signed: the round is closed, the latest plan named
    rr.save()
    page = client.get("/").content.decode()
    line = page.split(note, 1)[1].split("</p>", 1)[0]
    assert f"(แผนล่าสุดที่อนุมัติแล้วคือแผนปี {earlier.fiscal_year})" in line
    assert f'<a href="{reverse("measures:reporting_round", args=[rr.pk])}">เปิดดู ›</a>' in line
    earlier.delete()
    this_year = Plan.objects.create(agency=laksi_round.agency, fiscal_year=year, approved_at=timezone.now())
    assert note not in client.get("/").content.decode()  # approved: nothing more to say
    this_year.delete()
    client.force_login(people["coord"])
    assert note not in client.get("/").content.decode()  # a unit's word: the coordinator has the plan to make
    laksi_round.disclosures.filter(item="O2").update(score=None)  # provisional: OIT items still to assess
    assert "ออกแล้ว" not in waiting(client, people["coord"])
    laksi_round.disclosures.filter(item="O2").update(score=100)
    plan = make_plan(laksi_round, complete=False)
    assert "ออกแล้ว" not in waiting(client, people["coord"])  # planned
    assert "ยังไม่กำหนดระยะเวลาแล้วเสร็จหรือผู้รับผิดชอบ 1 มาตรการ" in waiting(client, people["coord"])
    assert waiting(client, people["dir"]) == "" and waiting(client, people["unit1"]) == ""
    m2 = plan.measures().get(order=2, issue__code="E6")
    m2.responsible_units.add(laksi_round.agency.units.order_by("pk")[1])
    assert "แผนปี 2568 ครบถ้วนแล้ว เสนอผู้อำนวยการเขตเพื่ออนุมัติ" in waiting(client, people["coord"])
    approval.submit(plan, people["coord"])
    assert "ครบถ้วนแล้ว" not in waiting(client, people["coord"])  # sent
    assert reverse("measures:plan", args=[plan.pk]) in waiting(client, people["dir"], reverse("measures:index"))
    approval.send_back(plan, people["dir"], "เพิ่มกิจกรรมประชาสัมพันธ์")
    todo = waiting(client, people["coord"])
    assert "ส่งแผนปี 2568 กลับให้แก้ไข" in todo and "เพิ่มกิจกรรมประชาสัมพันธ์" in todo
    approval.approve(approval.submit(plan, people["coord"]), people["dir"])
    # approved, with its 6-month round, its year long past its first half, no 12-month round: the
    # coordinator is asked to add that one
    todo = waiting(client, people["coord"])
    assert "เพิ่มรอบการรายงาน 12 เดือนของแผนปี 2568" in todo and "รอบการรายงาน 6 เดือนของแผน" not in todo
    # an approved plan without rounds: the 6-month round first, not the 12-month one (a tester's to-do)
    bare = Plan.objects.create(agency=plan.agency, fiscal_year=2569, approved_at=timezone.now())
    todo = waiting(client, people["coord"])
    assert "เพิ่มรอบการรายงาน 6 เดือนของแผนปี 2569" in todo and "12 เดือนของแผนปี 2569" not in todo
    bare.delete()
    # the 6-month round (Oct–Mar, begun long ago): the first unit has m1 and m3, both reported
    # by the factory; the second unit has m1 (reported) and m2 (not)
    assert waiting(client, people["unit1"]) == ""
    todo = waiting(client, people["unit2"])
    assert "มาตรการที่ต้องรายงานผลรอบ 6 เดือน 1 มาตรการ" in todo
    assert "มาตรการที่ต้องรายงานผลรอบ 6 เดือน 1 มาตรการ" in waiting(client, people["coord"])  # the whole agency
    assert "อนุมัติรายงานความก้าวหน้า (รอบ 6 เดือน)" not in waiting(client, people["dir"])  # not sent yet
    approval.submit_report(plan.reporting_rounds.get(code="6m"), people["coord"], unreported_confirmed=True)
    assert "อนุมัติรายงานความก้าวหน้า (รอบ 6 เดือน)" in waiting(client, people["dir"])
    approval.send_back_report(plan.reporting_rounds.get(code="6m"), people["dir"], "แนบภาพ")
    assert "อนุมัติรายงานความก้าวหน้า (รอบ 6 เดือน)" not in waiting(client, people["dir"])  # back with the coordinator
    assert "แนบภาพ" in waiting(client, people["unit2"])  # the unit still to report reads the director's note too
    MeasureProgress.objects.create(measure=m2, reporting_round=plan.reporting_rounds.get(code="6m"), status="in_progress")
    todo = waiting(client, people["unit2"])  # everything reported: the director's note still reaches the unit
    assert "ส่งรายงานรอบ 6 เดือนกลับให้แก้ไข (แผนปี 2568): ดูว่าเกี่ยวกับฝ่ายของท่านหรือไม่" in todo and "แนบภาพ" in todo and "ต้องรายงานผล" not in todo


def test_after_saving_a_report_the_next_measure_to_report_is_one_click_away(client, laksi_round, people):
    plan = make_plan(laksi_round, with_progress=False)  # m1 (both units), m2, m3 (the first unit)
    approval.approve(approval.submit(plan, people["coord"]), people["dir"])
    rr = plan.reporting_rounds.get(code="6m")
    m1, m2, m3 = plan.measures()
    client.force_login(people["unit1"])  # records m1 and m3, not m2 (the second unit's)
    url = reverse("measures:progress", args=[m1.pk, rr.pk])
    page = client.post(url, {"p-status": "in_progress", "p-result": "เริ่มแล้ว"}, follow=True).content.decode()
    assert reverse("measures:progress", args=[m3.pk, rr.pk]) in page  # m2 skipped: not theirs
    assert reverse("measures:progress", args=[m2.pk, rr.pk]) not in page
    page = client.post(reverse("measures:progress", args=[m3.pk, rr.pk]), {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "เผยแพร่แล้ว"},
                       follow=True).content.decode()
    assert "รายงานครบทุกมาตรการของท่านในรอบนี้แล้ว" in page


def test_the_director_sends_a_progress_report_back_with_a_note(client, laksi_round, people):
    plan = make_plan(laksi_round)
    approval.approve(approval.submit(plan, people["coord"]), people["dir"])
    rr = plan.reporting_rounds.get(code="6m")
    url = reverse("measures:report_approve", args=[rr.pk])
    client.force_login(people["coord"])
    assert client.post(url, {"action": "send_back", "note": "แนบภาพกิจกรรม"}).status_code == 403  # the director's
    client.post(reverse("measures:report_submit", args=[rr.pk]), {"confirm_unreported": "1"})
    client.force_login(people["dir"])
    client.post(url, {"action": "send_back", "note": "  "})
    rr.refresh_from_db()
    assert rr.returned_note == ""  # a note is required
    client.post(url, {"action": "send_back", "note": "แนบภาพกิจกรรมของ O22"})
    rr.refresh_from_db()
    assert rr.returned_note == "แนบภาพกิจกรรมของ O22" and not rr.approved
    todo = waiting(client, people["coord"])
    assert "ส่งรายงานรอบ 6 เดือนกลับให้แก้ไข" in todo and "แนบภาพกิจกรรมของ O22" in todo
    assert "แนบภาพกิจกรรมของ O22" in client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    client.force_login(people["coord"])
    client.post(reverse("measures:report_submit", args=[rr.pk]), {"confirm_unreported": "1"})  # sent again, once changed
    client.force_login(people["dir"])
    client.post(url, {"confirm_unreported": "1"})
    rr.refresh_from_db()
    assert rr.approved and rr.returned_note == ""  # answered by the sign-off
    assert "ส่งรายงาน" not in waiting(client, people["coord"])


def test_the_director_writes_a_note_on_one_measure(client, laksi_round, people):
    """A tester's director could only send the whole report back with one note: a note beside a
    measure goes to that measure's page and to its units, and is gone once the report is sent again."""
    plan = make_plan(laksi_round)
    approval.approve(approval.submit(plan, people["coord"]), people["dir"])
    rr = plan.reporting_rounds.get(code="6m")
    m1, m3 = plan.measures().get(order=1, issue__code="E6"), plan.measures().get(issue__code="O22")
    approval.submit_report(rr, people["coord"], unreported_confirmed=True)
    client.force_login(people["dir"])
    page = client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    assert f'name="mnote-{m3.pk}" form="send-back"' in page  # beside each measure, sent with the form
    other = make_plan(type(laksi_round).objects.create(agency=laksi_round.agency, fiscal_year=2568, framework=laksi_round.framework))
    url = reverse("measures:report_approve", args=[rr.pk])
    stray = other.measures().first()
    client.post(url, {"action": "send_back", "note": "ดูหมายเหตุรายมาตรการ", f"mnote-{stray.pk}": "ของแผนอื่น"})
    rr.refresh_from_db()
    assert rr.submitted_at and rr.measure_notes == {}  # refused whole: a measure of another plan
    client.post(url, {"action": "send_back", "note": "ดูหมายเหตุรายมาตรการ", f"mnote-{m3.pk}": " แนบภาพหน้าเว็บไซต์ O22 ", f"mnote-{m1.pk}": "  "})
    rr.refresh_from_db()
    assert rr.returned_note == "ดูหมายเหตุรายมาตรการ" and rr.measure_notes == {str(m3.pk): "แนบภาพหน้าเว็บไซต์ O22"}
    row = client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode().split(f"measures/{m3.pk}/")[0].rsplit("<tr", 1)[1]
    assert "ข้อสังเกตของผู้อำนวยการเขตต่อมาตรการนี้:</strong> แนบภาพหน้าเว็บไซต์ O22" in row
    client.force_login(people["unit1"])  # O22 is the first unit's
    progress = client.get(reverse("measures:progress", args=[m3.pk, rr.pk])).content.decode()
    assert "ข้อสังเกตของผู้อำนวยการเขตต่อมาตรการนี้:</strong> แนบภาพหน้าเว็บไซต์ O22" in progress
    assert "แนบภาพหน้าเว็บไซต์ O22" not in client.get(reverse("measures:progress", args=[m1.pk, rr.pk])).content.decode()
    # named by its issue and the start of its activities: one of several under an issue (a reviewer)
    todo = waiting(client, people["unit1"])  # each note a task of its own, leading to its measure (a tester)
    assert "ข้อสังเกตของผู้อำนวยการเขตต่อ O22 (เผยแพร่มาตรการบนเว็บไซต์) (รอบ 6 เดือน)" in todo and "แนบภาพหน้าเว็บไซต์ O22" in todo
    assert reverse("measures:progress", args=[m3.pk, rr.pk]) in todo
    assert "แนบภาพหน้าเว็บไซต์ O22" not in waiting(client, people["unit2"])  # not theirs
    assert reverse("measures:progress", args=[m3.pk, rr.pk]) in waiting(client, people["coord"])  # the coordinator's too
    approval.submit_report(rr, people["coord"], unreported_confirmed=True)
    rr.refresh_from_db()
    assert rr.measure_notes == {}  # answered by sending the report again
    # the director checks the report sent again against each note (read back from the audit log)
    client.force_login(people["dir"])
    row = client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode().split(f"measures/{m3.pk}/")[0].rsplit("<tr", 1)[1]
    assert "ข้อสังเกตครั้งก่อนของผู้อำนวยการเขต (แก้ไขและเสนอใหม่แล้ว):</strong> แนบภาพหน้าเว็บไซต์ O22" in row
    # a note too long is refused naming its measure
    page = client.post(url, {"action": "send_back", "note": "ดูอีกครั้ง", f"mnote-{m3.pk}": "ก" * 5000}, follow=True).content.decode()
    assert "O22 (เผยแพร่มาตรการบนเว็บไซต์): " in page
    rr.refresh_from_db()
    assert rr.submitted_at and rr.measure_notes == {}


def test_a_photo_sent_with_a_refused_report_is_asked_for_again(client, laksi_round, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = make_plan(laksi_round, with_progress=False)
    approval.approve(approval.submit(plan, people["coord"]), people["dir"])
    rr = plan.reporting_rounds.get(code="6m")
    m1 = plan.measures().first()
    client.force_login(people["unit1"])
    photo = SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0 not really", content_type="image/jpeg")
    page = client.post(reverse("measures:progress", args=[m1.pk, rr.pk]),
                       {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": " ", "e-file": photo}).content.decode()
    assert "เลือกไฟล์อีกครั้ง" in page and not MeasureProgress.objects.filter(measure=m1, reporting_round=rr).exists()


def test_the_assessor_finds_the_items_waiting_for_a_verdict(client, laksi_assessing):
    from prongsai.oit import services
    from prongsai.people.tests.factories import user

    assessor = user("oit-assessor", roles.ASSESSOR, assigned=[laksi_assessing.agency])
    assert waiting(client, assessor) == ""
    coordinator = user("coord", roles.COORDINATOR, laksi_assessing.agency)
    for item in ("O10", "O15"):
        d = laksi_assessing.disclosures.get(item=item)
        services.save_details(d, coordinator, urls=["https://laksi.example/" + item], note="", unit=None,
                              responsible_person="", due_date=None)
        services.submit(d, coordinator)
    todo = waiting(client, assessor)
    assert "ข้อ OIT ของสำนักงานเขตหลักสี่ (2567) 2 ข้อรอผลการประเมินจากท่าน" in todo
    assert reverse("oit:assess", args=[laksi_assessing.pk]) in todo
    services.give_verdict(laksi_assessing.disclosures.get(item="O10"), assessor, 100)
    assert "1 ข้อรอผลการประเมินจากท่าน" in waiting(client, assessor)
    # items left submitted in a round that holds a published report are never the assessor's to judge
    PublishedScore.objects.create(round=laksi_assessing, code="OIT", score=71.25)
    assert waiting(client, assessor) == ""


def test_the_director_and_the_coordinator_find_the_overdue_measures_where_they_land(client, laksi_round, people, monkeypatch):
    """A tester's director landed on "the 2568 plan is approved" and nothing more; the dashboard that
    counts what is late was a breadcrumb away, its links saying "report" to someone who cannot."""
    plan = make_plan(laksi_round)  # FY2568: E6's first measure done by 31 Mar 2025, O22's (31 Dec 2024) in progress
    Plan.objects.filter(pk=plan.pk).update(approved_at=timezone.now(), approved_by=people["dir"])
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 4, 15))
    said = "มาตรการเกินกำหนด 1 มาตรการในแผนปี 2568 ของสำนักงานเขตหลักสี่"
    board = reverse("measures:dashboard", args=[plan.pk])
    for who in ("dir", "coord"):
        todo = waiting(client, people[who])
        assert said in todo and board in todo.split(said)[0].rsplit("<li", 1)[1] + said
    assert said not in waiting(client, people["unit1"])
    client.force_login(people["dir"])
    page = client.get(board).content.decode()
    assert "ผลที่รายงานจากหน้านี้" not in page and ">รายงานผล</a>" not in page  # the director reads, never reports
    MeasureProgress.objects.filter(measure__issue__plan=plan).delete()  # nothing reported: O22 overdue, unreported
    page = client.get(board).content.decode()
    assert ">เปิด</a>" in page and ">รายงานผล</a>" not in page
    client.force_login(people["coord"])
    page = client.get(board).content.decode()
    assert ">รายงานผล</a>" in page and "ผลที่รายงานจากหน้านี้จะบันทึกใน" in page  # the coordinator reports
    # FY2569: that plan's year is over, its 12-month report being written: still said (a tester), until signed
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 10, 5))
    plan.reporting_rounds.filter(code="6m").update(approved_at=timezone.now())  # the 6-month report signed in April
    twelve = plan.reporting_rounds.create(code="12m", start=dt.date(2024, 10, 1), end=dt.date(2025, 9, 30))
    assert "ในแผนปี 2568 ของสำนักงานเขตหลักสี่" in waiting(client, people["dir"])  # (a reviewer: one round signed, another open)
    type(twelve).objects.filter(pk=twelve.pk).update(approved_at=timezone.now())
    assert "มาตรการเกินกำหนด" not in waiting(client, people["dir"])


def test_the_coordinator_is_told_when_the_director_withdraws_an_approval(laksi_round):
    """Nothing told the coordinator that the director had withdrawn the approval of a plan or a report
    they took for signed: their list says so, with the day, until they send it again."""
    from django.test import Client

    from prongsai.measures.documents import thai_date
    from prongsai.people.tests.factories import user

    agency = laksi_round.agency
    coordinator, director = user("coord", roles.COORDINATOR, agency), user("dir", roles.DIRECTOR, agency)
    unit = user("unit", roles.UNIT_STAFF, agency, agency.units.order_by("pk").first())
    coordinator_client, director_client = Client(), Client()
    director_client.force_login(director)
    plan = make_plan(laksi_round)
    approval.approve(approval.submit(plan, coordinator), director)
    rr = plan.reporting_rounds.get(code="6m")
    approval.approve_report(approval.submit_report(rr, coordinator, unreported_confirmed=True), director, unreported_confirmed=True)
    today = thai_date(timezone.localdate())
    report_said = f"ผู้อำนวยการเขตถอนการอนุมัติรายงานรอบ 6 เดือน (แผนปี 2568) เมื่อ {today}"
    plan_said = f"ผู้อำนวยการเขตถอนการอนุมัติแผนปี 2568 เมื่อ {today}"
    assert "ถอนการอนุมัติ" not in waiting(coordinator_client, coordinator)

    director_client.post(reverse("measures:report_approve", args=[rr.pk]), {"action": "withdraw", "confirm": "1"})
    todo = waiting(coordinator_client, coordinator)
    assert report_said in todo
    assert f'<a href="{reverse("measures:reporting_round", args=[rr.pk])}">{report_said}' in todo  # to the round's page
    assert "ถอนการอนุมัติ" not in waiting(director_client, director) + waiting(Client(), unit)  # the coordinator's to act on
    page_said = f"ผู้อำนวยการเขตถอนการอนุมัติเมื่อ {today}"  # on the round's and the plan's pages too (a tester went straight there)
    round_page = reverse("measures:reporting_round", args=[rr.pk])
    assert page_said in coordinator_client.get(round_page).content.decode()
    approval.submit_report(rr, coordinator, unreported_confirmed=True)  # sent again: acted on
    assert page_said not in coordinator_client.get(round_page).content.decode()
    assert "ถอนการอนุมัติ" not in waiting(coordinator_client, coordinator)
    approval.recall_report(rr, coordinator)  # taken back after: still acted on, not said again
    assert "ถอนการอนุมัติ" not in waiting(coordinator_client, coordinator)
    approval.approve_report(approval.submit_report(rr, coordinator, unreported_confirmed=True), director, unreported_confirmed=True)

    # the plan's approval, its report's first
    director_client.post(reverse("measures:report_approve", args=[rr.pk]), {"action": "withdraw", "confirm": "1"})
    why = "แก้ประเด็น O13 ให้ตรงกับผลการประเมิน"  # the director may say why (a tester's coordinator was left guessing)
    director_client.post(reverse("measures:plan_approve", args=[plan.pk]), {"action": "withdraw", "confirm": "1", "note": "x" * 2001})
    plan.refresh_from_db()
    assert plan.approved  # a note too long: nothing changed
    director_client.post(reverse("measures:plan_approve", args=[plan.pk]), {"action": "withdraw", "confirm": "1", "note": f" {why} "})
    todo = waiting(coordinator_client, coordinator)
    assert f'<a href="{reverse("measures:plan", args=[plan.pk])}">{plan_said}' in todo and why in todo  # to the plan's page
    plan_page = coordinator_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    assert why in plan_page and "ผู้อำนวยการเขตส่งแผนกลับให้แก้ไข" not in plan_page  # said once, with the withdrawal
    assert "ครบถ้วนแล้ว" not in todo  # (the withdrawal says to send it again: not twice)
    assert report_said not in todo  # its plan a draft: no report is sent before the plan is approved again
    assert page_said in coordinator_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    approval.recall(approval.submit(plan, coordinator), coordinator)  # sent again, then taken back: acted on
    todo = waiting(coordinator_client, coordinator)
    assert plan_said not in todo and "แผนปี 2568 ครบถ้วนแล้ว" in todo
    approval.approve(approval.submit(plan, coordinator), director)
    todo = waiting(coordinator_client, coordinator)
    assert plan_said not in todo and report_said in todo  # the report withdrawn is still to send again
