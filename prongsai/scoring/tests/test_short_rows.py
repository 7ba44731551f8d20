"""Rows with fewer cells than the header: a questionnaire cut short is refused (its last answers were
lost, a tester's IIT row after I7), an OIT row without its optional link is whole, and a workbook
read without its dimension (its rows end at their last filled cell) is not cut short."""
import io

import pytest
from openpyxl import Workbook

from prongsai.scoring import load_pack
from prongsai.scoring.inputs import InputErrors, parse_responses, parse_verdicts, read_table

PACK = load_pack("bma-district-2567")
HEADER = ["agency_code", "tool", "language", *(f"I{n}" for n in range(1, 13))]
ANSWERS = ["5", "5", "1", "5", "5", "2", "5", "5", "5", "5", "5", "5"]  # (I3 and I6 are yes or no)


def test_a_questionnaire_cut_short_is_refused_an_oit_row_without_its_link_is_not():
    whole = ",".join(["101041", "IIT", "th", *ANSWERS])
    cut = ",".join(["101041", "IIT", "th", *ANSWERS[:7]])
    table = read_table("R.csv", (",".join(HEADER) + f"\n{whole}\n{cut}\n").encode())
    with pytest.raises(InputErrors) as refused:
        parse_responses(PACK, table)
    assert refused.value.problems == ["R.csv row 3: 10 cells but the header has 15 columns"]  # (row 2 whole and right)
    verdicts = parse_verdicts(PACK, read_table("O.csv", b"agency_code,item,result,url\n101041,O1,pass,https://a.go.th/o1\n101041,O2,fail\n"))
    assert [(v.item, v.url) for v in verdicts] == [("O1", "https://a.go.th/o1"), ("O2", "")]


def test_a_workbook_without_its_dimension_reads_its_blank_last_cells_as_blank():
    book = Workbook(write_only=True)  # as streaming writers save it: no <dimension>
    sheet = book.create_sheet()
    sheet.append(HEADER)
    sheet.append(["101041", "IIT", "th", *map(int, ANSWERS[:11])])  # I12 left blank: the row ends at I11
    sheet.append(["101041", "IIT", None, *map(int, ANSWERS[:11]), 4])
    data = io.BytesIO()
    book.save(data)
    parsed = parse_responses(PACK, read_table("R.xlsx", data.getvalue()))
    assert [r.answers["I12"] for r in parsed.responses] == [None, 4]
