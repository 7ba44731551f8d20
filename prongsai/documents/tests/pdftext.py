"""Read back what a rendered PDF says: its lines of text (one per line box, in drawing order) and fonts."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

_SPLIT_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")


def join_sara_am(text: str) -> str:
    return _SPLIT_AM.sub("\\1\u0e33", text)


def page_lines(data: bytes) -> list[list[str]]:
    """Per page, the text lines WeasyPrint drew (each line box is one text chunk)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines: list[str] = []

        def visit(text, cm, tm, fontdict, fontsize, lines=lines):
            if text.strip():
                lines.append(join_sara_am(text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(lines)
    return pages


def font_names(data: bytes) -> set[str]:
    """The base names of every font used on every page, without the subset prefix (ABCDEF+)."""
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.values():
            name = str(ref.get_object()["/BaseFont"]).lstrip("/")
            names.add(name.split("+", 1)[-1])
    return names


def image_sizes(data: bytes) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            sizes.append(image.image.size)
    return sizes


def text_sizes(data: bytes) -> dict[float, list[str]]:
    """Lines by their printed size in points (font size × text and page matrices)."""
    sizes: dict[float, list[str]] = {}
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(text, cm, tm, fontdict, fontsize):
            if text.strip():
                sizes.setdefault(round(fontsize * tm[3] * cm[3], 1), []).append(join_sara_am(text.strip()))

        page.extract_text(visitor_text=visit)
    return sizes
