"""Exact numbers: every score is a Fraction until it is shown.

DESIGN.md: compute exactly, round half-up to 2 decimals only at output.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")


def to_fraction(value: int | str | Decimal | Fraction) -> Fraction:
    """An exact Fraction from an int, a decimal string or a Decimal (never a float)."""
    if isinstance(value, float):
        raise TypeError("binary floats are not accepted as exact numbers")
    return Fraction(value)


def round2(value: Fraction | None) -> Decimal | None:
    """Round half-up (away from zero) to 2 decimals, exactly; None stays None."""
    if value is None:
        return None
    scaled = abs(value) * 100
    cents = scaled.numerator // scaled.denominator
    if scaled - cents >= Fraction(1, 2):
        cents += 1
    if value < 0:
        cents = -cents
    return Decimal(cents).scaleb(-2).quantize(TWO_PLACES)


def as_number(value: Decimal | None) -> float | None:
    """A rounded Decimal as the JSON number it prints as (94.70 → 94.7)."""
    return None if value is None else float(value)


def mean(values: list[Fraction]) -> Fraction | None:
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)
