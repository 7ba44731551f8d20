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
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

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


# what the imports record beside a round's own fields (surveys.published, surveys.responses_import)
IMPORT_LABELS = {  # keys an entry records that are no field of its model: imports, a framework's summary
    "imported_questionnaires": _("questionnaires imported"), "file": _("file"),
    "published_report": _("published report"), "scores": _("published scores"), "counts": _("option counts"),
    "name": _("name"), "fiscal_years": _("fiscal years"), "sha256": _("checksum of the file (SHA-256)"),
}


@dataclass(frozen=True)
class Change:
    """One field of an audit entry that differs: its stored name (`approved_by_id`), what people
    call it in the active language (อนุมัติโดย) and its values before and after as they read them."""

    field: str
    label: str
    before: object
    after: object


def _model_field(model, key: str):
    """The model's field stored under `key`: a column (`plan_id`, `status`) or a many-to-many list.
    A foreign key is known by its column (`unit_id`, ids); recorded under its own name (`unit`,
    as OIT changes record a unit's code) its label is used but the value shown as it is."""
    if model is None:
        return None
    for f in (*model._meta.concrete_fields, *model._meta.many_to_many):
        if key == f.attname or (key == f.name and (f.many_to_many or not f.is_relation)):
            return f
    for f in model._meta.concrete_fields:
        if key == f.name:
            return _Labelled(f.verbose_name)
    return None


@dataclass(frozen=True)
class _Labelled:
    """A field known only by its label: its values are shown as recorded."""

    verbose_name: str
    is_relation = False
    choices = None


def readable_changes(entries) -> dict[int, list[Change]]:
    """Each entry's changes (`AuditEntry.changes`) as people read them, by entry id: fields by their
    verbose names; a moment in Bangkok time with its Buddhist-era year (not 2026-12-06T07:12:24Z),
    a day likewise; a choice by its label; yes/no; a link to another row (a person, a unit, a
    plan …) by its name rather than its id, many-to-many lists too; a file by its name. One query
    per kind of linked row for all the entries."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.utils.dateparse import parse_date, parse_datetime

    from prongsai.measures.templatetags.plans import be_date, be_datetime

    from .names import display_name

    def model_of(entry):
        try:
            return apps.get_model(entry.object_type)
        except (LookupError, ValueError):
            return None

    rows = {e.pk: [(_model_field(model_of(e), key), key, b, a) for key, b, a in e.changes()] for e in entries}
    linked: dict = {}  # related model -> ids to name
    for changes in rows.values():
        for f, _key, *values in changes:
            if f is not None and f.is_relation:
                for v in values:
                    linked.setdefault(f.related_model, set()).update(v if isinstance(v, list) else [v])
    User = get_user_model()
    names = {
        model: {o.pk: (display_name(o) if model is User else str(o))
                for o in model._default_manager.select_related().filter(pk__in=[i for i in ids if isinstance(i, int)])}
        for model, ids in linked.items()
    }

    def shown(f, value):
        if value is None:
            return None
        if f is not None and f.is_relation:
            known = names.get(f.related_model, {})
            if isinstance(value, list):
                return ", ".join(str(known.get(v, v)) for v in value) or "–"
            return known.get(value, value)
        if f is not None and f.choices:
            return dict(f.flatchoices).get(value, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(f, models.DateTimeField) and isinstance(value, str) and (moment := parse_datetime(value)):
            return be_datetime(moment)
        if isinstance(f, models.DateField) and isinstance(value, str) and (day := parse_date(value)):
            return be_date(day)
        if isinstance(value, list):  # a JSON list (an item's links)
            return ", ".join(map(str, value)) or "–"
        if isinstance(f, models.FileField):
            return value.rsplit("/", 1)[-1]
        if isinstance(f, models.DecimalField):
            return f"{Decimal(value).normalize():f}"  # 100.0000 → 100
        return value

    def label(f, key: str) -> str:
        if f is not None and getattr(f, "primary_key", False):
            return str(_("record number"))  # Django's "ID", untranslated
        if f is not None:
            return str(f.verbose_name)
        return str(IMPORT_LABELS.get(key, key))

    return {pk: [Change(key, label(f, key), shown(f, b), shown(f, a)) for f, key, b, a in changes]
            for pk, changes in rows.items()}


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


def update_fields(user, obj: models.Model, agency: Agency | None = None, **values) -> bool:
    """Set `values` on `obj` and save those fields alone, with one audit entry; False, nothing
    written, when they are so already. (Lock the row first where a concurrent save matters.)"""
    if all(getattr(obj, name) == value for name, value in values.items()):
        return False
    before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(values))
    record(user, UPDATE, obj, before, snapshot(obj), agency=agency)
    return True

