"""Anonymity for breakdown tables, in one place for the page, the XLSX and the JSON.

DESIGN.md: never show a breakdown cell resting on fewer than settings.PRONGSAI_MIN_CELL
respondents, and never let a unit's figure be derived by subtracting shown totals from the
whole. So in one table, a cell resting on 1…MIN_CELL-1 respondents is hidden, and when that
leaves exactly one hidden cell, the next smallest non-empty cell is hidden too
(complementary suppression).
"""
from __future__ import annotations

from django.conf import settings


def min_cell() -> int:
    return int(settings.PRONGSAI_MIN_CELL)


def hidden_cells(respondents: list[int | None]) -> list[bool]:
    """For the respondent counts of one table's cells, which cells to hide."""
    k = min_cell()
    hidden = [n is not None and 0 < n < k for n in respondents]
    if sum(hidden) == 1:
        others = sorted((n, i) for i, n in enumerate(respondents) if not hidden[i] and n)
        if others:
            hidden[others[0][1]] = True
    return hidden
