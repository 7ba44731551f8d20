"""Small cells: a unit under the threshold is suppressed in the page, the XLSX, the JSON
(`prongsai report` and /rounds/<pk>/report.json) and the documents, and its score cannot be
recovered by subtracting the other shown units from the agency total (complementary suppression).

Four units answer the IIT: A (3 respondents, under the threshold of 5), B (6), C (9), D (12),
each unit with its own answers. The attacker's subtraction is computed in the test from the
published figures alone and shown to miss A's true score, while the same subtraction with B's
figures (were B shown) would hit it: the test fails if complementary suppression goes away.
"""
import io
import json
from datetime import timedelta
from fractions import Fraction

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from prongsai.agencies.services import ensure_round
from prongsai.documents import generate
from prongsai.scoring import AgencyInput, round2, score
from prongsai.surveys.intake import Answer, store_responses

pytestmark = pytest.mark.django_db

SIZES = {"A": 3, "B": 6, "C": 9, "D": 12}
# per unit: the option chosen for higher-is-better questions, lower-is-better ones, yes/no ones
OPTIONS = {"A": (6, 1, 1), "B": (6, 1, 2), "C": (4, 3, 2), "D": (3, 4, 1)}


def _answers(pack, higher: int, lower: int, yes_no: int) -> dict[str, int]:
    return {
        q.code: yes_no if q.scale != "likert6" else (lower if q.polarity == "lower_is_better" else higher)
        for q in pack.questions if q.tool == "IIT"
    }


@pytest.fixture
def small_unit_round(open_round):
    pack = open_round.pack
    units = dict(zip(SIZES, open_round.agency.units.order_by("code")[:4]))
    answers = []
    for name, n in SIZES.items():
        a = _answers(pack, *OPTIONS[name])
        answers += [Answer("IIT", units[name], None, "th", a, {}) for _ in range(n)]
    store_responses(open_round, answers)
    open_round.closes_at = open_round.opens_at + timedelta(hours=1)  # collection over: results shown
    open_round.save()
    return open_round, units


def true_score(pack, name: str) -> Fraction:
    """A unit's own IIT score, from its own answers (what suppression must keep secret)."""
    counts = {}
    for code, option in _answers(pack, *OPTIONS[name]).items():
        cells = [0] * len(pack.scales[pack.question(code).scale].points)
        cells[option - 1] = SIZES[name]
        counts[code] = cells
    return score(pack, AgencyInput(name, counts=counts, respondents={"IIT": SIZES[name]})).tools["IIT"].score


def _fmt(value: Fraction) -> str:
    return f"{round2(value):.2f}"


def attack(doc: dict, extra: list[tuple[int, float]] = ()) -> float | None:
    """An attacker's subtraction: agency IIT × N minus every shown unit's IIT × n, over the
    respondents left. Exact when only one unit is missing (every respondent answered every question)."""
    total_n, total = doc["tools"]["IIT"]["respondents"], doc["tools"]["IIT"]["score"]
    shown = [(u["iit_n"], u["iit"]) for u in doc["units"] if u["iit"] is not None] + list(extra)
    left_n = total_n - sum(n for n, _ in shown)
    return (total * total_n - sum(n * s for n, s in shown)) / left_n


def test_the_small_unit_is_hidden_with_a_complement_in_the_json(small_unit_round, capsys):
    rnd, units = small_unit_round
    call_command("report", "--agency", rnd.agency.code, "--year", str(rnd.fiscal_year))
    doc = json.loads(capsys.readouterr().out)
    by_code = {u["code"]: u for u in doc["units"]}
    a, b = by_code[units["A"].code], by_code[units["B"].code]
    assert a["iit"] is None and a["iit_n"] is None and a["mean"] is None and "IIT" in a["suppressed"]
    assert b["iit"] is None and b["iit_n"] is None  # the complement: next smallest
    for name in ("C", "D"):
        row = by_code[units[name].code]
        assert row["iit_n"] == SIZES[name] and row["iit"] == float(_fmt(true_score(rnd.pack, name)))
    assert doc["tools"]["IIT"]["respondents"] == 30
    assert doc["min_cell"] == 5


def test_subtracting_shown_totals_does_not_give_the_small_units_score(small_unit_round, client, admin_user):
    client.force_login(admin_user)  # the internal report needs read access to the agency
    rnd, units = small_unit_round
    doc = client.get(f"/rounds/{rnd.pk}/report.json").json()
    secret = float(true_score(rnd.pack, "A"))
    guess = attack(doc)
    assert abs(guess - secret) > 5, (guess, secret)  # only A and B together are recoverable
    # were B shown, the very same subtraction would give A away (so the test can fail):
    b = (SIZES["B"], float(_fmt(true_score(rnd.pack, "B"))))
    assert abs(attack(doc, [b]) - secret) < 0.05


def test_the_page_and_the_xlsx_hide_the_small_units(small_unit_round, client, admin_user):
    client.force_login(admin_user)  # the internal report needs read access to the agency
    rnd, units = small_unit_round
    page = client.get(f"/rounds/{rnd.pk}/").content.decode()
    units_html = page[page.index('id="units"'):page.index('id="services"')]
    for name in ("A", "B"):
        row = units_html[units_html.index(units[name].name_th):].split("</tr>")[0]
        assert _fmt(true_score(rnd.pack, name)) not in row and "–" in row
    for name in ("C", "D"):
        assert _fmt(true_score(rnd.pack, name)) in units_html
    book = load_workbook(io.BytesIO(client.get(f"/rounds/{rnd.pk}/report.xlsx").content))
    rows = {r[0]: r for r in book["ฝ่าย Units"].iter_rows(min_row=2, values_only=True)}
    # hidden reads "–*" as on the page; "–" is only for nothing there (A has no EIT respondents)
    assert rows[units["A"].name_th][1:] == ("–*", "–*", "–", "–", "–*")
    assert rows[units["B"].name_th][1] == "–*" and rows[units["B"].name_th][2] == "–*"
    assert rows[units["C"].name_th][1] == SIZES["C"]


def test_documents_show_no_unit_scores(small_unit_round):
    rnd, units = small_unit_round
    ensure_round(rnd.agency, rnd.fiscal_year + 1, rnd.framework)
    doc = generate.build(generate.Request(kind="analysis", agency_code=rnd.agency.code, fiscal_year=rnd.fiscal_year + 1))
    text = json.dumps(doc, default=lambda o: getattr(o, "__dict__", str(o)), ensure_ascii=False)
    assert "ITA" in text
    for name in ("A", "B"):
        assert _fmt(true_score(rnd.pack, name)) not in text


def test_two_small_units_hidden_together_are_not_a_group_under_five(open_round, client, admin_user):
    """A (2) and B (1) are hidden, but together they are 3 people: the agency total minus the shown
    units would give those three's score. C (9) is hidden with them, so the subtraction gives only
    the 12 of A, B and C together — and with C shown it would give A and B's (the test can fail)."""
    sizes = {"A": 2, "B": 1, "C": 9, "D": 12}
    pack = open_round.pack
    units = dict(zip(sizes, open_round.agency.units.order_by("code")[:4]))
    store_responses(open_round, [Answer("IIT", units[name], None, "th", _answers(pack, *OPTIONS[name]), {})
                                 for name, n in sizes.items() for _ in range(n)])
    open_round.closes_at = open_round.opens_at + timedelta(hours=1)
    open_round.save()
    client.force_login(admin_user)
    doc = client.get(f"/rounds/{open_round.pk}/report.json").json()
    by_code = {u["code"]: u for u in doc["units"]}
    assert [by_code[units[name].code]["iit"] is None for name in "ABCD"] == [True, True, True, False]

    def group_score(names) -> float:  # the true IIT score of these units' people together
        counts = {}
        for name in names:
            for code, option in _answers(pack, *OPTIONS[name]).items():
                cells = counts.setdefault(code, [0] * len(pack.scales[pack.question(code).scale].points))
                cells[option - 1] += sizes[name]
        return float(score(pack, AgencyInput("g", counts=counts, respondents={"IIT": sum(sizes[n] for n in names)}))
                     .tools["IIT"].score)

    secret = group_score("AB")
    assert abs(attack(doc) - group_score("ABC")) < 0.05 and abs(attack(doc) - secret) > 1
    c = (sizes["C"], round(group_score("C"), 2))
    assert abs(attack(doc, [c]) - secret) < 0.05  # were C shown, the three would be given away
