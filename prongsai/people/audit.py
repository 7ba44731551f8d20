"""The audit log: one call for every create, update and delete of scores, verdicts, plans,
results and evidence.

    before = snapshot(disclosure)
    disclosure.score = 100; disclosure.save()
    record(request.user, "update", disclosure, before, snapshot(disclosure))

`record` finds the agency from the object (its `agency`, its `round.agency`, its `unit.agency`
or its `plan.agency`), so the central office can filter the log by agency.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from prongsai.agencies.models import Agency

from .models import AuditEntry

CREATE, UPDATE, DELETE = AuditEntry.CREATE, AuditEntry.UPDATE, AuditEntry.DELETE
ACTIONS = {CREATE, UPDATE, DELETE}


def record_kind(object_type: str) -> str:
    """What an entry's "app_label.model" is called in the active language ("ผลการดำเนินการตามมาตรการ")."""
    from django.apps import apps

    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def readable_changes(entries) -> dict[int, list[tuple[str, object, object]]]:
    """Each entry's changes (`AuditEntry.changes`) as people read them, by entry id: a moment in
    Bangkok time with its Buddhist-era year (not 2026-12-06T07:12:24Z), a person (a `…_by_id`
    field) by name; other values as stored. One query for the people of all the entries."""
    from django.contrib.auth import get_user_model
    from django.utils.dateparse import parse_datetime

    from prongsai.measures.templatetags.plans import be_datetime

    from .names import display_name

    changes = {e.pk: e.changes() for e in entries}
    ids = {v for rows in changes.values() for f, *values in rows if f.endswith("_by_id") for v in values if isinstance(v, int)}
    people = {u.pk: display_name(u) for u in get_user_model().objects.filter(pk__in=ids)}

    def shown(field: str, value):
        if isinstance(value, str) and _MOMENT.match(value) and (moment := parse_datetime(value)):
            return be_datetime(moment)
        if field.endswith("_by_id") and isinstance(value, int):
            return people.get(value, value)
        return value

    return {pk: [(f, shown(f, b), shown(f, a)) for f, b, a in rows] for pk, rows in changes.items()}


def snapshot(obj: models.Model) -> dict:
    """The object's concrete fields as JSON-safe values (foreign keys as their ids, many-to-many
    links as sorted id lists); automatic timestamps are left out, the entry's own time says when."""
    data = {}
    for f in obj._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            value = value.name if value else None
        elif isinstance(f, models.DecimalField) and value is not None:  # 100 and 100.0000 read alike
            value = Decimal(value).quantize(Decimal(1).scaleb(-f.decimal_places))
        data[f.attname] = value
    if obj.pk is not None:  # many-to-many links (a measure's responsible units) are part of what changed
        for f in obj._meta.many_to_many:
            data[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def agency_of(obj) -> Agency | None:
    """The agency an object belongs to, following agency → round → unit → plan → measure → issue →
    progress → reporting round → disclosure."""
    seen = 0
    while obj is not None and seen < 8:
        if isinstance(obj, Agency):
            return obj
        for attr in ("agency", "round", "unit", "plan", "measure", "issue", "progress", "reporting_round",
                     "disclosure"):
            try:
                parent = getattr(obj, attr, None)
            except Exception:  # a missing related row
                parent = None
            if parent is not None and parent is not obj:
                obj = parent
                break
        else:
            return None
        seen += 1
    return None


def record(user, action: str, obj: models.Model, before: dict | None = None, after: dict | None = None,
           agency: Agency | None = None) -> AuditEntry:
    """Write one audit entry. `before`/`after` are dicts (use `snapshot`); for a create, `after`
    defaults to the object's snapshot, for a delete `before` does."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {sorted(ACTIONS)}, not {action!r}")
    if action == AuditEntry.CREATE and after is None:
        after = snapshot(obj)
    if action == AuditEntry.DELETE and before is None:
        before = snapshot(obj)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        who=user if authenticated else None,
        who_name=user.get_username() if authenticated else "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk) if obj.pk is not None else str((before or {}).get("id", "")),
        object_repr=str(obj)[:255],
        agency=agency or agency_of(obj),
        before=before,
        after=after,
    )
