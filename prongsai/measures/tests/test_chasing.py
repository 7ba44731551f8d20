"""Who still has to report in a round: the coordinator's list per unit, with who can report and a
reminder to e-mail them (a tester's round waited on a unit that had no account at all)."""
import re
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from prongsai.measures import approval
from prongsai.measures.models import Evidence, Measure, MeasureProgress
from prongsai.people import roles
from prongsai.people.tests.factories import user

from .factories import make_plan


def test_the_coordinator_sees_who_still_has_to_report_and_can_email_them(staff_client, client, laksi_round, staff):
    plan = make_plan(laksi_round)  # E6's second measure (units[1]) awaits; the other two are reported
    rr = plan.reporting_rounds.get(code="6m")
    first, second = list(laksi_round.agency.units.order_by("pk")[:2])
    waiting = Measure.objects.get(issue__plan=plan, activities="จัดทำแบบสำรวจความพึงพอใจ")
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    section = page.split('id="to-chase"', 1)[1].split("</section>", 1)[0]
    assert "ยังไม่รายงานผลในรอบนี้ แยกตามฝ่าย" in page
    assert f"<strong>{second.name}</strong>" in section and f"<strong>{first.name}</strong>" not in section
    assert "1 มาตรการ" in section and reverse("measures:progress", args=[waiting.pk, rr.pk]) in section
    assert '<span class="tag bad">ยังไม่มีผู้ใช้ในระบบ</span>' in section
    assert "ฝ่ายที่ยังไม่มีผู้ใช้ในระบบ ไม่มีใครรายงานผลมาตรการของฝ่ายได้นอกจากท่าน" in section
    assert "mailto:" not in section  # nobody to write to

    user("somsri", roles.UNIT_STAFF, laksi_round.agency, second, first_name="สมศรี", last_name="ทดสอบ", email="somsri@example.go.th")
    user("nomail", roles.UNIT_STAFF, laksi_round.agency, second)
    user("gone", roles.UNIT_STAFF, laksi_round.agency, second, is_active=False, email="gone@example.go.th")
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    section = page.split('id="to-chase"', 1)[1].split("</section>", 1)[0]
    assert "ผู้ที่รายงานผลได้: nomail, สมศรี ทดสอบ" in section and "gone" not in section
    assert "ยังไม่มีผู้ใช้ในระบบ" not in section
    mailto = section.split('href="mailto:', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    to, query = mailto.split("?", 1)
    fields = parse_qs(query)
    assert to == "somsri@example.go.th"
    assert fields["subject"] == ["มาตรการ ITA: ขอให้รายงานผลรอบ 6 เดือน"]
    body = fields["body"][0]
    assert "ขอให้รายงานผลการดำเนินการตามมาตรการต่อไปนี้ของแผนมาตรการปี 2568 สำหรับรอบ 6 เดือน (สิ้นสุด 31 มี.ค. 2568)" in body
    assert "- E6: จัดทำแบบสำรวจความพึงพอใจ" in body
    assert urlsplit(body.splitlines()[-1]).path == reverse("measures:reporting_round", args=[rr.pk])

    # once it is reported, nothing is left to chase; a measure with no unit is the coordinator's to assign
    MeasureProgress.objects.create(measure=waiting, reporting_round=rr, status=MeasureProgress.IN_PROGRESS, result="เริ่มแล้ว")
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    assert 'id="to-chase"' not in page
    unassigned = Measure.objects.create(issue=waiting.issue, activities="มาตรการใหม่", order=3)
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    section = page.split('id="to-chase"', 1)[1].split("</section>", 1)[0]
    assert "<strong>ยังไม่มีผู้รับผิดชอบ</strong>" in section and reverse("measures:progress", args=[unassigned.pk, rr.pk]) in section


def test_only_the_coordinator_gets_the_list_and_not_once_the_report_is_signed(client, staff_client, laksi_round, staff):
    plan = make_plan(laksi_round)
    rr = plan.reporting_rounds.get(code="6m")
    director = user("director-laksi", roles.DIRECTOR, laksi_round.agency)
    client.force_login(director)
    assert 'id="to-chase"' not in client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    approval.approve(approval.submit(plan, staff), director)
    approval.submit_report(rr, staff, unreported_confirmed=True)
    approval.approve_report(rr, director, unreported_confirmed=True)
    assert 'id="to-chase"' not in staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()


def test_the_assignment_page_names_the_units_nobody_can_report_for(staff_client, laksi_round):
    plan = make_plan(laksi_round, with_progress=False)
    units = list(laksi_round.agency.units.all())
    user("unit-one", roles.UNIT_STAFF, laksi_round.agency, units[0])
    user("unit-gone", roles.UNIT_STAFF, laksi_round.agency, units[1], is_active=False)
    page = staff_client.get(reverse("measures:assign", args=[plan.pk])).content.decode()
    line = page.split("ฝ่ายยังไม่มีผู้ใช้ในระบบ จึงมีเพียงท่านที่รายงานผลมาตรการของฝ่ายเหล่านี้ได้:", 1)[1].split("</p>", 1)[0]
    assert f"{len(units) - 1} ฝ่ายยังไม่มีผู้ใช้ในระบบ" in page
    assert units[0].name not in line and units[1].name in line and all(u.name in line for u in units[1:])


def test_the_reminder_link_stays_short_enough_for_a_mail_program(staff_client, laksi_round):
    """Thai text takes nine characters a letter in a link, and Windows' mail handlers cut one near 2,000
    (a reviewer): the measures are named shortly, as many as fit, then how many more."""
    from prongsai.measures.views import MAILTO_MAX

    plan = make_plan(laksi_round)
    rr = plan.reporting_rounds.get(code="6m")
    unit = laksi_round.agency.units.order_by("pk")[1]
    issue = plan.issues.get(code="E6")
    for n in range(20):
        m = Measure.objects.create(issue=issue, activities=f"มาตรการที่ {n} " + "จัดอบรมเจ้าหน้าที่ผู้ให้บริการ" * 5, order=10 + n)
        m.responsible_units.set([unit])
    user("somsri", roles.UNIT_STAFF, laksi_round.agency, unit, email="som.sri+ita@example.go.th")
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    mailto = page.split('href="mailto:', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert len("mailto:" + mailto) <= MAILTO_MAX
    to, query = mailto.split("?", 1)
    assert to == "som.sri+ita@example.go.th"
    body = parse_qs(query)["body"][0]
    shown = body.count("\r\n- E6: ")
    assert 0 < shown < 21 and f"… และอีก {21 - shown} มาตรการ" in body  # (the fixture's own waiting measure too)
    assert urlsplit(body.splitlines()[-1]).path == reverse("measures:reporting_round", args=[rr.pk])


def test_the_coordinator_asks_a_unit_to_change_its_record_and_the_units_save_answers_it(staff_client, laksi_round, staff):
    """A tester's coordinator, reading the units' results before sending the report, could only
    overwrite a unit's text or write to it outside Prongsai."""
    from prongsai.people.models import AuditEntry

    from django.utils import timezone

    plan = make_plan(laksi_round)
    type(plan).objects.filter(pk=plan.pk).update(approved_at=timezone.now(), approved_by=staff)  # units report on an approved plan
    rr = plan.reporting_rounds.get(code="6m")
    record = MeasureProgress.objects.filter(reporting_round=rr).select_related("measure").first()
    measure = record.measure
    unit = measure.responsible_units.first()
    staffer = user("unit-laksi", roles.UNIT_STAFF, laksi_round.agency, unit)
    ask = reverse("measures:progress_ask_change", args=[measure.pk, rr.pk])
    progress = reverse("measures:progress", args=[measure.pk, rr.pk])
    assert "ขอให้ฝ่ายแก้ไขผลที่รายงาน" in staff_client.get(progress).content.decode()
    page = staff_client.post(ask, {"note": "  "}, follow=True).content.decode()
    assert "กรุณาระบุว่าให้ฝ่ายแก้ไขอะไร" in page and MeasureProgress.objects.get(pk=record.pk).change_asked == ""
    staff_client.post(ask, {"note": "แนบภาพการอบรมและระบุจำนวนผู้เข้าร่วม"})
    assert MeasureProgress.objects.get(pk=record.pk).change_asked == "แนบภาพการอบรมและระบุจำนวนผู้เข้าร่วม"
    entry = AuditEntry.objects.latest("id")
    assert entry.who == staff and entry.after["change_asked"] == "แนบภาพการอบรมและระบุจำนวนผู้เข้าร่วม"
    assert "ผู้ประสานงานขอให้แก้ไข:" in staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    # the unit: on its home page, where it is answered, and above the measure's form
    from django.test import Client

    client = Client()  # (staff_client is the fixture's own client)
    client.force_login(staffer)
    home = client.get("/").content.decode()
    assert f"ผู้ประสานงานขอให้แก้ไข {measure.short_label} (รอบ 6 เดือน)" in home and progress in home
    assert "แนบภาพการอบรมและระบุจำนวนผู้เข้าร่วม" in client.get(progress).content.decode()
    assert client.post(ask, {"note": "ไม่ใช่หน้าที่ของฝ่าย"}).status_code == 403  # the coordinator's to ask
    fields = {"p-status": record.status, "p-completed_on": record.completed_on.isoformat() if record.completed_on else ""}
    # a page opened before the request (a stale tab): its save does not answer what it never showed (a tester)
    page = client.post(progress, {**fields, "p-result": record.result + " (แท็บเก่า)", "p-asked": ""}, follow=True).content.decode()
    assert "ผู้ประสานงานขอให้แก้ไขหลังจากที่ท่านเปิดหน้านี้" in page  # said, not left to be found (a tester)
    record.refresh_from_db()
    assert record.change_asked == "แนบภาพการอบรมและระบุจำนวนผู้เข้าร่วม" and record.result.endswith("(แท็บเก่า)")
    shown = re.search(r'name="p-asked" value="([^"]*)"', client.get(progress).content.decode()).group(1)
    page = client.post(progress, {**fields, "p-result": record.result + " ผู้เข้าร่วม 40 คน", "p-asked": shown}, follow=True).content.decode()
    record.refresh_from_db()
    assert record.change_asked == "" and record.result.endswith("ผู้เข้าร่วม 40 คน")
    assert "หลังจากที่ท่านเปิดหน้านี้" not in page
    assert "ผู้ประสานงานขอให้แก้ไข" not in client.get("/").content.decode()
    # withdrawn; and not once the report is with the director
    staff_client.post(ask, {"note": "อีกครั้ง"})
    staff_client.post(ask, {"action": "withdraw"})
    assert MeasureProgress.objects.get(pk=record.pk).change_asked == ""
    staff_client.post(ask, {"note": "ค้างไว้"})  # left open when the report goes to the director: said beside the button
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    assert "คำขอให้ฝ่ายแก้ไขที่ท่านส่งไปยังไม่ได้รับการแก้ไข 1 รายการ:" in page and progress in page.split("ยังไม่ได้รับการแก้ไข", 1)[1]
    approval.submit_report(rr, staff, unreported_confirmed=True)
    page = staff_client.post(ask, {"note": "สายไป"}, follow=True).content.decode()
    assert "อยู่ระหว่างเสนอผู้อำนวยการเขต" in page and MeasureProgress.objects.get(pk=record.pk).change_asked == "ค้างไว้"
    page = staff_client.get(progress).content.decode()
    assert "ขอให้ฝ่ายแก้ไขผลที่รายงาน" not in page and 'value="withdraw"' in page  # no new request; the open one withdrawn
    staff_client.post(ask, {"action": "withdraw"})
    assert MeasureProgress.objects.get(pk=record.pk).change_asked == ""
    n = AuditEntry.objects.count()
    staff_client.post(ask, {"action": "withdraw"})  # nothing to withdraw: nothing written
    assert AuditEntry.objects.count() == n
    # a request still open when the director signs ends with the sign-off (else stranded on a signed round)
    MeasureProgress.objects.filter(pk=record.pk).update(change_asked="ค้างถึงวันลงนาม")
    approval.approve_report(rr, staff, unreported_confirmed=True)
    assert MeasureProgress.objects.get(pk=record.pk).change_asked == ""
    assert AuditEntry.objects.filter(object_type="measures.measureprogress").latest("id").before["change_asked"] == "ค้างถึงวันลงนาม"


def test_the_coordinator_is_told_when_a_unit_makes_the_change_asked_for(laksi_round, staff):
    """A tester's coordinator asked a unit for a change and then had to open each measure again to see
    whether it had been made: the save that answers it says so on the coordinator's home page, the
    round's page and the measure's page, until the report is sent or the coordinator asks again."""
    from django.test import Client
    from django.utils import timezone

    plan = make_plan(laksi_round)
    type(plan).objects.filter(pk=plan.pk).update(approved_at=timezone.now(), approved_by=staff)
    rr = plan.reporting_rounds.get(code="6m")
    record = MeasureProgress.objects.filter(reporting_round=rr).select_related("measure").first()
    measure = record.measure
    staffer = user("unit-laksi", roles.UNIT_STAFF, laksi_round.agency, measure.responsible_units.first())
    client, staff_client = Client(), Client()  # the unit's staff, the agency's coordinator
    client.force_login(staffer)
    staff_client.force_login(user("coordinator-laksi", roles.COORDINATOR, laksi_round.agency))
    ask = reverse("measures:progress_ask_change", args=[measure.pk, rr.pk])
    progress = reverse("measures:progress", args=[measure.pk, rr.pk])
    round_page = reverse("measures:reporting_round", args=[rr.pk])
    told = f"ฝ่ายแก้ไขตามที่ท่านขอแล้ว 1 รายการ (รอบ 6 เดือน แผนปี {plan.fiscal_year})"
    fields = {"p-status": record.status, "p-completed_on": record.completed_on.isoformat() if record.completed_on else ""}

    def save(text, asked):
        client.post(progress, {**fields, "p-result": text, "p-asked": asked})
        record.refresh_from_db()

    staff_client.post(ask, {"note": "ระบุจำนวนผู้เข้าร่วม"})
    save("อบรมแล้ว (แท็บเก่า)", "")  # a page that never showed the request answers nothing
    # nor the coordinator's own save, fixing a typo meanwhile (a tester's closed the request unasked)
    mine = re.search(r'name="p-asked" value="([^"]*)"', staff_client.get(progress).content.decode()).group(1)
    staff_client.post(progress, {**fields, "p-result": "อบรมแล้ว (แท็บเก่า)", "p-asked": mine})
    record.refresh_from_db()
    assert (record.change_asked, record.change_answered) == ("ระบุจำนวนผู้เข้าร่วม", "")
    assert record.change_answered == "" and told not in staff_client.get("/").content.decode()
    shown = re.search(r'name="p-asked" value="([^"]*)"', client.get(progress).content.decode()).group(1)
    save("อบรมแล้ว ผู้เข้าร่วม 40 คน", shown)
    assert (record.change_asked, record.change_answered) == ("", "ระบุจำนวนผู้เข้าร่วม")
    home = staff_client.get("/").content.decode()
    assert told in home and round_page in home
    page = staff_client.get(round_page).content.decode()
    assert "ฝ่ายแก้ไขตามที่ท่านขอแล้ว 1 รายการ โปรดอ่านก่อนส่งรายงาน:" in page
    assert progress in page.split("โปรดอ่านก่อนส่งรายงาน:", 1)[1].split("</p>", 1)[0]
    assert "ฝ่ายแก้ไขตามที่ผู้ประสานงานขอแล้ว:</strong> ระบุจำนวนผู้เข้าร่วม" in page
    assert "ฝ่ายแก้ไขตามที่ผู้ประสานงานขอแล้ว:</strong> ระบุจำนวนผู้เข้าร่วม" in staff_client.get(progress).content.decode()
    save("อบรมแล้ว ผู้เข้าร่วม 41 คน", "")  # the unit's next save keeps the mark: the coordinator has not read it yet
    assert record.change_answered == "ระบุจำนวนผู้เข้าร่วม"
    staff_client.post(ask, {"note": "แนบภาพด้วย"})  # asking again: the new request is what is open now
    record.refresh_from_db()
    assert (record.change_asked, record.change_answered) == ("แนบภาพด้วย", "") and told not in staff_client.get("/").content.decode()
    shown = re.search(r'name="p-asked" value="([^"]*)"', client.get(progress).content.decode()).group(1)
    save("อบรมแล้ว ผู้เข้าร่วม 41 คน แนบภาพ", shown)
    assert record.change_answered == "แนบภาพด้วย"
    saved_at = record.updated_at
    approval.submit_report(rr, staff, unreported_confirmed=True)  # sent: read
    record.refresh_from_db()
    assert record.change_answered == "" and record.updated_at == saved_at and record.updated_by == staffer
    assert "ฝ่ายแก้ไขตามที่ท่านขอแล้ว" not in staff_client.get("/").content.decode()
    # a request still open when the report went, answered while it is with the director: the mark ends
    # with the sign-off (a reviewer found it on the signed round for good)
    MeasureProgress.objects.filter(pk=record.pk).update(change_asked="", change_answered="ระบุวันที่อบรม")
    approval.approve_report(type(rr).objects.get(pk=rr.pk), staff, unreported_confirmed=True)
    assert MeasureProgress.objects.get(pk=record.pk).change_answered == ""


def test_a_change_after_the_report_was_sent_is_shown_to_the_director_and_the_coordinator(laksi_round, staff):
    """A tester's unit changed a measure a minute after the coordinator sent the report; the director
    signed a report that was no longer the one sent, and nobody was told."""
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    plan = make_plan(laksi_round)
    type(plan).objects.filter(pk=plan.pk).update(approved_at=timezone.now(), approved_by=staff)
    rr = plan.reporting_rounds.get(code="6m")
    record = MeasureProgress.objects.filter(reporting_round=rr).select_related("measure").first()
    measure = record.measure
    coordinator, director = Client(), Client()
    coordinator.force_login(user("coordinator-laksi", roles.COORDINATOR, laksi_round.agency))
    director.force_login(user("director-laksi", roles.DIRECTOR, laksi_round.agency))
    unit = Client()
    unit.force_login(user("unit-laksi", roles.UNIT_STAFF, laksi_round.agency, measure.responsible_units.first()))
    approval.submit_report(rr, staff, unreported_confirmed=True)
    round_page = reverse("measures:reporting_round", args=[rr.pk])
    progress = reverse("measures:progress", args=[measure.pk, rr.pk])
    assert "แก้ไขหลังเสนอรายงาน" not in director.get(round_page).content.decode()
    assert "หลังท่านเสนอรายงาน" not in coordinator.get("/").content.decode()
    # recorded, then sent a minute ago
    MeasureProgress.objects.filter(reporting_round=rr).update(updated_at=timezone.now() - dt.timedelta(minutes=2))
    Evidence.objects.filter(progress__reporting_round=rr).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    type(rr).objects.filter(pk=rr.pk).update(submitted_at=timezone.now() - dt.timedelta(minutes=1))
    unit.post(progress, {"p-status": "in_progress", "p-result": "เริ่มอบรมแล้ว", "p-completed_on": ""})
    page = director.get(round_page).content.decode()
    assert "มีการแก้ไขผล 1 มาตรการหลังเสนอรายงานเมื่อ" in page and progress in page.split('id="changed-after-sent"')[1].split("</p>")[0]
    assert page.count('<span class="tag">แก้ไขหลังเสนอรายงาน</span>') == 1
    home = coordinator.get("/").content.decode()
    assert f"มีการแก้ไขผล 1 มาตรการหลังท่านเสนอรายงานรอบ 6 เดือน (แผนปี {plan.fiscal_year})" in home
    approval.approve_report(type(rr).objects.get(pk=rr.pk), staff, unreported_confirmed=True)  # signed: what it shows is what was signed
    assert "แก้ไขหลังเสนอรายงาน" not in director.get(round_page).content.decode()
    assert "หลังท่านเสนอรายงาน" not in coordinator.get("/").content.decode()


def test_one_who_is_both_coordinator_and_unit_staff_answers_as_the_unit(laksi_round, staff):
    """A reviewer: in a small office the coordinator is also a unit's staff; their save as the unit
    must answer the request, as another staff member's would."""
    from django.test import Client
    from django.utils import timezone

    from prongsai.people.models import Membership

    plan = make_plan(laksi_round)
    type(plan).objects.filter(pk=plan.pk).update(approved_at=timezone.now(), approved_by=staff)
    rr = plan.reporting_rounds.get(code="6m")
    record = MeasureProgress.objects.filter(reporting_round=rr).select_related("measure").first()
    both = user("both-laksi", roles.COORDINATOR, laksi_round.agency)
    Membership.objects.create(user=both, role=roles.UNIT_STAFF, agency=laksi_round.agency,
                              unit=record.measure.responsible_units.first())
    client = Client()
    client.force_login(both)
    progress = reverse("measures:progress", args=[record.measure.pk, rr.pk])
    from prongsai.measures.tracking import ask_change

    ask_change(staff, record, "ระบุจำนวนผู้เข้าร่วม")
    asked = re.search(r'name="p-asked" value="([^"]*)"', client.get(progress).content.decode()).group(1)
    client.post(progress, {"p-status": record.status, "p-result": "ผู้เข้าร่วม 40 คน", "p-asked": asked,
                           "p-completed_on": record.completed_on.isoformat() if record.completed_on else ""})
    record.refresh_from_db()
    assert (record.change_asked, record.change_answered) == ("", "ระบุจำนวนผู้เข้าร่วม")
