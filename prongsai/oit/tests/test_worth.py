"""What an OIT item is worth, through the engine; golden figures from the Lak Si fixture."""
from decimal import Decimal
from fractions import Fraction

import pytest

from prongsai.oit.worth import round_worth
from prongsai.scoring import round2
from prongsai.scoring.tests.fixture import laksi


def share(item: str) -> Decimal:
    """The OIT points one item carries, from the fixture's structure: points / items of its sub-indicator."""
    sub = next(s for s in laksi()["structure"]["subindicators"] if item in s["items"])
    return Decimal(sub["oit_points"]) / len(sub["items"])


@pytest.mark.django_db
def test_one_9_2_item_is_worth_1_50_ita_points(laksi_round):
    doc = laksi()
    published = doc["published"]
    breakdown, worth = round_worth(laksi_round)
    assert breakdown.ita == Decimal(str(published["weighted"]["IIT"] + published["weighted"]["EIT"] + published["weighted"]["OIT"])).quantize(Decimal("0.01"))
    # O10 (9.2, 8 items of 30 points) failed in 2567: passing it adds 30/8 = 3.75 OIT points
    oit_now = Decimal(str(published["tools"]["OIT"]))
    weight = Decimal("0.40")
    assert share("O10") == Decimal("3.75")
    with_o10 = round2(Fraction((oit_now + share("O10")) * weight))
    assert worth["O10"].ita == with_o10 - Decimal(str(published["weighted"]["OIT"])) == Decimal("1.50")
    assert worth["O10"].oit == Decimal("3.75")
    # worth does not depend on the current verdict: a passed 9.2 item is worth the same
    assert worth["O9"].ita == Decimal("1.50")
    # O16 alone carries 9.4 (5 points); O15 is one of three 9.3 items (15 points): 5 OIT points each
    for item in ("O15", "O16"):
        assert worth[item].oit == share(item) == Decimal(5)
        assert worth[item].ita == round2(Fraction(share(item) * weight)) == Decimal("2.00")


@pytest.mark.django_db
def test_worth_without_survey_scores_has_no_ita(db):
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.scoring import pack_for_year

    pack = pack_for_year(2568)
    rnd = ensure_round(ensure_agency("900009", pack), 2568)
    breakdown, worth = round_worth(rnd)
    assert breakdown.ita is None and breakdown.tools["OIT"].score is None
    assert worth["O10"].ita is None and worth["O10"].oit == Decimal("3.75")
