"""The results report as JSON (`prongsai report --format json`, /rounds/<pk>/report.json)
and as an XLSX workbook, with the same figures as the page."""
from __future__ import annotations

import io
from fractions import Fraction

from prongsai.agencies.models import AssessmentRound
from prongsai.scoring import breakdown_json, round2
from prongsai.scoring.numbers import as_number
from prongsai.surveys.questionnaire import LANGUAGE_NAMES

from .scores import report_rows, round_breakdown
from .suppression import few_respondents, withheld
from .tables import report_tables


def number(value) -> float | None:
    """A figure rounded to cents as the report prints it (a float; None stays None)."""
    if value is None:
        return None
    return as_number(round2(Fraction(value)))


def _count_rows(table: dict, label) -> list[dict]:
    return [
        {"option": label(r["label"]), "count": r["count"], "percent": number(r["percent"]), "suppressed": r["suppressed"]}
        for r in table["rows"]
    ]


def report_json(rnd: AssessmentRound) -> dict:
    """The foundation's score schema (ita, level, tools, indicators, questions) with the
    report's tables beside it. Suppressed cells are null and named in `suppressed`."""
    breakdown = round_breakdown(rnd)
    rows = report_rows(rnd, breakdown)
    tables = report_tables(rnd)
    doc = {
        "framework": rnd.framework,
        "fiscal_year": rnd.fiscal_year,
        "agency": {"code": rnd.agency.code, "name_th": rnd.agency.name_th, "name_en": rnd.agency.name_en},
        **breakdown_json(breakdown),
        "min_cell": tables["min_cell"],
        # survey results are withheld until collection closes (suppression.withheld)
        "survey_results_withheld_until": rnd.closes_at.isoformat() if withheld(rnd) else None,
        # a tool answered by fewer than min_cell people shows nothing (suppression.few_respondents)
        # (none said while collecting: that 1–4 people have answered is itself news)
        "survey_results_withheld_few_respondents": [] if withheld(rnd) else few_respondents(rnd),
    }
    options = {}
    for tool_rows in rows["questions"].values():
        for row in tool_rows:
            options[row["question"].code] = [
                {"option": o["label"].th, "count": o["count"], "percent": number(o["percent"])} for o in row["options"]
            ]
    doc["question_options"] = options
    doc["respondents"] = {
        "by_tool": tables["totals"],
        "by_tool_gender": {t["tool"]: _count_rows(t, lambda o: o.th) for t in tables["by_gender"]},
        "by_language": {t["tool"]: _count_rows(t, str) for t in tables["by_language"]},
    }
    doc["demographics"] = {}
    for t in tables["demographics"]:
        doc["demographics"].setdefault(t["tool"], {})[t["demographic"].code] = _count_rows(t, lambda o: o.th)
    doc["units"] = [
        {"code": r["unit"].code, "name_th": r["unit"].name_th, "iit_n": r["IIT_n"], "iit": number(r["IIT"]),
         "eit_n": r["EIT_n"], "eit": number(r["EIT"]), "mean": number(r["mean"]), "source": r["source"],
         "suppressed": r["suppressed"]}
        for r in tables["units"]["rows"]
    ]
    doc["service_types"] = [
        {"code": r["service_type"].code, "name_th": r["service_type"].name_th, "n": r["n"], "eit": number(r["EIT"]),
         "questions": {q: number(v) for q, v in r["questions"].items()}, "source": r["source"],
         "suppressed": ["n", "eit", *r["questions"]] if r["suppressed"] else []}
        for r in tables["service_types"]["rows"]
    ]
    return doc


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

SUPPRESSED = "–*"
SHEETS = {  # the workbook's sheets, Thai first (a sheet name holds at most 31 characters)
    "summary": "สรุป Summary", "indicators": "ตัวชี้วัด Indicators", "questions": "ข้อคำถาม Questions",
    "respondents": "ผู้ตอบ Respondents", "demographics": "ข้อมูลทั่วไป Demographics", "units": "ฝ่าย Units",
    "service_types": "ประเภทบริการ Service types",
}
UNIT_COLUMNS = [("iit_n", "IIT_n"), ("iit", "IIT"), ("eit_n", "EIT_n"), ("eit", "EIT"), ("mean", "mean")]  # JSON key, table's


def safe_cell(value):
    """A text cell that a spreadsheet must never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def heading(ws, header: list[str]) -> None:
    """A sheet's first row: its column headings, in bold."""
    from openpyxl.styles import Font

    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)


def cents(ws) -> None:
    """Every figure under a sheet's headings with two decimals: 45.00, as the pages show it, not 45."""
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"


def workbook_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_xlsx(rnd: AssessmentRound) -> bytes:
    """The same figures as the page, one sheet per table."""
    from openpyxl import Workbook

    doc = report_json(rnd)
    pack = rnd.pack
    book = Workbook()

    def hid(value, hidden: bool):
        """A suppressed cell reads "–*" as on the page; "–" is a cell with nothing in it."""
        return SUPPRESSED if hidden else value

    def sheet(title: str, header: list[str], rows: list[list]):
        ws = book.create_sheet(title)
        heading(ws, header)
        for row in rows:
            ws.append([safe_cell("–" if v is None else v) for v in row])
        for column in ws.columns:  # wide enough to read, as the page shows it (long texts wrap at 60)
            longest = max(len(str(c.value)) for c in column if c.value is not None)
            ws.column_dimensions[column[0].column_letter].width = min(max(10, longest + 2), 60)
        ws.freeze_panes = "A2"
        return ws

    book.remove(book.active)
    tools = doc["tools"]
    sheet(SHEETS["summary"], ["รายการ / figure", "ค่า / value"], [
        ["หน่วยงาน / agency", doc["agency"]["name_th"]], ["รหัสหน่วยงาน / agency code", doc["agency"]["code"]],
        ["ปีงบประมาณ / fiscal year", doc["fiscal_year"]], ["กรอบการประเมิน / framework", doc["framework"]],
        ["ITA", doc["ita"]], ["ระดับ / level", doc["level"]],
        *[[f"คะแนน {code} / {code} score", t["score"]] for code, t in tools.items()],
        *[[f"คะแนนถ่วงน้ำหนัก {code} / {code} weighted", t["weighted"]] for code, t in tools.items()],
        *[[f"ผู้ตอบ {code} / {code} respondents", t.get("respondents")] for code, t in tools.items() if code != "OIT"],
        ["จำนวนผู้ตอบน้อยที่สุดที่แสดง / smallest cell shown", doc["min_cell"]],
        [SUPPRESSED, f"ไม่แสดง: ผู้ตอบน้อยกว่า {doc['min_cell']} คน / hidden: fewer than {doc['min_cell']} respondents, "
                     "or hidden with such a cell so that it cannot be worked out from the total"],
        *([["ไม่แสดงผล IIT/EIT จนกว่าจะปิดรับ / IIT/EIT results withheld until collection closes",
            doc["survey_results_withheld_until"]]] if doc["survey_results_withheld_until"] else []),
        *[[f"ไม่แสดงผล {tool} / {tool} results withheld", f"ผู้ตอบน้อยกว่า {doc['min_cell']} คน / fewer than {doc['min_cell']} respondents"]
          for tool in doc["survey_results_withheld_few_respondents"]],
        *[["คำเตือน / warning", w] for w in doc["warnings"]],
    ])
    names = {i.code: i.name.th for i in pack.indicators} | {s.code: s.name.th for s in pack.subindicators}
    sheet(SHEETS["indicators"], ["ตัวชี้วัด / indicator", "ชื่อ / name", "คะแนน / score"],
          [[c, names.get(c, ""), v] for c, v in doc["indicators"].items()])
    texts = {q.code: q.label.th for q in pack.questions} | {i.code: i.name.th for i in pack.oit_items}
    sheet(SHEETS["questions"], ["ข้อ / question", "ข้อคำถาม / text", "คะแนน / score", "จำนวนผู้ตอบ / answered",
                                "ตัวเลือก (จำนวน, %) / options (count, %)"], [
        [c, texts.get(c, ""), q["score"], q.get("answered"),
         "; ".join(f"{o['option']}: {o['count']} ({o['percent']}%)" for o in doc["question_options"].get(c, []))]
        for c, q in doc["questions"].items()
    ])
    languages = {**LANGUAGE_NAMES, "?": "ไม่ทราบ / unknown"}
    sheet(SHEETS["respondents"], ["แบบวัด / tool", "จำแนกตาม / by", "ตัวเลือก / option", "จำนวน / count", "ร้อยละ / percent"], [
        *[[tool, group, label.get(o["option"], o["option"]), hid(o["count"], o["suppressed"]), hid(o["percent"], o["suppressed"])]
          for group, key, label in (("เพศ / gender", "by_tool_gender", {}), ("ภาษา / language", "by_language", languages))
          for tool, rows in doc["respondents"][key].items() for o in rows],
    ])
    asked = {(tool, d.code): f"{d.text.th} ({d.code})" for tool, ds in pack.demographics.items() for d in ds}
    sheet(SHEETS["demographics"], ["แบบวัด / tool", "ข้อ / question", "ตัวเลือก / option", "จำนวน / count", "ร้อยละ / percent"], [
        [tool, asked.get((tool, code), code), o["option"], hid(o["count"], o["suppressed"]), hid(o["percent"], o["suppressed"])]
        for tool, groups in doc["demographics"].items() for code, rows in groups.items() for o in rows
    ])
    sheet(SHEETS["units"], ["ฝ่าย / unit", "IIT n", "IIT", "EIT n", "EIT", "เฉลี่ย / mean"], [
        [u["name_th"], *(hid(u[key], name in u["suppressed"]) for key, name in UNIT_COLUMNS)] for u in doc["units"]
    ])
    questions = list(doc["service_types"][0]["questions"]) if doc["service_types"] else []
    sheet(SHEETS["service_types"], ["ประเภทบริการ / service type", "n", "EIT", *questions], [
        [s["name_th"], *(hid(v, bool(s["suppressed"])) for v in (s["n"], s["eit"], *(s["questions"][q] for q in questions)))]
        for s in doc["service_types"]
    ])
    return workbook_bytes(book)
