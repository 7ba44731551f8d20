"""Document → PDF bytes with WeasyPrint (Pango + libthai break Thai lines between words).

Fonts come only from the shipped Sarabun files; only file: and data: URLs are fetched (no network).
Photos larger than `MAX_IMAGE_PX` are scaled down to a JPEG copy first, so a report with phone photos
stays a few megabytes.
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from .html import render_html
from .model import Document, check

MAX_IMAGE_PX = 1400  # longest side of an embedded photo; ~300 dpi at a 12 cm wide column


def _scaled(path: Path, workdir: Path, index: int) -> Path:
    from PIL import Image as PILImage, ImageOps

    with PILImage.open(path) as im:
        if max(im.size) <= MAX_IMAGE_PX and path.stat().st_size <= 600_000:
            return path
        im = ImageOps.exif_transpose(im)
        im.thumbnail((MAX_IMAGE_PX, MAX_IMAGE_PX))
        out = workdir / f"photo-{index}.jpg"
        im.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
        return out


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes: A4 landscape, header rows repeated on each page, Sarabun 16 pt."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    check(doc)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="prongsai-pdf-") as tmp:
        workdir = Path(tmp)
        scaled: dict[Path, Path] = {}

        def image_uri(path: Path) -> str:
            path = Path(path).resolve()
            if path not in scaled:
                scaled[path] = _scaled(path, workdir, len(scaled))
            return scaled[path].as_uri()

        html = render_html(doc, image_uri, for_pdf=True)
        fetcher = URLFetcher(allowed_protocols={"file", "data"})
        return HTML(string=html, base_url=str(workdir), url_fetcher=fetcher).write_pdf()
