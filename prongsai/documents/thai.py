"""Thai numerals and Buddhist-era dates: the two text rules of an official Thai document.

Pure functions, no Django: renderers call `numerals(text, on)` on every piece of text they
print, and `thai_date(d)` for every date.
"""
from __future__ import annotations

import re
from datetime import date

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
BE_OFFSET = 543  # Buddhist era = Common era + 543


def thai_digits(text: str) -> str:
    """Every Arabic digit 0-9 in `text` becomes the Thai digit ๐-๙; nothing else changes."""
    return text.translate(_THAI_DIGITS)


# what keeps its Arabic digits among Thai ones: links and e-mail addresses (typed as printed; a
# link may be printed without its "https://": a host, maybe with its path), file names, and codes
# written with Latin letters (O13, E6 — the framework's codes, "ข้อO13" too). Each alternative
# starts only where a token starts, so a long run without spaces costs linear time.
_KEEP_DIGITS = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?<![\w.-])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\b(?:/\S*)?"
    r"|(?<![\w.-])[\w.-]+\.(?:pdf|docx|xlsx|jpe?g|png)\b"
    r"|(?<![A-Za-z0-9])[A-Za-z]+\d[\w./-]*"
)


def numerals(text: str, thai: bool) -> str:
    """`text` with Thai digits when `thai` is on, unchanged otherwise (the one switch renderers
    use); links and Latin-letter codes keep their digits either way."""
    if not thai:
        return text
    out, at = [], 0
    for kept in _KEEP_DIGITS.finditer(text):
        out += [thai_digits(text[at:kept.start()]), kept.group()]
        at = kept.end()
    return "".join(out) + thai_digits(text[at:])


def buddhist_year(d: date) -> int:
    return d.year + BE_OFFSET


def thai_date(d: date, *, short: bool = False, thai_numerals: bool = False) -> str:
    """A Buddhist-era Thai date: 2026-11-21 → "21 พฤศจิกายน 2569" (short: "21 พ.ย. 2569")."""
    month = (MONTHS_SHORT if short else MONTHS)[d.month - 1]
    return numerals(f"{d.day} {month} {buddhist_year(d)}", thai_numerals)


def signed_on(d: date) -> str:
    """The date under a signature, in the words of the dotted line it fills in (model.DOTTED_DATE):
    2024-10-15 → "วันที่ 15 เดือน ตุลาคม พ.ศ. 2567" (a tester: the signed plan dropped the พ.ศ. its
    unsigned draft showed)."""
    return f"วันที่ {d.day} เดือน {MONTHS[d.month - 1]} พ.ศ. {buddhist_year(d)}"


def fiscal_year_of(d: date) -> int:
    """The Thai government fiscal year (Buddhist era) a date falls in: it starts on 1 October."""
    return buddhist_year(d) + (1 if d.month >= 10 else 0)


_LEADING_VOWEL = re.compile("([\u0E40-\u0E44])([\u0E01-\u0E2E])")  # เ แ โ ใ ไ, then a consonant


def sort_key(text: str) -> str:
    """A key that sorts Thai as a dictionary does: a leading vowel (เ แ โ ใ ไ) after the consonant
    it is read after, so คลองเตย comes before คลองสามวา (by ต, not by เ)."""
    return _LEADING_VOWEL.sub("\\2\\1", text)


_SARA_AM = re.compile("([\u0E48-\u0E4B]?)\u0E33")


def split_sara_am(text: str) -> str:
    """SARA AM (ำ) written as NIKHAHIT + SARA AA (ํา), the nikhahit before any tone mark ("น้ำ" → "นํ้า").

    This is how a Thai shaper draws it anyway (same glyphs, same picture), but as two characters each
    glyph gets its own entry in the PDF's text map, so copying text out of the PDF gives "การ", not
    "กำร". Used for PDF output only.
    """
    return _SARA_AM.sub("\u0E4D\\1\u0E32", text)


_SPLIT_AM = re.compile("\u0E4D([\u0E48-\u0E4B]?)\u0E32")


def join_sara_am(text: str) -> str:
    """The other way: NIKHAHIT + SARA AA (as text copied out of a PDF often has it) as SARA AM, so that
    names compare as they read ("สํานักงาน" is "สำนักงาน": a tester's import was refused on it)."""
    return _SPLIT_AM.sub("\\1\u0E33", text)
