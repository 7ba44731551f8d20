"""Progress tracking rules: reporting-round periods, a measure's current status, the
coordinator's dashboard (due soon, overdue, done without evidence)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from .models import Measure, MeasureProgress, Plan

DUE_WITHIN_DAYS = 14


def preset_period(fiscal_year: int, code: str) -> tuple[dt.date, dt.date] | None:
    """The dates of the standard reporting rounds of a Buddhist-era fiscal year:
    6m = 1 Oct – 31 Mar, 12m = 1 Oct – 30 Sep (FY2568 = Oct 2024 – Sep 2025)."""
    start_year = fiscal_year - 543 - 1
    if code == "6m":
        return dt.date(start_year, 10, 1), dt.date(start_year + 1, 3, 31)
    if code == "12m":
        return dt.date(start_year, 10, 1), dt.date(start_year + 1, 9, 30)
    return None


def latest_progress(measure: Measure) -> MeasureProgress | None:
    """The progress of the measure in its latest reporting round (prefetched `progress` is used)."""
    rows = sorted(measure.progress.all(), key=lambda p: (p.reporting_round.end, p.reporting_round.start))
    return rows[-1] if rows else None


def is_done(measure: Measure) -> bool:
    return any(p.status == MeasureProgress.DONE for p in measure.progress.all())


@dataclass
class DashboardRow:
    measure: Measure
    progress: MeasureProgress | None
    days: int | None  # days until (positive) or since (negative) the deadline

    @property
    def late(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


@dataclass
class Dashboard:
    due: list[DashboardRow]
    overdue: list[DashboardRow]
    done_without_evidence: list[DashboardRow]
    total: int
    done: int


def plan_measures(plan: Plan):
    return (
        Measure.objects.filter(issue__plan=plan)
        .select_related("issue")
        .prefetch_related(
            "responsible_units",
            Prefetch(
                "progress",
                queryset=MeasureProgress.objects.select_related("reporting_round").annotate(evidence_count=Count("evidence")),
            ),
        )
        .order_by("deadline", "issue__order", "order", "id")
    )


def dashboard(plan: Plan, today: dt.date) -> Dashboard:
    due, overdue, bare = [], [], []
    measures = list(plan_measures(plan))
    done_count = 0
    for m in measures:
        latest = latest_progress(m)
        days = (m.deadline - today).days if m.deadline else None
        if is_done(m):
            done_count += 1
            for p in m.progress.all():
                if p.status == MeasureProgress.DONE and p.evidence_count == 0:
                    bare.append(DashboardRow(m, p, None))  # done: no countdown
            continue
        if days is None:
            continue
        if days < 0:
            overdue.append(DashboardRow(m, latest, days))
        elif days <= DUE_WITHIN_DAYS:
            due.append(DashboardRow(m, latest, days))
    return Dashboard(due, overdue, bare, len(measures), done_count)
