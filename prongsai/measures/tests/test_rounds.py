"""Reporting rounds as the tester met them: a custom round's dates are checked."""
import datetime as dt

import pytest
from django.urls import reverse

from prongsai.measures.models import ReportingRound

from .factories import make_plan

pytestmark = pytest.mark.django_db


def _form(client, plan, **data):
    return client.post(reverse("measures:reporting_round_new", args=[plan.pk]), data)


def test_a_custom_rounds_dates_are_christian_era_dates_in_the_fiscal_year(staff_client, laksi_round):
    plan = make_plan(laksi_round, with_progress=False)  # FY2568: 1 Oct 2024 – 30 Sep 2025
    page = _form(staff_client, plan, code="q1", start="2568-10-01", end="2568-12-31").content.decode()
    assert "วันเริ่มต้น: ปี 2568 น่าจะเป็นปี พ.ศ." in page and "2568 − 543 = 2025" in page
    assert "วันสิ้นสุด: ปี 2568 น่าจะเป็นปี พ.ศ." in page
    page = _form(staff_client, plan, code="q1", start="2024-10-01", end="2030-01-01").content.decode()
    assert "วันสิ้นสุดต้องอยู่ในปีงบประมาณ 2568" in page
    page = _form(staff_client, plan, code="q1", start="2024-12-31", end="2024-10-01").content.decode()
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น" in page
    page = _form(staff_client, plan, code="q1", start="2024-10-01").content.decode()
    assert "ต้องระบุวันสิ้นสุด" in page
    assert not ReportingRound.objects.filter(code="q1").exists()
    response = _form(staff_client, plan, code="q1", start="2024-10-01", end="2024-10-01")  # one day: start ≤ end
    rr = ReportingRound.objects.get(plan=plan, code="q1")
    assert response.status_code == 302 and (rr.start, rr.end) == (dt.date(2024, 10, 1), dt.date(2024, 10, 1))
