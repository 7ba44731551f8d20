"""The demo's central measures (seed 003): measures the city sets for every district office in one
fiscal year, with what three districts reported, so the central office's page and its compiled
report show the work a real year does. Made once: an existing year's measures are left as they are."""
from __future__ import annotations

from prongsai.agencies.models import Agency, assessed_agencies
from prongsai.central import measures as central
from prongsai.central.models import CentralMeasure

YEAR = 2568
RESPONSIBLE = "ทุกหน่วยงานและส่วนราชการในสังกัดสำนักปลัดกรุงเทพมหานคร"
# (issue, steps): the wording of seed 003's measures, for the demo's year
MEASURES = [
    ("๑) การปฏิบัติหน้าที่ (IIT)",
     "ประชาสัมพันธ์คู่มือการปฏิบัติงานที่ได้มีการปรับปรุงให้ผู้ปฏิบัติงานทราบ และผู้บังคับบัญชากำกับดูแล "
     "ควบคุมให้ปฏิบัติงานตามขั้นตอน เพื่อให้การบริการเป็นไปตามมาตรฐาน"),
    ("๑) การปฏิบัติหน้าที่ (IIT)", "มีมาตรการสร้างขวัญกำลังใจให้กับข้าราชการและบุคลากรของกรุงเทพมหานคร"),
    ("๒) การใช้งบประมาณ (IIT)",
     "จัดทำช่องทางที่เปิดโอกาสให้ข้าราชการและบุคลากรได้เข้ามามีส่วนร่วมในการตรวจสอบการใช้จ่ายงบประมาณ "
     "เช่น สอบถาม ทักท้วง ร้องเรียน ฯลฯ และป้องกันข้อมูลของผู้แจ้งเบาะแสอย่างเข้มงวด"),
    ("๖) คุณภาพการดำเนินงาน (EIT)",
     "มีการเผยแพร่และประชาสัมพันธ์คู่มือมาตรฐานการให้บริการ ผ่านเว็บไซต์และช่องทางอื่นของหน่วยงาน "
     "ให้ผู้มารับบริการทราบ"),
]
# what three district offices reported, by agency code and measure (the first, second … above)
RESULTS = {
    "101005": {  # Bang Khen
        1: "ทุกฝ่ายเวียนแจ้งคู่มือการปฏิบัติงานฉบับปรับปรุงให้บุคลากรทราบ และหัวหน้าฝ่ายติดตามการปฏิบัติงาน"
           "ให้เป็นไปตามขั้นตอนทุกเดือน",
        3: "เปิดช่องทางร้องเรียนการใช้จ่ายงบประมาณผ่านเว็บไซต์ของสำนักงานเขตและกล่องรับความคิดเห็น "
           "พร้อมประกาศมาตรการป้องกันผู้แจ้งเบาะแส",
    },
    "101046": {  # Khlong Sam Wa
        2: "คัดเลือกข้าราชการและลูกจ้างดีเด่นประจำปี และมอบเกียรติบัตรในการประชุมประจำเดือน",
    },
    "101050": {  # Bang Bon
        1: "จัดประชุมชี้แจงคู่มือการปฏิบัติงานแก่บุคลากรทุกฝ่าย",
        4: "เผยแพร่คู่มือมาตรฐานการให้บริการบนเว็บไซต์และเฟซบุ๊กของสำนักงานเขต และติดประกาศ ณ จุดให้บริการ",
    },
}


def load_central_measures() -> list[CentralMeasure]:
    """The year's central measures, assigned to every district office, with the demo's results; none
    made when the year has measures already (a re-run, or the users' own)."""
    if CentralMeasure.objects.filter(fiscal_year=YEAR).exists():
        return []
    districts = list(assessed_agencies().filter(code__startswith="1010"))
    made = []
    for issue, steps in MEASURES:
        measure = central.save_measure(None, CentralMeasure(fiscal_year=YEAR, issue=issue, steps=steps, responsible=RESPONSIBLE))
        central.assign(None, measure, districts)
        made.append(measure)
    for code, results in RESULTS.items():
        agency = Agency.objects.filter(code=code).first()
        for n, text in results.items():
            assignment = made[n - 1].assignments.filter(agency=agency).first()
            if assignment is not None:
                central.save_result(None, assignment, text)
    return made
