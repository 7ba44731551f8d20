"""Plausible synthetic ITA figures for the demo districts: deterministic, stored as the same
aggregates a real round holds (option counts and respondent tallies per unit and service type,
demographics, OIT verdicts), so every page scores them with the real engine.

The numbers are made up. Every agency they belong to has `synthetic=True` and is labelled so.
"""
from __future__ import annotations

import random
from collections import Counter
from math import comb

from prongsai.agencies.models import AssessmentRound
from prongsai.oit.models import Disclosure
from prongsai.oit.services import verdict_status
from prongsai.scoring import Pack
from prongsai.surveys.models import OptionCount, RespondentTally

SEED = "prongsai-demo-1"
EIT_LANGUAGES = [("th", 92), ("en", 4), ("zh", 2), ("my", 2)]
# City-wide tendencies, so that the weakest items are the same kind of items every year:
# questions about favours and unfairness (I5, I7–I10) and the complaint channel (E3) score lower.
QUESTION_SHIFT = {"I5": -0.08, "I7": -0.06, "I8": -0.1, "I9": -0.07, "I10": -0.09, "I3": -0.04, "E3": -0.12, "E5": -0.03}


def _clamp(x: float, low: float = 0.05, high: float = 0.99) -> float:
    return max(low, min(high, x))


class Profile:
    """An agency's character: how its staff and public answer, how well it discloses, and its trend."""

    def __init__(self, code: str):
        rng = random.Random(f"{SEED}:profile:{code}")
        self.iit = rng.uniform(0.78, 0.96)
        self.eit = rng.uniform(0.82, 0.97)
        self.oit = rng.uniform(0.6, 1.02)
        self.trend = rng.uniform(-0.025, 0.035)
        self.iit_size = rng.randint(100, 700)
        self.eit_size = rng.randint(100, 700)
        self.unit_weights = [rng.uniform(0.3, 2.0) for _ in range(20)]
        self.service_weights = [rng.uniform(0.3, 2.0) for _ in range(10)]


def _binomial_weights(p: float, n: int = 5) -> list[float]:
    return [comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)]


def _by_goodness(pack: Pack, code: str) -> list[int]:
    """Option numbers (1-based) from the worst to the best answer."""
    points = pack.points(pack.question(code))
    return [i + 1 for i in sorted(range(len(points)), key=lambda i: points[i])]


def _answers(rng: random.Random, pack: Pack, code: str, p: float, n: int) -> Counter:
    """Option counts of n respondents whose answers are good with propensity p."""
    options = _by_goodness(pack, code)
    weights = _binomial_weights(p, len(options) - 1)
    return Counter(rng.choices(options, weights=weights, k=n))


def _split(rng: random.Random, total: int, keys: list, weights: list[float]) -> Counter:
    return Counter(rng.choices(keys, weights=weights[: len(keys)], k=total))


def round_rows(rnd: AssessmentRound, pack: Pack, step: int, units: list[int], services: list[int],
               item_difficulty: dict):
    """The option counts, tallies and verdicts of one synthetic round (unsaved rows); `units` and
    `services` are the agency's unit and service type ids."""
    code = rnd.agency.code
    profile = Profile(code)
    rng = random.Random(f"{SEED}:{code}:{rnd.fiscal_year}")
    drift = profile.trend * step + rng.uniform(-0.015, 0.015)
    counts: list[OptionCount] = []
    tallies: list[RespondentTally] = []

    survey = {
        "IIT": (profile.iit, round(profile.iit_size * rng.uniform(0.9, 1.1)), units, profile.unit_weights, "unit_id"),
        "EIT": (profile.eit, round(profile.eit_size * rng.uniform(0.85, 1.15)), services, profile.service_weights,
                "service_type_id"),
    }
    for tool, (base, total, groups, weights, field) in survey.items():
        per_group = _split(rng, total, groups, weights)
        for group, n in per_group.items():
            shift = rng.uniform(-0.04, 0.04)
            for q in pack.question_codes(tool):
                p = _clamp(base + drift + shift + QUESTION_SHIFT.get(q, 0) + rng.uniform(-0.02, 0.02))
                for option, c in _answers(rng, pack, q, p, n).items():
                    counts.append(OptionCount(round_id=rnd.pk, tool=tool, question=q, option=option, count=c,
                                              **{field: group}))
            if tool == "EIT":
                for language, c in _split(rng, n, [lang for lang, _w in EIT_LANGUAGES],
                                          [w for _lang, w in EIT_LANGUAGES]).items():
                    tallies.append(RespondentTally(round_id=rnd.pk, tool=tool, service_type_id=group, language=language,
                                                   count=c))
            else:
                tallies.append(RespondentTally(round_id=rnd.pk, tool=tool, unit_id=group, language="", count=n))
        for demographic in pack.demographics.get(tool, []):
            options = list(range(1, len(demographic.options) + 1))
            weights = [rng.uniform(0.2, 1.5) for _ in options]
            for option, c in _split(rng, total, options, weights).items():
                counts.append(OptionCount(round_id=rnd.pk, tool=tool, question=demographic.code, option=option, count=c))

    p_oit = profile.oit + drift * 2
    verdicts = [
        Disclosure(round_id=rnd.pk, item=item, score=score, status=verdict_status(score))
        for item in pack.item_codes()
        for score in [100 if rng.random() < _clamp(p_oit - item_difficulty.get(item, 0), 0, 1) else 0]
    ]
    return counts, tallies, verdicts


def item_difficulty(pack: Pack) -> dict[str, float]:
    """City-wide: some OIT items are harder to pass than others (same every run)."""
    rng = random.Random(f"{SEED}:items:{pack.code}")
    return {item: rng.choice([0, 0, 0, 0.05, 0.1, 0.2, 0.3]) for item in pack.item_codes()}
