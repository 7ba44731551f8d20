"""The fast reader's agency index against the plain definition: the sorted distinct codes, and
per row the position of its code among them."""
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.bulk.read import Fallback, _agency_index, _numeric_agency_index
from prongsai.scoring.inputs import AGENCY_CODE

# digits of one length mostly (the numeric path), with the spellings that parse as the same number
codes = st.one_of(
    st.text("0123456789", min_size=3, max_size=3),
    st.sampled_from(["+01", "+001", " 01", "01 ", "1e2", "abc", "0x1", "-01", "١٢٣", "๑๐๑", "10", "1000"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(codes, min_size=1, max_size=40))
def test_agency_index_is_the_position_among_the_sorted_codes(rows):
    if any(not AGENCY_CODE.fullmatch(c) for c in rows):  # "+01", " 01", "๑๐๑": the exact reader words the problem
        with pytest.raises(Fallback):
            _agency_index(pl.Series(rows, dtype=pl.String))
        return
    index, sorted_codes = _agency_index(pl.Series(rows, dtype=pl.String))
    assert sorted_codes == sorted(set(rows))
    assert [sorted_codes[i] for i in index.tolist()] == rows


def test_the_numeric_path_takes_official_codes_and_nothing_that_only_parses_alike():
    assert _numeric_agency_index(pl.Series(["101041", "101005", "101041"])) is not None
    for rows in (["+101", "0101"], ["101", " 101"], ["101", "1010"], ["-10", "010"], ["99999999", "00000001"]):
        assert _numeric_agency_index(pl.Series(rows)) is None, rows
