"""The document builders: analysis, plan and progress as `Document` objects, with real data."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image as PILImage

from prongsai.agencies.models import AssessmentRound
from prongsai.documents.model import Document, Image
from prongsai.measures.documents import (
    ANALYSIS_COLUMNS, PLAN_COLUMNS, PROGRESS_COLUMNS, MissingData, analysis_document, plan_document,
    progress_document, thai_date,
)
from prongsai.measures.evidence import add_link, add_upload
from prongsai.measures.models import MeasureProgress
from prongsai.surveys.models import PublishedScore

from .factories import add_long_issue, make_plan


def tables(doc: Document):
    return [s.table for s in doc.sections if s.table is not None]


def is_group(table, row) -> bool:
    """A shaded row naming a tool, an indicator or a sub-indicator across the whole table."""
    return len(row) == 1 and row[0].colspan == len(table.columns)


def body_rows(table) -> list:
    """A table's rows but its group rows."""
    return [r for r in table.rows if not is_group(table, r)]


def texts(doc: Document) -> str:
    parts = [doc.title, doc.subtitle]
    for s in doc.sections:
        parts += [s.heading, *s.paragraphs]
        if s.table:
            for row in s.table.rows:
                for c in row:
                    parts += [c.text, *c.bullets]
    return "\n".join(parts)


def test_thai_date():
    assert thai_date(dt.date(2025, 3, 31)) == "31 มี.ค. 2568"
    assert thai_date(dt.date(2024, 10, 1), short=False) == "1 ตุลาคม 2567"
    assert thai_date(None) == ""


@pytest.mark.django_db
def test_analysis_document_uses_the_previous_years_round(laksi_round):
    call_command("load_measures", stdout=io.StringIO())
    doc = analysis_document(laksi_round.agency, 2568)
    assert doc.kind == "analysis" and doc.fiscal_year == 2568 and doc.agency == "สำนักงานเขตหลักสี่"
    assert "ตามผลการประเมินประจำปีงบประมาณ พ.ศ. 2567" in doc.title and "พ.ศ. 2568" in doc.subtitle
    body = texts(doc)
    assert "83.39" in body and "ต้องปรับปรุง" in body
    assert "O22 (ITA 85.39 ระดับผ่าน)" in body and "O10 (ITA" not in body
    issue_tables = [t for t in tables(doc) if [c.title for c in t.columns] == [c.title for c in ANALYSIS_COLUMNS]]
    assert len(issue_tables) == 1  # one table, its header row once a page
    codes = [row[0].text.split()[0] for row in body_rows(issue_tables[0])]
    assert codes == ["E6", "O10", "O15", "O18", "O19", "O21", "O22"]  # pack order
    # before its issues, a group row for each tool, indicator and sub-indicator, as the seeds set them
    groups = [r[0].text for r in issue_tables[0].rows if is_group(issue_tables[0], r)]
    assert groups[:3] == ["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)", "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน",
                          "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"]
    assert groups[3:5] == ["ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", "ตัวชี้วัดย่อยที่ 9.2 การบริหารงาน"]  # O10 is in 9.2
    assert issue_tables[0].rows[0][0].bold and issue_tables[0].font_pt == 14
    assert "E6 " in body and "(84.16 คะแนน)" in body and "O10" in body and "(ไม่ผ่าน)" in body
    # no plan yet: the library proposes measures
    e6_row = body_rows(issue_tables[0])[0]
    assert len(e6_row[2].bullets) == 3
    # the worth table, most valuable first
    worth = tables(doc)[0]
    assert worth.rows[0][1].text == "+2.00" and worth.rows[-1][0].text.startswith("E6")
    with pytest.raises(MissingData):
        analysis_document(laksi_round.agency, 2567)  # no 2566 round


@pytest.mark.django_db
def test_analysis_document_takes_the_plans_problems_and_measures(laksi_round):
    plan = make_plan(laksi_round)
    doc = analysis_document(laksi_round.agency.code, 2568)
    rows = [row for t in tables(doc)[1:] for row in body_rows(t)]
    e6 = next(r for r in rows if r[0].text.startswith("E6"))
    assert e6[1].text == plan.issues.get(code="E6").problem
    # two measures: a row each, as the plan has them, each with its own units and monitoring beside it
    # (one cell of "มาตรการที่ 1: … มาตรการที่ 2: …" did not line up with the measures: a reviewer)
    e6_rows = [r for r in rows if r[0].text.startswith("E6") or r[0].text == "(ต่อ) E6"]
    assert [r[0].text.split(" (")[0] == "(ต่อ) E6" for r in e6_rows] == [False, True] and e6_rows[1][1].text == ""
    measures = list(plan.issues.get(code="E6").measures.order_by("order"))
    assert [r[2].text for r in e6_rows] == ["1. ปรับปรุงขั้นตอนการให้บริการ\n2. ประชาสัมพันธ์ขั้นตอนใหม่",
                                            "จัดทำแบบสำรวจความพึงพอใจ"]
    for row, measure in zip(e6_rows, measures):  # units one a line
        assert row[3].text == "\n".join(u.name_th for u in measure.responsible_units.all())
    assert [r[4].text for r in e6_rows] == ["ทุก 1 เดือน", ""]
    plan.issues.get(code="E6").measures.filter(order=2).update(monitoring="ทุก 3 เดือน")
    doc = analysis_document(laksi_round.agency.code, 2568)
    assert [r[4].text for t in tables(doc)[1:] for r in body_rows(t) if "E6" in r[0].text.split(" (")[0]] == ["ทุก 1 เดือน", "ทุก 3 เดือน"]
    o22 = next(r for t in tables(doc)[1:] for r in body_rows(t) if r[0].text.startswith("O22"))
    assert o22[2].text == "เผยแพร่มาตรการบนเว็บไซต์"
    # only the plan's issues (E6, O22), not the library's proposals for the weak items left out of it
    # (a tester's director read measures and units nobody had planned): those are named as such, one a line
    codes = [r[0].text.removeprefix("(ต่อ) ").split()[0] for t in tables(doc)[1:] for r in body_rows(t)]
    assert codes == ["E6", "E6", "O22"]
    listed = next(s.paragraphs for s in doc.sections if s.paragraphs and s.paragraphs[0].startswith("ประเด็นที่ไม่ได้นำเข้าแผนมาตรการ"))
    assert any(p.startswith("- O10 ") for p in listed) and any(p.startswith("- O21 ") for p in listed)
    assert listed[0] == f"ประเด็นที่ไม่ได้นำเข้าแผนมาตรการ {len(listed) - 1} ประเด็น ได้แก่"

@pytest.mark.django_db
def test_plan_document_has_seed_004_columns_and_approval(laksi_round):
    plan = make_plan(laksi_round)
    director = User.objects.create_user("director", first_name="สมชาย", last_name="ใจดี")
    plan.approved_by, plan.approved_at = director, timezone.make_aware(dt.datetime(2024, 11, 15, 10, 0))
    plan.save()
    doc = plan_document(laksi_round.agency, 2568)
    table = tables(doc)[0]
    assert [c.title for c in table.columns] == [c.title for c in PLAN_COLUMNS]
    assert [c.title for c in table.columns][5] == "ระยะเวลาแล้วเสร็จ"
    assert len(table.rows) == 3  # three measures
    first = table.rows[0]
    assert first[0].text == "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน"
    # an OIT sub-indicator under its indicator, as the seeds print them (a tester missed "ตัวชี้วัดที่ 10")
    assert table.rows[2][0].text == "ตัวชี้วัดที่ 10 การป้องกันการทุจริต\nตัวชี้วัดย่อยที่ 10.2 มาตรการภายในเพื่อป้องกันการทุจริต"
    assert first[1].text.startswith("E6") and "84.16" in first[1].text
    assert first[3].text == "ขั้นตอนใหม่ 1 ฉบับ" and first[4].text == "ป้ายประชาสัมพันธ์ ณ จุดบริการ"
    assert first[5].text == "31 มี.ค. 2568"
    assert table.rows[1][0].text == "" and table.rows[1][1].text == "(ต่อ) E6"  # same issue: named, not repeated
    assert doc.signatures == [("ผู้อำนวยการเขตหลักสี่", "สมชาย ใจดี")]  # position, name; the date once:
    assert doc.issued == dt.date(2024, 11, 15) and not doc.draft
    assert "2568" in doc.subtitle and doc.kind == "plan"


def test_a_long_problem_goes_on_a_row_across_the_plan_not_down_its_narrow_column(laksi_round):
    """A problem text of the form's full 2,000 characters in its narrow column ran the plan over ten
    pages: past PROBLEM_SPAN_CHARS it has a row of its own across the table, above its measures."""
    from prongsai.documents import pdf
    from prongsai.measures.documents import PROBLEM_SPAN_CHARS
    from prongsai.measures.models import TEXT_LIMITS

    plan = make_plan(laksi_round)
    with pdf.laid_out(plan_document(laksi_round.agency, 2568)) as pages:
        short_pages = len(pages.pages)
    issue = plan.issues.get(code="E6")
    issue.problem = ("ผู้รับบริการร้องเรียนว่าขั้นตอนการขออนุญาตไม่ชัดเจน ต้องติดต่อหลายครั้งและไม่ทราบระยะเวลา " * 30)[:TEXT_LIMITS["problem"]]
    issue.save()
    table = tables(plan_document(laksi_round.agency, 2568))[0]
    across, first = table.rows[0], table.rows[1]
    assert across[0].text == "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน" and across[1].colspan == len(PLAN_COLUMNS) - 1
    assert across[1].heads and not any(cell.heads for cell in first)  # kept on the page of its first measure
    assert across[1].text.startswith("E6") and across[1].text.endswith(issue.problem.strip())
    assert first[0].text == "" and first[1].text.startswith("E6") and "ผู้รับบริการร้องเรียน" not in first[1].text
    assert first[2].text and table.rows[2][1].text == "(ต่อ) E6"
    with pdf.laid_out(plan_document(laksi_round.agency, 2568)) as pages:
        assert len(pages.pages) <= short_pages + 1  # (down its column: ten pages more)
    # the analysis and the progress report print the problem beside the measures too: the same
    for doc in (analysis_document(laksi_round.agency, 2568), progress_document(laksi_round.agency, 2568, "6m")):
        rows = next(body_rows(t) for t in tables(doc) if [c.title for c in t.columns][1] == "ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา")
        at = next(i for i, r in enumerate(rows) if r[0].text.startswith("E6"))
        across, first = rows[at], rows[at + 1]
        assert len(across) == 2 and across[1].colspan == len(rows[at + 1]) - 1 and across[1].text == issue.problem
        assert [first[0].text, first[1].text] == ["(ต่อ) E6", ""] and first[2].text
    issue.problem = "ก" * PROBLEM_SPAN_CHARS  # not long: in its column, as the seed prints it
    issue.save()
    first = tables(plan_document(laksi_round.agency, 2568))[0].rows[0]
    assert first[1].text.endswith(issue.problem) and first[2].text


@pytest.mark.django_db
def test_a_question_read_line_by_line_is_named_as_the_results_report_names_it(laksi_round):
    """E3's questionnaire text is six lines, one per service type (a respondent reads their own); the
    plan, the analysis and the lists name it in one line as the official report does, so its issue
    cell is not a page long beside one measure."""
    from prongsai.scoring.tests.fixture import laksi

    plan = make_plan(laksi_round)
    add_long_issue(plan, code="E3", measures=1)
    e3 = next(q for q in laksi()["questions"]["EIT"] if q["code"] == "E3")
    named = f"E3 {e3['text_th']} ({e3['published_score']:.2f} คะแนน)"
    cells = [row[1].text for row in tables(plan_document(laksi_round.agency, 2568))[0].rows]
    assert any(cell.startswith(named + "\n") for cell in cells), cells
    assert "งานทะเบียน - " not in texts(plan_document(laksi_round.agency, 2568))
    analysis = texts(analysis_document(laksi_round.agency, 2568))
    assert named in analysis and "งานทะเบียน - " not in analysis


@pytest.mark.django_db
def test_a_measure_of_every_unit_is_said_to_be_of_every_unit(laksi_round):
    """All of the agency's units ticked: "ทุกฝ่าย", as the seeds write it, not every name (eleven took
    some 14 lines of a cell); some of them: their names."""
    plan = make_plan(laksi_round)
    units = list(laksi_round.agency.units.all())
    assert len(units) >= 3
    m = plan.issues.get(code="E6").measures.get(order=1)
    m.responsible_units.set(units)
    row = tables(plan_document(laksi_round.agency, 2568))[0].rows[0]
    assert row[6].text == "ทุกฝ่าย"
    m.responsible_units.set(units[1:])
    row = tables(plan_document(laksi_round.agency, 2568))[0].rows[0]
    assert row[6].text == "\n".join(u.name_th for u in units[1:])  # one a line


@pytest.mark.django_db
def test_plan_document_without_plan_is_missing_data(laksi_round):
    with pytest.raises(MissingData, match="ยังไม่มีแผนมาตรการของปีงบประมาณ 2568"):  # Thai first, with what to do
        plan_document(laksi_round.agency, 2568)


@pytest.mark.django_db
def test_progress_document_with_results_and_photos(laksi_round, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(laksi_round)
    done = MeasureProgress.objects.get(measure__issue__plan=plan, status=MeasureProgress.DONE)
    buf = io.BytesIO()
    PILImage.new("RGB", (400, 300), "green").save(buf, "PNG")
    add_upload(done, SimpleUploadedFile("a.png", buf.getvalue()), caption="ประชุมชี้แจงเจ้าหน้าที่")
    add_link(done, "https://example.go.th/news/1", "ข่าวประชาสัมพันธ์")
    add_upload(done, SimpleUploadedFile("รายงานผล ครั้งที่ 1.pdf", b"%PDF-1.4\n%%EOF\n"), caption="รายงานการประชุม")
    add_upload(done, SimpleUploadedFile("C:\\งาน\\<สรุป>.pdf", b"%PDF-1.4\n%summary\n%%EOF\n"))  # another file
    # a 2566 round so the report compares indicators year over year (seed 002)
    previous = AssessmentRound.objects.create(agency=laksi_round.agency, fiscal_year=2566, framework="bma-district-2566")
    for n in range(1, 7):
        PublishedScore.objects.create(round=previous, code=f"E{n}", score=Decimal("90"))

    m2 = done.measure.issue.measures.get(activities="จัดทำแบบสำรวจความพึงพอใจ")  # deadline 30 Sep 2025
    MeasureProgress.objects.create(measure=m2, reporting_round=done.reporting_round, status=MeasureProgress.IN_PROGRESS)
    doc = progress_document(laksi_round.agency, 2568, "6m", today=dt.date(2026, 1, 1))
    assert "รอบ 6 เดือนแรก (ตุลาคม 2567 - มีนาคม 2568)" in doc.subtitle
    summary = doc.sections[0]  # the round at a glance: 3 measures, as at the round's end (31 Mar 2025)
    assert summary.heading == "สรุปผลการดำเนินการ"
    # in words, the empty counts left out (a tester: "ยังไม่ดำเนินการ 0 มาตรการ" reads like system output)
    assert summary.paragraphs[0] == "มาตรการทั้งหมด 3 มาตรการ แบ่งเป็น ดำเนินการแล้วเสร็จ 1 มาตรการ และอยู่ระหว่างดำเนินการ 2 มาตรการ"
    # overdue: O22 (31 Dec 2024, under way); which lack evidence is the coordinator's check, not the report's
    assert summary.paragraphs[1] == "เกินกำหนด 1 มาตรการ ณ สิ้นวันที่ 31 มีนาคม 2568"
    assert not any("หลักฐาน" in line for line in summary.paragraphs)
    (measures_table,) = [s.table for s in doc.sections if s.heading == "ผลการดำเนินการตามมาตรการ"]
    groups = [r[0].text for r in measures_table.rows if is_group(measures_table, r)]
    oit = groups.index("ตัวชี้วัดย่อยที่ 10.2 มาตรการภายในเพื่อป้องกันการทุจริต")
    assert groups[oit - 1] == "ตัวชี้วัดที่ 10 การป้องกันการทุจริต"  # the indicator above its sub-indicator
    assert groups[oit - 2] == "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"
    yoy = doc.sections[1]
    assert [c.title for c in yoy.table.columns][1:3] == ["ปี 2566", "ปี 2567"]
    eit = next(r for r in yoy.table.rows if r[0].text.startswith("EIT"))
    assert [c.text for c in eit[1:]] == ["90.00", "88.25", "-1.75"]
    assert "EIT (จาก 90.00 เป็น 88.25 คะแนน)" in yoy.paragraphs[0]
    progress_tables = [t for t in tables(doc) if [c.title for c in t.columns] == [c.title for c in PROGRESS_COLUMNS]]
    assert all(t.columns == PROGRESS_COLUMNS for t in progress_tables)  # a photo: its column as wide as ever
    rows = [r for t in progress_tables for r in body_rows(t)]
    assert len(rows) == 3
    e6 = rows[0]
    assert e6[0].text.startswith("E6") and "ดำเนินการแล้วเสร็จ" in e6[3].text and "ปรับปรุงขั้นตอนการให้บริการ" in e6[2].text
    assert "ข่าวประชาสัมพันธ์: https://example.go.th/news/1" in e6[3].bullets
    assert e6[3].text.endswith("\nหลักฐานประกอบ:")  # under a heading, not run on after the unit's own list (a tester)
    assert not any(r[3].text.endswith("หลักฐานประกอบ:") for r in rows if not r[3].bullets)
    # a file is named as it was uploaded, so a reader can find it (its path and odd characters left out)
    assert "เอกสารแนบ: รายงานการประชุม (ไฟล์ รายงานผล ครั้งที่ 1.pdf)" in e6[3].bullets
    assert "เอกสารแนบ: ไฟล์ สรุป.pdf" in e6[3].bullets
    photo = e6[4].images[0]
    assert isinstance(photo, Image) and photo.path.exists() and photo.caption == "ประชุมชี้แจงเจ้าหน้าที่"
    # no photo: a dash, not a blank that reads as a picture left out (a reviewer)
    assert rows[1][4].text == "–" and not rows[1][4].images and e6[4].text == ""
    # overdue as at the end of the round (31 Mar 2025): the 30 Sep 2025 deadline was not yet passed
    assert rows[1][3].text == "อยู่ระหว่างดำเนินการ"
    o22 = rows[2]
    assert "อยู่ระหว่างดำเนินการ (เกินกำหนด)" in o22[3].text  # deadline 31 Dec 2024 passed
    with pytest.raises(MissingData) as missing:
        progress_document(laksi_round.agency, 2568, "12m")
    # named as people call it, not only by its code (a tester read "ยังไม่มีรอบการรายงาน 6m")
    assert "แผนนี้ไม่มีการรายงานรอบ 12 เดือน (12m) — รอบการรายงานของแผนนี้คือ 6m (รอบ 6 เดือน)" in str(missing.value)
    # the plan's own year's results (published in September) are not compared in its report, signed in
    # April (seed 002: FY2568's report compares 2566 and 2567)
    later = AssessmentRound.objects.create(agency=laksi_round.agency, fiscal_year=2568, framework=laksi_round.framework)
    PublishedScore.objects.create(round=later, code="E1", score=Decimal("50"))
    yoy = progress_document(laksi_round.agency, 2568, "6m", today=dt.date(2026, 1, 1)).sections[1]
    assert [c.title for c in yoy.table.columns][1:] == ["ปี 2566", "ปี 2567", "เปลี่ยนแปลง"]


@pytest.mark.django_db
def test_progress_document_before_anything_is_reported(laksi_round):
    make_plan(laksi_round, with_progress=False)
    doc = progress_document(laksi_round.agency.code, 2568, "6m", today=dt.date(2024, 11, 1))
    rows = [r for t in tables(doc) for r in body_rows(t)]
    # no photo anywhere: the photo column gives the results most of its room
    (table,) = tables(doc)
    assert [c.title for c in table.columns] == [c.title for c in PROGRESS_COLUMNS]
    shares = [c.width for c in table.columns]
    assert shares[4] < PROGRESS_COLUMNS[4].width and shares[3] > PROGRESS_COLUMNS[3].width and sum(shares) == pytest.approx(sum(c.width for c in PROGRESS_COLUMNS))
    assert [r[3].text for r in rows] == ["ยังไม่รายงานผล"] * 3
    assert doc.sections[0].paragraphs == [
        "มาตรการทั้งหมด 3 มาตรการ ยังไม่รายงานผลทุกมาตรการ",
        "ไม่มีมาตรการที่เกินกำหนด ณ วันที่ 1 พฤศจิกายน 2567"]
    assert all(not r[4].images for r in rows)
    assert not any(s.heading == "การเปรียบเทียบคะแนนตามตัวชี้วัด" for s in doc.sections)  # one round only
    # not signed off yet: a draft, dotted lines for the director to sign by hand
    assert doc.draft and doc.signatures == [("ผู้อำนวยการเขตหลักสี่", "")] and doc.issued is None


@pytest.mark.django_db
def test_documents_say_when_there_is_nothing_to_list(laksi_round):
    """An empty plan, a report of it, an analysis of a round with no weak item: each says so (a
    reviewer found a bare header row, a heading with nothing under it, and "no measure overdue"
    of a plan without measures)."""
    from prongsai.measures.models import Plan

    plan = Plan.objects.create(agency=laksi_round.agency, fiscal_year=2568, source_round=laksi_round)
    rows = tables(plan_document(laksi_round.agency, 2568))[0].rows
    assert len(rows) == 1 and [c.text for c in rows[0]] == ["–", "ยังไม่มีประเด็นและมาตรการในแผน"]
    assert rows[0][1].colspan == len(PLAN_COLUMNS) - 1  # not a full-width group row (shaded as an indicator)
    plan.reporting_rounds.create(code="6m", start=dt.date(2024, 10, 1), end=dt.date(2025, 3, 31))
    doc = progress_document(laksi_round.agency, 2568, "6m", today=dt.date(2025, 4, 2))
    assert doc.sections[0].paragraphs == ["ยังไม่มีมาตรการในแผน"]
    PublishedScore.objects.filter(round=laksi_round).update(score=Decimal("100"))  # every item passed
    laksi_round.disclosures.update(score=Decimal("100"))
    doc = analysis_document(laksi_round.agency, 2568)
    listed = next(s for s in doc.sections if s.heading == "มาตรการตามประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา")
    assert listed.paragraphs == ["ไม่มีข้อคำถามหรือข้อ OIT ที่ได้คะแนนต่ำกว่า 85 คะแนน"] and not tables(doc)


@pytest.mark.django_db
def test_analysis_before_a_plan_words_each_problem_and_names_each_unit_once(laksi_round):
    call_command("load_measures", stdout=io.StringIO())
    doc = analysis_document(laksi_round.agency, 2568)
    rows = {r[0].text.split()[0]: r for t in tables(doc)[1:] for r in body_rows(t)}
    # the problem as the plan would start from it, in Thai (not a blank column: a reviewer)
    assert rows["E6"][1].text.startswith("ต่ำกว่าเกณฑ์") and rows["O10"][1].text.startswith("ยังไม่เปิดเผยข้อมูล")
    for row in rows.values():  # no unit named twice ("ฝ่ายปกครอง, ฝ่ายปกครองและทุกฝ่าย")
        names = row[3].text.split("\n")
        assert not any(a != b and a in b for a in names for b in names), row[3].text
    assert doc.issued == dt.date.today()  # no plan went to the director yet
    # dated the day its plan went to the director, as the analysis goes with it (not the day printed)
    from prongsai.measures.models import Plan

    Plan.objects.create(agency=laksi_round.agency, fiscal_year=2568, source_round=laksi_round,
                        submitted_at=dt.datetime(2024, 11, 12, 3, 0, tzinfo=dt.timezone.utc))
    assert analysis_document(laksi_round.agency, 2568).issued == dt.date(2024, 11, 12)


def test_unit_list_names_each_unit_once_one_a_line():
    from prongsai.measures.planning import unit_list

    assert unit_list(["ฝ่ายโยธา", "ฝ่ายสิ่งแวดล้อม", "ฝ่ายโยธา"]) == "ฝ่ายโยธา\nฝ่ายสิ่งแวดล้อม"
    assert unit_list(["ฝ่ายปกครอง", "ฝ่ายปกครองและทุกฝ่าย", " ", ""], within=True) == "ฝ่ายปกครองและทุกฝ่าย"
    assert unit_list(["ทุกฝ่าย (เจ้าหน้าที่ประจำจุดให้บริการ)", "ทุกฝ่าย"], within=True) == "ทุกฝ่าย (เจ้าหน้าที่ประจำจุดให้บริการ)"
    # the agency's own units are each a unit, whatever their names hold (a reviewer lost ฝ่ายการคลัง so)
    assert unit_list(["ฝ่ายการคลัง", "ฝ่ายการคลังและบัญชี"]) == "ฝ่ายการคลัง\nฝ่ายการคลังและบัญชี"
    assert unit_list([]) == ""


@pytest.mark.django_db
def test_plan_pdf_table_fits_the_page(laksi_round):
    """The plan's eight columns at 16 pt fill the text width of A4 landscape exactly, and nothing
    (a date, a heading, a long word) is drawn past its cell."""
    from prongsai.documents.html import column_widths_pt, text_width_pt
    from prongsai.documents.tests.layout import overflows

    add_long_issue(make_plan(laksi_round))
    doc = plan_document(laksi_round.agency, 2568)
    assert sum(column_widths_pt(doc, tables(doc)[0])) == pytest.approx(text_width_pt(doc)) == pytest.approx(756.85, abs=0.01)
    assert overflows(doc) == []


# Words the tester saw broken across lines in the plan and progress PDFs (the header row's too).
COMPOUNDS = ["ผู้อำนวยการ", "ประจำ", "สำนักงาน", "ผู้รับผิดชอบ", "ผู้บริหาร", "จัดซื้อจัดจ้าง", "รายงานผล",
             "ไม่ผ่าน", "รับผิดชอบ", "มอบหมาย", "ประชาสัมพันธ์", "ระยะเวลา"]


@pytest.mark.django_db
def test_plan_and_progress_pdf_lines_break_between_words(laksi_round):
    """Every line WeasyPrint lays out in the real plan and progress report (long seed wordings in the
    plan's narrow columns): no office compound split, nothing drawn past its cell."""
    from prongsai.documents.tests.layout import block_lines, broken_words, overflows

    add_long_issue(make_plan(laksi_round, with_progress=False))
    for doc in (plan_document(laksi_round.agency, 2568), progress_document(laksi_round.agency, 2568, "6m")):
        blocks = block_lines(doc)
        text = " ".join(line for lines in blocks for line in lines)
        assert doc.kind == "progress" or all(word in text for word in COMPOUNDS), [w for w in COMPOUNDS if w not in text]
        assert sum(len(lines) > 3 for lines in blocks) >= 8  # many cells wrap
        assert [bad for lines in blocks for bad in broken_words(lines, COMPOUNDS)] == [], doc.kind
        assert "eservice." in text and "https:" not in text  # links printed compactly, never broken at "//"
        assert overflows(doc) == [], doc.kind


def _rows_by_page(pages):
    """Per page, the body rows drawn on it: (row id, its cells' texts)."""
    from weasyprint.formatting_structure import boxes

    from prongsai.documents.tests.layout import _line_text

    out = []
    for page in pages.pages:
        rows = []

        def walk(box):
            if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
                return
            if isinstance(box, boxes.TableRowBox):
                rows.append((box.element.get("id"), [_line_text(cell) for cell in box.children]))
                return
            for child in getattr(box, "children", None) or []:
                walk(child)

        walk(page._page_box)
        out.append(rows)
    return out


def _each_page_names_its_issue(by_page, column: int) -> int:
    """On every page after the first, the first row begun on it (after the rest of a row split from the
    page before, whose issue is named on that page) names its issue: its own label, or "(ต่อ) E5"; no
    other row says "(ต่อ)", its issue in sight above it (a tester: it stood before every later measure).
    Returns how many pages an issue's later measure starts."""
    seen, named = set(), 0
    for n, rows in enumerate(by_page):
        begun = [(row_id, cells) for row_id, cells in rows if row_id not in seen and len(cells) > 1]  # (not a group row)
        if n and begun:
            assert begun[0][1][column].startswith(("(ต่อ) ", "E", "O", "I")), (n, begun[0][1][:column + 1])
            named += begun[0][1][column].startswith("(ต่อ) ")
        assert not any("(ต่อ)" in cells[column] for _row, cells in begun[1:]), n
        seen.update(row_id for row_id, _ in rows)
    return named


@pytest.mark.django_db
def test_plan_pdf_rows_are_not_left_as_fragments_and_name_their_issue(laksi_round, monkeypatch):
    """A page never ends with the first line or two of a row (its date alone); a page that starts with a
    new row of an issue names the issue ("(ต่อ) E5")."""
    from prongsai.documents import pdf

    add_long_issue(make_plan(laksi_round), measures=3, repeat=4)
    doc = plan_document(laksi_round.agency, 2568)
    with pdf.laid_out(doc) as pages:
        assert len(pages.pages) >= 4
        assert pdf.split_rows(pages) == {}
        by_page = _rows_by_page(pages)
    assert _each_page_names_its_issue(by_page, column=1) >= 2  # (the case is there, after a split row too)
    from docx import Document as open_docx

    from prongsai.documents.docx import render_docx

    word = "\n".join(cell.text for table in open_docx(io.BytesIO(render_docx(doc))).tables
                      for row in table.rows for cell in row.cells)
    assert "(ต่อ)" not in word and "E" in word  # Word lays out its own pages: not known here
    # one layout pass only: some row is split after a line or two (what the second pass is for)
    monkeypatch.setattr(pdf, "LAYOUT_PASSES", 1)
    with pdf.laid_out(doc) as pages:
        assert pdf.split_rows(pages)


@pytest.mark.django_db
def test_progress_pdf_keeps_headings_with_their_table(laksi_round):
    """No page ends with a section heading or a group row (ตัวชี้วัดที่ 9 …), or with a heading, the
    header row and a line or two of a table's first row: they go to the next page together."""
    from weasyprint.formatting_structure import boxes

    from prongsai.documents import pdf

    plan = make_plan(laksi_round, with_progress=False)
    add_long_issue(plan, code="E5", measures=3, repeat=2)
    add_long_issue(plan, code="O15", measures=3)
    doc = progress_document(laksi_round.agency, 2568, "6m")
    with pdf.laid_out(doc) as pages:
        assert len(pages.pages) >= 3
        assert pdf.split_rows(pages) == {}
        for n, page in enumerate(pages.pages):
            last = []

            def walk(box):
                if isinstance(box, boxes.BlockBox) and box.element_tag == "h2":
                    last.append("heading")
                    return
                if isinstance(box, boxes.TableRowBox) and box.element.get("id"):  # a group row is a heading
                    last.append("heading" if "group" in (box.element.get("class") or "").split() else "row")
                    return
                for child in getattr(box, "children", None) or []:
                    walk(child)

            walk(page._page_box)
            assert last and last[-1] != "heading", n
        assert _each_page_names_its_issue(_rows_by_page(pages), column=0)


@pytest.mark.django_db
def test_analysis_pdf_title_keeps_the_year_with_its_words_and_figures_align_right(laksi_round):
    from weasyprint.formatting_structure import boxes

    from prongsai.documents import pdf
    from prongsai.documents.tests.layout import _line_text
    from prongsai.documents.tests.pdftext import page_lines

    call_command("load_measures", stdout=io.StringIO())
    doc = analysis_document(laksi_round.agency, 2568)
    first = page_lines(pdf.render_pdf(doc))[0]
    assert first[:2] == ["การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน", "ของสำนักงานเขตหลักสี่ ตามผลการประเมินประจำปีงบประมาณ พ.ศ. 2567"]
    assert "2567" not in first[2:4]
    gaps = []  # a figure's distance from its cell's right edge
    with pdf.laid_out(doc) as pages:
        def walk(box):
            if isinstance(box, boxes.TableCellBox) and "num" in (box.element.get("class") or ""):
                line = next(c for c in box.children[0].children if isinstance(c, boxes.LineBox))
                right = max(t.position_x + t.width for t in line.children)
                gaps.append((box.content_box_x() + box.width - right) * 0.75)
                assert _line_text(box).startswith(("+", "8"))
            for child in getattr(box, "children", None) or []:
                walk(child)

        for page in pages.pages:
            walk(page._page_box)
    assert len(gaps) >= 6 and max(gaps) < 0.5


@pytest.mark.django_db
def test_documents_have_the_digits_of_the_agencies_own(laksi_round):
    """Seeds 004 (plan), 000 and 002 (progress reports) are written in Thai digits, seed 001 (the
    analysis) in Arabic ones: unless asked otherwise, each document is made so (a tester's 6-month
    report came out in Arabic digits from every link)."""
    make_plan(laksi_round)
    assert plan_document(laksi_round.agency, 2568).thai_numerals
    assert progress_document(laksi_round.agency, 2568, "6m").thai_numerals
    assert not analysis_document(laksi_round.agency, 2568).thai_numerals
