"""The scoring engine: a framework pack and one agency's inputs in, the full breakdown out.

Pure Python, no Django. Exact arithmetic with Fraction; rounding happens in `round2`
only where DESIGN.md says the published report rounds (weighted parts, levels) and at output.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Mapping, Sequence

from .numbers import mean, round2
from .packs import Level, Pack


class Notice(str):
    """A warning of the engine: its English text, plus a kind and parameters so that a UI can
    say it in Thai. Kinds: published_differs (question, counts_score, published),
    tool_incomplete (tool, questions), oit_missing (items)."""

    kind: str
    params: dict

    def __new__(cls, kind: str, text: str, **params) -> "Notice":
        notice = super().__new__(cls, text)
        notice.kind, notice.params = kind, params
        return notice


@dataclass
class AgencyInput:
    """Everything known about one agency in one round. Every part is optional.

    counts: question code -> option counts in option order (1..n).
    published: question code -> published question score (imported reports); wins over counts.
    oit: OIT item code -> verdict score 0..100. Empty = no OIT assessment at all.
    respondents: tool code -> number of questionnaires (else the largest answered count).
    """

    agency_code: str
    counts: dict[str, list[int]] = field(default_factory=dict)
    published: dict[str, Fraction] = field(default_factory=dict)
    oit: dict[str, Fraction] = field(default_factory=dict)
    respondents: dict[str, int] = field(default_factory=dict)


@dataclass
class QuestionResult:
    code: str
    tool: str
    score: Fraction | None
    answered: int | None = None
    source: str | None = None  # "counts", "published" or "verdict"
    counts: list[int] | None = None
    counts_score: Fraction | None = None  # what the counts give, when the published score won


@dataclass
class ToolResult:
    code: str
    score: Fraction | None
    weight: Decimal
    weighted: Decimal | None
    respondents: int | None = None


@dataclass
class Breakdown:
    framework: str
    agency_code: str
    questions: dict[str, QuestionResult]
    indicators: dict[str, Fraction | None]
    tools: dict[str, ToolResult]
    ita: Decimal | None
    level: Level | None
    warnings: list[Notice]


def counts_score(points: Sequence[Decimal], counts: Sequence[int]) -> Fraction | None:
    """Mean of the option points over the respondents who answered; None if nobody did."""
    answered = sum(counts)
    if answered == 0:
        return None
    total = sum((Fraction(p) * c for p, c in zip(points, counts)), Fraction(0))
    return total / answered


def level_for(pack: Pack, ita: Decimal | None, tool_scores: Mapping[str, Decimal | None]) -> Level | None:
    """The first level (best first) whose rule the published (rounded) figures meet."""
    if ita is None or any(s is None for s in tool_scores.values()):
        return None
    for level in pack.levels:
        if ita < level.min_ita:
            continue
        floor = level.every_tool_at_least
        if floor is not None and any(s < floor for s in tool_scores.values()):
            continue
        return level
    return None


def _survey_question(pack: Pack, code: str, data: AgencyInput, warnings: list[Notice]) -> QuestionResult:
    question = pack.question(code)
    counts = data.counts.get(code)
    from_counts = counts_score(pack.points(question), counts) if counts is not None else None
    answered = sum(counts) if counts is not None else None
    published = data.published.get(code)
    if published is not None:
        if from_counts is not None and round2(from_counts) != round2(published):
            warnings.append(Notice(
                "published_differs",
                f"{code}: the option counts give {round2(from_counts)} but the published score is "
                f"{round2(published)}; the published score is used",
                question=code, counts_score=round2(from_counts), published=round2(published),
            ))
        return QuestionResult(code, question.tool, published, answered, "published", counts, from_counts)
    return QuestionResult(code, question.tool, from_counts, answered, "counts" if from_counts is not None else None, counts)


def score(pack: Pack, data: AgencyInput) -> Breakdown:
    """The full breakdown of one agency: questions, (sub-)indicators, tools, weighted parts, ITA, level."""
    warnings: list[Notice] = []
    questions: dict[str, QuestionResult] = {}
    indicators: dict[str, Fraction | None] = {}
    tool_scores: dict[str, Fraction | None] = {}
    respondents: dict[str, int | None] = {}

    for tool in pack.tools:
        if tool.kind == "survey":
            codes = pack.question_codes(tool.code)
            results = [_survey_question(pack, code, data, warnings) for code in codes]
            questions.update((r.code, r) for r in results)
            missing = [r.code for r in results if r.score is None]
            if missing and len(missing) < len(results):
                warnings.append(Notice(
                    "tool_incomplete", f"{tool.code}: no score for {', '.join(missing)}, so no {tool.code} score",
                    tool=tool.code, questions=", ".join(missing),
                ))
            tool_scores[tool.code] = None if missing else mean([r.score for r in results])
            answered = [r.answered for r in results if r.answered is not None]
            respondents[tool.code] = data.respondents.get(tool.code, max(answered) if answered else None)
        else:
            tool_scores[tool.code] = _checklist(pack, data, questions, indicators, warnings)
            respondents[tool.code] = None

    for ind in pack.indicators:
        if ind.questions:
            scores = [questions[c].score for c in ind.questions]
            indicators[ind.code] = None if any(s is None for s in scores) else mean(scores)
        else:
            subs = [s for s in pack.subindicators if s.code in ind.subindicators]
            if any(indicators.get(s.code) is None for s in subs):
                indicators[ind.code] = None
            else:
                weight = sum(Fraction(s.points) for s in subs)
                indicators[ind.code] = sum(indicators[s.code] * Fraction(s.points) for s in subs) / weight

    tools: dict[str, ToolResult] = {}
    for tool in pack.tools:
        value = tool_scores[tool.code]
        weighted = None if value is None else round2(Fraction(round2(value)) * Fraction(tool.weight) / 100)
        tools[tool.code] = ToolResult(tool.code, value, tool.weight, weighted, respondents[tool.code])

    parts = [t.weighted for t in tools.values()]
    ita = None if any(p is None for p in parts) else sum(parts, Decimal("0.00"))
    level = level_for(pack, ita, {code: round2(t.score) for code, t in tools.items()})
    ordered = {code: indicators[code] for code in _indicator_order(pack)}
    return Breakdown(pack.code, data.agency_code, questions, ordered, tools, ita, level, warnings)


def _checklist(pack: Pack, data: AgencyInput, questions, indicators, warnings) -> Fraction | None:
    """OIT: items 0..100, sub-indicator = mean of items, tool = Σ sub × points / 100."""
    if not data.oit:
        for code in pack.item_codes():
            questions[code] = QuestionResult(code, "OIT", None)
        for sub in pack.subindicators:
            indicators[sub.code] = None
        return None
    missing = [code for code in pack.item_codes() if code not in data.oit]
    if missing:
        warnings.append(Notice("oit_missing", f"OIT: no verdict for {', '.join(missing)}; scored 0", items=", ".join(missing)))
    for code in pack.item_codes():
        questions[code] = QuestionResult(code, "OIT", data.oit.get(code, Fraction(0)), source="verdict")
    total = Fraction(0)
    for sub in pack.subindicators:
        value = mean([questions[c].score for c in sub.items])
        indicators[sub.code] = value
        total += value * Fraction(sub.points) / 100
    return total


def _indicator_order(pack: Pack) -> list[str]:
    order: list[str] = []
    for ind in pack.indicators:
        order.append(ind.code)
        order.extend(ind.subindicators)
    return order


def tally(pack: Pack, responses: list[Mapping[str, int | None]]) -> dict[str, list[int]]:
    """Raw responses (question code -> option number or None) to option counts."""
    counts: dict[str, list[int]] = {}
    for response in responses:
        for code, option in response.items():
            if option is None:
                continue
            question = pack.question(code)
            row = counts.setdefault(code, [0] * len(pack.scales[question.scale].points))
            row[option - 1] += 1
    return counts

