"""Property tests of the engine (hypothesis)."""
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from prongsai.scoring import AgencyInput, level_for, load_pack, round2, score, tally

PACK = load_pack("bma-district-2567")


def answers_for(tool: str):
    """A strategy of one questionnaire of a tool: each question an option or unanswered."""
    fields = {}
    for q in PACK.questions:
        if q.tool == tool:
            n = len(PACK.scales[q.scale].points)
            fields[q.code] = st.one_of(st.none(), st.integers(1, n))
    return st.fixed_dictionaries(fields)


responses = st.lists(answers_for("IIT"), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(responses, st.randoms(use_true_random=False))
def test_the_order_of_responses_changes_nothing(batch, rnd):
    shuffled = list(batch)
    rnd.shuffle(shuffled)
    a = score(PACK, AgencyInput("A", counts=tally(PACK, batch)))
    b = score(PACK, AgencyInput("A", counts=tally(PACK, shuffled)))
    assert {c: q.score for c, q in a.questions.items()} == {c: q.score for c, q in b.questions.items()}
    assert a.indicators == b.indicators
    assert a.tools["IIT"].score == b.tools["IIT"].score


@settings(max_examples=60, deadline=None)
@given(
    responses,
    st.lists(answers_for("EIT"), min_size=1, max_size=40),
    st.dictionaries(st.sampled_from(PACK.item_codes()), st.sampled_from([Fraction(0), Fraction(100)]), min_size=1),
)
def test_every_score_lies_between_0_and_100(iit, eit, oit):
    result = score(PACK, AgencyInput("A", counts={**tally(PACK, iit), **tally(PACK, eit)}, oit=oit))
    values = [q.score for q in result.questions.values()] + list(result.indicators.values())
    values += [t.score for t in result.tools.values()]
    for value in values:
        assert value is None or 0 <= value <= 100
    if result.ita is not None:
        assert 0 <= result.ita <= 100
        assert result.level is not None


def level(ita: str, *tools: str) -> str:
    found = level_for(PACK, Decimal(ita), {code: Decimal(v) for code, v in zip(("IIT", "EIT", "OIT"), tools)})
    return found.name.th


def test_levels_land_on_the_documented_side_of_every_boundary():
    assert level("95.00", "95.00", "95.00", "95.00") == "ผ่านดีเยี่ยม"
    assert level("96.00", "94.99", "97.00", "97.00") == "ผ่านดี"  # a tool at 94.99 with ITA 96
    assert level("94.99", "96.00", "96.00", "94.00") == "ผ่านดี"
    assert level("85.00", "85.00", "85.00", "85.00") == "ผ่านดี"
    assert level("85.00", "84.99", "90.00", "90.00") == "ผ่าน"  # ITA passes, one tool under 85
    assert level("84.99", "99.00", "99.00", "70.00") == "ต้องปรับปรุง"
    assert level("70.00", "70.00", "70.00", "70.00") == "ต้องปรับปรุง"
    assert level("69.99", "90.00", "90.00", "40.00") == "ต้องปรับปรุงโดยด่วน"
    assert level("0.00", "0.00", "0.00", "0.00") == "ต้องปรับปรุงโดยด่วน"


scores_2dp = st.integers(0, 10000).map(lambda c: Decimal(c).scaleb(-2))


@settings(max_examples=300, deadline=None)
@given(scores_2dp, st.lists(scores_2dp, min_size=3, max_size=3))
def test_the_level_is_the_best_whose_rule_holds(ita, tools):
    by_tool = dict(zip(("IIT", "EIT", "OIT"), tools))
    found = level_for(PACK, ita, by_tool)
    rank = PACK.levels.index(found)

    def holds(lv):
        floor = lv.every_tool_at_least
        return ita >= lv.min_ita and (floor is None or min(tools) >= floor)

    assert holds(found)
    assert not any(holds(better) for better in PACK.levels[:rank])


def test_missing_data_is_none_never_zero():
    result = score(PACK, AgencyInput("A"))
    assert result.ita is None and result.level is None
    assert all(t.score is None and t.weighted is None for t in result.tools.values())
    assert all(v is None for v in result.indicators.values())
    assert result.questions["I1"].score is None and result.questions["I1"].answered is None


def test_some_oit_verdicts_score_missing_items_zero():
    result = score(PACK, AgencyInput("A", oit={"O1": Fraction(100)}))
    assert result.questions["O2"].score == 0
    assert round2(result.indicators["9.1"]) == Decimal("25.00")
    assert result.tools["OIT"].score == Fraction(25 * 20, 100)
    assert any("no verdict for O2" in w for w in result.warnings)


def test_a_question_nobody_answered_leaves_its_tool_without_a_score():
    counts = {q.code: [1] * len(PACK.scales[q.scale].points) for q in PACK.questions if q.tool == "IIT"}
    counts["I4"] = [0] * 6
    result = score(PACK, AgencyInput("A", counts=counts))
    assert result.questions["I4"].score is None
    assert result.indicators["2"] is None and result.tools["IIT"].score is None
    assert any("I4" in w for w in result.warnings)
