"""The PDF renderer: government look, shipped font only, Thai lines broken between words."""
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from prongsai.documents.model import DRAFT_MARK, Cell, Column, Document, DocumentError, Image, Section, Table
from prongsai.documents import pdf
from prongsai.documents.pdf import MAX_IMAGE_PX, render_pdf
from prongsai.documents.tests import samples
from prongsai.documents.tests.layout import block_lines, broken_words, overflows
from prongsai.documents.tests.pdftext import font_names, image_sizes, join_sara_am, page_lines, text_sizes


@pytest.fixture(scope="module")
def analysis_pdf():
    return render_pdf(samples.analysis_document(thai_numerals=False))


@pytest.fixture(scope="module")
def plan_pdf():
    return render_pdf(samples.plan_document(thai_numerals=True))


def test_a4_landscape(analysis_pdf):
    for page in PdfReader(io.BytesIO(analysis_pdf)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)  # A4 landscape in points


def test_only_the_shipped_sarabun_is_embedded(analysis_pdf, plan_pdf):
    for data in (analysis_pdf, plan_pdf):
        names = font_names(data)
        assert names, "no fonts found"
        assert all(name.startswith("Sarabun") for name in names), names
    assert {"Sarabun", "Sarabun-Bold"} <= font_names(analysis_pdf)


def test_the_font_check_catches_a_fallback():
    """A character Sarabun lacks (✓) makes Pango fall back to another font: the check above would fail."""
    doc = Document(title="ทดสอบ ✓", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[])
    names = font_names(render_pdf(doc))
    assert any(not name.startswith("Sarabun") for name in names), names


def test_body_is_16pt_title_18pt(analysis_pdf):
    sizes = text_sizes(analysis_pdf)
    assert set(sizes) - {14.0} == {18.0, 16.0, 12.0}  # title, body and tables, page numbers
    assert all(line.endswith("(ต่อ)") for line in sizes.get(14.0, []))  # and a page's head: its group, continued
    assert "ของสำนักงานเขตหลักสี่" in sizes[18.0]
    assert any("ทุกฝ่าย" in line for line in sizes[16.0]) and any("ประเด็นการประเมิน" in line for line in sizes[16.0])
    assert sizes[12.0] == ["1 / 5", "2 / 5", "3 / 5", "4 / 5", "5 / 5"]


def test_title_names_agency_and_fiscal_year(analysis_pdf):
    first = page_lines(analysis_pdf)[0]
    assert "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ" in first
    assert "ของสำนักงานเขตหลักสี่" in first
    # the fiscal year once: by the subtitle here ("…ในปีงบประมาณ พ.ศ. 2568"), else by a title line of its own
    assert sum("ปีงบประมาณ พ.ศ. 2568" in line for line in first) == 1


def test_header_row_is_repeated_on_every_page(analysis_pdf, plan_pdf):
    for data, first_header in ((analysis_pdf, "ประเด็นการประเมิน"), (plan_pdf, "ตัวชี้วัด")):
        pages = page_lines(data)
        assert len(pages) >= 2
        for lines in pages:
            assert any(line.startswith(first_header) for line in lines), lines[:8]


def _breaks_inside_a_word(lines: list[str]) -> list[str]:
    return broken_words(lines, samples.LONG_WORDS)


@pytest.mark.parametrize("kind", ["analysis", "plan", "progress"])
def test_thai_lines_break_between_words(kind, tmp_path):
    """Every line break WeasyPrint makes, cell by cell: none inside a long Thai word."""
    if kind == "progress":
        doc = samples.progress_document([samples.make_photo(tmp_path / "p.jpg", size=(600, 400))])
    else:
        doc = getattr(samples, f"{kind}_document")()
    blocks = block_lines(doc)
    assert sum(len(lines) > 1 for lines in blocks) >= 10  # plenty of wrapped cells were checked
    assert [bad for lines in blocks for bad in _breaks_inside_a_word(lines)] == []


def test_long_thai_cell_wraps_over_lines_and_loses_nothing(analysis_pdf):
    lines = [line for page in page_lines(analysis_pdf) for line in page]
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    text = squeeze(samples.ANALYSIS_LONG_TEXT)
    start = next(i for i, line in enumerate(lines) if text.startswith(squeeze(line)) and len(squeeze(line)) > 10)
    joined, count = "", 0
    for line in lines[start:]:  # the cell's lines, in order; other cells' lines (and a page's
        if text.startswith(joined + squeeze(line)):  # header row, when the row splits) come between
            joined += squeeze(line)
            count += 1
        if len(joined) >= len(text):
            break
    assert joined == text
    assert count >= 5  # a narrow column: the cell really wraps


def test_breaking_detector_sees_a_split_word():
    assert _breaks_inside_a_word(["ผ่านทางเว็บไซต์ของสำนักงานเขต ประชาสัม", "พันธ์ทุกเดือน"])


def test_thai_numerals_everywhere_when_on(plan_pdf, analysis_pdf):
    text = " ".join(line for page in page_lines(plan_pdf) for line in page)
    assert "พ.ศ. ๒๕๖๖" in text and "๓๐ มี.ค. ๖๖" in text
    assert re.search(r"[0-9]", text) is None, re.findall(r".{10}[0-9].{10}", text)[:3]
    assert "2568" in " ".join(page_lines(analysis_pdf)[0])


def test_buddhist_era_issue_date_and_signature(plan_pdf):
    text = " ".join(page_lines(plan_pdf)[-1])
    assert "วันที่ ๒๓ เดือน มกราคม พ.ศ. ๒๕๖๖" in text
    assert "(นางสาวพิศมัย เรืองศิลป์)" in text and "ผู้อำนวยการเขตบางเขน" in text


def test_progress_photos_are_embedded_and_scaled(tmp_path):
    big = samples.make_photo(tmp_path / "big.jpg", size=(3000, 2000))
    small = samples.make_photo(tmp_path / "small.jpg", hue=60, size=(800, 600))
    data = render_pdf(samples.progress_document([big, small]))
    sizes = image_sizes(data)
    assert len(sizes) >= 3
    assert max(max(s) for s in sizes) <= MAX_IMAGE_PX
    assert (800, 600) in sizes
    assert "ภาพกิจกรรมที่แสดงถึงการปฏิบัติจริงอย่างเป็นรูปธรรม" in "".join(page_lines(data)[0])


def test_a_tall_photo_is_shown_at_most_photo_max_pt_tall(tmp_path):
    """A phone screenshot of a web page (1:4) took a page of its own in a tester's report, its row's
    text left on the page before: it is now scaled to PHOTO_MAX_PT tall, its shape kept."""
    from weasyprint.formatting_structure import boxes

    from prongsai.documents.html import PHOTO_MAX_PT

    tall = samples.make_photo(tmp_path / "tall.png", size=(600, 2400))
    with pdf.laid_out(samples.progress_document([tall])) as pages:
        drawn = []

        def walk(box, n):
            if isinstance(box, boxes.InlineReplacedBox):
                drawn.append((n, box.width * 0.75, box.height * 0.75))
            for child in getattr(box, "children", None) or []:
                walk(child, n)

        for n, page in enumerate(pages.pages):
            walk(page._page_box, n)
    assert len(drawn) == 4 and all(h <= PHOTO_MAX_PT + 0.5 and abs(w * 4 - h) < 2 for _, w, h in drawn)


def test_a_small_photo_fills_its_column_as_in_docx(tmp_path):
    """A reviewer's case: a small picture printed at its own size in the PDF (100 px: 75 pt) and the
    column's width in DOCX; one rule (photo_size) now sizes both."""
    from docx import Document as open_docx
    from weasyprint.formatting_structure import boxes

    from prongsai.documents.docx import render_docx

    small = samples.make_photo(tmp_path / "small.png", size=(100, 80))
    doc = samples.progress_document([small])
    with pdf.laid_out(doc) as pages:
        drawn = []

        def walk(box):
            if isinstance(box, boxes.InlineReplacedBox):
                drawn.append(box.width * 0.75)
            for child in getattr(box, "children", None) or []:
                walk(child)

        for page in pages.pages:
            walk(page._page_box)
    in_docx = [shape.width.pt for shape in open_docx(io.BytesIO(render_docx(doc))).inline_shapes]
    assert len(drawn) == len(in_docx) == 4 and min(drawn) > 75 * 1.5
    assert all(abs(a - b) < 12 for a, b in zip(sorted(drawn), sorted(in_docx))), (drawn, in_docx)


def test_missing_photo_is_an_error(tmp_path):
    doc = Document(
        title="รายงาน", agency="สำนักงานเขตบางบอน", fiscal_year=2568,
        sections=[Section(table=Table([Column("ภาพ")], [[Cell(images=[Image(tmp_path / "nope.jpg")])]]))],
    )
    with translation.override("en"), pytest.raises(DocumentError) as exc:
        render_pdf(doc)
    assert exc.value.problems == [f"photo not found: {tmp_path / 'nope.jpg'}"]
    with translation.override("th"), pytest.raises(DocumentError) as exc:
        render_pdf(doc)
    assert exc.value.problems == [f"ไม่พบไฟล์ภาพ: {tmp_path / 'nope.jpg'}"]


@pytest.mark.parametrize("kind", ["analysis", "plan"])
def test_tables_fit_between_the_margins(kind):
    """Fixed column widths that add up to the text width: no table, cell or border past the right margin."""
    doc = getattr(samples, f"{kind}_document")()
    assert [p for p in overflows(doc) if "past the margin" in p] == []


def test_overflow_detector_sees_a_table_past_the_margin():
    wide = "x" * 400
    html = f'<table style="table-layout: auto"><tr><td style="white-space: nowrap">{wide}</td></tr></table>'
    assert any("past the margin" in p for p in overflows(html))
    assert any("past its cell" in p for p in overflows(html.replace("<table ", '<table style="width: 5cm; table-layout: fixed" x')))


def _heading_and_table_after_filler(filler_rows: int) -> Document:
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    filler = Table(cols, [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(filler_rows)])
    tall = Table(cols, [[Cell("O10 ข้อมูลสถิติ"), Cell(samples.ANALYSIS_LONG_TEXT * 2)], [Cell("O11"), Cell("ยังไม่รายงานผล")]])
    return Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568,
                    sections=[Section(table=filler), Section(heading="ตัวชี้วัดย่อยที่ 9.2 การบริหารงาน", table=tall)])


def _pages_of(pages, tag: str) -> list[int]:
    from weasyprint.formatting_structure import boxes

    found = []

    def walk(box, n):
        if isinstance(box, boxes.Box) and box.element_tag == tag and isinstance(box, boxes.BlockBox):
            found.append(n)
        for child in getattr(box, "children", None) or []:
            walk(child, n)

    for n, page in enumerate(pages.pages):
        walk(page._page_box, n)
    return found


@pytest.mark.parametrize("filler_rows", [10, 12])
def test_a_heading_goes_to_the_next_page_with_its_table(filler_rows, monkeypatch):
    """10 rows before: a heading, the header row and three lines of the first row would end page 1;
    12: the first row would leave only its first cell's line. Laid out again, the heading, the header
    and the whole first row start page 2 together."""
    doc = _heading_and_table_after_filler(filler_rows)
    lead = f"row-{filler_rows + 1}"
    monkeypatch.setattr(pdf, "LAYOUT_PASSES", 1)
    with pdf.laid_out(doc) as pages:
        assert pdf.split_rows(pages) == {lead: "keep"} and _pages_of(pages, "h2") == [0]
    monkeypatch.undo()
    with pdf.laid_out(doc) as pages:
        assert pdf.split_rows(pages) == {}
        assert _pages_of(pages, "h2") == [1]


def test_a_row_does_not_leave_its_last_line_alone_on_the_next_page(monkeypatch):
    """Eight short rows, then one of nine single-line activities: its last line alone would start
    page 2 (a tester's progress report). Laid out again, the whole row goes to page 2."""
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    rows = [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(8)]
    rows.append([Cell("O18"), Cell("\n".join(f"อบรมครั้งที่ {i}" for i in range(1, 10)))])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=Table(cols, rows))])
    with monkeypatch.context() as m:
        m.setattr(pdf, "LAYOUT_PASSES", 1)
        with pdf.laid_out(doc) as pages:
            assert pdf.split_rows(pages) == {"row-9": "keep"}
        assert "อบรมครั้งที่ 9" in " ".join(page_lines(render_pdf(doc))[1])  # what it was: the last line over
        assert "อบรมครั้งที่ 8" in " ".join(page_lines(render_pdf(doc))[0])
    pages = [" ".join(lines) for lines in page_lines(render_pdf(doc))]
    assert "O18" not in pages[0] and "อบรมครั้งที่ 1 " in pages[1] + " " and "อบรมครั้งที่ 9" in pages[1]


def _table_and_signature(rows: int) -> Document:
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    table = Table(cols, [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, rows + 1)])
    return Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=table)],
                    signatures=[("ผู้อำนวยการเขตหลักสี่", "นายสมชาย ใจดี")], issued=date(2025, 4, 10))


def test_the_signature_is_not_alone_on_the_last_page(monkeypatch):
    """15 rows fill page 1 and the signature would go over alone: the last row goes over with it."""
    doc = _table_and_signature(15)
    signature_alone = pdf.signature_alone
    with monkeypatch.context() as m:
        m.setattr(pdf, "signature_alone", lambda pages: None)
        with pdf.laid_out(doc) as pages:
            assert signature_alone(pages) == "row-15"
    with pdf.laid_out(doc) as pages:
        assert len(pages.pages) == 2 and signature_alone(pages) is None
    last = " ".join(page_lines(render_pdf(doc))[-1])
    assert "ข้อ 15" in last and "(นายสมชาย ใจดี)" in last


def _last_rows(pages) -> list[tuple[str, bool]]:
    """Each page's last body row: (id, is a group row)."""
    from weasyprint.formatting_structure import boxes

    out = []
    for page in pages.pages:
        last = [None]

        def walk(box):
            if isinstance(box, boxes.TableRowBox) and box.element is not None and box.element.get("id"):
                last[0] = (box.element.get("id"), "group" in (box.element.get("class") or "").split())
                return
            for child in getattr(box, "children", None) or []:
                walk(child)

        walk(page._page_box)
        out.append(last[0])
    return out


def _group_then_row(filler: int) -> Document:
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    rows = [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, filler + 1)]
    rows += [[Cell("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", colspan=2)],
             [Cell("O10"), Cell("\n".join(f"ดำเนินการครั้งที่ {i}" for i in range(1, 6)))]]
    return Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568,
                    sections=[Section(table=Table(cols, rows))], signatures=[("ผู้อำนวยการเขตหลักสี่", "")])


def test_a_group_row_goes_over_to_the_signature_with_the_row_under_it(monkeypatch):
    """The last row goes over to keep the signature company: the group row above it (ตัวชี้วัดที่ 9 …)
    goes with it, not left alone at the foot of the page before (a reviewer saw "แบบวัด…(OIT)" so)."""
    doc = _group_then_row(8)
    with monkeypatch.context() as m:
        m.setattr(pdf, "LAYOUT_PASSES", 1)
        with pdf.laid_out(doc) as pages:
            assert pdf.signature_alone(pages) == "row-9"  # the group row, not row-10 (O10) alone
    with pdf.laid_out(doc) as pages:
        assert len(pages.pages) == 2 and pdf.signature_alone(pages) is None
        assert _last_rows(pages) == [("row-8", False), ("row-10", False)]


def test_a_group_row_left_last_on_a_page_starts_the_next():
    """A group row at a page's foot, its row on the next (the row sent over by an earlier pass): laid
    out again, the group row starts the next page."""
    from weasyprint import HTML

    from prongsai.documents.html import render_html

    doc = _group_then_row(8)
    html = render_html(doc, lambda path: path, for_pdf=True, rows={"row-10": "page"}, widths={})
    pages = HTML(string=html).render()
    assert _last_rows(pages)[0] == ("row-9", True) and pdf.stranded_headings(pages) == ["row-9"]
    html = render_html(doc, lambda path: path, for_pdf=True, rows={"row-9": "page"}, widths={})
    assert _last_rows(HTML(string=html).render())[0] == ("row-8", False)


def test_a_row_heading_the_rows_under_it_is_not_left_at_a_pages_foot():
    """A long problem on a row across the table above its measures (Cell.heads), which would end page 1
    with its first measure on page 2, goes over with it, as a group row does."""
    def doc(heads: bool) -> Document:
        cols = [Column("ประเด็นการประเมิน", 1), Column("ปัญหา", 1), Column("มาตรการ", 3)]
        rows = [[Cell(f"ข้อ {i}"), Cell("ปกติ"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, 9)]
        rows += [[Cell("E6"), Cell("ผู้รับบริการร้องเรียนว่าขั้นตอนการขออนุญาตไม่ชัดเจน ต้องติดต่อหลายครั้ง " * 6, colspan=2, heads=heads)],
                 [Cell("(ต่อ) E6"), Cell(""), Cell("\n".join(f"ดำเนินการครั้งที่ {i}" for i in range(1, 4)))]]
        return Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=Table(cols, rows))])

    with pdf.laid_out(doc(heads=False)) as pages:
        assert [row for row, _group in _last_rows(pages)] == ["row-9", "row-10"]  # the problem alone at page 1's foot
    with pdf.laid_out(doc(heads=True)) as pages:
        assert [row for row, _group in _last_rows(pages)] == ["row-8", "row-10"]


def test_a_row_under_a_heading_row_too_tall_to_go_with_it_goes_over_whole_not_a_line_of_it():
    """A problem across the table longer than a page is left above its measure, which would start with a
    line or two at the page's foot (a tester's date cut in two): the measure goes over whole."""
    from weasyprint.formatting_structure import boxes

    cols = [Column("ประเด็นการประเมิน", 1), Column("ปัญหา", 1), Column("มาตรการ", 3)]
    rows = [[Cell("ข้อ 1"), Cell("ปกติ"), Cell("ดำเนินการแล้วเสร็จ")],
            [Cell("E6"), Cell("ผู้รับบริการร้องเรียนว่าขั้นตอนการขออนุญาตไม่ชัดเจน ต้องติดต่อหลายครั้ง " * 48, colspan=2, heads=True)],
            [Cell("(ต่อ) E6"), Cell(""), Cell("\n".join(f"ดำเนินการครั้งที่ {i}" for i in range(1, 11)))]]
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=Table(cols, rows))])

    def pages_of(pages, row: str) -> list[int]:
        found = []
        for n, page in enumerate(pages.pages, 1):
            def walk(box):
                if isinstance(box, boxes.TableRowBox) and box.element is not None and box.element.get("id") == row:
                    found.append(n)
                    return
                for child in getattr(box, "children", None) or []:
                    walk(child)
            walk(page._page_box)
        return found

    with pdf.laid_out(doc) as pages:
        assert len(pages_of(pages, "row-2")) == 2 and len(pages_of(pages, "row-3")) == 1  # (before: 1.9 lines, then 9)


def test_a_row_under_a_short_group_row_keeps_the_header_row_of_its_page():
    """Under a group row proper (ตัวชี้วัดที่ 9 …), which the CSS takes along, a row is not "kept" whole
    on the next page as one under a problem across the table is: with a tall header row, the group row and
    the row then filled the page and the header row was dropped (a reviewer's)."""
    header = " ".join(["หัวข้อผลการดำเนินการ"] * 10)
    cols = [Column("ประเด็น", 1), Column(header, 1)]
    rows = [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, 10)]
    rows += [[Cell("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", colspan=2)],
             [Cell("O10"), Cell("\n".join(f"ครั้งที่ {i}" for i in range(1, 18)))],
             [Cell("O11"), Cell("ดำเนินการแล้วเสร็จ")]]
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=Table(cols, rows))])
    pages = page_lines(render_pdf(doc))
    assert all("หัวข้อผลการดำเนินการ" in " ".join(lines) for lines in pages if "O10" in " ".join(lines) or "ครั้งที่ 17" in " ".join(lines))


def test_a_row_started_on_a_new_page_takes_its_group_rows_along(monkeypatch):
    """One table with group rows (the progress report's, as the seeds set it): a row too tall to keep
    whole, whose first piece would be a line at the foot of page 1, starts page 2; the group row just
    above it (ตัวชี้วัดที่ 9 …) goes over with it, not left alone under the rows before."""
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    rows = [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, 14)]
    rows += [[Cell("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", colspan=2)],
             [Cell("O10"), Cell("\n".join(f"ดำเนินการครั้งที่ {i}" for i in range(1, 26)))]]
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=Table(cols, rows))])
    with monkeypatch.context() as m:
        m.setattr(pdf, "LAYOUT_PASSES", 1)
        with pdf.laid_out(doc) as pages:
            assert pdf.split_rows(pages) == {"row-14": "page"}  # the group row, not row-15 (O10)
    with pdf.laid_out(doc) as pages:
        assert _last_rows(pages)[0] == ("row-13", False)
    page_2 = " ".join(page_lines(render_pdf(doc))[1])
    assert "ตัวชี้วัดที่ 9" in page_2 and "ดำเนินการครั้งที่ 1 " in page_2 + " "


def test_the_date_of_a_document_without_signatures_is_not_alone_on_the_last_page(monkeypatch):
    """The analysis ends with its date, no signature: 15 rows fill page 1 and the date would go over
    alone (a page holding "ณ วันที่ 12 พฤศจิกายน 2567"); the last row goes over with it."""
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    table = Table(cols, [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, 16)])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=table)],
                   issued=date(2025, 4, 10))
    signature_alone = pdf.signature_alone
    with monkeypatch.context() as m:
        m.setattr(pdf, "signature_alone", lambda pages: None)
        with pdf.laid_out(doc) as pages:
            assert signature_alone(pages) == "row-15"
    last = " ".join(page_lines(render_pdf(doc))[-1])
    assert "ข้อ 15" in last and "ณ วันที่ 10 เมษายน 2568" in last


def test_a_last_table_of_one_row_goes_over_to_the_signature_with_its_heading(monkeypatch):
    """The last table has a single row: it does not go over alone (its heading and header row would
    stay behind); the heading goes over with it, and the signature follows them."""
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    first = Table(cols, [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, 11)])
    second = Table(cols, [[Cell("O22"), Cell("ดำเนินการแล้วเสร็จ")]])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568,
                   sections=[Section(heading="ตัวชี้วัดที่ 8", table=first), Section(heading="ตัวชี้วัดที่ 10", table=second)],
                   signatures=[("ผู้อำนวยการเขตหลักสี่", "นายสมชาย ใจดี")], issued=date(2025, 4, 10))
    signature_alone = pdf.signature_alone
    with monkeypatch.context() as m:
        m.setattr(pdf, "signature_alone", lambda pages: None)
        with pdf.laid_out(doc) as pages:
            assert signature_alone(pages) == "heading-2"  # the signature alone on page 2 without the fix
    last = " ".join(page_lines(render_pdf(doc))[-1])
    assert "ตัวชี้วัดที่ 10" in last and "O22" in last and "(นายสมชาย ใจดี)" in last


def _document_from_json(path) -> Document:
    """A Document saved with dataclasses.asdict (and the issue date as ISO text)."""
    import json


    data = json.loads(path.read_text(encoding="utf-8"))

    def cell(c):
        return Cell(**{**c, "images": [Image(**i) for i in c["images"]]})

    def section(s):
        t = s["table"]
        table = Table(**{**t, "columns": [Column(**c) for c in t["columns"]], "rows": [[cell(c) for c in r] for r in t["rows"]],
                         "header_groups": [tuple(g) for g in t["header_groups"]]}) if t else None
        return Section(**{**s, "table": table})

    return Document(**{**data, "sections": [section(s) for s in data["sections"]], "issued": date.fromisoformat(data["issued"]),
                       "signatures": [tuple(x) for x in data["signatures"]]})


def test_a_last_row_too_tall_to_share_a_page_with_the_signature_is_not_sent_over_alone():
    """A tester's 6-month report: the last row (O19) and the signature do not fit on one page together.
    O19 used to be sent over to a page of its own and the signature still went to the next: six pages,
    the fourth holding one line. Sending the row over is undone when it does not take the signature
    with it: five pages, O19 where it was, the signature alone on the last."""
    doc = _document_from_json(Path(__file__).parent / "data" / "progress-tall-last-row.json")
    pages = [" ".join(lines) for lines in page_lines(render_pdf(doc))]
    assert len(pages) == 5
    assert "O19" in pages[3] and "O18" not in pages[3]  # after O18's last line, not on a page of its own
    assert "(นายสมชาย ใจดี)" in pages[4] and "O19" not in pages[4]


def test_a_signature_alone_on_its_page_says_what_it_signs():
    """A last row that fits at the foot of its page but not with the signature on the next (a tester's
    plan, 20 lines here): the signature goes over alone, and its page says which document it signs
    (a page with only a signature cannot be tied to the plan): the title, agency and year above it."""
    doc = _rows_then_a_tall_last_row("O19", 20)
    pages = page_lines(render_pdf(doc))
    assert len(pages) == 3 and not any("กิจกรรมที่" in line for line in pages[2])
    assert pages[2][:3] == ["หน้าลงนาม: รายงาน", "ของสำนักงานเขตหลักสี่", "ประจำปีงบประมาณ พ.ศ. 2568"]
    assert pages[2][3].startswith("(ลงชื่อ)") and "(นายสมชาย ใจดี)" in pages[2]
    # with company on its page it does not
    assert not any("หน้าลงนาม" in " ".join(page) for page in page_lines(render_pdf(_table_and_signature(3))))


def _rows_then_a_tall_last_row(code: str, activities: int) -> Document:
    """14 short rows, then one of `activities` single-line activities, then the director's signature."""
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    rows = [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ")] for i in range(1, 15)]
    rows.append([Cell(code), Cell("\n".join(f"กิจกรรมที่ {i} ดำเนินการแล้วเสร็จ" for i in range(1, activities + 1)))])
    return Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=Table(cols, rows))],
                    signatures=[("ผู้อำนวยการเขตหลักสี่", "นายสมชาย ใจดี")], issued=date(2025, 4, 10))


def test_a_row_kept_whole_gives_way_when_it_would_leave_the_signature_alone():
    """14 short rows, then one of 18 activities: its first piece at the foot of page 1 is short, so it
    is kept whole on page 2, which it then fills too far for the signature; and it cannot go over with
    the signature either (a tester's 12-month report: the director's signature alone on page 14). It
    splits after all, and the signature ends page 2 with its last lines."""
    doc = _rows_then_a_tall_last_row("O22", activities=18)
    with pdf.laid_out(doc) as pages:
        assert len(pages.pages) == 2 and pdf.signature_alone(pages) is None
    texts = [" ".join(lines) for lines in page_lines(render_pdf(doc))]
    assert "O22" in texts[0] and "กิจกรรมที่ 18" in texts[1] and "(นายสมชาย ใจดี)" in texts[1]


def test_a_row_that_split_would_not_give_the_signature_company_is_kept_whole():
    """14 short rows, then one of 19 activities: its first piece at the foot of page 1 is short; kept
    whole on page 2, it leaves no room for the signature, and split it would leave none either (a
    tester's 6-month report with two large photos in its last row). Rather than a line alone at the
    foot of page 1 as well, it is kept whole: the signature alone is all that cannot be helped."""
    doc = _rows_then_a_tall_last_row("O19", activities=19)
    with pdf.laid_out(doc) as pages:
        assert pdf.split_rows(pages) == {}  # no short piece of the row left at a page's foot
    texts = [" ".join(lines) for lines in page_lines(render_pdf(doc))]
    assert "O19" not in texts[0] and "กิจกรรมที่ 1 " in texts[1] + " " and "กิจกรรมที่ 19" in texts[1]


def test_signature_block_is_one_block_with_the_date_once():
    """(ลงชื่อ) …… / (name) / position / date: the date once, under the signature, not wrapped."""
    lines = page_lines(render_pdf(_table_and_signature(3)))[-1]
    at = lines.index("(นายสมชาย ใจดี)")
    assert lines[at - 1].startswith("(ลงชื่อ) ....") and lines[at + 1:at + 3] == ["ผู้อำนวยการเขตหลักสี่", "วันที่ 10 เดือน เมษายน พ.ศ. 2568"]
    assert sum("เมษายน พ.ศ. 2568" in line for line in lines) == 1 and not any("ณ วันที่" in line for line in lines)


def test_an_unsigned_document_is_a_draft_on_every_page(tmp_path):
    doc = samples.progress_document([samples.make_photo(tmp_path / "p.jpg", size=(600, 400))])
    pages = page_lines(render_pdf(doc))
    assert len(pages) >= 2 and all(DRAFT_MARK in lines for lines in pages)
    last = pages[-1]
    assert "(" + "." * 42 + ")" in last and any(line.startswith("วันที่ ....") for line in last)  # to sign by hand
    doc.draft, doc.signatures, doc.issued = False, [("ผู้อำนวยการเขตบางบอน", "นายสมชาย ใจดี")], date(2025, 4, 10)
    pages = page_lines(render_pdf(doc))
    assert not any(DRAFT_MARK in lines for lines in pages) and "(นายสมชาย ใจดี)" in pages[-1]


def test_a_row_taller_than_a_page_starts_a_page_rather_than_leave_its_date_behind(monkeypatch):
    """14 short rows, then one taller than a page: its date alone would end page 1 (the reported
    defect). Laid out again, the tall row starts page 2 (and splits from there, header repeated)."""
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3), Column("ระยะเวลาแล้วเสร็จ", 1)]
    rows = [[Cell(f"ข้อ {i}"), Cell("ดำเนินการแล้วเสร็จ"), Cell("31 มี.ค. 2568")] for i in range(14)]
    rows.append([Cell("O18"), Cell("\n".join([samples.ANALYSIS_LONG_TEXT] * 5)), Cell("15 เม.ย. 2568")])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568,
                   sections=[Section(table=Table(cols, rows))])
    with monkeypatch.context() as m:
        m.setattr(pdf, "LAYOUT_PASSES", 1)
        with pdf.laid_out(doc) as pages:
            assert pdf.split_rows(pages) == {"row-15": "page"}
    pages = [" ".join(lines) for lines in page_lines(render_pdf(doc))]
    assert "15 เม.ย. 2568" not in pages[0] and "15 เม.ย. 2568" in pages[1]
    assert pages[1].startswith("ประเด็นการประเมิน") and pages[2].startswith("ประเด็นการประเมิน")


def test_evidence_links_can_be_followed_in_the_pdf():
    """A published progress report's links are links (a tester could neither click nor copy them):
    each opens its whole address, https:// and all, while the text stays as printed without it."""
    url = "https://webportal.bangkok.go.th/laksi/ita/2568/o20-manual-draft"
    cols = [Column("ประเด็นการประเมิน", 1), Column("ผลการดำเนินการ", 3)]
    table = Table(cols, [[Cell("O20"), Cell("ดำเนินการแล้วเสร็จ", bullets=[f"ข่าวประชาสัมพันธ์: {url}", "http://example.go.th/a"])]])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=table)])
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    targets = {a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots") or []
               if "/URI" in a.get_object().get("/A", {})}
    assert targets == {url, "http://example.go.th/a"}
    text = " ".join(page_lines(render_pdf(doc))[0])
    assert "ข่าวประชาสัมพันธ์:" in text and "https://" not in text
    # an address as typed: SARA AM (split in the printed text for copying) not split in it, the
    # sentence's full stop and bracket not part of it, a quote not out of the attribute
    thai = "https://th.wikipedia.org/wiki/จังหวัดกำแพงเพชร"
    table = Table(cols, [[Cell("O20"), Cell(f"ดูที่ {thai}. (หรือ https://example.go.th/a) และ https://x.go.th/a\"onmouseover=alert(1)")]])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=table)])
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    targets = {a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots") or []
               if "/URI" in a.get_object().get("/A", {})}
    from urllib.parse import unquote

    assert {unquote(t) for t in targets} == {thai, "https://example.go.th/a", "https://x.go.th/a"}



def _grouped_table(groups: int, rows: int, first_column: bool) -> Document:
    """Groups of rows 1-4 lines tall (each kept on one page): with group rows ("ตัวชี้วัดที่ g …"), or, as
    the plan writes them, each group's name in the first cell of its first row only."""
    cols = [Column("ตัวชี้วัด", 1.5), Column("ประเด็น", 2), Column("กิจกรรม", 3)]
    body = []
    for g in range(1, groups + 1):
        name = f"ตัวชี้วัดที่ {g} การปรับปรุงระบบการทำงาน"
        if not first_column:
            body.append([Cell(text=name, colspan=3, bold=True)])
        for n in range(1, rows + 1):
            lines = "\n".join(["จัดอบรมเจ้าหน้าที่ผู้ให้บริการ"] * (1 + (n * 7 + g) % 4))
            body.append([Cell(name if first_column and n == 1 else ""), Cell(f"E{g} ข้อที่ {n}"), Cell(lines)])
    return Document(title="มาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน", agency="สำนักงานเขตหลักสี่",
                    fiscal_year=2568, sections=[Section(table=Table(cols, body, font_pt=14))])


def _pages_and_heads(data: bytes) -> list[tuple[str, list[str]]]:
    """Per page after the first: the first line under the header row, and the "(ต่อ)" lines (drawn last)."""
    return [(lines[1], [line for line in lines if line.endswith("(ต่อ)")]) for lines in page_lines(data)[1:]]


@pytest.mark.parametrize("first_column", [False, True], ids=["group rows", "plan's first column"])
def test_a_page_starting_in_the_middle_of_a_group_says_which_group_it_continues(first_column):
    """As the agencies' reports do (seed 000: "ตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน (ต่อ)"), in the page's
    head: a tester could not tell which indicator the rows at the top of a page belonged to. Rows of
    several heights and groups: a reviewer found a row of it in the table moved the pages after it."""
    data = render_pdf(_grouped_table(4, 9, first_column))
    pages = _pages_and_heads(data)
    assert len(pages) >= 3
    labelled = 0
    for first, heads in pages:
        if first.startswith("ตัวชี้วัดที่"):  # the page starts with a group of its own: no head
            assert heads == [], first
        else:  # it starts with a row of the group begun on an earlier page
            g = re.match(r"(?:ตัวชี้วัดที่ \d+ การปรับปรุงระบบการทำงาน )?E(\d+) ข้อที่", first).group(1)
            assert heads == [f"ตัวชี้วัดที่ {g} การปรับปรุงระบบการทำงาน (ต่อ)"], (first, heads)
            labelled += 1
    assert labelled
    # every row is there once, in order
    rows = [(int(g), int(n)) for lines in page_lines(data) for line in lines for g, n in re.findall(r"E(\d+) ข้อที่ (\d+)", line)]
    assert rows == [(g, n) for g in range(1, 5) for n in range(1, 10)]


def test_the_page_head_costs_one_layout_and_moves_nothing(monkeypatch):
    """The head is drawn in the page's margin: the pages are laid out as they were, then once more."""
    calls = []
    real = pdf.render_html
    monkeypatch.setattr(pdf, "render_html", lambda *a, **k: calls.append(k.get("page_heads")) or real(*a, **k))
    doc = _grouped_table(4, 9, False)
    with_heads = page_lines(render_pdf(doc))
    assert calls[-1] and all(h is None for h in calls[:-1])
    monkeypatch.setattr(pdf, "page_starts", lambda pages: ({}, set()))
    without = page_lines(render_pdf(doc))
    assert [[line for line in lines if not line.endswith("(ต่อ)")] for lines in with_heads] == without


def test_a_long_page_head_leaves_the_draft_mark_on_one_line():
    """Beside a page's head ("ตัวชี้วัดย่อยที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต (ต่อ)") the draft mark
    wrapped to two lines and the head ran off the page's top; the plan's indicator gives its last line."""
    doc = _grouped_table(3, 9, True)
    long = "ตัวชี้วัดที่ 10 การป้องกันการทุจริต\nตัวชี้วัดย่อยที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต"
    for row in doc.sections[0].table.rows:
        if row[0].text:
            row[0].text = long
    doc.draft = True
    pages = page_lines(render_pdf(doc))
    assert all(DRAFT_MARK in lines for lines in pages)
    with pdf.laid_out(doc) as laid:
        heads = {join_sara_am(head) for head in pdf.page_starts(laid)[0].values()}  # (SARA AM split for the PDF)
    assert heads == {"ตัวชี้วัดย่อยที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต"}


def test_the_rest_of_a_row_that_names_its_indicator_gets_the_head_too():
    """A plan's row that starts an indicator (its first cell names it) split over two pages: the rest
    at the top of the next page has an empty first cell, and the page says which indicator (a tester
    found pages 2, 4 and 8 of a plan without it)."""
    doc = _grouped_table(2, 3, True)
    doc.sections[0].table.rows[0][2].text = "\n".join(f"กิจกรรมที่ {i} จัดอบรมเจ้าหน้าที่ผู้ให้บริการ" for i in range(40))
    with pdf.laid_out(doc) as laid:
        heads = pdf.page_starts(laid)[0]
    assert join_sara_am(heads.get(2, "")) == "ตัวชี้วัดที่ 1 การปรับปรุงระบบการทำงาน"


def test_a_table_without_continued_issues_or_groups_is_laid_out_once(monkeypatch):
    """The issue's "(ต่อ) E6" is printed in a last layout only where a page starts with such a row: a
    document without them (the city's 400-row list, rendered in a request) is not laid out twice (a reviewer)."""
    calls = []
    real = pdf.render_html
    monkeypatch.setattr(pdf, "render_html", lambda *a, **k: calls.append(k.get("page_firsts")) or real(*a, **k))
    table = Table([Column("เขต", 1), Column("คะแนน", 1)], [[Cell(f"เขตที่ {i}"), Cell("85.00")] for i in range(1, 80)])
    doc = Document(title="รายงาน", agency="กรุงเทพมหานคร", fiscal_year=2568, sections=[Section(table=table)])
    assert len(page_lines(render_pdf(doc))) >= 3 and len(calls) == 1
