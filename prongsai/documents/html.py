"""A `Document` as one self-contained HTML page with print CSS — the input of the PDF renderer.

No Django: the markup is built with `html.escape`, so the renderer works in scripts and tests
without templates. Every piece of text goes through `numerals()` once, here.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Mapping
from html import escape
from math import ceil
from pathlib import Path

from .columns import column_widths
from .fonts import BODY_PT, FACES, FAMILY, text_width
from .linebreak import WBR, pieces, web_links
from .model import DRAFT_MARK, PARAGRAPH_GAP, Cell, Document, Section, Table, place, signature_lines, text_lines
from .thai import numerals, split_sara_am, thai_date


def font_faces() -> str:
    """@font-face rules of the shipped Sarabun (file: URLs), for documents and posters rendered by WeasyPrint."""
    rules = []
    for (weight, style), path in FACES.items():
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}") format("truetype"); }}'
        )
    return "\n".join(rules)


# The page (A4, margins top right bottom left in cm) and the cell box: the CSS says these, and
# column_widths_pt() says how wide a column is, so linebreak.py knows what fits in it.
MARGINS_CM = (1.6, 1.5, 1.7, 1.5)
BORDER_PT, PAD_V_PT, PAD_H_PT = 0.75, 1.5, 3.5
TITLE_PT, CAPTION_PT = 18, 14
SIGNATURE_PT = 300  # width of a signature block: its longest line (the dotted date) fits
# Sarabun's stacked marks (ทั้ง, ปั้น) touch the descenders of the line above (ญ, ฏ) at 1.2; 1.35 is
# about what Word's single spacing gives this font
LINE_HEIGHT = 1.35
LINE_PT = BODY_PT * LINE_HEIGHT  # one line of body text; the layout thresholds are counted in lines
# A row up to this tall (six lines) is kept on one page; a taller one may split, unless the PDF
# renderer finds it split into a piece too small (pdf.py lays the page out again with it kept).
KEEP_ROW_PT = 6.5 * LINE_PT
# A photo is as wide as its column but at most this tall (a phone screenshot of a web page, 1:4, took a
# page of its own); PDF (CSS max-height) and DOCX (photo_size) the same
PHOTO_MAX_PT = 220
LIST_NUMBER = re.compile(r"^(\s*[0-9๐-๙]{1,2}[.)]) ")  # a list item's number, kept with its first word


def text_width_pt(doc: Document) -> float:
    """The width between the side margins in points (A4 landscape: 26.7 cm)."""
    page_cm = 29.7 if doc.landscape else 21.0
    return (page_cm - MARGINS_CM[1] - MARGINS_CM[3]) / 2.54 * 72


def column_widths_pt(doc: Document, table: Table) -> list[float]:
    """Each column's border-box width in points, where its text needs it (columns.py)."""
    return column_widths(table, text_width_pt(doc), 2 * PAD_H_PT + BORDER_PT)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def stylesheet(doc: Document, page_heads: Mapping[int, str] | None = None) -> str:
    size = "A4 landscape" if doc.landscape else "A4 portrait"
    counter = "thai" if doc.thai_numerals else "decimal"
    draft = f"""
  @top-right {{
    content: "{DRAFT_MARK}"; font-family: "{FAMILY}"; font-size: {BODY_PT}pt; font-weight: bold;
    width: 30%; text-align: right;  /* on one line, at the right: a page's head keeps the rest of the line
                                       (beside a mark in the middle it wrapped in a third of it: a tester) */
  }}""" if doc.draft else ""
    # a page starting in the middle of a group says which, as the agencies' reports do (seed 000:
    # "ตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน (ต่อ)"), in its head: a margin box, so the pages are laid out
    # as they were (a row of it in the table moved every page after it, and never settled: a reviewer)
    heads = "".join(f"""
@page :nth({n}) {{
  @top-left {{
    content: {_css_string(numerals(f"{text} (ต่อ)", doc.thai_numerals))};
    font-family: "{FAMILY}"; font-size: {CAPTION_PT}pt; font-weight: bold; vertical-align: bottom;
    padding-bottom: 2pt; width: 68%;
  }}
}}""" for n, text in sorted((page_heads or {}).items()))
    return f"""
{font_faces()}{heads}
@page {{
  size: {size};
  margin: {" ".join(f"{m}cm" for m in MARGINS_CM)};
  @bottom-right {{
    content: counter(page, {counter}) " / " counter(pages, {counter});
    font-family: "{FAMILY}"; font-size: 12pt;
  }}{draft}
}}
html {{ font-family: "{FAMILY}"; font-size: {BODY_PT}pt; line-height: {LINE_HEIGHT}; color: #000; }}
body {{ margin: 0; }}
/* Thai has no spaces between words: Pango (libthai) finds the word breaks, linebreak.py keeps some
   pieces whole (.nb) and marks the words wider than their column (.any). No overflow-wrap: break-word,
   which makes WeasyPrint break inside words that fit on the next line. */
* {{ hyphens: manual; overflow-wrap: normal; word-break: normal; }}
header.title {{ text-align: center; margin-bottom: 0.4cm; }}
header.title p {{ margin: 0; font-weight: bold; font-size: {TITLE_PT}pt; }}
header.title p.subtitle {{ font-size: {BODY_PT}pt; }}
h2 {{ font-size: {BODY_PT}pt; font-weight: bold; margin: 0.3cm 0 0.15cm; page-break-after: avoid; }}
section > p {{ margin: 0 0 0.15cm; text-indent: 1.25cm; text-align: left; }}
/* fixed layout: the columns get exactly their share of the text width, whatever the content */
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.1cm 0 0.3cm; }}
caption {{ caption-side: top; font-weight: bold; text-align: left; padding-bottom: 0.1cm; }}
thead {{ display: table-header-group; }}
th, td {{ border: {BORDER_PT}pt solid #000; padding: {PAD_V_PT}pt {PAD_H_PT}pt; vertical-align: top; text-align: left; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; background: #e8e8e8; line-height: 1.4; }}
/* a short row stays on one page (a tall one may split: WeasyPrint would push it whole to a page of its
   own, without the header); a group row stays with the row after it */
tr.keep {{ break-inside: avoid; }}
tr.group {{ break-after: avoid; }}
tr.page, h2.page {{ break-before: page; }}
/* a row split over two pages splits every cell's text where the page ends (no cell of it empty on
   one page and whole on the next): pdf.py keeps a row whole when its first piece would be too short */
td {{ orphans: 1; widows: 1; }}
th {{ break-inside: avoid; }}
td p {{ margin: 0; }}
p.gap {{ margin-top: {PARAGRAPH_GAP}em; }}  /* a blank line in the text: a new paragraph */
a {{ color: inherit; text-decoration: none; }}
td ul {{ margin: 0; padding-left: 0; list-style: none; }}
td li::before {{ content: "- "; }}
td.group {{ font-weight: bold; background: #f4f4f4; }}
td.bold {{ font-weight: bold; }}
td.num {{ text-align: right; padding-right: {PAD_H_PT + 1.5}pt; }}
.nb {{ white-space: nowrap; }}
.any {{ word-break: break-all; }}
figure {{ margin: 3pt 0; text-align: center; break-inside: avoid; }}  /* a caption stays with its photo */
figure img {{ max-width: 100%; max-height: {PHOTO_MAX_PT}pt; width: auto; height: auto; }}
figcaption {{ font-size: {CAPTION_PT}pt; }}
.issued {{ text-align: right; margin-top: 0.4cm; }}
.signature-page {{ break-inside: avoid; }}
.signs {{ text-align: center; }}
.signs p {{ margin: 0; }}
.signatures {{ margin-top: 0.4cm; page-break-inside: avoid; display: flex; justify-content: flex-end; }}
.signature {{ text-align: center; width: {SIGNATURE_PT}pt; margin-left: 1cm; }}
.signature p {{ margin: 0; }}
"""


def title_lines(doc: Document) -> list[str]:
    """The title block: the title, then the agency and the fiscal year unless the title or the
    subtitle already names them (the subtitle follows these lines)."""
    lines = doc.title.split("\n")
    if doc.agency and doc.agency not in doc.title and f"ของ{doc.agency}" not in doc.subtitle:
        lines.append(f"ของ{doc.agency}")
    # not again after a subtitle that names the fiscal year ("…ในปีงบประมาณ พ.ศ. 2568" too)
    if str(doc.fiscal_year) not in doc.title and f"ปีงบประมาณ พ.ศ. {doc.fiscal_year}" not in doc.subtitle:
        lines.append(f"ประจำปีงบประมาณ พ.ศ. {doc.fiscal_year}")
    return lines


def cell_height_pt(cell: Cell, width: float, pt: float) -> float:
    """About how tall a cell is laid out `width` points wide (a little more rather than less)."""
    lines = 0
    for text, gap in [*text_lines(cell.text), *((b, False) for b in cell.bullets)]:
        lines += max(1, ceil(text_width(text, pt, cell.bold) * 1.3 / max(width, 1))) + (PARAGRAPH_GAP if gap else 0)
    height = lines * pt * LINE_HEIGHT + 2 * PAD_V_PT
    for image in cell.images:
        size = photo_size(image.path, width)
        height += size[1] if size else PHOTO_MAX_PT
        height += 2 * CAPTION_PT * LINE_HEIGHT if image.caption else 0
    return height


def photo_size(path: Path, width_pt: float) -> tuple[float, float] | None:
    """A photo's printed width and height in points — the column's width, or less to stay PHOTO_MAX_PT
    tall — in PDF and DOCX alike; None when it cannot be read (check() names it before any layout)."""
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as im:
            scale = min(width_pt / im.width, PHOTO_MAX_PT / im.height)
            return im.width * scale, im.height * scale
    except OSError:
        return None


def _photo_style(path: Path, width_pt: float) -> str:
    """The size `photo_size` gives, as the img's style: a small photo fills its column as in DOCX."""
    size = photo_size(path, width_pt)
    return f' style="width: {size[0]:.1f}pt; height: {size[1]:.1f}pt"' if size else ""


def _file_uri(path: Path) -> str:
    return Path(path).resolve().as_uri()


class _Writer:
    def __init__(self, doc: Document, image_uri: Callable[[Path], str] = _file_uri, for_pdf: bool = False,
                 rows: Mapping[str, str] | None = None, widths: dict | None = None, page_heads: Mapping[int, str] | None = None,
                 page_firsts: Collection[str] = ()):
        self.doc = doc
        self.page_heads = page_heads or {}  # page number (1-based) → the group its first row continues
        self.page_firsts = page_firsts or ()  # the rows that start a page: their Cell.continues are printed
        self.widths = {} if widths is None else widths  # table id → column widths, kept across layout passes
        self.image_uri = image_uri
        self.for_pdf = for_pdf
        self.rows = rows or {}
        self.row_ids = (f"row-{n}" for n in itertools.count(1))
        self.heading_ids = (f"heading-{n}" for n in itertools.count(1))

    def t(self, text: str, width: float | None = None, pt: float = BODY_PT, bold: bool = False) -> str:
        """Text as HTML: numerals, the pieces kept on one line when they fit `width` points (default:
        the page's text width), web links as links to their address, SARA AM split for the PDF (in
        the printed text, not in an address)."""
        text = numerals(LIST_NUMBER.sub("\\1\u00a0", text), self.doc.thai_numerals)  # "3." never ends a line alone
        width = text_width_pt(self.doc) if width is None else width
        out = []
        # a web link is a link in the PDF too (a published report's evidence, seed 000: readers follow
        # them); its text printed as before, broken after a "/" where it must, its address as typed
        # (SARA AM is split in the printed text only: split in the address it would lead elsewhere)
        for part, link in web_links(text):
            html = self._pieces(part, width, pt, bold)
            if self.for_pdf:
                html = split_sara_am(html)
            out.append(f'<a href="{escape(part)}">{html}</a>' if link else html)
        return "".join(out)

    def _pieces(self, text: str, width: float, pt: float, bold: bool) -> str:
        out = []
        for kind, piece in pieces(text, width, pt, bold):
            if kind == WBR:
                out.append("<wbr>")
            elif kind:
                out.append(f'<span class="{kind}">{escape(piece)}</span>')
            else:
                out.append(escape(piece))
        return "".join(out)

    def paragraphs(self, text: str, width: float | None = None, pt: float = BODY_PT, bold: bool = False) -> str:
        return "".join(('<p class="gap">' if gap else "<p>") + f"{self.t(line, width, pt, bold)}</p>" for line, gap in text_lines(text))

    def cell(self, cell: Cell, ncols: int, width: float, pt: float, numbers: bool = False, row_id: str = "") -> str:
        """A body cell `width` points wide (its columns' share, less padding and border); `numbers`:
        right-aligned. A `continues` cell is blank unless its row starts a page of the PDF."""
        attrs = []
        if cell.rowspan > 1:
            attrs.append(f'rowspan="{cell.rowspan}"')
        if cell.colspan > 1:
            attrs.append(f'colspan="{cell.colspan}"')
        classes = []
        group = cell.colspan >= ncols and ncols > 1
        if group:
            classes.append("group")
        if cell.bold:
            classes.append("bold")
        if numbers and cell.colspan == 1:
            classes.append("num")
        if classes:
            attrs.append(f'class="{" ".join(classes)}"')
        bold = cell.bold or group
        text = "" if cell.continues and row_id not in self.page_firsts else cell.text
        body = [self.paragraphs(text, width, pt, bold)]
        if cell.bullets:  # "- " before the first line only: the next lines have the whole width
            body.append("<ul>" + "".join(f"<li>{self.t(b, width, pt, bold)}</li>" for b in cell.bullets) + "</ul>")
        for image in cell.images:
            caption = f"<figcaption>{self.t(image.caption, width, CAPTION_PT)}</figcaption>" if image.caption else ""
            body.append(f'<figure><img src="{escape(self.image_uri(image.path))}" alt="{escape(image.caption)}"'
                        f'{_photo_style(image.path, width)}>{caption}</figure>')
        return f"<td {' '.join(attrs)}>{''.join(body)}</td>"

    def table(self, table: Table) -> str:
        if id(table) not in self.widths:
            self.widths[id(table)] = column_widths_pt(self.doc, table)
        widths = self.widths[id(table)]
        inner = [w - 2 * PAD_H_PT - BORDER_PT for w in widths]
        pt = table.font_pt or BODY_PT
        cols = "".join(f'<col style="width: {100 * w / sum(widths):.3f}%">' for w in widths)
        head = []
        if table.header_groups:
            cells, c = [], 0
            for title, span in table.header_groups:
                text = self.t(title, sum(widths[c:c + span]) - 2 * PAD_H_PT - BORDER_PT, pt, bold=True)
                cells.append(f'<th colspan="{span}">{text}</th>' if span > 1 else f"<th>{text}</th>")
                c += span
            head.append("<tr>" + "".join(cells) + "</tr>")
        head.append("<tr>" + "".join(f"<th>{self.t(c.title, w, pt, bold=True)}</th>" for c, w in zip(table.columns, inner)) + "</tr>")
        ncols = len(table.columns)
        is_group = [len(row) == 1 and row[0].colspan >= ncols > 1 for row in table.rows]
        groups, owns = _groups(table, is_group)
        rows: list[list[str]] = [[] for _ in table.rows]
        heights = [0.0] * len(table.rows)
        ids = [next(self.row_ids) for _ in table.rows]
        for r, c, cell in place(table):
            span = min(cell.colspan, ncols - c)
            width = sum(widths[c:c + span]) - 2 * PAD_H_PT - BORDER_PT
            rows[r].append(self.cell(cell, ncols, width, pt, table.columns[c].numbers, ids[r]))
            if cell.rowspan == 1:
                heights[r] = max(heights[r], cell_height_pt(cell, width, pt))
        body = []
        lead = True  # the table's first row and the group rows above its first other row: they go with its heading
        for r, (row, cells, height) in enumerate(zip(table.rows, rows, heights)):
            row_id = ids[r]
            group = is_group[r]
            heads = group or any(cell.heads for cell in table.rows[r])  # the PDF's passes keep it with the next row
            keep = height <= KEEP_ROW_PT
            classes = " ".join([c for c, on in (("group", group), ("heads", heads), ("keep", keep), ("lead", lead)) if on]
                               + self.rows.get(row_id, "").split())
            # data-group: the group it belongs to, which a page starting with it names in its head; data-own:
            # the group its own first cell names, which only the rest of it, split onto a page, lacks (pdf.page_heads)
            belongs = f' data-group="{escape(split_sara_am(groups[r]))}"' if self.for_pdf and groups[r] else ""
            if self.for_pdf and owns[r]:
                belongs += f' data-own="{escape(split_sara_am(owns[r]))}"'
            if self.for_pdf and any(cell.continues for cell in table.rows[r]):
                belongs += ' data-continues="1"'  # its issue said where it is the first row begun on a page (pdf.page_starts)
            body.append(f'<tr id="{row_id}"{belongs}' + (f' class="{classes}">' if classes else ">") + "".join(cells) + "</tr>")
            lead = lead and heads  # (a problem across the table first: the measure under it leads too)
        body = "".join(body)
        caption = f"<caption>{self.t(table.caption, bold=True)}</caption>" if table.caption else ""
        style = f' style="font-size: {table.font_pt}pt"' if table.font_pt else ""
        return f"<table{style}>{caption}<colgroup>{cols}</colgroup><thead>{''.join(head)}</thead><tbody>{body}</tbody></table>"

    def section(self, section: Section, lead: list[str] = ()) -> str:
        """A section; `lead`: the headings of empty sections just before it (a tool's heading before its
        first indicator's), written in its heading block so that no page can end between them."""
        parts = ["<section>"]
        headings = [*lead, section.heading] if section.heading else list(lead)
        if headings:
            heading_id = next(self.heading_ids)
            classes = self.rows.get(heading_id, "")
            parts.append(f'<h2 id="{heading_id}"' + (f' class="{classes}">' if classes else ">")
                         + "<br>".join(self.t(h, bold=True) for h in headings) + "</h2>")
        parts.extend(f"<p>{self.t(p)}</p>" for p in section.paragraphs)
        if section.table is not None:
            parts.append(self.table(section.table))
        parts.append("</section>")
        return "".join(parts)

    def document(self) -> str:
        doc = self.doc
        title = "".join(f"<p>{self.t(line, pt=TITLE_PT, bold=True)}</p>" for line in title_lines(doc))
        if doc.subtitle:
            title += f'<p class="subtitle">{self.t(doc.subtitle, bold=True)}</p>'
        body = [f'<header class="title">{title}</header>']
        lead: list[str] = []
        for s in doc.sections:
            if s.heading and not s.paragraphs and s.table is None:
                lead.append(s.heading)  # nothing under it: it goes with the next section's heading
                continue
            body.append(self.section(s, lead))
            lead = []
        if lead:
            body.append(self.section(Section(), lead))
        if doc.signatures:
            sigs = "".join(
                '<div class="signature">' + "".join(f"<p>{self.t(line, SIGNATURE_PT)}</p>" for line in lines) + "</div>"
                for lines in signature_lines(doc)
            )
            if "titled" in self.rows.get("signatures", ""):
                # alone on the last page (the last row too tall to go with it): the page says which
                # document it signs, as the agencies' own signature pages do (a tester's plan)
                lines = [*title_lines(doc), *([doc.subtitle] if doc.subtitle else [])]
                lines[0] = "หน้าลงนาม: " + lines[0]
                signs = '<div class="signs">' + "".join(f"<p>{self.t(line)}</p>" for line in lines) + "</div>"
                body.append(f'<div class="signature-page">{signs}<div class="signatures">{sigs}</div></div>')
            else:
                body.append(f'<div class="signatures">{sigs}</div>')
        elif doc.issued:
            body.append(f'<p class="issued">{self.t("ณ วันที่ " + thai_date(doc.issued))}</p>')
        head_title = escape(" ".join(title_lines(doc)))
        return (
            '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
            f"<title>{head_title}</title><style>{stylesheet(doc, self.page_heads)}</style></head>"
            f"<body>{''.join(body)}</body></html>"
        )


def _groups(table: Table, is_group: list[bool]) -> tuple[list[str], list[str]]:
    """Per row, the group a page starting with it continues: the group row above it, in a table with
    group rows; else, when its first cell is empty, the nearest first cell above with text (the plan
    writes an indicator once, for the issues under it); else "" (a group row; a row naming its own).
    And per row, the group its own first cell names (a plan's row starting an indicator), else ""."""
    firsts = {r: cell for r, c, cell in place(table) if c == 0}
    out: list[str] = []
    own: list[str] = []
    group = above = ""
    for r, row in enumerate(table.rows):
        first = firsts.get(r)
        if is_group[r]:
            group = row[0].text.strip()
            out.append("")
            own.append("")
            continue
        empty = first is None or not first.text.strip()
        out.append(group or (above if empty else ""))
        if not empty and not group:  # its last line, the narrowest group (ตัวชี้วัดย่อยที่ 9.1 … under ตัวชี้วัดที่ 9 …):
            above = first.text.strip().splitlines()[-1].strip()  # a page's head shares its line with the draft mark
        own.append(above if not empty and not group else "")
    if not any(out):  # no row leaves its first cell to the one above: the first column names no groups
        own = [""] * len(own)
    return out, own


def render_html(doc: Document, image_uri: Callable[[Path], str] = _file_uri, for_pdf: bool = False,
                rows: Mapping[str, str] | None = None, widths: dict | None = None,
                page_heads: Mapping[int, str] | None = None, page_firsts: Collection[str] = ()) -> str:
    """The document as a standalone HTML page (print CSS, fonts from the shipped Sarabun files).

    `image_uri` maps a photo's path to the URL put in the page (the PDF renderer passes scaled copies);
    `for_pdf` writes SARA AM as two characters so text copied out of the PDF is right (`split_sara_am`);
    `rows` gives table rows (id="row-1", …) more classes: "keep" (on one page), "page" (on a new page);
    and section headings (id="heading-1", …) "page"; `widths`, a dict kept by the caller across layouts of
    the same document, saves working out the column widths again; `page_heads`, for pages (1-based) that
    start in the middle of a group, the group, printed at the head of the page with "(ต่อ)"; `page_firsts`,
    the rows that start a page, whose `Cell.continues` cells are printed (blank in every other row).
    """
    return _Writer(doc, image_uri, for_pdf, rows, widths, page_heads, page_firsts).document()
