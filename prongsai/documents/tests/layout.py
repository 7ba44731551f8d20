"""The line boxes WeasyPrint lays out for a document, grouped by the block (paragraph, cell) holding them."""
from __future__ import annotations

from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from prongsai.documents.html import render_html
from prongsai.documents.model import Document
from prongsai.documents.tests.pdftext import join_sara_am


def _line_text(box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
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
