"""The line boxes WeasyPrint lays out for a document, grouped by the block (paragraph, cell) holding them."""
from __future__ import annotations

from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from prongsai.documents.html import render_html
from prongsai.documents.model import Document
from prongsai.documents.tests.pdftext import join_sara_am


def _line_text(box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text.replace("\u200b", "")  # a <wbr>
    return "".join(_line_text(child) for child in getattr(box, "children", None) or [])


def block_lines(doc: Document) -> list[list[str]]:
    """Per block, its lines in order, exactly as the PDF renderer breaks them."""
    blocks: list[list[str]] = []

    def walk(box):
        children = getattr(box, "children", None) or []
        lines = [join_sara_am(_line_text(c)) for c in children if isinstance(c, boxes.LineBox)]
        if lines:
            blocks.append(lines)
        for child in children:
            if not isinstance(child, boxes.LineBox):
                walk(child)

    for page in HTML(string=render_html(doc, for_pdf=True)).render().pages:
        walk(page._page_box)
    return blocks


def broken_words(lines: list[str], words) -> list[str]:
    """Each line break of a block (its lines in order) that falls inside one of `words`."""
    bad = []
    for before, after in zip(lines, lines[1:]):
        for word in words:
            for k in range(1, len(word)):
                if before.endswith(word[:k]) and after.startswith(word[k:]):
                    bad.append(f"{before!r} | {after!r} splits {word}")
    return bad


PT = 0.75  # WeasyPrint lays out in CSS px; 1 px = 0.75 pt


def _pages(source):
    html = source if isinstance(source, str) else render_html(source, for_pdf=True)
    return HTML(string=html).render().pages


def overflows(source, tolerance_pt: float = 0.5) -> list[str]:
    """Everything drawn past where it belongs: a table or cell past the page's text width, a piece of
    text past its cell's content box. `source`: a Document or an HTML string. Empty when all fits."""
    tol = tolerance_pt / PT
    problems: list[str] = []

    def right(box) -> float:
        return box.border_box_x() + box.border_width()

    def texts(box):
        if isinstance(box, boxes.TextBox):
            yield box
        for child in getattr(box, "children", None) or []:
            yield from texts(child)

    def walk(box, page_right, cell=None):
        if isinstance(box, (boxes.TableBox, boxes.TableCellBox)) and right(box) > page_right + tol:
            problems.append(f"{type(box).__name__} ends {(right(box) - page_right) * PT:.1f} pt past the margin")
        if isinstance(box, boxes.TableCellBox):
            limit = box.content_box_x() + box.width + tol
            for text in texts(box):
                if text.position_x + text.width > limit:
                    problems.append(f"{join_sara_am(text.text)!r} ends "
                                    f"{(text.position_x + text.width - limit) * PT:.1f} pt past its cell")
            return
        for child in getattr(box, "children", None) or []:
            walk(child, page_right, cell)

    for page in _pages(source):
        page_box = page._page_box
        walk(page_box, page_box.content_box_x() + page_box.width)
    return problems
