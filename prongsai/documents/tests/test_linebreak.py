"""Where the PDF's Thai lines may break (linebreak.py): words found on the text as typed, office
compounds kept whole where they fit, too-wide words broken between their parts, links at "/" or "."."""
from prongsai.documents.fonts import text_width
from prongsai.documents.linebreak import ANY, KEEP, TEXT, WBR, break_opportunities, pieces
from prongsai.documents.thai import split_sara_am


def kept(text, width=None):
    return [p for kind, p in pieces(text, width) if kind == KEEP]


def test_sara_am_would_confuse_the_dictionary():
    """Why words with SARA AM are found on the text as typed: split for the PDF, libthai breaks inside them."""
    def words(text):
        breaks = break_opportunities(text)
        return [i for i, b in enumerate(breaks) if b and 0 < i < len(text)]

    assert words("ของสำนักงานเขต") == [3, 11]  # ของ|สำนักงาน|เขต
    assert words(split_sara_am("ของสำนักงานเขต")) == [3, 6, 9, 12]  # ของ|สํา|นัก|งาน|เขต


def test_words_with_sara_am_and_office_compounds_are_kept_whole():
    assert kept("รายงานผู้อำนวยการเขตทราบเป็นประจำทุกเดือน") == ["ผู้อำนวยการ", "ประจำ"]
    assert kept("ของสำนักงานเขตหลักสี่") == ["สำนักงานเขต", "หลักสี่"]  # the district's name too
    assert kept("ยังไม่รายงานผล (ไม่ผ่าน)") == ["รายงานผล", "ไม่ผ่าน"]
    assert kept("การจัดซื้อจัดจ้าง ผู้รับผิดชอบ ผู้บริหารเขต") == ["จัดซื้อจัดจ้าง", "ผู้รับผิดชอบ", "ผู้บริหาร"]
    assert kept("กำหนดส่ง 31 มี.ค. 2568") == ["กำหนด", "31 มี.ค. 2568"]
    # a break stays possible on both sides of a kept piece
    assert pieces("ของสำนักงานเขตหลักสี่") == [(TEXT, "ของ"), (WBR, ""), (KEEP, "สำนักงานเขต"), (WBR, ""), (KEEP, "หลักสี่")]
    assert pieces("ของสำนักงานเขตหลักสี่ดี") == [(TEXT, "ของ"), (WBR, ""), (KEEP, "สำนักงานเขต"), (WBR, ""), (KEEP, "หลักสี่"),
                                            (WBR, ""), (TEXT, "ดี")]


def test_a_piece_is_kept_only_where_it_fits():
    width = text_width("สำนักงานเขต") - 1
    assert kept("ของสำนักงานเขต", width) == ["สำนักงาน"]  # the compound does not fit: its SARA AM word does


def test_a_word_wider_than_its_column_breaks_between_its_parts_else_anywhere():
    narrow = text_width("งบประมาณ") - 1
    assert pieces("การใช้งบประมาณ", narrow)[-3:] == [(KEEP, "งบ"), (WBR, ""), (KEEP, "ประมาณ")]
    assert pieces("ทศวรรษ", 30) == [(ANY, "ทศวรรษ")]  # no known parts: anywhere
    assert all(kind != ANY for kind, _ in pieces("การใช้งบประมาณ", narrow + 2))


def test_links_are_printed_compactly_and_break_after_a_slash_or_a_dot():
    link = "https://www.bangkok.go.th/laksi/page/sub/12345"
    assert pieces(f"ข่าว {link}") == [(TEXT, "ข่าว "), (KEEP, "www.bangkok.go.th/laksi/page/sub/12345")]  # fits: whole
    parts = pieces(f"ข่าว {link}", text_width("www.bangkok.go.th/"))
    assert [p for kind, p in parts if kind == KEEP] == ["www.bangkok.go.th/", "laksi/", "page/", "sub/", "12345"]
    parts = pieces(f"ข่าว {link}", 80)  # the host does not fit: it breaks after a dot too
    assert [p for kind, p in parts if kind == KEEP][:4] == ["www.", "bangkok.", "go.", "th/"]
    assert all(kind in (TEXT, KEEP, WBR) for kind, _ in parts)
    assert pieces("http://example.org") == [(KEEP, "http://example.org")]  # only https:// goes without saying


def test_a_too_wide_word_in_a_pdf_cell_breaks_only_between_its_parts():
    """Laid out by WeasyPrint in a column narrower than "ประสิทธิภาพ" but wide enough for its parts, the
    word breaks as ประสิทธิ|ภาพ, each part kept whole (a tester saw "ประ | สิทธิภาพ" in a plan)."""
    from prongsai.documents.model import Cell, Column, Document, Section, Table
    from prongsai.documents.tests.layout import block_lines, broken_words

    from .samples import LONG_WORDS

    text = "ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร"
    narrow = Column("ตัวชี้วัด", 1)
    table = Table([narrow, Column("กิจกรรม", 10)], [[Cell(text), Cell("ประชาสัมพันธ์")]], font_pt=14)
    doc = Document(title="แผน", agency="", fiscal_year=2568, sections=[Section(table=table)])
    lines = next(b for b in block_lines(doc) if "ประสิทธิ" in "".join(b))
    assert len(lines) >= 3 and "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.rstrip().endswith("ประ") for line in lines), lines
    assert any(line.startswith("ภาพ") for line in lines), lines  # too wide for the column: between its parts
    assert broken_words(lines, [w for w in LONG_WORDS if w != "ประสิทธิภาพ"]) == []


def test_words_a_tester_saw_broken_are_kept_whole_where_they_fit():
    assert kept("ประกาศเกี่ยวกับการค้นหาข้อมูล ตามระเบียบ พ.ศ. 2558 (เกินกำหนด)", 400) == [
        "เกี่ยวกับ", "ค้นหา", "พ.ศ. 2558", "เกินกำหนด)"]  # with its closing bracket


def test_a_districts_name_is_kept_whole_where_it_fits():
    """The city's compiled report lists districts by the dozen; a tester found หนอง|จอก, ลาด|กระบัง."""
    from prongsai.documents.linebreak import KEEP, pieces

    for name in ("หนองจอก", "ลาดกระบัง", "คลองสามวา", "สวนหลวง"):
        kept = [p for kind, p in pieces(f"ยังไม่รายงานผล ได้แก่ เขตดุสิต, เขต{name}, เขตบางรัก", 400) if kind == KEEP]
        assert f"เขต{name}" in kept, (name, kept)  # with its "เขต": a tester found "เขต / ดอนเมือง" too


def test_a_quotation_mark_stays_with_the_word_it_opens():
    """A tester's signed plan ended a line with “ and began the next with the quoted name."""
    text = "ประชาสัมพันธ์ผ่านเฟซบุ๊ก “สำนักงานเขตหลักสี่” และเว็บไซต์"
    assert break_opportunities(text)[text.index("“") + 1]  # Pango alone would break after it
    kept = [piece for kind, piece in pieces(text, 200) if kind == KEEP]
    assert any(piece.startswith("“สำนักงาน") for piece in kept)
    assert "“" not in "".join(piece for kind, piece in pieces(text, 200) if kind == TEXT)
