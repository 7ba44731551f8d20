"""`prongsai report` as a tester broke it: the format from the file name, output paths that cannot
be written, a Christian-era year, an agency that does not exist — each an error line and exit
status 2, never a traceback or a file in the wrong format."""
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("report", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_the_output_names_the_format_and_bad_places_are_refused(laksi_round, tmp_path):
    base = ["--agency", laksi_round.agency.code, "--year", str(laksi_round.fiscal_year)]
    code, out, _ = run(*base, "--output", str(tmp_path / "r.xlsx"))  # an .xlsx name gives an XLSX, not JSON in it
    assert code == 0 and zipfile.is_zipfile(tmp_path / "r.xlsx") and "wrote" in out
    code, _, _ = run(*base, "--output", str(tmp_path / "r.json"))
    assert code == 0 and json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["ita"] == 83.39
    for args, problem in [
        (["--format", "json", "--output", str(tmp_path / "r2.xlsx")], "ends in .xlsx but --format is json"),
        (["--output", str(tmp_path)], "is a folder"),
        (["--format", "xlsx", "--output", str(tmp_path / "missing" / "r.xlsx")], "does not exist"),
        (["--format", "xlsx"], "--format xlsx needs --output FILE"),
        (["--output", str(tmp_path / "r.csv")], "r.csv: Prongsai writes .json or .xlsx here"),
    ]:
        code, _, err = run(*base, *args)
        assert code == 2 and err.startswith("error: ") and problem in err, (args, err)
    assert not (tmp_path / "r2.xlsx").exists() and not (tmp_path / "r.csv").exists()
    code, _, err = run("--agency", "999999", "--year", "2567")
    assert code == 2 and "no agency with code '999999'" in err
    with pytest.raises(CommandError, match=r"2024 is not a Buddhist-era fiscal year \(e.g. 2568\) \(2024 \+ 543 = 2567\)"):
        run("--agency", laksi_round.agency.code, "--year", "2024")
