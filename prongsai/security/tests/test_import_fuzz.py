"""Fuzzing the importers (`prongsai import-responses`, `import-oit`, `import-report`) with
hypothesis: random bytes, wrong encodings (cp874, UTF-16), huge rows and cells, spreadsheet
formulas. Always exit status 2 with `error:` lines, never a traceback, and every table's row
count unchanged. Then formula escaping: every text cell of every CSV/XLSX export (report.xlsx,
the OIT open-data CSV) that starts with = + - @, a tab or a CR is made inert.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.oit import services as oit_services
from prongsai.scoring import load_pack
from prongsai.scoring.tests.fixture import FIXTURE_PATH
from prongsai.surveys.intake import Answer, store_responses

pytestmark = pytest.mark.django_db

COMMANDS = {
    "import_responses": ("R.csv", ["--year", "2567"]),
    "import_oit": ("O.csv", ["--year", "2568"]),
    "import_report": ("report.json", []),
}
R_HEADER = "agency_code,tool,unit,service_type,language,submitted_at,gender,I1,I2,I3,I4,I5,I6,I7,I8,I9,I10,I11,I12,E1,E2,E3,E4,E5,E6"
R_GOOD = "101041,IIT,ฝ่ายรายได้,,th,2024-03-01,1,6,5,2,6,1,2,1,1,2,1,6,5,,,,,,"
O_GOOD = "agency_code,item,result,url\n101041,O1,pass,https://example.org/ฝ่าย\n"
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\",\"y\")"]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def run(command: str, data: bytes, name: str | None = None, extra=None) -> tuple[int, str, str]:
    name = name or COMMANDS[command][0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(command, str(path), *(COMMANDS[command][1] if extra is None else extra), stdout=out, stderr=err)
            code = 0
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def refused(command: str, data: bytes, name: str | None = None) -> str:
    """Run an import that must fail: exit 2, only `error:` lines (a count line at most), nothing written."""
    before = row_counts()
    code, out, err = run(command, data, name)
    assert code == 2, (code, out, err[:500])
    lines = err.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), err[:1000]
    assert "Traceback" not in err and len(lines) <= 21
    assert row_counts() == before
    return err


# -- random bytes ---------------------------------------------------------------------------

@FUZZ
@given(data=st.binary(max_size=4000), command=st.sampled_from(sorted(COMMANDS)))
@example(data=b"\x01\x0b\x01", command="import_oit")  # found in CI: a header cell with a vertical tab split its error line
def test_random_bytes(data, command):
    refused(command, data)


@FUZZ
@given(data=st.binary(max_size=4000), command=st.sampled_from(["import_responses", "import_oit"]))
def test_random_bytes_named_xlsx(data, command):
    refused(command, data, COMMANDS[command][0].replace(".csv", ".xlsx"))


@FUZZ
@given(text=st.text(max_size=300), column=st.integers(0, 24), command=st.sampled_from(["import_responses", "import_oit"]))
def test_random_text_in_a_cell_of_an_almost_good_file(text, column, command):
    if command == "import_responses":
        cells = R_GOOD.split(",")
        cells[column] = text
        buf = io.StringIO()
        csv.writer(buf).writerow(cells)
        data = f"{R_HEADER}\n{buf.getvalue()}"
        # stays invalid: a second row with an unknown tool
        data += "101041,XYZ,,,th,,1,6,5,2,6,1,2,1,1,2,1,6,5,,,,,,\n"
    else:
        data = f"{O_GOOD}101041,{text.replace(',', ';').replace(chr(10), ' ')},maybe,\n"
    refused(command, data.encode("utf-8", "replace"))


# -- wrong encodings ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp874", "utf-16", "utf-16-le", "utf-32"])
def test_wrong_encodings_are_refused(encoding):
    # the Thai unit name makes the cp874 file invalid UTF-8; UTF-16/32 are refused outright
    err = refused("import_responses", f"{R_HEADER}\n{R_GOOD}\n".encode(encoding))
    assert err.startswith("error: R.csv") and "UTF-8" in err
    assert "UTF-8" in refused("import_oit", O_GOOD.encode(encoding))
    report = Path(FIXTURE_PATH).read_text(encoding="utf-8")
    assert "UTF-8" in refused("import_report", report.encode(encoding))


# -- huge rows and cells --------------------------------------------------------------------

def test_a_huge_cell_is_refused():
    refused("import_responses", f"{R_HEADER}\n101041,IIT,{'ก' * 2_000_000},,th,,1,6,5,2,6,1,2,1,1,2,1,6,5,,,,,,\n".encode())
    refused("import_oit", f"agency_code,item,result,url\n101041,O1,pass,https://x.org/{'a' * 2_000_000}\n".encode())


def test_a_huge_row_is_refused():
    refused("import_responses", (f"{R_HEADER}\n{R_GOOD}" + ",9" * 50_000 + "\n").encode())
    refused("import_oit", ("agency_code,item,result,url\n101041,O1,pass," + ",x" * 50_000 + "\n").encode())


def test_many_bad_rows_give_twenty_errors_and_a_count():
    bad = "101041,IIT,,,th,,1,9,9,9,9,9,9,9,9,9,9,9,9,,,,,,\n"
    err = refused("import_responses", (R_HEADER + "\n" + R_GOOD + "\n" + bad * 20_000).encode())
    assert err.splitlines()[-1].startswith("error: …") or "more" in err.splitlines()[-1]


def test_a_huge_json_report_is_refused():
    doc = json.loads(Path(FIXTURE_PATH).read_text(encoding="utf-8"))
    doc["units"] = [{"name_th": "x" * 100_000, "iit": "nan"}] * 200
    refused("import_report", json.dumps(doc).encode())
    refused("import_report", b"[" * 100_000 + b"]" * 100_000)  # nesting deep enough to break a naive parser


# -- formulas are refused where they cannot belong ------------------------------------------

@pytest.mark.parametrize("formula", FORMULAS)
def test_formulas_in_an_import_are_refused_with_the_row_and_column(formula):
    cells = R_GOOD.split(",")
    cells[2] = formula  # unit
    buf = io.StringIO()
    csv.writer(buf).writerow(cells)
    err = refused("import_responses", f"{R_HEADER}\n{buf.getvalue()}".encode())
    assert "row 2" in err and "unit" in err
    book = Workbook()
    book.active.append(["agency_code", "item", "result", "url"])
    book.active.append(["101041", "O1", formula, "https://example.org"])
    data = io.BytesIO()
    book.save(data)
    assert "row 2" in refused("import_oit", data.getvalue(), "O.xlsx")


def test_the_command_line_prints_no_traceback(tmp_path):
    """The same, end to end: the installed command in a fresh process."""
    path = tmp_path / "R.csv"
    path.write_bytes(os.urandom(3000))
    env = {**os.environ, "PRONGSAI_DATA_DIR": str(tmp_path), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)  # its own SQLite file: the check is about the output
    subprocess.run([sys.executable, "-m", "prongsai", "migrate", "-v0"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "prongsai", "import-responses", str(path), "--year", "2567"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: R.csv")


# -- formula escaping in every export -------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def formula_round(db):
    """An agency whose every free-text name is a formula, with enough answers to show its units."""
    pack = load_pack("bma-district-2567")
    agency = ensure_agency("101041", pack, FORMULAS[0], FORMULAS[1])
    for unit, formula in zip(agency.units.all(), FORMULAS):
        unit.name_th = formula
        unit.save()
    for service, formula in zip(agency.service_types.all(), FORMULAS):
        service.name_th = formula
        service.save()
    rnd = ensure_round(agency, 2567, pack.code)
    iit = {q.code: 4 if q.scale == "likert6" else 1 for q in pack.questions if q.tool == "IIT"}
    eit = {q.code: 4 if q.scale == "likert6" else 1 for q in pack.questions if q.tool == "EIT"}
    answers = []
    for unit in agency.units.all()[:3]:
        answers += [Answer("IIT", unit, None, "th", iit, {"gender": 1}) for _ in range(6)]
    for service in agency.service_types.all()[:3]:
        answers += [Answer("EIT", None, service, "th", eit, {"gender": 2}) for _ in range(6)]
    store_responses(rnd, answers)
    return rnd


def _dangerous(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def test_report_xlsx_escapes_every_formula(formula_round, admin_client):
    data = admin_client.get(f"/rounds/{formula_round.pk}/report.xlsx").content
    book = load_workbook(io.BytesIO(data))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert not _dangerous(cell.value), (sheet.title, cell.coordinate, cell.value)
                seen += isinstance(cell.value, str) and cell.value.lstrip("'").startswith(FORMULA_START)
    assert seen >= 5  # the formulas are there, made inert


def test_oit_open_data_csv_escapes_every_formula(db, client):
    pack = load_pack("bma-district-2567")
    agency = ensure_agency("-1+1", pack, FORMULAS[0], FORMULAS[3])
    rnd = ensure_round(agency, 2568, pack.code)
    oit_services.ensure_disclosures(rnd)
    text = client.get(f"/oit/{agency.code}/2568/open-data.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 10
    assert rows[1][0].lstrip("'") == "-1+1"
    for row in rows:
        for value in row:
            assert not _dangerous(value), (row, value)
