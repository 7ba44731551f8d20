"""What each OIT item is worth, computed by the scoring engine (never a hand formula):
the round scored with the item passed (100) minus the round scored with it failed (0),
every other verdict as it stands."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from prongsai.agencies.models import AssessmentRound
from prongsai.reports.scores import round_input
from prongsai.scoring import AgencyInput, Breakdown, Pack, round2, score


@dataclass
class Worth:
    item: str
    ita: Decimal | None  # ITA points between failing and passing the item; None without IIT/EIT scores
    oit: Decimal  # OIT points (the OIT tool score, 0–100) between failing and passing


def _with(data: AgencyInput, item: str, value: int) -> AgencyInput:
    changed = copy.copy(data)
    changed.oit = {**data.oit, item: Fraction(value)}
    return changed


def item_worth(pack: Pack, data: AgencyInput, item: str) -> Worth:
    passed = score(pack, _with(data, item, 100))
    failed = score(pack, _with(data, item, 0))
    ita = None if passed.ita is None or failed.ita is None else passed.ita - failed.ita
    oit = round2(passed.tools["OIT"].score) - round2(failed.tools["OIT"].score)
    return Worth(item, ita, oit)


def round_worth(rnd: AssessmentRound, data: AgencyInput | None = None) -> tuple[Breakdown, dict[str, Worth]]:
    """The round's breakdown now and the worth of each of its pack's items."""
    pack = rnd.pack
    data = data or round_input(rnd)
    return score(pack, data), {i.code: item_worth(pack, data, i.code) for i in pack.oit_items}
