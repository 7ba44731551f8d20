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


# Wordings of the users' own plans (seed 004, seed 001 section 3): long Thai cells that wrap over
# many lines, compounds the line breaker must keep whole, a link, dates.
LONG_PROBLEM = (
    "ผู้รับบริการเห็นว่าการปรับปรุงวิธีการและขั้นตอนการดำเนินงาน/การให้บริการยังไม่ชัดเจน และการสื่อสาร"
    "ประชาสัมพันธ์ของหน่วยงานยังไม่เพียงพอ ทำให้ผู้มาติดต่อไม่ทราบว่าหน่วยงานได้มีการนำเทคโนโลยีมาใช้"
    "ในการดำเนินงานตามภารกิจแล้ว"
)
LONG_MEASURES = [
    ("กิจกรรมสร้างวัฒนธรรมการให้บริการกับเจ้าหน้าที่ประจำจุด\n- บริการด้วยใจ ใส่ใจ ด้วยความยิ้มแย้ม\n"
     "- การพัฒนาบุคลิกภาพ\n- check list การปฏิบัติตามคู่มือและมาตรฐาน",
     "รายงานผลการปฏิบัติตามคู่มือ 1 ครั้ง/เดือน",
     "เขต ยุคใหม่ ใส่ใจบริการ สื่อสารโดยผู้อำนวยการเขต ผ่านเพจ Facebook และ Line group ของสำนักงานเขต",
     dt.date(2025, 3, 31), "เป็นประจำทุกเดือน โดยผู้อำนวยการเขตและผู้บริหารเขต"),
    ("ประชาสัมพันธ์ช่องทาง E-service และ Tracking ให้ประชาชนรับทราบ พร้อมจัดทำ info graphic แสดงขั้นตอน"
     "การให้บริการผ่านระบบศูนย์รับคำขออนุญาตของกรุงเทพมหานคร https://eservice.bangkok.go.th",
     "info graphic 5 แผ่น จำนวน 5 จุด ณ จุดให้บริการของสำนักงานเขต",
     "สื่อสารโดยสื่อประชาสัมพันธ์ info graphic ณ จุดบริการ และเว็บไซต์ของสำนักงานเขต",
     dt.date(2025, 4, 30), "ทุก 1 เดือน"),
    ("มอบหมายเจ้าหน้าที่ตรวจสอบข้อมูลภายหลังการเผยแพร่เพื่อป้องกันการสูญหายของข้อมูลบนเว็บไซต์ "
     "และรายงานผู้อำนวยการเขตทราบเป็นประจำทุกเดือน พร้อมสรุปผลการจัดซื้อจัดจ้างรายเดือน",
     "คำสั่งมอบหมายผู้รับผิดชอบ 1 ฉบับ และรายงานการตรวจสอบรายเดือน",
     "จัดประชุมชี้แจงสร้างการรับรู้แก่เจ้าหน้าที่ผู้รับผิดชอบ",
     dt.date(2025, 3, 31), "เป็นประจำทุกเดือน"),
]


def add_long_issue(plan, code="E5", measures=3, repeat=1):
    """An issue with the long seed wordings (`measures` of them, each `repeat` times): rows that
    wrap, fill pages and continue onto the next."""
    issue = PlanIssue.objects.create(plan=plan, code=code, problem=LONG_PROBLEM, order=0)
    units = list(plan.agency.units.all())
    for n in range(repeat):
        for k, (activities, output, communication, deadline, monitoring) in enumerate(LONG_MEASURES[:measures]):
            m = Measure.objects.create(issue=issue, activities=activities, output=output, communication=communication,
                                       deadline=deadline, monitoring=monitoring, order=n * 10 + k)
            m.responsible_units.set(units[k:k + 2] or units[:1])
    return issue
