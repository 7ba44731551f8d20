from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.scoring import round2, to_fraction


@pytest.mark.parametrize(
    "value, expected",
    [
        (Fraction(85075, 1000), "85.08"),
        (Fraction(85074999, 1000000), "85.07"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(-1235, 1000), "-1.24"),
        (Fraction(100), "100.00"),
        (Fraction(0), "0.00"),
    ],
)
def test_round_half_up_to_two_places(value, expected):
    assert round2(value) == Decimal(expected)
    assert str(round2(value)) == expected


def test_none_stays_none():
    assert round2(None) is None


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_fraction(0.1)


@given(st.integers(-10**9, 10**9), st.integers(1, 10**6))
def test_agrees_with_decimal_half_up_on_exact_values(num, den):
    from decimal import ROUND_HALF_UP, localcontext

    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(num) / Decimal(den)
        expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert round2(Fraction(num, den)) == expected
