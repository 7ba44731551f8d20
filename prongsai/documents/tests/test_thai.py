from datetime import date

from prongsai.documents.thai import fiscal_year_of, numerals, signed_on, split_sara_am, thai_date, thai_digits


def test_thai_digits_converts_every_digit_and_nothing_else():
    assert thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert thai_digits("ตัวชี้วัดที่ 10 (93.44 คะแนน) E5") == "ตัวชี้วัดที่ ๑๐ (๙๓.๔๔ คะแนน) E๕"
    assert thai_digits("ไม่มีตัวเลข") == "ไม่มีตัวเลข"


def test_numerals_switch():
    assert numerals("พ.ศ. 2568", True) == "พ.ศ. ๒๕๖๘"
    assert numerals("พ.ศ. 2568", False) == "พ.ศ. 2568"


def test_links_and_codes_keep_their_digits_among_thai_ones():
    """A link is typed into a browser as printed, and O13 is the framework's code: Thai digits
    would break both (a tester's central report printed sub/๑๒๓๔๕ and O๑๓)."""
    text = ("ข้อ O13 และ O1–O22 ปี 2568 ดู https://webportal.bangkok.go.th/sub/12345/ หรือ "
            "webportal.bangkok.go.th/sub/12345/ หรือ www.laksi.go.th/a1 ไฟล์ sor-kor-ror-1-jan68.pdf สขร.1")
    assert numerals(text, True) == (
        "ข้อ O13 และ O1–O22 ปี ๒๕๖๘ ดู https://webportal.bangkok.go.th/sub/12345/ หรือ "
        "webportal.bangkok.go.th/sub/12345/ หรือ www.laksi.go.th/a1 ไฟล์ sor-kor-ror-1-jan68.pdf สขร.๑")
    # a code right after a Thai letter, e-mail addresses, a host without a path (a reviewer's cases)
    assert numerals("ข้อO13 อีเมล saraban_05@bangkok.go.th เว็บ 1111.go.th ข้อ 3.1 เงิน 1,250.50 บาท", True) == (
        "ข้อO13 อีเมล saraban_05@bangkok.go.th เว็บ 1111.go.th ข้อ ๓.๑ เงิน ๑,๒๕๐.๕๐ บาท")


def test_a_long_run_without_spaces_is_converted_whole():
    """(Each kept pattern starts only where a token starts, so such a run is one pass, not one per position.)"""
    assert numerals("1.1." * 12000, True) == "๑.๑." * 12000


def test_thai_date_is_buddhist_era():
    assert thai_date(date(2026, 11, 21)) == "21 พฤศจิกายน 2569"
    assert thai_date(date(2024, 1, 5)) == "5 มกราคม 2567"
    assert thai_date(date(2025, 3, 31), short=True) == "31 มี.ค. 2568"
    assert thai_date(date(2026, 11, 21), thai_numerals=True) == "๒๑ พฤศจิกายน ๒๕๖๙"


def test_fiscal_year_starts_in_october():
    assert fiscal_year_of(date(2024, 9, 30)) == 2567
    assert fiscal_year_of(date(2024, 10, 1)) == 2568


def test_split_sara_am_puts_nikhahit_before_the_tone_mark():
    assert split_sara_am("การกำกับ") == "การก\u0e4d\u0e32กับ"
    assert split_sara_am("น้ำ") == "น\u0e4d\u0e49\u0e32"
    assert split_sara_am("ไม่มี") == "ไม่มี"


def test_thai_names_sort_as_a_dictionary_does():
    from prongsai.documents.thai import sort_key

    names = ["เขตคลองสามวา", "เขตบางแค", "เขตคลองเตย", "เขตบางกะปิ", "เขตคลองสาน"]
    assert sorted(names, key=sort_key) == ["เขตคลองเตย", "เขตคลองสาน", "เขตคลองสามวา", "เขตบางกะปิ", "เขตบางแค"]


def test_a_signed_date_fills_in_the_dotted_line_of_the_unsigned_draft_word_for_word():
    """The draft reads "วันที่ …… เดือน …… พ.ศ. ……"; the signed copy dropped เดือน and พ.ศ. (a tester)."""
    from prongsai.documents.model import DOTTED_DATE, Document, signature_lines

    assert signed_on(date(2024, 10, 15)) == "วันที่ 15 เดือน ตุลาคม พ.ศ. 2567"
    assert [w for w in DOTTED_DATE.split() if "." * 3 not in w] == ["วันที่", "เดือน", "พ.ศ."]
    doc = Document(title="แผน", agency="สำนักงานเขตหลักสี่", fiscal_year=2568, sections=[],
                   signatures=[("ผู้อำนวยการเขตหลักสี่", "นายสมชาย ใจดี")], issued=date(2024, 10, 15))
    assert signature_lines(doc)[0][-1] == "วันที่ 15 เดือน ตุลาคม พ.ศ. 2567"
