"""Where the PDF's Thai lines may break.

Pango (with libthai's dictionary) finds the words of the text as typed. Three things went wrong when
it was left alone in a narrow table column:

- `overflow-wrap: break-word` makes WeasyPrint break inside words that would fit on the next line
  ("มอบหมา|ยผู้|รับผิดชอ|บ"), so it is not used: a word wider than its column is marked here instead,
  and only that word breaks anywhere.
- The PDF writes SARA AM as two characters (`thai.split_sara_am`), which the dictionary does not know:
  "สำนักงาน" would break as "สํา|นัก|งาน", "ผู้อำนวยการ" as "ผู้|อํา|นวย|การ". So words holding SARA AM
  are found on the original text and kept whole.
- The dictionary splits office compounds into their parts ("ผู้|รับผิดชอบ", "จัดซื้อจัด|จ้าง",
  "(ไม่|ผ่าน)"), which reads badly at a line end: a few common ones are kept whole, and "ผู้" stays
  with the word after it.
- A long word in a narrow column ("งบประมาณ" in the plan's first column) breaks between the parts
  it is made of ("งบ|ประมาณ") when it is a known compound, and anywhere only otherwise.

A piece is only kept whole when it fits the width it is set in (the renderer knows each column's
width), so keeping never pushes text past a cell border. Links are printed without "https://"
(`compact`); one that does not fit breaks after a "/" (after a "." if it must).
"""
from __future__ import annotations

import re

from prongsai.agencies.bangkok import DISTRICTS

from .fonts import BODY_PT, text_width

# Compounds the dictionary splits at their parts; kept on one line where they fit.
NO_BREAK = (
    "กรุงเทพมหานคร", "สำนักงานเขต", "ผู้อำนวยการ", "ผู้บังคับบัญชา", "ผู้รับผิดชอบ", "ผู้ปฏิบัติงาน",
    "ผู้รับบริการ", "เจ้าหน้าที่", "หน่วยงาน", "ดำเนินการ", "จัดซื้อจัดจ้าง", "เว็บไซต์", "ตัวชี้วัด",
    "รายงานผล", "ไม่ผ่าน", "ระยะเวลา", "แล้วเสร็จ", "ความโปร่งใส", "ยกระดับ", "รายเดือน", "จัดเก็บ",
    "ความรู้", "คำขอ", "e-Service", "เกี่ยวกับ", "ค้นหา", "เกินกำหนด",
    "หลักสี่", "ชำนาญการ", "พระราชบัญญัติ", "หลักฐาน", "ครบวงจร",
    # split at a line end in the demo's documents (a reviewer): ผล|ประโยชน์, ฝ่ายการ|ศึกษา, ประพฤติมิ|ชอบ …
    "ผลประโยชน์", "การศึกษา", "ประพฤติมิชอบ", "ต่อเนื่อง", "จัดทำ", "บางส่วน", "เปรียบเทียบ",
    # and the districts' names, which the city's compiled report lists by the dozen (a tester: หนอง|จอก,
    # ลาด|กระบัง, คลองสาม|วา)
    *(th for th, _en in DISTRICTS),
)
# Long words wider than a narrow column, with the places they may break then (between their parts).
SPLITS = {word.replace("|", ""): word.split("|") for word in (
    "งบ|ประมาณ", "ประสิทธิ|ภาพ", "ประชา|สัมพันธ์", "สิ่ง|แวดล้อม", "กระบวน|การ", "หลัก|เกณฑ์",
    "รับ|ผิดชอบ", "มอบ|หมาย", "ผู้|ประกอบ|การ", "บุคลิก|ภาพ", "วัฒน|ธรรม", "ภาพ|ลักษณ์", "สถาน|การณ์",
    "ใบ|อนุญาต", "ตรวจ|สอบ", "โครง|สร้าง", "เทคโน|โลยี", "ทรัพย์|สิน", "ความ|โปร่งใส", "ประชา|ชน",
    "กรุงเทพ|มหานคร", "สำนัก|งาน", "ผู้|อำนวย|การ", "มาตร|การ", "ทรัพยา|กร",
)}
# "เขต" with a district's name, as a list of districts writes it (a tester: "เขต | ดอนเมือง"); not after
# "สำนักงาน", where the break between "สำนักงานเขต" and the name stays
DISTRICT = re.compile("(?<!สำนักงาน)เขต(?:" + "|".join(sorted((re.escape(th) for th, _en in DISTRICTS), key=len, reverse=True)) + ")")
# A short Thai date (31 มี.ค. 2568, with Arabic or Thai digits) is kept on one line as well,
# and "พ.ศ. 2558", "ปี 2567" (a year never starts a line alone: "เกณฑ์ในปี / ๒๕๖๗", a reviewer)
SHORT_DATE = re.compile(r"[0-9๐-๙]{1,2} [ก-๙]{1,3}\.[ก-๙]{1,2}\. [0-9๐-๙]{4}|(?:พ\.ศ\.|ปี) [0-9๐-๙]{4}")
# A link, or a long name of a file (abc….pdf).
LINK = re.compile(r"https?://\S+|\b[\w.-]{12,}\.(?:pdf|docx|xlsx|jpg|png)\b")
# A web link, which the documents make a link (PDF annotation, DOCX hyperlink)
WEB_LINK = re.compile(r"https?://[^\s<>\"]+")


def web_links(text: str) -> list[tuple[str, bool]]:
    """The text in pieces, each (piece, is a web link), in order. A link does not take the sentence's
    punctuation after it ("…/o20." or "(…/o20)"): a closing bracket stays a link's only when it
    opened one in it (…/wiki/Foo_(bar))."""
    out: list[tuple[str, bool]] = []
    at = 0
    for m in WEB_LINK.finditer(text):
        link = m.group()
        while link and (link[-1] in ".,;:!?'" or link[-1] == ")" and link.count("(") < link.count(")")):
            link = link[:-1]
        if text[at:m.start()]:
            out.append((text[at:m.start()], False))
        out.append((link, True))
        at = m.start() + len(link)
    if text[at:]:
        out.append((text[at:], False))
    return out
_LINK_PART = re.compile(r"^[a-z]+://[^/]*/?|[^/]+/?", re.IGNORECASE)  # host/ path/ path/ …
_LINK_SUBPART = re.compile(r"[^.?&=]*[.?&=]*")  # a part too wide: www. bangkok. go. th/
SARA_AM = "\u0e33"
OPENING_QUOTES, CLOSING_QUOTES = "“‘", "”’"

# kinds of piece: as Pango breaks it, kept on one line, broken anywhere, a break opportunity
TEXT, KEEP, ANY, WBR = "", "nb", "any", "wbr"


def break_opportunities(text: str) -> list[bool]:
    """For each position 0..len(text): may a line break there (before text[i])? As Pango decides."""
    from weasyprint.text.line_break import get_log_attrs

    attrs = get_log_attrs(text, "th")
    return [bool(attrs[i].is_line_break) for i in range(len(text) + 1)]


def _candidates(text: str, breaks: list[bool]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the pieces that may be kept whole, links, and every word (kind TEXT)."""
    found = []
    for term in NO_BREAK:
        start = text.find(term)
        while start >= 0:
            found.append((start, start + len(term), KEEP))
            start = text.find(term, start + 1)
    found += [(m.start(), m.end(), KEEP) for m in SHORT_DATE.finditer(text)]
    found += [(m.start(), m.end(), KEEP) for m in DISTRICT.finditer(text)]
    found += [(m.start(), m.end(), "link") for m in LINK.finditer(text)]
    cuts = [i for i, b in enumerate(breaks) if b and 0 < i < len(text)] + [len(text)]
    # a quotation mark stays with the word it opens or closes (a tester: "เฟซบุ๊ก “" | "สำนักงานเขตหลักสี่”")
    for i, ch in enumerate(text):
        if ch in OPENING_QUOTES and i + 1 < len(text) and not text[i + 1].isspace():
            found.append((i, len(text[:next(c for c in cuts if c > i + 1)].rstrip()), KEEP))
        elif ch in CLOSING_QUOTES and i > 0 and breaks[i] and not text[i - 1].isspace():
            found.append((max([0, *(c for c in cuts if c < i)]), i + 1, KEEP))
    start = 0
    for n, end in enumerate(cuts):
        word = text[start:end].rstrip()
        if SARA_AM in word:
            found.append((start, start + len(word), KEEP))
        if word == "ผู้" and n + 1 < len(cuts):
            found.append((start, len(text[:cuts[n + 1]].rstrip()), KEEP))
        found.append((start, end, TEXT))
        start = end
    return sorted(found, key=lambda c: (c[0], -c[1]))


def pieces(text: str, width_pt: float | None = None, pt: float = BODY_PT, bold: bool = False) -> list[tuple[str, str]]:
    """`text` as (kind, piece) in order, for a line `width_pt` points wide (None: no limit):
    TEXT breaks where Pango finds words, KEEP is kept on one line, ANY (a word or part of a link
    wider than the line) breaks anywhere, WBR is a break opportunity at the edge of a piece (the
    renderer writes <wbr>; without it a piece would stick to the Thai word beside it)."""
    if not text.strip():
        return [(TEXT, text)] if text else []
    breaks = break_opportunities(text)

    def fits(s: str) -> bool:
        return width_pt is None or text_width(s.strip(), pt, bold) <= width_pt

    chosen: list[list] = []  # [start, end, kind], in order, not overlapping
    for start, end, kind in _candidates(text, breaks):
        last = chosen[-1] if chosen else None
        if last and start < last[1]:  # overlaps the last piece: one piece if both fit together
            if end > last[1] and kind == last[2] == KEEP and fits(text[last[0]:end]):
                last[1] = end
            continue
        if kind == "link":
            chosen.append([start, end, KEEP if fits(compact(text[start:end])) else "link"])
        elif kind == KEEP and fits(text[start:end]):
            chosen.append([start, end, KEEP])
        elif kind == TEXT and not fits(text[start:end]):
            chosen.append([start, end, "split"])
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, kind in chosen:
        if start > pos:
            out.append((TEXT, text[pos:start]))
        if start > 0 and breaks[start] and not text[start - 1].isspace() and out[-1:] != [(WBR, "")]:
            out.append((WBR, ""))  # (one between two kept pieces side by side)
        if kind == "link":
            out.extend(_link_parts(compact(text[start:end]), fits))
        elif kind == KEEP and LINK.fullmatch(text[start:end]):
            out.append((KEEP, compact(text[start:end])))
        elif kind == "split":
            out.extend(_word_parts(text[start:end], fits))
        else:
            out.append((kind, text[start:end]))
        if end < len(text) and breaks[end] and not text[end].isspace():
            out.append((WBR, ""))
        pos = end
    if pos < len(text):
        out.append((TEXT, text[pos:]))
    return out


def compact(link: str) -> str:
    """A link as printed: without "https://" (a browser adds it), the rest as given."""
    return link[8:] if link[:8].lower() == "https://" else link


def _word_parts(word: str, fits) -> list[tuple[str, str]]:
    """A word too wide for its line: between its parts if it is a known compound, else anywhere."""
    parts = SPLITS.get(word.strip())
    if parts is None:
        return [(ANY, word)]
    parts = [*parts[:-1], parts[-1] + word[len(word.rstrip()):]]  # a copy: SPLITS stays as it is
    out: list[tuple[str, str]] = []
    for part in parts:
        if out:
            out.append((WBR, ""))
        # a part on its own is kept whole: the dictionary, seeing it alone, would split it again ("ประ|สิทธิ")
        out.append((KEEP if fits(part) else ANY, part))
    return out


def _link_parts(link: str, fits) -> list[tuple[str, str]]:
    """A link too wide for its line: its parts up to each "/" kept whole (the host with https://), a
    break between; a part still too wide breaks after a "." too, and anywhere as a last resort."""
    out: list[tuple[str, str]] = []
    for part in _LINK_PART.findall(link):
        for piece in [part] if fits(part) else [p for p in _LINK_SUBPART.findall(part) if p]:
            if out:
                out.append((WBR, ""))
            out.append((KEEP if fits(piece) else ANY, piece))
    return out
