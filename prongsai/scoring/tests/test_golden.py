"""Golden test: reproduce every published figure of the Lak Si 2567 report from the
fixture's option counts, OIT results and published EIT question scores."""
from decimal import Decimal

import pytest

from prongsai.scoring import breakdown_json, load_pack, round2, score

from .fixture import DEMO_COPY, SHARED_FIXTURE, laksi, laksi_input

PACK = "bma-district-2567"


@pytest.fixture(scope="module")
def result():
    return score(load_pack(PACK), laksi_input())


def published(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_every_iit_question_score_matches_the_report(result):
    for q in laksi()["questions"]["IIT"]:
        assert round2(result.questions[q["code"]].score) == published(q["published_score"]), q["code"]
        assert result.questions[q["code"]].answered == sum(q["counts"])


def test_every_indicator_and_subindicator_matches_the_report(result):
    expected = laksi()["published"]["indicators"]
    assert set(result.indicators) == set(expected)
    for code, value in expected.items():
        assert round2(result.indicators[code]) == published(value), code


def test_tools_weighted_parts_ita_and_level_match_the_report(result):
    doc = laksi()["published"]
    for tool in ("IIT", "EIT", "OIT"):
        assert round2(result.tools[tool].score) == published(doc["tools"][tool]), tool
        assert result.tools[tool].weighted == published(doc["weighted"][tool]), tool
    assert result.ita == published(doc["ita_total_derived"])
    assert result.level.name.th == doc["level_th"]


def test_oit_items_are_the_published_verdicts(result):
    for item in laksi()["questions"]["OIT"]:
        assert round2(result.questions[item["code"]].score) == published(item["published_score"])


def test_eit_counts_mismatch_is_reported_not_hidden(result):
    e1 = next(q for q in laksi()["questions"]["EIT"] if q["code"] == "E1")
    assert round2(result.questions["E1"].score) == published(e1["published_score"])
    assert round2(result.questions["E1"].counts_score) == Decimal("89.64")
    assert any(w.startswith("E1:") and "89.64" in w and "87.91" in w for w in result.warnings)


def test_indicator_8_rounds_half_up_exactly(result):
    # (85.99 + 84.16) / 2 = 85.075 exactly; binary floats would print 85.07.
    assert result.indicators["8"] * 1000 == 85075
    assert breakdown_json(result)["indicators"]["8"] == 85.08


def test_without_published_scores_the_counts_decide_eit():
    result = score(load_pack(PACK), laksi_input(with_published_eit=False))
    assert round2(result.questions["E1"].score) == Decimal("89.64")
    assert not any(w.startswith("E1:") for w in result.warnings)


def test_the_demo_copy_is_the_shared_fixture():
    if not SHARED_FIXTURE.exists():
        pytest.fail(f"the golden fixture is not beside the checkout: {SHARED_FIXTURE}")
    assert DEMO_COPY.read_bytes() == SHARED_FIXTURE.read_bytes()
