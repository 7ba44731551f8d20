"""The planning pages: access, Thai by default, empty states, and the flows they drive."""
import datetime as dt
import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from prongsai.measures.models import Evidence, Measure, MeasureProgress, Plan, PlanIssue, ReportingRound, StandardMeasure

from .factories import make_plan


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_non_staff_refused(client, laksi_round):
    url = reverse("measures:analysis", args=[laksi_round.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("people:login") in response["Location"]
    client.force_login(User.objects.create_user("someone"))
    assert client.get(url).status_code == 403
    assert client.post(reverse("measures:whatif_json", args=[laksi_round.pk]), "{}", content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_index_and_empty_state(staff_client):
    response = staff_client.get(reverse("measures:index"))
    assert response.status_code == 200
    assert "ยังไม่มี" in response.content.decode()  # Thai by default


@pytest.mark.django_db
def test_analysis_page_lists_weak_items_with_worth(staff_client, laksi_round):
    page = staff_client.get(reverse("measures:analysis", args=[laksi_round.pk])).content.decode()
    assert "83.39" in page and "+1.50" in page and "84.89" in page and "+2.00" in page and "85.39" in page
    table = page[page.index("<table"):]
    assert table.index("O15") < table.index("O10") < table.index("E6")  # most valuable first
    assert "<strong>O22</strong> → ผ่าน" in page
    page = staff_client.get(reverse("measures:analysis", args=[laksi_round.pk]) + "?threshold=90").content.decode()
    assert "E1" in page
    page = staff_client.get(reverse("measures:analysis", args=[laksi_round.pk]) + "?threshold=abc").content.decode()
    assert 'class="error"' in page


@pytest.mark.django_db
def test_an_oit_item_that_failed_after_passing_reads_passed_then_failed(staff_client, laksi_round):
    """Not "100.00" and "-100.00" beside "failed": a coordinator read that as a 100-point loss (a tester)."""
    from prongsai.agencies.models import AssessmentRound
    from prongsai.oit.models import Disclosure

    previous = AssessmentRound.objects.create(agency=laksi_round.agency, fiscal_year=2566, framework=laksi_round.framework)
    Disclosure.objects.create(round=previous, item="O10", score=100)
    Disclosure.objects.create(round=previous, item="O15", score=0)
    page = staff_client.get(reverse("measures:analysis", args=[laksi_round.pk])).content.decode()
    body = page[page.index("<tbody>"):]
    row = lambda code: body[body.index(f"<strong>{code}</strong>"):].split("</tr>")[0]  # noqa: E731
    cells = lambda code: re.findall(r'data-label="(?:ปีก่อน|เปลี่ยนแปลง)">([^<]*)<', row(code))  # noqa: E731
    assert cells("O10") == ["ผ่าน", "ผ่าน → ไม่ผ่าน"]
    assert cells("O15") == ["ไม่ผ่าน", "–"]  # failed both years
    assert "100.00" not in row("O10")


@pytest.mark.django_db
def test_whatif_json_recomputes(staff_client, laksi_round):
    url = reverse("measures:whatif_json", args=[laksi_round.pk])
    reply = staff_client.post(url, json.dumps({"targets": {"O10": "100", "O22": 100}}), content_type="application/json")
    data = reply.json()
    # 83.39 + 1.50 (O10, 30/8 OIT points) + 2.00 (O22, 5 OIT points) × 0.4 → 86.89, OIT 80.00
    assert data["ita"] == 86.89 and data["tools"]["OIT"] == 80.0 and data["gain"] == 3.5
    assert data["level"] == "ผ่าน"
    bad = staff_client.post(url, json.dumps({"targets": {"E1": "120"}}), content_type="application/json")
    assert bad.status_code == 400 and "E1" in bad.json()["errors"][0]
    assert staff_client.post(url, "not json", content_type="application/json").status_code == 400
    assert staff_client.get(url).status_code == 405


@pytest.mark.django_db
def test_whatif_form_works_without_javascript(staff_client, laksi_round):
    url = reverse("measures:whatif", args=[laksi_round.pk])
    page = staff_client.get(url).content.decode()
    assert "whatif.js" in page and "<script>" not in page
    page = staff_client.post(url, {"E6": "100", "O22": "100"}).content.decode()
    # E6 84.16 → 100: EIT (529.50 - 84.16 + 100) / 6 = 90.89 → 27.27; O22: OIT 76.25 → 30.50; IIT 28.41
    assert 'data-figure="ita">86.18<' in page
    # a refused target beside a good one: no figure at all, as the page's script does (a figure
    # computed without the refused target would mislead)
    page = staff_client.post(url, {"E6": "abc", "O22": "100"}).content.decode()
    assert "E6: &#x27;abc&#x27; ไม่ใช่ตัวเลข" in page and 'data-figure="ita">–<' in page and 'data-figure="tool-OIT">–<' in page
    # the message is in the bar that stays in view and beside the box it is about (E6 is far down)
    assert re.search(r'<section class="summary" id="whatif-figures".*<p class="error" id="whatif-error">E6: ', page, re.S)
    assert 'data-error-for="E6">E6: &#x27;abc&#x27; ไม่ใช่ตัวเลข</span>' in page and 'data-error-for="O22"></span>' in page


@pytest.mark.django_db
def test_library_pages_and_central_office_edit(staff_client, library):
    page = staff_client.get(reverse("measures:library") + "?target=O10").content.decode()
    assert "คลัง" in page or "มาตรการ" in page
    measure = StandardMeasure.objects.filter(target="9.2").first()
    page = staff_client.get(reverse("measures:library") + "?target=9.2").content.decode()
    assert measure.title_th in page
    response = staff_client.post(reverse("measures:library_edit", args=[measure.pk]), {
        "target": "9.2", "title_th": "ปรับปรุงแล้ว", "activities_th": "1. ทำ", "output_th": "", "communication_th": "",
        "responsible_th": "ฝ่ายปกครอง", "monitoring_th": "", "title_en": "",
    })
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title_th == "ปรับปรุงแล้ว" and measure.edited_at is not None
    response = staff_client.post(reverse("measures:library_new") + "?framework=bma-district-2567", {
        "target": "E6", "title_th": "มาตรการใหม่", "activities_th": "ทำสิ่งใหม่", "title_en": "",
    })
    assert response.status_code == 302 and StandardMeasure.objects.filter(title_th="มาตรการใหม่", target="E6").exists()


@pytest.mark.django_db
def test_plan_flow_issue_with_library_measures_and_approval(staff_client, staff, laksi_round, library):
    response = staff_client.post(reverse("measures:plan_create", args=[laksi_round.pk]), {"one": "O10"})
    plan = Plan.objects.get(agency=laksi_round.agency, fiscal_year=2568)
    assert plan.source_round == laksi_round
    assert response["Location"].endswith(f"/plans/{plan.pk}/issues/new/?code=O10")
    page = staff_client.get(response["Location"]).content.decode()
    proposed = list(StandardMeasure.objects.filter(target="9.2"))
    assert all(m.title_th in page for m in proposed)  # O10 → its sub-indicator 9.2
    chosen = [str(m.pk) for m in proposed[:2]] + [str(StandardMeasure.objects.filter(target="I1").first().pk)]
    staff_client.post(response["Location"], {"code": "O10", "problem": "ยังไม่เผยแพร่ข้อมูล", "standard": chosen})
    issue = PlanIssue.objects.get(plan=plan, code="O10")
    assert issue.measures.count() == 2  # a measure for another target is not copied
    assert issue.measures.first().activities == proposed[0].activities_th
    # sent again (Back, save): nothing added, and the page it leads to is the issue already there
    response = staff_client.post(reverse("measures:issue_new", args=[plan.pk]), {"code": "O10", "problem": "อีกครั้ง", "standard": chosen})
    assert PlanIssue.objects.filter(plan=plan).count() == 1 and issue.measures.count() == 2
    assert response["Location"] == reverse("measures:issue_edit", args=[issue.pk])
    assert "ประเด็น O10 มีอยู่ในแผนแล้ว จึงไม่ได้เพิ่มซ้ำ" in staff_client.get(response["Location"]).content.decode()
    # edit a measure: deadline and responsible units
    measure = issue.measures.first()
    units = list(laksi_round.agency.units.all()[:2])
    staff_client.post(reverse("measures:measure_edit", args=[measure.pk]), {
        "activities": "เผยแพร่", "output": "", "communication": "", "deadline": "2025-03-31",
        "responsible_units": [u.pk for u in units], "monitoring": "ทุกเดือน",
    })
    measure.refresh_from_db()
    assert measure.deadline == dt.date(2025, 3, 31) and set(measure.responsible_units.all()) == set(units)
    # approve: a plan never sent is not approved; sending is refused while a measure has no
    # deadline or responsible unit; then who and when
    page = staff_client.post(reverse("measures:plan_approve", args=[plan.pk]), follow=True).content.decode()
    plan.refresh_from_db()
    assert not plan.approved and "ยังไม่ได้เสนอแผน" in page
    page = staff_client.post(reverse("measures:plan_approve", args=[plan.pk]), {"action": "submit"}, follow=True).content.decode()
    plan.refresh_from_db()
    assert plan.submitted_at is None and "ยังมี 1 มาตรการ" in page
    second = issue.measures.exclude(pk=measure.pk).get()
    second.deadline = dt.date(2025, 6, 30)
    second.save()
    second.responsible_units.set(units[:1])
    staff_client.post(reverse("measures:plan_approve", args=[plan.pk]), {"action": "submit"})
    staff_client.post(reverse("measures:plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.approved_by == staff and plan.approved_at is not None
    page = staff_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    assert "วิไล ประสานงาน" in page
    # an approved plan is not edited
    staff_client.post(reverse("measures:measure_edit", args=[measure.pk]), {"activities": "x"})
    measure.refresh_from_db()
    assert measure.activities == "เผยแพร่"


@pytest.mark.django_db
def test_reporting_rounds_presets_and_custom(staff_client, laksi_round):
    plan = make_plan(laksi_round, with_progress=False)
    url = reverse("measures:reporting_round_new", args=[plan.pk])
    staff_client.post(url, {"code": "12m"})
    rr = ReportingRound.objects.get(plan=plan, code="12m")
    assert (rr.start, rr.end) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    page = staff_client.post(url, {"code": "q1"}).content.decode()
    assert not ReportingRound.objects.filter(code="q1").exists() and 'class="error"' in page
    staff_client.post(url, {"code": "q1", "name": "ไตรมาสที่ 1", "start": "2024-10-01", "end": "2024-12-31"})
    assert ReportingRound.objects.filter(plan=plan, code="q1").exists()
    page = staff_client.post(url, {"code": "6m"}).content.decode()  # make_plan already has 6m
    assert ReportingRound.objects.filter(plan=plan, code="6m").count() == 1


def _gps_jpeg() -> bytes:
    image = Image.new("RGB", (640, 480), "blue")
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (13.0, 52.0, 30.0)}
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


@pytest.mark.django_db
def test_progress_with_photo_evidence_served_only_to_staff(staff_client, client, laksi_round, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round, with_progress=False)
    rr = plan.reporting_rounds.get(code="6m")
    measure = Measure.objects.filter(issue__plan=plan).first()
    url = reverse("measures:progress", args=[measure.pk, rr.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ดำเนินการแล้ว"})
    progress = MeasureProgress.objects.get(measure=measure, reporting_round=rr)
    assert progress.status == "done"
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff_client.post(url, {"action": "evidence", "e-file": SimpleUploadedFile("x.jpg", _gps_jpeg()), "e-caption": "ภาพกิจกรรม"})
    evidence = Evidence.objects.get(progress=progress)
    served = staff_client.get(reverse("measures:evidence", args=[evidence.pk]))
    body = b"".join(served.streaming_content)
    assert served["Content-Type"] == "image/jpeg" and b"Exif" not in body
    assert staff_client.get(reverse("measures:evidence_thumb", args=[evidence.pk])).status_code == 200
    staff_client.logout()
    assert staff_client.get(reverse("measures:evidence", args=[evidence.pk])).status_code == 302  # anonymous
    staff_client.force_login(User.objects.get(username="coordinator"))
    page = staff_client.post(url, {"action": "evidence", "e-file": SimpleUploadedFile("x.svg", b"<svg/>")}).content.decode()
    assert Evidence.objects.count() == 1 and 'class="error"' in page
    staff_client.post(url, {"action": "evidence", "e-url": "https://example.go.th/a", "e-caption": "ข่าว"})
    assert Evidence.objects.filter(kind="link").count() == 1
    staff_client.post(reverse("measures:evidence_delete", args=[evidence.pk]))  # one tap, not confirmed: kept
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    staff_client.post(reverse("measures:evidence_delete", args=[evidence.pk]), {"confirm": "1"})
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    assert "เกินกำหนด" in page  # the 2024 deadlines have passed


@pytest.mark.django_db
def test_each_piece_of_evidence_gets_its_own_caption(staff_client, laksi_round, settings, tmp_path):
    """A save gives its one caption to every file and link (a tester's procurement summary captioned a
    photo too); each caption can then be changed on its own, audited, until the report is approved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prongsai.people.models import AuditEntry

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round, with_progress=False)
    rr = plan.reporting_rounds.get(code="6m")
    measure = Measure.objects.filter(issue__plan=plan).first()
    url = reverse("measures:progress", args=[measure.pk, rr.pk])
    staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ดำเนินการแล้ว", "e-caption": "สรุปผล สขร.1",
                            "e-file": [SimpleUploadedFile("a.jpg", _gps_jpeg()),
                                       SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n")]})
    photo, minutes = Evidence.objects.order_by("kind")  # file, photo
    photo, minutes = (photo, minutes) if photo.kind == "photo" else (minutes, photo)
    assert photo.caption == minutes.caption == "สรุปผล สขร.1"
    page = staff_client.get(url).content.decode()
    assert "ใช้กับทุกไฟล์ที่เพิ่มในการบันทึกครั้งนี้" in page and "คำอธิบายลิงก์" in page
    assert reverse("measures:evidence_caption", args=[photo.pk]) in page
    response = staff_client.post(reverse("measures:evidence_caption", args=[photo.pk]), {"caption": "ภาพการประชุม"}, follow=True)
    assert "บันทึกคำอธิบายแล้ว" in response.content.decode()
    photo.refresh_from_db(), minutes.refresh_from_db()
    assert photo.caption == "ภาพการประชุม" and minutes.caption == "สรุปผล สขร.1"
    assert AuditEntry.objects.filter(action="update", object_type__endswith="evidence").exists()
    too_long = staff_client.post(reverse("measures:evidence_caption", args=[photo.pk]), {"caption": "ก" * 256}, follow=True)
    photo.refresh_from_db()
    assert photo.caption == "ภาพการประชุม" and "255" in too_long.content.decode()
    assert staff_client.get(reverse("measures:evidence_caption", args=[photo.pk])).status_code == 405
    # signed: the caption is what the director signed, refused as a deletion is
    type(rr).objects.filter(pk=rr.pk).update(approved_at=timezone.now())
    refused = staff_client.post(reverse("measures:evidence_caption", args=[photo.pk]), {"caption": "แก้หลังลงนาม"}, follow=True)
    photo.refresh_from_db()
    assert photo.caption == "ภาพการประชุม" and "อนุมัติ" in refused.content.decode()


@pytest.mark.django_db
def test_dashboard_due_overdue_done_without_evidence(staff_client, laksi_round, settings, tmp_path):
    from prongsai.measures.tracking import dashboard

    plan = make_plan(laksi_round)
    today = dt.date(2025, 3, 20)
    board = dashboard(plan, today)
    # m1 (31 Mar 2025) done without evidence; m2 (30 Sep 2025) not due; m3 (31 Dec 2024) in progress → overdue
    assert [r.measure.activities for r in board.overdue] == ["เผยแพร่มาตรการบนเว็บไซต์"]
    assert board.overdue[0].late == 79
    assert board.due == []
    assert [r.measure.deadline for r in board.done_without_evidence] == [dt.date(2025, 3, 31)]
    m2 = Measure.objects.get(activities="จัดทำแบบสำรวจความพึงพอใจ")
    assert [r.measure for r in dashboard(plan, dt.date(2025, 9, 20)).due] == [m2]
    page = staff_client.get(reverse("measures:dashboard", args=[plan.pk])).content.decode()
    assert "เผยแพร่มาตรการบนเว็บไซต์" in page


@pytest.mark.django_db
def test_years_page(staff_client, laksi_round):
    page = staff_client.get(reverse("measures:years", args=[laksi_round.agency.code])).content.decode()
    assert "83.39" in page and "96.08" in page


@pytest.mark.django_db
def test_the_years_page_and_the_analysis_say_when_the_level_fell(staff_client, laksi_round):
    """Why the office lost its level starts with seeing that it did (a tester found no level row)."""
    from prongsai.agencies.models import AssessmentRound
    from prongsai.measures.documents import progress_document
    from prongsai.measures.tests.factories import make_plan
    from prongsai.oit.models import Disclosure
    from prongsai.scoring.tests.fixture import laksi
    from prongsai.surveys.models import PublishedScore

    pack = laksi_round.pack
    before = AssessmentRound.objects.create(agency=laksi_round.agency, fiscal_year=2566, framework=laksi_round.framework)
    PublishedScore.objects.bulk_create(PublishedScore(round=before, code=c, score=100) for c in pack.question_codes())
    Disclosure.objects.bulk_create(Disclosure(round=before, item=c, score=100) for c in pack.item_codes())
    top, now = pack.levels[0].name.th, laksi()["published"]["level_th"]  # every figure 100: the top level
    page = staff_client.get(reverse("measures:years", args=[laksi_round.agency.code])).content.decode()
    level_row = re.search(r"<tr><td><strong>ระดับ[^<]*</strong>.*?</tr>", page, re.S).group(0)
    assert re.findall(r'<span class="level[^"]*">([^<]+)</span>', level_row) == [top, now]
    assert '<td class="num down">ลดลง</td>' in level_row
    make_plan(laksi_round)
    doc = progress_document(laksi_round.agency, 2568, "6m")  # its comparison by indicator (seed 002)
    table = next(s.table for s in doc.sections if s.heading == "การเปรียบเทียบคะแนนตามตัวชี้วัด")
    assert [c.text for c in table.rows[0]] == ["ระดับผลการประเมิน", top, now, "ลดลง"]


@pytest.mark.django_db
def test_whatif_on_a_round_without_oit_says_why(staff_client, laksi_round):
    from prongsai.oit.models import Disclosure

    Disclosure.objects.filter(round=laksi_round).delete()
    url = reverse("measures:whatif_json", args=[laksi_round.pk])
    reply = staff_client.post(url, json.dumps({"targets": {"O10": "100"}}), content_type="application/json")
    assert reply.status_code == 400 and "O10" in reply.json()["errors"][0]
    page = staff_client.post(reverse("measures:whatif", args=[laksi_round.pk]), {"O10": "100"})
    assert page.status_code == 200 and "O10:" in page.content.decode()
    assert staff_client.get(reverse("measures:analysis", args=[laksi_round.pk])).status_code == 200


@pytest.mark.django_db
def test_the_director_approves_a_progress_report_which_then_is_final(staff_client, staff, laksi_round, settings, tmp_path):
    from prongsai.documents.generate import Request, build
    from prongsai.people.models import AuditEntry

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round, with_progress=False)
    rr = plan.reporting_rounds.get(code="6m")
    measure = Measure.objects.filter(issue__plan=plan).first()
    progress_url = reverse("measures:progress", args=[measure.pk, rr.pk])
    staff_client.post(progress_url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "จัดอบรมแล้ว"})
    approve = reverse("measures:report_approve", args=[rr.pk])
    page = staff_client.post(approve, follow=True).content.decode()
    rr.refresh_from_db()
    assert not rr.approved and "อนุมัติแผน" in page  # the plan first
    staff_client.post(reverse("measures:plan_approve", args=[plan.pk]), {"action": "submit"})
    staff_client.post(reverse("measures:plan_approve", args=[plan.pk]))
    page = staff_client.post(approve, follow=True).content.decode()
    rr.refresh_from_db()
    assert not rr.approved and "ผู้ประสานงานยังไม่ได้เสนอรายงานนี้" in page  # the coordinator sends it first
    # done without evidence: said before sending and before signing, with a link to the measure (a
    # tester's director approved three such measures unwarned; the dashboard listed them)
    bare = f'มี 1 มาตรการที่รายงานว่าแล้วเสร็จแต่ยังไม่มีหลักฐาน: <a href="{progress_url}">'
    assert bare in staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    staff_client.post(reverse("measures:report_submit", args=[rr.pk]), {"confirm_unreported": "1"})
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    assert "ยังมี 2 มาตรการที่ยังไม่รายงานผล" in page  # said before the director signs
    assert 'name="confirm_unreported"' in page  # ... who signs knowingly
    assert bare in page and f"{measure.issue.code} {measure}</a>" in page  # which measure of its issue (a tester)
    page = staff_client.post(approve, follow=True).content.decode()
    rr.refresh_from_db()
    assert not rr.approved and "ยังมี 2 มาตรการที่ยังไม่รายงานผล" in page and "ยืนยัน" in page
    staff_client.post(approve, {"confirm_unreported": "1"})
    rr.refresh_from_db()
    assert rr.approved and rr.approved_by == staff
    assert AuditEntry.objects.filter(object_type="measures.reportinground", action="update").count() == 2  # sent, signed
    page = staff_client.get(reverse("measures:reporting_round", args=[rr.pk])).content.decode()
    assert "ถอนการอนุมัติ" in page and "/documents/progress/" in page  # withdraw button, the report's PDF/DOCX
    assert 'name="confirm" value="1" required> ยืนยันว่ารายงานจะกลับไปที่ผู้ประสานงาน' in page  # not one stray click
    # final: the progress cannot be changed, a measure with none gets no empty row either
    page = staff_client.post(progress_url, {"p-status": "in_progress", "p-result": "แก้"}, follow=True).content.decode()
    assert MeasureProgress.objects.get(measure=measure, reporting_round=rr).status == "done"
    assert "ถอนการอนุมัติ" in page and 'name="p-status"' not in page
    other = Measure.objects.filter(issue__plan=plan).exclude(pk=measure.pk).first()
    assert staff_client.get(reverse("measures:progress", args=[other.pk, rr.pk])).status_code == 200
    assert not MeasureProgress.objects.filter(measure=other, reporting_round=rr).exists()
    # the document carries the director's name and the day of the approval
    doc = build(Request(kind="progress", agency_code=plan.agency.code, fiscal_year=plan.fiscal_year, reporting_round="6m"))
    [(role, name)] = doc.signatures
    assert role == "ผู้อำนวยการเขตหลักสี่" and name == (staff.get_full_name() or staff.get_username())
    assert doc.issued == timezone.localtime(rr.approved_at).date() and not doc.draft
    page = staff_client.post(approve, {"action": "withdraw"}, follow=True).content.decode()
    rr.refresh_from_db()
    assert rr.approved and "ติ๊กช่องยืนยัน" in page  # the box unticked: nothing withdrawn
    staff_client.post(approve, {"action": "withdraw", "confirm": "1"})
    rr.refresh_from_db()
    assert not rr.approved
    staff_client.post(progress_url, {"p-status": "in_progress", "p-result": "แก้"})
    assert MeasureProgress.objects.get(measure=measure, reporting_round=rr).status == "in_progress"


def test_the_plan_page_names_the_cells_the_signed_plan_would_print_empty(staff_client, laksi_round):
    """A tester sent and signed a plan with 8 of 11 communication cells empty, unwarned. Not refused
    (the columns are optional), but said before sending, with a link to each measure."""
    plan = make_plan(laksi_round, with_progress=False)
    page = staff_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    assert "มี 2 มาตรการที่ยังกรอกไม่ครบ ช่องดังกล่าวจะว่างในแผนที่เสนอลงนาม" in page
    assert "E6 · จัดทำแบบสำรวจความพึงพอใจ — ผลผลิต วิธีการสร้างการรับรู้ และการกำกับติดตาม" in page
    assert "O22 · เผยแพร่มาตรการบนเว็บไซต์ — ผลผลิต และวิธีการสร้างการรับรู้" in page
    assert "E6 · 1. ปรับปรุง" not in page  # the complete one is not named
    # the director reads one line, the list opened on demand, and no edit links (a box of fourteen
    # before the approve button made a tester's plan look defective)
    from django.test import Client

    from prongsai.people import roles
    from prongsai.people.tests.factories import user

    director = Client()
    director.force_login(user("director", roles.DIRECTOR, laksi_round.agency))
    page = director.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    summary = re.search(r'<details class="note gap"><summary>(.*?)</summary>', page, re.S)
    assert summary and "มี 2 มาตรการที่ยังกรอกไม่ครบ" in summary.group(1) and "ไม่บังคับ" in summary.group(1)
    assert "O22 · เผยแพร่มาตรการบนเว็บไซต์ — ผลผลิต และวิธีการสร้างการรับรู้</li>" in page
    Measure.objects.filter(issue__plan=plan).update(output="x", communication="x", monitoring="x")
    assert "ยังกรอกไม่ครบ" not in staff_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()


def test_an_empty_progress_save_is_refused_and_not_counted_as_reported(staff_client, laksi_round):
    """A tester's unit saved 'not started' with no text: the round counted it as reported and the
    unit's to-do went away. Each status asks for its text."""
    plan = make_plan(laksi_round, with_progress=False)
    rr = plan.reporting_rounds.get(code="6m")
    measure = Measure.objects.filter(issue__plan=plan).first()
    url = reverse("measures:progress", args=[measure.pk, rr.pk])
    for status, wording in (("not_started", "ระบุเหตุที่ยังไม่ได้ดำเนินการ"), ("in_progress", "ระบุสิ่งที่ดำเนินการไปแล้ว"),
                            ("done", "โปรดระบุผลการดำเนินการ")):
        page = staff_client.post(url, {"p-status": status, "p-result": "  "}).content.decode()
        assert wording in page
        assert "ยังไม่ได้บันทึก: แก้ไขส่วนที่ระบุด้านล่าง" in page  # the banner a refused file gets too (a tester)
    assert not MeasureProgress.objects.filter(measure=measure, reporting_round=rr).exists()
    staff_client.post(url, {"p-status": "not_started", "p-result": "รองบประมาณ"})
    assert MeasureProgress.objects.get(measure=measure, reporting_round=rr).result == "รองบประมาณ"


def test_the_plan_page_lists_the_issues_as_the_signed_plan_does(staff_client, laksi_round):
    """A director comparing screen and paper had to hunt for each row: the page listed by worth."""
    plan = make_plan(laksi_round, with_progress=False)
    PlanIssue.objects.filter(plan=plan, code="O22").update(order=0)  # planned first (worth more)
    page = staff_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    assert page.index('<span class="tag">E6</span>') < page.index('<span class="tag">O22</span>')  # EIT before OIT


@pytest.mark.django_db
def test_the_assignment_and_round_pages_list_issues_as_the_plan_and_documents_do(staff_client, laksi_round):
    """Issues are added most valuable first (O22 before E6, say); the plan page and the documents list
    them by tool and indicator (E6 first): the assignment and round pages did not (a tester)."""
    plan = make_plan(laksi_round, with_progress=False)
    plan.issues.filter(code="O22").update(order=0)  # added first
    for url in (reverse("measures:assign", args=[plan.pk]),
                reverse("measures:reporting_round", args=[plan.reporting_rounds.get(code="6m").pk])):
        page = staff_client.get(url).content.decode()
        table = page[page.index('<table class="data stack">'):]  # (the round's list of whom to chase is by unit)
        assert table.index("จัดทำแบบสำรวจความพึงพอใจ") < table.index("เผยแพร่มาตรการบนเว็บไซต์"), url


@pytest.mark.django_db
def test_the_evidence_form_says_its_size_limit_and_names_an_empty_file(staff_client, laksi_round, settings, tmp_path):
    """A tester learnt of the 10 MB limit only from a refusal; an empty file was refused without its name."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round, with_progress=False)
    measure = Measure.objects.filter(issue__plan=plan).first()
    url = reverse("measures:progress", args=[measure.pk, plan.reporting_rounds.get(code="6m").pk])
    assert "ไฟล์ละไม่เกิน 10.0\xa0MB ภาพถ่ายไม่เกิน 25.0\xa0MB (ระบบย่อขนาดภาพให้เอง) รวมกันไม่เกิน 60.0\xa0MB" in staff_client.get(url).content.decode()
    page = staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ทำแล้ว",
                                   "e-file": [SimpleUploadedFile("รายงาน.pdf", b"")]}).content.decode()
    assert "รายงาน.pdf: " in page and not Evidence.objects.exists()
    # one file over the limit by itself: named, with the limit, not "split the files in two saves" (a tester)
    settings.PRONGSAI_EVIDENCE_MAX_BYTES, settings.PRONGSAI_EVIDENCE_MAX_PHOTO_BYTES = 1000, 2000
    page = staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ทำแล้ว",
                                   "e-file": [SimpleUploadedFile("ภาพใหญ่.jpg", b"x" * 5000)]}).content.decode()
    assert "ภาพใหญ่.jpg: ภาพถ่ายมีขนาด 4.9\xa0KB: ภาพถ่ายรับได้ไม่เกิน 2.0\xa0KB" in page  # its own size and its kind's limit (testers)
    assert "แบ่งเพิ่มเป็นสองครั้ง" not in page and not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_phone_photo_over_the_file_limit_is_taken_and_stored_smaller(staff_client, laksi_round, settings, tmp_path):
    """A tester's phone photo over 10 MB was refused, though every photo is re-encoded anyway: a photo
    may be larger (PRONGSAI_EVIDENCE_MAX_PHOTO_BYTES) and is stored at PHOTO_MAX_SIDE; a PDF may not."""
    import random

    from django.core.files.uploadedfile import SimpleUploadedFile

    from prongsai.measures.evidence import PHOTO_MAX_SIDE

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round, with_progress=False)
    measure = Measure.objects.filter(issue__plan=plan).first()
    url = reverse("measures:progress", args=[measure.pk, plan.reporting_rounds.get(code="6m").pk])
    rng = random.Random(7)
    noisy = Image.frombytes("RGB", (4000, 3000), bytes(rng.getrandbits(8) for _ in range(4000 * 3000 * 3)))
    data = io.BytesIO()
    noisy.save(data, "JPEG", quality=95)
    settings.PRONGSAI_EVIDENCE_MAX_BYTES = len(data.getvalue()) // 2  # the photo is twice the file limit
    response = staff_client.post(url, {"p-status": "in_progress", "p-result": "อบรมแล้ว",
                                       "e-file": [SimpleUploadedFile("ภาพโทรศัพท์.jpg", data.getvalue(), "image/jpeg")]})
    assert response.status_code == 302
    stored = Evidence.objects.get()
    with Image.open(stored.file.path) as image:
        assert max(image.size) == PHOTO_MAX_SIDE and image.size == (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE * 3 // 4)
    pdf = SimpleUploadedFile("รายงาน.pdf", b"%PDF-1.4\n" + b"0" * len(data.getvalue()), "application/pdf")
    page = staff_client.post(url, {"p-status": "in_progress", "p-result": "อบรมแล้ว", "e-file": [pdf]}).content.decode()
    assert "รายงาน.pdf: ไฟล์มีขนาด" in page and "ไฟล์ PDF, DOCX และ XLSX รับได้ไม่เกิน" in page and Evidence.objects.count() == 1


@pytest.mark.django_db
def test_a_measure_of_every_unit_reads_every_unit_on_the_pages_as_in_the_documents(staff_client, laksi_round):
    """The plan, its dashboard and its reporting round print ทุกฝ่าย for all of the agency's units (a
    tester read eleven names on screen, ทุกฝ่าย in the PDF), the names otherwise, – for none."""
    from prongsai.measures.models import MeasureProgress

    from .factories import make_plan

    plan = make_plan(laksi_round)
    units = list(laksi_round.agency.units.all())
    m1 = plan.issues.get(code="E6").measures.get(order=1)
    m1.responsible_units.set(units)
    m3 = plan.issues.get(code="O22").measures.get()
    m3.responsible_units.set(units[1:])
    MeasureProgress.objects.filter(measure=m1).update(status=MeasureProgress.DONE)  # on the dashboard: done, no evidence
    rr = plan.reporting_rounds.get(code="6m")
    for url in (reverse("measures:plan", args=[plan.pk]), reverse("measures:dashboard", args=[plan.pk]),
                reverse("measures:reporting_round", args=[rr.pk])):
        page = staff_client.get(url).content.decode()
        assert "ทุกฝ่าย" in page, url
        assert units[0].name_th not in page, url  # (only m1 has it: its names are not listed)
    page = staff_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    assert ", ".join(u.name_th for u in units[1:]) in page  # some of them: their names


def test_a_signed_report_reads_measure_after_measure(staff_client, laksi_round):
    """Once a report is signed its pages are read, not edited: each leads to the measures before and
    after it in the plan's order (a tester's director went back to the list eleven times), and the
    warning to units sharing one report is not shown to whoever cannot write it."""
    plan = make_plan(laksi_round)
    rr = plan.reporting_rounds.get(code="6m")
    m1, m2, m3 = (Measure.objects.get(issue__plan=plan, activities__startswith=a) for a in ("1. ปรับปรุง", "จัดทำแบบ", "เผยแพร่"))
    warning = "หน่วยงานเหล่านี้รายงานผลมาตรการนี้ร่วมกันในรายงานเดียว"
    assert warning in staff_client.get(reverse("measures:progress", args=[m1.pk, rr.pk])).content.decode()
    ReportingRound.objects.filter(pk=rr.pk).update(approved_at=timezone.now())

    def links(measure):
        page = staff_client.get(reverse("measures:progress", args=[measure.pk, rr.pk])).content.decode()
        assert warning not in page
        found = [re.search(rf'href="{reverse("measures:progress", args=[m.pk, rr.pk])}">(.*?)</a>', page) for m in (m1, m2, m3)]
        return [f.group(1) if f else None for f in found]

    assert links(m1) == [None, "มาตรการถัดไป (E6) →", None]
    assert links(m2) == ["← มาตรการก่อนหน้า (E6)", None, "มาตรการถัดไป (O22) →"]
    assert links(m3) == [None, "← มาตรการก่อนหน้า (E6)", None]


def test_the_documents_page_opens_on_what_is_due_next(staff_client, laksi_round):
    """Six months on, a tester found the analysis chosen: with a plan, its progress report once it has a
    reporting round, else the plan itself; with no plan, the analysis that starts one."""
    def chosen():
        page = staff_client.get("/documents/").content.decode()
        return re.search(r'<option value="(\w+)" selected>', page.split('id="id_document"', 1)[1]).group(1)

    assert chosen() == "analysis"
    plan = make_plan(laksi_round, with_progress=False)
    assert chosen() == "progress"
    plan.reporting_rounds.all().delete()
    assert chosen() == "plan"


def test_deleting_an_issue_or_a_measure_takes_the_box_ticked(staff_client, laksi_round):
    """One click under Save deleted a tester's issue with its three measures."""
    plan = make_plan(laksi_round, with_progress=False)
    issue = plan.issues.first()
    measure = issue.measures.first()
    n_measures = Measure.objects.count()
    url = reverse("measures:measure_edit", args=[measure.pk])
    assert 'name="confirm" value="1" required> ลบมาตรการนี้ออกจากแผน' in staff_client.get(url).content.decode()
    page = staff_client.post(url, {"action": "delete"}, follow=True).content.decode()
    assert Measure.objects.count() == n_measures and "กรุณาทำเครื่องหมายในช่องเพื่อยืนยัน" in page
    staff_client.post(url, {"action": "delete", "confirm": "1"})
    assert Measure.objects.count() == n_measures - 1
    url = reverse("measures:issue_edit", args=[issue.pk])
    left = issue.measures.count()
    assert f"ลบประเด็น {issue.code} และมาตรการ {left} มาตรการของประเด็นนี้ออกจากแผน" in staff_client.get(url).content.decode()
    staff_client.post(url, {"action": "delete"})
    assert PlanIssue.objects.filter(pk=issue.pk).exists()
    staff_client.post(url, {"action": "delete", "confirm": "1"})
    assert not PlanIssue.objects.filter(pk=issue.pk).exists() and Measure.objects.count() == n_measures - 1 - left


def test_saving_a_measure_done_without_evidence_says_so_to_whoever_saves_it(staff_client, laksi_round):
    """A tester's unit marked a measure done with no evidence and read only "saved"; the coordinator
    found "done without evidence" on the round much later."""
    plan = make_plan(laksi_round)
    Plan.objects.filter(pk=plan.pk).update(approved_at=timezone.now())
    rr = plan.reporting_rounds.get(code="6m")
    bare = Measure.objects.get(issue__plan=plan, activities="จัดทำแบบสำรวจความพึงพอใจ")  # nothing reported yet
    url = reverse("measures:progress", args=[bare.pk, rr.pk])
    done = {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "สำรวจแล้ว 120 ราย"}
    page = staff_client.post(url, done, follow=True).content.decode()
    assert "บันทึกความคืบหน้าแล้ว" in page and "รายงานว่าแล้วเสร็จแต่ยังไม่มีหลักฐาน: โปรดแนบภาพกิจกรรม" in page
    page = staff_client.post(url, {**done, "e-url": "https://www.laksi.go.th/survey-2568"}, follow=True).content.decode()
    assert "รายงานว่าแล้วเสร็จแต่ยังไม่มีหลักฐาน" not in page  # with its link
    Evidence.objects.filter(progress__measure=bare).delete()
    page = staff_client.post(url, {**done, "p-status": "in_progress", "p-completed_on": ""}, follow=True).content.decode()
    assert "บันทึกความคืบหน้าแล้ว" in page and "รายงานว่าแล้วเสร็จแต่ยังไม่มีหลักฐาน" not in page  # not done: nothing to prove yet


@pytest.mark.django_db
def test_a_shared_measure_one_unit_recorded_done_is_said_before_sending_and_signing(staff_client, staff, laksi_round):
    """A tester: one unit marked an all-units measure done, and the signed report counted it done for
    every unit without a word. The units share one record, so the coordinator and the director are told
    which measures and who recorded them; what the coordinator records is the coordinator's word."""
    from django.test import Client

    from prongsai.people import roles
    from prongsai.people.tests.factories import user

    plan = make_plan(laksi_round, with_progress=False)
    staff_client.post(reverse("measures:plan_approve", args=[plan.pk]), {"action": "submit"})
    staff_client.post(reverse("measures:plan_approve", args=[plan.pk]))
    rr = plan.reporting_rounds.get(code="6m")
    shared = Measure.objects.get(issue__plan=plan, activities__startswith="1. ปรับปรุงขั้นตอน")
    units = list(shared.responsible_units.all())
    assert len(units) >= 2
    unit_person = user("unit-head", roles.UNIT_STAFF, laksi_round.agency, units[0], first_name="สมศักดิ์", last_name="โยธากิจ")
    unit_client = Client()
    unit_client.force_login(unit_person)
    url = reverse("measures:progress", args=[shared.pk, rr.pk])
    unit_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ฝ่ายเราทำแล้ว"})
    assert MeasureProgress.objects.get(measure=shared, reporting_round=rr).status == MeasureProgress.DONE
    round_url = reverse("measures:reporting_round", args=[rr.pk])
    note = ('มี 1 มาตรการที่หลายหน่วยงานรับผิดชอบร่วมกัน แต่ผู้บันทึกเพียงคนเดียวรายงานว่าแล้วเสร็จแทนทุกหน่วยงาน '
            f'โปรดสอบถามหน่วยงานอื่นด้วย: <a href="{url}">{shared.issue.code} ')
    page = staff_client.get(round_url).content.decode()
    assert note in page and "(สมศักดิ์ โยธากิจ)" in page
    # one unit's own measure, done by that unit: nothing to ask anyone
    alone = Measure.objects.filter(issue__plan=plan).exclude(pk=shared.pk).first()
    alone.responsible_units.set(units[:1])
    unit_client.post(reverse("measures:progress", args=[alone.pk, rr.pk]),
                     {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "เสร็จแล้ว"})
    said = staff_client.get(round_url).content.decode().split('id="done-by-one">')[1].split("</p>")[0]
    assert said.startswith("มี 1 มาตรการ") and reverse("measures:progress", args=[alone.pk, rr.pk]) not in said
    # sent: the director reads it beside the approval
    staff_client.post(reverse("measures:report_submit", args=[rr.pk]), {"confirm_unreported": "1"})
    signing = staff_client.get(round_url).content.decode().split(reverse("measures:report_approve", args=[rr.pk]))[1]
    assert note in signing
    # carried into the 12-month round unreported there: that report counts it done too (a reviewer)
    from prongsai.measures.tracking import add_standard_round

    twelve, _created = add_standard_round(plan, "12m", staff)
    carried = staff_client.get(reverse("measures:reporting_round", args=[twelve.pk])).content.decode()
    assert f'<a href="{reverse("measures:progress", args=[shared.pk, twelve.pk])}">{shared.issue.code} ' in carried
    assert "(สมศักดิ์ โยธากิจ)" in carried
    # the coordinator saves it again: the coordinator's word for all units
    staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ทุกฝ่ายดำเนินการแล้ว"})
    assert 'id="done-by-one"' not in staff_client.get(round_url).content.decode()
