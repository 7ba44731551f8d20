"""Putting the weak items of a round into its plan: an issue per item, with its problem worded
from the results and the library's proposed measures copied in (the coordinator edits both).
Every change is audited (services) and made with the plan locked and still a draft (approval)."""
from __future__ import annotations

import re

from django.db import transaction

from . import approval, services
from .analysis import analyse, problem_text
from .library import proposals
from .models import Measure, Plan, PlanIssue, StandardMeasure


def copy_measure(issue: PlanIssue, standard: StandardMeasure, order: int) -> Measure:
    """A library measure as the plan's own: its title heads the activities (the documents have
    no title column), the rest as written; edited in the plan afterwards."""
    activities = standard.activities_th
    if standard.title_th and standard.title_th not in activities:
        activities = f"{standard.title_th}\n{activities}".strip()
    return Measure(issue=issue, standard=standard, activities=activities, output=standard.output_th,
                   communication=standard.communication_th, monitoring=standard.monitoring_th, order=order)


def add_issue(user, plan: Plan, issue: PlanIssue, standards) -> int:
    """Store a new issue of a draft plan with copies of the chosen library measures; how many."""
    with transaction.atomic():
        approval.lock_draft(plan)
        issue.plan = plan
        issue.order = plan.issues.count() + 1
        services.save(user, issue)
        return add_measures(user, plan, issue, standards)


def add_measures(user, plan: Plan, issue: PlanIssue, standards) -> int:
    """Copies of the chosen library measures after an issue's own, in a draft plan; how many."""
    with transaction.atomic():
        approval.lock_draft(plan)
        first = issue.measures.count() + 1
        units = list(plan.agency.units.all())
        for n, standard in enumerate(standards, start=first):
            named = library_units(units, standard.responsible_th)
            services.save(user, copy_measure(issue, standard, n), links={"responsible_units": named})
    return len(standards)


EVERY_UNIT = "ทุกฝ่าย"  # a measure of every unit, as the seeds, the library and the documents write it
# "ทุกฝ่าย", "ฝ่ายปกครอง และทุกฝ่าย" in a library measure's responsible text; not "ทุกฝ่ายที่ดำเนินการ…" (some)
NAMES_EVERY_UNIT = re.compile(re.escape(EVERY_UNIT) + "(?!ที่)")


def all_units(named: int, every: int) -> bool:
    """Are `named` responsible units all of an agency's `every` (three or more)? Then documents and pages
    say ทุกฝ่าย: eleven names took some 14 lines of a plan's cell (a tester)."""
    return 3 <= named == every


def unit_list(names, within: bool = False) -> str:
    """Responsible units as the documents list them: one a line (seed 004 puts spaces between them,
    "ฝ่ายโยธา ฝ่ายสิ่งแวดล้อม", but a narrow column then broke "ฝ่ายโยธา ฝ่าย / การศึกษา", which reads as two
    units), each once. `within`: free texts (the library's), of which one another already holds is left
    out ("ฝ่ายปกครอง" beside "ฝ่ายปกครองและทุกฝ่าย"); never the agency's own units (ฝ่ายการคลัง is
    one unit and ฝ่ายการคลังและบัญชี another)."""
    texts = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    return "\n".join(t for t in texts if not (within and any(t != other and t in other for other in texts)))


def library_units(units, responsible: str) -> list:
    """The units a library measure's responsible text names, ticked in the copy (the coordinator
    checks them on the assignment page): every unit for ทุกฝ่าย, else those named in it."""
    if NAMES_EVERY_UNIT.search(responsible):
        return list(units)
    return [u for u in units if u.name_th and u.name_th in responsible]


def add_weak_items(user, plan: Plan, codes: list[str]) -> tuple[int, int]:
    """An issue for each weak item of the plan's source round among `codes` not yet in the plan,
    with its problem from the results and the library's proposed (ticked) measures; returns the
    issues and the measures added. Raises approval.ApprovalError unless the plan is a draft."""
    rnd = plan.source_round
    framework = rnd.framework
    pack = plan.pack
    planned = set(plan.issues.values_list("code", flat=True))
    weak = {i.code: i for i in analyse(rnd).items}
    issues = measures = 0
    with transaction.atomic():
        approval.lock_draft(plan)
        for code in dict.fromkeys(codes):
            item = weak.get(code)
            if item is None or code in planned:
                continue
            chosen = [m for m, ticked in proposals(framework, pack, code) if ticked]
            measures += add_issue(user, plan, PlanIssue(code=code, problem=problem_text(item, rnd.fiscal_year)), chosen)
            issues += 1
    return issues, measures
