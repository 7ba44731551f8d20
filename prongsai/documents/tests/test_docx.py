"""The DOCX renderer: landscape A4, Sarabun 16 pt for Thai (complex script) too, repeated header rows,
photos inside their column, Thai numerals, the font embedded."""
import io
import re
import zipfile

import pytest
from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from prongsai.documents.docx import _obfuscate, render_docx
from prongsai.documents.fonts import FACES
from prongsai.documents.tests import samples


@pytest.fixture(scope="module")
def plan_docx():
    return render_docx(samples.plan_document(thai_numerals=True))


@pytest.fixture(scope="module")
def progress_docx(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("photos")
    photos = [samples.make_photo(tmp / "a.jpg", size=(3000, 2000)), samples.make_photo(tmp / "b.jpg", 40, (900, 1200))]
    return render_docx(samples.progress_document(photos, thai_numerals=False))


def all_text(word) -> str:
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_landscape_a4(plan_docx):
    section = open_docx(io.BytesIO(plan_docx)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)


def test_sarabun_16pt_for_thai_and_latin(plan_docx):
    word = open_docx(io.BytesIO(plan_docx))
    rpr = word.styles["Normal"].element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attr)) == "Sarabun", attr
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"  # Thai is sized by szCs
    assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    xml = zipfile.ZipFile(io.BytesIO(plan_docx)).read("word/document.xml").decode()
    named = set(re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', xml))
    assert named <= {"Sarabun"}, named


def test_bold_runs_are_bold_for_thai_too(plan_docx):
    xml = zipfile.ZipFile(io.BytesIO(plan_docx)).read("word/document.xml").decode()
    assert xml.count("<w:b ") == xml.count("<w:bCs ") > 0


def test_header_row_repeats_and_title(plan_docx):
    word = open_docx(io.BytesIO(plan_docx))
    table = word.tables[0]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"
    assert [c.text for c in table.rows[0].cells][:2] == ["ตัวชี้วัด", "ประเด็นที่ต้องเตรียมความพร้อม/ยกระดับ"]
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    titles = [p.text for p in word.paragraphs if p.style.name == "Title"]
    assert titles == ["มาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน", "ของสำนักงานเขตบางเขน",
                      "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"]


def test_column_widths_follow_the_model(plan_docx):
    table = open_docx(io.BytesIO(plan_docx)).tables[0]
    grid = [c.width for c in table.columns]
    model = [c.width for c in samples.plan_document().sections[0].table.columns]
    assert sum(grid) == pytest.approx(Cm(29.7 - 3.0), rel=0.001)
    for got, want in zip(grid, model):
        assert got / sum(grid) == pytest.approx(want / sum(model), rel=0.01)


def test_rowspan_becomes_a_vertical_merge(plan_docx):
    table = open_docx(io.BytesIO(plan_docx)).tables[0]
    first_col = [row.cells[0].text for row in table.rows[1:4]]
    assert first_col == ["๑) การปฏิบัติหน้าที่"] * 3  # one merged cell over three rows
    assert table.rows[2].cells[1].text.startswith("เพิ่มจุดเผยแพร่")


def test_thai_numerals_everywhere(plan_docx):
    text = all_text(open_docx(io.BytesIO(plan_docx)))
    assert "๓๐ มี.ค. ๖๖" in text and "วันที่ ๒๓ เดือน มกราคม พ.ศ. ๒๕๖๖" in text
    assert re.search(r"[0-9]", text) is None
    settings = zipfile.ZipFile(io.BytesIO(plan_docx)).read("word/document.xml").decode()
    assert 'w:fmt="thaiNumbers"' in settings  # page numbers ๑, ๒, ...


def test_photos_fit_their_column(progress_docx):
    word = open_docx(io.BytesIO(progress_docx))
    table = word.tables[0]
    photo_column_width = table.rows[0].cells[4].width
    shapes = word.inline_shapes
    assert len(shapes) == 4
    for shape in shapes:
        assert shape.width <= photo_column_width
        assert shape.width > photo_column_width * 0.8
    media = [n for n in zipfile.ZipFile(io.BytesIO(progress_docx)).namelist() if n.startswith("word/media/")]
    assert len(media) == 2  # one copy per photo, even when shown twice


def test_a_tall_photo_is_at_most_photo_max_pt_tall(tmp_path):
    from docx.shared import Pt

    from prongsai.documents.html import PHOTO_MAX_PT

    tall = samples.make_photo(tmp_path / "tall.png", size=(600, 2400))
    shapes = open_docx(io.BytesIO(render_docx(samples.progress_document([tall])))).inline_shapes
    assert len(shapes) == 4
    for shape in shapes:  # as the PDF shows it: its shape kept, no taller than PHOTO_MAX_PT
        assert shape.height <= Pt(PHOTO_MAX_PT) + 1 and abs(shape.width * 4 - shape.height) < Pt(1)


def test_sarabun_is_embedded(plan_docx):
    z = zipfile.ZipFile(io.BytesIO(plan_docx))
    assert "<w:embedTrueTypeFonts" in z.read("word/settings.xml").decode()
    table = z.read("word/fontTable.xml").decode()
    key = re.search(r'<w:embedRegular r:id="(rId\d+)" w:fontKey="(\{[0-9A-F-]+\})"', table)
    rels = z.read("word/_rels/fontTable.xml.rels").decode()
    target = re.search(rf'Id="{key.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{key.group(1)}"', rels)
    font = z.read("word/" + target.group(1))
    regular = FACES[("normal", "normal")].read_bytes()
    assert font != regular and _obfuscate(font, key.group(2)) == regular


def test_obfuscation_follows_the_standard():
    # ECMA-376 17.8.1: key {00112233-4455-6677-8899-AABBCCDDEEFF} → bytes read from the end of the GUID
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    out = _obfuscate(bytes(40), key)
    assert out[:16] == bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert out[16:32] == out[:16] and out[32:] == bytes(8)


def test_elements_in_schema_order(plan_docx):
    """Word refuses a file whose property elements are out of schema order ("unreadable content")."""
    from lxml import etree

    from prongsai.documents.docx import _RPR_ORDER

    z = zipfile.ZipFile(io.BytesIO(plan_docx))
    order = [qn(t) for t in _RPR_ORDER]
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
        root = etree.fromstring(z.read(name))
        for rpr in root.iter(qn("w:rPr")):
            tags = [child.tag for child in rpr]
            assert tags == sorted(tags, key=order.index), (name, tags)
    root = etree.fromstring(z.read("word/document.xml"))
    for tblpr in root.iter(qn("w:tblPr")):
        tags = [child.tag for child in tblpr]
        assert tags.count(qn("w:tblLayout")) == 1 and tags.index(qn("w:tblLayout")) < tags.index(qn("w:tblLook"))
    sect = [child.tag for child in next(root.iter(qn("w:sectPr")))]
    assert sect.index(qn("w:pgNumType")) < sect.index(qn("w:cols"))


def test_dense_table_may_use_a_smaller_size():
    doc = samples.plan_document()
    doc.sections[0].table.font_pt = 14
    word = open_docx(io.BytesIO(render_docx(doc)))
    sizes = {run.font.size.pt for row in word.tables[0].rows for cell in row.cells
             for p in cell.paragraphs for run in p.runs}
    assert sizes == {14}
    assert word.styles["Normal"].font.size.pt == 16  # the body stays 16 pt


def test_signature_block_and_draft_mark(plan_docx, progress_docx):
    """Signed: (ลงชื่อ) …… / (name) / position / date once, no draft mark. Not signed yet: ร่าง in the
    page header, dotted name and date lines; the table's last row kept with the signature."""
    from prongsai.documents.model import DRAFT_MARK, DOTTED_NAME

    signed = open_docx(io.BytesIO(plan_docx))
    lines = [p.text for p in signed.paragraphs if p.text]
    at = lines.index("(นางสาวพิศมัย เรืองศิลป์)")
    assert lines[at - 1].startswith("(ลงชื่อ) ....") and lines[at + 1:at + 3] == ["ผู้อำนวยการเขตบางเขน", "วันที่ ๒๓ เดือน มกราคม พ.ศ. ๒๕๖๖"]
    assert not any("ณ วันที่" in line for line in lines)
    assert DRAFT_MARK not in signed.sections[0].header.paragraphs[0].text
    last_row = signed.tables[-1].rows[-1]
    assert all(p.paragraph_format.keep_with_next for cell in last_row.cells for p in cell.paragraphs)
    draft = open_docx(io.BytesIO(progress_docx))
    assert draft.sections[0].header.paragraphs[0].text == DRAFT_MARK
    assert DOTTED_NAME in [p.text for p in draft.paragraphs]


def test_a_document_without_signatures_keeps_its_last_row_with_its_date():
    """The analysis ends with its date, no signature: its table's last row stays on the date's page."""
    from datetime import date

    from prongsai.documents.model import Cell, Column, Document, Section, Table

    table = Table([Column("ประเด็น", 1), Column("มาตรการ", 3)], [[Cell(f"ข้อ {i}"), Cell("กิจกรรม")] for i in range(3)])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=table)],
                   issued=date(2025, 4, 10))
    word = open_docx(io.BytesIO(render_docx(doc)))
    rows = word.tables[0].rows
    assert all(p.paragraph_format.keep_with_next for cell in rows[-1].cells for p in cell.paragraphs)
    assert not any(p.paragraph_format.keep_with_next for cell in rows[1].cells for p in cell.paragraphs)
    assert word.paragraphs[-1].text == "ณ วันที่ 10 เมษายน 2568"


def test_short_rows_are_not_split_over_pages(plan_docx):
    rows = open_docx(io.BytesIO(plan_docx)).tables[0].rows
    cant_split = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows[1:]]
    assert any(cant_split)


def test_figures_are_right_aligned_and_title_lines_kept():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from prongsai.documents.model import Cell, Column, Document, Section, Table

    table = Table([Column("ประเด็นการประเมิน", 4), Column("คะแนน ITA ที่เพิ่มขึ้น", 1, numbers=True)],
                  [[Cell("O15 ประกาศต่าง ๆ"), Cell("+2.00")]])
    doc = Document(title="การวิเคราะห์ผลการประเมิน\nของสำนักงานเขตหลักสี่ ในปี 2567", agency="สำนักงานเขตหลักสี่",
                   fiscal_year=2568, sections=[Section(table=table)])
    word = open_docx(io.BytesIO(render_docx(doc)))
    row = word.tables[0].rows[1]
    assert row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert row.cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    assert [p.text for p in word.paragraphs[:2]] == ["การวิเคราะห์ผลการประเมิน", "ของสำนักงานเขตหลักสี่ ในปี 2567"]


def test_file_properties_name_the_document_and_its_agency_not_the_template(plan_docx):
    """What Word shows under File › Info of a published file (a reviewer found python-docx's template:
    author "python-docx", created 2013, "Microsoft Macintosh Word", its thumbnail)."""
    import datetime as dt

    props = open_docx(io.BytesIO(plan_docx)).core_properties
    assert props.author == props.last_modified_by == "สำนักงานเขตบางเขน"
    assert props.title.startswith("มาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    assert props.comments == "" and "python-docx" not in (props.author + props.comments + props.keywords)
    assert abs(props.created - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(hours=1)
    with zipfile.ZipFile(io.BytesIO(plan_docx)) as z:
        assert not [n for n in z.namelist() if "thumbnail" in n]
        assert b"thumbnail" not in z.read("[Content_Types].xml") and b"thumbnail" not in z.read("_rels/.rels")
        assert b"<Application>Prongsai</Application>" in z.read("docProps/app.xml") and b"Macintosh" not in z.read("docProps/app.xml")


def test_evidence_links_are_hyperlinks():
    """A link in a cell is a Word hyperlink to its address, the text around it plain runs."""
    from prongsai.documents.model import Cell, Column, Document, Section, Table

    url = "https://webportal.bangkok.go.th/laksi/ita/2568/o20"
    table = Table([Column("ประเด็น", 1), Column("ผลการดำเนินการ", 3)],
                  [[Cell("O20"), Cell("", bullets=[f"ข่าวประชาสัมพันธ์: {url} (รอบ 6 เดือน)"])]])
    doc = Document(title="รายงาน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[Section(table=table)],
                   thai_numerals=True)
    word = open_docx(io.BytesIO(render_docx(doc)))
    paragraph = word.tables[0].rows[1].cells[1].paragraphs[0]
    links = paragraph._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    assert word.part.rels[links[0].get(qn("r:id"))].target_ref == url
    assert "".join(t.text for t in links[0].iter(qn("w:t"))) == url  # its digits as typed, not Thai
    assert "".join(t.text for t in paragraph._p.iter(qn("w:t"))) == f"- ข่าวประชาสัมพันธ์: {url} (รอบ ๖ เดือน)"


def test_a_row_heading_the_rows_under_it_is_kept_with_the_next():
    """A long problem on a row across the table (Cell.heads) stays on the page of its first measure."""
    from prongsai.documents.model import Cell, Column, Document, Section, Table

    rows = [[Cell("ข้อ 1"), Cell("ปกติ"), Cell("กิจกรรม")], [Cell("E6"), Cell("ปัญหายาว", colspan=2, heads=True)],
            [Cell("(ต่อ) E6"), Cell(""), Cell("กิจกรรม")]]
    table = Table([Column("ประเด็น", 1), Column("ปัญหา", 1), Column("มาตรการ", 3)], rows)
    word = open_docx(io.BytesIO(render_docx(Document(title="แผน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568,
                                                     sections=[Section(table=table)]))))
    kept = [all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
            for row in word.tables[0].rows[1:]]
    assert kept == [False, True, False]
