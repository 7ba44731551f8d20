"""prongsai render: argument handling, clear errors with exit status 2, files written only on success."""
import io
import sys
import types
import zipfile

import pytest
from django.core.management import CommandError, call_command

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.documents.tests import samples


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("render", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def laksi(db):
    agency = Agency.objects.create(code="LAKSI", name_th="สำนักงานเขตหลักสี่")
    AssessmentRound.objects.create(agency=agency, fiscal_year=2567, framework="ita-2567")
    return agency


@pytest.fixture
def builders(monkeypatch, tmp_path):
    """Stand-in builders recording their calls (the real ones live on the plans branch)."""
    calls = []
    photo = samples.make_photo(tmp_path / "photo.jpg")

    def analysis_document(agency, fiscal_year):
        calls.append(("analysis", agency.code, fiscal_year))
        return samples.analysis_document()

    def plan_document(agency, fiscal_year):
        calls.append(("plan", agency.code, fiscal_year))
        raise LookupError(f"no measures plan for {agency.code} fiscal year {fiscal_year}")

    def progress_document(agency, fiscal_year, reporting_round):
        calls.append(("progress", agency.code, fiscal_year, reporting_round))
        return samples.progress_document([photo]) if reporting_round == "6m" else None

    module = types.SimpleNamespace(
        analysis_document=analysis_document, plan_document=plan_document, progress_document=progress_document
    )
    monkeypatch.setitem(sys.modules, "prongsai.measures.documents", module)
    return calls


def test_writes_the_analysis_pdf_from_the_previous_round(laksi, builders, tmp_path):
    out = tmp_path / "analysis.pdf"
    code, stdout, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "analysis", "--out", str(out))
    assert (code, stderr) == (0, "")
    assert out.read_bytes().startswith(b"%PDF-")
    assert builders == [("analysis", "LAKSI", 2568)]
    assert f"wrote {out}" in stdout


def test_writes_the_progress_docx_with_its_round(laksi, builders, tmp_path):
    out = tmp_path / "progress.docx"
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "progress", "--round", "6m",
                          "--format", "docx", "--out", str(out))
    assert (code, stderr) == (0, "")
    assert builders == [("progress", "LAKSI", 2568, "6m")]
    names = zipfile.ZipFile(out).namelist()
    assert "word/document.xml" in names and any(n.startswith("word/media/") for n in names)


def test_a_file_name_of_another_format_is_refused_unless_the_format_is_given(laksi, builders, tmp_path):
    out = tmp_path / "plan.odt"
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "plan", "--out", str(out))
    assert (code, stderr) == (2, f"error: --out {out}: Prongsai writes .pdf or .docx here; end the name so, or give --format\n")
    assert not out.exists() and builders == []
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "progress", "--round", "6m",
                          "--format", "docx", "--out", str(out))
    assert (code, stderr) == (0, "") and zipfile.is_zipfile(out)


def test_missing_plan_is_a_clear_error(laksi, builders, tmp_path):
    out = tmp_path / "plan.pdf"
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "plan", "--out", str(out))
    assert code == 2
    assert stderr == "error: no measures plan for LAKSI fiscal year 2568\n"
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []


def test_builder_returning_nothing_is_an_error(laksi, builders, tmp_path):
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "progress", "--round", "12m",
                          "--out", str(tmp_path / "p.pdf"))
    assert code == 2
    assert stderr == "error: no progress (12m) document for LAKSI fiscal year 2568\n"


def test_unknown_agency(laksi, builders, tmp_path):
    code, _, stderr = run("--agency", "NOPE", "--year", "2568", "--document", "plan", "--out", str(tmp_path / "x.pdf"))
    assert (code, stderr) == (2, "error: no agency with code “NOPE”\n")
    assert builders == []


def test_analysis_needs_the_previous_round(laksi, builders, tmp_path):
    code, _, stderr = run("--agency", "LAKSI", "--year", "2569", "--document", "analysis", "--out", str(tmp_path / "a.pdf"))
    assert code == 2
    assert "error: no 2568 assessment round for LAKSI: the FY2569 analysis is made from the agency's 2568 results" in stderr


def test_round_rules_and_year_and_out_checked_together(laksi, builders, tmp_path):
    code, _, stderr = run("--agency", "LAKSI", "--year", "68", "--document", "progress",
                          "--out", str(tmp_path / "missing-dir" / "p.docx"), "--format", "pdf")
    assert code == 2
    lines = stderr.splitlines()
    assert all(line.startswith("error: ") for line in lines)
    assert len(lines) == 4, lines  # suffix/format clash, missing directory, year, round
    assert any("reporting round: the progress report needs one: 6m, 12m or the code of one of the plan's own reporting rounds"
               in line for line in lines)
    assert any("fiscal year: 68 is not a Buddhist-era fiscal year" in line for line in lines)
    code, _, stderr = run("--agency", "LAKSI", "--year", "2025", "--document", "plan", "--out", str(tmp_path / "p.pdf"))
    assert code == 2 and "2025 is not a Buddhist-era fiscal year (e.g. 2568) (2025 + 543 = 2568)" in stderr  # as import-* say
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "plan", "--round", "6m",
                          "--out", str(tmp_path / "p.pdf"))
    assert (code, stderr) == (2, "error: reporting round: applies to the progress report only, not to the plan document\n")
    assert builders == []


def test_builders_not_installed(laksi, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "prongsai.measures.documents", None)  # import fails
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "analysis", "--out", str(tmp_path / "a.pdf"))
    assert (code, stderr) == (2, "error: the document builders (prongsai.measures.documents) are not installed\n")


def test_missing_photo_is_reported(laksi, monkeypatch, tmp_path):
    module = types.SimpleNamespace(progress_document=lambda a, y, r: samples.progress_document([tmp_path / "gone.jpg"]))
    monkeypatch.setitem(sys.modules, "prongsai.measures.documents", module)
    out = tmp_path / "p.pdf"
    code, _, stderr = run("--agency", "LAKSI", "--year", "2568", "--document", "progress", "--round", "6m", "--out", str(out))
    assert code == 2 and stderr.startswith(f"error: photo not found: {tmp_path / 'gone.jpg'}")
    assert not out.exists()


def test_numerals_override(laksi, builders, tmp_path):
    out = tmp_path / "a.pdf"
    code, _, _ = run("--agency", "LAKSI", "--year", "2568", "--document", "analysis", "--thai-numerals", "--out", str(out))
    assert code == 0
    from prongsai.documents.tests.pdftext import page_lines
    assert any("ปีงบประมาณ พ.ศ. ๒๕๖๘" in line for line in page_lines(out.read_bytes())[0])


def test_bad_choice_is_refused_by_the_parser(db):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("render", "--agency", "X", "--year", "2568", "--document", "budget", "--out", "x.pdf")


def test_cli_exit_status_is_2_without_a_traceback(tmp_path):
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "prongsai.cli", "render", "--agency", "LAKSI", "--year", "2568",
         "--document", "plan", "--round", "12m", "--out", str(tmp_path / "p.pdf")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr == "error: reporting round: applies to the progress report only, not to the plan document\n"
