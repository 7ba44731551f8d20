"""The Sarabun family shipped with Prongsai (SIL Open Font License, prongsai/static/fonts/sarabun/OFL.txt).

TH Sarabun New is the Thai government standard; Sarabun (Cadson Demak, via Google Fonts) is its
open-licensed sibling with the same Thai glyph size, shipped here so PDFs render the same on every
machine and DOCX files can embed it.
"""
from __future__ import annotations

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
