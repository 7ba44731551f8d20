"""The Sarabun family shipped with Prongsai (SIL Open Font License, prongsai/static/fonts/sarabun/OFL.txt).

TH Sarabun New is the Thai government standard; Sarabun (Cadson Demak, via Google Fonts) is its
open-licensed sibling with the same Thai glyph size, shipped here so PDFs render the same on every
machine and DOCX files can embed it.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

FAMILY = "Sarabun"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts" / "sarabun"

# (weight, style) → file
FACES: dict[tuple[str, str], Path] = {
    ("normal", "normal"): FONT_DIR / "Sarabun-Regular.ttf",
    ("bold", "normal"): FONT_DIR / "Sarabun-Bold.ttf",
    ("normal", "italic"): FONT_DIR / "Sarabun-Italic.ttf",
    ("bold", "italic"): FONT_DIR / "Sarabun-BoldItalic.ttf",
}

BODY_PT = 16  # the government standard body size


@cache
def _advances(bold: bool):
    from fontTools.ttLib import TTFont

    font = TTFont(FACES[("bold" if bold else "normal", "normal")], lazy=True)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def text_width(text: str, pt: float = BODY_PT, bold: bool = False) -> float:
    """The width of `text` on one line in points: the glyphs' advances (Thai marks advance 0 in
    Sarabun, so this is what Pango measures)."""
    cmap, hmtx, upem = _advances(bold)
    units = sum(hmtx[cmap[ord(ch)]][0] if ord(ch) in cmap else upem // 2 for ch in text)
    return units * pt / upem
