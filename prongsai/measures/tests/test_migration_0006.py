"""Migration 0006: the reports on a director's list under the earlier rule stay there as sent."""
import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = [("measures", "0005_progress_updated_by")], [("measures", "0006_report_submitted")]


def test_reports_waiting_for_the_director_stay_waiting():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Agency, Plan = old.get_model("agencies", "Agency"), old.get_model("measures", "Plan")
    ReportingRound, Measure = old.get_model("measures", "ReportingRound"), old.get_model("measures", "Measure")
    PlanIssue, MeasureProgress = old.get_model("measures", "PlanIssue"), old.get_model("measures", "MeasureProgress")
    agency = Agency.objects.create(code="M0006", name_th="เขตทดสอบ")
    signed_at = timezone.now() - dt.timedelta(days=30)
    plan = Plan.objects.create(agency=agency, fiscal_year=2568, approved_at=signed_at)
    measure = Measure.objects.create(issue=PlanIssue.objects.create(plan=plan, code="E6", problem="x"), activities="y")
    ended = ReportingRound.objects.create(plan=plan, code="6m", start=dt.date(2024, 10, 1), end=dt.date(2025, 3, 31))
    MeasureProgress.objects.create(measure=measure, reporting_round=ended, status="done", result="z")
    signed = ReportingRound.objects.create(plan=plan, code="q1", start=dt.date(2024, 10, 1), end=dt.date(2024, 12, 31),
                                           approved_at=signed_at)
    empty = ReportingRound.objects.create(plan=plan, code="12m", start=dt.date(2024, 10, 1), end=dt.date(2025, 9, 30))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("measures", "ReportingRound")
    assert new.objects.get(pk=ended.pk).submitted_at is not None  # was on the director's list
    assert new.objects.get(pk=signed.pk).submitted_at == signed_at
    assert new.objects.get(pk=empty.pk).submitted_at is None  # nothing reported: the coordinator sends it
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
