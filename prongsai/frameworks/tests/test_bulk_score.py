"""`prongsai score` through the bulk engine: the same bytes as the exact engine, the same errors."""
import polars as pl
import pytest

from prongsai.bulk.synth import synthesize, write
from prongsai.frameworks import score_cli
from prongsai.scoring import load_pack

from .files import laksi_files, write_csv
from .test_score_command import FW, args_for, base_row, run

PACK = load_pack(FW)


@pytest.fixture
def bulk(monkeypatch):
    """Every CSV goes through the bulk engine."""
    monkeypatch.setattr(score_cli, "BULK_MIN_BYTES", 0)


@pytest.fixture
def exact(monkeypatch):
    """Only Parquet goes through the bulk engine; CSVs through the exact one."""
    monkeypatch.setattr(score_cli, "BULK_MIN_BYTES", float("inf"))


def both(monkeypatch, *args):
    monkeypatch.setattr(score_cli, "BULK_MIN_BYTES", float("inf"))
    exact_run = run("--framework", FW, *args)
    monkeypatch.setattr(score_cli, "BULK_MIN_BYTES", 0)
    bulk_run = run("--framework", FW, *args)
    return exact_run, bulk_run


def used_bulk(monkeypatch) -> list:
    """Record whether the bulk engine scored (and did not hand over to the exact reader)."""
    calls = []
    real = score_cli._bulk

    def spy(*args):
        done = real(*args)
        calls.append(done)
        return done

    monkeypatch.setattr(score_cli, "_bulk", spy)
    return calls


def test_golden_files_give_the_same_bytes(tmp_path, monkeypatch):
    files = laksi_files(tmp_path)
    calls = used_bulk(monkeypatch)
    for only in (("responses", "oit", "question_scores"), ("responses", "oit"), ("responses",), ("oit",)):
        exact_run, bulk_run = both(monkeypatch, *args_for(files, *only))
        assert exact_run[0] == 0
        assert bulk_run == exact_run, only
    assert calls == [True] * 4  # the BOM-marked golden R.csv really went through the bulk engine
    exact_run, bulk_run = both(monkeypatch, "--format", "table", *args_for(files))
    assert exact_run[0] == 0 and "ITA 83.39" in exact_run[1]
    assert bulk_run == exact_run


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write(synthesize(PACK, 50, 20_000, seed=1), tmp_path_factory.mktemp("sample"))


def test_a_synthetic_sample_gives_the_same_bytes_from_csv_and_parquet(sample, monkeypatch):
    calls = used_bulk(monkeypatch)
    exact_run, bulk_run = both(monkeypatch, "--responses", str(sample["R.csv"]), "--oit", str(sample["O.csv"]))
    assert exact_run[0] == 0 and exact_run[1].count("agency_code") == 50
    assert bulk_run == exact_run
    parquet_run = run("--framework", FW, "--responses", str(sample["R.parquet"]), "--oit", str(sample["O.parquet"]))
    assert parquet_run == exact_run
    assert calls == [True, True]


def test_large_csv_and_parquet_choose_the_bulk_engine(tmp_path):
    small = write_csv(tmp_path / "R.csv", [base_row()])
    assert not score_cli.wants_bulk([str(small), None])
    assert score_cli.wants_bulk([None, str(tmp_path / "O.parquet")])
    assert not score_cli.wants_bulk([str(tmp_path / "R.xlsx")])


@pytest.mark.parametrize("ids", [[""], ["", ""], ["r1"]])
def test_a_response_id_column_with_one_or_no_id_scores_as_the_exact_engine_does(tmp_path, monkeypatch, ids):
    """An optional column left blank (a reviewer: the bulk reader's check of repeated ids crashed on it)."""
    path = write_csv(tmp_path / "R.csv", [base_row(response_id=i) for i in ids])
    exact_run, bulk_run = both(monkeypatch, "--responses", str(path))
    assert bulk_run == exact_run and bulk_run[0] == 0


BAD = [
    ([base_row(I1="7")], "R.csv row 2, column I1: option 7 is out of range 1–6"),
    ([base_row(I3="3")], "R.csv row 2, column I3: option 3 is out of range 1–2"),
    ([base_row(I2="มาก")], "R.csv row 2, column I2: 'มาก' is not an option number"),
    ([base_row(agency_code="")], "R.csv row 2, column agency_code: no agency code"),
    ([base_row(tool="XIT")], "R.csv row 2, column tool: unknown tool 'XIT'"),
    ([base_row(E1="5")], "R.csv row 2, column E1: an EIT answer on an IIT row"),
    ([base_row(), base_row(tool="EIT")], "R.csv row 3, columns I1, I2, I3, I4, I5, I6, I7, I8, I9, I10, I11, I12: an IIT answer on an EIT row"),
    ([base_row(response_id="a"), base_row(response_id="a")], "R.csv row 3, column response_id: 'a' repeats row 2"),
    ([base_row(language="fr")], "R.csv row 2, column language: 'fr' is not one of th, en, zh, my"),
    ([base_row(**{c: "" for c in ("I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11", "I12")})],
     "R.csv row 2: no IIT question is answered"),
    ([dict(base_row(), gender="4")], "R.csv row 2, column gender: option 4 is out of range 1–3"),
    # blanks count as option 0 inside the fast reader: a real 0 (or below) must still be an error
    ([base_row(), base_row(I4="0")], "R.csv row 3, column I4: option 0 is out of range 1–6"),
    ([base_row(I5="-1")], "R.csv row 2, column I5: option -1 is out of range 1–6"),
    ([dict(base_row(), gender=""), dict(base_row(), gender="0")], "R.csv row 3, column gender: option 0 is out of range 1–3"),
    ([dict(base_row(), I13="5")], "R.csv row 1, column I13: unknown question I13 in framework bma-district-2567"),
]


@pytest.mark.parametrize("rows, expected", BAD)
def test_bad_rows_give_the_exact_readers_errors(tmp_path, monkeypatch, rows, expected):
    path = write_csv(tmp_path / "R.csv", rows)
    exact_run, bulk_run = both(monkeypatch, "--responses", str(path))
    assert bulk_run == exact_run
    assert bulk_run[0] == 2 and bulk_run[1] == ""
    assert f"error: {expected}" in bulk_run[2]


@pytest.mark.parametrize("rows, expected", BAD)
def test_bad_parquet_rows_are_named_as_in_csv(tmp_path, rows, expected):
    header = list(dict.fromkeys(k for r in rows for k in r))
    frame = pl.DataFrame([{k: r.get(k, "") for k in header} for r in rows]).select(
        pl.col(c).replace("", None) for c in header
    )
    frame.write_parquet(tmp_path / "R.parquet")
    code, out, err = run("--framework", FW, "--responses", str(tmp_path / "R.parquet"))
    assert (code, out) == (2, "")
    assert f"error: {expected.replace('R.csv', 'R.parquet')}" in err


def test_typed_parquet_out_of_range(tmp_path):
    pl.DataFrame({"agency_code": ["1"], "tool": ["IIT"], "I1": [9]}, schema_overrides={"I1": pl.Int64}).write_parquet(tmp_path / "R.parquet")
    code, _, err = run("--framework", FW, "--responses", str(tmp_path / "R.parquet"))
    assert code == 2 and "error: R.parquet row 2, column I1: option 9 is out of range 1–6" in err


@pytest.mark.parametrize("values, expected", [
    ([5.0, None], None),
    ([5.5, None], "R.parquet row 2, column I1: '5.5' is not a whole option number"),
    ([True, None], "R.parquet row 2, column I1: 'true' is not an option number"),
])
def test_parquet_column_types_agree_with_the_exact_reader(tmp_path, values, expected):
    rows = {"agency_code": ["1", "1"], "tool": ["IIT", "IIT"], "I1": values, "I2": [None, 4],
            **{f"I{n}": [None, None] for n in range(3, 13)}}  # every IIT column, as IIT rows need
    pl.DataFrame(rows, schema_overrides={f"I{n}": pl.Int64 for n in range(3, 13)}).write_parquet(tmp_path / "R.parquet")
    code, out, err = run("--framework", FW, "--responses", str(tmp_path / "R.parquet"))
    if expected is None:
        assert code == 0, err
        assert '"score": 80.0' in out and '"answered": 1' in out
    else:
        assert (code, out) == (2, "")
        assert f"error: {expected}" in err


def test_unreadable_parquet(tmp_path):
    (tmp_path / "R.parquet").write_bytes(b"not parquet at all")
    code, _, err = run("--framework", FW, "--responses", str(tmp_path / "R.parquet"))
    assert (code, err.strip()) == (2, "error: R.parquet: not a readable Parquet file")
    code, _, err = run("--framework", FW, "--responses", str(tmp_path / "missing.parquet"))
    assert (code, err.strip()) == (2, "error: missing.parquet: cannot be read: No such file or directory")


def test_edge_files_agree(tmp_path, monkeypatch):
    # blank lines, spaces around cells, lower-case tools, Excel's 5.0, an unknown column, a header only O.csv
    rest = "," * 9  # I4…I12, every IIT column being there, as IIT rows need
    text = (
        f"agency_code,tool,I1,I2,I3,{','.join(f'I{n}' for n in range(4, 13))},colour\n\n 101 ,iit,5,5.0,2{rest},red\n"
        f"101,IIT, 6 ,,1{rest},\n{',' * 14}\n102,IIT,1,1,1{rest},\n"
    )
    r = tmp_path / "R.csv"
    r.write_text(text, encoding="utf-8")
    o = tmp_path / "O.csv"
    o.write_text("agency_code,item,result,url\n", encoding="utf-8")
    exact_run, bulk_run = both(monkeypatch, "--responses", str(r), "--oit", str(o))
    assert exact_run[0] == 0 and "unknown column 'colour'" in exact_run[2]
    assert bulk_run == exact_run


def _lines(*ids: str) -> list[bytes]:
    """R.csv's lines (LF only) for IIT rows with these response ids, in Thai; service_type is a
    column the bulk reader does not read (Polars never saw its cells)."""
    rows = [base_row(response_id=i, language="th", service_type="") for i in ids]
    return [",".join(rows[0]).encode()] + [",".join(r.values()).encode() for r in rows]


@pytest.mark.parametrize("damage, expected", [
    (lambda line: line + b",", "R.csv row 3: 24 cells but the header has 23 columns"),  # a stray comma
    (lambda line: line + b",extra", "R.csv row 3: 24 cells but the header has 23 columns"),
    (lambda line: line.replace(b"r2", b"r\0", 1), "R.csv: not UTF-8 text (a NUL byte on line 3"),
    (lambda line: line.replace(b",th", b",\rth", 1), "R.csv row 3: 22 cells but the header has 23 columns"),  # a bare CR
    (lambda line: line.rsplit(b",", 5)[0], "R.csv row 3: 18 cells but the header has 23 columns"),  # cut short (a tester)
    (lambda line: line.rsplit(b",", 1)[0] + b'\n"r9"', "R.csv row 3: 22 cells but the header has 23 columns"),  # and quoted
])
def test_damaged_lines_polars_would_read_get_the_exact_readers_errors(tmp_path, monkeypatch, damage, expected):
    """A tester's damaged copies of a synthetic national file scored through the bulk engine (Polars
    skips the cells it is not asked for, keeps a NUL in its cell, drops a CR, fills a short row's last
    cells with blanks) while the exact reader refuses them: the bulk reader hands such files over."""
    lines = _lines("r1", "r2", "r3")
    lines[2] = damage(lines[2])
    path = tmp_path / "R.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    exact_run, bulk_run = both(monkeypatch, "--responses", str(path))
    assert bulk_run == exact_run and bulk_run[0] == 2
    assert f"error: {expected}" in bulk_run[2]


def test_crlf_lines_stay_on_the_bulk_path(tmp_path, monkeypatch):
    path = tmp_path / "R.csv"
    path.write_bytes(b"\r\n".join(_lines("r1", "r2")) + b"\r\n")
    calls = used_bulk(monkeypatch)
    exact_run, bulk_run = both(monkeypatch, "--responses", str(path))
    assert bulk_run == exact_run and bulk_run[0] == 0 and calls == [True]


def test_oit_problems_agree(tmp_path, monkeypatch):
    o = write_csv(tmp_path / "O.csv", [
        {"agency_code": "1", "item": "O1", "result": "pass"},
        {"agency_code": "1", "item": "o1", "result": "PASS"},
        {"agency_code": "2", "item": "O2", "result": "87.5"},
        {"agency_code": "2", "item": "O3", "result": "100.5"},
    ])
    exact_run, bulk_run = both(monkeypatch, "--oit", str(o))
    assert exact_run[0] == 2 and bulk_run == exact_run
    assert "O.csv row 3: 1 O1 repeats row 2" in bulk_run[2]


def test_partial_oit_and_numbers_agree(tmp_path, monkeypatch):
    o = write_csv(tmp_path / "O.csv", [
        {"agency_code": "1", "item": "O1", "result": "pass"},
        {"agency_code": "2", "item": "O2", "result": "87.555"},
        {"agency_code": "2", "item": "O3", "result": "fail"},
    ])
    calls = used_bulk(monkeypatch)
    exact_run, bulk_run = both(monkeypatch, "--oit", str(o))
    assert exact_run[0] == 0 and bulk_run == exact_run and calls == [True]
    assert "OIT: no verdict for" in bulk_run[1]


def test_columns_without_a_header_or_a_cell_are_not_there_on_both_paths(tmp_path, monkeypatch):
    """Excel's used range past the data (a tester's sheet, and its CSV's trailing commas on every row)
    was an error "the header is empty"; a column with cells but no header still is, named by its place."""
    lines = [line + b",," for line in _lines("r1", "r2")]
    path = tmp_path / "R.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    clean = tmp_path / "clean" / "R.csv"
    clean.parent.mkdir()
    clean.write_bytes(b"\n".join(_lines("r1", "r2")) + b"\n")
    ghosts, plain = both(monkeypatch, "--responses", str(path)), both(monkeypatch, "--responses", str(clean))
    assert ghosts[0] == ghosts[1] == plain[0] == plain[1] and plain[0][0] == 0
    lines[2] = lines[2] + b"x"  # a cell in the last of them
    path.write_bytes(b"\n".join(lines) + b"\n")
    exact_run, bulk_run = both(monkeypatch, "--responses", str(path))
    assert bulk_run == exact_run and bulk_run[0] == 2
    assert bulk_run[2] == "error: R.csv row 1, column 25: the header is empty\n"


def test_agency_codes_in_thai_digits_are_the_codes_they_mean_on_both_paths(tmp_path, monkeypatch):
    """A tester's file wrote ๑๐๑๐๔๑ for 101041 (Thai digits work in answers and dates): refused on every row."""
    thai = tmp_path / "thai" / "R.csv"
    thai.parent.mkdir()
    lines = _lines("r1", "r2")
    thai.write_bytes(b"\n".join([lines[0], *(line.replace(b"101041", "๑๐๑๐๔๑".encode()) for line in lines[1:])]) + b"\n")
    plain = tmp_path / "R.csv"
    plain.write_bytes(b"\n".join(lines) + b"\n")
    assert b"101041" not in thai.read_bytes()
    ran = both(monkeypatch, "--responses", str(thai)), both(monkeypatch, "--responses", str(plain))
    assert ran[0][0] == ran[0][1] == ran[1][0] == ran[1][1] and ran[0][0][0] == 0 and '"agency_code": "101041"' in ran[0][0][1]


def test_thai_verdicts_are_pass_and_fail_on_both_paths(tmp_path, monkeypatch):
    """A tester's O.csv written as an assessor writes it: ผ่าน / ไม่ผ่าน were refused."""
    def oit(words):
        return write_csv(tmp_path / f"O{len(words[0])}.csv", [
            {"agency_code": "1", "item": f"O{n}", "result": w} for n, w in enumerate(words, 1)])

    thai = both(monkeypatch, "--oit", str(oit(["ผ่าน", "ไม่ผ่าน", " ผ่าน "])))
    english = both(monkeypatch, "--oit", str(oit(["pass", "fail", "pass"])))
    assert thai[0] == thai[1] == english[0] == english[1] and thai[0][0] == 0  # exact and bulk, the same scores


def test_a_missing_question_column_and_a_spreadsheets_agency_code_are_errors_on_both_paths(tmp_path, monkeypatch):
    """A tester's file without I12 was scored silently (no IIT score for anyone); 101041.0 (Excel's
    number) and a Thai name became agencies of their own."""
    header = ["agency_code", "tool", *[f"I{n}" for n in range(1, 12)]]
    rows = [{"agency_code": code, "tool": "IIT", **{c: "1" for c in header[2:]}} for code in ("101041", "101041.0", "หลักสี่")]
    r = write_csv(tmp_path / "R.csv", rows, header)
    exact_run, bulk_run = both(monkeypatch, "--responses", str(r))
    assert bulk_run == exact_run and exact_run[0] == 2
    assert exact_run[2].splitlines() == [
        "error: R.csv row 1: the IIT rows need the columns I12",
        "error: R.csv row 3, column agency_code: '101041.0' is not an agency code (a spreadsheet made it a number: "
        "write it as text, 101041)",
        "error: R.csv row 4, column agency_code: 'หลักสี่' is not an agency code (letters, digits, - and _, at most 32)",
    ]


def test_a_semicolon_file_and_an_upper_case_header_are_told_what_to_change(tmp_path, monkeypatch):
    """A tester's CSV saved by Excel in a locale that separates with ';', and one headed TOOL."""
    r = tmp_path / "R.csv"
    r.write_text("agency_code;tool;I1\n101041;IIT;5\n", encoding="utf-8")
    exact_run, bulk_run = both(monkeypatch, "--responses", str(r))
    assert bulk_run == exact_run and exact_run[2].strip() == (
        "error: R.csv row 1: the columns are separated by ';': save the file as CSV with commas (CSV UTF-8)")
    r.write_text("agency_code,TOOL,I1\n101041,IIT,5\n", encoding="utf-8")
    code, _out, err = run("--framework", FW, "--responses", str(r))
    assert code == 2 and "the required column tool is missing (the header has 'TOOL': write it in lower case)" in err


@pytest.mark.parametrize("left_out,expected", [
    (1, "has no rows for agency {first}: it gets no OIT score, so no ITA score or level"),
    (12, "has no rows for 12 of the agencies scored ({ten} and 2 more): they get no OIT score, so no ITA score or level"),
])
def test_agencies_left_out_of_the_oit_file_are_named_by_both_engines(sample, tmp_path, monkeypatch, left_out, expected):
    """Their ITA and level were dashes with nothing said (a left-out row block looks like a scoring fault)."""
    oit = pl.read_csv(sample["O.csv"], infer_schema_length=0)
    gone = sorted(oit["agency_code"].unique())[:left_out]
    kept = write_csv(tmp_path / "O.csv", oit.filter(~pl.col("agency_code").is_in(gone)).to_dicts())
    calls = used_bulk(monkeypatch)
    exact_run, bulk_run = both(monkeypatch, "--responses", str(sample["R.csv"]), "--oit", str(kept))
    assert exact_run[0] == 0 and bulk_run == exact_run and calls == [True]
    warning = "warning: O.csv " + expected.format(first=gone[0], ten=", ".join(gone[:10]))
    assert exact_run[2].splitlines() == [warning]
    whole = run("--framework", FW, "--responses", str(sample["R.csv"]), "--oit", str(sample["O.csv"]))
    assert whole[0] == 0 and whole[2] == ""


def test_agencies_only_in_the_oit_or_question_scores_file_are_warned_of_alike(tmp_path, monkeypatch):
    """An O-only agency has its OIT rows (no warning); a Q-only one has none (named), on both engines."""
    files = laksi_files(tmp_path)
    o = write_csv(tmp_path / "O2.csv", [{"agency_code": "900001", "item": "O1", "result": "pass"}])
    q = write_csv(tmp_path / "Q2.csv", [{"agency_code": "900002", "question": "I1", "score": "90"}])
    calls = used_bulk(monkeypatch)
    exact_run, bulk_run = both(monkeypatch, "--responses", str(files["responses"]), "--oit", str(o))
    assert exact_run[0] == 0 and bulk_run == exact_run and calls == [True]
    assert exact_run[2] == "warning: O2.csv has no rows for agency 101041: it gets no OIT score, so no ITA score or level\n"
    exact_run, bulk_run = both(monkeypatch, "--oit", str(o), "--question-scores", str(q))
    assert exact_run[0] == 0 and bulk_run == exact_run
    assert "has no rows for agency 900002:" in exact_run[2] and "900001" not in exact_run[2]
