"""How wide each column of a document table is, for the PDF and the DOCX alike.

Most tables keep the shares their document gives their columns (`Column.width`). The measures
plan cannot: beside the activities (paragraphs) it has columns that are nearly empty in one plan
(an output, a communication method) and full in another, and fixed shares then waste the first
and run the second over many pages. A table with `fit_content` has its width go where the text
is, as a browser's automatic table layout does it: every column gets at least its widest word
(and its heading no more than a few lines), then the rest of the page goes to the columns in
proportion to how much wider their longest line would like to be, weighed by their shares. One
whose words alone do not fit falls back to the shares.
"""
from __future__ import annotations

from .fonts import BODY_PT, text_width
from .linebreak import KEEP, TEXT, break_opportunities, pieces
from .model import Table, place

MIN_PT = 36  # no column narrower than this (about three Thai characters and padding)
HEADING_PT = 70  # a heading may take a few lines, but lines of at least this width
IMAGE_MIN_PT, IMAGE_WANT_PT = 110, 220  # a photo is legible at 110 pt wide, comfortable at 220


def _words(text: str) -> list[str]:
    """The pieces a line of text may break between: what the renderer keeps on one line where
    it fits (a date, an office compound, a link), else Pango's Thai words."""
    words = []
    for kind, piece in pieces(text):
        if kind == KEEP:
            words.append(piece)
        elif kind == TEXT and piece.strip():
            breaks = break_opportunities(piece)
            cuts = [i for i in range(1, len(piece)) if breaks[i]]
            words += [piece[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(piece)])]
    return words


def _needs(texts: list[str], pt: float, bold: bool) -> tuple[float, float]:
    """(the widest word, the longest line) of some texts, in points."""
    widest = longest = 0.0
    for text in texts:
        for line in text.split("\n"):
            if not line.strip():
                continue
            longest = max(longest, text_width(line.strip(), pt, bold))
            widest = max(widest, max((text_width(w, pt, bold) for w in _words(line) if w), default=0.0))
    return widest, longest


def column_widths(table: Table, total: float, padding: float) -> list[float]:
    """Each column's width in points (they add up to `total`); `padding` is a cell's horizontal
    padding and border together. The table's own shares (`Column.width`) unless it asks to fit
    its content (`Table.fit_content`)."""
    weights = [column.width for column in table.columns]
    if not table.fit_content:
        return [total * w / (sum(weights) or 1) for w in weights]
    pt = table.font_pt or BODY_PT
    cells: dict[int, list] = {}
    for _r, c, cell in place(table):
        if cell.colspan == 1:  # a cell spanning columns (a group row) says nothing about one of them
            cells.setdefault(c, []).append(cell)
    low, high = [], []
    for c, column in enumerate(table.columns):
        widest, longest = _needs([column.title], pt, True)
        widest = max(widest, min(longest, max(longest / 3, HEADING_PT)))  # a heading in a few lines, not a word a line
        for cell in cells.get(c, []):
            w, l = _needs([cell.text, *cell.bullets], pt, cell.bold)
            widest, longest = max(widest, w), max(longest, l)
            if cell.images:
                widest, longest = max(widest, IMAGE_MIN_PT), max(longest, IMAGE_WANT_PT)
        low.append(max(MIN_PT, widest + padding))
        high.append(max(low[-1], longest + padding))
    if sum(low) > total:  # the words alone do not fit: the table's own proportions
        return [total * w / (sum(weights) or 1) for w in weights]
    room = total - sum(low)
    want = [(h - lo) * w for h, lo, w in zip(high, low, weights)]
    if sum(want) <= 0:
        return [lo + room * w / (sum(weights) or 1) for lo, w in zip(low, weights)]
    # each column towards its longest line, in proportion to how far it is (weighed by its share);
    # what is left once they all have it, by the shares
    widths = [lo + min(h - lo, room * x / sum(want)) for lo, h, x in zip(low, high, want)]
    left = total - sum(widths)
    return [w + left * x / (sum(weights) or 1) for w, x in zip(widths, weights)] if left > 0.01 else widths
