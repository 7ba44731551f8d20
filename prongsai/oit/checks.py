"""Running the link checker over rounds and keeping its results beside each item."""
from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction

from prongsai.agencies.models import AssessmentRound

from .linkcheck import Job, Result, check_links
from .models import Disclosure, LinkCheck
from .services import ensure_disclosures


def options(**overrides) -> dict:
    values = {
        "concurrency": settings.PRONGSAI_LINK_CONCURRENCY,
        "timeout": settings.PRONGSAI_LINK_TIMEOUT,
        "max_bytes": settings.PRONGSAI_LINK_MAX_BYTES,
        "max_redirects": settings.PRONGSAI_LINK_MAX_REDIRECTS,
        "allow_private": settings.PRONGSAI_LINK_ALLOW_PRIVATE,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return values


def jobs_for(rounds) -> list[Job]:
    """Every URL on record in these rounds (drafts too, so a coordinator can check before submitting)."""
    jobs = []
    for rnd in rounds:
        needs_year = {i.code: i.current_year for i in rnd.pack.oit_items}
        for d in ensure_disclosures(rnd):
            for url in d.links:
                jobs.append(Job(url, rnd.fiscal_year, needs_year.get(d.item, False), key=d))
    return jobs


def run_checks(rounds, **overrides) -> list[Result]:
    """Check the rounds' links and store every result; results come in item order, key = the disclosure."""
    rounds = list(rounds)
    jobs = jobs_for(rounds)
    results = check_links(jobs, **options(**overrides))
    with transaction.atomic():
        LinkCheck.objects.bulk_create(
            LinkCheck(
                disclosure=r.key, url=r.url, checked_at=r.checked_at, ok=r.ok, status=r.status,
                final_url=r.final_url[:1000], redirects=r.redirects, content_type=r.content_type[:255],
                size=r.size, elapsed_ms=r.elapsed_ms, mentions_year=r.mentions_year, problems=r.problems,
                error=r.error[:500],
            )
            for r in results
        )
    return results


def latest(rnd: AssessmentRound) -> dict[int, dict[str, LinkCheck]]:
    """disclosure id -> url -> the newest check of that URL (only URLs still on record)."""
    found: dict[int, dict[str, LinkCheck]] = defaultdict(dict)
    disclosures = {d.id: d for d in Disclosure.objects.filter(round=rnd)}
    checks = LinkCheck.objects.filter(disclosure__round=rnd).order_by("disclosure", "url", "-checked_at", "-id")
    for c in checks:
        d = disclosures.get(c.disclosure_id)
        if d and c.url in d.links and c.url not in found[c.disclosure_id]:
            found[c.disclosure_id][c.url] = c
    return found


def result_row(rnd: AssessmentRound, item: str, r: Result) -> dict:
    """The documented JSON shape of one check."""
    return {
        "agency_code": rnd.agency.code, "item": item, "url": r.url, "ok": r.ok, "status": r.status,
        "final_url": r.final_url or None, "problem": r.problem or None,
    }
