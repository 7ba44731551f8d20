"""A round's scores: gather its stored figures into the scoring engine's input and score them."""
from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from django.db.models import Sum

from prongsai.agencies.models import AssessmentRound
from prongsai.oit.models import Disclosure
from prongsai.scoring import AgencyInput, Breakdown, score
from prongsai.surveys.models import OptionCount, PublishedScore, RespondentTally

from .suppression import survey_rows_of


def round_input(rnd: AssessmentRound) -> AgencyInput:
    """The engine input of a round: summed option counts, published agency-level question
    scores, OIT verdicts and respondent tallies."""
    return round_inputs([rnd])[rnd.pk]


def round_inputs(rounds: list[AssessmentRound]) -> dict[int, AgencyInput]:
    """round_input of many rounds, by round id, in five queries whatever their number (the city
    dashboard scores every district's round and the year before: 500 queries, one by one)."""
    rounds = list(rounds)
    packs = {r.pk: r.pack for r in rounds}  # looked up once a round, not once an option-count row
    questions = {pk: set(pack.question_codes()) for pk, pack in packs.items()}
    every_question = set().union(*questions.values()) if rounds else set()
    inputs = {r.pk: AgencyInput(r.agency.code) for r in rounds}
    counts: dict[int, dict[str, list[int]]] = {r.pk: {} for r in rounds}
    rows = (
        survey_rows_of(OptionCount, rounds).filter(question__in=every_question)
        .values("round", "question", "option")
        .annotate(total=Sum("count"))
    )
    for row in rows:
        pk, code = row["round"], row["question"]
        if code not in questions[pk]:
            continue
        pack = packs[pk]
        cells = counts[pk].setdefault(code, [0] * len(pack.scales[pack.question(code).scale].points))
        cells[row["option"] - 1] += row["total"]
    for pk, data in inputs.items():
        data.counts = counts[pk]
    for p in PublishedScore.objects.filter(round__in=list(packs), unit=None, service_type=None, code__in=every_question):
        if p.code in questions[p.round_id]:
            inputs[p.round_id].published[p.code] = Fraction(p.score)
    for d in Disclosure.objects.filter(round__in=list(packs)).exclude(score=None):
        inputs[d.round_id].oit[d.item] = Fraction(d.score)
    tallies: dict[int, dict[str, int]] = {r.pk: defaultdict(int) for r in rounds}
    for t in survey_rows_of(RespondentTally, rounds).values("round", "tool").annotate(total=Sum("count")):
        tallies[t["round"]][t["tool"]] += t["total"]
    for pk, data in inputs.items():
        data.respondents = dict(tallies[pk])
    return inputs


def round_breakdown(rnd: AssessmentRound) -> Breakdown:
    return score(rnd.pack, round_input(rnd))


def round_breakdowns(rounds: list[AssessmentRound]) -> dict[int, Breakdown]:
    """round_breakdown of many rounds, by round id, their figures read in one go."""
    rounds = list(rounds)
    inputs = round_inputs(rounds)
    return {r.pk: score(r.pack, inputs[r.pk]) for r in rounds}


def still_to_assess(breakdown: Breakdown) -> list:
    """The engine's warnings that OIT items have no verdict yet (it scores them 0 meanwhile): while
    there are any, the round's ITA and level are provisional. None without an ITA."""
    if breakdown.ita is None:
        return []
    return [w for w in breakdown.warnings if getattr(w, "kind", None) == "oit_missing"]


def report_rows(rnd: AssessmentRound, breakdown: Breakdown) -> dict:
    """What the round's report page shows, in pack order, with the published figures beside."""
    pack = rnd.pack
    published = {
        p.code: p.score for p in PublishedScore.objects.filter(round=rnd, unit=None, service_type=None)
    }
    tools = []
    for t in pack.tools:
        result = breakdown.tools[t.code]
        tools.append({"tool": t, "result": result, "published": published.get(t.code)})
    indicators = []
    for ind in pack.indicators:
        indicators.append({"indicator": ind, "score": breakdown.indicators[ind.code], "published": published.get(ind.code), "sub": False})
        for code in ind.subindicators:
            sub = next(s for s in pack.subindicators if s.code == code)
            indicators.append({"indicator": sub, "score": breakdown.indicators[code], "published": published.get(code), "sub": True})
    questions = {}
    for q in pack.questions:
        result = breakdown.questions[q.code]
        options = []
        if result.counts:
            total = sum(result.counts)
            for label, count in zip(pack.scales[q.scale].options, result.counts):
                options.append({"label": label, "count": count, "percent": Fraction(count * 100, total) if total else None})
        questions.setdefault(q.tool, []).append({"question": q, "result": result, "options": options})
    items = [
        {"item": i, "result": breakdown.questions[i.code], "sub": next(s.code for s in pack.subindicators if i.code in s.items)}
        for i in pack.oit_items
    ]
    return {"tools": tools, "indicators": indicators, "questions": questions, "items": items,
            "indicators_published": any(row["published"] is not None for row in indicators)}
