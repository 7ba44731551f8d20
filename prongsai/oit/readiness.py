"""The coordinator's readiness view: which items are missing, failing or at risk, and what each is worth."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from prongsai.agencies.models import AssessmentRound

from .checks import latest
from .models import Disclosure, LinkCheck, Status
from .services import ensure_disclosures
from .worth import Worth, round_worth

SERIOUS = {"broken", "unreachable", "timeout", "blocked"}


@dataclass
class ItemReadiness:
    disclosure: Disclosure
    item: object  # the pack's OitItem
    sub: str
    worth: Worth
    checks: dict[str, LinkCheck]
    flags: list[str] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return "missing" in self.flags

    @property
    def failing(self) -> bool:
        return "failing" in self.flags

    @property
    def at_risk(self) -> bool:
        return bool({"broken_link", "link_warning", "due_soon", "overdue"} & set(self.flags))

    @property
    def ok(self) -> bool:
        return not self.flags


def flags_for(d: Disclosure, checks: dict[str, LinkCheck], today: date, soon: int) -> list[str]:
    flags = []
    if not d.links and d.status != Status.PASSED:
        flags.append("missing")
    if d.status == Status.FAILED:
        flags.append("failing")
    problems = {p for c in checks.values() for p in c.problems}
    if problems & SERIOUS:
        flags.append("broken_link")
    elif problems:
        flags.append("link_warning")
    if d.due_date and d.status != Status.PASSED:
        if d.due_date < today:
            flags.append("overdue")
        elif d.due_date <= today + timedelta(days=soon):
            flags.append("due_soon")
    return flags


def readiness(rnd: AssessmentRound, today: date | None = None):
    """(breakdown now, rows in pack order, counts of each kind)."""
    today = today or timezone.localdate()
    soon = settings.PRONGSAI_OIT_DUE_SOON_DAYS
    disclosures = {d.item: d for d in ensure_disclosures(rnd)}
    breakdown, worth = round_worth(rnd)
    checks = latest(rnd)
    pack = rnd.pack
    subs = {code: s.code for s in pack.subindicators for code in s.items}
    rows = []
    for item in pack.oit_items:
        d = disclosures[item.code]
        c = checks.get(d.id, {})
        rows.append(ItemReadiness(d, item, subs[item.code], worth[item.code], c, flags_for(d, c, today, soon)))
    counts = {
        "missing": sum(r.missing for r in rows),
        "failing": sum(r.failing for r in rows),
        "at_risk": sum(r.at_risk for r in rows),
        "ok": sum(r.ok for r in rows),
        "passed": sum(r.disclosure.status == Status.PASSED for r in rows),
        "total": len(rows),
    }
    return breakdown, rows, counts
