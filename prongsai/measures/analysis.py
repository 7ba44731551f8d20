"""Weak-item analysis, what-if and year-over-year comparison of a round — all through the
scoring engine (`prongsai.scoring.score`), never a hand formula.

Worth of fixing an item = ITA with that item's score set to 100 (a published score of 100
for a question, a passing verdict for an OIT item) minus the ITA now.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Mapping

from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.reports.scores import round_breakdown, round_input
from prongsai.scoring import AgencyInput, Breakdown, Pack, round2, score
from prongsai.scoring.packs import Level, Text

DEFAULT_THRESHOLD = Decimal("85")
FULL = Fraction(100)


class TargetError(ValueError):
    """A what-if target that is not a known item or not a score 0–100."""


def apply_targets(pack: Pack, data: AgencyInput, targets: Mapping[str, Fraction]) -> AgencyInput:
    """A copy of the engine input with target scores: a question gets a published score,
    an OIT item a verdict. The original is not touched."""
    questions = set(pack.question_codes())
    items = set(pack.item_codes())
    changed = copy.deepcopy(data)
    for code, value in targets.items():
        value = Fraction(value)
        if not 0 <= value <= 100:
            raise TargetError(_("%(code)s: %(value)s is outside 0–100") % {"code": code, "value": value})
        if code in questions:
            changed.published[code] = value
        elif code in items:
            if not changed.oit:
                raise TargetError(_("%(code)s: this round has no OIT assessment to change") % {"code": code})
            changed.oit[code] = value
        else:
            raise TargetError(_("%(code)s: not a question or OIT item of %(pack)s") % {"code": code, "pack": pack.code})
    return changed


def what_if(pack: Pack, data: AgencyInput, targets: Mapping[str, Fraction]) -> Breakdown:
    """The breakdown the engine gives with these target scores."""
    return score(pack, apply_targets(pack, data, targets))


def parse_targets(pack: Pack, raw: Mapping[str, object]) -> tuple[dict[str, Fraction], list[str]]:
    """Targets from form or JSON values (decimal strings or numbers, empty = unchanged);
    returns the targets and one message per bad value."""
    known = set(pack.question_codes()) | set(pack.item_codes())
    targets: dict[str, Fraction] = {}
    problems: list[str] = []
    for code, value in raw.items():
        if code not in known:
            continue
        text = "" if value is None else str(value).strip()
        if text == "":
            continue
        try:
            number = Fraction(Decimal(text))
        except Exception:  # noqa: BLE001 - any unparsable value is one message
            problems.append(_("%(code)s: %(value)s is not a number") % {"code": code, "value": repr(text)})
            continue
        if not 0 <= number <= 100:
            problems.append(_("%(code)s: %(value)s is outside 0–100") % {"code": code, "value": text})
            continue
        targets[code] = number
    return targets, problems


@dataclass
class WeakItem:
    code: str
    tool: str
    group: str  # indicator (questions) or sub-indicator (OIT items) code
    text: Text
    score: Decimal
    previous: Decimal | None
    change: Decimal | None
    below: bool
    worse: bool
    gain: Decimal | None  # ITA points gained if the item reached 100 (passed); None: the round has no ITA
    ita_after: Decimal | None
    level_after: Level | None
    comment: str = ""  # an OIT item's verdict comment: what the assessor found missing
    # an EIT question's service types scoring lowest on it, under its own score (at most two), as the
    # round page's table shows them: where the points are lost, so where the measures should go
    weakest: list = field(default_factory=list)  # [(ServiceType, Decimal)]


def problem_text(item: WeakItem, year: int) -> str:
    """A first wording of the issue from the results, for the plan (the coordinator edits it): the
    finding, as the signed plan's "issue to improve" column states it, in Thai whatever the page's
    language (it goes into the signed Thai documents). It repeats neither the code, the score nor the
    pass mark (the documents print them beside it), nor what fixing it is worth (the weak items, the
    what-if and the analysis document say that)."""
    values = {"year": year, "threshold": DEFAULT_THRESHOLD, "score": item.score, "previous": item.previous}
    with translation.override("th"):
        if item.tool == "OIT":  # pass or fail, not a score
            if item.below:
                text = _("Not disclosed as the criterion requires in %(year)s.") % values
                if item.comment:
                    text += " " + _("The assessor: %(comment)s") % {"comment": item.comment}
                return text
            return _("Scored %(score)s in %(year)s, down from %(previous)s the year before.") % values
        text = (_("Below the threshold of %(threshold)s in %(year)s.") if item.below
                else _("Fell from %(previous)s to %(score)s in %(year)s.")) % values
        if item.weakest:  # where: the service types that lose the points (names; the page gives their scores)
            from prongsai.reports.templatetags.prongsai import and_list

            text += " " + _("Lowest in %(names)s.") % {"names": and_list(st.name_th for st, _s in item.weakest)}
        return text


def standing(breakdown: Breakdown, year: int, code: str) -> tuple[str, str]:
    """An item that is not a weak item of the round of `year` scored in `breakdown` (a coordinator adds
    it to raise it further): how it stood, said on the page in its language ("85.02 points in 2567"),
    and a first wording of its problem, in Thai as `problem_text`'s; ("", "") when the round has no
    figure for it."""
    result = breakdown.questions.get(code)
    if result is None or result.score is None:
        return "", ""
    values = {"year": year, "score": round2(result.score), "threshold": DEFAULT_THRESHOLD}
    full = result.score >= 100  # passed, or full marks: nothing higher to reach, only to keep
    if result.tool == "OIT":
        line = (_("Passed in %(year)s.") if full else _("Not passed in %(year)s.")) % values
    else:
        line = _("%(score)s points in %(year)s (pass mark %(threshold)s).") % values
    with translation.override("th"):
        if result.tool == "OIT":
            problem = (_("Disclosed as the criterion requires in %(year)s: to be kept up.") if full
                       else _("Not disclosed as the criterion requires in %(year)s.")) % values
        else:
            # not the score: the documents print it beside the problem (a tester read it twice)
            problem = (_("Full marks in %(year)s: to be kept up.") if full
                       else _("Above the pass mark in %(year)s: to be raised further.")) % values
    return line, problem


def _groups(pack: Pack) -> dict[str, str]:
    groups = {}
    for ind in pack.indicators:
        for code in ind.questions:
            groups[code] = ind.code
    for sub in pack.subindicators:
        for code in sub.items:
            groups[code] = sub.code
    return groups


def item_text(pack: Pack, code: str) -> Text | None:
    if code in pack.question_codes():
        return pack.question(code).label
    for item in pack.oit_items:
        if item.code == code:
            return item.name
    for sub in pack.subindicators:
        if sub.code == code:
            return sub.name
    return None


@dataclass
class Analysis:
    round: AssessmentRound
    previous: AssessmentRound | None
    breakdown: Breakdown
    threshold: Decimal
    items: list[WeakItem]

    def raising_level(self) -> list[WeakItem]:
        """The items whose fixing alone lifts the agency to a better level (e.g. to ผ่าน)."""
        levels = [level.code for level in self.round.pack.levels]
        now = self.breakdown.level
        if now is None:
            return []
        return [i for i in self.items if i.level_after is not None and levels.index(i.level_after.code) < levels.index(now.code)]


@dataclass
class LevelGap:
    """What separates a round from the next better level: ITA points and tools under the floor."""

    level: Level
    ita_short: Decimal  # 0 when the ITA already reaches the level
    tools_short: dict[str, Decimal]  # tool -> points it lacks to the level's every-tool floor


def level_gaps(pack: Pack, breakdown: Breakdown) -> list[LevelGap]:
    """What separates the round from each level above its own, the nearest first (none at the top
    level or without a level): the ITA it lacks, and the tools under a level's floor for every tool."""
    if breakdown.level is None or breakdown.ita is None:
        return []
    codes = [lv.code for lv in pack.levels]  # best first
    gaps = []
    for target in reversed(pack.levels[:codes.index(breakdown.level.code)]):
        shortfall = {}
        if target.every_tool_at_least is not None:
            for code, result in breakdown.tools.items():
                score = round2(result.score)
                if score < target.every_tool_at_least:
                    shortfall[code] = target.every_tool_at_least - score
        gaps.append(LevelGap(target, max(Decimal("0.00"), target.min_ita - breakdown.ita), shortfall))
    return gaps


def short_of_next_level(pack: Pack, breakdown: Breakdown) -> str:
    """In the page's language, what keeps the figures from the next better level ("not yet ผ่านดีเยี่ยม:
    IIT must reach at least 95.00, 0.30 more"): an ITA of 96.42 at ผ่านดี, unexplained, puzzled a
    tester. "" at the top level or without a level."""
    gaps = level_gaps(pack, breakdown)
    if not gaps:
        return ""
    gap = gaps[0]
    name = gap.level.name.get(translation.get_language() or "th")
    needs = []
    if gap.ita_short:
        needs.append(_("the ITA needs %(short)s more points (at least %(min)s)") % {
            "short": f"{gap.ita_short:.2f}", "min": f"{gap.level.min_ita:.2f}"})
    for tool, short in gap.tools_short.items():
        needs.append(_("%(tool)s must reach at least %(floor)s (%(short)s more)") % {
            "tool": tool, "floor": f"{gap.level.every_tool_at_least:.2f}", "short": f"{short:.2f}"})
    return _("Not yet %(level)s: %(needs)s.") % {"level": name, "needs": "; ".join(needs)}


def services_by_question(rnd: AssessmentRound) -> dict[str, list[tuple]]:
    """Per EIT question, the agency's service types with their scores on it, lowest first, from the
    round page's table (`reports.tables.service_types`: a service type answered by too few is left
    out there, so here). Empty with fewer than two service types shown: one would be the agency."""
    from prongsai.reports.tables import service_types

    table = service_types(rnd)
    rows = [r for r in table["rows"] if not r["suppressed"]]
    if len(rows) < 2:
        return {}
    return {q: sorted(((r["service_type"], round2(r["questions"][q])) for r in rows if r["questions"].get(q) is not None),
                      key=lambda pair: pair[1])
            for q in table["questions"]}


def analyse(rnd: AssessmentRound, threshold: Decimal = DEFAULT_THRESHOLD) -> Analysis:
    """Every question and OIT item below the threshold or lower than in the previous round,
    with what fixing it is worth, most valuable first."""
    pack = rnd.pack
    data = round_input(rnd)
    now = score(pack, data)
    previous = rnd.previous()
    before = round_breakdown(previous) if previous else None
    same_items = previous is not None and previous.framework == rnd.framework
    groups = _groups(pack)
    comments = dict(rnd.disclosures.exclude(comment="").values_list("item", "comment"))
    services = services_by_question(rnd)
    items: list[WeakItem] = []
    for code in pack.question_codes() + pack.item_codes():
        result = now.questions[code]
        if result.score is None:
            continue
        value = round2(result.score)
        prev = None
        if before is not None and code in before.questions and (result.tool != "OIT" or same_items):
            prev = round2(before.questions[code].score)
        change = None if prev is None else value - prev
        below = value < threshold
        worse = change is not None and change < 0
        if not (below or worse):
            continue
        after = what_if(pack, data, {code: FULL})
        gain = (after.ita - now.ita) if (after.ita is not None and now.ita is not None) else None
        items.append(WeakItem(
            code=code, tool=result.tool, group=groups[code], text=item_text(pack, code), score=value,
            previous=prev, change=change, below=below, worse=worse, gain=gain,
            ita_after=after.ita, level_after=after.level, comment=comments.get(code, "") if result.tool == "OIT" else "",
            weakest=[(st, s) for st, s in services.get(code, []) if s < value][:2],
        ))
    order = {code: n for n, code in enumerate(pack.question_codes() + pack.item_codes())}
    items.sort(key=lambda i: (-(i.gain or 0), order[i.code]))
    return Analysis(rnd, previous, now, threshold, items)


# -- year over year -------------------------------------------------------------------------

@dataclass
class YearRow:
    code: str
    name: Text | str
    values: list[Decimal | None]
    changes: list[Decimal | None]  # change from the previous round; None for the first or missing
    sub: bool = False

    @property
    def cells(self) -> list[tuple[Decimal | None, Decimal | None]]:
        return list(zip(self.values, self.changes))


def year_over_year(agency: Agency, before: int | None = None) -> tuple[list[AssessmentRound], list[YearRow], list[tuple[Level | None, int | None]]]:
    """ITA, tools and every (sub-)indicator across the agency's rounds (those of fiscal years before
    `before`, if given), oldest first, with the change between consecutive rounds (of the rounded
    published figures); each round's level with its change from the round before (`level_change`;
    None for the first)."""
    rounds = AssessmentRound.objects.filter(agency=agency).order_by("fiscal_year")
    rounds = list(rounds if before is None else rounds.filter(fiscal_year__lt=before))
    if not rounds:
        return [], [], []
    breakdowns = [round_breakdown(r) for r in rounds]
    pack = rounds[-1].pack
    rows: list[YearRow] = []

    def add(code, name, values, sub=False):
        changes: list[Decimal | None] = [None]
        for a, b in zip(values, values[1:]):
            changes.append(None if a is None or b is None else b - a)
        rows.append(YearRow(code, name, values, changes, sub))

    add("ITA", "ITA", [b.ita for b in breakdowns])
    for tool in pack.tools:
        add(tool.code, tool.name, [round2(b.tools[tool.code].score) if tool.code in b.tools else None for b in breakdowns])
    subs = {s.code: s for s in pack.subindicators}
    for ind in pack.indicators:
        add(ind.code, ind.name, [round2(b.indicators.get(ind.code)) for b in breakdowns])
        for code in ind.subindicators:
            add(code, subs[code].name, [round2(b.indicators.get(code)) for b in breakdowns], sub=True)
    levels = [b.level for b in breakdowns]
    return rounds, rows, [(lv, level_change(levels[n - 1], lv) if n else None) for n, lv in enumerate(levels)]


def level_change(before: Level | None, after: Level | None) -> int | None:
    """+1 when the level rose, -1 when it fell, 0 when it is the same; None when either is missing."""
    if before is None or after is None:
        return None
    # ranked by what they ask (ผ่านดี and ผ่าน both ask an ITA of 85; ผ่านดี asks every tool for more too)
    rank = lambda level: (level.min_ita, level.every_tool_at_least or 0)  # noqa: E731
    return (rank(after) > rank(before)) - (rank(after) < rank(before))


@dataclass
class PlanWorth:
    """What the plan is worth if every one of its issues reaches 100 (the what-if of the plan)."""

    ita_now: Decimal | None
    ita_after: Decimal | None
    level_now: Level | None
    level_after: Level | None
    codes: list[str]
    short_of: str = ""  # what keeps the figures after from the next level (short_of_next_level)


def plan_worth(rnd: AssessmentRound, codes: list[str]) -> PlanWorth | None:
    """The round's figures with every given question or OIT item at 100; None without any."""
    pack = rnd.pack
    known = set(pack.question_codes()) | set(pack.item_codes())
    codes = [c for c in codes if c in known]
    if not codes:
        return None
    data = round_input(rnd)
    now = score(pack, data)
    if not data.oit:  # no OIT assessment to change: the items cannot be set
        codes = [c for c in codes if c in pack.question_codes()]
        if not codes:
            return None
    after = what_if(pack, data, {c: FULL for c in codes})
    return PlanWorth(now.ita, after.ita, now.level, after.level, codes, short_of_next_level(pack, after))
