"""Collection monitoring: questionnaires so far per tool, unit and service type against the
coordinator's targets, with the units that lag behind the calendar flagged."""
from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import AssessmentRound

from .models import CollectionTarget, RespondentTally

LAG_SHARE = Fraction(4, 5)  # behind when below 80% of what the elapsed share of the window expects


def start_round(actor, agency, fiscal_year: int, pack) -> AssessmentRound:
    """A new round of the agency for the fiscal year, scored by `pack`, audited; the round of that
    year when one was started meanwhile (a double click starts one)."""
    from prongsai.agencies.services import ensure_round
    from prongsai.people import audit

    with transaction.atomic():
        existed = AssessmentRound.objects.filter(agency=agency, fiscal_year=fiscal_year).exists()
        rnd = ensure_round(agency, fiscal_year, pack.code)
        if not existed:
            audit.record(actor, audit.CREATE, rnd)
    return rnd


def set_window(actor, rnd: AssessmentRound, opens_at, closes_at) -> None:
    """Save the collection window, audited: survey results stay hidden until it closes
    (reports.suppression.withheld), so moving it is worth a trace — closing and reopening it
    around one respondent would otherwise be a quiet way to single them out."""
    from prongsai.people import audit

    fields = ("opens_at", "closes_at")
    before = audit.snapshot(rnd)
    rnd.opens_at, rnd.closes_at = opens_at, closes_at
    with transaction.atomic():
        rnd.save(update_fields=list(fields))
        rnd.refresh_from_db(fields=list(fields))  # as stored (UTC), like `before`
        after = audit.snapshot(rnd)
        if any(before[f] != after[f] for f in fields):
            audit.record(actor, audit.UPDATE, rnd, {f: before[f] for f in fields}, {f: after[f] for f in fields})


def elapsed_share(rnd: AssessmentRound, now=None) -> Fraction | None:
    """How much of the collection window has passed (0…1); None without a window."""
    if not (rnd.opens_at and rnd.closes_at):
        return None
    now = now or timezone.now()
    total = (rnd.closes_at - rnd.opens_at).total_seconds()
    done = (min(max(now, rnd.opens_at), rnd.closes_at) - rnd.opens_at).total_seconds()
    return Fraction(int(done), int(total)) if total > 0 else None


def _row(key: str, label: str, count: int, target: int | None, share: Fraction | None) -> dict:
    expected = target * share if (target and share is not None) else None
    lagging = bool(expected is not None and expected >= 1 and count < expected * LAG_SHARE)
    return {
        "key": key, "label": label, "count": count, "target": target,
        "percent": round(count * 100 / target) if target else None, "lagging": lagging,
    }


def progress(rnd: AssessmentRound, now=None) -> dict:
    """Counts per tool and unit (and EIT service type), targets, lag flags and totals."""
    share = elapsed_share(rnd, now)
    by_unit: dict[tuple[str, int | None], int] = defaultdict(int)
    by_service: dict[int | None, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for t in RespondentTally.objects.filter(round=rnd).values("tool", "unit", "service_type").annotate(n=Sum("count")):
        by_unit[(t["tool"], t["unit"])] += t["n"]
        totals[t["tool"]] += t["n"]
        if t["tool"] == "EIT":
            by_service[t["service_type"]] += t["n"]
    targets = {(t.tool, t.unit_id, t.service_type_id): t.target for t in CollectionTarget.objects.filter(round=rnd)}
    units = list(rnd.agency.units.all())
    services = list(rnd.agency.service_types.all())
    tools = []
    for tool in ("IIT", "EIT"):
        rows = [
            _row(f"{tool}-unit-{u.pk}", u.name, by_unit.get((tool, u.pk), 0), targets.get((tool, u.pk, None)), share)
            for u in units
        ]
        unrecorded = by_unit.get((tool, None), 0)
        if unrecorded:  # imported without a unit (a published report's totals, paper forms)
            rows.append(_row(f"{tool}-unit-none", _("unit not recorded"), unrecorded, None, share))
        service_rows = []
        if tool == "EIT":
            service_rows = [
                _row(f"EIT-service-{s.pk}", s.name, by_service.get(s.pk, 0), targets.get(("EIT", None, s.pk)), share)
                for s in services
            ]
            if by_service.get(None):
                service_rows.append(_row("EIT-service-none", _("service type not recorded"), by_service[None], None, share))
        total_target = sum(r["target"] or 0 for r in rows) or None
        tools.append({
            "tool": tool, "units": rows, "services": service_rows,
            "total": _row(f"{tool}-total", tool, totals.get(tool, 0), total_target, share),
            "lagging": [r["label"] for r in rows + service_rows if r["lagging"]],
        })
    return {
        "open": rnd.is_open(now), "elapsed_percent": round(share * 100) if share is not None else None,
        "updated": timezone.localtime(now or timezone.now()).strftime("%H:%M:%S"), "tools": tools,
    }


def progress_json(rnd: AssessmentRound) -> dict:
    data = progress(rnd)
    cells = {}
    for t in data["tools"]:
        for row in t["units"] + t["services"] + [t["total"]]:
            cells[row["key"]] = {"count": row["count"], "percent": row["percent"], "lagging": row["lagging"]}
    return {"open": data["open"], "elapsed_percent": data["elapsed_percent"], "updated": data["updated"],
            "cells": cells, "lagging": {t["tool"]: [str(x) for x in t["lagging"]] for t in data["tools"]}}


def save_targets(rnd: AssessmentRound, targets: dict[tuple[str, int | None, int | None], int | None]) -> None:
    """Set (or clear, with None) targets per (tool, unit id, service type id)."""
    with transaction.atomic():
        for (tool, unit, service), value in targets.items():
            cell = CollectionTarget.objects.filter(round=rnd, tool=tool, unit_id=unit, service_type_id=service)
            if value is None:
                cell.delete()
            elif not cell.update(target=value):
                CollectionTarget.objects.create(round=rnd, tool=tool, unit_id=unit, service_type_id=service, target=value)
