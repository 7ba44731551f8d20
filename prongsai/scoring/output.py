"""The breakdown as the stable JSON of `prongsai score` and as a table for a person."""
from __future__ import annotations

from .engine import Breakdown
from .numbers import as_number, round2
from .packs import Pack


def breakdown_json(b: Breakdown) -> dict:
    """One agency in the documented schema: numbers rounded to 2 decimals, missing as null."""
    tools = {}
    for code, t in b.tools.items():
        entry = {"score": as_number(round2(t.score)), "weighted": as_number(t.weighted)}
        if code != "OIT":
            entry["respondents"] = t.respondents
        tools[code] = entry
    questions = {}
    for code, q in b.questions.items():
        entry = {"score": as_number(round2(q.score))}
        if q.tool != "OIT":
            entry["answered"] = q.answered
        questions[code] = entry
    return {
        "agency_code": b.agency_code,
        "ita": as_number(b.ita),
        "level": b.level.name.th if b.level else None,
        "tools": tools,
        "indicators": {code: as_number(round2(v)) for code, v in b.indicators.items()},
        "questions": questions,
        "warnings": [str(w) for w in b.warnings],
    }


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def breakdown_table(pack: Pack, b: Breakdown) -> str:
    """A plain-text report of one agency."""
    lines = [f"หน่วยงาน / Agency {b.agency_code} — {pack.code}"]
    level = f"{b.level.name.th} ({b.level.name.en})" if b.level else "–"
    lines.append(f"ITA {_fmt(b.ita)}   ระดับ / level: {level}")
    lines.append("")
    lines.append(f"{'tool':<6}{'score':>9}{'weight':>8}{'weighted':>10}{'n':>8}")
    for code, t in b.tools.items():
        n = "" if t.respondents is None else str(t.respondents)
        lines.append(f"{code:<6}{_fmt(round2(t.score)):>9}{str(t.weight) + '%':>8}{_fmt(t.weighted):>10}{n:>8}")
    lines.append("")
    lines.append("indicators: " + "  ".join(f"{c} {_fmt(round2(v))}" for c, v in b.indicators.items()))
    for tool in pack.tools:
        cells = [f"{c} {_fmt(round2(q.score))}" for c, q in b.questions.items() if q.tool == tool.code]
        lines.append(f"{tool.code}: " + "  ".join(cells))
    for w in b.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines)
