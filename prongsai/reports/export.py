"""The results report as JSON (`prongsai report --format json`, /rounds/<pk>/report.json)
and as an XLSX workbook, with the same figures as the page."""
from __future__ import annotations

import io
from fractions import Fraction

from prongsai.agencies.models import AssessmentRound
from prongsai.scoring import breakdown_json, round2
from prongsai.scoring.numbers import as_number

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
UNIT_COLUMNS = [("iit_n", "IIT_n"), ("iit", "IIT"), ("eit_n", "EIT_n"), ("eit", "EIT"), ("mean", "mean")]  # JSON key, table's


def safe_cell(value):
    """A text cell that a spreadsheet must never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def report_xlsx(rnd: AssessmentRound) -> bytes:
    """The same figures as the page, one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    doc = report_json(rnd)
    book = Workbook()
    bold = Font(bold=True)

    def hid(value, hidden: bool):
        """A suppressed cell reads "–*" as on the page; "–" is a cell with nothing in it."""
        return SUPPRESSED if hidden else value

    def sheet(title: str, header: list[str], rows: list[list]):
        ws = book.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([safe_cell("–" if v is None else v) for v in row])
        return ws

    book.remove(book.active)
    tools = doc["tools"]
    sheet("Summary", ["figure", "value"], [
        ["agency", doc["agency"]["name_th"]], ["agency code", doc["agency"]["code"]],
        ["fiscal year", doc["fiscal_year"]], ["framework", doc["framework"]],
        ["ITA", doc["ita"]], ["level", doc["level"]],
        *[[f"{code} score", t["score"]] for code, t in tools.items()],
        *[[f"{code} weighted", t["weighted"]] for code, t in tools.items()],
        *[[f"{code} respondents", t.get("respondents")] for code, t in tools.items() if code != "OIT"],
        ["smallest cell shown", doc["min_cell"]],
        [SUPPRESSED, f"hidden: fewer than {doc['min_cell']} respondents, or hidden with such a cell so that it cannot "
                     "be worked out from the total"],
        *([["IIT/EIT results withheld until collection closes", doc["survey_results_withheld_until"]]]
          if doc["survey_results_withheld_until"] else []),
        *[[f"{tool} results withheld", f"fewer than {doc['min_cell']} respondents"]
          for tool in doc["survey_results_withheld_few_respondents"]],
        *[["warning", w] for w in doc["warnings"]],
    ])
    sheet("Indicators", ["indicator", "score"], [[c, v] for c, v in doc["indicators"].items()])
    sheet("Questions", ["question", "score", "answered", "options (count, %)"], [
        [c, q["score"], q.get("answered"),
         "; ".join(f"{o['option']}: {o['count']} ({o['percent']}%)" for o in doc["question_options"].get(c, []))]
        for c, q in doc["questions"].items()
    ])
    sheet("Respondents", ["tool", "group", "option", "count", "percent"], [
        *[[tool, group, o["option"], hid(o["count"], o["suppressed"]), hid(o["percent"], o["suppressed"])]
          for group, key in (("gender", "by_tool_gender"), ("language", "by_language"))
          for tool, rows in doc["respondents"][key].items() for o in rows],
    ])
    sheet("Demographics", ["tool", "question", "option", "count", "percent"], [
        [tool, code, o["option"], hid(o["count"], o["suppressed"]), hid(o["percent"], o["suppressed"])]
        for tool, groups in doc["demographics"].items() for code, rows in groups.items() for o in rows
    ])
    sheet("Units", ["unit", "IIT n", "IIT", "EIT n", "EIT", "mean"], [
        [u["name_th"], *(hid(u[key], name in u["suppressed"]) for key, name in UNIT_COLUMNS)] for u in doc["units"]
    ])
    questions = list(doc["service_types"][0]["questions"]) if doc["service_types"] else []
    sheet("Service types", ["service type", "n", "EIT", *questions], [
        [s["name_th"], *(hid(v, bool(s["suppressed"])) for v in (s["n"], s["eit"], *(s["questions"][q] for q in questions)))]
        for s in doc["service_types"]
    ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
