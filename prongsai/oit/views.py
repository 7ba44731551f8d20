"""OIT pages: the assessor's view, one item's disclosure, readiness, and the public open-data page."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from prongsai.agencies.models import AssessmentRound
from prongsai.reports.scores import report_rows, round_breakdown

from . import access, files, opendata
from .checks import latest, run_checks
from .forms import DetailsForm, UploadForm, VerdictForm
from .models import Attachment, Disclosure, Status
from .readiness import readiness
from .services import (
    PublishedResultError, TransitionError, awaiting_verdicts, ensure_disclosures, give_verdict, holds_published_report, save_details, submit, submit_ready,
)


def _disclosure(rnd: AssessmentRound, item: str) -> Disclosure:
    if item not in rnd.pack.item_codes():
        raise Http404
    ensure_disclosures(rnd)
    return get_object_or_404(Disclosure.objects.select_related("unit"), round=rnd, item=item)


@login_required
def index(request):
    rounds = access.readable_rounds(request.user, AssessmentRound.objects).select_related("agency").order_by("-fiscal_year", "agency__code")
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    rows = []
    for rnd in page:
        counts = {s: 0 for s in Status.values}
        for status in Disclosure.objects.filter(round=rnd).values_list("status", flat=True):
            counts[status] += 1
        rows.append({"round": rnd, "counts": counts, "items": len(rnd.pack.oit_items)})
    return render(request, "oit/index.html", {"page": page, "rows": rows})


@access.round_view(access.can_view)
def assess(request, rnd):
    disclosures = {d.item: d for d in ensure_disclosures(rnd)}
    breakdown = round_breakdown(rnd)
    checks = latest(rnd)
    pack = rnd.pack
    published = holds_published_report(rnd)
    groups = []
    for sub in pack.subindicators:
        rows = []
        for code in sub.items:
            d = disclosures[code]
            rows.append({
                "item": next(i for i in pack.oit_items if i.code == code), "d": d,
                "checks": [(url, checks.get(d.id, {}).get(url)) for url in d.links],
                "result": breakdown.questions[code],
            })
        groups.append({"sub": sub, "score": breakdown.indicators[sub.code], "rows": rows})
    context = {
        "round": rnd, "pack": pack, "breakdown": breakdown, "groups": groups,
        "tools": report_rows(rnd, breakdown)["tools"],
        "can_assess": access.can_assess(request.user, rnd) and not published,
        "published": published,
        "can_edit": access.can_edit_disclosure(request.user, rnd) and not published,
        "can_check": access.can_check_links(request.user, rnd) and not published,
        "verdict_form": VerdictForm(),
        "awaiting": awaiting_verdicts(disclosures.values()),
    }
    return render(request, "oit/assess.html", context)


@require_POST
@access.round_view(access.can_assess)
def verdict(request, rnd, item: str):
    d = _disclosure(rnd, item)
    form = VerdictForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if form.is_valid():
        try:
            give_verdict(d, request.user, form.score, form.cleaned_data["comment"])
        except TransitionError as exc:  # a published report's verdict, a pass with nothing to show
            if wants_json:
                return JsonResponse({"ok": False, "errors": [f"{item}: {exc}"]}, status=409 if isinstance(exc, PublishedResultError) else 400)
            messages.error(request, f"{item}: {exc}")
            return redirect(reverse("oit:assess", args=[rnd.pk]) + f"#{item}")
        breakdown = round_breakdown(rnd)
        text = _("%(item)s: verdict saved. OIT is now %(oit)s, ITA %(ita)s.") % {
            "item": item, "oit": _fmt(breakdown.tools["OIT"].score), "ita": _fmt(breakdown.ita)}
        if wants_json:
            return JsonResponse(_verdict_json(d, breakdown, text))
        messages.success(request, text)
    else:
        errors = [f"{item}: {e}" for errs in form.errors.values() for e in errs]
        if wants_json:
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        for error in errors:
            messages.error(request, error)
    return redirect(reverse("oit:assess", args=[rnd.pk]) + f"#{item}")


def _verdict_json(d: Disclosure, breakdown, message: str) -> dict:
    """What the assessor's page updates in place after a verdict (static/oit/assess.js): with how many
    items still wait and the "provisional" tag, which a tester saw stay as they were until a reload."""
    from django.template.loader import render_to_string
    from django.utils.translation import ngettext

    from prongsai.reports.templatetags.prongsai import provisional, tr

    awaiting = awaiting_verdicts(Disclosure.objects.filter(round=d.round))
    return {
        "awaiting": ngettext("%(n)s item is waiting for a verdict.", "%(n)s items are waiting for a verdict.", awaiting)
        % {"n": awaiting},
        "provisional": render_to_string("reports/_provisional.html", provisional(breakdown)),
        "ok": True, "message": message, "item": d.item, "status": d.status, "status_label": str(d.get_status_display()),
        "score": _fmt(d.score), "comment": d.comment,
        "scores": {**{code: _fmt(t.score) for code, t in breakdown.tools.items()}, "ITA": _fmt(breakdown.ita)},
        "indicators": {code: _fmt(v) for code, v in breakdown.indicators.items()},
        "level": tr(breakdown.level.name) if breakdown.level else "–",
        "level_code": breakdown.level.code if breakdown.level else "",
    }


def _fmt(value) -> str:
    from prongsai.reports.templatetags.prongsai import score

    return score(value)


@access.round_view(access.can_view)
def item(request, rnd, item: str):
    d = _disclosure(rnd, item)
    published = holds_published_report(rnd)  # the official report's item: shown, not worked on
    can_edit = access.can_edit_disclosure(request.user, rnd) and not published
    initial = {
        "urls": "\n".join(d.links), "note": d.note, "unit": d.unit, "responsible_person": d.responsible_person,
        "due_date": d.due_date,
    }
    form = DetailsForm(initial=initial, agency=rnd.agency)
    upload = UploadForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        here = reverse("oit:item", args=[rnd.pk, item])
        if action == "save":
            form = DetailsForm(request.POST, agency=rnd.agency)
            if form.is_valid():
                data = form.cleaned_data
                event = save_details(
                    d, request.user, urls=data["urls"], note=data["note"], unit=data["unit"],
                    responsible_person=data["responsible_person"], due_date=data["due_date"],
                )
                if event and event.after.get("status") == Status.RESUBMITTED:
                    messages.success(request, _("Saved. The links changed, so the item waits for the assessor again; "
                                                "its pass counts until the next verdict."))
                else:
                    messages.success(request, _("Saved.") if event else _("Nothing changed."))
                return redirect(here)
        elif action == "submit":
            try:
                submit(d, request.user)
                messages.success(request, _("Submitted to the assessor."))
            except TransitionError as exc:
                messages.error(request, str(exc))
            return redirect(here)
        elif action == "attach":
            upload = UploadForm(request.POST, request.FILES)
            if upload.is_valid():
                try:
                    _attached, new = files.attach(d, request.user, upload.cleaned_data["file"])
                    messages.success(request, _("File attached.") if new else _("This file is attached already."))
                    return redirect(here)
                except ValidationError as exc:
                    upload.add_error("file", exc)
        elif action == "detach":
            attachment = get_object_or_404(Attachment, pk=request.POST.get("attachment"), disclosure=d)
            files.detach(attachment, request.user)
            messages.success(request, _("File removed."))
            return redirect(here)
        else:
            messages.error(request, _("Unknown action."))
            return redirect(here)
    pack = rnd.pack
    checks = latest(rnd).get(d.id, {})
    events = Paginator(d.events.select_related("actor"), 25).get_page(request.GET.get("page"))
    names = {u.code: u.name for u in rnd.agency.units.all()}  # events keep a unit's code: shown by its name
    for e in events:
        for values in (e.before, e.after):
            if isinstance(values, dict) and values.get("unit") in names:
                values["unit"] = names[values["unit"]]
    context = {
        "round": rnd, "d": d, "item": next(i for i in pack.oit_items if i.code == item),
        "sub": next(s for s in pack.subindicators if item in s.items),
        "form": form, "upload": upload, "can_edit": can_edit, "page": events,
        "published": published,
        "checks": [(url, checks.get(url)) for url in d.links],
        "attachments": d.attachments.all(),
    }
    return render(request, "oit/item.html", context)


@access.round_view(access.can_view)
def readiness_view(request, rnd):
    breakdown, rows, counts = readiness(rnd)
    published = holds_published_report(rnd)
    order = request.GET.get("order", "worth")
    if order == "worth":
        rows = sorted(rows, key=lambda r: (r.ok, -(r.worth.ita if r.worth.ita is not None else r.worth.oit)))
    context = {
        "round": rnd, "breakdown": breakdown, "rows": rows, "counts": counts, "order": order,
        "can_edit": access.can_edit_disclosure(request.user, rnd) and not published,
        "can_check": access.can_check_links(request.user, rnd) and not published,
        "drafts_ready": sum(1 for r in rows if r.disclosure.status == Status.DRAFT and r.disclosure.links),
    }
    return render(request, "oit/readiness.html", context)


@require_POST
@access.round_view(access.can_edit_disclosure)
def submit_ready_view(request, rnd):
    try:
        n = submit_ready(rnd, request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ngettext("%(n)s item submitted to the assessor.", "%(n)s items submitted to the assessor.", n) % {"n": n})
    return redirect("oit:readiness", pk=rnd.pk)


@require_POST
@access.round_view(access.can_check_links)
def check_links(request, rnd):
    results = run_checks([rnd])
    bad = sum(not r.ok for r in results)
    warn = sum(bool(r.problems) and r.ok for r in results)
    if not results:
        messages.info(request, _("No links on record yet."))
    else:
        messages.success(request, _("%(n)s links checked: %(bad)s not working, %(warn)s with a warning.") % {
            "n": len(results), "bad": bad, "warn": warn})
    back = request.POST.get("next")
    if back not in ("assess", "readiness"):
        back = "readiness"
    return redirect("oit:" + back, pk=rnd.pk)


@login_required
def attachment(request, pk: int):
    a = get_object_or_404(Attachment.objects.select_related("disclosure__round__agency"), pk=pk)
    if not access.can_view(request.user, a.disclosure.round):
        raise PermissionDenied
    response = FileResponse(a.file.open("rb"), content_type=a.content_type, as_attachment=True,
                            filename=files.download_name(a))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


def _public_round(agency_code: str, year: int) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("agency"), agency__code=agency_code, fiscal_year=year)


def public(request, agency_code: str, year: int):
    rnd = _public_round(agency_code, year)
    context = {"round": rnd, "rows": opendata.rows(rnd), "data_year": year}
    return render(request, "oit/public.html", context)


def public_json(request, agency_code: str, year: int):
    rnd = _public_round(agency_code, year)
    response = JsonResponse(opendata.document(rnd, request), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def public_csv(request, agency_code: str, year: int):
    rnd = _public_round(agency_code, year)
    response = HttpResponse(opendata.csv_bytes(rnd), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="oit-{opendata.safe_name(rnd.agency.code)}-{rnd.fiscal_year}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
