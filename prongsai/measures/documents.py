"""Builders of the official Thai documents of improvement planning, as `Document` objects
(prongsai.documents renders them to PDF or DOCX):

- analysis_document: the analysis of the previous year's round and its measures (seed 001 section 3)
- plan_document: the measures plan (seed 004's columns)
- progress_document: the progress report of a reporting round with results and photos (seeds 000, 002)

The texts are the users' own Thai paperwork, so they are Thai constants, not UI messages.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.documents.model import Cell, Column, Document, Image, Section, Table
from prongsai.scoring import Breakdown, Pack, round2

from .analysis import analyse, item_text, problem_text, year_over_year
from .models import Evidence, Measure, MeasureProgress, Plan, PlanIssue, ReportingRound
from .planning import EVERY_UNIT, all_units, unit_list
from .tracking import RoundProgress, round_progress, unreported

THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
THAI_MONTHS_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
STATUS_TH = {
    MeasureProgress.NOT_STARTED: "ยังไม่ดำเนินการ",
    MeasureProgress.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    MeasureProgress.DONE: "ดำเนินการแล้วเสร็จ",
}

ANALYSIS_COLUMNS = [
    Column("ประเด็นการประเมิน", 2.2),
    Column("ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา", 2.2),
    Column("มาตรการ/กิจกรรม ในการเตรียมความพร้อมรับการประเมิน ในประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา", 3.5),
    Column("หน่วยงานรับผิดชอบ", 1.6),  # ฝ่ายทะเบียน, ฝ่ายปกครอง whole
    Column("การกำกับติดตาม", 1.3),  # ผู้อำนวยการ fits
]
PLAN_COLUMNS = [  # widths in points of the 757 pt between the margins (A4 landscape), for 16 pt Sarabun:
    # a date (30 เม.ย. 2568), ประชาสัมพันธ์, ผู้รับผิดชอบ and the bold headings' words (ผู้อำนวยการ) just fit
    # on one line, the indicators' words (งบประมาณ: งบ|ประมาณ) nearly; the rest goes to the long texts
    Column("ตัวชี้วัด", 66),
    Column("ประเด็นที่ต้องเตรียมความพร้อม/ยกระดับ", 110),
    Column("กิจกรรมที่จะดำเนินการ", 120),
    Column("ผลผลิต", 84),
    Column("วิธีการสร้างการรับรู้", 101),
    Column("ระยะเวลาแล้วเสร็จ", 100),
    Column("ผู้รับผิดชอบ", 87),
    Column("ระยะเวลากำกับติดตามโดยผู้อำนวยการเขต", 89),
]
# a problem text longer than this (some ten lines in its column) is printed on a row across the table
# (`problem_across`)
PROBLEM_SPAN_CHARS = 400
PROGRESS_COLUMNS = [  # the activities (several paragraphs each) take the most room; a photo is legible at 1.7
    Column("ประเด็นการประเมิน", 1.6),
    Column("ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา", 1.8),
    Column("มาตรการ/กิจกรรม ในการเตรียมความพร้อมรับการประเมิน", 3.4),
    Column("ผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน", 2.5),
    Column("ภาพกิจกรรมที่แสดงถึงการปฏิบัติจริงอย่างเป็นรูปธรรม", 1.7),
]


class MissingData(ObjectDoesNotExist):
    """The round, plan or reporting round a document needs does not exist (message says which)."""


def thai_date(value: dt.date | None, short: bool = True) -> str:
    """31 มี.ค. 2568 (Buddhist era); '' for no date."""
    if value is None:
        return ""
    months = THAI_MONTHS_SHORT if short else THAI_MONTHS
    return f"{value.day} {months[value.month - 1]} {value.year + 543}"


def _agency(agency) -> Agency:
    if isinstance(agency, Agency):
        return agency
    found = Agency.objects.filter(code=str(agency)).first()
    if found is None:
        raise MissingData(_("no agency with code %(code)s") % {"code": agency})
    return found


def _round(agency: Agency, fiscal_year: int) -> AssessmentRound:
    rnd = AssessmentRound.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if rnd is None:
        raise MissingData(_("%(agency)s: no assessment round for fiscal year %(year)s") % {"agency": agency.code, "year": fiscal_year})
    return rnd


def _plan(agency: Agency, fiscal_year: int) -> Plan:
    plan = Plan.objects.filter(agency=agency, fiscal_year=fiscal_year).select_related("source_round", "approved_by").first()
    if plan is None:
        raise MissingData(_("%(agency)s: no measures plan for fiscal year %(year)s; create it from the weak items of the "
                            "round before it (Plans › Weak items and measures)") % {"agency": agency.code, "year": fiscal_year})
    return plan


def _score_text(value) -> str:
    if value is None:
        return "–"
    return f"{round2(Fraction(value)):.2f}"


def issue_label(pack: Pack, code: str, breakdown: Breakdown | None) -> str:
    """'E6 … (84.16 คะแนน)' / 'O10 … (ไม่ผ่าน)': the assessed point as the seeds print it."""
    text = item_text(pack, code)
    label = f"{code} {text.th}" if text else code
    if breakdown is None:
        return label
    if code in breakdown.questions and breakdown.questions[code].score is not None:
        value = breakdown.questions[code].score
        if breakdown.questions[code].tool == "OIT":
            return f"{label} ({'ผ่าน' if value >= 100 else 'ไม่ผ่าน'})"
        return f"{label} ({_score_text(value)} คะแนน)"
    if breakdown.indicators.get(code) is not None:
        return f"{label} ({_score_text(breakdown.indicators[code])} คะแนน)"
    return label


def problem_across(issue: PlanIssue, rows: list[list[Cell]], column: int, rest: list[Cell]) -> list[list[Cell]]:
    """An issue's rows in a document's table (its problem in `column` of the first), with a problem text
    over PROBLEM_SPAN_CHARS on a row of its own across the table above them: down its narrow column
    2,000 characters ran the plan ten pages longer. The first row's cells up to the problem's become
    `rest`: each document names the issue there in its own way. The row across stays with the first of them
    on one page (`Cell.heads`)."""
    if len(issue.problem) <= PROBLEM_SPAN_CHARS:
        return rows
    first = rows[0]
    return [[*first[:column], Cell(first[column].text, colspan=len(first) - column, heads=True)], [*rest, *first[column + 1:]], *rows[1:]]


def continued(code: str) -> Cell:
    """The issue cell of an issue's second and later rows: "(ต่อ) E6", printed where its row starts a page."""
    return Cell(f"(ต่อ) {code}", continues=True)


def _group_of(pack: Pack, code: str) -> tuple[str, str, str]:
    """(tool code, the indicator's heading above a sub-indicator's or "", heading) of the indicator or
    sub-indicator an issue code belongs to: OIT items come under ตัวชี้วัดที่ 9 …, then ตัวชี้วัดย่อยที่ 9.2 …"""
    for ind in pack.indicators:
        if code in ind.questions:
            return ind.tool, "", f"ตัวชี้วัดที่ {ind.code} {ind.name.th}"
    for sub in pack.subindicators:
        if code in sub.items or code == sub.code:
            parent = next((i for i in pack.indicators if sub.code in i.subindicators), None)
            above = f"ตัวชี้วัดที่ {parent.code} {parent.name.th}" if parent else ""
            return "OIT", above, f"ตัวชี้วัดย่อยที่ {sub.code} {sub.name.th}"
    return "", "", ""


def document_order(pack: Pack) -> dict[str, int]:
    """Each question, sub-indicator and OIT item's place in the pack: the order of the documents'
    issues (by tool and indicator, as the seeds list them), and of the plan's page."""
    codes = pack.question_codes() + [c for s in pack.subindicators for c in (s.code, *s.items)]
    return {code: n for n, code in enumerate(codes)}


def in_document_order(measures, pack: Pack):
    """A plan's measures (a queryset) with their issues in document order, as the plan's page and the
    documents list them (a page by the order the issues were added in read as another plan)."""
    from django.db.models import Case, IntegerField, Value, When

    order = document_order(pack)
    place = Case(*[When(issue__code=code, then=Value(n)) for code, n in order.items()],
                 default=Value(len(order)), output_field=IntegerField())
    return measures.annotate(document_place=place).order_by("document_place", "issue__order", "issue_id", "order", "id")


def _units_text(agency: Agency) -> Callable[[Measure], str]:
    """What names a measure's responsible units in the agency's documents: their names; "ทุกฝ่าย" when
    they are all of the agency's (three or more): eleven names took some 14 lines of a plan's cell (a
    tester). The agency's units are counted once per document, not once per measure."""
    every = agency.units.count()

    def text(measure: Measure) -> str:
        units = list(measure.responsible_units.all())
        return EVERY_UNIT if all_units(len(units), every) else unit_list(u.name_th for u in units)

    return text


def _grouped_table(pack: Pack, codes: list[str], make_rows, columns: list[Column]) -> Table | None:
    """The issues' rows in pack order, in one table as the seeds set it: before its issues, a shaded
    row for each tool ("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"), indicator ("ตัวชี้วัดที่ 9 …")
    and sub-indicator ("ตัวชี้วัดย่อยที่ 9.2 …"). One table, not one per indicator: the five-line header
    row once a page, not again under every heading, and a tall row no longer pushes a heading with its
    header row and first row to a page of their own (half-empty pages, a tester's 6-month report).
    None when there is no issue."""
    if not codes:
        return None
    order = document_order(pack)
    width = len(columns)
    rows: list[list[Cell]] = []
    current_tool = current_group = current_above = None
    for code in sorted(codes, key=lambda c: order.get(c, 10_000)):
        tool, above, group = _group_of(pack, code)
        if tool != current_tool:
            rows.append([Cell(f"{pack.tool(tool).name.th} ({tool})" if tool else "อื่น ๆ", colspan=width, bold=True)])
            current_tool, current_group, current_above = tool, None, None
        if above and above != current_above:
            rows.append([Cell(above, colspan=width, bold=True)])
        current_above = above
        if group and group != current_group:
            rows.append([Cell(group, colspan=width, bold=True)])
        current_group = group
        rows.extend(make_rows(code))
    return Table(list(columns), rows, font_pt=14)


# -- analysis (seed 001 section 3) -------------------------------------------------------------

def analysis_document(agency, fiscal_year: int, threshold=None) -> Document:
    """The FY `fiscal_year` analysis of the agency's previous-year round: what each fix is worth,
    then the plan's issues with their problem, measures, responsible units and monitoring (the
    weak items left out of it named), or, before a plan exists, every weak item with the
    library's proposals."""
    from .library import proposals

    agency = _agency(agency)
    rnd = _round(agency, fiscal_year - 1)
    analysis = analyse(rnd, **({"threshold": threshold} if threshold is not None else {}))
    pack = rnd.pack
    breakdown = analysis.breakdown
    plan = Plan.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    issues = {i.code: i for i in PlanIssue.objects.filter(plan=plan).prefetch_related("measures__responsible_units")} if plan else {}
    units_text = _units_text(agency)
    weak = {i.code: i for i in analysis.items}
    # with a plan, its issues and measures (what the director signs with it); before one, every weak
    # item with the library's proposals
    codes = list(issues) if issues else list(weak)
    in_pack = document_order(pack)
    unplanned = sorted((c for c in weak if c not in issues), key=lambda c: in_pack.get(c, len(in_pack))) if issues else []

    def rows(code: str) -> list[list[Cell]]:
        label = issue_label(pack, code, breakdown)
        item = weak.get(code)
        if item is not None and item.previous is not None and item.change is not None and item.change < 0:
            label += f" ลดลงจากปี {analysis.previous.fiscal_year} ({item.previous:.2f})"
        issue = issues.get(code)
        if issue is not None:  # a row per measure, as the plan has them: its units and monitoring beside it
            measures = list(issue.measures.all()) or [None]
            return problem_across(issue, [
                [Cell(label) if n == 0 else continued(code), Cell(issue.problem if n == 0 else ""),
                 Cell(m.activities if m else "–"), Cell(units_text(m) if m else ""), Cell(m.monitoring if m else "")]
                for n, m in enumerate(measures)
            ], 1, [continued(code), Cell("")])
        library = [m for m, ticked in proposals(rnd.framework, pack, code) if ticked][:3]
        return [[
            Cell(label), Cell(problem_text(item, rnd.fiscal_year)),
            Cell("", bullets=[m.title_th for m in library]),
            Cell(unit_list((m.responsible_th for m in library), within=True)),
            Cell("\n".join(dict.fromkeys(m.monitoring_th.strip() for m in library if m.monitoring_th.strip()))),
        ]]

    # as an official report says it: each figure with its unit, the level after อยู่ในระดับ
    tools = " ".join(f"{code} {_score_text(t.score)} คะแนน" for code, t in breakdown.tools.items())
    level = f" อยู่ในระดับ{breakdown.level.name.th}" if breakdown.level else ""
    intro = [
        f"ผลการประเมินประจำปีงบประมาณ พ.ศ. {rnd.fiscal_year} ได้คะแนน ITA {_score_text(breakdown.ita)} คะแนน{level} ({tools})",
        f"ประเด็นที่ต้องปรับปรุง: ข้อคำถามและข้อ OIT ที่ได้คะแนนต่ำกว่า {analysis.threshold:.0f} คะแนน"
        + (f" หรือลดลงจากปี {analysis.previous.fiscal_year}" if analysis.previous else ""),
    ]
    raising = analysis.raising_level()
    if raising:
        intro.append(
            "ประเด็นที่หากแก้ไขเพียงข้อเดียวจะทำให้ระดับผลการประเมินสูงขึ้น: "
            + ", ".join(f"{i.code} (ITA {i.ita_after:.2f} ระดับ{i.level_after.name.th})" for i in raising)
        )
    worth_rows = [
        [Cell(issue_label(pack, i.code, breakdown)), Cell(f"+{i.gain:.2f}" if i.gain is not None else "–"), Cell(_score_text(i.ita_after)),
         Cell(i.level_after.name.th if i.level_after else "–")]
        for i in analysis.items
    ]
    sections = [Section(heading="สรุปผลการประเมิน", paragraphs=intro)]
    if worth_rows:
        sections.append(Section(
            heading="ผลที่จะได้จากการแก้ไขแต่ละประเด็น (เรียงตามคะแนน ITA ที่จะเพิ่มขึ้น)",
            # the level's column fits ต้องปรับปรุงโดยด่วน on one line
            table=Table([Column("ประเด็นการประเมิน", 3.6), Column("คะแนน ITA ที่เพิ่มขึ้น", 1.2, numbers=True),
                         Column("คะแนน ITA หลังแก้ไข", 1.2, numbers=True), Column("ระดับผลการประเมิน", 1.8)], worth_rows),
        ))
    if not codes:  # nothing below the pass mark nor down from the year before: the heading is not left bare
        listed = [f"ไม่มีข้อคำถามหรือข้อ OIT ที่ได้คะแนนต่ำกว่า {analysis.threshold:.0f} คะแนน"
                  + (f" หรือลดลงจากปี {analysis.previous.fiscal_year}" if analysis.previous else "")]
    elif unplanned:  # one a line: a dozen in one paragraph ran over two pages (a reviewer)
        listed = [f"ประเด็นที่ไม่ได้นำเข้าแผนมาตรการ {len(unplanned)} ประเด็น ได้แก่",
                  *(f"- {issue_label(pack, c, breakdown)}" for c in unplanned)]
    else:
        listed = []
    sections.append(Section(heading="มาตรการตามประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา", paragraphs=listed,
                            table=_grouped_table(pack, codes, rows, ANALYSIS_COLUMNS)))
    return Document(
        # two title lines, as the agencies set it (one line would leave the year alone on the second)
        title=f"การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน\nของ{agency.name_th} ตามผลการประเมินประจำปีงบประมาณ พ.ศ. {rnd.fiscal_year}",
        subtitle=f"ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา ในปีงบประมาณ พ.ศ. {fiscal_year}",
        agency=agency.name_th, fiscal_year=fiscal_year, sections=sections, kind="analysis",
        # the day the plan it led to went to the director (the analysis goes with it); before that, today
        issued=timezone.localtime(plan.submitted_at).date() if plan and plan.submitted_at else dt.date.today(),
    )


# -- plan (seed 004) -------------------------------------------------------------------------

def director(agency: Agency) -> str:
    """The signing director's position: ผู้อำนวยการเขตหลักสี่ for สำนักงานเขตหลักสี่."""
    name = agency.name_th or ""
    return "ผู้อำนวยการ" + name.removeprefix("สำนักงาน") if name.startswith("สำนักงานเขต") else "ผู้อำนวยการเขต"


def _approval(signed: Plan | ReportingRound, agency: Agency) -> dict:
    """The director's signature of a plan or a progress report (Document fields): name and date once
    approved; before that dotted lines to sign by hand, and the document is a draft."""
    if not signed.approved:
        return {"signatures": [(director(agency), "")], "issued": None, "draft": True}
    # never the login, which is no one's name: without a name, the dotted line to write it by hand
    return {"signatures": [(director(agency), signed.signed_name)], "issued": timezone.localtime(signed.approved_at).date(),
            "draft": False}


def plan_document(agency, fiscal_year: int) -> Document:
    agency = _agency(agency)
    plan = _plan(agency, fiscal_year)
    pack = plan.pack
    breakdown = None
    if plan.source_round:
        from prongsai.reports.scores import round_breakdown

        breakdown = round_breakdown(plan.source_round)
    issues = list(plan.issues.prefetch_related("measures__responsible_units"))
    units_text = _units_text(agency)
    order = document_order(pack)
    issues.sort(key=lambda i: (order.get(i.code, 10_000), i.order))
    rows: list[list[Cell]] = []
    last_group = last_above = None
    for issue in issues:
        tool, above, group = _group_of(pack, issue.code)
        measures = list(issue.measures.all()) or [None]
        label = issue_label(pack, issue.code, breakdown)
        issue_rows = []
        for n, m in enumerate(measures):
            first = n == 0
            indicator = group if (first and group != last_group) else ""
            if indicator and above and above != last_above:  # ตัวชี้วัดที่ 9 … above its first sub-indicator
                indicator, last_above = f"{above}\n{indicator}", above
            # the issue's later rows name it, so a row that starts a page says which issue it belongs to
            problem = Cell(f"{label}\n{issue.problem}".strip()) if first else continued(issue.code)
            if m is None:
                issue_rows.append([Cell(indicator), problem] + [Cell("") for _ in range(6)])
            else:
                issue_rows.append([
                    Cell(indicator), problem, Cell(m.activities), Cell(m.output), Cell(m.communication),
                    Cell(thai_date(m.deadline)), Cell(units_text(m)), Cell(m.monitoring),
                ])
            last_group = group
        rows += problem_across(issue, issue_rows, 1, [Cell(""), Cell(label)])
    if not rows:  # a plan not yet filled in: the table says so, not a bare header row
        rows.append([Cell("–"), Cell("ยังไม่มีประเด็นและมาตรการในแผน", colspan=len(PLAN_COLUMNS) - 1)])  # (not a group row)
    source = f"จากผลการประเมินประจำปีงบประมาณ พ.ศ. {plan.source_round.fiscal_year}" if plan.source_round else ""
    return Document(
        title="มาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        subtitle=f"ของ{agency.name_th} ประจำปีงบประมาณ พ.ศ. {fiscal_year}",
        agency=agency.name_th, fiscal_year=fiscal_year, kind="plan", thai_numerals=True,  # as seed 004 writes them
        sections=[Section(paragraphs=[source] if source else [], table=Table(list(PLAN_COLUMNS), rows, font_pt=14, fit_content=True))],
        **_approval(plan, agency),
    )


# -- progress (seeds 000 and 002) ---------------------------------------------------------------

def round_period(rr: ReportingRound) -> str:
    span = f"{THAI_MONTHS[rr.start.month - 1]} {rr.start.year + 543} - {THAI_MONTHS[rr.end.month - 1]} {rr.end.year + 543}"
    if rr.code == "6m":
        return f"รอบ 6 เดือนแรก ({span})"
    if rr.code == "12m":
        return f"รอบ 12 เดือน ({span})"
    if rr.start.day == 1 and (rr.end + dt.timedelta(days=1)).day == 1 and rr.end > rr.start:  # whole months: as above
        one = (rr.start.year, rr.start.month) == (rr.end.year, rr.end.month)
        return f"{round_name(rr)} ({span.split(' - ')[0] if one else span})"
    return f"{round_name(rr)} ({thai_date(rr.start, short=False)} - {thai_date(rr.end, short=False)})"


def round_name(rr: ReportingRound) -> str:
    """รอบ 6 เดือน, รอบ 12 เดือน, the round's own name (ไตรมาสที่ 3), else รอบ q3: how the documents name a round."""
    return {"6m": "รอบ 6 เดือน", "12m": "รอบ 12 เดือน"}.get(rr.code) or rr.name or f"รอบ {rr.code}"


def _from_round(e: Evidence, shown: RoundProgress) -> str:
    """' (รอบ 6 เดือน)' after the evidence of an earlier round, '' after the round's own."""
    own = shown.own
    return "" if own is not None and e.progress_id == own.pk else f" ({round_name(e.progress.reporting_round)})"


def _result_cell(shown: RoundProgress, today: dt.date) -> Cell:
    if not shown.reported:
        return Cell("ยังไม่รายงานผล" + (" (เกินกำหนด)" if shown.is_overdue(today) else ""))
    status = STATUS_TH[shown.status]
    if shown.done and shown.record.completed_on:
        status += f"เมื่อ {thai_date(shown.record.completed_on)}" + (" (หลังกำหนด)" if shown.record.finished_late else "")
    if shown.is_overdue(today):
        status += " (เกินกำหนด)"
    if shown.carried_from is not None:
        status += f"\n(ตามที่รายงานไว้ใน{round_name(shown.carried_from)})"
    bullets = [evidence_text(e) + _from_round(e, shown) for e in shown.evidence if e.kind != Evidence.PHOTO]
    result = shown.record.result
    # what an earlier round within this one reported and this round's text no longer says (a unit that
    # wrote the 12 months' result afresh replaced the 6 months' in its form): each under its round's name
    def words(text: str) -> str:  # spacing and line breaks aside (a blank line added is not a new text)
        return " ".join(text.split())

    before = [f"{round_name(p.reporting_round)}: {p.result.strip()}" for p in shown.earlier
              if p.result.strip() and words(p.result) not in words(result)]
    if before and result:
        result = f"{round_name(shown.record.reporting_round)}: {result}"
    # the links and files under a heading of their own: run on after a unit's own list ("- คู่มือ 1 เล่ม")
    # they read as part of it (a tester)
    heading = ["หลักฐานประกอบ:"] if bullets else []
    return Cell("\n".join([status, *before, result, *heading]).strip(), bullets=bullets)


def evidence_text(e) -> str:
    """A link or an attached file (a unit's or a central measure's evidence) as the documents name
    it: the link with its caption, the file by the name it was uploaded under."""
    if e.kind == e.LINK:
        return f"{e.caption}: {e.url}" if e.caption else e.url
    return f"เอกสารแนบ: {e.caption} (ไฟล์ {e.file_name})" if e.caption else f"เอกสารแนบ: ไฟล์ {e.file_name}"


def _with_who_and_when(measure: Measure, units_text: Callable[[Measure], str]) -> str:
    """A measure in the progress report, with who is responsible and by when under it, as the plan said."""
    units = units_text(measure).replace("\n", ", ")  # on the line, as the pages list them: one a line took 4–5 lines
    parts = ([f"ผู้รับผิดชอบ: {units}"] if units else []) + (
        [f"ระยะเวลาแล้วเสร็จ: {thai_date(measure.deadline)}"] if measure.deadline else [])
    return "\n".join([measure.activities, *parts])


def _photos(shown: RoundProgress) -> list[Evidence]:
    return [e for e in shown.evidence if e.kind == Evidence.PHOTO and e.file]


def _photos_cell(shown: RoundProgress) -> Cell:
    images = [Image(Path(e.file.path), (e.caption + _from_round(e, shown)).strip()) for e in _photos(shown)]
    return Cell("" if images else "–", images=images)  # a blank cell would read as a photo left out


def year_over_year_section(agency: Agency, plan: Plan) -> Section | None:
    """Indicator scores across the agency's rounds with the change (seed 002), or None with one round:
    the rounds before the plan's year (its report, seed 002 for FY2568, compares 2566 and 2567; a
    report signed in April cannot cite results published in September)."""
    rounds, rows, levels = year_over_year(agency, before=plan.fiscal_year)
    if len(rounds) < 2:
        return None
    columns = ([Column("ตัวชี้วัด", 3)] + [Column(f"ปี {r.fiscal_year}", 1, numbers=True) for r in rounds]
               + [Column("เปลี่ยนแปลง", 1, numbers=True)])
    body = [[Cell("ระดับผลการประเมิน", bold=True)] + [Cell(lv.name.th if lv else "–") for lv, _ in levels]
            + [Cell({None: "–", -1: "ลดลง", 0: "เท่าเดิม", 1: "สูงขึ้น"}[levels[-1][1]])]]
    for row in rows:
        name = row.name.th if hasattr(row.name, "th") else str(row.name)
        label = row.code if row.code == name else f"{row.code} {name}"
        change = row.changes[-1]
        body.append(
            [Cell(label, bold=not row.sub)]
            + [Cell(_score_text(v)) for v in row.values]
            + [Cell("–" if change is None else f"{change:+.2f}")]
        )
    fell = [r for r in rows if r.changes[-1] is not None and r.changes[-1] < 0]
    text = (
        "ตัวชี้วัดที่มีคะแนนลดลง: " + ", ".join(f"{r.code} (จาก {r.values[-2]:.2f} เป็น {r.values[-1]:.2f} คะแนน)" for r in fell)
        if fell else "ไม่มีตัวชี้วัดที่มีคะแนนลดลง"
    )
    return Section(heading="การเปรียบเทียบคะแนนตามตัวชี้วัด", paragraphs=[text], table=Table(columns, body))


def _progress_summary(shown: list[RoundProgress], as_of: dt.date, rr_end: dt.date) -> Section:
    """The round at a glance, before the tables: how many measures are done, under way, not
    started or not reported (what earlier rounds within it reported counts) and how many are
    overdue. Which reported ones lack evidence is the coordinator's check (the round's page), not
    the signed report's."""
    reported = [p for p in shown if p.reported]
    by_status = {status: sum(1 for p in reported if p.status == status) for status in STATUS_TH}
    overdue = sum(1 for p in shown if p.is_overdue(as_of))
    carried = [p for p in shown if p.carried_from is not None]
    # never reported, in any round: said so where some results are carried from an earlier round, so
    # that it is not read as the count of those still awaiting this round's word (two testers)
    never = "ยังไม่เคยรายงานผล" if carried else "ยังไม่รายงานผล"
    # in words, as an official report writes it: each count with its noun, the empty ones left out
    counts = [(STATUS_TH[MeasureProgress.DONE], by_status[MeasureProgress.DONE]),
              (STATUS_TH[MeasureProgress.IN_PROGRESS], by_status[MeasureProgress.IN_PROGRESS]),
              (STATUS_TH[MeasureProgress.NOT_STARTED], by_status[MeasureProgress.NOT_STARTED]),
              (never, len(shown) - len(reported))]
    parts = [(label, n) for label, n in counts if n]
    if not parts:
        line = "ยังไม่มีมาตรการในแผน"
    elif len(parts) == 1:  # one state for all: "ดำเนินการแล้วเสร็จทุกมาตรการ"
        line = f"มาตรการทั้งหมด {len(shown)} มาตรการ {parts[0][0]}ทุกมาตรการ"
    else:
        words = [f"{label} {n} มาตรการ" for label, n in parts]
        line = f"มาตรการทั้งหมด {len(shown)} มาตรการ แบ่งเป็น " + " ".join(words[:-1]) + " และ" + words[-1]
    # an ended round counts as of the end of its last day (ReportingRound.overdue_as_of)
    when = f"สิ้นวันที่ {thai_date(rr_end, short=False)}" if as_of > rr_end else f"วันที่ {thai_date(as_of, short=False)}"
    detail = f"เกินกำหนด {overdue} มาตรการ ณ {when}" if overdue else f"ไม่มีมาตรการที่เกินกำหนด ณ {when}"
    paragraphs = [line, detail] if shown else [line]
    late = sum(1 for p in reported if p.record.finished_late)
    if late:  # done now, but after the deadline: what "done" alone no longer says
        paragraphs.append(f"มีมาตรการที่ดำเนินการแล้วเสร็จหลังกำหนด {late} มาตรการ")
    # results carried from an earlier round within this one, then what still waits for this round's
    # word: the one count the round's page and the director's confirmation give (tracking.unreported),
    # made of the never reported and the unfinished carried ones, each named (a reviewer, then a tester,
    # read two bare counts as a contradiction)
    if carried:
        rounds = sorted({p.carried_from.pk: p.carried_from for p in carried}.values(), key=lambda r: (r.start, r.end))
        paragraphs.append(f"ผลการดำเนินการของ {len(carried)} มาตรการยกมาจากที่รายงานไว้ใน"
                          + " และ".join(round_name(r) for r in rounds))
        unfinished = sum(1 for p in carried if p.awaiting)
        if unfinished:
            parts = [f"{never} {n} มาตรการ" for n in (len(shown) - len(reported),) if n]
            parts.append(f"ยังไม่แล้วเสร็จซึ่งยกมาจากรอบก่อน {unfinished} มาตรการ")
            paragraphs.append(f"รอผลการดำเนินการของรอบนี้ {unreported(None, shown)} มาตรการ ได้แก่ " + " และ".join(parts))
    return Section(heading="สรุปผลการดำเนินการ", paragraphs=paragraphs)


def progress_document(agency, fiscal_year: int, reporting_round: str, today: dt.date | None = None) -> Document:
    agency = _agency(agency)
    plan = _plan(agency, fiscal_year)
    rr = plan.reporting_rounds.filter(code=reporting_round).first()
    if rr is None:
        codes = [f"{r.code} ({r.label})" for r in plan.reporting_rounds.all()]  # as they come due
        # the round as people call it (รอบ 6 เดือน), with the code the address or command gave
        name = ReportingRound(code=reporting_round).label
        values = {"agency": agency.name_th, "year": fiscal_year, "codes": ", ".join(codes),
                  "round": name if name.endswith(reporting_round) else f"{name} ({reporting_round})"}
        if codes:
            raise MissingData(_("%(agency)s %(year)s: the plan has no %(round)s; its reporting rounds are "
                                "%(codes)s") % values)
        raise MissingData(_("%(agency)s %(year)s: the plan has no %(round)s yet; add it on the plan's page") % values)
    today = today or dt.date.today()
    as_of = rr.overdue_as_of(today)
    pack = plan.pack
    breakdown = None
    if plan.source_round:
        from prongsai.reports.scores import round_breakdown

        breakdown = round_breakdown(plan.source_round)
    issues = {i.code: i for i in plan.issues.prefetch_related("measures__responsible_units")}
    units_text = _units_text(agency)
    measures = [m for i in sorted(issues.values(), key=lambda i: (i.order, i.pk)) for m in i.measures.all()]
    shown = round_progress(rr, measures)  # a round starts from what earlier rounds within it reported

    def rows(code: str) -> list[list[Cell]]:
        issue = issues[code]
        out = []
        for n, m in enumerate(issue.measures.all()):
            first = n == 0
            out.append([
                Cell(issue_label(pack, code, breakdown)) if first else continued(code),
                Cell(issue.problem if first else ""),
                Cell(_with_who_and_when(m, units_text)),
                _result_cell(shown[m.id], as_of),
                _photos_cell(shown[m.id]),
            ])
        if not out:
            out.append([Cell(issue_label(pack, code, breakdown)), Cell(issue.problem), Cell(""), Cell(""), Cell("")])
        return problem_across(issue, out, 1, [continued(code), Cell("")])

    sections = [_progress_summary([shown[m.id] for m in measures], as_of, rr.end)]
    yoy = year_over_year_section(agency, plan)
    if yoy:
        sections.append(yoy)
    columns = PROGRESS_COLUMNS
    if not any(_photos(p) for p in shown.values()):  # no photo in the report: its column
        # narrow (a dash a row), the results' links and texts the wider
        columns = [*PROGRESS_COLUMNS[:3], replace(PROGRESS_COLUMNS[3], width=PROGRESS_COLUMNS[3].width + 0.4),
                   replace(PROGRESS_COLUMNS[4], width=PROGRESS_COLUMNS[4].width - 0.4)]
    table = _grouped_table(pack, list(issues), rows, columns)
    if table:
        sections.append(Section(heading="ผลการดำเนินการตามมาตรการ", table=table))
    return Document(
        title="การรายงานผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        subtitle=f"ของ{agency.name_th} ประจำปีงบประมาณ พ.ศ. {fiscal_year} {round_period(rr)}",
        agency=agency.name_th, fiscal_year=fiscal_year, sections=sections, kind="progress",
        thai_numerals=True,  # as the agencies' reports (seeds 000, 002) write them
        **_approval(rr, agency),
    )
