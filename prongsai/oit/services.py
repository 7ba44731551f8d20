"""Changing disclosures. Every change goes through `change`, which writes the history event,
so no status, verdict, link or detail can change without a trace."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.agencies.models import AssessmentRound, Unit
from prongsai.forms import web_link
from prongsai.people import audit

from .models import AWAITING_VERDICT, Disclosure, DisclosureEvent, Status

MAX_URL_LENGTH = 1000
TRACKED = ("urls", "note", "unit", "responsible_person", "due_date", "status", "score", "comment")
MAX_URLS = 10


class TransitionError(ValueError):
    """A change the disclosure's status does not allow."""


class PublishedResultError(TransitionError):
    """A verdict on a round that holds a published official report: the report's verdicts stand."""


def published_rounds():
    """The rounds (a subquery of their ids) whose figures are an official report loaded with
    `prongsai import-report`, its OIT score among them: their verdicts are the report's, not an
    assessor's or an O.csv's to change."""
    from prongsai.surveys.models import PublishedScore

    return PublishedScore.objects.filter(code="OIT", unit=None, service_type=None).values("round_id")


def published_round_ids(round_ids) -> set[int]:
    """Of these rounds, those holding a published official report (`published_rounds`)."""
    return set(published_rounds().filter(round_id__in=round_ids).values_list("round_id", flat=True))


def holds_published_report(rnd: AssessmentRound) -> bool:
    return rnd.pk in published_round_ids([rnd.pk])


def ensure_not_published(rnd: AssessmentRound) -> None:
    if holds_published_report(rnd):
        raise PublishedResultError(_(
            "The %(year)s results of %(agency)s are its published official report: the OIT verdicts are the "
            "report's and are not changed here (a corrected report is loaded again with prongsai import-report).")
            % {"year": rnd.fiscal_year, "agency": rnd.agency.name_th})


def _json(field: str, value):
    if field == "unit":
        return value.code if value else None
    if field == "score":
        return None if value is None else f"{Decimal(value).normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def _snapshot(d: Disclosure, fields) -> dict:
    return {f: _json(f, getattr(d, f)) for f in fields}


@transaction.atomic
def change(disclosure: Disclosure, actor, action: str, **fields) -> DisclosureEvent | None:
    """Set `fields` on the disclosure, save it and append one event with what changed
    (before and after). Nothing changed → nothing saved, no event."""
    unknown = set(fields) - set(TRACKED) - {"assessed_at", "assessed_by"}
    if unknown:
        raise ValueError(f"untracked fields: {sorted(unknown)}")
    tracked = [f for f in fields if f in TRACKED]
    if disclosure.pk is not None:  # compare with the stored row, locked until the event is written
        list(Disclosure.objects.select_for_update().filter(pk=disclosure.pk).values_list("pk", flat=True))
        disclosure.refresh_from_db()
    before = _snapshot(disclosure, tracked)
    for name, value in fields.items():
        setattr(disclosure, name, value)
    after = _snapshot(disclosure, tracked)
    changed = [f for f in tracked if before[f] != after[f]]
    if not changed:
        return None
    disclosure.url = disclosure.urls[0] if disclosure.urls else ""
    disclosure.save()
    audit.record(actor, audit.UPDATE, disclosure, {f: before[f] for f in changed}, {f: after[f] for f in changed})
    return DisclosureEvent.objects.create(
        disclosure=disclosure,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )


def awaiting_verdicts(disclosures) -> int:
    """How many of a round's disclosures wait for the assessor's verdict (the assessor's page says it)."""
    return sum(1 for d in disclosures if d.awaiting_verdict)


def ensure_disclosures(rnd: AssessmentRound) -> list[Disclosure]:
    """Every OIT item of the round's pack has a disclosure; returned in pack order.

    Verdicts written by the published-report import carry a score but no status: they are
    brought in line here, as an "import" event, so the status always matches the verdict."""
    pack = rnd.pack
    existing = {d.item: d for d in Disclosure.objects.filter(round=rnd).select_related("unit")}
    missing = [Disclosure(round=rnd, item=i.code) for i in pack.oit_items if i.code not in existing]
    if missing:
        Disclosure.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {d.item: d for d in Disclosure.objects.filter(round=rnd).select_related("unit")}
    for d in existing.values():
        updates = {}
        if d.url and not d.urls:
            updates["urls"] = [d.url]
        if d.status == Status.DRAFT and d.score is not None:
            updates["status"] = verdict_status(d.score)
        if updates:
            change(d, None, "import", **updates)
    return [existing[i.code] for i in pack.oit_items if i.code in existing]


def _decimal(score) -> Decimal:
    """A verdict as stored: a Decimal with at most 4 decimals."""
    if isinstance(score, Fraction):
        value = Decimal(score.numerator) / Decimal(score.denominator)
    else:
        value = Decimal(str(score))
    return value.quantize(Decimal("0.0001"))


def verdict_status(score) -> str:
    return Status.PASSED if Decimal(score) >= 100 else Status.FAILED


def parse_urls(text: str) -> list[str]:
    """One URL per line (http or https; an address typed without one, www.example.go.th/x, is read
    as https as the browser would); raise ValidationError naming each bad line."""
    urls, errors = [], []
    for n, line in enumerate(text.splitlines(), 1):
        url = line.strip()
        if not url:
            continue
        if "://" not in url:
            url = "https://" + url
        if len(url) > MAX_URL_LENGTH:  # as stored, the https:// it may have gained included
            errors.append(_("Line %(n)s: the link is longer than %(max)s characters.") % {"n": n, "max": MAX_URL_LENGTH})
            continue
        try:
            web_link(url)
        except ValidationError:
            shown = line.strip() if len(line.strip()) <= 100 else line.strip()[:100] + "…"
            if any(c.isspace() for c in url):  # a tester's https://…/a b was told it lacked its https://
                errors.append(_("Line %(n)s: %(url)s has a space in it, which a link cannot have (one link per line; "
                                "a space inside a link is written %%20).") % {"n": n, "url": shown})
            else:
                errors.append(_("Line %(n)s: %(url)s is not a web address (http:// or https://).") % {"n": n, "url": shown})
            continue
        if url not in urls:
            urls.append(url)
    if len(urls) > MAX_URLS:
        errors.append(_("At most %(n)s links per item.") % {"n": MAX_URLS})
    if errors:
        raise ValidationError(errors)
    return urls


@transaction.atomic
def save_details(
    d: Disclosure, actor, *, urls: list[str], note: str, unit: Unit | None,
    responsible_person: str, due_date: date | None,
) -> DisclosureEvent | None:
    """The agency's details of an item. A pass was given to the pages the assessor saw: when one of a
    passed item's links is removed or replaced (added ones, or a new order, take nothing away), it
    waits for the assessor again (resubmitted; the pass counts until the next verdict, as after any
    resubmission) — a tester moved a pass onto another page. Removing a file does the same
    (files.detach). The links of a round holding a published report stay as the report judged them."""
    if unit is not None and unit.agency_id != d.round.agency_id:
        raise TransitionError(_("The unit belongs to another agency."))
    list(Disclosure.objects.select_for_update().filter(pk=d.pk).values_list("pk", flat=True))
    d.refresh_from_db()
    fields = dict(urls=urls, note=note, unit=unit, responsible_person=responsible_person, due_date=due_date)
    if list(urls) != d.links:
        ensure_not_published(d.round)
        if d.status == Status.PASSED and not set(d.links) <= set(urls):
            fields["status"] = Status.RESUBMITTED
    return change(d, actor, "edit", **fields)


def submit(d: Disclosure, actor) -> DisclosureEvent | None:
    """Hand the item to the assessor: draft → submitted; failed or passed → resubmitted (not in a
    published official report, whose verdicts stand)."""
    ensure_not_published(d.round)
    if not d.links:
        raise TransitionError(_("Add at least one link before submitting."))
    if d.status in AWAITING_VERDICT:
        raise TransitionError(_("The item is already waiting for the assessor."))
    status = Status.SUBMITTED if d.status == Status.DRAFT else Status.RESUBMITTED
    return change(d, actor, "submit", status=status)


def submit_ready(rnd: AssessmentRound, actor) -> int:
    """Hand the assessor, at once, every draft item of the round with a link (what `submit` asks of
    one): how many. Items already judged are resubmitted one at a time, once fixed."""
    ensure_not_published(rnd)
    with transaction.atomic():  # locked as read: a verdict or a link removed meanwhile is not overwritten
        ready = [d for d in Disclosure.objects.select_for_update().filter(round=rnd, status=Status.DRAFT) if d.links]
        for d in ready:
            change(d, actor, "submit", status=Status.SUBMITTED)
    return len(ready)


def give_verdict(d: Disclosure, actor, score, comment: str = "", action: str = "verdict") -> DisclosureEvent | None:
    """The assessor's verdict: 100 passes, anything less fails; the comment says why."""
    ensure_not_published(d.round)
    value = _decimal(score)
    if not 0 <= value <= 100:
        raise TransitionError(_("A verdict is a score from 0 to 100."))
    if value == 100 and not d.links and not d.attachments.exists():
        raise TransitionError(_("Nothing shows this item yet (no link, no file): it cannot pass. Fail it, or wait for the agency to add where it is published."))
    return change(
        d, actor, action, score=value, status=verdict_status(value), comment=comment.strip(),
        assessed_at=timezone.now(), assessed_by=actor if actor is not None and actor.is_authenticated else None,
    )


def import_verdict(d: Disclosure, score, url: str = "") -> DisclosureEvent | None:
    """An O.csv row: the verdict, and its URL first among the item's links."""
    urls = d.links
    if url:
        urls = [url] + [u for u in urls if u != url]
    value = _decimal(score)
    return change(
        d, None, "import", urls=urls, score=value, status=verdict_status(value),
        comment=d.comment, assessed_at=timezone.now(), assessed_by=None,
    )
