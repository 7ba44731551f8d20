"""Where every agency's measures plan of a fiscal year stands, and its 6- and 12-month progress
reports: for the central office, which follows up on the districts that have not sent theirs."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, assessed_agencies
from prongsai.measures.models import APPROVAL_STATES, Plan, ReportingRound

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


def plan_statuses(year: int) -> list[AgencyPlan]:
    """Every assessed agency with its plan of the fiscal year (or none) and its reports, by code."""
    plans = {p.agency_id: p for p in Plan.objects.filter(fiscal_year=year).prefetch_related("reporting_rounds")}
    out = []
    for agency in assessed_agencies():
        plan = plans.get(agency.pk)
        rounds = {rr.code: rr for rr in plan.reporting_rounds.all()} if plan else {}
        out.append(AgencyPlan(agency, plan, state(plan), {code: (rounds.get(code), state(rounds.get(code))) for code in REPORTS}))
    return out


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
