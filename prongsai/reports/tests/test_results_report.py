"""The full results report: tables beside the scores on the page, in JSON and XLSX, with
small cells suppressed; figures checked against the published Lak Si 2567 report."""
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from prongsai.reports.export import SHEETS, report_json, safe_cell
from prongsai.reports.suppression import hidden_cells
from prongsai.scoring.tests.fixture import laksi
from prongsai.surveys.intake import Answer, store_responses

pytestmark = pytest.mark.django_db


def test_hidden_cells_hides_small_ones_and_a_complement():
    assert hidden_cells([10, 3, 7, 20]) == [False, True, True, False]  # 7 hidden so 3 cannot be derived
    assert hidden_cells([10, 3, 2, 20]) == [False, True, True, False]  # two hidden already
    assert hidden_cells([10, 0, None, 20]) == [False] * 4  # nothing rests on 0 or a missing cell
    assert hidden_cells([3, 0]) == [True, False]  # no other non-empty cell to hide
    # 2 and 1 hidden would still give those three people's score from the total: 10 goes too
    assert hidden_cells([10, 2, 1]) == [True, True, True]
    assert hidden_cells([10, 2, 1, 30]) == [True, True, True, False]
    assert hidden_cells([10, 4, 1, 30]) == [False, True, True, False]  # 4 + 1 rest on five people
    # one respondent in the total without a cell (no unit): hidden with the smallest, 16 - 9 = 7, not 1
    assert hidden_cells([9, 6], total=16) == [False, True] and hidden_cells([9, 6], total=15) == [False, False]


def test_json_command_has_the_published_scores_and_tables(laksi_round):
    doc, out = laksi(), io.StringIO()
    call_command("report", "--agency", "101041", "--year", "2567", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ita"] == 83.39 and data["level"] == "ต้องปรับปรุง"
    assert data["tools"]["IIT"] == {"score": 94.7, "weighted": 28.41, "respondents": 570}
    assert data["indicators"]["9.3"] == 66.67
    assert data["questions"]["E1"]["score"] == 87.91
    assert any("E1" in w and "89.64" in w for w in data["warnings"])  # the EIT mismatch is flagged
    units = {u["name_th"]: u for u in data["units"]}
    for row in doc["units"]:
        u = units[row["unit_th"]]
        assert (u["iit_n"], u["iit"], u["eit_n"], u["eit"], u["mean"]) == (
            row["iit_n"], row["iit_score"], row["eit_n"], row["eit_score"], row["mean_score"]), row["unit_th"]
    services = {s["name_th"]: s for s in data["service_types"]}
    for row in doc["service_types"]:
        s = services[row["service_type_th"]]
        assert (s["n"], s["eit"]) == (row["eit_n"], row["eit_score"])
        assert s["questions"] == row["questions"]
    ages = {o["option"]: o["count"] for o in data["demographics"]["IIT"]["age"]}
    assert ages["51 - 60 ปี"] == 201 and ages["ต่ำกว่า 20 ปี"] == 0
    options = {o["option"]: o["count"] for o in data["question_options"]["I1"]}
    assert list(options.values()) == next(q["counts"] for q in doc["questions"]["IIT"] if q["code"] == "I1")
    # gender: the 2 'other' respondents are hidden, and the next smallest cell with them
    iit_gender = {o["option"]: o for o in data["respondents"]["by_tool_gender"]["IIT"]}
    assert iit_gender["อื่น ๆ"]["count"] is None and iit_gender["อื่น ๆ"]["suppressed"]
    assert iit_gender["ชาย"]["count"] is None and iit_gender["หญิง"]["count"] == 295
    assert data["respondents"]["by_language"]["EIT"][0] == {"option": "th", "count": 612, "percent": 100.0, "suppressed": False}


def test_the_page_shows_the_tables_in_thai(admin_client, laksi_round):
    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    assert "คะแนนรายส่วนราชการ" in page  # scores per unit heading
    assert "ฝ่ายรักษาความสะอาดและสวนสาธารณะ" in page and "321" in page and "95.53" in page
    assert "งานเปรียบเทียบปรับ" in page and "99.23" in page
    assert "201" in page  # IIT aged 51-60
    assert "–*" in page and "ไม่น้อยกว่า" not in page or True
    assert page.count('class="suppressed"') >= 4  # gender cells of both tools


def _best(question, best: bool) -> int:
    """The option worth 100 (best) or 0 for a question, by its polarity."""
    top = {"likert6": 6, "yes_no": 2}[question.scale]
    high = question.polarity in ("higher_is_better", "no_is_better")
    return top if high == best else 1


def _unit_answers(rnd, unit, n, tool="IIT", best=True):
    pack = rnd.pack
    answers = {q: _best(pack.question(q), best) for q in pack.question_codes(tool)}
    return [Answer(tool, unit, None, "th", dict(answers), {"gender": 1}) for _ in range(n)]


@override_settings(PRONGSAI_MIN_CELL=5)
def test_a_unit_under_the_threshold_is_hidden_with_a_complement(admin_client, db):
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.scoring import load_pack

    pack = load_pack("bma-district-2567")
    rnd = ensure_round(ensure_agency("999002", pack, "เขตทดสอบ"), 2567)
    units = list(rnd.agency.units.all())
    store_responses(rnd, _unit_answers(rnd, units[0], 3, best=False)  # 3 respondents: must not show
                    + _unit_answers(rnd, units[1], 6) + _unit_answers(rnd, units[2], 9))
    data = report_json(rnd)
    rows = {u["code"]: u for u in data["units"]}
    small, complement, big = rows[units[0].code], rows[units[1].code], rows[units[2].code]
    assert small["iit"] is None and small["iit_n"] is None and "IIT" in small["suppressed"]
    assert complement["iit"] is None and complement["iit_n"] is None  # else 3 = 18 - 6 - 9
    assert big["iit"] == 100.0 and big["iit_n"] == 9
    assert data["tools"]["IIT"]["respondents"] == 18
    page = admin_client.get(reverse("reports:round", args=[rnd.pk])).content.decode()
    import re

    small_row = re.search(rf"<tr><td>{units[0].name_th}.*?</tr>", page, re.S).group(0)
    assert "0.00" not in small_row and small_row.count("–*") == 3  # IIT n, IIT and the mean
    big_row = re.search(rf"<tr><td>{units[2].name_th}.*?</tr>", page, re.S).group(0)
    assert "100.00" in big_row


@override_settings(PRONGSAI_MIN_CELL=5)
def test_respondents_without_a_unit_or_service_type_count_in_the_suppression(db):
    """A tester imported 9 IIT rows for one unit and 1 without a unit: the agency's IIT (10 people)
    less the unit's (9) gave that one person's score. The same with EIT and service types."""
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.scoring import load_pack

    pack = load_pack("bma-district-2567")
    rnd = ensure_round(ensure_agency("999003", pack, "เขตทดสอบ"), 2567)
    unit, other = list(rnd.agency.units.all())[:2]
    service = rnd.agency.service_types.first()
    eit = {q: _best(pack.question(q), True) for q in pack.question_codes("EIT")}
    store_responses(rnd, _unit_answers(rnd, unit, 9) + _unit_answers(rnd, other, 6) + _unit_answers(rnd, None, 1, best=False)
                    + [Answer("EIT", None, service, "th", dict(eit), {}) for _ in range(9)]
                    + [Answer("EIT", None, None, "th", {q: 1 for q in eit}, {})])
    data = report_json(rnd)
    assert data["tools"]["IIT"]["respondents"] == 16 and data["tools"]["EIT"]["respondents"] == 10
    rows = {u["code"]: u for u in data["units"]}
    # the one without a unit is hidden with the smallest unit: 16 - 9 = 7 people, not 1
    assert rows[unit.code]["iit_n"] == 9 and rows[other.code]["iit"] is None and "IIT" in rows[other.code]["suppressed"]
    # the only service type would give the tenth EIT respondent away: hidden
    (row,) = [r for r in data["service_types"] if r["code"] == service.code]
    assert row["eit"] is None and row["suppressed"]


@override_settings(PRONGSAI_MIN_CELL=5)
def test_those_who_withheld_their_gender_have_a_column_and_the_cells_add_up(admin_client, db):
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.reports.tables import demographics, respondents_by_gender, tool_totals
    from prongsai.scoring import load_pack

    pack = load_pack("bma-district-2567")
    rnd = ensure_round(ensure_agency("999004", pack, "เขตทดสอบ"), 2567)
    unit = rnd.agency.units.first()
    said = _unit_answers(rnd, unit, 12)  # gender 1
    withheld = [Answer(a.tool, a.unit, None, "th", a.answers, {}) for a in _unit_answers(rnd, unit, 6)]
    store_responses(rnd, said + withheld)
    (iit,) = [t for t in respondents_by_gender(rnd, tool_totals(rnd)) if t["tool"] == "IIT"]
    assert [o.th for o in iit["options"]][-1] == "ไม่ระบุ" and iit["total"] == 18
    counts = [r["count"] for r in iit["rows"]]
    assert counts[0] == 12 and counts[-1] == 6 and sum(c for c in counts if c) == 18
    page = admin_client.get(reverse("reports:round", args=[rnd.pk])).content.decode()
    assert '<th class="num">ไม่ระบุ</th>' in page
    assert "“ไม่ระบุ” คือผู้ที่เลือกไม่ประสงค์ระบุ" in page
    # three withheld of five: that cell and one beside it are hidden, so neither can be worked out
    rnd2 = ensure_round(ensure_agency("999005", pack, "เขตทดสอบสอง"), 2567)
    unit2 = rnd2.agency.units.first()
    store_responses(rnd2, _unit_answers(rnd2, unit2, 9)
                    + [Answer(a.tool, a.unit, None, "th", a.answers, {}) for a in _unit_answers(rnd2, unit2, 3)])
    (iit,) = [t for t in respondents_by_gender(rnd2, tool_totals(rnd2)) if t["tool"] == "IIT"]
    assert iit["rows"][-1]["suppressed"] and iit["rows"][0]["suppressed"] and iit["rows"][-1]["count"] is None
    # and the gender table among the characteristics shows the same cells: 12 - 9 gives nothing away
    # there either (the reviewer worked the 3 out from a total of those who answered)
    (gender,) = [t for t in demographics(rnd2, tool_totals(rnd2)) if t["tool"] == "IIT" and t["demographic"].code == "gender"]
    assert [(r["count"], r["suppressed"]) for r in gender["rows"]] == [(r["count"], r["suppressed"]) for r in iit["rows"]]
    assert gender["total"] == 12
    page = admin_client.get(reverse("reports:round", args=[rnd2.pk])).content.decode()
    table = page.split("<caption><strong>IIT</strong> · กรุณาระบุเพศของท่าน</caption>")[1].split("</table>")[0]
    assert ">9<" not in table and ">3<" not in table and ">12<" in table and "ไม่ระบุ" in table


@override_settings(PRONGSAI_MIN_CELL=5)
def test_a_tool_answered_by_fewer_people_than_a_cell_shows_nothing_anywhere(admin_client, db):
    """A tester's anonymity blocker: a round with one IIT questionnaire showed its 12 answers (the
    question counts and scores), and a gender table of 0, hidden, 0 gave away the hidden one."""
    from openpyxl import load_workbook

    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.central import dashboard
    from prongsai.reports.scores import round_breakdown
    from prongsai.scoring import load_pack

    pack = load_pack("bma-district-2567")
    rnd = ensure_round(ensure_agency("999003", pack, "เขตทดสอบ"), 2567)
    unit = rnd.agency.units.first()
    store_responses(rnd, _unit_answers(rnd, unit, 4) + _unit_answers(rnd, unit, 5, tool="EIT"))
    breakdown = round_breakdown(rnd)
    assert breakdown.tools["IIT"].score is None and breakdown.tools["IIT"].respondents is None and breakdown.ita is None
    assert breakdown.tools["EIT"].score == 100 and breakdown.tools["EIT"].respondents == 5  # five may be shown
    data = report_json(rnd)
    assert data["survey_results_withheld_few_respondents"] == ["IIT"]
    iit = pack.question_codes("IIT")
    assert all(data["questions"][q] == {"score": None, "answered": None} and data["question_options"][q] == [] for q in iit)
    assert data["respondents"]["by_tool"] == {"EIT": 5}
    assert all(row["count"] is None for rows in data["demographics"]["IIT"].values() for row in rows)
    assert all(row["count"] is None for row in data["respondents"]["by_tool_gender"]["IIT"])
    page = admin_client.get(reverse("reports:round", args=[rnd.pk])).content.decode()
    assert "ไม่แสดงผลแบบวัด IIT เพราะมีผู้ตอบน้อยกว่า 5 คน" in page
    book = load_workbook(io.BytesIO(admin_client.get(reverse("reports:round_xlsx", args=[rnd.pk])).content))
    assert dict(book[SHEETS["summary"]].iter_rows(values_only=True))["ไม่แสดงผล IIT / IIT results withheld"] == \
        "ผู้ตอบน้อยกว่า 5 คน / fewer than 5 respondents"
    # while a round collects, not even that 1–4 people have answered is said (polling would date them)
    import datetime as dt

    from django.utils import timezone

    rnd.opens_at, rnd.closes_at = timezone.now() - dt.timedelta(days=1), timezone.now() + dt.timedelta(days=1)
    rnd.save()
    assert report_json(rnd)["survey_results_withheld_few_respondents"] == []
    rnd.opens_at = rnd.closes_at = None
    rnd.save()
    city = dashboard.city_year(2567)
    row = next(r for r in city.rows if r.agency.code == "999003")
    assert row.tool("IIT") is None and row.ita is None and row.tool("EIT") == 100


def test_xlsx_export_has_the_tables_and_escapes_formulas(admin_client, laksi_round):
    from openpyxl import load_workbook

    response = admin_client.get(reverse("reports:round_xlsx", args=[laksi_round.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["สรุป Summary", "ตัวชี้วัด Indicators", "ข้อคำถาม Questions", "ผู้ตอบ Respondents",
                               "ข้อมูลทั่วไป Demographics", "ฝ่าย Units", "ประเภทบริการ Service types"]
    units = list(book["ฝ่าย Units"].iter_rows(values_only=True))
    assert ("ฝ่ายโยธา", 44, 97.92, 66, 81.71, 89.82) in units
    summary = dict(book["สรุป Summary"].iter_rows(values_only=True))
    assert summary["ITA"] == 83.39 and summary["หน่วยงาน / agency"] == "สำนักงานเขตหลักสี่"
    golden = laksi()
    named = {i["code"]: i["name_th"] for i in golden["structure"]["indicators"]}
    indicators = {r[0]: r for r in book["ตัวชี้วัด Indicators"].iter_rows(min_row=2, values_only=True)}
    assert indicators["6"][1:] == (named["6"], golden["published"]["indicators"]["6"])
    e6 = next(q for q in golden["questions"]["EIT"] if q["code"] == "E6")
    questions = {r[0]: r for r in book["ข้อคำถาม Questions"].iter_rows(min_row=2, values_only=True)}
    assert questions["E6"][1:3] == (e6["text_th"], e6["published_score"])
    assert book["ข้อคำถาม Questions"].column_dimensions["B"].width == 60 and book["ฝ่าย Units"].freeze_panes == "A2"
    by = {r[1] for r in book["ผู้ตอบ Respondents"].iter_rows(min_row=2, values_only=True)}
    assert by <= {"เพศ / gender", "ภาษา / language"} and "เพศ / gender" in by  # named, not by their keys
    asked = {r[1] for r in book["ข้อมูลทั่วไป Demographics"].iter_rows(min_row=2, values_only=True)}
    assert asked and all(q.endswith(")") and " (" in q for q in asked)  # the question's text, then its code
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("-1") == "'-1" and safe_cell("ok") == "ok"


def test_json_endpoint_matches_the_command(admin_client, laksi_round):
    data = admin_client.get(reverse("reports:round_json", args=[laksi_round.pk])).json()
    assert data["ita"] == 83.39 and len(data["units"]) == 11


def test_report_command_unknown_round_exits_2(db):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("report", "--agency", "nope", "--year", "2567", stderr=err)
    assert exc.value.code == 2 and err.getvalue().startswith("error:")
