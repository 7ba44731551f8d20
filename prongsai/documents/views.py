"""Download official documents: thin views over `generate.build` and `generate.render`."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.agencies.models import Agency
from prongsai.people import roles

from . import generate
from .model import DocumentError
from .thai import fiscal_year_of


def _choices(agencies):
    """The document kinds, the reporting rounds (6m, 12m, and the own codes of the rounds of plans the
    user reads) and the formats."""
    from prongsai.measures.models import ReportingRound

    own = (ReportingRound.objects.filter(plan__agency__in=agencies).exclude(code__in=generate.ROUNDS)
           .order_by("code").values_list("code", flat=True).distinct())
    return {
        "kinds": [("analysis", _("Analysis and measures")), ("plan", _("Measures plan")),
                  ("progress", _("Progress report"))],
        "rounds": [("6m", _("First 6 months")), ("12m", _("Full year (12 months)"))]
                  + [(code, _("Round %(code)s (its own dates)") % {"code": code}) for code in own],
        "formats": [("pdf", _("PDF to publish")), ("docx", _("DOCX to edit"))],
    }


NUMERALS = {"thai": True, "arabic": False}  # ?numerals=: digits as ๑๒๓ or 123; absent, as the document is made


def file_url(req: generate.Request, fmt: str) -> str:
    args = [req.kind, req.agency_code, req.fiscal_year]
    if req.kind == "progress":
        url = reverse("documents:progress", args=[*args[1:], req.reporting_round, fmt])
    else:
        url = reverse("documents:file", args=[*args, fmt])
    numerals = {v: k for k, v in NUMERALS.items()}.get(req.thai_numerals)
    return f"{url}?numerals={numerals}" if numerals else url


@login_required
def index(request):
    """Choose a document; a complete choice redirects to the file's address."""
    from datetime import date

    agencies = roles.readable(request.user, Agency.objects, "pk").order_by("code")
    errors = []
    if "agency" in request.GET:
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = 0
        kind = request.GET.get("document", "")
        req = generate.Request(
            kind=kind, agency_code=request.GET.get("agency", ""), fiscal_year=year,
            reporting_round=(request.GET.get("round") or None) if kind == "progress" else None,
            thai_numerals=NUMERALS.get(request.GET.get("numerals", "")),
        )
        fmt = request.GET.get("format", "pdf")
        errors = req.problems() + ([] if fmt in generate.FORMATS else [_("Choose PDF or DOCX.")])
        if not errors:
            return redirect(file_url(req, fmt))
    from prongsai.measures.models import Plan

    latest_plan = Plan.objects.filter(agency__in=agencies).select_related("agency").order_by("-fiscal_year", "agency__code").first()
    context = {
        "agencies": agencies, "errors": errors,
        # the newest year that has a plan: a document of a year without one is not there to make
        "default_year": latest_plan.fiscal_year if latest_plan else fiscal_year_of(date.today()),
        "default_agency": latest_plan.agency.code if latest_plan else None,
        # what is due next with it: the progress report once the plan has a reporting round, else the
        # plan (a tester opened the page six months on and found the analysis chosen)
        "default_kind": ("progress" if latest_plan.reporting_rounds.exists() else "plan") if latest_plan else "analysis",
        "values": request.GET, **_choices(agencies),
        "central_years": _central_years(request.user),
    }
    return render(request, "documents/index.html", context)


def _central_years(user) -> list[int]:
    """The years of the city's compiled report of central measures, for those who may read it."""
    if not roles.reads_everything(user):
        return []
    from prongsai.central.measures import years

    return years()


def _download(request, req: generate.Request, fmt: str):
    agency = Agency.objects.filter(code=req.agency_code).only("pk").first()
    if agency is not None and not roles.can_read_agency(request.user, agency):
        raise PermissionDenied  # an unknown agency falls through to the "unavailable" 404
    try:
        data = generate.render(generate.build(req), fmt)
    except (generate.Unavailable, DocumentError) as exc:
        return render(request, "documents/unavailable.html", {"problems": exc.problems, "req": req}, status=404)
    response = HttpResponse(data, content_type=generate.FORMATS[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{generate.filename(req, fmt)}"'
    return response


@login_required
def document_file(request, kind: str, agency: str, year: str, fmt: str):
    req = generate.Request(kind=kind, agency_code=agency, fiscal_year=int(year),
                           thai_numerals=NUMERALS.get(request.GET.get("numerals", "")))
    return _download(request, req, fmt)


@login_required
def progress_file(request, agency: str, year: str, reporting_round: str, fmt: str):
    req = generate.Request(kind="progress", agency_code=agency, fiscal_year=int(year), reporting_round=reporting_round,
                           thai_numerals=NUMERALS.get(request.GET.get("numerals", "")))
    return _download(request, req, fmt)
