"""Fuzzing the file readers: whatever the bytes, a clear error naming the file — never a crash."""
import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.scoring import load_pack
from prongsai.scoring.inputs import InputErrors, parse_question_scores, parse_responses, parse_verdicts, read_table

PACK = load_pack("bma-district-2567")
PARSERS = [parse_responses, parse_verdicts, parse_question_scores]


def outcome(name: str, data: bytes, parse) -> None:
    try:
        parse(PACK, read_table(name, data))
    except InputErrors as exc:
        assert exc.problems
        for line in exc.lines():
            assert line.startswith(name) or line.startswith("…"), line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(PARSERS))
def test_random_bytes_give_clear_errors(data, parse):
    outcome("R.csv", data, parse)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_named_xlsx_give_clear_errors(data):
    outcome("R.xlsx", data, parse_responses)


cell = st.one_of(
    st.sampled_from(["", "1", "2", "6", "7", "0", "-1", "5.0", "1e3", "nan", "inf", "=cmd|' /C calc'!A0", "มาก"]),
    st.text(max_size=30),
)
header = st.lists(
    st.sampled_from(["agency_code", "tool", "I1", "I3", "E1", "E3", "I13", "gender", "response_id", "language", "x"]),
    min_size=1, max_size=8, unique=True,
)


@settings(max_examples=150, deadline=None)
@given(header, st.lists(st.lists(cell, min_size=0, max_size=9), max_size=12), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp874"]))
def test_structured_rows_in_any_encoding_give_clear_errors_or_valid_results(columns, rows, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    for parse in PARSERS:
        outcome("R.csv", data, parse)


@settings(max_examples=10, deadline=None)
@given(st.integers(10_000, 100_000))
def test_a_huge_cell_is_an_error_not_a_crash(size):
    data = ("agency_code,tool,I1\n1,IIT," + "9" * size + "\n").encode()
    try:
        parse_responses(PACK, read_table("R.csv", data))
    except InputErrors as exc:
        huge = next(p for p in exc.problems if "column I1" in p)
        assert huge.startswith("R.csv row 2, column I1") and len(huge) < 300
    else:
        raise AssertionError("a 10 000-digit option number was accepted")
