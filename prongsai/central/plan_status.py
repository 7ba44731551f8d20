"""Where every agency's measures plan of a fiscal year stands, and its 6- and 12-month progress
reports: for the central office, which follows up on the districts that have not sent theirs."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import datetime as dt

from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, assessed_agencies
from prongsai.measures.models import APPROVAL_STATES, Plan, ReportingRound
from prongsai.measures.tracking import Dashboard, current_round, dashboard, unreported

# in the order a document moves through, with what the page calls each state
STATES = {"none": _("none yet"), **APPROVAL_STATES}
REPORTS = ("6m", "12m")


def state(obj: Plan | ReportingRound | None) -> str:
    return "none" if obj is None else obj.state


@dataclass
class AgencyPlan:
    agency: Agency
    plan: Plan | None
    state: str
    reports: dict[str, tuple[ReportingRound | None, str]] = field(default_factory=dict)
    progress: Dashboard | None = None  # the plan's measures over the year, as its own dashboard counts them
    # measures still waiting for their report in the plan's current round, as that round's page counts
    # them (a tester's central page said 0 where the district's 12-month round awaited 1)
    awaiting: int | None = None


def years(this_year: int) -> list[int]:
    """The fiscal years a plan can be of, newest first: those with a plan, those after a year with
    results (its plan is made from them), and this one."""
    from prongsai.agencies.models import AssessmentRound

    planned = set(Plan.objects.values_list("fiscal_year", flat=True))
    assessed = {y + 1 for y in AssessmentRound.objects.values_list("fiscal_year", flat=True)}
    return sorted(planned | assessed | {this_year}, reverse=True)


def default_year(this_year: int) -> int:
    """The year the page opens on: this fiscal year once a plan of it exists, else the latest year
    with plans (a tester met "none yet 50 / 50 / 50" in December), else this one."""
    planned = set(Plan.objects.filter(fiscal_year__lte=this_year).values_list("fiscal_year", flat=True))
    return this_year if this_year in planned or not planned else max(planned)


def plan_statuses(year: int, today: dt.date) -> list[AgencyPlan]:
    """Every assessed agency with its plan of the fiscal year (or none), its reports and how its
    measures stand on `today` (done, overdue, not reported: what its coordinator's dashboard says), by code."""
    plans = {p.agency_id: p for p in Plan.objects.filter(fiscal_year=year).prefetch_related("reporting_rounds")}
    out = []
    for agency in assessed_agencies():
        plan = plans.get(agency.pk)
        rounds = {rr.code: rr for rr in plan.reporting_rounds.all()} if plan else {}
        progress = dashboard(plan, today) if plan else None
        current = current_round(plan, today) if plan else None
        awaiting = (unreported(current) if current else progress.total) if plan else None
        out.append(AgencyPlan(agency, plan, state(plan), {code: (rounds.get(code), state(rounds.get(code))) for code in REPORTS},
                              progress, awaiting))
    return out


def measure_totals(rows: list[AgencyPlan]) -> dict[str, int]:
    """The measures of the approved plans (a draft's are still being decided): how many plans and
    measures, and of those measures how many are done, overdue, still waiting for their report in the
    plan's current round (a measure may be both overdue and waiting)."""
    approved = [r for r in rows if r.progress is not None and r.plan.approved]
    shown = [r.progress for r in approved]
    return {"plans": len(shown), "total": sum(p.total for p in shown), "done": sum(p.done for p in shown),
            "overdue": sum(len(p.overdue) for p in shown), "unreported": sum(r.awaiting for r in approved)}


def plans_xlsx(year: int, rows: list[AgencyPlan]) -> bytes:
    """The page's table as a workbook (Thai headings first): each agency's plan and reports, with their
    states in Thai, and how its measures stand."""
    from openpyxl import Workbook

    from prongsai.reports.export import heading, safe_cell, workbook_bytes

    book = Workbook()
    ws = book.active
    ws.title = f"แผน {year}"
    heading(ws, ["รหัส / code", "หน่วยงาน / agency", "ข้อมูลสังเคราะห์ / synthetic", "แผน / plan", "รายงาน 6 เดือน / 6-month report",
                 "รายงาน 12 เดือน / 12-month report", "มาตรการ / measures", "ดำเนินการแล้วเสร็จ / done",
                 "เกินกำหนด / overdue", "ยังไม่รายงานผลในรอบปัจจุบัน / awaiting the current round's report"])
    th = {code: _th(label) for code, label in STATES.items()}
    for r in rows:
        p = r.progress
        ws.append([safe_cell(r.agency.code), safe_cell(r.agency.name_th), "ใช่ / yes" if r.agency.synthetic else "", th[r.state],
                   *(th[r.reports[code][1]] for code in REPORTS),
                   *((p.total, p.done, len(p.overdue), r.awaiting) if p else (None,) * 4)])
    totals = measure_totals(rows)  # as the page's sentence: the approved plans' measures
    ws.append([None, f"รวมแผนที่อนุมัติแล้ว {totals['plans']} แผน / approved plans", None, None, None, None,
               totals["total"], totals["done"], totals["overdue"], totals["unreported"]])
    ws.column_dimensions["B"].width = 36
    for letter in "DEF":
        ws.column_dimensions[letter].width = 18
    ws.freeze_panes = "C2"
    return workbook_bytes(book)


def _th(label) -> str:
    from django.utils import translation

    with translation.override("th"):
        return str(label)


def counts(rows: list[AgencyPlan]) -> dict[str, Counter]:
    """How many agencies are in each state: of the plan, and of each report."""
    out = {"plan": Counter(r.state for r in rows)}
    for code in REPORTS:
        out[code] = Counter(r.reports[code][1] for r in rows)
    return out


def filter_statuses(rows: list[AgencyPlan], what: str, state: str) -> list[AgencyPlan]:
    """Rows whose plan (what="plan") or report (6m, 12m) is in the state; all for an unknown one."""
    if state not in STATES:
        return rows
    if what == "plan":
        return [r for r in rows if r.state == state]
    if what in REPORTS:
        return [r for r in rows if r.reports[what][1] == state]
    return rows
