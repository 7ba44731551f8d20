"""prongsai import-responses: R.csv/XLSX into rounds, all or nothing, problems by row and column."""
import io
from datetime import date

import pytest
from django.core.management import call_command

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.reports.scores import round_breakdown
from prongsai.scoring import load_pack, score
from prongsai.scoring.inputs import InputErrors, agency_inputs, parse_responses, read_table
from prongsai.surveys.models import OptionCount, RespondentTally, Response

pytestmark = pytest.mark.django_db

HEADER = "agency_code,tool,unit,service_type,language,submitted_at,gender,I1,I2,I3,I4,I5,I6,I7,I8,I9,I10,I11,I12,E1,E2,E3,E4,E5,E6\n"
ROWS = [
    "101041,IIT,public-works,,th,2024-03-01,1,6,5,2,6,1,2,1,1,2,1,6,5,,,,,,\n",
    "101041,IIT,ฝ่ายรายได้,,en,,2,5,5,2,5,2,2,1,2,1,1,5,5,,,,,,\n",
    "101041,EIT,registration,registration,zh,2024-03-02T10:00:00+07:00,2,,,,,,,,,,,,,6,6,2,5,4,6\n",
    "202001,EIT,,other,,,3,,,,,,,,,,,,,4,5,1,3,3,2\n",
]


def _run(*args, new_agencies=True):
    """The command on a file; adding the agencies whose codes are new (most tests start from none)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_responses", *args, *(["--new-agencies"] if new_agencies else []), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_import_creates_agencies_rounds_responses_and_counts(tmp_path, settings):
    path = tmp_path / "R.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    # agencies not in Prongsai: refused, each once with its rows, unless asked for (a tester's typo, 99999X,
    # made an agency of one questionnaire that the city's table then counted)
    code, out, err = _run(str(path), "--year", "2567", new_agencies=False)
    assert code == 2 and err.splitlines() == [
        "error: R.csv row 2, column agency_code: no agency '101041' here (a typo? import-responses --new-agencies adds it); also rows 3, 4",
        "error: R.csv row 5, column agency_code: no agency '202001' here (a typo? import-responses --new-agencies adds it)"]
    assert not Agency.objects.filter(code__in=["101041", "202001"]).exists() and Response.objects.count() == 0
    code, out, err = _run(str(path), "--year", "2567")
    assert code == 0, err
    assert "imported 4 questionnaires" in out
    assert set(Agency.objects.values_list("code", flat=True)) >= {"101041", "202001"}
    rnd = AssessmentRound.objects.get(agency__code="101041", fiscal_year=2567)
    assert rnd.framework == "bma-district-2567"
    assert Response.objects.filter(round=rnd).count() == 3
    assert OptionCount.objects.get(round=rnd, question="I1", option=6, unit__code="public-works").count == 1
    assert OptionCount.objects.get(round=rnd, question="I1", option=5, unit__code="revenue").count == 1
    assert {t.language for t in RespondentTally.objects.filter(round=rnd)} == {"th", "en", "zh"}
    # two IIT respondents: fewer than the smallest group shown, so nothing of the IIT is shown
    assert round_breakdown(rnd).tools["IIT"].score is None and round_breakdown(rnd).ita is None
    # the stored counts score exactly as the engine scores the file itself (shown once groups of 1 may be)
    settings.PRONGSAI_MIN_CELL = 1
    pack = load_pack("bma-district-2567")
    expected = {a.agency_code: score(pack, a) for a in agency_inputs(pack, parse_responses(pack, read_table(path)).responses)}
    got = round_breakdown(rnd)
    assert got.tools["IIT"].score == expected["101041"].tools["IIT"].score
    assert got.tools["EIT"].score == expected["101041"].tools["EIT"].score
    assert got.tools["IIT"].respondents == 2


def test_units_and_service_types_are_found_whatever_their_spaces_and_case(tmp_path):
    """A tester's file: "งานขออนุมัติ/อนุญาต" (the official name has a space after the slash), "ฝ่าย รายได้"
    and PERMIT were unknown."""
    rows = ["101041,EIT,ฝ่าย รายได้,งานขออนุมัติ/อนุญาต,th,,1,,,,,,,,,,,,,6,6,2,5,4,6\n",
            "101041,EIT,REVENUE,PERMIT,th,,1,,,,,,,,,,,,,6,6,2,5,4,6\n"]
    path = tmp_path / "R.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    code, out, err = _run(str(path), "--year", "2567")
    assert code == 0, err
    rnd = AssessmentRound.objects.get(agency__code="101041", fiscal_year=2567)
    assert OptionCount.objects.get(round=rnd, question="E1", option=6, unit__code="revenue", service_type__code="permit").count == 2


def test_xlsx_with_the_same_columns_imports(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in [HEADER, *ROWS]:
        sheet.append(line.rstrip("\n").split(","))
    path = tmp_path / "R.xlsx"
    book.save(path)
    code, out, err = _run(str(path), "--year", "2567", "--framework", "bma-district-2567")
    assert code == 0, err
    assert Response.objects.count() == 4


def test_every_problem_is_listed_and_nothing_saved(tmp_path):
    bad = [
        "101041,IIT,no-such-unit,,th,,1,6,5,2,6,1,2,1,1,2,1,6,5,,,,,,\n",
        "101041,IIT,public-works,permit,th,,1,9,5,2,6,1,2,1,1,2,1,6,5,,,,,,\n",
        "101041,EIT,,,xx,yesterday,2,,,,,,,,,,,,,6,6,2,5,4,6\n",
    ]
    path = tmp_path / "R.csv"
    path.write_text(HEADER + ROWS[0] + "".join(bad), encoding="utf-8")
    code, out, err = _run(str(path), "--year", "2567")
    assert code == 2
    lines = err.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines)
    assert any("row 4, column I1" in line and "out of range" in line for line in lines)
    assert any("row 5, column language" in line for line in lines)
    assert Response.objects.count() == 0 and Agency.objects.filter(code="101041").count() == 0
    assert "Traceback" not in err
    # the rows' other problems (units, service types, dates) in the same run, in the file's order —
    # not after the format is fixed (a tester fixed three rows and met three more)
    assert [line.split(",")[0].split(" row ")[1] for line in lines] == ["3", "4", "4", "5", "5"]
    assert "row 3, column unit: unknown unit 'no-such-unit'" in err
    assert "(its units: " in err and "ฝ่ายโยธา (public-works)" in err  # which there are, by name and code (testers)
    assert "row 4, column I1: option 9 is out of range" in err
    assert "row 4, column service_type: only EIT rows" in err
    assert "row 5, column language" in err and "row 5, column submitted_at" in err
    path.write_text(HEADER + ROWS[0] + "101041,IIT,public-works,permit,th,,1,6,5,2,6,1,2,1,1,2,1,6,5,,,,,,\n", encoding="utf-8")
    code, out, err = _run(str(path), "--year", "2567")
    assert code == 2 and "row 3, column service_type: only EIT rows" in err
    assert Response.objects.count() == 0 and OptionCount.objects.count() == 0


def test_a_date_outside_the_fiscal_year_in_the_future_or_in_the_buddhist_era_is_refused(tmp_path, settings):
    row = ROWS[0].split(",")
    dated = [",".join(row[:5] + [day] + row[6:]) for day in
             ("2023-10-01", "2024-09-30", "2023-09-30", "2024-10-01", "2567-01-15", "2099-01-01T09:00:00+07:00",
                          "2567-02-29")]
    path = tmp_path / "R.csv"
    path.write_text(HEADER + "".join(dated), encoding="utf-8")
    code, out, err = _run(str(path), "--year", "2567")  # FY2567: 1 Oct 2023 – 30 Sep 2024
    assert code == 2 and err.splitlines() == [
        "error: R.csv row 4, column submitted_at: '2023-09-30' is not in fiscal year 2567 (2023-10-01 to 2024-09-30)",
        "error: R.csv row 5, column submitted_at: '2024-10-01' is not in fiscal year 2567 (2023-10-01 to 2024-09-30)",
        "error: R.csv row 6, column submitted_at: '2567-01-15' has a Buddhist-era year: write the Christian-era year "
        "(2567 − 543 = 2024)",
        "error: R.csv row 7, column submitted_at: '2099-01-01T09:00:00+07:00' is in the future",
        "error: R.csv row 8, column submitted_at: '2567-02-29' has a Buddhist-era year: write the Christian-era year "
        "(2567 − 543 = 2024)",  # 29 Feb 2024: not "not a date"
    ]
    assert Response.objects.count() == 0
    path.write_text(HEADER + "".join(dated[:2]), encoding="utf-8")
    assert _run(str(path), "--year", "2567")[0] == 0  # the first and the last day of the year


def test_dates_as_thai_excel_writes_them(tmp_path):
    """A tester's dates: Thai digits (๒๐๒๔-๐๑-๑๕) and day first (15/01/2024) were "not a date"; a day-first
    date in the Buddhist era (15/01/2567) is told to be one."""
    row = ROWS[0].split(",")
    dated = [",".join(row[:5] + [day] + row[6:]) for day in ("๒๐๒๔-๐๑-๑๕", "15/01/2024", "15/01/2567", "31/02/2024")]
    path = tmp_path / "R.csv"
    path.write_text(HEADER + "".join(dated), encoding="utf-8")
    code, out, err = _run(str(path), "--year", "2567")
    assert code == 2 and err.splitlines() == [
        "error: R.csv row 4, column submitted_at: '15/01/2567' has a Buddhist-era year: write the Christian-era year "
        "(2567 − 543 = 2024)",
        "error: R.csv row 5, column submitted_at: '31/02/2024' is not a date (YYYY-MM-DD or DD/MM/YYYY)",
    ]
    path.write_text(HEADER + "".join(dated[:2]), encoding="utf-8")
    assert _run(str(path), "--year", "2567")[0] == 0
    assert set(Response.objects.values_list("submitted_on", flat=True)) == {date(2024, 1, 15)}


def test_a_year_outside_the_framework_is_refused(tmp_path):
    path = tmp_path / "R.csv"
    path.write_text(HEADER + ROWS[0], encoding="utf-8")
    code, _, err = _run(str(path), "--year", "2566", "--framework", "bma-district-2567")
    assert code == 2 and "error: --year" in err


def test_the_same_rows_cannot_be_imported_twice(tmp_path):
    path = tmp_path / "R.csv"
    path.write_text("response_id," + HEADER + "".join(f"r{n}," + row for n, row in enumerate(ROWS)), encoding="utf-8")
    assert _run(str(path), "--year", "2567")[0] == 0
    code, _, err = _run(str(path), "--year", "2567")
    # one line an agency, with its rows (a tester's file imported twice gave 300)
    assert code == 2 and ("error: R.csv row 2, column response_id: 'r0' of agency 101041 was imported into the 2567 round "
                          "before; also rows 3, 4\n") in err
    assert "row 3, column response_id" not in err and "row 5, column response_id: 'r3' of agency 202001" in err
    assert Response.objects.count() == 4


def test_a_second_file_is_refused_once_results_could_be_read_and_adds_while_collecting(tmp_path, settings):
    """A tester's anonymity blocker: the report saved before and after importing one more
    questionnaire gave that person's answers, unit and position. As a closed window does not open
    again, a round whose results can have been read takes no more questionnaires; while it
    collects (its results withheld), a second batch of forms adds to the counts."""
    import datetime as dt

    from django.utils import timezone

    path = tmp_path / "R.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    assert _run(str(path), "--year", "2567")[0] == 0
    code, _out, err = _run(str(path), "--year", "2567")  # no response_id: a second batch of forms
    assert code == 2 and ("agency 101041: its 2567 round holds questionnaires whose results can have been read; adding "
                          "more would reveal the new respondents' answers as the difference") in err
    assert Response.objects.count() == 4
    now = timezone.now()
    AssessmentRound.objects.update(opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7))
    assert _run(str(path), "--year", "2567")[0] == 0
    AssessmentRound.objects.update(closes_at=now)  # collection over
    settings.PRONGSAI_MIN_CELL = 1  # (four IIT respondents: shown only when groups that small may be)
    rnd = AssessmentRound.objects.get(agency__code="101041")
    assert OptionCount.objects.get(round=rnd, question="I1", option=6, unit__code="public-works").count == 2
    assert OptionCount.objects.get(round=rnd, tool="IIT", question="gender", option=1).count == 2
    assert OptionCount.objects.filter(round=rnd, question="I1", option=6, unit__code="public-works").count() == 1
    assert round_breakdown(rnd).tools["IIT"].respondents == 4


def test_the_same_file_saved_twice_at_once_into_a_collecting_round_is_stored_once(tmp_path, open_round):
    """Two tabs saving one preview at once: the second met a UNIQUE error page (a tester). Both plans
    were checked before either saved; the second save is refused, nothing of it stored."""
    from prongsai.surveys.responses_import import plan_import, save_import

    row = "999001,EIT,registration,,th,,1,,,,,,,,,,,,,6,6,2,5,4,6\n"
    path = tmp_path / "R.csv"
    path.write_text(HEADER.replace("agency_code,", "agency_code,response_id,", 1)
                    + "".join(row.replace("999001,", f"999001,r{n},", 1) for n in range(3)), encoding="utf-8")
    first, second = plan_import(path, 2567, new_agencies=True), plan_import(path, 2567, new_agencies=True)
    save_import(first)
    with pytest.raises(InputErrors) as refused:
        save_import(second)
    assert "received these questionnaires meanwhile" in refused.value.problems[0]
    assert Response.objects.filter(round=open_round).count() == 3


def test_two_files_checked_before_either_is_saved_are_not_both_stored_into_a_round_read_since(tmp_path, db):
    """A reviewer's race: two files for a new round, each checked before the other was saved. The first
    is stored (a round without a window: its results can be read at once); the second is refused at the
    save, under the round's lock, where its check had passed."""
    from prongsai.surveys.responses_import import plan_import, save_import

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + ROWS[0] * 6, encoding="utf-8")
    second.write_text(HEADER + ROWS[0], encoding="utf-8")
    plans = plan_import(first, 2567, new_agencies=True), plan_import(second, 2567, new_agencies=True)
    save_import(plans[0])
    with pytest.raises(InputErrors) as refused:
        save_import(plans[1])
    assert "results can have been read" in refused.value.problems[0]
    assert Response.objects.count() == 6
