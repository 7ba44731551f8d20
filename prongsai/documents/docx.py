"""Document → DOCX bytes with python-docx, for agencies to edit before signing.

The government look: A4 landscape, Sarabun 16 pt set on the styles for Latin AND complex-script
(Thai) text (`w:rFonts w:cs`, `w:szCs`, `w:bCs` — Word sizes and bolds Thai with the complex-script
properties), table header rows marked to repeat on every page (`w:tblHeader`), photos scaled to
their column, Thai numerals on or off (page numbers too), Buddhist-era dates. The Sarabun files
are embedded in the DOCX (`w:embedTrueTypeFonts`), so it looks the same where Sarabun is not installed.
"""
from __future__ import annotations

import datetime as dt
import io
import tempfile
import uuid
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from .columns import column_widths
from .fonts import BODY_PT, FACES, FAMILY
from .html import KEEP_ROW_PT, LINE_HEIGHT, cell_height_pt, photo_size, title_lines
from .linebreak import web_links
from .model import DRAFT_MARK, PARAGRAPH_GAP, Cell, Document, Table, check, place, signature_lines, text_lines
from .thai import numerals, thai_date

PAGE_W, PAGE_H = Cm(29.7), Cm(21.0)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Cm(1.5), Cm(1.6), Cm(1.7)
SIGNATURE_W = Cm(10.6)  # the signature block's width, at the right (as in the PDF)
CELL_PADDING = Cm(0.19)  # Word's default left+right cell margins are 0.19 cm each
HEADER_FILL = "E8E8E8"
GROUP_FILL = "F4F4F4"


# --- run and style formatting -------------------------------------------------------------------

_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)


def _rpr_child(rpr, tag: str):
    """The rPr child `tag`, created in schema order if missing (Word rejects out-of-order children)."""
    el = rpr.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        rpr.insert_element_before(el, *_RPR_ORDER[_RPR_ORDER.index(tag) + 1:])
    return el


def _set_fonts(rpr) -> None:
    """Sarabun for every script: ASCII, high ANSI, East Asian and complex script (Thai)."""
    fonts = _rpr_child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FAMILY)


def _set_size(rpr, pt: float) -> None:
    for tag in ("w:sz", "w:szCs"):
        _rpr_child(rpr, tag).set(qn("w:val"), str(int(round(pt * 2))))


def _set_bold(rpr, bold: bool) -> None:
    for tag in ("w:b", "w:bCs"):
        _rpr_child(rpr, tag).set(qn("w:val"), "1" if bold else "0")


def _set_lang(rpr) -> None:
    lang = _rpr_child(rpr, "w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")


def _style_fonts(style, pt: float, bold: bool | None = None) -> None:
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr)
    _set_size(rpr, pt)
    if bold is not None:
        _set_bold(rpr, bold)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    _style_fonts(normal, BODY_PT)
    _set_lang(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    # the document defaults too, so every style that does not name a font still gets Sarabun
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr)
            _set_size(rpr, BODY_PT)
    for name, pt in (("Title", 18), ("Heading 1", 18), ("Heading 2", BODY_PT)):
        style = doc.styles[name]
        _style_fonts(style, pt, bold=True)
        style.font.italic = False
        pf = style.paragraph_format
        pf.space_before, pf.space_after = Pt(6 if name == "Heading 2" else 0), Pt(3)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the default template draws a rule under Title: not on a government document
    title_ppr = doc.styles["Title"].element.pPr
    if title_ppr is not None:
        border = title_ppr.find(qn("w:pBdr"))
        if border is not None:
            title_ppr.remove(border)
    for style in (doc.styles["Header"], doc.styles["Footer"]):
        _style_fonts(style, 12)


def _run(paragraph, text: str, *, bold: bool = False, pt: float | None = None):
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    if bold:
        _set_bold(rpr, True)
    if pt is not None:
        _set_size(rpr, pt)
    return run


def _text(paragraph, text: str, *, bold: bool = False, pt: float | None = None) -> None:
    """Runs of text, a web link in it a hyperlink (a published report's evidence is followed from it)."""
    for part, is_link in web_links(text):
        run = _run(paragraph, part, bold=bold, pt=pt)
        if is_link:
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), paragraph.part.relate_to(part, RT.HYPERLINK, is_external=True))
            link.append(run._r)  # moved from the paragraph into the link, in its place at the end
            paragraph._p.append(link)


# --- page, table and cell helpers --------------------------------------------------------------

def _setup_page(doc, landscape: bool, thai: bool) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_W, PAGE_H) if landscape else (PAGE_H, PAGE_W)
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field(footer, "PAGE")
    _run(footer, " / ")
    _field(footer, "NUMPAGES")
    if thai:
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:fmt"), "thaiNumbers")
        section._sectPr.insert_element_before(
            pg, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
            "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
        )


def _field(paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) — Word fills it in when the page is laid out."""
    for kind, text in (("begin", None), (None, f" {instr} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == "1":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table_width(table, width: Emu) -> None:
    """An explicit table width (twentieths of a point) instead of "auto"."""
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(width.pt * 20)))


class _Writer:
    def __init__(self, doc: Document, workdir: Path):
        self.doc = doc
        self.workdir = workdir
        self.scaled: dict[Path, Path] = {}
        self.word = new_docx()
        self.last_row = None  # the last body row of the last table written

    def t(self, text: str) -> str:
        return numerals(text, self.doc.thai_numerals)

    def photo(self, path: Path) -> Path:
        from .pdf import _scaled

        path = Path(path).resolve()
        if path not in self.scaled:
            self.scaled[path] = _scaled(path, self.workdir, len(self.scaled))
        return self.scaled[path]

    def fill(self, wcell, cell: Cell, width: Emu, pt: float | None) -> None:
        first = True

        def para():
            nonlocal first
            if first:
                first = False
                return wcell.paragraphs[0]
            return wcell.add_paragraph()

        for line, gap in text_lines("" if cell.continues else cell.text):  # Word's pages are Word's: not known here
            p = para()
            if gap:  # a blank line in the text: a new paragraph, as the PDF prints it
                p.paragraph_format.space_before = Pt((pt or BODY_PT) * LINE_HEIGHT * PARAGRAPH_GAP)
            _text(p, self.t(line), bold=cell.bold, pt=pt)
        for bullet in cell.bullets:
            p = para()
            p.paragraph_format.left_indent = Cm(0.35)
            p.paragraph_format.first_line_indent = Cm(-0.35)
            _text(p, "- " + self.t(bullet), bold=cell.bold, pt=pt)
        for image in cell.images:
            p = para()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            wide, tall = photo_size(image.path, Emu(int(width - CELL_PADDING * 2)).pt)  # as the PDF prints it
            p.add_run().add_picture(str(self.photo(image.path)), width=Pt(wide), height=Pt(tall))
            if image.caption:
                cap = wcell.add_paragraph()
                cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _text(cap, self.t(image.caption), pt=(pt or BODY_PT) - 2)

    def table(self, table: Table) -> None:
        ncols = len(table.columns)
        usable = (PAGE_W if self.doc.landscape else PAGE_H) - MARGIN_SIDE * 2
        widths = [Emu(int(Pt(w))) for w in column_widths(table, Emu(usable).pt, Emu(CELL_PADDING * 2).pt)]
        pt = table.font_pt
        if table.caption:
            _run(self.word.add_paragraph(), self.t(table.caption), bold=True)
        head_rows = 2 if table.header_groups else 1
        wt = self.word.add_table(rows=head_rows + len(table.rows), cols=ncols)
        wt.style = self.word.styles["Table Grid"]
        wt.alignment = WD_TABLE_ALIGNMENT.CENTER
        wt.autofit = False  # w:tblLayout fixed: the widths below, not the content, decide
        _table_width(wt, Emu(sum(widths)))
        for i, column in enumerate(wt.columns):
            column.width = widths[i]  # w:gridCol, which LibreOffice lays out by
        for row in wt.rows:
            for i, wcell in enumerate(row.cells):
                wcell.width = widths[i]
        for i in range(head_rows):
            _repeat_header(wt.rows[i])
        if table.header_groups:
            c = 0
            for title, span in table.header_groups:
                span = max(1, min(span, ncols - c))
                merged = wt.cell(0, c).merge(wt.cell(0, c + span - 1)) if span > 1 else wt.cell(0, c)
                self._header_cell(merged, title, pt)
                c += span
                if c >= ncols:
                    break
        for i, column in enumerate(table.columns):
            self._header_cell(wt.cell(head_rows - 1, i), column.title, pt)
        heights = [0.0] * len(table.rows)
        for r, c, cell in place(table):
            rows_down = max(cell.rowspan, 1) - 1
            span = min(cell.colspan, ncols - c)
            last_r = min(head_rows + r + rows_down, len(wt.rows) - 1)
            wcell = wt.cell(head_rows + r, c)
            if rows_down or span > 1:
                wcell = wcell.merge(wt.cell(last_r, c + span - 1))
            self.fill(wcell, cell, Emu(sum(widths[c:c + span])), pt)
            if table.columns[c].numbers and span == 1:
                for p in wcell.paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if span >= ncols > 1:  # a group row ("ตัวชี้วัดที่ 1 …"): shaded, bold, kept with the next row
                _shade(wcell, GROUP_FILL)
                for p in wcell.paragraphs:
                    p.paragraph_format.keep_with_next = True
                    for run in p.runs:
                        _set_bold(run._r.get_or_add_rPr(), True)
            if cell.rowspan == 1:
                heights[r] = max(heights[r], cell_height_pt(cell, Emu(sum(widths[c:c + span]) - CELL_PADDING * 2).pt,
                                                            pt or BODY_PT))
        for r, height in enumerate(heights):  # a short row is not split over two pages (as in the PDF)
            if height <= KEEP_ROW_PT:
                wt.rows[head_rows + r]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            if any(cell.heads for cell in table.rows[r]):  # (a long problem across the table) kept with its measures
                for wcell in wt.rows[head_rows + r].cells:
                    for p in wcell.paragraphs:
                        p.paragraph_format.keep_with_next = True
        self.last_row = wt.rows[-1] if table.rows else None

    def _header_cell(self, wcell, title: str, pt: float | None) -> None:
        p = wcell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, self.t(title), bold=True, pt=pt)
        _shade(wcell, HEADER_FILL)
        tcpr = wcell._tc.get_or_add_tcPr()
        valign = OxmlElement("w:vAlign")
        valign.set(qn("w:val"), "center")
        tcpr.append(valign)

    def document(self) -> bytes:
        doc, word = self.doc, self.word
        _setup_styles(word)
        _setup_page(word, doc.landscape, doc.thai_numerals)
        _properties(word, doc)
        for line in title_lines(doc):
            word.add_paragraph(self.t(line), style="Title")
        if doc.subtitle:
            p = word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(p, self.t(doc.subtitle), bold=True)
        for section in doc.sections:
            if section.heading:
                word.add_paragraph(self.t(section.heading), style="Heading 2")
            for text in section.paragraphs:
                p = word.add_paragraph()
                _text(p, self.t(text))
                p.paragraph_format.first_line_indent = Cm(1.25)
            if section.table is not None:
                self.table(section.table)
        if (doc.signatures or doc.issued) and self.last_row is not None:
            # the table's last row stays on the page of the signature (or of the date, without one)
            for wcell in self.last_row.cells:
                for p in wcell.paragraphs:
                    p.paragraph_format.keep_with_next = True
        if doc.signatures:
            for lines in signature_lines(doc):
                for i, line in enumerate(lines):
                    p = word.add_paragraph()
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    p.paragraph_format.left_indent = PAGE_W - MARGIN_SIDE * 2 - SIGNATURE_W if doc.landscape else Cm(7)
                    p.paragraph_format.space_before = Pt(24 if i == 0 else 0)
                    p.paragraph_format.keep_with_next = i < len(lines) - 1
                    _run(p, self.t(line))
        elif doc.issued:
            p = word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.space_before = Pt(12)
            _run(p, self.t("ณ วันที่ " + thai_date(doc.issued)))
        if doc.draft:
            header = word.sections[0].header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(header, DRAFT_MARK, bold=True, pt=BODY_PT)
        _embed_fonts(word)
        out = io.BytesIO()
        word.save(out)
        return out.getvalue()


# --- embedded fonts (ECMA-376 Part 1, 17.8.1: obfuscated TrueType in word/fonts/) -----------------

def _obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the font key (GUID hex digits read backwards, two at a time)."""
    hexes = key.strip("{}").replace("-", "")
    key_bytes = bytes.fromhex(hexes)[::-1]
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _embed_fonts(word) -> None:
    font_table = None
    for rel in word.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            font_table = rel.target_part
    if font_table is None:  # pragma: no cover - the default template has one
        return
    from lxml import etree

    root = etree.fromstring(font_table.blob)
    for el in root.findall(qn("w:font")):
        if el.get(qn("w:name")) == FAMILY:
            root.remove(el)
    font = etree.SubElement(root, qn("w:font"))
    font.set(qn("w:name"), FAMILY)
    charset = etree.SubElement(font, qn("w:charset"))
    charset.set(qn("w:val"), "DE")  # Thai
    family = etree.SubElement(font, qn("w:family"))
    family.set(qn("w:val"), "auto")
    pitch = etree.SubElement(font, qn("w:pitch"))
    pitch.set(qn("w:val"), "variable")
    tags = {
        ("normal", "normal"): "w:embedRegular",
        ("bold", "normal"): "w:embedBold",
        ("normal", "italic"): "w:embedItalic",
        ("bold", "italic"): "w:embedBoldItalic",
    }
    for n, (face, path) in enumerate(FACES.items(), start=1):
        key = "{" + str(uuid.uuid4()).upper() + "}"
        part = Part(
            PackURI(f"/word/fonts/font{n}.odttf"),
            "application/vnd.openxmlformats-officedocument.obfuscatedFont",
            _obfuscate(path.read_bytes(), key),
            word.part.package,
        )
        rid = font_table.relate_to(part, RT.FONT)
        embed = etree.SubElement(font, qn(tags[face]))
        embed.set(qn("r:id"), rid)
        embed.set(qn("w:fontKey"), key)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = word.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        settings.insert_element_before(OxmlElement("w:embedTrueTypeFonts"), *_SETTINGS_AFTER_EMBED)


# CT_Settings children that come after w:embedTrueTypeFonts (the ones a document is likely to have)
_SETTINGS_AFTER_EMBED = tuple(f"w:{t}" for t in (
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
    "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
    "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
    "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields",
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
))


APP_PROPERTIES = (  # docProps/app.xml: the template's says "Microsoft Macintosh Word"
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Prongsai</Application></Properties>"
).encode()


def _properties(word, doc: Document) -> None:
    """The file's properties (File › Info in Word) say what the document is and who issued it, not
    python-docx's template (author "python-docx", created 2013, its thumbnail): the files are published."""
    props = word.core_properties
    props.title = " ".join(title_lines(doc))
    props.language = "th-TH"
    props.author = props.last_modified_by = doc.agency
    props.comments = props.keywords = props.subject = props.category = ""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)  # core.xml holds UTC
    props.created = props.modified = now
    props.revision = 1
    package = word.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_PROPERTIES  # a generic Part: python-docx has no API for app.xml


def render_docx(doc: Document) -> bytes:
    """The document as DOCX bytes (Word / LibreOffice), ready to edit."""
    check(doc)
    with tempfile.TemporaryDirectory(prefix="prongsai-docx-") as tmp:
        return _Writer(doc, Path(tmp)).document()
