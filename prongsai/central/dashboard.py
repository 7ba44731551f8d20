"""The city-wide dashboard: every agency of a fiscal year side by side, and years compared.

Every figure comes from `prongsai.reports.scores.round_breakdowns` (the scoring engine, each round's
figures read together with the others'); this
module only ranks, sorts, filters, counts and averages the breakdowns.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from prongsai.agencies.models import Agency, AssessmentRound, assessed_agencies
from prongsai.documents.thai import sort_key
from prongsai.measures.analysis import level_gaps
from prongsai.reports.scores import round_breakdowns
from prongsai.scoring import Breakdown, Pack, load_pack, round2

SORT_KEYS = ["rank", "agency", "code", "ita", "level", "iit", "eit", "oit", "change"]
WEAKEST = 10
# Heatmap bins, lowest first: the level thresholds of the packs (70, 85, 95).
HEAT_BINS = [(Decimal(95), "h4"), (Decimal(85), "h3"), (Decimal(70), "h2"), (Decimal(0), "h1")]


def heat(value) -> str:
    """The heatmap class of a score ('h0' when there is none)."""
    if value is None:
        return "h0"
    rounded = round2(Fraction(value))
    return next(css for floor, css in HEAT_BINS if rounded >= floor)


def years() -> list[int]:
    """Fiscal years that have rounds, newest first."""
    return list(AssessmentRound.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def default_year(years_: list[int]) -> int:
    """The year the city's page opens on: the newest with an ITA to show. A district starting to collect
    for the next year made it open on a year of one round and no figure (a tester)."""
    for year in years_:
        if any(r.ita is not None for r in city_year(year).rows):
            return year
    return years_[0]


def _mean(values) -> Fraction | None:
    """The mean of the figures as the pages and workbooks show them (each rounded to cents, as the
    official report publishes it), so that an analyst's AVERAGE of the shown figures gives it."""
    values = [Fraction(round2(Fraction(v))) for v in values if v is not None]
    return sum(values, Fraction(0)) / len(values) if values else None


@dataclass
class Row:
    round: AssessmentRound
    breakdown: Breakdown
    previous_round: AssessmentRound | None = None
    previous: Breakdown | None = None
    rank: int | None = None

    @property
    def agency(self) -> Agency:
        return self.round.agency

    @property
    def ita(self) -> Decimal | None:
        return self.breakdown.ita

    @property
    def change(self) -> Decimal | None:
        if self.ita is None or self.previous is None or self.previous.ita is None:
            return None
        return self.ita - self.previous.ita

    def tool(self, code: str):
        result = self.breakdown.tools.get(code)
        return None if result is None or result.score is None else round2(result.score)

    def sort_value(self, key: str):
        if key == "agency":
            return sort_key(self.agency.name)
        if key == "code":
            return self.agency.code
        if key == "level":  # best level first = the pack's level order
            level = self.breakdown.level
            codes = [lv.code for lv in self.round.pack.levels]
            return None if level is None else codes.index(level.code)
        if key in ("iit", "eit", "oit"):
            return self.tool(key.upper())
        return getattr(self, key)

    @property
    def dropped(self) -> bool:
        """A level lower than at the agency's previous round (levels in the pack's order, best first)."""
        now, before = self.breakdown.level, self.previous.level if self.previous else None
        if now is None or before is None:
            return False
        codes = [lv.code for lv in self.round.pack.levels]
        return before.code in codes and codes.index(now.code) > codes.index(before.code)

    @property
    def kept_from_previous(self) -> list[tuple[str, Decimal, Decimal]]:
        """Why a round that dropped a level is not at its previous one: ("ITA", points it lacks, the
        level's minimum) and each tool under that level's floor for every tool, e.g. ("OIT", 3.75, 85)
        — what the round page's gap note says, for the dashboard's ↓. Empty when it did not drop."""
        if not self.dropped:
            return []
        gap = next(g for g in level_gaps(self.round.pack, self.breakdown) if g.level.code == self.previous.level.code)
        reasons = [("ITA", gap.ita_short, gap.level.min_ita)] if gap.ita_short else []
        return reasons + [(tool, short, gap.level.every_tool_at_least) for tool, short in gap.tools_short.items()]

    @property
    def held_back(self) -> tuple | None:
        """(the best level the ITA alone reaches, [(tool, points short, that level's floor for every
        tool)]) when tools under that floor hold the round at a lower level: an ITA of 97.30 at ผ่านดี
        above 96.55 at ผ่านดีเยี่ยม, unexplained, puzzled a tester. None otherwise."""
        reached = [g for g in level_gaps(self.round.pack, self.breakdown) if not g.ita_short and g.tools_short]
        if not reached:
            return None
        gap = reached[0]  # the nearest: what keeps it from the next level up (a tool under 85 at ผ่าน, not 95)
        return gap.level, [(tool, short, gap.level.every_tool_at_least) for tool, short in gap.tools_short.items()]

    @property
    def kept_from_previous_th(self) -> list[str]:
        """`kept_from_previous` in Thai, as the XLSX and the printed table say it."""
        level = self.previous.level.name.th if self.dropped else ""
        return [f"{what} ต่ำกว่าเกณฑ์ระดับ{level} ({floor:.2f}) อยู่ {short:.2f} คะแนน" for what, short, floor in self.kept_from_previous]

    @property
    def held_back_th(self) -> list[str]:
        """`held_back` in Thai, as the printed table says it beside the page."""
        if self.held_back is None:
            return []
        level, short = self.held_back
        return [f"คะแนน ITA ถึงเกณฑ์ระดับ{level.name.th} แต่คะแนน {what} ยังต่ำกว่าเกณฑ์ขั้นต่ำที่ทุกเครื่องมือต้องได้ในระดับนั้น "
                f"({floor:.2f}) อยู่ {points:.2f} คะแนน" for what, points, floor in short]

    def heat_cells(self, codes: list[str]) -> list[dict]:
        return [{"code": c, "score": self.breakdown.indicators.get(c), "heat": heat(self.breakdown.indicators.get(c))}
                for c in codes]


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """Sort by a column, ties by ITA the same way (a level's agencies by their scores), then by code;
    rows without a value go last whichever the direction."""
    if key not in SORT_KEYS:
        key = "rank"
    best_first = key == "level"  # level 0 is the best: its ties go best ITA first, as the levels do

    def tie(r: Row):
        ita = r.ita if r.ita is not None else -1
        return -ita if best_first else ita

    return known_first(rows, lambda r: r.sort_value(key), descending, tie)


def known_first(rows: list, value, descending: bool, tie=lambda r: 0) -> list:
    """Rows (of agencies) by `value`, ties by `tie` then agency code; those without a value last,
    by code, whichever the direction."""
    known = sorted((r for r in rows if value(r) is not None), key=lambda r: (value(r), tie(r), r.agency.code),
                   reverse=descending)
    return known + sorted((r for r in rows if value(r) is None), key=lambda r: r.agency.code)


def rank(rows: list[Row]) -> None:
    """Standard competition ranking by ITA, best first (1, 2, 2, 4); no ITA, no rank."""
    scored = sorted((r for r in rows if r.ita is not None), key=lambda r: r.ita, reverse=True)
    for n, row in enumerate(scored):
        row.rank = scored[n - 1].rank if n and row.ita == scored[n - 1].ita else n + 1


def _previous_rounds(rounds: list[AssessmentRound]) -> dict[int, AssessmentRound]:
    """Each agency's latest round before the given rounds' year."""
    if not rounds:
        return {}
    year = rounds[0].fiscal_year
    earlier = (AssessmentRound.objects.select_related("agency")
               .filter(agency__in=[r.agency_id for r in rounds], fiscal_year__lt=year)
               .order_by("agency_id", "-fiscal_year"))
    found: dict[int, AssessmentRound] = {}
    for r in earlier:
        found.setdefault(r.agency_id, r)
    return found


@dataclass
class CityYear:
    year: int
    rows: list[Row]
    pack: Pack | None
    distribution: list[dict] = field(default_factory=list)
    indicators: list = field(default_factory=list)
    weakest: list[dict] = field(default_factory=list)
    weakest_questions: list[dict] = field(default_factory=list)
    other_framework: int = 0
    missing: list[Agency] = field(default_factory=list)  # assessed in another year, no round this year

    @property
    def dropped(self) -> int:
        return sum(1 for r in self.rows if r.dropped)

    @property
    def compared(self) -> bool:
        """Some agency has a previous round with a level to compare with (not in the first year of data)."""
        return any(r.previous is not None and r.previous.level is not None for r in self.rows)

    @property
    def mean_ita(self) -> Fraction | None:
        return _mean(r.ita for r in self.rows)

    @property
    def synthetic(self) -> int:
        return sum(1 for r in self.rows if r.agency.synthetic)


def city_year(year: int) -> CityYear:
    """Every round of the fiscal year with its breakdown, rank and change from last year, the
    level distribution, and the weakest questions and items city-wide."""
    rounds = list(AssessmentRound.objects.select_related("agency").filter(fiscal_year=year))
    previous = _previous_rounds(rounds)
    scored = round_breakdowns([*rounds, *previous.values()])
    rows = []
    for rnd in rounds:
        prev = previous.get(rnd.agency_id)
        rows.append(Row(rnd, scored[rnd.pk], prev, scored[prev.pk] if prev else None))
    rank(rows)
    # assessed in another year and not in this one: named, so that no agency leaves the figures unsaid
    # (Lak Si, with its real 2567 report only, had silently been left out of the demo's 2566)
    missing = list(assessed_agencies().filter(rounds__isnull=False).exclude(rounds__fiscal_year=year)
                   .distinct()) if rows else []
    if not rows:
        return CityYear(year, rows, None)
    framework = Counter(r.round.framework for r in rows).most_common(1)[0][0]
    pack = load_pack(framework)
    same = [r for r in rows if r.round.framework == framework]
    city = CityYear(year, rows, pack, other_framework=len(rows) - len(same), missing=missing)
    city.distribution = level_distribution(pack, [r.breakdown for r in rows])
    city.indicators = _indicator_columns(pack)
    city.weakest = weakest_items(pack, [r.breakdown for r in same])
    city.weakest_questions = weakest_items(pack, [r.breakdown for r in same], tools=("IIT", "EIT"))
    return city


def level_distribution(pack: Pack, breakdowns: list[Breakdown]) -> list[dict]:
    """How many agencies reached each level (best first), then those with no level."""
    counts = Counter(b.level.code if b.level else None for b in breakdowns)
    total = len(breakdowns)
    out = [{"level": lv, "count": counts.get(lv.code, 0)} for lv in pack.levels]
    out.append({"level": None, "count": counts.get(None, 0)})
    for entry in out:
        entry["percent"] = Fraction(entry["count"] * 100, total) if total else None
    return out


def _indicator_columns(pack: Pack) -> list:
    return list(pack.indicators)


def weakest_items(pack: Pack, breakdowns: list[Breakdown], limit: int = WEAKEST, tools=("IIT", "EIT", "OIT")) -> list[dict]:
    """Mean score of every question and OIT item (of the given tools) over the agencies that have
    one, lowest first."""
    names = {q.code: q.label for q in pack.questions} | {i.code: i.name for i in pack.oit_items}
    tools_of = {q.code: q.tool for q in pack.questions} | {i.code: "OIT" for i in pack.oit_items}
    out = []
    for code in names:
        if tools_of[code] not in tools:
            continue
        scores = [b.questions[code].score for b in breakdowns if code in b.questions]
        mean = _mean(scores)
        if mean is not None:
            out.append({"code": code, "tool": tools_of[code], "name": names[code], "mean": mean,
                        "agencies": sum(1 for s in scores if s is not None),
                        "below": sum(1 for s in scores if s is not None and round2(s) < 85)})
    out.sort(key=lambda e: (e["mean"], e["code"]))
    return out[:limit]


def filter_rows(rows: list[Row], level: str = "", text: str = "") -> list[Row]:
    """Rows of a level ("none": no ITA yet, "dropped": lower than the previous round) whose agency's
    name or code contains the text."""
    if level == "dropped":
        rows = [r for r in rows if r.dropped]
    elif level == "none":
        rows = [r for r in rows if r.breakdown.level is None]
    elif level:
        rows = [r for r in rows if r.breakdown.level and r.breakdown.level.code == level]
    if text:
        rows = [r for r in rows if matches(r.agency, text)]
    return rows


def matches(agency, text: str) -> bool:
    """The agency's Thai or English name or its code contains the text (any case)."""
    needle = text.strip().casefold()
    return needle in agency.name_th.casefold() or needle in agency.name_en.casefold() or needle in agency.code.casefold()


# -- years compared ---------------------------------------------------------------------------

def all_breakdowns() -> dict[int, tuple[AssessmentRound, Breakdown]]:
    """Every round with its breakdown, by round id, oldest year first: scored once for a page that
    shows them in several ways (years compared)."""
    rounds = list(AssessmentRound.objects.select_related("agency").order_by("fiscal_year", "pk"))
    scored = round_breakdowns(rounds)
    return {r.pk: (r, scored[r.pk]) for r in rounds}


def city_trend(scored: dict[int, tuple[AssessmentRound, Breakdown]] | None = None) -> list[dict]:
    """Per fiscal year (oldest first): agencies, mean ITA and tools, and the level distribution."""
    scored = all_breakdowns() if scored is None else scored
    out = []
    for year in sorted({r.fiscal_year for r, _b in scored.values()}):
        breakdowns = [b for r, b in scored.values() if r.fiscal_year == year]
        counts = Counter(b.level.code if b.level else None for b in breakdowns)
        out.append({
            "year": year,
            "agencies": len(breakdowns),
            "scored": sum(1 for b in breakdowns if b.ita is not None),
            "mean_ita": _mean(b.ita for b in breakdowns),
            "tools": {code: _mean(b.tools[code].score for b in breakdowns if code in b.tools)
                      for code in ("IIT", "EIT", "OIT")},
            "levels": counts,
            "indicators": {code: _mean(b.indicators.get(code) for b in breakdowns)
                           for code in {c for b in breakdowns for c in b.indicators}},
        })
    return out


@dataclass
class AgencyYears:
    """One agency's ITA and level in each fiscal year, and the change between its last two rounds."""

    agency: Agency
    cells: dict[int, tuple[AssessmentRound, Breakdown]]

    def ita(self, year: int):
        cell = self.cells.get(year)
        return cell[1].ita if cell else None

    def _scored(self) -> list[int]:
        return [y for y in sorted(self.cells) if self.ita(y) is not None]

    @property
    def latest_year(self) -> int | None:
        """The latest year with an ITA (a round started this year has none yet: the one before counts)."""
        scored = self._scored()
        return scored[-1] if scored else None

    @property
    def latest(self):
        return self.ita(self.latest_year) if self.latest_year else None

    @property
    def change(self):
        """From the agency's scored round before its latest scored one."""
        scored = self._scored()
        return self.ita(scored[-1]) - self.ita(scored[-2]) if len(scored) > 1 else None


YEARS_SORTS = {"agency", "code", "latest", "change"}


def agencies_by_year(sort: str = "code", descending: bool = False,
                     scored: dict[int, tuple[AssessmentRound, Breakdown]] | None = None) -> tuple[list[int], list[AgencyYears]]:
    """Every agency with a round, its ITA and level per fiscal year (oldest first), sorted by name,
    code, latest ITA or change; agencies without the value last whichever the direction."""
    rows: dict[int, AgencyYears] = {}
    for rnd, breakdown in (all_breakdowns() if scored is None else scored).values():
        row = rows.setdefault(rnd.agency_id, AgencyYears(rnd.agency, {}))
        row.cells[rnd.fiscal_year] = (rnd, breakdown)
    all_years = sorted({y for r in rows.values() for y in r.cells})
    key = {"agency": lambda r: sort_key(r.agency.name), "code": lambda r: r.agency.code,
           "latest": lambda r: r.latest, "change": lambda r: r.change}[sort if sort in YEARS_SORTS else "code"]
    return all_years, known_first(list(rows.values()), key, descending)


def agencies_by_year_xlsx(years_: list[int], rows: list[AgencyYears], trend: list[dict] | None = None,
                          levels=()) -> bytes:
    """The agencies × years table as a workbook: ITA, level and the three tools per year, the change,
    Thai headings first; and, given the city's `trend`, its means and agencies per level (of `levels`)
    per year on a second sheet."""
    from openpyxl import Workbook
    from prongsai.reports.export import cents, heading, number, safe_cell, workbook_bytes

    book = Workbook()
    ws = book.active
    ws.title = "ITA รายปี by year"
    header = ["รหัส / code", "หน่วยงาน / agency", "ข้อมูลสังเคราะห์ / synthetic"]
    for y in years_:
        header += [f"ITA {y}", f"ระดับ {y} / level", f"IIT {y}", f"EIT {y}", f"OIT {y}"]
    header += ["ITA ล่าสุด / latest ITA", "ปีของ ITA ล่าสุด / its year", "เปลี่ยนแปลงล่าสุด / latest change"]
    heading(ws, header)
    for r in rows:
        values = [r.agency.code, r.agency.name_th, "ใช่ / yes" if r.agency.synthetic else "ไม่ / no"]
        for y in years_:
            b = r.cells[y][1] if y in r.cells else None
            values += [number(b.ita) if b else None, b.level.name.th if b and b.level else None,
                       *(number(b.tools[t].score) if b and t in b.tools else None for t in ("IIT", "EIT", "OIT"))]
        ws.append([safe_cell(v) for v in [*values, number(r.latest), r.latest_year, number(r.change)]])
    cents(ws)
    ws.column_dimensions["B"].width = 36
    for column in ws.iter_cols(min_col=3, max_row=1):  # the rest as wide as their headings
        ws.column_dimensions[column[0].column_letter].width = max(12, len(str(column[0].value)) + 2)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    if trend:
        _trend_sheet(book, trend, levels)
    return workbook_bytes(book)


def _trend_sheet(book, trend: list[dict], levels) -> None:
    """The city by year, as the page's first table: agencies, the means (of the figures shown), levels."""
    from prongsai.reports.export import cents, heading, number

    ws = book.create_sheet("กรุงเทพมหานคร (city)")
    heading(ws, ["ปีงบประมาณ / fiscal year", "หน่วยงาน / agencies", "ITA เฉลี่ย / mean", "IIT", "EIT", "OIT",
                 *(f"{lv.name.th} / {lv.name.en}" for lv in levels), "ยังไม่มีคะแนน ITA / no ITA yet"])
    for entry in trend:  # (the last column as the page's: the levels and it add up to the agencies)
        ws.append([entry["year"], entry["agencies"], number(entry["mean_ita"]),
                   *(number(entry["tools"][t]) for t in ("IIT", "EIT", "OIT")),
                   *(entry["levels"].get(lv.code, 0) for lv in levels), entry["levels"].get(None, 0)])
    cents(ws)
    ws.column_dimensions["A"].width = 22


def city_indicators_by_year(trend: list[dict]) -> list[dict]:
    """The city's mean indicator scores, one heat cell per year (indicators of the latest pack)."""
    latest = AssessmentRound.objects.order_by("-fiscal_year").first()
    if latest is None:
        return []
    return [{"code": ind.code, "name": ind.name,
             "cells": [{"score": t["indicators"].get(ind.code), "heat": heat(t["indicators"].get(ind.code))} for t in trend]}
            for ind in latest.pack.indicators]


def agency_trend(agency: Agency) -> list[dict]:
    """One agency's rounds, oldest first: ITA, level, tool and indicator scores, change."""
    out = []
    previous = None
    rounds = list(agency.rounds.select_related("agency").order_by("fiscal_year"))
    scored = round_breakdowns(rounds)
    for rnd in rounds:
        b = scored[rnd.pk]
        change = b.ita - previous.ita if b.ita is not None and previous is not None and previous.ita is not None else None
        out.append({"round": rnd, "breakdown": b, "change": change,
                    "tools": {c: (t.score if t else None) for c, t in ((c, b.tools.get(c)) for c in ("IIT", "EIT", "OIT"))}})
        previous = b
    return out


def frameworks_by_year(trend: list[dict]) -> list[tuple[str, list[int]]]:
    """The frameworks an agency's rounds were assessed under, each with its years, oldest first —
    said above its indicators by year when there are several: an indicator's questions and OIT items
    differ between them (2566's 30 OIT items, 2567's 22), so its scores compare only roughly."""
    out: list[tuple[str, list[int]]] = []
    for t in trend:
        name = t["round"].pack.name.th
        if out and out[-1][0] == name:
            out[-1][1].append(t["round"].fiscal_year)
        else:
            out.append((name, [t["round"].fiscal_year]))
    return out


def indicators_by_year(trend: list[dict]) -> list[dict]:
    """Rows of indicators (the latest round's pack) with one heat cell per year."""
    if not trend:
        return []
    pack = trend[-1]["round"].pack
    return [{"code": ind.code, "name": ind.name,
             "cells": [{"score": t["breakdown"].indicators.get(ind.code), "heat": heat(t["breakdown"].indicators.get(ind.code))}
                       for t in trend]}
            for ind in pack.indicators]


def agencies_matching(text: str):
    qs = Agency.objects.filter(rounds__isnull=False).distinct()
    if text:
        qs = qs.filter(Q(name_th__icontains=text) | Q(name_en__icontains=text) | Q(code__icontains=text))
    return qs


def city_xlsx(city: CityYear, rows: list | None = None, with_missing: bool = True) -> bytes:
    """The year's table as a workbook, one row per agency of `rows` (default: all, by rank): the
    same figures as the page, with Thai headings first, the indicators by name and what changed
    since each agency's previous round, scores with two decimals; agencies without a round listed
    below them unless `with_missing` is False (a filtered page)."""
    from openpyxl import Workbook
    from prongsai.reports.export import cents, heading, number, safe_cell, workbook_bytes

    book = Workbook()
    ws = book.active
    ws.title = f"ITA {city.year}"
    header = ["ลำดับ / rank", "รหัส / code", "หน่วยงาน / agency", "ข้อมูลสังเคราะห์ / synthetic", "ITA",
              "ระดับ / level", "IIT", "EIT", "OIT", "เปลี่ยนแปลง / change", "ปีก่อนหน้า / previous year",
              "ระดับปีก่อน / previous level", "ระดับลดลง / dropped a level", "เหตุที่ไม่ได้ระดับเดิม / short of the previous level",
              "เหตุที่ไม่ได้ระดับตามคะแนน ITA / held below the ITA's level"]
    header += [f"{ind.code} {ind.name.th}" for ind in city.indicators]
    heading(ws, header)
    for r in sort_rows(city.rows, "rank", False) if rows is None else rows:
        previous_level = r.previous.level if r.previous else None
        ws.append([safe_cell(v) for v in [
            r.rank, r.agency.code, r.agency.name_th, "ใช่ / yes" if r.agency.synthetic else "", number(r.ita),
            r.breakdown.level.name.th if r.breakdown.level else None,
            *(number(r.tool(t)) for t in ("IIT", "EIT", "OIT")),
            number(r.change), r.previous_round.fiscal_year if r.previous_round else None,
            previous_level.name.th if previous_level else None, "ใช่ / yes" if r.dropped else "",
            "; ".join(r.kept_from_previous_th) or None, "; ".join(r.held_back_th) or None,
            *(number(r.breakdown.indicators.get(ind.code)) for ind in city.indicators),
        ]])
    cents(ws)
    ws.auto_filter.ref = f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"  # the agencies, not the list below
    for a in city.missing if with_missing else ():
        ws.append([None, safe_cell(a.code), safe_cell(a.name_th), "", None, f"ไม่มีรอบการประเมินปี {city.year} / no round"])
    ws.column_dimensions["C"].width = 36  # สำนักงานเขตป้อมปราบศัตรูพ่าย whole
    for letter in ("F", "L"):
        ws.column_dimensions[letter].width = 22
    ws.freeze_panes = "D2"
    _summary_sheet(book, city)
    return workbook_bytes(book)


def city_document(city: CityYear, rows: list[Row], filtered: str = "") -> "Document":
    """The year's table as a document to print or attach to a memo (A4 landscape, Thai): the city's
    figures, then one row per agency of `rows` (the page's filter and order) with why a district
    that dropped a level is not at its previous one. `filtered`: what the page's filter kept, said under the figures."""
    from prongsai.documents.model import Cell, Column, Document, Section, Table
    from prongsai.reports.templatetags.prongsai import score as figure  # as the page prints a score or a mean

    shown = [d for d in city.distribution if d["count"]]
    levels = " ".join(f"{d['level'].name.th if d['level'] else 'ยังไม่มีระดับ'} {d['count']} หน่วยงาน" for d in shown)
    summary = [f"หน่วยงานที่มีรอบการประเมินปีงบประมาณ พ.ศ. {city.year} จำนวน {len(city.rows)} หน่วยงาน "
               f"คะแนน ITA เฉลี่ย {figure(city.mean_ita)} คะแนน แบ่งตามระดับ: {levels}"]
    if city.dropped:
        summary.append(f"ระดับผลการประเมินลดลงจากรอบก่อน {city.dropped} หน่วยงาน")
    if city.missing and not filtered:  # as the page and the XLSX say it: a reader counts 49 and asks (a tester)
        summary.append(f"หน่วยงานที่ไม่มีรอบการประเมินในปีงบประมาณ พ.ศ. {city.year} ({len(city.missing)} หน่วยงาน): "
                       + ", ".join(a.name_th for a in city.missing))
    if city.synthetic:
        summary.append(f"หน่วยงานที่มีเครื่องหมาย * เป็นข้อมูลสังเคราะห์เพื่อการสาธิต ({city.synthetic} หน่วยงาน) ไม่ใช่ผลการประเมินจริง")
    if filtered:
        summary.append(filtered)
    table_rows = []
    for r in rows:
        level = r.breakdown.level.name.th if r.breakdown.level else "–"
        if r.dropped:
            level += f"\n(ลดลงจากระดับ{r.previous.level.name.th}ในปี {r.previous_round.fiscal_year})"
            level += "".join(f"\n{reason}" for reason in r.kept_from_previous_th)
        else:
            level += "".join(f"\n{reason}" for reason in r.held_back_th)
        change = "–" if r.change is None else f"{'+' if r.change > 0 else ''}{r.change:.2f}"
        table_rows.append([
            Cell("–" if r.rank is None else str(r.rank)), Cell(r.agency.name_th + ("\u00a0*" if r.agency.synthetic else "")),  # (the mark kept with the name: it wrapped alone)
            Cell(figure(r.ita)), Cell(level), *(Cell(figure(r.tool(t))) for t in ("IIT", "EIT", "OIT")), Cell(change),
        ])
    if not table_rows:
        table_rows = [[Cell("–"), Cell("ไม่มีหน่วยงานตามที่เลือก", colspan=7)]]
    columns = [Column("ลำดับ", 0.65, numbers=True), Column("หน่วยงาน", 2.4), Column("ITA", 0.75, numbers=True),
               Column("ระดับผลการประเมิน", 3.2), *(Column(t, 0.75, numbers=True) for t in ("IIT", "EIT", "OIT")),
               Column("เปลี่ยนแปลง\nจากรอบก่อน", 1.15, numbers=True)]
    return Document(title="ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)\nของหน่วยงานในสังกัดกรุงเทพมหานคร",
                    agency="กรุงเทพมหานคร", fiscal_year=city.year,
                    sections=[Section(paragraphs=summary, table=Table(columns, table_rows, font_pt=14, fit_content=True))], kind="city")


def _summary_sheet(book, city: CityYear) -> None:
    """The page's city-wide tables as a second sheet, so that an analyst retypes none of them: the
    means (of the figures shown), how many agencies reached each level, the weakest items."""
    from prongsai.reports.export import cents, heading, number, safe_cell

    ws = book.create_sheet(f"สรุป {city.year} (summary)")
    heading(ws, ["ตัวเลขระดับกรุงเทพมหานคร / city figures", "ค่าเฉลี่ย / mean"])
    ws.append(["ITA", number(city.mean_ita)])
    for tool in ("IIT", "EIT", "OIT"):
        ws.append([tool, number(_mean(r.tool(tool) for r in city.rows))])
    same = [r for r in city.rows if r.round.framework == city.pack.code]  # an indicator means one thing in one pack
    for ind in city.indicators:
        ws.append([f"{ind.code} {ind.name.th}", number(_mean(r.breakdown.indicators.get(ind.code) for r in same))])
    ws.append([])
    ws.append(["ระดับผลการประเมิน / level", "หน่วยงาน / agencies", "ร้อยละ / percent"])
    for entry in city.distribution:
        ws.append([entry["level"].name.th if entry["level"] else "ไม่มีระดับ / no level", entry["count"], number(entry["percent"])])
    ws.append([])
    ws.append(["ข้อที่คะแนนเฉลี่ยต่ำสุด / weakest items", "ค่าเฉลี่ย / mean", "หน่วยงาน / agencies",
               "ต่ำกว่า 85 / below 85"])
    for item in city.weakest:
        ws.append([safe_cell(f"{item['code']} {item['name'].th}"), number(item["mean"]), item["agencies"], item["below"]])
    cents(ws)
    ws.column_dimensions["A"].width = 60
