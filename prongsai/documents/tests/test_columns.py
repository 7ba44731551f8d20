"""Column widths of a table that fits its content (the measures plan): the width goes where the
text is, no column is narrower than its widest word, and together they fill the page exactly."""
import pytest

from prongsai.documents.columns import column_widths
from prongsai.documents.fonts import text_width
from prongsai.documents.model import Cell, Column, Table

from . import samples

TOTAL, PADDING = 757.0, 6.75
COLUMNS = [Column("ตัวชี้วัด", 66), Column("กิจกรรมที่จะดำเนินการ", 120), Column("ผลผลิต", 84),
           Column("ระยะเวลาแล้วเสร็จ", 70)]


def table(rows, fit=True) -> Table:
    return Table(list(COLUMNS), rows, font_pt=14, fit_content=fit)


def test_fixed_shares_unless_the_table_fits_its_content():
    rows = [[Cell("ตัวชี้วัดที่ 8"), Cell(samples.ANALYSIS_LONG_TEXT), Cell(""), Cell("31 มี.ค. 2568")]]
    shares = [TOTAL * c.width / sum(c.width for c in COLUMNS) for c in COLUMNS]
    assert column_widths(table(rows, fit=False), TOTAL, PADDING) == pytest.approx(shares)
    widths = column_widths(table(rows), TOTAL, PADDING)
    assert sum(widths) == pytest.approx(TOTAL)
    # the activities get the room the empty output column does not need; the date stays on one line
    assert widths[1] > shares[1] * 1.5 and widths[2] < shares[2]
    assert widths[3] >= text_width("31 มี.ค. 2568", 14) + PADDING
    # rows that all span columns (an empty plan's "ยังไม่มีประเด็นและมาตรการในแผน") fit nothing: the shares
    empty = [[Cell("–"), Cell("ยังไม่มีประเด็นและมาตรการในแผน", colspan=3)]]
    assert column_widths(table(empty), TOTAL, PADDING) == pytest.approx(shares)


def test_no_column_narrower_than_its_widest_word_and_headings_in_a_few_lines():
    rows = [[Cell("ก"), Cell(samples.ANALYSIS_LONG_TEXT * 3), Cell("ประชาสัมพันธ์"), Cell("ก")]]
    widths = column_widths(table(rows), TOTAL, PADDING)
    assert widths[2] >= text_width("ประชาสัมพันธ์", 14) + PADDING
    heading = text_width("กิจกรรมที่จะดำเนินการ", 14, bold=True)
    assert widths[1] >= heading / 3 and min(widths) >= 36


def test_words_too_wide_for_the_page_fall_back_to_the_shares():
    rows = [[Cell("ก" * 200), Cell("ข" * 200), Cell("ค"), Cell("ง")]]  # two words of 200 letters
    shares = [TOTAL * c.width / sum(c.width for c in COLUMNS) for c in COLUMNS]
    assert column_widths(table(rows), TOTAL, PADDING) == pytest.approx(shares)


def test_fitting_the_content_shortens_the_laid_out_table():
    """Laid out by WeasyPrint, the plan's rows (long activities beside near-empty columns) take less
    height with fitted columns than with the table's own shares, and the activities get the width."""
    from dataclasses import replace

    from prongsai.documents import pdf
    from prongsai.documents.html import column_widths_pt
    from prongsai.documents.model import Section

    doc = samples.plan_document()
    long_rows = [[Cell(f"ตัวชี้วัดที่ {n}"), Cell("ผู้รับบริการเห็นว่าขั้นตอนยังไม่ชัดเจน"), Cell(samples.ANALYSIS_LONG_TEXT),
                  Cell(""), Cell("ประชาสัมพันธ์ ณ จุดบริการ"), Cell("31 มี.ค. 2568"), Cell("ฝ่ายทะเบียน"), Cell("ทุกเดือน")]
                 for n in range(12)]

    def laid_out_height(fit: bool) -> tuple[float, list[float]]:
        table = replace(samples.plan_document().sections[0].table, rows=long_rows, font_pt=14, fit_content=fit)
        the_doc = replace(doc, sections=[Section(table=table)])
        with pdf.laid_out(the_doc) as pages:
            return len(pages.pages), column_widths_pt(the_doc, table)

    fitted_pages, fitted = laid_out_height(True)
    shared_pages, shared = laid_out_height(False)
    assert fitted_pages < shared_pages
    assert fitted[2] > shared[2]  # the activities
