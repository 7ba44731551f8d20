"""The agency's public open-data view of a round's OIT items: a page, JSON and CSV.

Read-only (a public request never writes). Links show once the item has been submitted;
a draft's links are work in progress and stay internal, as do notes, files and comments."""
from __future__ import annotations

import csv
import io
import re

from django.urls import reverse
from django.utils import timezone

from prongsai.agencies.models import AssessmentRound

from .models import Disclosure, Status

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PUBLIC_STATUSES = {Status.SUBMITTED, Status.RESUBMITTED, Status.PASSED, Status.FAILED}
CSV_COLUMNS = ["agency_code", "fiscal_year", "framework", "item", "subindicator", "name_th", "name_en",
               "status", "score", "urls", "assessed_at"]


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def rows(rnd: AssessmentRound) -> list[dict]:
    """Every OIT item of the round's pack, in pack order, with its public links and status."""
    pack = rnd.pack
    found = {d.item: d for d in Disclosure.objects.filter(round=rnd)}
    subs = {code: s.code for s in pack.subindicators for code in s.items}
    out = []
    for item in pack.oit_items:
        d = found.get(item.code)
        status = d.status if d else Status.DRAFT
        if d and status == Status.DRAFT and d.score is not None:  # a verdict imported without a status
            status = Status.PASSED if d.score >= 100 else Status.FAILED
        public = status in PUBLIC_STATUSES
        out.append({
            "item": item.code, "subindicator": subs[item.code], "name": item.name,
            "status": status, "status_label": Status(status).label,
            "urls": d.links if d and public else [],
            "score": d.score if d and d.score is not None else None,
            "assessed_at": d.assessed_at if d else None,
        })
    return out


def document(rnd: AssessmentRound, request=None) -> dict:
    def absolute(name):
        url = reverse(name, args=[rnd.agency.code, rnd.fiscal_year])
        return request.build_absolute_uri(url) if request else url

    return {
        "agency_code": rnd.agency.code,
        "agency_name_th": rnd.agency.name_th,
        "agency_name_en": rnd.agency.name_en or None,
        "fiscal_year": rnd.fiscal_year,
        "framework": rnd.framework,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "links": {"html": absolute("oit:public"), "json": absolute("oit:public_json"), "csv": absolute("oit:public_csv")},
        "items": [
            {
                "item": r["item"], "subindicator": r["subindicator"], "name_th": r["name"].th, "name_en": r["name"].en,
                "status": r["status"], "score": None if r["score"] is None else float(r["score"]),
                "urls": r["urls"], "assessed_at": timezone.localtime(r["assessed_at"]).isoformat(timespec="seconds") if r["assessed_at"] else None,
            }
            for r in rows(rnd)
        ],
    }


def cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(rnd: AssessmentRound) -> bytes:
    """UTF-8 with a BOM (so Excel reads Thai), one row per item, links separated by spaces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in document(rnd)["items"]:
        writer.writerow([cell(v) for v in (
            rnd.agency.code, rnd.fiscal_year, rnd.framework, r["item"], r["subindicator"], r["name_th"], r["name_en"],
            r["status"], "" if r["score"] is None else f"{r['score']:g}", " ".join(r["urls"]), r["assessed_at"] or "",
        )])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
