"""`prongsai score`: the stable interface the central office's scripts depend on."""
import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from prongsai.scoring.tests.fixture import laksi

from .files import IIT, EIT, laksi_files, laksi_rows, write_csv

FW = "bma-district-2567"


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("score", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def args_for(files: dict, *only: str) -> list[str]:
    names = {"responses": "--responses", "oit": "--oit", "question_scores": "--question-scores"}
    return [x for key in (only or files) for x in (names[key], str(files[key]))]


def test_raw_responses_reproduce_the_published_report(tmp_path):
    files = laksi_files(tmp_path)
    code, out, err = run("--framework", FW, *args_for(files))
    assert code == 0, err
    doc = json.loads(out)
    published = laksi()["published"]
    assert doc["framework"] == FW
    [agency] = doc["agencies"]
    assert agency["agency_code"] == laksi()["agency"]["code"]
    assert agency["ita"] == published["ita_total_derived"]
    assert agency["level"] == published["level_th"]
    for tool in ("IIT", "EIT", "OIT"):
        assert agency["tools"][tool]["score"] == published["tools"][tool]
        assert agency["tools"][tool]["weighted"] == published["weighted"][tool]
    assert agency["tools"]["IIT"]["respondents"] == published_n("IIT")
    assert agency["tools"]["EIT"]["respondents"] == published_n("EIT")
    assert agency["indicators"] == published["indicators"]
    for q in laksi()["questions"]["IIT"] + laksi()["questions"]["EIT"]:
        assert agency["questions"][q["code"]] == {"score": q["published_score"], "answered": sum(q["counts"])}
    assert agency["questions"]["O10"] == {"score": 0.0}
    assert any(w.startswith("E1:") and "89.64" in w for w in agency["warnings"])


def published_n(tool):
    return laksi()["respondents"]["by_tool_gender"][tool]["รวม"]


def test_many_agencies_in_any_order_come_out_sorted(tmp_path):
    rows = laksi_rows("200") + laksi_rows("100")
    rows.reverse()
    path = write_csv(tmp_path / "R.csv", rows, ["agency_code", "tool", *IIT, *EIT])
    code, out, _ = run("--framework", FW, "--responses", str(path))
    assert code == 0
    agencies = json.loads(out)["agencies"]
    assert [a["agency_code"] for a in agencies] == ["100", "200"]
    assert agencies[0]["tools"]["IIT"]["score"] == laksi()["published"]["tools"]["IIT"]
    # no OIT verdicts at all: no OIT score and so no ITA, never zero
    assert agencies[0]["tools"]["OIT"] == {"score": None, "weighted": None}
    assert agencies[0]["ita"] is None and agencies[0]["level"] is None


def test_table_format_is_for_a_person(tmp_path):
    files = laksi_files(tmp_path)
    code, out, _ = run("--framework", FW, "--format", "table", *args_for(files))
    assert code == 0
    assert "ITA 83.39" in out and "ต้องปรับปรุง" in out and "IIT" in out and "94.70" in out


def test_unknown_columns_warn_and_optional_columns_are_accepted(tmp_path):
    rows = [dict(r, response_id=f"r{i}", language="th", gender="1", colour="blue") for i, r in enumerate(laksi_rows()[:10])]
    path = write_csv(tmp_path / "R.csv", rows)
    code, out, err = run("--framework", FW, "--responses", str(path))
    assert code == 0
    assert "unknown column 'colour'" in err


def bad(tmp_path, rows, header=None):
    path = write_csv(tmp_path / "R.csv", rows, header)
    return run("--framework", FW, "--responses", str(path))


def base_row(**changes):
    row = {"agency_code": "101041", "tool": "IIT", **{c: "5" for c in IIT}, **{c: "" for c in EIT}}
    row.update(I3="2", I6="2")
    row.update(changes)
    return row


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([base_row(I1="7")], "R.csv row 2, column I1: option 7 is out of range 1–6"),
        ([base_row(I3="3")], "R.csv row 2, column I3: option 3 is out of range 1–2"),
        ([base_row(I2="มาก")], "R.csv row 2, column I2: 'มาก' is not an option number"),
        ([base_row(agency_code="")], "R.csv row 2, column agency_code: no agency code"),
        ([base_row(tool="XIT")], "R.csv row 2, column tool: unknown tool 'XIT'"),
        ([base_row(E1="5")], "R.csv row 2, column E1: an EIT answer on an IIT row"),
        ([base_row(), base_row(tool="EIT")], "R.csv row 3, columns I1, I2, I3, I4, I5, I6, I7, I8, I9, I10, I11, I12: an IIT answer on an EIT row"),
    ],
)
def test_bad_rows_exit_2_naming_file_row_and_column(tmp_path, rows, expected):
    code, out, err = bad(tmp_path, rows)
    assert code == 2
    assert out == ""
    assert any(line.startswith(f"error: {expected}") for line in err.splitlines())
    assert "Traceback" not in err


def test_one_problem_in_several_columns_of_a_row_is_one_line(tmp_path):
    """A row of 7s on 6- and 2-option questions: one line per range, naming its columns; not also
    "no IIT question is answered" (every question has an answer, out of range)."""
    sevens = base_row(**{c: "7" for c in IIT})
    code, _, err = bad(tmp_path, [base_row(), sevens, base_row(I1="0")])
    assert code == 2
    assert err.splitlines() == [
        "error: R.csv row 3, columns I1, I2, I4, I5, I7, I8, I9, I10, I11, I12: option 7 is out of range 1–6",
        "error: R.csv row 3, columns I3, I6: option 7 is out of range 1–2",
        "error: R.csv row 4, column I1: option 0 is out of range 1–6",
    ]
    code, _, err = bad(tmp_path, [base_row(**{c: "" for c in IIT})])
    assert err.splitlines() == ["error: R.csv row 2: no IIT question is answered"]


def test_unknown_question_column(tmp_path):
    code, _, err = bad(tmp_path, [dict(base_row(), I13="5")])
    assert code == 2
    assert "R.csv row 1, column I13: unknown question I13 in framework bma-district-2567" in err


def test_duplicate_response_id(tmp_path):
    code, _, err = bad(tmp_path, [base_row(response_id="a"), base_row(response_id="b"), base_row(response_id="a")])
    assert code == 2
    assert "R.csv row 4, column response_id: 'a' repeats row 2" in err


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "R.csv"
    empty.write_bytes(b"")
    code, _, err = run("--framework", FW, "--responses", str(empty))
    assert (code, err.strip()) == (2, "error: R.csv: the file is empty")
    empty.write_text("agency_code,tool,I1\n")
    code, _, err = run("--framework", FW, "--responses", str(empty))
    assert code == 2 and "R.csv: the file has a header but no rows" in err


def test_not_utf8(tmp_path):
    path = tmp_path / "R.csv"
    path.write_bytes("agency_code,tool,I1\n101041,IIT,5\nทดสอบ,IIT,5\n".encode("cp874"))
    code, _, err = run("--framework", FW, "--responses", str(path))
    assert code == 2
    assert "R.csv: not UTF-8 text" in err and "line 3" in err


@pytest.mark.django_db  # the command also knows the frameworks the site added
def test_unknown_framework():
    code, _, err = run("--framework", "bma-district-2599", "--oit", "O.csv")
    assert code == 2
    assert "unknown framework 'bma-district-2599'" in err and "bma-district-2567" in err
    assert "error: a framework added on the Frameworks page: give its YAML file (--framework bma-district-2599.yaml)" in err


def test_only_the_first_20_problems_then_a_count(tmp_path):
    code, _, err = bad(tmp_path, [base_row(I1="9") for _ in range(25)])
    lines = err.strip().splitlines()
    assert code == 2
    assert len(lines) == 21
    assert lines[-1] == "error: … and 5 more problems"


def test_bad_oit_and_question_score_files(tmp_path):
    oit = write_csv(tmp_path / "O.csv", [{"agency_code": "1", "item": "O23", "result": "pass"},
                                         {"agency_code": "1", "item": "O1", "result": "maybe"},
                                         {"agency_code": "1", "item": "O2", "result": "101"}])
    q = write_csv(tmp_path / "Q.csv", [{"agency_code": "1", "question": "E9", "score": "80"},
                                       {"agency_code": "1", "question": "E1", "score": "eighty"}])
    code, out, err = run("--framework", FW, "--oit", str(oit), "--question-scores", str(q))
    assert code == 2 and out == ""
    for expected in (
        "O.csv row 2, column item: unknown OIT item 'O23'",
        "O.csv row 3, column result: 'maybe' is not pass, fail or a score 0–100",
        "O.csv row 4, column result: 101 is outside 0–100",
        "Q.csv row 2, column question: unknown question 'E9'",
        "Q.csv row 3, column score: 'eighty' is not a number",
    ):
        assert expected in err


def test_the_installed_command_runs_and_exits_2_on_bad_input(tmp_path):
    files = laksi_files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "prongsai", "score", "--framework", FW, *args_for(files)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["agencies"][0]["ita"] == 83.39
    broken = write_csv(tmp_path / "bad.csv", [base_row(I1="0")])
    done = subprocess.run(
        [sys.executable, "-m", "prongsai", "score", "--framework", FW, "--responses", str(broken)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: bad.csv row 2, column I1: option 0 is out of range 1–6"


def test_the_shell_command_starts_without_django(tmp_path):
    """`prongsai score` is timed end to end on the national set (make bench): it must not pay
    for importing Django. Python's own import log names every module the run imported."""
    files = laksi_files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "prongsai", "score", "--framework", FW, *args_for(files)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "prongsai.scoring.engine" in imported  # the log is really there
    assert not {m for m in imported if m == "django" or m.startswith("django.")}
    assert json.loads(done.stdout)["agencies"][0]["ita"] == 83.39


def test_the_shell_command_accepts_every_prongsai_commands_common_options(tmp_path):
    files = laksi_files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "prongsai", "score", "--framework", FW, *args_for(files),
         "-v", "0", "--traceback", "--no-color"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["agencies"][0]["ita"] == 83.39


def test_files_saved_the_wrong_way_are_told_how(tmp_path):
    """A tester's files: Thai Windows text (cp874), Excel's "Unicode Text" (UTF-16 with a BOM),
    lower-case question columns and a title above the header each got an error that did not say
    what to change."""
    rows = [base_row(unit="ฝ่ายโยธา")]
    header = list(rows[0])
    text = ",".join(header) + "\n" + ",".join(rows[0].values()) + "\n"
    cases = {
        "thai.csv": (text.encode("cp874"),
                     "thai.csv: not UTF-8 text (byte 0xbd on line 2: Thai Windows text, TIS-620); save it as CSV UTF-8"),
        "utf16.csv": (text.encode("utf-16"), "utf16.csv: not UTF-8 text (it is UTF-16); save it as CSV UTF-8"),
        "lower.csv": (text.replace("I1,", "i1,", 1).encode(), "lower.csv row 1: the IIT rows need the columns I1 "
                      "(the header has them in lower case: write them in upper case)"),
        "title.csv": (("แบบวัด ITA ปี 2567" + "," * (len(header) - 1) + "\n" + text).encode(),
                      "title.csv row 1: holds one cell, 'แบบวัด ITA ปี 2567': a title? The column names must be the first row"),
        "book.csv": (b"PK\x03\x04" + b"\x00" * 40, "book.csv: an Excel workbook (XLSX) named .csv: save it as CSV UTF-8, "
                     "or name it .xlsx"),
        "scan.csv": (b"%PDF-1.4\n%\xff\n", "scan.csv: a PDF document, not a table: give the CSV or XLSX file"),
    }
    for name, (data, expected) in cases.items():
        (tmp_path / name).write_bytes(data)
        code, out, err = run("--framework", FW, "--responses", str(tmp_path / name))
        assert (code, out) == (2, "") and f"error: {expected}\n" in err, err


def test_a_workbook_that_opens_with_a_sheet_of_notes_is_read_from_its_table(tmp_path):
    """A tester's workbook: a first sheet "คำอธิบาย" of notes, the rows on the second; the first sheet
    was read ("the required column agency_code is missing")."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "คำอธิบาย"
    book.active.append(["แบบวัด IIT ของสำนักงานเขต กรอกในแผ่นงานถัดไป"])
    rows = book.create_sheet("ข้อมูล")
    row = base_row()
    rows.append(list(row))
    rows.append(list(row.values()))
    book.save(tmp_path / "R.xlsx")
    code, out, err = run("--framework", FW, "--responses", str(tmp_path / "R.xlsx"))
    assert code == 0 and '"agency_code": "101041"' in out, err
