"""Reporting rounds as the tester met them: a custom round's dates are checked, the 12-month round
starts from the 6-month results (pages, form, overdue, dashboard, API, document), the director signs
off unreported measures only knowingly, an empty round can be deleted, the plan page offers each
round only to whoever may add it, custom rounds have documents."""
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from prongsai.documents.generate import Request, build
from prongsai.measures import approval
from prongsai.measures.documents import progress_document
from prongsai.measures.evidence import add_upload
from prongsai.measures.models import Evidence, MeasureProgress, ReportingRound
from prongsai.measures.tracking import current_round, dashboard, round_progress, unreported
from prongsai.people.models import AuditEntry
from prongsai.people.tests.factories import agency, role_users

from .factories import make_plan
from .test_documents import tables

pytestmark = pytest.mark.django_db


def _form(client, plan, **data):
    return client.post(reverse("measures:reporting_round_new", args=[plan.pk]), data)


def test_a_custom_rounds_dates_are_christian_era_dates_in_the_fiscal_year(staff_client, laksi_round):
    plan = make_plan(laksi_round, with_progress=False)  # FY2568: 1 Oct 2024 – 30 Sep 2025
    page = _form(staff_client, plan, code="q1", start="2568-10-01", end="2568-12-31").content.decode()
    assert "วันเริ่มต้น: ปี 2568 น่าจะเป็นปี พ.ศ." in page and "2568 − 543 = 2025" in page
    assert "วันสิ้นสุด: ปี 2568 น่าจะเป็นปี พ.ศ." in page
    page = _form(staff_client, plan, code="q1", start="2024-10-01", end="2030-01-01").content.decode()
    assert "วันสิ้นสุด ต้องอยู่ในปีงบประมาณ 2568" in page
    page = _form(staff_client, plan, code="q1", start="2024-12-31", end="2024-10-01").content.decode()
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น" in page
    page = _form(staff_client, plan, code="q1", start="2024-10-01").content.decode()
    assert "ต้องระบุวันสิ้นสุด" in page
    # its name is what the signed report calls it: without one, the code would show there (the tester's "รอบ q3")
    page = _form(staff_client, plan, code="q1", start="2024-10-01", end="2024-10-01").content.decode()
    assert "กรุณาตั้งชื่อรอบตามที่จะใช้ในเอกสาร (เช่น ไตรมาสที่ 3) มิฉะนั้นรายงานที่ลงนามจะแสดงรหัส q1 แทน" in page
    assert not ReportingRound.objects.filter(code="q1").exists()
    for code in ("ไตรมาส1", "q 1"):  # in Thai, as the help text says it (Django's own wording is English only)
        page = _form(staff_client, plan, code=code, name="ไตรมาสที่ 1", start="2024-10-01", end="2024-12-31").content.decode()
        assert "ใช้ตัวอักษรภาษาอังกฤษ ตัวเลข - หรือ _ เท่านั้น ไม่เว้นวรรค (เช่น q1)" in page and "slug" not in page
    page = _form(staff_client, plan, code="q" * 33, name="ไตรมาสที่ 1", start="2024-10-01", end="2024-12-31").content.decode()
    assert "q" * 33 in page and not ReportingRound.objects.filter(plan=plan).exclude(code="6m").exists()  # still at most 32
    response = _form(staff_client, plan, code="q1", name="ไตรมาสที่ 1", start="2024-10-01", end="2024-10-01")  # one day
    rr = ReportingRound.objects.get(plan=plan, code="q1")
    assert response.status_code == 302 and (rr.start, rr.end) == (dt.date(2024, 10, 1), dt.date(2024, 10, 1))
    assert rr.label == "ไตรมาสที่ 1"
    assert build(Request("progress", plan.agency.code, 2568, "q1")).subtitle.endswith("ไตรมาสที่ 1 (1 ตุลาคม 2567 - 1 ตุลาคม 2567)")
    # whole months are named as the 6- and 12-month rounds name theirs (a reviewer: "30 มิถุนายน / 2568)" alone)
    ReportingRound.objects.filter(pk=rr.pk).update(end=dt.date(2025, 6, 30))
    assert build(Request("progress", plan.agency.code, 2568, "q1")).subtitle.endswith("ไตรมาสที่ 1 (ตุลาคม 2567 - มิถุนายน 2568)")
    ReportingRound.objects.filter(pk=rr.pk).update(end=dt.date(2024, 10, 31))  # one month: named once
    assert build(Request("progress", plan.agency.code, 2568, "q1")).subtitle.endswith("ไตรมาสที่ 1 (ตุลาคม 2567)")


def _png(color: str = "green") -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (400, 300), color).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def year(laksi_round, settings, tmp_path):
    """The FY2568 plan: at 6 months m1 done with a photo, m3 under way, m2 not reported; then the
    12-month round is added, with nothing reported in it yet."""
    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round)
    m1, m2, m3 = plan.measures()
    six = plan.reporting_rounds.get(code="6m")
    done6 = MeasureProgress.objects.get(measure=m1, reporting_round=six)
    photo = add_upload(done6, SimpleUploadedFile("a.png", _png()), caption="อบรมเจ้าหน้าที่")
    twelve = ReportingRound.objects.create(plan=plan, code="12m", start=dt.date(2024, 10, 1), end=dt.date(2025, 9, 30))
    return {"plan": plan, "m": (m1, m2, m3), "six": six, "twelve": twelve, "done6": done6, "photo": photo}


def test_the_12_month_round_starts_from_the_6_month_results(year):
    m1, m2, m3 = year["m"]
    shown = round_progress(year["twelve"])
    assert shown[m1.id].record == year["done6"] and shown[m1.id].carried_from == year["six"]
    assert shown[m1.id].done and [e.pk for e in shown[m1.id].evidence] == [year["photo"].pk]
    assert shown[m3.id].status == MeasureProgress.IN_PROGRESS and shown[m3.id].carried_from == year["six"]
    assert not shown[m2.id].reported
    # overdue, asked on 1 Jan 2026, as of the end of the round's last day (30 Sep 2025): m1 is done;
    # m2, due on that very day, and m3 (due 31 Dec 2024) are not finished
    assert [shown[m.id].is_overdue(dt.date(2026, 1, 1)) for m in (m1, m2, m3)] == [False, True, True]
    # on its last day itself, m2 is not late yet
    assert [shown[m.id].is_overdue(dt.date(2025, 9, 30)) for m in (m1, m2, m3)] == [False, False, True]
    # what the director's sign-off counts: m2 (nothing) and m3 (unfinished at 6 months) wait for
    # the 12-month word; m1, finished at 6 months, does not
    assert [shown[m.id].awaiting for m in (m1, m2, m3)] == [False, True, True]
    assert unreported(year["twelve"]) == 2
    # the 6-month round shows its own records, never the 12-month ones
    MeasureProgress.objects.create(measure=m2, reporting_round=year["twelve"], status=MeasureProgress.DONE)
    assert not round_progress(year["six"])[m2.id].reported
    own = round_progress(year["twelve"])[m2.id]
    assert own.carried_from is None and own.done and own.own is not None


def test_a_round_carries_from_the_latest_round_within_it_only(year):
    """q1 (Oct–Dec) lies within 6m and 12m; 6m ends later, so the 12-month round shows 6m's record;
    a round outside the period (FY2569 dates cannot be entered: made directly here) is ignored."""
    m1, m2, m3 = year["m"]
    plan = year["plan"]
    q1 = ReportingRound.objects.create(plan=plan, code="q1", start=dt.date(2024, 10, 1), end=dt.date(2024, 12, 31))
    MeasureProgress.objects.create(measure=m1, reporting_round=q1, status=MeasureProgress.IN_PROGRESS, result="เริ่มแล้ว")
    MeasureProgress.objects.create(measure=m2, reporting_round=q1, status=MeasureProgress.IN_PROGRESS, result="ร่าง")
    shown = round_progress(year["twelve"])
    assert shown[m1.id].carried_from == year["six"] and shown[m1.id].done  # the later round wins
    assert shown[m2.id].carried_from == q1  # the only report of m2
    assert round_progress(year["six"])[m2.id].carried_from == q1
    assert not round_progress(q1)[m1.id].carried_from  # q1's own, not the wider 6m's
    assert len(shown[m1.id].evidence) == 1  # q1 has no evidence; 6m's photo
    q2 = ReportingRound.objects.create(plan=plan, code="q2", start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
    assert not round_progress(q2)[m2.id].reported  # q1 does not lie within q2


def test_the_12_month_pages_show_the_6_month_results(staff_client, year):
    m1, m2, m3 = year["m"]
    twelve = year["twelve"]
    page = staff_client.get(reverse("measures:reporting_round", args=[twelve.pk])).content.decode()
    rows = re.findall(r"<tr class=\"([^\"]*)\"[^>]*>(.*?)</tr>", page, re.S)
    m1_row = next(html for cls, html in rows if m1.activities[:20] in html)
    assert "ดำเนินการแล้วเสร็จ" in m1_row and "ตามที่รายงานไว้ในรอบ 6 เดือน" in m1_row
    assert "ยังไม่รายงานผล" not in m1_row and "เกินกำหนด" not in m1_row
    assert re.search(r'<td class="num"[^>]*><a href="[^"]*#evidence">1</a></td>', m1_row)  # the 6-month photo counts, and leads to it
    # m2 was never reported, m3 carries an unfinished 6-month result: both still need the 12-month word,
    # and the page says which is which (the document counts m2 alone as "not reported")
    type(year["plan"]).objects.filter(pk=year["plan"].pk).update(approved_at=dt.datetime(2024, 11, 1, tzinfo=dt.timezone.utc))
    page = staff_client.get(reverse("measures:reporting_round", args=[twelve.pk])).content.decode()
    assert ("ยังมี 2 มาตรการที่ยังไม่รายงานผลในรอบนี้ ในจำนวนนี้ 1 มาตรการแสดงผลที่ยังไม่แล้วเสร็จซึ่งยกมาจากรอบก่อน"
            in page)
    # the form starts from the 6-month report, with its photo shown read-only and labelled
    url = reverse("measures:progress", args=[m1.pk, twelve.pk])
    page = staff_client.get(url).content.decode()
    assert re.search(r'<option value="done" selected>', page)
    assert "ปรับปรุงขั้นตอนแล้วเสร็จ" in page  # the 6-month result, in the textarea
    assert reverse("measures:evidence_thumb", args=[year["photo"].pk]) in page
    assert "หลักฐานจากรอบการรายงานก่อนหน้า" in page and "รอบ 6 เดือน</span>" in page
    assert reverse("measures:evidence_delete", args=[year["photo"].pk]) not in page
    assert reverse("measures:evidence_caption", args=[year["photo"].pk]) not in page
    assert "ยังไม่ได้รายงานในรอบ 12 เดือน" in page
    # saving creates the 12-month record; the 6-month one is not changed
    before = MeasureProgress.objects.get(pk=year["done6"].pk)
    staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ปรับปรุงขั้นตอนแล้วเสร็จ และประเมินผลแล้ว"})
    mine = MeasureProgress.objects.get(measure=m1, reporting_round=twelve)
    assert mine.result.endswith("ประเมินผลแล้ว")
    after = MeasureProgress.objects.get(pk=year["done6"].pk)
    assert (after.status, after.result, after.updated_at) == (before.status, before.result, before.updated_at)
    assert Evidence.objects.get().progress_id == before.pk
    page = staff_client.get(url).content.decode()
    assert "ยังไม่ได้รายงานในรอบ 12 เดือน" not in page and reverse("measures:evidence_thumb", args=[year["photo"].pk]) in page


def test_a_first_12_month_save_of_evidence_alone_keeps_the_6_month_status(staff_client, year):
    """The 6-month report is signed off: the 12-month record is made from it, the 6-month one stays."""
    m1, m2, m3 = year["m"]
    ReportingRound.objects.filter(pk=year["six"].pk).update(approved_at=dt.datetime(2025, 4, 2, tzinfo=dt.timezone.utc))
    url = reverse("measures:progress", args=[m3.pk, year["twelve"].pk])
    staff_client.post(url, {"e-url": "https://example.go.th/news/2", "e-caption": "ข่าว"})
    mine = MeasureProgress.objects.get(measure=m3, reporting_round=year["twelve"])
    assert (mine.status, mine.result) == (MeasureProgress.IN_PROGRESS, "อยู่ระหว่างจัดทำ")
    assert mine.evidence.count() == 1 and not MeasureProgress.objects.get(measure=m3, reporting_round=year["six"]).evidence.exists()


def test_the_dashboard_and_the_12_month_round_agree(staff_client, year, monkeypatch):
    board = dashboard(year["plan"], dt.date(2025, 9, 20))
    shown = round_progress(year["twelve"])
    assert board.done == sum(1 for p in shown.values() if p.done) == 1
    assert board.done_without_evidence == []  # the 6-month photo is its evidence
    # done at 6 months, reported under way again at 12: the latest report counts, on both
    m1 = year["m"][0]
    MeasureProgress.objects.create(measure=m1, reporting_round=year["twelve"], status=MeasureProgress.IN_PROGRESS)
    assert dashboard(year["plan"], dt.date(2025, 9, 20)).done == 0
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 4, 20))  # the 6-month report's time
    page = staff_client.get(reverse("measures:dashboard", args=[year["plan"].pk])).content.decode()
    assert reverse("measures:progress", args=[m1.pk, year["twelve"].pk]) in page  # opened in the latest round
    link = page.split(reverse("measures:progress", args=[m1.pk, year["twelve"].pk]), 1)[1].split("</td>", 1)[0]
    assert '<span class="help">(รอบ 12 เดือน)</span>' in link  # not the round the page's note names: said so


def test_the_dashboard_sends_a_report_to_the_round_whose_report_is_being_written(staff_client, year, monkeypatch):
    """A tester in April opened an overdue measure from the dashboard, reported it in the 12-month
    round, and the 6-month report still said 'not reported'."""
    plan, six, twelve = year["plan"], year["six"], year["twelve"]
    april, may = dt.date(2025, 4, 20), dt.date(2025, 5, 20)
    assert current_round(plan, dt.date(2024, 11, 1)) == six  # within both: the first to end
    assert current_round(plan, april) == six  # ended, its report not yet signed
    assert current_round(plan, dt.date(2025, 5, 30)) == six  # its report still being written (60 days)
    assert current_round(plan, dt.date(2025, 6, 1)) == twelve  # never signed, long past: not all year long
    board = dashboard(plan, april)
    rows = {r.measure.pk: r for r in board.overdue + board.due + board.done_without_evidence}
    assert rows and all(r.round == six for r in rows.values())
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: april)
    page = staff_client.get(reverse("measures:dashboard", args=[plan.pk])).content.decode()
    assert "บันทึกในรอบ 6 เดือน" in page
    monkeypatch.undo()
    ReportingRound.objects.filter(pk=six.pk).update(approved_at=dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc))
    plan = type(plan).objects.get(pk=plan.pk)
    assert current_round(plan, may) == twelve  # the 6-month report is signed: the next one
    board = dashboard(plan, may)
    assert {r.round for r in board.overdue + board.due} == {twelve}
    ReportingRound.objects.filter(pk=twelve.pk).update(approved_at=dt.datetime(2025, 10, 5, tzinfo=dt.timezone.utc))
    plan = type(plan).objects.get(pk=plan.pk)
    assert current_round(plan, dt.date(2025, 10, 6)) == twelve  # everything signed: the round that sums up
    page = staff_client.get(reverse("measures:dashboard", args=[plan.pk])).content.decode()
    assert "รายงานทุกรอบของแผนนี้ได้รับอนุมัติแล้ว" in page and "บันทึกในรอบ" not in page


def test_the_central_table_counts_what_the_current_round_awaits_as_its_page_does(year):
    """The central office's table said 0 measures not reported where the district's 12-month round
    awaited one: it counted measures never reported in any round, not those the round waits for."""
    from prongsai.central.plan_status import plan_statuses

    today = dt.date(2025, 9, 1)  # the 6-month report's writing is over: the 12-month round
    assert current_round(year["plan"], today) == year["twelve"]
    row = next(r for r in plan_statuses(2568, today) if r.plan == year["plan"])
    assert row.awaiting == unreported(year["twelve"]) == 2  # m2, never reported; m3, unfinished at 6 months


def test_the_12_month_document_counts_and_shows_the_6_month_results(year):
    doc = progress_document(year["plan"].agency, 2568, "12m", today=dt.date(2026, 1, 1))
    summary = doc.sections[0]
    assert summary.paragraphs[0] == ("มาตรการทั้งหมด 3 มาตรการ แบ่งเป็น ดำเนินการแล้วเสร็จ 1 มาตรการ อยู่ระหว่างดำเนินการ 1 มาตรการ "
                                     "และยังไม่เคยรายงานผล 1 มาตรการ")
    # the round's page and the director's confirmation count 2 awaiting this round's word: the one never
    # reported (above) and the one carried over unfinished, each named (a reviewer, then a tester, read two
    # bare counts as a contradiction)
    assert summary.paragraphs[-2:] == ["ผลการดำเนินการของ 2 มาตรการยกมาจากที่รายงานไว้ในรอบ 6 เดือน",
                                       "รอผลการดำเนินการของรอบนี้ 2 มาตรการ ได้แก่ ยังไม่เคยรายงานผล 1 มาตรการ "
                                       "และยังไม่แล้วเสร็จซึ่งยกมาจากรอบก่อน 1 มาตรการ"]
    rows = [r for t in tables(doc) for r in t.rows if len(r) == 5 and r[2].text]
    e6 = next(r for r in rows if r[2].text.startswith("1. ปรับปรุงขั้นตอน"))
    assert "ดำเนินการแล้วเสร็จ" in e6[3].text and "ตามที่รายงานไว้ในรอบ 6 เดือน" in e6[3].text
    assert [i.caption for i in e6[4].images] == ["อบรมเจ้าหน้าที่ (รอบ 6 เดือน)"] and e6[4].images[0].path.exists()
    # m2 (due 30 Sep 2025) was never reported: the body says it is late, as the summary counts it
    m2 = next(r for r in rows if r[2].text.startswith("จัดทำแบบสำรวจ"))
    assert m2[3].text == "ยังไม่รายงานผล (เกินกำหนด)"
    # through the same path as the download and `prongsai render`, as a PDF
    from prongsai.documents.generate import render
    from prongsai.documents.tests.pdftext import page_lines

    text = "".join(line for page in page_lines(render(build(Request("progress", "101041", 2568, "12m")), "pdf"))
                   for line in page)
    # in Thai digits, as the agencies' own reports (seeds 000, 002) write them
    assert "ดำเนินการแล้วเสร็จ ๑" in text and "ยังไม่เคยรายงานผล ๑" in text and "พ.ศ. ๒๕๖๘" in text


def test_the_12_month_report_keeps_the_6_month_result_a_unit_wrote_over(year, staff_client):
    """A tester replaced the 6-month text the 12-month form starts from with what was done since: the
    annual report lost what was done in the first half, and printed the 6-month finishing date over a
    meeting held in July."""
    m1, m2, m3 = year["m"]
    six_text = MeasureProgress.objects.get(measure=m3, reporting_round=year["six"]).result
    assert six_text.strip()

    def cell(measure):
        doc = progress_document(year["plan"].agency, 2568, "12m", today=dt.date(2026, 1, 1))
        rows = [r for t in tables(doc) for r in t.rows if len(r) == 5 and r[2].text.startswith(measure.activities)]
        return rows[0][3].text

    twelve = MeasureProgress.objects.create(measure=m3, reporting_round=year["twelve"], status=MeasureProgress.DONE,
                                            result="ประชุมครั้งที่สองเมื่อ 15 ก.ค. 2568")
    text = cell(m3)
    assert f"รอบ 6 เดือน: {six_text.strip()}\nรอบ 12 เดือน: ประชุมครั้งที่สองเมื่อ 15 ก.ค. 2568" in text
    # the 12-month form says so, beside the 6-month text
    page = staff_client.get(reverse("measures:progress", args=[m3.pk, year["twelve"].pk])).content.decode()
    assert "ผลที่รายงานไว้ในรอบ 6 เดือน:" in page and "รายงานของรอบนี้จะพิมพ์ข้อความนี้ไว้ด้วย" in page
    # the 6-month text kept and added to (as the form offers it): printed once, unlabelled
    twelve.result = f"{six_text}\nประชุมครั้งที่สองเมื่อ 15 ก.ค. 2568"
    twelve.save()
    text = cell(m3)
    assert text.count(six_text.strip()) == 1 and "รอบ 6 เดือน:" not in text and "รอบ 12 เดือน:" not in text
    # kept, only spaced out with a blank line: still the same text, printed once (a tester)
    MeasureProgress.objects.filter(measure=m3, reporting_round=year["six"]).update(result="อยู่ระหว่างจัดทำ ร่างแรกเสร็จแล้ว")
    twelve.result = "อยู่ระหว่างจัดทำ\n\nร่างแรกเสร็จแล้ว\nประชุมครั้งที่สอง"
    twelve.save()
    assert "รอบ 6 เดือน:" not in cell(m3)


def test_the_6_month_page_api_and_report_count_overdue_alike_after_the_round(staff_client, year, monkeypatch):
    """Seen in December 2026, the 6-month round (Oct 2024 – Mar 2025) marks late only what was late by
    31 Mar 2025: m3 (due 31 Dec 2024, unfinished), not m2 (due 30 Sep 2025) — as the signed PDF says."""
    from django.utils import timezone

    m1, m2, m3 = year["m"]
    six = year["six"]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 6))
    page = staff_client.get(reverse("measures:reporting_round", args=[six.pk])).content.decode()
    late = re.findall(r'<tr class="fail[^"]*"><td[^>]*>(\w+)</td>', page)
    assert late == ["O22"]  # m3's issue; m2 (E6) is not late within the round
    assert "“เกินกำหนด” ในรอบนี้นับ ณ สิ้นวันที่ 31 มี.ค. 2568" in page  # said, beside the dashboard's "as of today"
    doc = progress_document(year["plan"].agency, 2568, "6m", today=dt.date(2026, 12, 6))
    assert "เกินกำหนด 1 มาตรการ ณ สิ้นวันที่ 31 มีนาคม 2568" in doc.sections[0].paragraphs[1]
    users = role_users(year["plan"].agency, agency("OTHER"))
    body = token_client(users["director"]).get(f"/api/plans/{year['plan'].pk}/reports/6m/").json()
    assert {p["measure"]: p["overdue"] for p in body["progress"]} == {m1.pk: False, m2.pk: False, m3.pk: True}
    record = MeasureProgress.objects.get(measure=m3, reporting_round=six)
    assert record.is_overdue() and not MeasureProgress(measure=m2, reporting_round=six).is_overdue()


def token_client(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_the_api_reports_a_round_as_its_pages_do(year):
    users = role_users(year["plan"].agency, agency("OTHER"))
    m1, m2, m3 = year["m"]
    plan = year["plan"]
    r = token_client(users["director"]).get(f"/api/plans/{plan.pk}/reports/12m/")
    assert r.status_code == 200
    body = r.json()
    # as the page and the director's confirmation count: m2 never reported, m3 unfinished at 6 months
    assert (body["unreported"], body["never_reported"]) == (2, 1) and body["reporting_round"]["code"] == "12m"
    from prongsai.measures.tracking import unreported

    assert unreported(ReportingRound.objects.get(plan=plan, code="12m")) == body["unreported"]
    first = next(p for p in body["progress"] if p["measure"] == m1.pk)
    assert (first["status"], first["carried_from"], first["progress"]) == ("done", "6m", year["done6"].pk)
    assert [e["reporting_round"] for e in first["evidence"]] == ["6m"]
    assert token_client(users["other_coordinator"]).get(f"/api/plans/{plan.pk}/reports/12m/").status_code == 404
    assert token_client(users["director"]).get(f"/api/plans/{plan.pk}/reports/q9/").status_code == 404
    # a first 12-month record through the API starts from the 6-month one too
    r = token_client(users["coordinator"]).post("/api/progress/", {"measure": m3.pk, "reporting_round": "12m",
                                                                  "status": "done", "completed_on": "2025-08-01"}, format="json")
    assert r.status_code == 201 and r.json()["result"] == "อยู่ระหว่างจัดทำ"
    assert MeasureProgress.objects.get(measure=m3, reporting_round=year["six"]).status == MeasureProgress.IN_PROGRESS


def test_the_director_signs_off_unreported_measures_only_knowingly(year):
    plan = year["plan"]
    users = role_users(plan.agency, agency("OTHER"))
    Plan = type(plan)
    Plan.objects.filter(pk=plan.pk).update(approved_at=dt.datetime(2024, 11, 1, tzinfo=dt.timezone.utc))
    with pytest.raises(approval.ApprovalError, match="ผู้ประสานงานยังไม่ได้เสนอรายงานนี้"):
        approval.approve_report(year["twelve"], users["director"])  # not sent by the coordinator yet
    # the coordinator sends it knowingly too (a tester sent a report with 6 measures missing, unasked)
    with pytest.raises(approval.ApprovalError, match="ยังมี 2 มาตรการที่ยังไม่รายงานผลในรอบนี้ หากจะเสนอรายงาน"):
        approval.submit_report(year["twelve"], users["coordinator"])
    assert not ReportingRound.objects.get(pk=year["twelve"].pk).submitted_at
    for rr in (year["twelve"], year["six"]):
        approval.submit_report(rr, users["coordinator"], unreported_confirmed=True)
    with pytest.raises(approval.ApprovalError, match="เสนอผู้อำนวยการเขตไปแล้ว"):
        approval.submit_report(year["six"], users["coordinator"], unreported_confirmed=True)  # once
    with pytest.raises(approval.ApprovalError, match="ยังมี 2 มาตรการที่ยังไม่รายงานผล"):
        approval.approve_report(year["twelve"], users["director"])
    assert not ReportingRound.objects.get(pk=year["twelve"].pk).approved
    approval.approve_report(year["twelve"], users["director"], unreported_confirmed=True)
    assert ReportingRound.objects.get(pk=year["twelve"].pk).approved
    # everything reported in the 6-month round: no confirmation asked
    m2 = year["m"][1]
    MeasureProgress.objects.create(measure=m2, reporting_round=year["six"], status=MeasureProgress.DONE, result="ทำแล้ว")
    assert unreported(year["six"]) == 0
    approval.approve_report(year["six"], users["director"])
    assert ReportingRound.objects.get(pk=year["six"].pk).approved


def test_the_coordinator_takes_a_sent_report_back_until_the_director_signs(client, year):
    plan, six = year["plan"], year["six"]
    users = role_users(plan.agency, agency("OTHER"))
    type(plan).objects.filter(pk=plan.pk).update(approved_at=dt.datetime(2024, 11, 1, tzinfo=dt.timezone.utc))
    page_url, send = reverse("measures:reporting_round", args=[six.pk]), reverse("measures:report_submit", args=[six.pk])
    client.force_login(users["coordinator"])
    assert "ขอรายงานคืน" not in client.get(page_url).content.decode()  # nothing sent yet
    page = client.post(send, {"action": "recall"}, follow=True).content.decode()
    assert "รายงานนี้ไม่ได้อยู่ในรายการรออนุมัติของผู้อำนวยการเขต (ยังไม่ได้เสนอ" in page
    unconfirmed = client.post(send, follow=True).content.decode()
    assert "หากจะเสนอรายงานตามที่เป็นอยู่" in unconfirmed and 'name="confirm_unreported"' in unconfirmed
    client.post(send, {"confirm_unreported": "1"})
    page = client.get(page_url).content.decode()
    assert "ขอรายงานคืน" in page and "เสนอรายงานต่อผู้อำนวยการเขต</button>" not in page
    for name in ("unit_staff", "director", "auditor"):  # only the coordinator takes it back
        client.force_login(users[name])
        assert client.post(send, {"action": "recall"}).status_code == 403
    six.refresh_from_db()
    assert six.submitted_at
    client.force_login(users["coordinator"])
    page = client.post(send, {"action": "recall"}, follow=True).content.decode()
    six.refresh_from_db()
    assert six.submitted_at is None and "ขอรายงานคืนแล้ว" in page and "เสนอรายงานต่อผู้อำนวยการเขต</button>" in page
    with pytest.raises(approval.ApprovalError, match="ผู้ประสานงานยังไม่ได้เสนอรายงานนี้"):
        approval.approve_report(six, users["director"], unreported_confirmed=True)  # off the director's list
    assert AuditEntry.objects.filter(object_type="measures.reportinground", object_id=str(six.pk), action="update").count() == 2
    approval.submit_report(six, users["coordinator"], unreported_confirmed=True)
    approval.approve_report(six, users["director"], unreported_confirmed=True)
    with pytest.raises(approval.ApprovalError, match="รายงานนี้ได้รับอนุมัติแล้ว"):
        approval.recall_report(six, users["coordinator"])
    six.refresh_from_db()
    assert six.approved and six.submitted_at


def test_the_coordinator_deletes_an_empty_round_only(client, year):
    plan, six, twelve = year["plan"], year["six"], year["twelve"]
    users = role_users(plan.agency, agency("OTHER"))
    client.force_login(users["coordinator"])
    page = client.get(reverse("measures:reporting_round", args=[twelve.pk])).content.decode()
    assert reverse("measures:reporting_round_delete", args=[twelve.pk]) in page
    page = client.get(reverse("measures:reporting_round", args=[six.pk])).content.decode()
    assert reverse("measures:reporting_round_delete", args=[six.pk]) not in page  # progress recorded in it
    for name in ("unit_staff", "director", "auditor"):
        client.force_login(users[name])
        assert client.post(reverse("measures:reporting_round_delete", args=[twelve.pk])).status_code == 403
    client.force_login(users["coordinator"])
    page = client.post(reverse("measures:reporting_round_delete", args=[six.pk]), follow=True).content.decode()
    assert ReportingRound.objects.filter(pk=six.pk).exists() and "มีการบันทึกผลการดำเนินการของ 2 มาตรการในรอบ 6 เดือนแล้ว" in page
    ReportingRound.objects.filter(pk=twelve.pk).update(approved_at=dt.datetime(2025, 10, 2, tzinfo=dt.timezone.utc),
                                                       approved_by=users["director"])
    page = client.post(reverse("measures:reporting_round_delete", args=[twelve.pk]), follow=True).content.decode()
    assert ReportingRound.objects.filter(pk=twelve.pk).exists() and "ได้รับอนุมัติแล้ว จึงลบรอบการรายงานนี้ไม่ได้" in page
    ReportingRound.objects.filter(pk=twelve.pk).update(approved_at=None, approved_by=None)
    response = client.post(reverse("measures:reporting_round_delete", args=[twelve.pk]), follow=True)
    assert not ReportingRound.objects.filter(pk=twelve.pk).exists() and "ลบรอบ 12 เดือนแล้ว" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("measures:plan", args=[plan.pk])
    entry = AuditEntry.objects.get(object_type="measures.reportinground", action="delete")
    assert entry.who == users["coordinator"] and entry.agency_id == plan.agency_id and entry.before["code"] == "12m"


def test_the_plan_page_offers_each_round_to_whoever_may_add_it(client, laksi_round):
    plan = make_plan(laksi_round, with_progress=False)  # it has the 6-month round
    users = role_users(plan.agency, agency("OTHER"))
    new = reverse("measures:reporting_round_new", args=[plan.pk])
    for name in ("unit_staff", "director", "auditor"):
        client.force_login(users[name])
        page = client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
        assert new not in page and "เพิ่มรอบ" not in page, name
    client.force_login(users["coordinator"])
    page = client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    assert "เพิ่มรอบ 12 เดือน" in page and "เพิ่มรอบ 6 เดือน" not in page and "รอบที่กำหนดวันเอง" in page
    assert 'name="preset" value="12m"' in page and 'name="preset" value="6m"' not in page
    # one click, and a second click adds nothing
    response = client.post(new, {"preset": "12m"}, follow=True)
    rr = ReportingRound.objects.get(plan=plan, code="12m")
    assert (rr.start, rr.end) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30)) and "เพิ่มรอบ 12 เดือนแล้ว" in response.content.decode()
    response = client.post(new, {"preset": "12m"}, follow=True)
    assert ReportingRound.objects.filter(plan=plan, code="12m").count() == 1 and "แผนนี้มีรอบ 12 เดือนอยู่แล้ว" in response.content.decode()
    assert AuditEntry.objects.filter(object_type="measures.reportinground", action="create").count() == 1
    page = client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    assert 'name="preset"' not in page and "รอบที่กำหนดวันเอง" in page
    assert client.post(new, {"preset": "3m"}).status_code == 404
    client.force_login(users["director"])
    assert client.post(new, {"preset": "6m"}).status_code == 403


def test_a_custom_round_has_its_documents_and_a_missing_one_a_thai_404(staff_client, year, tmp_path):
    from django.core.management import call_command

    plan = year["plan"]
    q4 = ReportingRound.objects.create(plan=plan, code="q4", start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 30))
    code = plan.agency.code
    url = reverse("documents:progress", args=[code, 2568, "q4", "pdf"])
    assert url == f"/documents/progress/{code}/2568/q4.pdf"
    page = staff_client.get(reverse("measures:reporting_round", args=[q4.pk])).content.decode()
    assert url in page
    assert url in staff_client.get(reverse("measures:plan", args=[plan.pk])).content.decode()
    response = staff_client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "รอบ q4 (กรกฎาคม 2568 - กันยายน 2568)" in build(Request("progress", code, 2568, "q4")).subtitle
    missing = staff_client.get(f"/documents/progress/{code}/2568/q9.pdf")
    html = missing.content.decode()
    assert missing.status_code == 404 and "แผนนี้ไม่มีการรายงานรอบ q9 — " in html
    assert "6m (รอบ 6 เดือน), 12m (รอบ 12 เดือน), q4 (รอบ q4)" in html and "สำนักงานเขตหลักสี่ 2568" in html
    assert "<html lang=\"th\"" in html and "Page not found" not in html
    bad = staff_client.get(f"/documents/progress/{code}/2568/q%204.docx")
    assert bad.status_code == 404 and "ไม่ใช่รหัสรอบการรายงาน" in bad.content.decode()
    page = staff_client.get(reverse("documents:index")).content.decode()
    assert '<option value="q4"' in page and "รอบ q4 (กำหนดวันเอง)" in page
    out = tmp_path / "q4.docx"
    call_command("render", "--agency", code, "--year", "2568", "--document", "progress", "--round", "q4",
                 "--out", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"PK")


def _seen(page: str) -> str:
    return re.search(r'name="p-seen" value="([^"]*)"', page).group(1)


def test_a_save_after_someone_elses_is_refused_and_shows_their_text(client, year):
    """Units sharing a measure share one record: a page opened before another's save cannot
    silently replace that save; the page names who saved last."""
    from django.test import Client

    plan, six, m1 = year["plan"], year["six"], year["m"][0]
    users = role_users(plan.agency, agency("OTHER"))
    url = reverse("measures:progress", args=[m1.pk, six.pk])
    client.force_login(users["unit_staff"])
    page = client.get(url).content.decode()
    assert "ร่วมกัน" in page and all(u.name in page for u in m1.responsible_units.all())  # the units sharing it
    opened = _seen(page)
    coordinator = Client()
    coordinator.force_login(users["coordinator"])
    saved = coordinator.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ข้อความของผู้ประสานงาน", "p-seen": opened})
    assert saved.status_code == 302

    page = client.post(url, {"p-status": "in_progress", "p-result": "ข้อความของฝ่าย", "p-seen": opened}).content.decode()
    stored = MeasureProgress.objects.get(measure=m1, reporting_round=six)
    assert stored.result == "ข้อความของผู้ประสานงาน" and stored.updated_by == users["coordinator"]
    assert "ยังไม่ได้บันทึก" in page and "ข้อความของฝ่าย" in page and "ข้อความของผู้ประสานงาน" in page

    assert client.post(url, {"p-status": "in_progress", "p-result": "ข้อความของฝ่าย", "p-seen": _seen(page)}).status_code == 302
    stored.refresh_from_db()
    assert stored.result == "ข้อความของฝ่าย" and stored.updated_by == users["unit_staff"]
    page = coordinator.get(url).content.decode()
    assert "บันทึกล่าสุดโดย" in page and users["unit_staff"].get_username() in page
    # the same person on another device (a tester's phone and desktop), with a photo chosen: said as such
    phone = Client()
    phone.force_login(users["unit_staff"])
    opened = _seen(phone.get(url).content.decode())
    client.post(url, {"p-status": "in_progress", "p-result": "จากคอมพิวเตอร์", "p-seen": opened})
    png = io.BytesIO()
    PILImage.new("RGB", (40, 30), "white").save(png, "PNG")
    photo = SimpleUploadedFile("photo.png", png.getvalue(), content_type="image/png")
    page = phone.post(url, {"p-status": "in_progress", "p-result": "จากโทรศัพท์", "p-seen": opened, "e-file": photo}).content.decode()
    assert "ยังไม่ได้บันทึก: ท่านบันทึกผลของมาตรการนี้จากหน้าอื่นหรืออุปกรณ์อื่นเมื่อ" in page
    assert "ระบบไม่ได้เก็บไฟล์ที่ท่านเลือกไว้ กรุณาเลือกไฟล์อีกครั้ง" in page and "ข้อความของผู้นั้น" not in page


def test_a_file_and_a_link_in_one_save_and_a_link_typed_without_https(staff_client, year, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    m3, six = year["m"][2], year["six"]
    url = reverse("measures:progress", args=[m3.pk, six.pk])
    page = staff_client.get(url).content.decode()
    assert 'id="progress" novalidate' in page  # the app's own Thai messages, not the browser's
    both = {"p-status": "in_progress", "p-result": "เผยแพร่แล้วบางส่วน", "e-url": "www.laksi.go.th/ita/o22",
            "e-caption": "ประกาศ", "e-file": SimpleUploadedFile("ประกาศ.png", _png())}
    assert staff_client.post(url, both).status_code == 302
    stored = MeasureProgress.objects.get(measure=m3, reporting_round=six)
    kinds = sorted((e.kind, e.url, e.caption) for e in stored.evidence.all())
    # the photo's caption is the photo's: a web page printed as "ประกาศ: www…" read as a photo (a tester)
    assert kinds == [("link", "https://www.laksi.go.th/ita/o22", ""), ("photo", "", "ประกาศ")]
    assert "คำอธิบายลิงก์" in page
    staff_client.post(url, {"p-status": "in_progress", "p-result": "เผยแพร่แล้วบางส่วน", "e-url": "www.laksi.go.th/ita/o22-2",
                            "e-caption": "ภาพ", "e-link_caption": "หน้าประกาศบนเว็บไซต์",
                            "e-file": SimpleUploadedFile("ภาพ.png", _png("blue"))})
    assert stored.evidence.get(url__endswith="o22-2").caption == "หน้าประกาศบนเว็บไซต์"
    # a link alone takes the caption typed above it, as it always did
    staff_client.post(url, {"p-status": "in_progress", "p-result": "เผยแพร่แล้วบางส่วน", "e-url": "www.laksi.go.th/ita/o22-3",
                            "e-caption": "รายงาน"})
    assert stored.evidence.get(url__endswith="o22-3").caption == "รายงาน"
    page = staff_client.post(url, {"p-status": "in_progress", "p-result": "x", "e-url": "ไม่ใช่ลิงก์ เลย"}).content.decode()
    assert "กรุณาใส่ที่อยู่ของหน้าเว็บ (http:// หรือ https://)" in page and "กรุณาเลือกไฟล์หรือระบุลิงก์" not in page  # one message: the link is wrong
    # Django's URLField takes ftp://, which the signed report would print as evidence no browser opens (a tester)
    page = staff_client.post(url, {"p-status": "in_progress", "p-result": "x", "e-url": "ftp://laksi.go.th/ita"}).content.decode()
    assert "กรุณาใส่ที่อยู่ของหน้าเว็บ" in page
    assert stored.evidence.count() == 5


def test_several_photos_in_one_save_all_of_them_or_none(staff_client, year, settings, tmp_path):
    """A tester attached an activity's photos one save at a time; several are chosen at once now."""
    settings.MEDIA_ROOT = tmp_path
    m3, six = year["m"][2], year["six"]
    url = reverse("measures:progress", args=[m3.pk, six.pk])
    assert 'type="file" name="e-file" multiple' in staff_client.get(url).content.decode()
    photos = [SimpleUploadedFile(f"อบรม-{n}.png", _png(color)) for n, color in ((1, "green"), (2, "red"), (3, "blue"))]
    fake = SimpleUploadedFile("รายงาน.pdf", b"not a pdf at all")
    files_before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    page = staff_client.post(url, {"p-status": "in_progress", "p-result": "อบรมแล้ว", "e-caption": "อบรม",
                                   "e-file": [photos[0], fake]}).content.decode()
    stored = MeasureProgress.objects.get(measure=m3, reporting_round=six)
    assert "รายงาน.pdf: ไฟล์นี้ใช้นามสกุล .pdf แต่เนื้อหาภายในไม่ใช่ไฟล์ PDF จริง" in page  # not "PDFs are refused"
    assert stored.evidence.count() == 0 and stored.result != "อบรมแล้ว"  # nothing saved
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == files_before  # not even the good photo's file
    for photo in photos:
        photo.seek(0)
    response = staff_client.post(url, {"p-status": "in_progress", "p-result": "อบรมแล้ว", "e-caption": "อบรม",
                                       "e-file": photos})
    assert response.status_code == 302
    stored.refresh_from_db()
    assert sorted(e.original_name for e in stored.evidence.all()) == ["อบรม-1.png", "อบรม-2.png", "อบรม-3.png"]
    many = [SimpleUploadedFile(f"{n}.png", _png(f"#{n:02x}0000")) for n in range(11)]
    page = staff_client.post(url, {"p-status": "in_progress", "p-result": "x", "e-file": many}).content.decode()
    assert "ได้ครั้งละไม่เกิน 10 ไฟล์" in page and stored.evidence.count() == 3
    # together over what one save takes (the web server's cap): two photos at theirs and a file at its
    settings.PRONGSAI_EVIDENCE_MAX_BYTES = settings.PRONGSAI_EVIDENCE_MAX_PHOTO_BYTES = len(_png()) + 10
    big = [SimpleUploadedFile(f"{n}.png", _png()) for n in range(4)]
    page = staff_client.post(url, {"p-status": "in_progress", "p-result": "x", "e-file": big}).content.decode()
    assert "ไฟล์ทั้งหมดรวมกัน" in page and "กรุณาเพิ่มหลักฐานเป็นหลายครั้ง" in page and stored.evidence.count() == 3


def test_the_progress_report_says_who_is_responsible_for_each_measure_and_by_when(year):
    m1 = year["m"][0]
    doc = progress_document(year["plan"].agency, 2568, "6m", today=dt.date(2025, 4, 2))
    cells = [c.text for s in doc.sections if s.table for row in s.table.rows for c in row]
    cell = next(t for t in cells if t.startswith(m1.activities))
    units = ", ".join(u.name_th for u in m1.responsible_units.all())  # on the line: one a line took 4–5 (a tester)
    assert len(m1.responsible_units.all()) > 1
    assert cell.endswith(f"\nผู้รับผิดชอบ: {units}\nระยะเวลาแล้วเสร็จ: 31 มี.ค. 2568")  # a line each


def test_saving_the_same_text_twice_or_after_evidence_only_is_no_conflict(client, year, settings, tmp_path):
    """A double click or the back button saves the same text again; a photo added meanwhile by
    someone else changes no text: neither is refused."""
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path
    plan, six, m1 = year["plan"], year["six"], year["m"][0]
    users = role_users(plan.agency, agency("OTHER"))
    url = reverse("measures:progress", args=[m1.pk, six.pk])
    client.force_login(users["unit_staff"])
    opened = _seen(client.get(url).content.decode())
    data = {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ปรับปรุงขั้นตอนแล้ว", "p-seen": opened}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same page sent again
    page = client.get(url).content.decode()
    coordinator = Client()
    coordinator.force_login(users["coordinator"])
    added = coordinator.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ปรับปรุงขั้นตอนแล้ว", "p-seen": _seen(page),
                                   "e-url": "https://www.laksi.go.th/steps"})
    assert added.status_code == 302
    assert client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "ปรับปรุงขั้นตอนแล้ว และประกาศแล้ว",
                             "p-seen": _seen(page)}).status_code == 302
    stored = MeasureProgress.objects.get(measure=m1, reporting_round=six)
    assert stored.result.endswith("และประกาศแล้ว") and stored.evidence.count() == 2  # the year's photo and the link


def test_a_refused_piece_of_evidence_leaves_the_page_saying_who_saved_last(client, year):
    plan, six, m3 = year["plan"], year["six"], year["m"][2]
    users = role_users(plan.agency, agency("OTHER"))
    url = reverse("measures:progress", args=[m3.pk, six.pk])
    client.force_login(users["coordinator"])
    page = client.get(url).content.decode()
    bad = SimpleUploadedFile("ไม่ใช่รูป.png", b"not a picture at all")
    page = client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "เผยแพร่แล้ว", "p-seen": _seen(page), "e-file": bad}).content.decode()
    stored = MeasureProgress.objects.get(measure=m3, reporting_round=six)
    assert stored.status == MeasureProgress.IN_PROGRESS and stored.updated_by is None  # nothing saved
    assert "บันทึกล่าสุดโดย" not in page  # no saver shown for a save that was undone


def test_a_signed_report_takes_no_round_within_it_and_no_change_through_one(staff_client, staff, year):
    """The tester's blocker: with the 12-month report signed, a round added inside the year (q3, or
    the 6-month one) would have carried its new results into the signed report. Such a round is
    refused, and a round already inside it takes no more progress or evidence."""
    plan, six, twelve = year["plan"], year["six"], year["twelve"]
    m1, m2, m3 = year["m"]
    signed_by = {"approved_by": staff, "approved_name": "ผู้อำนวยการเขต"}
    type(plan).objects.filter(pk=plan.pk).update(approved_at=dt.datetime(2024, 11, 1, tzinfo=dt.timezone.utc), **signed_by)
    ReportingRound.objects.filter(pk=twelve.pk).update(approved_at=dt.datetime(2025, 10, 5, tzinfo=dt.timezone.utc), **signed_by)
    signed = {m: (p.status, p.record and p.record.result) for m, p in round_progress(twelve).items()}
    page = _form(staff_client, plan, code="q3", name="ไตรมาสที่ 3", start="2025-04-01", end="2025-06-30").content.decode()
    assert "รายงานรอบ 12 เดือน (1 ต.ค. 2567 – 30 ก.ย. 2568) ได้รับอนุมัติแล้วและครอบคลุมช่วง 1 เม.ย. 2568 – 30 มิ.ย. 2568 อยู่แล้ว" in page
    assert not plan.reporting_rounds.filter(code="q3").exists()
    # a round already inside the signed one: no save in it
    url = reverse("measures:progress", args=[m2.pk, six.pk])
    staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "เพิ่มหลังจากอนุมัติรายงาน 12 เดือนแล้ว"})
    assert not MeasureProgress.objects.filter(measure=m2, reporting_round=six).exists()
    with pytest.raises(approval.ApprovalError):
        approval.ensure_report_open(six)
    assert {m: (p.status, p.record and p.record.result) for m, p in round_progress(twelve).items()} == signed
    # nor the 6-month round added with one click once the 12-month report is signed
    MeasureProgress.objects.filter(reporting_round=six).delete()
    six.delete()
    response = staff_client.post(reverse("measures:reporting_round_new", args=[plan.pk]), {"preset": "6m"}, follow=True)
    assert "ได้รับอนุมัติแล้วและครอบคลุมช่วง" in response.content.decode()
    assert not plan.reporting_rounds.filter(code="6m").exists()


def test_a_round_of_the_signed_ones_very_dates_is_not_locked_and_a_plan_without_measures_has_a_report(staff, year):
    """The reviewer: a round with the 6-month dates is not carried into the signed 6-month report, so
    it is not locked by it; and a plan with no measure gave 'list index out of range'."""
    plan, six = year["plan"], year["six"]
    ReportingRound.objects.filter(pk=six.pk).update(approved_at=dt.datetime(2025, 4, 5, tzinfo=dt.timezone.utc),
                                                    approved_by=staff)
    h1 = ReportingRound.objects.create(plan=plan, code="h1", name="ครึ่งปีแรก", start=six.start, end=six.end)
    approval.ensure_report_open(h1)  # no ApprovalError
    from prongsai.measures.models import Measure

    Measure.objects.filter(issue__plan=plan).delete()
    doc = progress_document(plan.agency, 2568, "12m", today=dt.date(2026, 1, 1))
    assert doc.sections[0].paragraphs[0] == "ยังไม่มีมาตรการในแผน"


def test_the_director_sees_their_earlier_note_when_the_report_comes_back(staff_client, staff, year):
    """A tester's director, sent the report again, no longer saw what they had asked to change."""
    plan, six = year["plan"], year["six"]
    type(plan).objects.filter(pk=plan.pk).update(approved_at=dt.datetime(2024, 11, 1, tzinfo=dt.timezone.utc), approved_by=staff)
    six.refresh_from_db()
    approval.submit_report(six, staff, unreported_confirmed=True)
    url = reverse("measures:reporting_round", args=[six.pk])
    assert "เสนอใหม่แล้ว หลังผู้อำนวยการเขตส่งกลับให้แก้ไข" not in staff_client.get(url).content.decode()  # first sending: no earlier note
    approval.send_back_report(six, staff, "เพิ่มภาพกิจกรรมของมาตรการ E6")
    six.refresh_from_db()
    approval.submit_report(six, staff, unreported_confirmed=True)
    page = staff_client.get(url).content.decode()
    assert "เสนอใหม่แล้ว หลังผู้อำนวยการเขตส่งกลับให้แก้ไขเมื่อ" in page and "เพิ่มภาพกิจกรรมของมาตรการ E6" in page
    assert "แล้วเมื่อ" in page and "</span> เสนอผู้อำนวยการเขตแล้วเมื่อ" in page and "2569.<br>" not in page
    # approved, the approval withdrawn, sent again: that note was dealt with by the approval (a tester)
    approval.approve_report(six, staff, unreported_confirmed=True)
    six.refresh_from_db()
    approval.withdraw_report(six, staff)
    six.refresh_from_db()
    approval.submit_report(six, staff, unreported_confirmed=True)
    assert "เพิ่มภาพกิจกรรมของมาตรการ E6" not in staff_client.get(url).content.decode()


def test_a_measure_finished_after_its_deadline_is_reported_late(staff_client, year, monkeypatch):
    """A tester's measure, overdue in the signed 6-month report, read simply "done" at 12 months, as if
    it had been on time: the day it was finished is recorded, and the reports say "late"."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2025, 9, 1))
    m1, m2, m3 = year["m"]  # m3 is due 31 Dec 2024, under way at 6 months
    url = reverse("measures:progress", args=[m3.pk, year["twelve"].pk])

    def save(**data):
        return staff_client.post(url, {"p-status": "done", "p-completed_on": "2025-03-01", "p-result": "เผยแพร่แล้ว", **data}, follow=True).content.decode()

    assert 'name="p-completed_on"' in staff_client.get(url).content.decode()
    for day, error in [("2025-09-02", "เป็นวันที่ยังมาไม่ถึง"), ("2568-04-15", "2568 − 543 = 2025"),
                       ("2024-09-30", "อยู่ก่อนเริ่มปีงบประมาณ พ.ศ. 2568")]:
        assert error in save(**{"p-completed_on": day}), day
        assert not MeasureProgress.objects.filter(measure=m3, reporting_round=year["twelve"]).exists()
    page = save(**{"p-completed_on": "2025-04-15"})
    record = MeasureProgress.objects.get(measure=m3, reporting_round=year["twelve"])
    assert record.completed_on == dt.date(2025, 4, 15) and record.finished_late
    page = staff_client.get(reverse("measures:reporting_round", args=[year["twelve"].pk])).content.decode()
    assert "15 เม.ย. 2568" in page and "หลังกำหนด" in page
    doc = progress_document(year["plan"].agency, 2568, "12m", today=dt.date(2025, 10, 1))
    assert "มีมาตรการที่ดำเนินการแล้วเสร็จหลังกำหนด 1 มาตรการ" in doc.sections[0].paragraphs
    assert any("ดำเนินการแล้วเสร็จเมื่อ 15 เม.ย. 2568 (หลังกำหนด)" in c.text for t in tables(doc) for row in t.rows for c in row)
    # left empty: the day it is saved done; kept on a later save; gone when it is no longer done
    staff_client.post(reverse("measures:progress", args=[m2.pk, year["twelve"].pk]), {"p-status": "done", "p-result": "ทำแล้ว", "p-completed_on": ""})
    m2_record = MeasureProgress.objects.get(measure=m2, reporting_round=year["twelve"])
    assert m2_record.completed_on == dt.date(2025, 9, 1) and not m2_record.finished_late  # due 30 Sep 2025
    save(**{"p-completed_on": ""})
    record.refresh_from_db()
    assert record.completed_on == dt.date(2025, 4, 15)
    staff_client.post(url, {"p-status": "in_progress", "p-result": "ยังไม่เสร็จ", "p-completed_on": "2025-04-15"})
    record.refresh_from_db()
    assert record.completed_on is None and not record.finished_late
    # a day typed beside "in progress" is not dropped without a word (a tester): it says what it is for
    page = staff_client.post(url, {"p-status": "in_progress", "p-result": "ยังไม่เสร็จอีก", "p-completed_on": "2025-05-02"}).content.decode()
    assert "วันที่แล้วเสร็จใช้กับมาตรการที่ดำเนินการแล้วเสร็จ" in page
    record.refresh_from_db()
    assert record.result == "ยังไม่เสร็จ"


def test_a_report_written_after_its_round_asks_the_day_and_takes_none_after_it(staff_client, year, monkeypatch):
    """The 6-month report is as of 31 March: a measure finished in April is done in the next round; and
    written in April, "today" is not the day it was finished, nor is none (a measure finished late would
    read as on time): the day is asked for (reviewers' cases)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2025, 4, 10))
    m3 = year["m"][2]  # under way at 6 months
    url = reverse("measures:progress", args=[m3.pk, year["six"].pk])

    def save(day):
        page = staff_client.post(url, {"p-status": "done", "p-result": "เผยแพร่แล้ว", "p-completed_on": day}, follow=True)
        return page.content.decode(), MeasureProgress.objects.get(measure=m3, reporting_round=year["six"])

    page, record = save("2025-04-05")
    assert "อยู่หลังวันสิ้นสุดรอบการรายงานนี้ (31 มี.ค. 2568)" in page and record.status == MeasureProgress.IN_PROGRESS
    assert "ในรอบถัดไป" in page  # the 12-month round comes next
    # in the plan's last round there is no next round to point to (a tester): what to do instead
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2025, 10, 20))
    twelve = staff_client.post(reverse("measures:progress", args=[m3.pk, year["twelve"].pk]),
                               {"p-status": "done", "p-result": "เผยแพร่แล้ว", "p-completed_on": "2025-10-05"}).content.decode()
    assert "ซึ่งเป็นรอบสุดท้ายของแผน" in twelve and "ในรอบถัดไป" not in twelve
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2025, 4, 10))
    page, record = save("2025-03-28")
    assert record.status == MeasureProgress.DONE and record.completed_on == dt.date(2025, 3, 28)
    MeasureProgress.objects.filter(pk=record.pk).update(status=MeasureProgress.IN_PROGRESS, completed_on=None)
    page, record = save("")  # left empty after the round: asked for
    assert "กรุณาระบุวันที่ดำเนินการแล้วเสร็จ เนื่องจากรอบการรายงานนี้สิ้นสุดแล้วเมื่อ 31 มี.ค. 2568" in page
    assert record.status == MeasureProgress.IN_PROGRESS
    # and said beside the box before anyone saves (a refused save loses a photo chosen with it: a tester)
    before = staff_client.get(url).content.decode()
    assert "ต้องระบุเมื่อดำเนินการแล้วเสร็จ เนื่องจากรอบการรายงานนี้สิ้นสุดแล้วเมื่อ 31 มี.ค. 2568" in before
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2025, 3, 20))
    assert "ต้องระบุเมื่อดำเนินการแล้วเสร็จ" not in staff_client.get(url).content.decode()  # while it lasts: today
