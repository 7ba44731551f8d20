"""A round's scores: gather its stored figures into the scoring engine's input and score them."""
from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from django.db.models import Sum

from prongsai.agencies.models import AssessmentRound
from prongsai.oit.models import Disclosure
from prongsai.scoring import AgencyInput, Breakdown, score
from prongsai.surveys.models import OptionCount, PublishedScore, RespondentTally

from .suppression import survey_rows


def round_input(rnd: AssessmentRound) -> AgencyInput:
    """The engine input of a round: summed option counts, published agency-level question
    scores, OIT verdicts and respondent tallies."""
    pack = rnd.pack
    questions = set(pack.question_codes())
    data = AgencyInput(rnd.agency.code)
    counts: dict[str, list[int]] = {}
    rows = (
        survey_rows(OptionCount, rnd).filter(question__in=questions)
        .values("question", "option")
        .annotate(total=Sum("count"))
    )
    for row in rows:
        question = pack.question(row["question"])
        cells = counts.setdefault(row["question"], [0] * len(pack.scales[question.scale].points))
        cells[row["option"] - 1] += row["total"]
    data.counts = counts
    for p in PublishedScore.objects.filter(round=rnd, unit=None, service_type=None, code__in=questions):
        data.published[p.code] = Fraction(p.score)
    for d in Disclosure.objects.filter(round=rnd).exclude(score=None):
        data.oit[d.item] = Fraction(d.score)
    tallies: dict[str, int] = defaultdict(int)
    for t in survey_rows(RespondentTally, rnd).values("tool").annotate(total=Sum("count")):
        tallies[t["tool"]] += t["total"]
    data.respondents = dict(tallies)
    return data


def round_breakdown(rnd: AssessmentRound) -> Breakdown:
    return score(rnd.pack, round_input(rnd))


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
    return {"tools": tools, "indicators": indicators, "questions": questions, "items": items}
