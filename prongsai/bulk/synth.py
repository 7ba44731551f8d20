"""Deterministic synthetic assessment data with realistic spreads, written vectorised.

`synthesize(pack, agencies, responses, seed)` returns the R and O tables as Polars frames;
`write(frames, out)` writes R.csv, O.csv (the documented formats) and R.parquet, O.parquet.

The spreads imitate the Lak Si 2567 report: agency sizes with a long tail (lognormal), answers
skewed positive, lower-is-better questions skewed to option 1 ไม่มีเลย, yes/no mostly option 2
(no), about 1 % unanswered cells, agencies of varying quality, OIT pass rates varying by agency
and about 4 % of agencies without any OIT verdict, questionnaires mostly in Thai.
Same pack, sizes and seed → the same bytes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from prongsai.scoring.packs import Pack

# Option distributions of a good agency and of a poor one (options 1..6, higher is better);
# an agency's answers mix the two by its own "trouble" share.
GOOD = np.array([0.004, 0.002, 0.004, 0.05, 0.14, 0.80])
POOR = np.array([0.05, 0.05, 0.10, 0.30, 0.30, 0.20])
UNANSWERED = 0.01
NO_OIT = 0.04
NO_EIT = 0.01
LANGUAGE_SHARES = {"IIT": {"th": 0.97, "en": 0.03}, "EIT": {"th": 0.93, "en": 0.04, "zh": 0.02, "my": 0.01}}


@dataclass
class Synth:
    responses: pl.DataFrame  # R: one row per questionnaire
    verdicts: pl.DataFrame  # O: agency_code, item, result


def agency_codes(n: int) -> list[str]:
    """Unique codes shaped like the BMA's six-digit ones (e.g. 101041), sorted."""
    return [f"{100001 + i}" for i in range(n)]


def _sizes(rng: np.random.Generator, agencies: int, responses: int, minimum: int) -> np.ndarray:
    """Questionnaires per agency: lognormal long tail, at least `minimum`, summing to `responses`."""
    if responses < agencies * minimum:
        raise ValueError(f"{responses} responses cannot give {agencies} agencies {minimum} each")
    weights = rng.lognormal(mean=0.0, sigma=1.0, size=agencies)
    spare = responses - agencies * minimum
    sizes = np.floor(weights / weights.sum() * spare).astype(np.int64)
    rest = spare - int(sizes.sum())
    sizes[np.argsort(-weights, kind="stable")[:rest]] += 1
    return sizes + minimum


BUCKETS = 1024  # the answer distributions are sampled at this resolution


def _option_table(cumulative: np.ndarray) -> np.ndarray:
    """Per agency the option (1-based) for each of BUCKETS equal slices of [0, 1)."""
    middles = (np.arange(BUCKETS) + 0.5) / BUCKETS
    return ((middles[None, :, None] > cumulative[:, None, :]).sum(axis=2) + 1).astype(np.int8).ravel()


def _pick(rng: np.random.Generator, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One option per row from its agency's distribution: one look-up in the option table."""
    return table[rows * BUCKETS + rng.integers(0, BUCKETS, size=len(rows))]


def _choice(rng: np.random.Generator, shares: list[float], n: int) -> np.ndarray:
    """n indices into shares, drawn with those shares."""
    p = np.array(shares, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _strings(values: list[str], index: np.ndarray) -> pl.Series:
    """values[index] as a Polars string column, built in Polars (numpy strings are slow to convert)."""
    return pl.Series(values, dtype=pl.String).gather(index)


def synthesize(pack: Pack, agencies: int, responses: int, seed: int = 1) -> Synth:
    rng = np.random.default_rng(seed)
    codes = agency_codes(agencies)
    sizes = _sizes(rng, agencies, responses, minimum=10)
    trouble = rng.beta(1.2, 6.0, size=agencies)  # share of "poor" answers per agency
    iit_share = rng.uniform(0.25, 0.55, size=agencies)
    no_eit = rng.random(agencies) < NO_EIT
    iit_share[no_eit] = 1.0

    agency = np.repeat(np.arange(agencies), sizes)
    n = len(agency)
    # the first ⌈share × size⌉ questionnaires of each agency are IIT (at least 5), the rest EIT
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    position = np.arange(n) - starts
    n_iit = np.maximum(np.ceil(iit_share * sizes).astype(np.int64), 5)
    is_iit = position < n_iit[agency]
    order = rng.permutation(n)  # exports come in submission order, agencies interleaved
    agency, is_iit = agency[order], is_iit[order]

    probs = (1 - trouble)[:, None] * GOOD + trouble[:, None] * POOR
    options = _option_table(np.cumsum(probs, axis=1)[:, :-1])
    columns: dict[str, object] = {
        "response_id": pl.select(pl.format("R{}", pl.int_range(1, n + 1).cast(pl.String).str.zfill(7))).to_series(),
        "agency_code": _strings(codes, agency),
        "tool": _strings(["EIT", "IIT"], is_iit.astype(np.int64)),
    }
    languages = list(LANGUAGE_SHARES["EIT"])
    iit_shares = [LANGUAGE_SHARES["IIT"].get(lang, 0.0) for lang in languages]
    language = np.where(is_iit, _choice(rng, iit_shares, n), _choice(rng, list(LANGUAGE_SHARES["EIT"].values()), n))
    columns["language"] = _strings(languages, language)
    services = [s.code for s in pack.service_types]
    service = _choice(rng, [0.35, 0.25, 0.15, 0.05, 0.05, 0.15][: len(services)], n)
    columns["service_type"] = _strings(services, service).set(pl.Series(is_iit), None)

    answers: dict[str, np.ndarray] = {}
    for question in pack.questions:
        rows_of_tool = is_iit if question.tool == "IIT" else ~is_iit
        n_options = len(pack.scales[question.scale].points)
        if n_options == 2:
            p_yes = 0.005 + 0.12 * trouble
            option = np.where(rng.random(n) < p_yes[agency], 1, 2).astype(np.int8)
        else:
            option = _pick(rng, options, agency)
            if question.polarity == "lower_is_better":
                option = (n_options + 1 - option).astype(np.int8)
        blank = (rng.random(n) < UNANSWERED) | ~rows_of_tool
        answers[question.code] = np.where(blank, 0, option).astype(np.int8)
    for tool in ("IIT", "EIT"):  # every questionnaire answers at least its tool's first question
        codes_of_tool = pack.question_codes(tool)
        rows_of_tool = is_iit if tool == "IIT" else ~is_iit
        nothing = rows_of_tool & ~np.any([answers[c] > 0 for c in codes_of_tool], axis=0)
        first = codes_of_tool[0]
        answers[first] = np.where(nothing, _pick(rng, options, agency), answers[first]).astype(np.int8)
    for code, option in answers.items():
        columns[code] = pl.Series(code, option, dtype=pl.Int8).replace(0, None)

    demographics: dict[str, dict[str, int]] = {}
    for tool, ds in pack.demographics.items():
        for d in ds:
            demographics.setdefault(d.code, {})[tool] = len(d.options)
    for code, by_tool in demographics.items():
        value = np.zeros(n, dtype=np.int8)
        for tool, n_options in by_tool.items():
            rows_of_tool = is_iit if tool == "IIT" else ~is_iit
            shares = rng.dirichlet(np.full(n_options, 2.0))
            value = np.where(rows_of_tool, _choice(rng, shares.tolist(), n) + 1, value).astype(np.int8)
        value[rng.random(n) < 0.02] = 0  # some respondents skip a personal question
        columns[code] = pl.Series(code, value, dtype=pl.Int8).replace(0, None)

    r = pl.DataFrame(columns)

    has_oit = rng.random(agencies) >= NO_OIT
    pass_rate = rng.beta(5.0, 1.3, size=agencies)
    items = pack.item_codes()
    verdict_agency = np.repeat(np.flatnonzero(has_oit), len(items))
    verdict_item = np.tile(np.arange(len(items)), int(has_oit.sum()))
    passed = rng.random(len(verdict_agency)) < pass_rate[verdict_agency]
    o = pl.DataFrame({
        "agency_code": _strings(codes, verdict_agency),
        "item": _strings(items, verdict_item),
        "result": _strings(["fail", "pass"], passed.astype(np.int64)),
    })
    return Synth(r, o)


def write(synth: Synth, out: str | Path) -> dict[str, Path]:
    """R.csv, O.csv, R.parquet, O.parquet in `out`; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "R.csv": out / "R.csv", "O.csv": out / "O.csv",
        "R.parquet": out / "R.parquet", "O.parquet": out / "O.parquet",
    }
    parts = {name: out / f".{name}.part" for name in paths}  # an interrupted run leaves no file cut short
    try:
        synth.responses.write_csv(parts["R.csv"])
        synth.verdicts.write_csv(parts["O.csv"])
        synth.responses.write_parquet(parts["R.parquet"], statistics=False)
        synth.verdicts.write_parquet(parts["O.parquet"], statistics=False)
        for name, path in paths.items():
            os.replace(parts[name], path)
    finally:
        for part in parts.values():
            part.unlink(missing_ok=True)
    return paths
