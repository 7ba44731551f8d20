"""The HTML the PDF is drawn from: escaping, title block, group rows, the SARA AM rewrite for PDF only."""
import re

from prongsai.documents.html import render_html, title_lines
from prongsai.documents.model import Cell, Column, Document, Section, Table
from prongsai.documents.tests import samples


def test_text_is_escaped():
    doc = Document(title="<b>มาตรการ</b>", agency="สำนักงานเขต & ทดสอบ", fiscal_year=2568,
                   sections=[Section(paragraphs=["<script>alert(1)</script>"])])
    html = render_html(doc)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;มาตรการ&lt;/b&gt;" in html and "สำนักงานเขต &amp; ทดสอบ" in html


def test_title_block_does_not_repeat_what_the_title_says():
    doc = Document(title="มาตรการของสำนักงานเขตหลักสี่ ประจำปีงบประมาณ พ.ศ. 2568", agency="สำนักงานเขตหลักสี่",
                   fiscal_year=2568, sections=[])
    assert title_lines(doc) == [doc.title]
    doc.title = "มาตรการยกระดับคุณธรรม"
    assert title_lines(doc) == ["มาตรการยกระดับคุณธรรม", "ของสำนักงานเขตหลักสี่", "ประจำปีงบประมาณ พ.ศ. 2568"]
    doc.subtitle = "ของสำนักงานเขตหลักสี่ ประจำปีงบประมาณ พ.ศ. 2568"  # the plan's: said once, by the subtitle
    assert title_lines(doc) == ["มาตรการยกระดับคุณธรรม"]
    doc.subtitle = "ประเด็นที่ต้องปรับปรุง ในปีงบประมาณ พ.ศ. 2568"  # another sentence naming the year: the agency stays
    assert title_lines(doc)[1:] == ["ของสำนักงานเขตหลักสี่"]  # (the year twice read as two years: a reviewer)
    doc.subtitle = "รอบ 6 เดือนแรก (ตุลาคม 2567 - มีนาคม 2568)"  # the year's digits, not the fiscal year: said
    assert title_lines(doc)[1:] == ["ของสำนักงานเขตหลักสี่", "ประจำปีงบประมาณ พ.ศ. 2568"]


def test_short_thai_dates_are_not_broken_across_lines():
    table = Table([Column("ระยะเวลาแล้วเสร็จ")], [[Cell("31 มี.ค. 2568")], [Cell("1 ต.ค. 2567 – 30 ก.ย. 2568")]])
    html = render_html(Document(title="t", agency="a", fiscal_year=2568, sections=[Section(table=table)]))
    assert '<span class="nb">31 มี.ค. 2568</span>' in html
    assert '<span class="nb">1 ต.ค. 2567</span> – <span class="nb">30 ก.ย. 2568</span>' in html
    # nor a year from its ปี (Thai digits too)
    table = Table([Column("ประเด็น")], [[Cell("ต่ำกว่าเกณฑ์ในปี ๒๕๖๗")]])
    html = render_html(Document(title="t", agency="a", fiscal_year=2568, sections=[Section(table=table)]))
    assert '<span class="nb">ปี ๒๕๖๗</span>' in html


def test_group_rows_and_font_size():
    table = Table([Column("ก"), Column("ข")], [[Cell("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่", colspan=2)], [Cell("1"), Cell("2")]],
                  font_pt=14)
    html = render_html(Document(title="t", agency="a", fiscal_year=2568, sections=[Section(table=table)]))
    assert '<tr id="row-1" class="group heads keep lead"><td colspan="2" class="group">' in html
    assert '<table style="font-size: 14pt">' in html
    # the first row under the table's opening group rows leads too (its heading goes with it); a row or
    # a group row after it does not
    table.rows += [[Cell("ตัวชี้วัดที่ 2 การใช้งบประมาณ", colspan=2)], [Cell("3"), Cell("4")]]
    html = render_html(Document(title="t", agency="a", fiscal_year=2568, sections=[Section(table=table)]))
    assert re.findall(r'<tr id="(row-\d)" class="([^"]*)"', html) == [
        ("row-1", "group heads keep lead"), ("row-2", "keep lead"), ("row-3", "group heads keep"), ("row-4", "keep")]


def test_sara_am_split_only_for_pdf():
    doc = samples.analysis_document()
    text = lambda html: re.sub("<[^>]+>", "", html)  # noqa: E731
    assert "การกำกับติดตาม" in text(render_html(doc))
    assert "การก\u0e4d\u0e32กับติดตาม" in text(render_html(doc, for_pdf=True))
    assert "\u0e33" not in render_html(doc, for_pdf=True).split("<body>")[1]


def test_a_list_number_stays_with_its_first_word_and_an_empty_sections_heading_with_the_next():
    table = Table([Column("กิจกรรม")], [[Cell("มาตรการที่ 1\n3. เผยแพร่ข่าวสาร\n2568 ปีงบประมาณ")]])
    doc = Document(title="รายงาน", agency="", fiscal_year=2568, sections=[
        Section(heading="แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"),
        Section(heading="ตัวชี้วัดย่อยที่ 9.3 การบริหารเงินงบประมาณ", table=table)])
    html = render_html(doc)
    assert "<p>3.\u00a0เผยแพร่" in html and "<p>2568 ปีงบประมาณ" in html  # a year is not a list number
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert len(headings) == 1 and "(OIT)<br>" in headings[0] and "9.3" in headings[0]


def test_a_blank_line_in_a_text_starts_a_paragraph_with_a_gap_in_pdf_and_docx():
    """A tester's result in two paragraphs printed as one block: the blank line was dropped."""
    import io

    from docx import Document as open_docx
    from pypdf import PdfReader

    from prongsai.documents.docx import render_docx
    from prongsai.documents.pdf import render_pdf

    doc = Document(title="ทดสอบ", agency="สำนักงานเขตทดสอบ", fiscal_year=2568, sections=[Section(table=Table(
        [Column("ผลการดำเนินการ", 1)],
        [[Cell("บรรทัดแรก\nบรรทัดสอง\n\n\nย่อหน้าใหม่")]]))])
    assert '<p>บรรทัดสอง</p><p class="gap">ย่อหน้าใหม่</p>' in render_html(doc)
    ys = {}

    def visit(text, cm, tm, fontdict, fontsize):
        if text.strip():
            ys[text.strip()] = tm[5] * cm[3] + cm[5]

    PdfReader(io.BytesIO(render_pdf(doc))).pages[0].extract_text(visitor_text=visit)
    line = ys["บรรทัดแรก"] - ys["บรรทัดสอง"]
    assert line > 0 and ys["บรรทัดสอง"] - ys["ย่อหน้าใหม่"] > 1.3 * line  # one gap, not three blank lines
    assert ys["บรรทัดสอง"] - ys["ย่อหน้าใหม่"] < 2 * line
    cell = open_docx(io.BytesIO(render_docx(doc))).tables[0].rows[1].cells[0]
    texts = [(p.text, p.paragraph_format.space_before) for p in cell.paragraphs]
    assert [t for t, _ in texts] == ["บรรทัดแรก", "บรรทัดสอง", "ย่อหน้าใหม่"]
    assert texts[1][1] is None and texts[2][1] is not None and texts[2][1].pt > 5
