"""Score every agency at once and print the JSON of `prongsai score`, byte for byte.

How it stays exact:
- question scores come from integer counts: points × counts summed as integers, and the
  rounding half-up to cents done in integer arithmetic;
- indicators, tools and OIT are means of those; they are computed in float64, whose error
  here is below 1e-11 of a cent. A rounding is accepted only when the float is more than
  1e-6 of a cent away from a half-cent boundary, so the float and the exact value round the
  same way. Any agency with a figure closer than that (a true tie such as 85.075), with a
  warning to give (a question nobody answered, OIT items without a verdict, a published
  score) is scored by the exact engine (`prongsai.scoring.score`) instead;
- weighted parts, the ITA and the level are computed from the rounded cents in integers, as
  the exact engine does.
The JSON text is laid out from a template made by `json.dumps` of `breakdown_json` itself.
"""
from __future__ import annotations

import functools
import json
import math
import re
from fractions import Fraction

import numpy as np
import polars as pl

from prongsai.scoring import AgencyInput, Pack, breakdown_json, round2, score
from prongsai.scoring.numbers import mean
from prongsai.scoring.inputs import InputErrors, ParsedScore

from .read import Fallback, Tallies, is_parquet, read_tallies

TIE_MARGIN = 1e-6  # of a cent; the float error is below 1e-11 of a cent
MARK = "\ue000"  # a private-use character json.dumps leaves alone and no pack code contains
JSON_ESCAPES = re.compile(r'[\x00-\x1f\\"]')  # what json.dumps(ensure_ascii=False) escapes in a string


def _texts(table: list[str] | pl.Series, index: np.ndarray) -> pl.Series:
    """table[index] as a Polars string column (index -1 = "null")."""
    if not isinstance(table, pl.Series):
        table = pl.Series([*table, "null"], dtype=pl.String)
    return table.gather(np.where(index >= 0, index, len(table) - 1))


@functools.cache
def _number_table() -> pl.Series:
    """What json.dumps prints for float(round2(x)) at 0.00 … 100.00, then null."""
    return pl.Series([repr(c / 100) for c in range(10001)] + ["null"], dtype=pl.String)


def _columns(paths: list[tuple], values: dict[tuple, np.ndarray], texts) -> dict[tuple, pl.Series]:
    """The JSON texts of several value columns (-1 = null), made in one call of texts() on
    the columns laid end to end, then cut apart again (slices share the memory)."""
    if not paths:
        return {}
    n = len(values[paths[0]])
    flat = texts(np.concatenate([values[p] for p in paths]))
    return {p: flat.slice(k * n, n) for k, p in enumerate(paths)}


def _numbers(cents: np.ndarray) -> pl.Series:
    """The JSON numbers of round2 figures, from cents (-1 = null); scores are 0–100."""
    if len(cents) and cents.max() > 10000:
        return pl.Series([repr(c / 100) if c >= 0 else "null" for c in cents.tolist()], dtype=pl.String)
    return _texts(_number_table(), cents)


def _integers(values: np.ndarray) -> pl.Series:
    """JSON texts of non-negative integers (-1 = null)."""
    top = int(values.max()) if len(values) else 0
    return _texts([str(i) for i in range(top + 1)], values)


def _strings(values: list[str]) -> pl.Series:
    """json.dumps(value, ensure_ascii=False) of each value."""
    if JSON_ESCAPES.search("".join(values)):
        return pl.Series([json.dumps(v, ensure_ascii=False) for v in values], dtype=pl.String)
    return pl.select(pl.concat_str([pl.lit('"'), pl.lit(pl.Series(values, dtype=pl.String)), pl.lit('"')])).to_series()


def _certified_cents(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Round half-up to cents; `sure` is False where the float is too close to a half cent."""
    scaled = values * 100 + 0.5
    cents = np.floor(scaled)
    above = scaled - cents
    sure = (above > TIE_MARGIN) & (above < 1 - TIE_MARGIN) | np.isnan(values)
    return np.where(np.isnan(values), -1, cents).astype(np.int64), sure


def _half_up(numerator: np.ndarray, denominator: int | np.ndarray) -> np.ndarray:
    """round-half-up(numerator / denominator) for non-negative integers."""
    return (2 * numerator + denominator) // (2 * denominator)


def _template(pack: Pack) -> tuple[list[str], list[tuple]]:
    """The JSON text of one agency as literal pieces between its values, and each value's path."""
    sample = breakdown_json(score(pack, AgencyInput("0")))
    sample["warnings"] = []
    paths: list[tuple] = []

    def walk(node, path):
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):  # the warnings: none on this path
            return node
        paths.append(path)
        return f"{MARK}{len(paths) - 1}{MARK}"

    text = json.dumps(walk(sample, ()), ensure_ascii=False, indent=2)
    pieces = re.split(f'"{MARK}([0-9]+){MARK}"', text)
    assert [int(i) for i in pieces[1::2]] == list(range(len(paths)))
    return pieces[0::2], paths


def _layout(framework: str) -> tuple[str, str, str]:
    """The document around the agencies as json.dumps(indent=2) lays it out: before, indent, after."""
    outer = json.dumps({"framework": framework, "agencies": [MARK]}, ensure_ascii=False, indent=2)
    before, after = outer.split(f'"{MARK}"')
    return before, before[before.rfind("\n") + 1:], after


def _mean(columns: list[np.ndarray]) -> np.ndarray:
    return np.sum(columns, axis=0) / len(columns)


def score_json(pack: Pack, tallies: Tallies, published: list[ParsedScore] = ()) -> bytes:
    """The `prongsai score` JSON document for every agency in the tallies, as UTF-8."""
    return b"".join(score_json_parts(pack, tallies, published))


def score_json_parts(pack: Pack, tallies: Tallies, published: list[ParsedScore] = ()) -> list[bytes]:
    """`score_json` in the pieces it is made of, to be written one after the other: joining them
    copies 28 MB of fresh memory on the national set (26 ms of a 0.9 s run)."""
    codes = tallies.codes
    n = len(codes)
    exact = np.zeros(n, dtype=bool)  # agencies the exact engine scores (they have warnings)
    position = {c: i for i, c in enumerate(codes)}
    published_by: dict[str, dict[str, Fraction]] = {}
    for p in published:
        published_by.setdefault(p.agency_code, {})[p.question] = p.score
        exact[position[p.agency_code]] = True

    cents: dict[tuple, np.ndarray] = {}  # JSON path -> cents per agency (-1 = null)
    ints: dict[tuple, np.ndarray] = {}  # JSON path -> integer per agency (-1 = null)

    question_value: dict[str, np.ndarray] = {}  # floats, nan = nobody answered
    question_total: dict[str, np.ndarray] = {}  # Σ points × scale × count
    question_answered: dict[str, np.ndarray] = {}
    question_scale: dict[str, int] = {}  # makes every point an integer

    def certify(path, values, exact_value):
        """Cents from the floats; where a float is too close to a half cent, from the exact value."""
        c, sure = _certified_cents(values)
        for i in np.flatnonzero(~sure).tolist():
            c[i] = int(round2(exact_value(i)) * 100)
        cents[path] = c

    def question_fraction(code: str, i: int) -> Fraction | None:
        """counts_score of the agency's counts, from the integers already summed."""
        count = int(question_answered[code][i])
        return Fraction(int(question_total[code][i]), count * question_scale[code]) if count else None

    # questions: integer numerators over integer denominators
    for q in pack.questions:
        points = [Fraction(p) for p in pack.points(q)]
        scale = math.lcm(*(p.denominator for p in points))
        weights = np.array([int(p * scale) for p in points], dtype=np.int64)
        counts = tallies.counts[q.code]
        answered = counts.sum(axis=1)
        total = counts @ weights
        nobody = answered == 0
        safe = np.where(nobody, 1, answered)
        cents[("questions", q.code, "score")] = np.where(nobody, -1, _half_up(100 * total, safe * scale))
        ints[("questions", q.code, "answered")] = np.where(nobody, -1, answered)
        question_value[q.code] = np.where(nobody, np.nan, total / (safe * scale))
        question_total[q.code], question_answered[q.code], question_scale[q.code] = total, answered, scale

    tool_value: dict[str, np.ndarray] = {}
    for tool in pack.survey_tools():
        qs = pack.question_codes(tool.code)
        missing = np.array([np.isnan(question_value[c]) for c in qs])
        some = missing.any(axis=0) & ~missing.all(axis=0)
        exact[some] = True  # a warning to give
        value = _mean([question_value[c] for c in qs])
        certify(("tools", tool.code, "score"), value, lambda i, qs=qs: mean([question_fraction(c, i) for c in qs]))
        tool_value[tool.code] = value
        r = tallies.respondents[tool.code]
        ints[("tools", tool.code, "respondents")] = np.where(r > 0, r, -1)

    # OIT: item verdicts, sub-indicators, the tool
    items = pack.item_codes()
    sub_value: dict[str, np.ndarray] = {}
    checklist = [t for t in pack.tools if t.kind == "checklist"]
    if checklist:
        values = np.array([float(v) for v in tallies.oit_values] + [np.nan])
        given = tallies.oit >= 0
        has_any = given.any(axis=1)
        exact[has_any & ~given.all(axis=1)] = True  # "no verdict for …; scored 0"
        item_value = values[tallies.oit]  # index -1 picks the nan
        item_value = np.where(has_any[:, None], np.nan_to_num(item_value, nan=0.0), np.nan)
        index = {code: j for j, code in enumerate(items)}

        def item_fraction(code: str, i: int) -> Fraction:
            v = int(tallies.oit[i, index[code]])
            return tallies.oit_values[v] if v >= 0 else Fraction(0)

        def sub_fraction(sub, i: int) -> Fraction:
            return mean([item_fraction(c, i) for c in sub.items])

        for j, code in enumerate(items):
            certify(("questions", code, "score"), item_value[:, j], lambda i, code=code: item_fraction(code, i))
        total = np.zeros(n)
        for sub in pack.subindicators:
            value = _mean([item_value[:, index[c]] for c in sub.items])
            sub_value[sub.code] = value
            total = total + value * float(sub.points) / 100
        tool_value[checklist[0].code] = total
        certify(
            ("tools", checklist[0].code, "score"), total,
            lambda i: sum((sub_fraction(s, i) * Fraction(s.points) / 100 for s in pack.subindicators), Fraction(0)),
        )

    for ind in pack.indicators:
        if ind.questions:
            value = _mean([question_value[c] for c in ind.questions])
            certify(("indicators", ind.code), value, lambda i, ind=ind: mean([question_fraction(c, i) for c in ind.questions]))
        else:
            subs = [s for s in pack.subindicators if s.code in ind.subindicators]
            weight = sum(float(s.points) for s in subs)
            value = np.sum([sub_value[s.code] * float(s.points) for s in subs], axis=0) / weight
            certify(
                ("indicators", ind.code), value,
                lambda i, subs=subs: sum((sub_fraction(s, i) * Fraction(s.points) for s in subs), Fraction(0))
                / sum(Fraction(s.points) for s in subs),
            )
    for sub in pack.subindicators:
        certify(("indicators", sub.code), sub_value[sub.code], lambda i, sub=sub: sub_fraction(sub, i))

    # weighted parts, ITA and level from the rounded cents, in integers
    parts = []
    for tool in pack.tools:
        tc = cents[("tools", tool.code, "score")]
        w = Fraction(tool.weight)
        weighted = np.where(tc < 0, -1, _half_up(tc * w.numerator, 100 * w.denominator))
        cents[("tools", tool.code, "weighted")] = weighted
        parts.append(weighted)
    parts = np.array(parts)
    complete = (parts >= 0).all(axis=0)
    ita = np.where(complete, parts.sum(axis=0), -1)
    cents[("ita",)] = ita
    level = np.full(n, -1)
    tool_cents = np.array([cents[("tools", t.code, "score")] for t in pack.tools])
    for i, lv in reversed(list(enumerate(pack.levels))):
        ok = complete & _at_least(ita, lv.min_ita)
        if lv.every_tool_at_least is not None:
            ok &= _at_least(tool_cents, lv.every_tool_at_least).all(axis=0)
        level = np.where(ok, i, level)

    # the text: a template per agency, the exact engine's JSON where it scored
    if n == 0:
        return [json.dumps({"framework": pack.code, "agencies": []}, ensure_ascii=False, indent=2).encode()]
    before, indent, after = _layout(pack.code)
    literals, paths = _template(pack)
    literals = [piece.replace("\n", "\n" + indent) for piece in literals]
    level_names = [json.dumps(lv.name.th, ensure_ascii=False) for lv in pack.levels]
    columns = {("agency_code",): _strings(codes), ("level",): _texts(level_names, level)}
    columns |= _columns([p for p in paths if p in ints], ints, _integers)
    columns |= _columns([p for p in paths if p not in columns and p not in ints], cents, _numbers)
    pieces = [pl.lit(literals[0])]
    for k, path in enumerate(paths):
        pieces += [pl.lit(columns[path]), pl.lit(literals[k + 1])]
    texts = pl.select(pl.concat_str(pieces)).to_series()
    engine = np.flatnonzero(exact)
    if len(engine):
        own = []
        for i in engine.tolist():
            data = _agency_input(pack, tallies, i, published_by.get(codes[i], {}))
            own.append(json.dumps(breakdown_json(score(pack, data)), ensure_ascii=False, indent=2).replace("\n", "\n" + indent))
        texts = texts.scatter(engine, own)
    # as UTF-8 bytes: a Python str of 28 MB with Thai in it would take four bytes a character
    return [before.encode(), texts.str.join(",\n" + indent).cast(pl.Binary).item(), after.encode()]


def _at_least(cents: np.ndarray, floor) -> np.ndarray:
    """cents / 100 >= floor, exactly."""
    f = Fraction(floor) * 100
    return cents * f.denominator >= f.numerator


def _agency_input(pack: Pack, tallies: Tallies, i: int, published: dict[str, Fraction]) -> AgencyInput:
    """One agency's tallies as the exact engine's input (what `agency_inputs` would build)."""
    data = AgencyInput(tallies.codes[i], published=dict(published))
    for code, counts in tallies.counts.items():
        row = counts[i].tolist()
        if sum(row):
            data.counts[code] = row
    for tool, counts in tallies.respondents.items():
        if counts[i]:
            data.respondents[tool] = int(counts[i])
    if tallies.oit is not None:
        for j, code in enumerate(pack.item_codes()):
            v = int(tallies.oit[i, j])
            if v >= 0:
                data.oit[code] = tallies.oit_values[v]
    return data


def agency_inputs(pack: Pack, tallies: Tallies, published: list[ParsedScore] = ()) -> list[AgencyInput]:
    """Every agency's exact-engine input (for the table format)."""
    by: dict[str, dict[str, Fraction]] = {}
    for p in published:
        by.setdefault(p.agency_code, {})[p.question] = p.score
    return [_agency_input(pack, tallies, i, by.get(c, {})) for i, c in enumerate(tallies.codes)]


def bulk_inputs(pack: Pack, responses=None, oit=None, question_scores=None) -> tuple[Tallies, list[ParsedScore]]:
    """Read the files with the fast reader (Q files, always small, with the exact one).

    Raises Fallback when the exact reader must decide (including when a file has errors)."""
    from prongsai.scoring.inputs import parse_question_scores, read_table

    published: list[ParsedScore] = []
    if question_scores:
        if is_parquet(question_scores):
            raise Fallback
        try:
            published = parse_question_scores(pack, read_table(question_scores))
        except InputErrors:
            raise Fallback from None
    tallies = read_tallies(pack, responses, oit, {p.agency_code for p in published})
    return tallies, published
