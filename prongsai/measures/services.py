"""Saving and deleting plans, issues, measures, progress and evidence — each change leaves one
audit entry (`prongsai.people.audit`). Views call these instead of `save()`/`delete()`."""
from __future__ import annotations

from django.db import transaction

from prongsai.people import audit


@transaction.atomic
def save(user, obj, form=None, links: dict | None = None):
    """Save `obj` (through `form` when given, with its many-to-many fields; else with the
    many-to-many `links` given, e.g. {"responsible_units": units}) and audit it."""
    created = obj.pk is None
    before = None if created else audit.snapshot(type(obj).objects.get(pk=obj.pk))
    if form is not None:
        obj = form.save(commit=False)
        obj.save()
        form.save_m2m()
    else:
        obj.save()
        for name, values in (links or {}).items():
            getattr(obj, name).set(values)
    after = audit.snapshot(obj)
    if created:
        audit.record(user, audit.CREATE, obj, after=after)
    elif before != after:
        audit.record(user, audit.UPDATE, obj, before, after)
    return obj


@transaction.atomic
def delete(user, obj) -> None:
    audit.record(user, audit.DELETE, obj, agency=audit.agency_of(obj))
    obj.delete()


def record_create(user, obj) -> None:
    audit.record(user, audit.CREATE, obj)
