"""How wide each column of a document table is, for the PDF and the DOCX alike.

Most tables keep the shares their document gives their columns (`Column.width`). The measures
plan cannot: beside the activities (paragraphs) it has columns that are nearly empty in one plan
(an output, a communication method) and full in another, and fixed shares then waste the first
and run the second over many pages. A table with `fit_content` has its width go where the text
is: every column gets at least its widest word (its heading's too), then the rest of the page
goes, a slice at a time, to the column where it shortens the table most — estimated from every
cell's lines at the widths so far (a row is as tall as its tallest cell; a cell spanning rows may
make the last of them taller; the heading row counts once per page, as it is repeated) — until
no column's longest line needs more; what is left is shared by the shares. A table whose words
alone do not fit falls back to the shares.
"""
from __future__ import annotations

from .fonts import BODY_PT, text_width
from .linebreak import KEEP, TEXT, break_opportunities, pieces
from .model import Table, place

WRAP_WASTE = 1.1  # a wrapped line is this much shorter than the column, on average (line ends)
SLICES = 80  # the room is handed out in this many slices
PAGE_LINES = 28  # lines of 14–16 pt in a table on an A4 landscape page, for counting repeated headings
MIN_PT = 36  # no column narrower than this (about three Thai characters and padding)
SLACK_PT = 2  # over the widest word: the renderer's shaping may measure a word a little wider
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
    # rows that all span columns (an empty plan's one row "ยังไม่มีประเด็น…") say nothing of any one column
    if not table.fit_content or all(any(cell.colspan > 1 for cell in row) for row in table.rows):
        return [total * w / (sum(weights) or 1) for w in weights]
    pt = table.font_pt or BODY_PT
    cells: dict[int, list] = {}
    for _r, c, cell in place(table):
        if cell.colspan == 1:  # a cell spanning columns (a group row) says nothing about one of them
            cells.setdefault(c, []).append(cell)
    low, high = [], []
    for c, column in enumerate(table.columns):
        widest, longest = _needs([column.title], pt, True)
        for cell in cells.get(c, []):
            w, l = _needs([cell.text, *cell.bullets], pt, cell.bold)
            widest, longest = max(widest, w), max(longest, l)
            if cell.images:
                widest, longest = max(widest, IMAGE_MIN_PT), max(longest, IMAGE_WANT_PT)
        low.append(max(MIN_PT, widest + padding + SLACK_PT))
        high.append(max(low[-1], longest + padding))
    if sum(low) > total:  # the words alone do not fit: the table's own proportions
        return [total * w / (sum(weights) or 1) for w in weights]
    widths = _shortest(table, pt, low, high, total, padding)
    left = total - sum(widths)
    return [w + left * x / (sum(weights) or 1) for w, x in zip(widths, weights)] if left > 0.01 else widths


def _shortest(table: Table, pt: float, low: list[float], high: list[float], total: float, padding: float) -> list[float]:
    """From the narrowest widths `low`, the room handed out a slice at a time to the column whose
    widening shortens the estimated table most, none past `high`; the widths."""
    ncols, nrows = len(low), len(table.rows)
    single: list[list[list[float]]] = [[[] for _ in range(nrows)] for _ in range(ncols)]  # line widths per cell
    spanning: list[tuple[int, int, int, list[float]]] = []  # (column, first row, last row, line widths)
    for r, c, cell in place(table):
        if cell.colspan != 1:
            continue
        lines = [text_width(line.strip(), pt, cell.bold) * WRAP_WASTE
                 for text in (cell.text, *cell.bullets) for line in text.split("\n") if line.strip()]
        if cell.rowspan > 1:
            spanning.append((c, r, min(nrows, r + cell.rowspan) - 1, lines))
        else:
            single[c][r] = lines

    def lines_at(widths: list[float], width: float) -> float:
        inner = max(width - padding, 1.0)
        return sum(max(1.0, w / inner) for w in widths)

    headings = [[text_width(line.strip(), pt, True) * WRAP_WASTE for line in column.title.split("\n") if line.strip()]
                for column in table.columns]

    def height(widths: list[float]) -> float:
        rows = [max((lines_at(single[c][r], widths[c]) for c in range(ncols) if single[c][r]), default=1.0)
                for r in range(nrows)]
        for c, first, last, lines in spanning:  # a spanning cell taller than its rows lengthens the last
            rows[last] += max(0.0, lines_at(lines, widths[c]) - sum(rows[first:last + 1]))
        body = sum(rows)
        heading = max(lines_at(h, w) for h, w in zip(headings, widths))
        return body + heading * max(1.0, body / PAGE_LINES)

    widths = list(low)
    step = (total - sum(low)) / SLICES
    now = height(widths)
    while step > 0 and total - sum(widths) >= step / 2:
        best, best_height = None, now
        for c in range(ncols):
            if widths[c] + step > high[c] + step / 2:
                continue  # its longest line fits already
            widths[c] += step
            h = height(widths)
            widths[c] -= step
            if h < best_height - 1e-9:
                best, best_height = c, h
        if best is None:
            break
        widths[best] += step
        now = best_height
    return widths
