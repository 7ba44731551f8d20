"""Coordinator pages (staff login for now): collection window, links and posters, progress
and targets, and the response import with its preview."""
from __future__ import annotations

import os
import re
import secrets
import time
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.middleware import session_untouched
from prongsai.agencies.access import can_edit_round, can_import, can_import_agencies, round_starters
from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.scoring.inputs import AGENCY_CODE, InputErrors, Table, agency_code, read_table

from .collection import progress, progress_json, save_targets, set_window, start_round
from .forms import ImportForm, RoundForm, WindowForm
from .intake import link_for
from .poster import poster_pdf
from .problems import in_language
from .responses_import import plan_import, save_import

STAGING = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(csv|xlsx)$")


def round_editor(view):
    """Login required, and the user may edit this round; the view gets the round."""
    @login_required
    @wraps(view)
    def wrapped(request, pk: int, *args, **kwargs):
        rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
        if not can_edit_round(request.user, rnd):
            raise PermissionDenied
        return view(request, rnd, *args, **kwargs)
    return wrapped


def _poll_seconds() -> int:
    return max(1, int(getattr(settings, "PRONGSAI_COLLECTION_POLL_SECONDS", 30)))


def _links(request, rnd: AssessmentRound) -> list[dict]:
    out = []
    for tool in rnd.pack.survey_tools():
        link = link_for(rnd, tool.code)
        out.append({"tool": tool, "link": link,
                    "url": request.build_absolute_uri(reverse("surveys:questionnaire", args=[link.code]))})
    return out


@login_required
def round_new(request):
    """Start a round of one of the user's agencies for a fiscal year, then set its collection window."""
    agencies = round_starters(request.user)
    if not agencies.exists():
        raise PermissionDenied
    form = RoundForm(request.POST or None, agencies=agencies, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rnd = start_round(request.user, data["agency"], data["fiscal_year"], data["pack"])
        messages.success(request, _("The %(year)s round of %(agency)s is started: set its collection window below.")
                         % {"year": rnd.fiscal_year, "agency": rnd.agency.name})
        return redirect("surveys:collection", rnd.pk)
    return render(request, "surveys/round_new.html", {"form": form}, status=400 if form.errors else 200)


def _collection_page(request, rnd: AssessmentRound, window: WindowForm, status: int = 200):
    from prongsai.measures.tracking import preset_period

    year_end = preset_period(rnd.fiscal_year, "12m")[1]
    return render(request, "surveys/collection.html", {
        "round": rnd, "links": _links(request, rnd), "progress": progress(rnd), "window": window,
        "poll_seconds": _poll_seconds(), "holds_published": rnd.published_scores.exists(),
        "ended": rnd.closes_at is not None and rnd.closes_at <= timezone.now(),
        "year_over": timezone.localdate() > year_end, "year_end": year_end,
    }, status=status)


@round_editor
def collection(request, rnd: AssessmentRound):
    return _collection_page(request, rnd, WindowForm(initial={"opens_at": rnd.opens_at, "closes_at": rnd.closes_at}, round=rnd))


@session_untouched
@round_editor
def collection_json(request, rnd: AssessmentRound):
    return JsonResponse(progress_json(rnd))


@require_POST
@round_editor
def window(request, rnd: AssessmentRound):
    form = WindowForm(request.POST, round=rnd)
    if form.is_valid():
        set_window(request.user, rnd, form.cleaned_data["opens_at"], form.cleaned_data["closes_at"])
        messages.success(request, _("The collection window is saved."))
        return redirect("surveys:collection", rnd.pk)
    return _collection_page(request, rnd, form, status=400)


@require_POST
@round_editor
def targets(request, rnd: AssessmentRound):
    units = {u.pk for u in rnd.agency.units.all()}
    services = {s.pk for s in rnd.agency.service_types.all()}
    cells, bad = {}, []
    for key, raw in request.POST.items():
        m = re.fullmatch(r"target-(IIT|EIT)-(unit|service)-(\d+)", key)
        if not m:
            continue
        tool, kind, pk = m.group(1), m.group(2), int(m.group(3))
        if (kind == "unit" and pk not in units) or (kind == "service" and (pk not in services or tool != "EIT")):
            continue
        raw = raw.strip()
        if raw and (not (raw.isascii() and raw.isdigit()) or int(raw) > 100000):
            bad.append(raw)
            continue
        cells[(tool, pk if kind == "unit" else None, pk if kind == "service" else None)] = int(raw) if raw else None
    if bad:
        messages.error(request, _("Targets are whole numbers of questionnaires from 0 to 100,000; nothing was saved."))
    else:
        save_targets(rnd, cells)
        messages.success(request, _("The targets are saved."))
    return redirect("surveys:collection", rnd.pk)


@round_editor
def poster(request, rnd: AssessmentRound, tool: str):
    if tool not in {t.code for t in rnd.pack.survey_tools()}:
        raise Http404
    link = link_for(rnd, tool)
    url = request.build_absolute_uri(reverse("surveys:questionnaire", args=[link.code]))
    response = HttpResponse(poster_pdf(link, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{rnd.agency.code}-{rnd.fiscal_year}-{tool}.pdf"'
    return response


STAGING_HOURS = 24  # a previewed file not saved by then is deleted: it holds every respondent's row


def _staging_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _clear_old_staging() -> None:
    """Delete previewed files (and the notes of saved ones) older than STAGING_HOURS."""
    cutoff = time.time() - STAGING_HOURS * 3600
    for path in _staging_dir().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass


def _saved_note(staged: str) -> Path:
    """Where a saved preview leaves which round it went to and how many (never a row of it)."""
    return _staging_dir() / f"{staged}.saved"


def _shown(problems: list[str], limit: int = 50) -> list[str]:
    """The problems in the page's language, the first `limit` of them and how many more (a file of
    18,000 bad dates made a page of 18,000 lines)."""
    shown = [in_language(p) for p in problems[:limit]]
    if len(problems) > limit:
        shown.append(in_language(f"… and {len(problems) - limit} more problems"))
    return shown


def _agency_codes(table: Table | None) -> set[str]:
    """The agency codes a file's rows give (none when it cannot be read: its checks say why)."""
    # well-formed codes only: a 101041.0 or a typo is the row check's to name, not "another agency"
    return {code for _, row in (table.rows if table else ()) if AGENCY_CODE.fullmatch(code := agency_code(row.get("agency_code", "").strip()))}


def _not_yours(request, codes: set[str]) -> str | None:
    """Why the user may not import these agencies' rows (named by their names), or None."""
    if can_import_agencies(request.user, codes):
        return None
    mine = {m.agency.code for m in request.user.memberships.select_related("agency") if m.agency_id}
    others = sorted(codes - mine)
    names = dict(Agency.objects.filter(code__in=others).values_list("code", "name_th"))
    listed = ", ".join(f"{names[c]} ({c})" if c in names else c for c in others)
    return _("You may import only your own agency's questionnaires; this file also has rows of: %(codes)s.") % {"codes": listed}


@login_required
def import_responses(request):
    """Upload → preview (every problem, or what would be saved) → save."""
    if not can_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("staged"):
        return _confirm_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        _clear_old_staging()
        upload = form.cleaned_data["file"]
        data = upload.read()
        year, framework = form.cleaned_data["year"], form.cleaned_data["framework"] or None
        try:  # read once, for the agencies' check and the import's
            table = read_table(upload.name, data)
        except InputErrors:
            table = None  # the import's own reading says why
        refusal = _not_yours(request, _agency_codes(table))  # before any check says a word of them
        if refusal:
            context["problems"] = [refusal]
            return render(request, "surveys/import.html", context, status=403)
        try:
            # (a new agency is named "new" in the preview, saved only once confirmed: no flag to give)
            plan = plan_import(upload.name, year, framework, data=data, table=table, new_agencies=True)
        except InputErrors as exc:
            context["problems"] = _shown(exc.problems)
        else:
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            staged = secrets.token_urlsafe(24) + suffix
            (_staging_dir() / staged).write_bytes(data)
            rows = plan.summary()
            names = dict(Agency.objects.filter(code__in=[r["agency_code"] for r in rows]).values_list("code", "name_th"))
            summary = [dict(row, name=names.get(row["agency_code"], "")) for row in rows]  # the name beside the code
            context.update({"plan": plan, "staged": staged, "year": year, "framework": framework or "", "summary": summary,
                            "original": upload.name, "warnings": [in_language(w) for w in plan.warnings]})
    return render(request, "surveys/import.html", context)


def _confirm_import(request):
    staged = request.POST.get("staged", "")
    if not STAGING.match(staged):
        messages.error(request, _("The previewed file is no longer available; please upload it again."))
        return redirect("surveys:import")
    path = _staging_dir() / staged
    claimed = path.with_name(f"{staged}.saving")
    try:  # one request claims a preview: a double click or a second tab saves it once
        os.rename(path, claimed)
    except FileNotFoundError:
        return _handled_already(request, staged)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:  # a form not sent by the preview page
        os.rename(claimed, path)
        raise PermissionDenied from None
    try:
        plan = plan_import(request.POST.get("original") or staged, year, request.POST.get("framework") or None,
                           data=claimed.read_bytes(), new_agencies=True)
        if not can_import_agencies(request.user, {r.agency_code for r in plan.responses}):
            raise PermissionDenied
        rounds = save_import(plan, user=request.user)
    except InputErrors as exc:  # what changed since the preview (another save, a second tab): said, nothing saved
        return render(request, "surveys/import.html", {"form": ImportForm(), "problems": _shown(exc.problems)}, status=409)
    finally:
        claimed.unlink(missing_ok=True)
    _saved_note(staged).write_text(f"{len(plan.responses)} {rounds[0].pk if len(rounds) == 1 else '-'}")
    messages.success(request, _("%(n)d questionnaires imported.") % {"n": len(plan.responses)})
    if len(rounds) == 1:
        return redirect("reports:round", rounds[0].pk)
    return redirect("reports:home")


def _handled_already(request, staged: str):
    """A preview saved already (the back button), being saved (a second click), or gone."""
    note = _saved_note(staged)
    if note.exists():
        count, round_pk = note.read_text().split()
        messages.info(request, _("This file is saved already: %(n)s questionnaires.") % {"n": count})
        return redirect("reports:round", int(round_pk)) if round_pk != "-" else redirect("reports:home")
    if (_staging_dir() / f"{staged}.saving").exists():
        messages.info(request, _("This file is being saved (a click before this one): see its round in a moment."))
        return redirect("surveys:import")
    messages.error(request, _("The previewed file is no longer available; please upload it again."))
    return redirect("surveys:import")
