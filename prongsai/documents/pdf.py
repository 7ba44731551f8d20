"""Document → PDF bytes with WeasyPrint (Pango + libthai break Thai lines between words).

Fonts come only from the shipped Sarabun files; only file: and data: URLs are fetched (no network).
Photos larger than `MAX_IMAGE_PX` are scaled down to a JPEG copy first, so a report with phone photos
stays a few megabytes. Short table rows are kept on one page; a tall row that the pages split right
after its first line or two, or right before its last, is kept whole on a second layout pass (`split_rows`), and a heading left
at the foot of a page starts the next (`stranded_headings`).
"""
from __future__ import annotations

import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .html import LINE_PT, render_html
from .model import Document, check

MAX_IMAGE_PX = 1400  # longest side of an embedded photo; ~300 dpi at a 12 cm wide column
# A row split over two pages must start with at least three lines (not a page ending with a row holding
# only its date), a table's first row with five (not a heading and the header row stranded at the foot
# of a page); otherwise the pages are laid out again with that row kept whole (if it fits on a page
# under the header row), at most LAYOUT_PASSES times.
MIN_HEAD_PT, MIN_LEAD_PT = 2.8 * LINE_PT, 5.2 * LINE_PT
# nor end with a single line alone at the top of the next page (its last line of text, cut off from
# the rest): a row that fits on a page is kept whole instead, when what it leaves behind is short
# (a tall first piece moved over would leave most of a page blank: one line over is the lesser harm)
MIN_TAIL_PT, MAX_TAIL_MOVE_PT = 1.5 * LINE_PT, 10 * LINE_PT
MAX_KEPT_PT = 20 * LINE_PT
HEADING_ROOM_PT = 2.3 * LINE_PT  # a section heading of one or two lines above a table
LAYOUT_PASSES = 5
PX = 0.75  # WeasyPrint's CSS px in points


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
    with laid_out(doc) as pages:
        return pages.write_pdf()


@contextmanager
def laid_out(doc: Document):
    """The document laid out in pages by WeasyPrint (a `weasyprint.Document`), while its photos exist."""
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

        fetcher = URLFetcher(allowed_protocols={"file", "data"})
        rows: dict[str, str] = {}  # row id → classes: keep (on one page), page (starts a page)
        widths: dict = {}  # the tables' column widths: the same in every pass
        moved = None  # the last row sent over to the signatures' page
        no_move: set[str] = set()  # rows sent over that did not fit with the signatures: not sent again
        no_keep: set[str] = set()  # rows that, split, brought the signatures company: not kept whole again
        laid: dict[str, str] = {}  # the rows' classes of the latest layout

        def layout(heads=None, firsts=None):
            """The pages with the rows' classes as they are now; with `heads` and `firsts`, the latest
            layout again with its pages' heads (margin boxes) and the issue named in the rows that start
            a page (one line in a row of at least one): the same pages."""
            if heads is None:
                laid.clear()
                laid.update(rows)
            html = render_html(doc, image_uri, for_pdf=True, rows=laid, widths=widths, page_heads=heads, page_firsts=firsts)
            return HTML(string=html, base_url=str(workdir), url_fetcher=fetcher).render()

        for _ in range(LAYOUT_PASSES):
            pages = layout()
            lonely = signature_alone(pages)
            if moved is not None and lonely == moved:
                # the row and the signatures do not fit on one page together: sending the row over
                # only added a page with the row alone on it. Laid out again as it was, not kept whole:
                # when that gives the signatures company (a kept row had pushed them over, a tester's
                # 12-month report), a short piece of a row at a page's foot is the lesser harm; when it
                # does not, the row is kept whole after all (a short piece would be all it changes)
                del rows[moved]
                no_move.add(moved)
                pages = layout()
                lonely = signature_alone(pages)
                if lonely is None:
                    no_keep.add(moved)
                moved = None
            fixes = {row: how for row, how in split_rows(pages).items() if row not in rows and row not in no_keep}
            fixes.update({h: "page" for h in stranded_headings(pages) if h not in rows})
            if lonely and "page" not in rows.get(lonely, "").split() and lonely not in no_move:
                # the last row goes over to the signatures' page (whole when it fits under the header
                # row; "keep" alone would drop the header)
                fixes[lonely] = "page"
                moved = lonely
            if not fixes:
                if lonely is not None and doc.signatures:  # (a date line alone is not titled)
                    # nothing could go over with it: the signature's page says which document it signs
                    rows["signatures"] = "titled"
                    pages = layout()
                break
            rows.update(fixes)
        heads, firsts = page_starts(pages)
        if heads or firsts:  # the same pages: a page's head is a margin box, a row's "(ต่อ) E6" one line
            pages = layout(heads, firsts)
        yield pages


def page_starts(pages) -> tuple[dict[int, str], set[str]]:
    """How pages after the first start:
    - page number (1-based) → the group that a page continues: its first body row (or the rest of a
      row split from the page before) belongs to a group started on an earlier page (html marks each
      row's group, data-group; a group row, or a row naming its own, has none);
    - the rows with a "(ต่อ) E6" cell (Cell.continues; html marks them data-continues) that are the first
      to begin on a page, after at most the rest of a row split from the page before (whose first part,
      and the issue it names, is on the page before): they say which issue the page goes on with."""
    from weasyprint.formatting_structure import boxes

    heads: dict[int, str] = {}
    firsts: set[str] = set()
    seen: set[str] = set()  # rows begun on an earlier page
    for n, page in enumerate(pages.pages, start=1):
        first: list = []
        begun: list[str] = []  # the first row begun on the page, or "" for a heading or paragraph before any
        rows: list[str] = []

        def walk(box):
            if isinstance(box, boxes.TableRowBox) and box.element is not None:
                row = box.element.get("id")
                if row:  # a body row (the repeated header row has no id)
                    rows.append(row)
                    if not first:  # the rest of a row split from the page before lacks even its own group
                        rest = row in seen and box.element.get("data-own")
                        first.append(rest or box.element.get("data-group") or "")
                    if n > 1 and row not in seen and not begun:
                        begun.append(row)
                        if box.element.get("data-continues"):
                            firsts.add(row)
                return
            if isinstance(box, boxes.BlockBox) and box.element_tag in ("h2", "p"):
                if not first:
                    first.append("")  # a heading or a paragraph starts the page (a cell's are inside its row)
                begun.append("")  # a table after it starts with its issue named
                return
            for child in getattr(box, "children", None) or []:
                walk(child)

        walk(page._page_box)
        if n > 1 and first and first[0]:
            heads[n] = first[0]
        seen.update(rows)
    return heads, firsts


def signature_alone(pages) -> str | None:
    """If the signatures (or, in a document without them, its date line) are alone on the last page,
    the id of what goes over to it: the last table's
    last row, or, when that row is its table's only one, the table's heading (with its header row and
    row). Laid out again, that starts the last page (break-before: page) and the signatures follow."""
    from weasyprint.formatting_structure import boxes

    last_row, heading, groups, found = None, None, [], {"rows": 0, "signatures": 0}

    def walk(box, on_last):
        nonlocal last_row, heading
        if isinstance(box, boxes.TableBox):
            groups.clear()  # group rows go with a row of their own table only
        if isinstance(box, boxes.BlockBox) and box.element_tag == "h2" and box.element is not None:
            heading = box.element.get("id")
            return
        if isinstance(box, boxes.TableRowBox) and box.element is not None and box.element.get("id"):
            classes = box.element.get("class", "").split()
            found["rows"] += on_last
            if "heads" in classes:  # a group row (ตัวชี้วัดที่ 9 …) goes over with the row under it
                groups.append((box.element.get("id"), "lead" in classes))
                return
            # a table's only row does not go alone: its heading (if it has one) and header row go with it
            lead = groups[0][1] if groups else "lead" in classes
            last_row = heading if lead else (groups[0][0] if groups else box.element.get("id"))
            heading = None  # a later table without a heading of its own does not take this one
            groups.clear()
            return
        if on_last and box.element is not None and box.element.get("class") in ("signatures", "issued"):
            found["signatures"] += 1
        for child in getattr(box, "children", None) or []:
            walk(child, on_last)

    for n, page in enumerate(pages.pages):
        walk(page._page_box, n == len(pages.pages) - 1)
    return last_row if len(pages.pages) > 1 and found["signatures"] and not found["rows"] else None


def stranded_headings(pages) -> list[str]:
    """The ids of section headings (and table group rows) left last on a page, their table (row) on the
    next: laid out again, such a heading starts the next page (WeasyPrint's break-after: avoid does not hold a heading to a table
    whose first row is too tall for the rest of the page)."""
    from weasyprint.formatting_structure import boxes

    stranded = []
    for page in pages.pages[:-1]:
        last: list = []

        def walk(box):
            element = box.element
            if isinstance(box, boxes.BlockBox) and box.element_tag == "h2" and element is not None and element.get("id"):
                last.append(element.get("id"))
                return
            if isinstance(box, boxes.TableRowBox):  # a body row (the header row has no id: it follows its heading)
                if element is not None and element.get("id"):
                    # a group row (ตัวชี้วัดที่ 9 …), or one that heads the rows under it, is a heading too;
                    # of several in a row, the first goes
                    group = "heads" in (element.get("class") or "").split()
                    last.append((last[-1] if last and last[-1] is not None else element.get("id")) if group else None)
                return
            if (element is not None and element.get("class") == "signatures") or (
                    isinstance(box, boxes.BlockBox) and box.element_tag == "p"):
                last.append(None)  # content after the heading: a table row, a paragraph, the signatures
                return
            for child in getattr(box, "children", None) or []:
                walk(child)

        walk(page._page_box)
        if last and last[-1] is not None:
            stranded.append(last[-1])
    return stranded


def split_rows(pages) -> dict[str, str]:
    """The table rows split over pages whose first piece is too short (`MIN_HEAD_PT`, `MIN_LEAD_PT`)
    or whose last is (`MIN_TAIL_PT`), by id, with what to do: "keep" it on one page if it fits on a
    page under the header row (and, a table's first row, its heading), else, when its first piece is
    the short one, start it on a "page" of its own (not a table's first row: its heading and header
    row would stay behind), with the group rows right above it."""
    from weasyprint.formatting_structure import boxes

    pieces: dict[str, list[float]] = {}
    least: dict[str, float] = {}
    room: dict[str, float] = {}  # the height a page has for the row under the repeated header row
    opening: set[str] = set()  # a table's first row under its group rows: moved, it takes the table's start along
    groups: dict[str, str] = {}  # a row → the first of the group rows right above it (ตัวชี้วัดที่ 9 …)
    above: dict[str, float] = {}  # a row → the height of those group rows, which go with it
    grouped: set[str] = set()  # rows under a group row proper, which the CSS keeps with them (break-after: avoid)
    table = {"body": False, "groups": []}

    def walk(box, bottom: float):
        if isinstance(box, boxes.TableBox):
            table["body"] = False
            table["groups"] = []
        if isinstance(box, boxes.TableRowBox):
            if box.element is not None and box.element.get("id"):
                row = box.element.get("id")
                classes = (box.element.get("class") or "").split()
                if "heads" in classes:  # a group row, or one heading the rows under it
                    table["groups"].append((row, box.height * PX, "group" in classes))
                else:
                    if not table["body"] and row not in pieces:
                        opening.add(row)
                    table["body"] = True
                    if table["groups"] and row not in pieces:
                        groups[row] = table["groups"][0][0]
                        above[row] = sum(height for _, height, _group in table["groups"])
                        if any(group for _, _, group in table["groups"]):
                            grouped.add(row)
                    table["groups"] = []
                pieces.setdefault(row, []).append(box.height * PX)
                lead = "lead" in classes
                least[row] = MIN_LEAD_PT if lead else MIN_HEAD_PT
                if len(pieces[row]) == 2:  # the continued piece starts right under the header row
                    room[row] = (bottom - box.position_y) * PX - (HEADING_ROOM_PT if lead else 0) - above.get(row, 0)
            return
        for child in getattr(box, "children", None) or []:
            walk(child, bottom)

    for page in pages.pages:
        box = page._page_box
        walk(box, box.content_box_y() + box.height)
    fixes = {}
    for row, heights in pieces.items():
        short_head = heights[0] < least[row]
        # (not a table's opening row: its heading, header and group rows would go too, a page left blank)
        short_tail = heights[-1] < MIN_TAIL_PT and heights[0] <= MAX_TAIL_MOVE_PT and row not in opening
        if len(heights) > 1 and (short_head or short_tail):
            if sum(heights) <= min(MAX_KEPT_PT, room.get(row, MAX_KEPT_PT)):
                fixes[row] = "keep"
            elif short_head and row in groups and row not in grouped and sum(heights) <= min(MAX_KEPT_PT, room.get(row, MAX_KEPT_PT) + above[row]):
                # the rows heading it are too tall to go over with it (a long problem across the table): it
                # goes over whole rather than leave a line of it under them (a tester's date cut in two); not
                # under a group row, which the CSS takes along, the page's header row dropped (a reviewer's)
                fixes[row] = "keep"
            elif short_head and least[row] == MIN_HEAD_PT:
                fixes[groups.get(row, row)] = "page"  # its group rows go over with it
    return fixes
