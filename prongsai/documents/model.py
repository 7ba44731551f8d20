"""The shape of an official document, independent of how it is rendered.

Builders (e.g. prongsai.measures.documents) turn a plan or a round into a `Document`;
renderers (prongsai.documents.pdf / .docx) turn a `Document` into PDF or DOCX bytes with the
government look: A4 landscape, header rows repeated on every page, Sarabun 16 pt, Thai
numerals on or off, Buddhist-era dates, agency and fiscal year in the title.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class Image:
    """A photo or picture placed in a cell (e.g. evidence in a progress report)."""

    path: Path
    caption: str = ""


@dataclass
class Cell:
    """One table cell: paragraphs of text (Thai), optional bullet list and images."""

    text: str = ""
    bullets: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    rowspan: int = 1
    bold: bool = False
    colspan: int = 1  # e.g. a group row ("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่") spanning the whole table
    # its row heads the rows under it and is not left at a page's foot without the next, as a group row
    # is not (a long problem on a row across the table above its measures)
    heads: bool = False
    # an issue's later row names the issue ("(ต่อ) E6") so that a page starting with it says which issue
    # it belongs to: printed only there (a PDF's page), blank elsewhere and in DOCX, which has no pages
    # to know (a tester: "(ต่อ)" before every later measure, on the same page)
    continues: bool = False


@dataclass
class Column:
    title: str
    width: float = 1.0  # relative width
    numbers: bool = False  # a column of figures: right-aligned


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Cell]]
    caption: str = ""
    header_groups: list[tuple[str, int]] = field(default_factory=list)  # optional top header row: (title, colspan)
    font_pt: float | None = None  # None: the 16 pt body size; a dense table (the plan's eight columns, the issues' long texts) uses 14
    fit_content: bool = False  # columns as wide as their text needs (columns.py), not their fixed shares


@dataclass
class Section:
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Document:
    title: str  # e.g. "มาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน"; a "\n" starts a new title line
    agency: str  # e.g. "สำนักงานเขตหลักสี่"
    fiscal_year: int  # Buddhist era
    sections: list[Section]
    subtitle: str = ""
    issued: date | None = None  # printed as a Buddhist-era Thai date (under the last signature, if any)
    # (position, name) blocks at the end: (ลงชื่อ) …… / (name) / position / date; a blank name and date
    # are dotted lines to sign by hand
    signatures: list[tuple[str, str]] = field(default_factory=list)
    draft: bool = False  # not signed yet: every page says ร่าง (DRAFT_MARK)
    thai_numerals: bool = False
    landscape: bool = True
    kind: str = ""  # analysis | plan | progress | central


DRAFT_MARK = "ร่าง – ยังไม่ได้ลงนามอนุมัติ"
SIGN_HERE = "(ลงชื่อ) " + "." * 42
DOTTED_NAME = "(" + "." * 42 + ")"
DOTTED_DATE = "วันที่ " + "." * 8 + " เดือน " + "." * 20 + " พ.ศ. " + "." * 8


PARAGRAPH_GAP = 0.5  # of a line: the space a blank line in a text leaves before the next paragraph


def text_lines(text: str) -> list[tuple[str, bool]]:
    """A text's printed lines, each with whether a blank line came before it: the writer's new
    paragraph keeps a gap (a tester's result lost its paragraphs), without printing the blank lines."""
    out: list[tuple[str, bool]] = []
    gap = False
    for line in text.split("\n"):
        if line.strip():
            out.append((line, gap and bool(out)))
            gap = False
        else:
            gap = True
    return out


def signature_lines(doc: Document) -> list[list[str]]:
    """The lines of each signature block, as Thai official documents have them: (ลงชื่อ) ……, (name),
    position, and the date once, under the last block; dotted lines where it is still to be signed."""
    blocks = []
    for n, (role, name) in enumerate(doc.signatures):
        lines = [SIGN_HERE, f"({name})" if name.strip() else DOTTED_NAME, role]
        if n == len(doc.signatures) - 1:
            from .thai import signed_on

            lines.append(signed_on(doc.issued) if doc.issued else DOTTED_DATE)
        blocks.append(lines)
    return blocks


class DocumentError(ValueError):
    """A document that cannot be rendered: one line per problem (e.g. a photo file that is missing)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def place(table: Table) -> list[tuple[int, int, Cell]]:
    """Grid positions (row, column, cell) of the model's cells, honouring rowspan and colspan."""
    ncols = len(table.columns)
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= ncols:
                break
            span = min(cell.colspan, ncols - c)
            placed.append((r, c, cell))
            for dr in range(max(cell.rowspan, 1)):
                for dc in range(span):
                    taken.add((r + dr, c + dc))
            c += span
    return placed


def images(doc: Document) -> list[Image]:
    """Every image of the document, in reading order."""
    return [
        image
        for section in doc.sections
        if section.table is not None
        for row in section.table.rows
        for cell in row
        for image in cell.images
    ]


def _(message: str) -> str:
    """Django's gettext when Django is set up (the web page in Thai), the English text otherwise (scripts)."""
    try:
        from django.conf import settings
        from django.utils.translation import gettext

        return gettext(message) if settings.configured else message
    except ImportError:  # pragma: no cover - Django is a dependency
        return message


def check(doc: Document) -> None:
    """Raise DocumentError naming every photo file that does not exist (renderers never skip one silently)."""
    problems = [
        _("photo not found: %(path)s") % {"path": image.path} for image in images(doc) if not Path(image.path).is_file()
    ]
    if problems:
        raise DocumentError(problems)
