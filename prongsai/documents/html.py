"""A `Document` as one self-contained HTML page with print CSS — the input of the PDF renderer.

No Django: the markup is built with `html.escape`, so the renderer works in scripts and tests
without templates. Every piece of text goes through `numerals()` once, here.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from .fonts import BODY_PT, FACES, FAMILY
from .model import Cell, Document, Section, Table
from .thai import numerals, split_sara_am, thai_date


def _font_faces() -> str:
    rules = []
    for (weight, style), path in FACES.items():
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}") format("truetype"); }}'
        )
    return "\n".join(rules)


def stylesheet(doc: Document) -> str:
    size = "A4 landscape" if doc.landscape else "A4 portrait"
    counter = "thai" if doc.thai_numerals else "decimal"
    return f"""
{_font_faces()}
@page {{
  size: {size};
  margin: 1.6cm 1.5cm 1.7cm 1.5cm;
  @bottom-right {{
    content: counter(page, {counter}) " / " counter(pages, {counter});
    font-family: "{FAMILY}"; font-size: 12pt;
  }}
}}
html {{ font-family: "{FAMILY}"; font-size: {BODY_PT}pt; line-height: 1.25; color: #000; }}
body {{ margin: 0; }}
/* Thai has no spaces between words: Pango (libthai) finds the word breaks; never break inside a word
   unless a single word is wider than its column (URLs). */
* {{ hyphens: manual; overflow-wrap: break-word; word-break: normal; }}
header.title {{ text-align: center; margin-bottom: 0.4cm; }}
header.title p {{ margin: 0; font-weight: bold; font-size: 18pt; }}
header.title p.subtitle {{ font-size: {BODY_PT}pt; }}
h2 {{ font-size: {BODY_PT}pt; font-weight: bold; margin: 0.3cm 0 0.15cm; page-break-after: avoid; }}
section > p {{ margin: 0 0 0.15cm; text-indent: 1.25cm; text-align: left; }}
table {{ width: 100%; border-collapse: collapse; table-layout: auto; margin: 0.1cm 0 0.3cm; }}
caption {{ caption-side: top; font-weight: bold; text-align: left; padding-bottom: 0.1cm; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; background: #e8e8e8; }}
tr.group {{ break-after: avoid; break-inside: avoid; }}
th {{ break-inside: avoid; }}
td p {{ margin: 0; }}
td ul {{ margin: 0; padding-left: 0; list-style: none; }}
td li::before {{ content: "- "; }}
td.group {{ font-weight: bold; background: #f4f4f4; }}
td.bold {{ font-weight: bold; }}
.nb {{ white-space: nowrap; }}
figure {{ margin: 3pt 0; text-align: center; }}
figure img {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 14pt; }}
.issued {{ text-align: right; margin-top: 0.4cm; }}
.signatures {{ margin-top: 0.6cm; page-break-inside: avoid; display: flex; justify-content: flex-end; }}
.signature {{ text-align: center; width: 9cm; margin-left: 1cm; }}
.signature p {{ margin: 0; }}
"""


def title_lines(doc: Document) -> list[str]:
    """The title block: the title, then the agency and the fiscal year unless the title or the
    subtitle already names them (the subtitle follows these lines)."""
    lines = [doc.title]
    year_line = f"ประจำปีงบประมาณ พ.ศ. {doc.fiscal_year}"
    if doc.agency and doc.agency not in doc.title and f"ของ{doc.agency}" not in doc.subtitle:
        lines.append(f"ของ{doc.agency}")
    if str(doc.fiscal_year) not in doc.title and year_line not in doc.subtitle:
        lines.append(year_line)
    return lines


# Names the Thai dictionary would split at a compound boundary ("กรุงเทพมหา|นคร"): kept on one line.
NO_BREAK = ("กรุงเทพมหานคร",)
# A short Thai date (31 มี.ค. 2568, with Arabic or Thai digits) is kept on one line as well.
SHORT_DATE = re.compile(r"[0-9๐-๙]{1,2} [ก-๙]{1,3}\.[ก-๙]{1,2}\. [0-9๐-๙]{4}")


def _file_uri(path: Path) -> str:
    return Path(path).resolve().as_uri()


class _Writer:
    def __init__(self, doc: Document, image_uri: Callable[[Path], str] = _file_uri, for_pdf: bool = False):
        self.doc = doc
        self.image_uri = image_uri
        self.for_pdf = for_pdf

    def t(self, text: str) -> str:
        text = escape(numerals(text, self.doc.thai_numerals))
        for term in NO_BREAK:
            text = text.replace(term, f'<span class="nb">{term}</span>')
        text = SHORT_DATE.sub(lambda m: f'<span class="nb">{m.group(0)}</span>', text)
        return split_sara_am(text) if self.for_pdf else text

    def paragraphs(self, text: str, tag: str = "p") -> str:
        return "".join(f"<{tag}>{self.t(line)}</{tag}>" for line in text.split("\n") if line.strip())

    def cell(self, cell: Cell, ncols: int) -> str:
        attrs = []
        if cell.rowspan > 1:
            attrs.append(f'rowspan="{cell.rowspan}"')
        if cell.colspan > 1:
            attrs.append(f'colspan="{cell.colspan}"')
        classes = []
        if cell.colspan >= ncols and ncols > 1:
            classes.append("group")
        if cell.bold:
            classes.append("bold")
        if classes:
            attrs.append(f'class="{" ".join(classes)}"')
        body = [self.paragraphs(cell.text)]
        if cell.bullets:
            body.append("<ul>" + "".join(f"<li>{self.t(b)}</li>" for b in cell.bullets) + "</ul>")
        for image in cell.images:
            caption = f"<figcaption>{self.t(image.caption)}</figcaption>" if image.caption else ""
            body.append(f'<figure><img src="{escape(self.image_uri(image.path))}" alt="{escape(image.caption)}">{caption}</figure>')
        return f"<td {' '.join(attrs)}>{''.join(body)}</td>"

    def table(self, table: Table) -> str:
        total = sum(c.width for c in table.columns) or 1
        cols = "".join(f'<col style="width: {100 * c.width / total:.3f}%">' for c in table.columns)
        head = []
        if table.header_groups:
            head.append("<tr>" + "".join(
                f'<th colspan="{span}">{self.t(title)}</th>' if span > 1 else f"<th>{self.t(title)}</th>"
                for title, span in table.header_groups
            ) + "</tr>")
        head.append("<tr>" + "".join(f"<th>{self.t(c.title)}</th>" for c in table.columns) + "</tr>")
        ncols = len(table.columns)
        rows = "".join(
            ('<tr class="group">' if len(row) == 1 and row[0].colspan >= ncols > 1 else "<tr>")
            + "".join(self.cell(c, ncols) for c in row) + "</tr>"
            for row in table.rows
        )
        caption = f"<caption>{self.t(table.caption)}</caption>" if table.caption else ""
        style = f' style="font-size: {table.font_pt}pt"' if table.font_pt else ""
        return f"<table{style}>{caption}<colgroup>{cols}</colgroup><thead>{''.join(head)}</thead><tbody>{rows}</tbody></table>"

    def section(self, section: Section) -> str:
        parts = ["<section>"]
        if section.heading:
            parts.append(f"<h2>{self.t(section.heading)}</h2>")
        parts.extend(f"<p>{self.t(p)}</p>" for p in section.paragraphs)
        if section.table is not None:
            parts.append(self.table(section.table))
        parts.append("</section>")
        return "".join(parts)

    def document(self) -> str:
        doc = self.doc
        title = "".join(f"<p>{self.t(line)}</p>" for line in title_lines(doc))
        if doc.subtitle:
            title += f'<p class="subtitle">{self.t(doc.subtitle)}</p>'
        body = [f'<header class="title">{title}</header>']
        body.extend(self.section(s) for s in doc.sections)
        if doc.issued:
            body.append(f'<p class="issued">{self.t("ณ วันที่ " + thai_date(doc.issued))}</p>')
        if doc.signatures:
            sigs = "".join(
                '<div class="signature"><p>(ลงชื่อ) ..........................................</p>'
                f"<p>({self.t(name)})</p><p>{self.t(role)}</p></div>"
                for role, name in doc.signatures
            )
            body.append(f'<div class="signatures">{sigs}</div>')
        head_title = escape(" ".join(title_lines(doc)))
        return (
            '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
            f"<title>{head_title}</title><style>{stylesheet(doc)}</style></head>"
            f"<body>{''.join(body)}</body></html>"
        )


def render_html(doc: Document, image_uri: Callable[[Path], str] = _file_uri, for_pdf: bool = False) -> str:
    """The document as a standalone HTML page (print CSS, fonts from the shipped Sarabun files).

    `image_uri` maps a photo's path to the URL put in the page (the PDF renderer passes scaled copies);
    `for_pdf` writes SARA AM as two characters so text copied out of the PDF is right (`split_sara_am`).
    """
    return _Writer(doc, image_uri, for_pdf).document()
