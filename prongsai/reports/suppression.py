"""Anonymity of survey results, in one place for the page, the XLSX, the JSON, the API, the
documents and the dashboards.

1. Nothing while collecting: a round's survey results (option counts and respondent tallies,
   and every score made from them) are withheld until its collection window has closed.
   Shown live, each reload would reveal the answers of whoever submitted since the last one.
   For the same reason a round holding questionnaires that is not collecting (their results can
   have been shown) does not collect again: the results before and after would give the answers
   of whoever came in between.
2. Few respondents: a survey tool answered by fewer than settings.PRONGSAI_MIN_CELL people shows
   nothing at all (its scores are their answers).
3. Small cells: never show a breakdown cell resting on fewer than settings.PRONGSAI_MIN_CELL
respondents, and never let a unit's figure be derived by subtracting shown totals from the
whole. So in one table, a cell resting on 1…MIN_CELL-1 respondents is hidden, and the next
smallest non-empty cells are hidden too until at least two are and together they rest on
MIN_CELL respondents or more (complementary suppression).
"""
from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from prongsai.agencies.models import AssessmentRound


def min_cell() -> int:
    return int(settings.PRONGSAI_MIN_CELL)


def hidden_cells(respondents: list[int | None], total: int | None = None) -> list[bool]:
    """For the respondent counts of one table's cells, which cells to hide. With the `total` the table's
    cells are part of, those in it that no cell holds (no unit, no service type given) count as one
    more cell, never shown: the total less the cells shown must not give those few people's score (a
    tester's one respondent without a unit, out of 10)."""
    rest = (total or 0) - sum(n or 0 for n in respondents)
    if rest > 0:
        return hidden_cells([*respondents, rest])[:len(respondents)]
    k = min_cell()
    hidden = [n is not None and 0 < n < k for n in respondents]
    others = sorted((n, i) for i, n in enumerate(respondents) if not hidden[i] and n)
    # the hidden cells together, worked out from the table's total, must rest on k respondents or more
    # too (hidden 2 and 1 would give those 3 people's score): hide the next smallest until they do
    while any(hidden) and others and (sum(hidden) == 1 or sum(n for n, h in zip(respondents, hidden) if h) < k):
        hidden[others.pop(0)[1]] = True
    return hidden


def withheld(rnd: AssessmentRound, now: datetime | None = None) -> bool:
    """True while the round's questionnaires are being collected (or are about to be): from the
    moment a window is set until it closes. Rounds without a window (imported, published)
    show their results."""
    return bool(rnd.opens_at and rnd.closes_at and (now or timezone.now()) < rnd.closes_at)


def reopening_reveals(rnd: AssessmentRound, now: datetime | None = None) -> bool:
    """True when the round holds questionnaires whose results can have been shown — it is not
    collecting now: its window has closed, or it has none (cleared, or imported rounds) — so that
    collecting again (a window closing later than now) must be refused."""
    return bool(rnd.pk and not withheld(rnd, now) and holds_answers(rnd))


def holds_answers(rnd: AssessmentRound) -> bool:
    """The round holds questionnaires' counts or a published report's figures (which may come
    without respondent tallies: its counts and scores are its results)."""
    from prongsai.surveys.models import OptionCount, PublishedScore, RespondentTally

    return any(model.objects.filter(round=rnd).exists() for model in (RespondentTally, OptionCount, PublishedScore))


def few_respondents(rnd: AssessmentRound) -> list[str]:
    """The round's survey tools answered by 1…MIN_CELL-1 people: their results are withheld whole.
    A tool's scores from three people are those people's answers, and beside them a breakdown's
    empty cells would give away what its hidden ones hold."""
    return few_respondents_of([rnd])[rnd.pk]


def few_respondents_of(rounds: list[AssessmentRound]) -> dict[int, list[str]]:
    """few_respondents of many rounds (a city-wide page), in one query; each round object remembers
    its answer (asked by every table of a page: once per round object)."""
    from prongsai.surveys.models import RespondentTally

    k = min_cell()
    todo = [r for r in rounds if getattr(r, "_few_respondents", (None,))[0] != k]
    if todo:
        small: dict[int, list[str]] = {r.pk: [] for r in todo}
        totals = (RespondentTally.objects.filter(round__in=[r.pk for r in todo])
                  .values("round", "tool").annotate(n=Sum("count")).order_by("round", "tool"))
        for t in totals:
            if 0 < t["n"] < k:
                small[t["round"]].append(t["tool"])
        for r in todo:
            r._few_respondents = (k, small[r.pk])
    return {r.pk: r._few_respondents[1] for r in rounds}


def survey_rows(model, rnd: AssessmentRound):
    """The round's stored survey aggregates (OptionCount or RespondentTally rows) that may be
    shown: none while they are withheld, none of a tool with too few respondents. Every report
    reads them through here (or survey_rows_of)."""
    return survey_rows_of(model, [rnd])


def survey_rows_of(model, rounds: list[AssessmentRound]):
    """survey_rows of many rounds in one queryset (rows carry their `round`)."""
    shown = [r for r in rounds if not withheld(r)]
    if not shown:
        return model.objects.none()
    rows = model.objects.filter(round__in=[r.pk for r in shown])
    # one exclusion per set of small tools (IIT, EIT or both), each on its own rounds only: one per
    # round nested a thousand deep and SQLite refused the city's years (a reviewer)
    rounds_of: dict[tuple[str, ...], list[int]] = {}
    for pk, small in few_respondents_of(shown).items():
        if small:
            rounds_of.setdefault(tuple(small), []).append(pk)
    for tools, pks in rounds_of.items():
        rows = rows.exclude(round__in=pks, tool__in=tools)
    return rows
