"""A worked example for the demo: Bang Bon's FY2568 measures plan, made from its (synthetic) FY2567
weak items with the standard library's measures, approved, and its 6-month report recorded and
approved — so that the plan and progress pages, the documents and the central office's plans page
have something to show. Lak Si's FY2568 is left for the user to plan.

Loaded once: a plan already there (the user may have changed it) is left as it is. Everything here
is made up and Bang Bon is a synthetic agency, so every page that shows it says so."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.measures.analysis import analyse
from prongsai.measures.models import Evidence, MeasureProgress, Plan
from prongsai.measures.planning import add_weak_items
from prongsai.measures.tracking import add_standard_round

BANG_BON = "101050"
YEAR = 2568
ISSUES = 8  # the most valuable weak items of the 2567 results
DIRECTOR = "นายวิชัย บางบอนดี"  # made up, as every name of the demo
BANGKOK = ZoneInfo("Asia/Bangkok")
SENT, APPROVED = dt.datetime(2024, 11, 12, 10, 0, tzinfo=BANGKOK), dt.datetime(2024, 11, 15, 14, 0, tzinfo=BANGKOK)
REPORT_SENT, REPORT_APPROVED = dt.datetime(2025, 4, 10, 10, 0, tzinfo=BANGKOK), dt.datetime(2025, 4, 18, 15, 0, tzinfo=BANGKOK)
DEADLINES = [dt.date(2024, 12, 31), dt.date(2025, 3, 31), dt.date(2025, 9, 30)]
WEBSITE = "https://webportal.bangkok.go.th/bangbon"


def load_plan() -> Plan | None:
    """Bang Bon's plan and 6-month report, unless the plan is there already or Bang Bon is not loaded."""
    agency = Agency.objects.filter(code=BANG_BON, synthetic=True).first()
    source = AssessmentRound.objects.filter(agency=agency, fiscal_year=YEAR - 1).first() if agency else None
    if source is None or Plan.objects.filter(agency=agency, fiscal_year=YEAR).exists():
        return None
    with transaction.atomic():
        plan = Plan.objects.create(agency=agency, fiscal_year=YEAR, source_round=source)
        add_weak_items(None, plan, [item.code for item in analyse(source).items][:ISSUES])
        units = list(agency.units.order_by("id"))
        measures = list(plan.measures())
        for n, measure in enumerate(measures):
            measure.deadline = DEADLINES[n % len(DEADLINES)]
            # a library measure without them: what a coordinator fills in (the signed plan prints no empty cell)
            measure.output = measure.output or "รายงานผลการดำเนินการตามมาตรการ 1 ฉบับ"
            measure.communication = measure.communication or "เผยแพร่บนเว็บไซต์และเฟซบุ๊กสำนักงานเขต"
            measure.monitoring = measure.monitoring or "ผู้อำนวยการเขตติดตามในการประชุมผู้บริหารเขตทุกเดือน"
            measure.save(update_fields=["deadline", "output", "communication", "monitoring"])
            measure.responsible_units.set([units[n % len(units)], units[(n + 4) % len(units)]])
        Plan.objects.filter(pk=plan.pk).update(submitted_at=SENT, approved_at=APPROVED, approved_name=DIRECTOR)
        six, _ = add_standard_round(plan, "6m", None)
        for n, measure in enumerate(measures):
            _progress(six, measure, n)
        type(six).objects.filter(pk=six.pk).update(submitted_at=REPORT_SENT, approved_at=REPORT_APPROVED,
                                                   approved_name=DIRECTOR)
    return plan


def _progress(six, measure, n: int) -> None:
    """Two measures in three done by the end of March (one of them after its deadline), the rest under way."""
    first_line = measure.activities.splitlines()[0]
    if n % 3 == 2:
        MeasureProgress.objects.create(
            measure=measure, reporting_round=six, status=MeasureProgress.IN_PROGRESS,
            result=f"{first_line} ดำเนินการแล้วบางส่วน ผู้อำนวยการเขตติดตามในการประชุมผู้บริหารเขตทุกเดือน")
        return
    finished = min(measure.deadline, dt.date(2025, 3, 20)) - dt.timedelta(days=3 * n)
    if n == 3:  # one finished late, as happens: the report says so
        finished = measure.deadline + dt.timedelta(days=16)
    progress = MeasureProgress.objects.create(
        measure=measure, reporting_round=six, status=MeasureProgress.DONE, completed_on=finished,
        result=(f"{first_line} "
                "ผู้บริหารได้ประชุมมอบหมายเจ้าหน้าที่ผู้รับผิดชอบ โดยมีการกำกับติดตามและตรวจสอบโดยผู้อำนวยการเขต"))
    Evidence.objects.create(progress=progress, kind=Evidence.LINK, url=f"{WEBSITE}/ita/{YEAR}/{measure.issue.code.lower()}",
                            caption=f"เผยแพร่ผลการดำเนินการ {measure.issue.code} บนเว็บไซต์สำนักงานเขต")
