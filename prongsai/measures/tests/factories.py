"""Small builders of plans for the measures tests."""
import datetime as dt

from prongsai.measures.models import Measure, MeasureProgress, Plan, PlanIssue, ReportingRound


def make_plan(rnd, with_progress=True, complete=True):
    """A FY(round+1) plan with an E6 issue (two measures) and an O22 issue, and a 6-month round;
    unless `complete`, the second measure has no responsible unit (the plan cannot be signed)."""
    agency = rnd.agency
    plan = Plan.objects.create(agency=agency, fiscal_year=rnd.fiscal_year + 1, source_round=rnd)
    units = list(agency.units.all()[:2])
    i4 = PlanIssue.objects.create(plan=plan, code="E6", problem="ผู้รับบริการเห็นว่าการปรับปรุงวิธีการและขั้นตอนยังไม่ชัดเจน", order=1)
    m1 = Measure.objects.create(
        issue=i4, activities="1. ปรับปรุงขั้นตอนการให้บริการ\n2. ประชาสัมพันธ์ขั้นตอนใหม่", output="ขั้นตอนใหม่ 1 ฉบับ",
        communication="ป้ายประชาสัมพันธ์ ณ จุดบริการ", deadline=dt.date(2025, 3, 31), monitoring="ทุก 1 เดือน", order=1,
    )
    m1.responsible_units.set(units)
    m2 = Measure.objects.create(issue=i4, activities="จัดทำแบบสำรวจความพึงพอใจ", deadline=dt.date(2025, 9, 30), order=2)
    if complete:
        m2.responsible_units.set(units[1:])
    o22 = PlanIssue.objects.create(plan=plan, code="O22", problem="ยังไม่เผยแพร่มาตรการภายในเพื่อป้องกันการทุจริต", order=2)
    m3 = Measure.objects.create(issue=o22, activities="เผยแพร่มาตรการบนเว็บไซต์", deadline=dt.date(2024, 12, 31), monitoring="ทุก 1 เดือน")
    m3.responsible_units.set(units[:1])
    six = ReportingRound.objects.create(plan=plan, code="6m", start=dt.date(2024, 10, 1), end=dt.date(2025, 3, 31))
    if with_progress:
        MeasureProgress.objects.create(measure=m1, reporting_round=six, status=MeasureProgress.DONE, result="ปรับปรุงขั้นตอนแล้วเสร็จ")
        MeasureProgress.objects.create(measure=m3, reporting_round=six, status=MeasureProgress.IN_PROGRESS, result="อยู่ระหว่างจัดทำ")
    return plan
