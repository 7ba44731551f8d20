from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.documents import generate
from prongsai.documents.thai import fiscal_year_of
from prongsai.measures.evidence import check_uploads, file_response
from prongsai.measures.forms import AskChangeForm, CaptionForm, ProgressEvidenceForm
from prongsai.measures.tracking import request_stamp
from prongsai.people import roles
from prongsai.people.access import requires
from prongsai.scoring import is_be_year
from prongsai.scoring.packs import four_digit_year

from . import dashboard, plan_status
from . import measures as central_measures
from .forms import AssignForm, CentralMeasureForm, ResultForm
from .models import CentralAssignment, CentralEvidence, CentralMeasure


@requires(roles.can_view_city)
def home(request):
    years = dashboard.years()
    if years:
        return redirect("central:year", year=dashboard.default_year(years))
    return render(request, "central/empty.html")


@requires(roles.can_view_city)
def year(request, year: int):
    years = dashboard.years()
    if year not in years:
        if not is_be_year(year):  # not a Buddhist-era year at all
            raise Http404("not a fiscal year")
        return render(request, "central/empty.html", {"year": year, "years": years})
    city = dashboard.city_year(year)
    sort, descending, level, text, levels, rows = _listing(request, city)
    indicator_codes = [i.code for i in city.indicators]
    context = {
        "city": city, "years": years, "rows": rows, "sort": sort, "descending": descending,
        "level": level, "q": text, "indicator_codes": indicator_codes,
        "heat_rows": [(r, r.heat_cells(indicator_codes)) for r in rows],
        "headers": _headers(sort, descending, {"level": level, "q": text}),
        "levels": levels, "query": request.GET.urlencode(),
        # searched for, but without a round this year: said, not "no agency matches"
        "missing_found": [a for a in city.missing if dashboard.matches(a, text)] if text else [],
    }
    return render(request, "central/year.html", context)


def _listing(request, city):
    """The page's sort, direction, level and text filters as the request gives them, the year's
    levels, and the agencies' rows so filtered and sorted: the same for the page and its XLSX."""
    sort = request.GET.get("sort", "rank")
    if sort not in dashboard.SORT_KEYS:
        sort = "rank"
    descending = request.GET.get("dir", "desc" if sort in NUMERIC else "asc") == "desc"
    levels = _levels(city.year)
    level, text = request.GET.get("level", ""), request.GET.get("q", "")
    if level not in {lv.code for lv in levels} | {"", "none", "dropped"}:
        level = ""  # an unknown level (an old or mistyped link): every agency, not an empty list
    rows = dashboard.sort_rows(dashboard.filter_rows(city.rows, level, text), sort, descending)
    return sort, descending, level, text, levels, rows


@requires(roles.can_view_city)
def year_xlsx(request, year: int):
    """The year's table as a workbook: the same figures, filter and order as the page it is downloaded from."""
    if year not in dashboard.years():
        raise Http404("no rounds in this fiscal year")
    city = dashboard.city_year(year)
    *_, level, text, _levels_, rows = _listing(request, city)
    response = HttpResponse(dashboard.city_xlsx(city, rows, with_missing=not (level or text)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ita-city-{year}{_filter_suffix(level, text)}.xlsx"'
    return response


@requires(roles.can_view_city)
def year_document(request, year: int, fmt: str):
    """The year's table as PDF or DOCX: the same figures, filter and order as the page it is downloaded from."""
    year = int(year)
    if year not in dashboard.years():
        raise Http404("no rounds in this fiscal year")
    city = dashboard.city_year(year)
    *_, level, text, levels, rows = _listing(request, city)
    # what the filter was, in the document and in the file's name (filtered and whole files told apart)
    names = {lv.code: lv.name.th for lv in levels}
    shown = {"dropped": "ที่ระดับผลลดลงจากรอบก่อน", "none": "ที่ยังไม่มีคะแนน ITA"}.get(level) or (f"ระดับ{names[level]}" if level else "")
    if text:
        shown = f"{shown} ที่ค้นด้วยคำว่า “{text[:50]}”".strip()
    doc = dashboard.city_document(city, rows, filtered=f"ตารางนี้แสดงเฉพาะหน่วยงาน{shown} ({len(rows)} หน่วยงาน)" if shown else "")
    response = HttpResponse(generate.render(doc, fmt), content_type=generate.FORMATS[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="ita-city-{year}{_filter_suffix(level, text)}.{fmt}"'
    return response


def _filter_suffix(level: str, text: str) -> str:
    """The page's filter in a downloaded file's name: ita-city-2567-dropped.pdf beside ita-city-2567.pdf."""
    return "".join(f"-{part}" for part in (level, "search" if text else "") if part)


def _years_table(request, scored=None):
    sort = request.GET.get("sort", "code")
    sort = sort if sort in dashboard.YEARS_SORTS else "code"
    descending = request.GET.get("dir", "desc" if sort in YEARS_NUMERIC else "asc") == "desc"
    return sort, descending, *dashboard.agencies_by_year(sort, descending, scored)


@requires(roles.can_view_city)
def trends(request):
    scored = dashboard.all_breakdowns()  # every round scored once, for both tables
    trend = dashboard.city_trend(scored)
    sort, descending, table_years, table = _years_table(request, scored)
    headers = _headers(sort, descending, {}, YEARS_COLUMNS, YEARS_NUMERIC)
    return render(request, "central/trends.html", {"trend": trend, "levels": _levels(),
                                                   "table_years": table_years, "table": table, "headers": headers,
                                                   "query": request.GET.urlencode(),
                                                   "indicators": dashboard.city_indicators_by_year(trend),
                                                   "agencies": dashboard.agencies_matching(request.GET.get("q", "")),
                                                   "q": request.GET.get("q", "")})


@requires(roles.can_view_city)
def plans(request):
    """Every agency's measures plan of a fiscal year and its 6- and 12-month reports: who has not
    sent, who waits for the director, who is done, whose measures are overdue."""
    this_year, year, rows, what, state, shown = _plans_listing(request)
    asked = request.GET.get("year", "").strip()
    if asked and four_digit_year(asked) != year:  # a year that is not one: said, as the central measures say it (a tester)
        messages.error(request, gettext("“%(asked)s” is not a Buddhist-era fiscal year (such as 2568): showing %(year)s.")
                       % {"asked": asked[:20], "year": year})
    counts = plan_status.counts(rows)
    return render(request, "central/plans.html", {
        "year": year, "years": sorted({*plan_status.years(this_year), year}, reverse=True), "rows": shown, "total": len(rows),
        "what": what, "state": state, "states": plan_status.STATES, "reports": plan_status.REPORTS,
        "summary": [(key, [(code, label, counts[key][code]) for code, label in plan_status.STATES.items()])
                    for key in ("plan", *plan_status.REPORTS)],
        "measures": plan_status.measure_totals(rows), "query": request.GET.urlencode(),
    })


@requires(roles.can_view_city)
def plans_xlsx(request):
    """The plans page's table as a workbook: the same year, filter and rows."""
    _this_year, year, _rows, _what, _state, shown = _plans_listing(request)
    response = HttpResponse(plan_status.plans_xlsx(year, shown),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="plans-{year}.xlsx"'
    return response


def _plans_listing(request):
    """The plans page's year (asked, else the default) and its rows, all and as filtered."""
    today = timezone.localdate()
    this_year = fiscal_year_of(today)
    year = four_digit_year(request.GET.get("year", ""))
    year = year if year is not None and is_be_year(year) else plan_status.default_year(this_year)
    rows = plan_status.plan_statuses(year, today)
    what, state = request.GET.get("what", "plan"), request.GET.get("state", "")
    return this_year, year, rows, what, state, plan_status.filter_statuses(rows, what, state)


@requires(roles.can_view_city)
def trends_xlsx(request):
    """The agencies × years table as a workbook, in the order of the page it is downloaded from."""
    scored = dashboard.all_breakdowns()  # every round scored once, for both sheets
    _sort, _descending, table_years, table = _years_table(request, scored)
    response = HttpResponse(dashboard.agencies_by_year_xlsx(table_years, table, dashboard.city_trend(scored), _levels()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="ita-by-year.xlsx"'
    return response


@login_required
def agency(request, pk: int):
    agency = get_object_or_404(Agency, pk=pk)
    if not (roles.can_view_city(request.user) or roles.can_read_agency(request.user, agency)):
        raise PermissionDenied
    trend = dashboard.agency_trend(agency)
    return render(request, "central/agency.html",
                  {"agency": agency, "trend": trend, "indicators": dashboard.indicators_by_year(trend),
                   "frameworks": dashboard.frameworks_by_year(trend),
                   "sees_city": roles.can_view_city(request.user)})  # the city-wide page is not for every reader


def _levels(year: int | None = None):
    """The levels of the year's framework (the latest year's by default)."""
    rounds = AssessmentRound.objects.filter(fiscal_year=year) if year else AssessmentRound.objects
    latest = rounds.order_by("-fiscal_year").first()
    return list(latest.pack.levels) if latest else []


COLUMNS = [("rank", "#"), ("agency", _("Agency")), ("ita", "ITA"), ("level", _("Level")), ("iit", "IIT"),
           ("eit", "EIT"), ("oit", "OIT"), ("change", _("Change"))]
NUMERIC = {"ita", "iit", "eit", "oit", "change"}
YEARS_COLUMNS = [("agency", _("Agency")), ("latest", _("Latest ITA")), ("change", _("Change"))]  # years compared
YEARS_NUMERIC = {"latest", "change"}


def _headers(sort: str, descending: bool, keep: dict, columns=COLUMNS, numeric=NUMERIC) -> list[dict]:
    """Column headers linking to the table sorted by that column (again: the other way); a figure's
    column sorts highest first."""
    out = []
    for key, label in columns:
        if key == sort:
            direction = "asc" if descending else "desc"
        else:
            direction = "desc" if key in numeric else "asc"
        query = urlencode({**{k: v for k, v in keep.items() if v}, "sort": key, "dir": direction})
        out.append({"key": key, "label": label, "url": f"?{query}", "active": key == sort,
                    "arrow": ("▼" if descending else "▲") if key == sort else "", "num": key in numeric or key == "rank"})
    return out


# -- central measures ---------------------------------------------------------------------------



def _year_param(request):
    """The year asked for; else the latest year with central measures; else this fiscal year."""
    years = central_measures.years()
    default = years[0] if years else fiscal_year_of(timezone.localdate())
    asked = request.GET.get("year", "").strip()
    if not asked:
        return default, years
    year = four_digit_year(asked)
    if year is None or not is_be_year(year):  # as the city's pages take
        messages.error(request, gettext("“%(asked)s” is not a Buddhist-era fiscal year (such as 2568): showing %(year)s.")
                       % {"asked": asked[:20], "year": default})
        return default, years
    return year, years


@requires(roles.can_use_central_measures)
def measures(request):
    """The central measures of a year: the central office sees every measure with how many agencies
    answered; a coordinator or director sees their agency's assignments."""
    year, years = _year_param(request)
    qs = CentralMeasure.objects.filter(fiscal_year=year)
    mine = roles.readable(request.user, CentralAssignment.objects.filter(measure__fiscal_year=year)
                          ).select_related("measure", "agency")
    rows = [{"measure": m, "total": m.assignments.count(),
             "answered": m.assignments.exclude(result="").count()} for m in qs]
    return render(request, "central/measures.html", {
        "year": year, "years": years, "rows": rows if roles.reads_everything(request.user) else [],
        "page": Paginator(mine, 25).get_page(request.GET.get("page")) if not roles.reads_everything(request.user) else None,
        "can_manage": roles.can_manage_library(request.user), "can_compile": roles.reads_everything(request.user),
    })


@requires(roles.can_manage_library)
def measure_edit(request, pk: int | None = None):
    measure = get_object_or_404(CentralMeasure, pk=pk) if pk else None
    # a new measure starts in the year the list was showing; an edited one keeps its own
    this_year = fiscal_year_of(timezone.localdate())
    form = CentralMeasureForm(request.POST or None, instance=measure,
                              initial=None if measure else {"fiscal_year": request.GET.get("year", "") or this_year})
    assign_form = AssignForm(request.POST or None, prefix="a") if measure is None else None
    if request.method == "POST" and form.is_valid() and (assign_form is None or assign_form.is_valid()):
        obj = central_measures.save_measure(request.user, form.save(commit=False))
        if assign_form is not None:
            central_measures.assign(request.user, obj, assign_form.chosen())
        messages.success(request, gettext("The central measure is saved."))
        return redirect("central:measure", obj.pk)
    return render(request, "central/measure_form.html", {"form": form, "assign_form": assign_form, "measure": measure})


@requires(roles.can_use_central_measures)
def measure(request, pk: int):
    m = get_object_or_404(CentralMeasure, pk=pk)
    assignments = roles.readable(request.user, m.assignments.select_related("agency")).prefetch_related("evidence")
    can_manage = roles.can_manage_library(request.user)
    assign_form = AssignForm(request.POST or None, prefix="a")
    # agencies already assigned are not offered again (their results stay as they are)
    assign_form.fields["agencies"].queryset = assign_form.fields["agencies"].queryset.exclude(
        pk__in=m.assignments.values("agency_id"))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if request.POST.get("action") == "delete":  # made by mistake: deleted while nobody has reported on it
            return _removal(request, m, lambda: central_measures.delete_measure(request.user, m),
                            gettext("An agency has reported on it meanwhile: the measure stays."),
                            gettext("The central measure is deleted."), f"{reverse('central:measures')}?year={m.fiscal_year}")
        if request.POST.get("action") == "unassign":  # assigned by mistake: taken off while it holds nothing
            pk = request.POST.get("assignment", "")
            a = get_object_or_404(m.assignments.select_related("agency"), pk=int(pk) if pk.isdecimal() else 0)
            return _removal(request, m, lambda: central_measures.unassign(request.user, a),
                            gettext("%(agency)s has reported on it: its result stays.") % {"agency": a.agency.name},
                            gettext("%(agency)s is no longer assigned.") % {"agency": a.agency.name},
                            reverse("central:measure", args=[m.pk]))
        if assign_form.is_valid():
            chosen = list(assign_form.chosen())
            n = central_measures.assign(request.user, m, chosen)
            text = gettext("%(n)s agencies added.") % {"n": n}
            if len(chosen) > n:
                text += " " + gettext("%(m)s were assigned already.") % {"m": len(chosen) - n}
            messages.success(request, text)
            return redirect("central:measure", m.pk)
    unreported = assignments.filter(result="")
    counts = {"all": assignments.count(), "unreported": unreported.count()}
    show = "unreported" if request.GET.get("show") == "unreported" else "all"  # whom to chase, on one page
    return render(request, "central/measure.html", {
        "m": m, "page": Paginator(unreported if show == "unreported" else assignments, 25).get_page(request.GET.get("page")),
        "can_manage": can_manage, "assign_form": assign_form, "counts": counts, "show": show,
        "all_assigned": not assign_form.fields["agencies"].queryset.exists(),  # nothing left to offer
        "query": "show=unreported" if show == "unreported" else "",
        "reported": central_measures.reported(m) if can_manage else 0,
    })


def _removal(request, m: CentralMeasure, remove, refused: str, done: str, then: str):
    """A removal the page's box confirms (confirm=1), refused once an agency has reported: then the
    measure's page says why; else `done`, and on to `then`."""
    if request.POST.get("confirm") != "1":
        messages.error(request, gettext("Tick the box to confirm."))
        return redirect("central:measure", m.pk)
    try:
        remove()
    except central_measures.HasReported:
        messages.error(request, refused)
        return redirect("central:measure", m.pk)
    messages.success(request, done)
    return redirect(then)


def _assignment(request, pk: int) -> CentralAssignment:
    a = get_object_or_404(CentralAssignment.objects.select_related("measure", "agency"), pk=pk)
    if not roles.can_read_agency(request.user, a.agency):
        raise PermissionDenied
    return a


@requires(lambda user: True)
def answer(request, pk: int):
    """One agency's result and evidence for one central measure (its coordinator writes): the result,
    files and a link saved together, as on a measure's progress page — all of it or, when a piece of
    evidence is refused, nothing (what was typed stays on the page)."""
    a = _assignment(request, pk)
    can_edit = roles.can_answer_central(request.user, a.agency)
    # the central office, reading the answers before compiling the city's report, may ask for a change
    can_ask = roles.can_manage_library(request.user)
    form = ResultForm(initial={"result": a.result, "asked": request_stamp(a.change_asked)})
    evidence_form = ProgressEvidenceForm(prefix="e")
    if request.method == "POST" and request.POST.get("action") in ("ask-change", "withdraw-change"):
        if not can_ask:
            raise PermissionDenied
        return _ask_change(request, a)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action in ("caption", "delete-evidence"):  # about one piece of this answer's evidence
            e = get_object_or_404(CentralEvidence, pk=request.POST.get("evidence"), assignment=a)
        if action == "caption":
            caption = CaptionForm(request.POST)
            if not caption.is_valid():
                messages.error(request, " ".join(caption.errors["caption"]))
            elif central_measures.save_caption(request.user, e, caption.cleaned_data["caption"]):
                messages.success(request, gettext("The caption is saved."))
            else:
                messages.success(request, gettext("Nothing changed."))
            return redirect("central:answer", a.pk)
        if action == "delete-evidence":
            if request.POST.get("confirm") != "1":  # as on a measure's page: one tap does not delete
                messages.error(request, gettext("Nothing is deleted: tick the box beside the evidence to confirm."))
                return redirect("central:answer", a.pk)
            central_measures.delete_evidence(request.user, e)
            messages.success(request, gettext("The evidence is deleted."))
            return redirect("central:answer", a.pk)
        form = ResultForm(request.POST)
        given = bool(request.FILES.getlist("e-file") or request.POST.get("e-url", "").strip())
        if given:
            evidence_form = ProgressEvidenceForm(request.POST, request.FILES, prefix="e")
        if form.is_valid() and (not given or evidence_form.is_valid()):
            data = evidence_form.cleaned_data if given else {}
            try:
                with transaction.atomic():
                    changed = central_measures.save_result(request.user, a, form.cleaned_data["result"].strip(),
                                                           form.cleaned_data["asked"])
                    for upload in check_uploads(data.get("file") or []):  # all checked before any is stored
                        central_measures.add_upload(request.user, a, upload, data.get("caption", ""))
                    if data.get("url"):
                        central_measures.add_link(request.user, a, data["url"], evidence_form.caption_of_link())
            except central_measures.EvidenceError as exc:
                evidence_form.add_error("file", str(exc))
                a.refresh_from_db()
                messages.error(request, gettext("Nothing is saved: the evidence was refused (see below). Choose the file again."))
            else:
                messages.success(request, gettext("The result and the evidence are saved.") if given
                                 else gettext("The result is saved.") if changed else gettext("Nothing changed."))
                return redirect("central:answer", a.pk)
    return render(request, "central/answer.html", {
        "a": a, "form": form, "evidence_form": evidence_form, "evidence": a.evidence.all(), "can_edit": can_edit,
        "can_ask": can_ask and central_measures.has_reported(a),
    })


def _ask_change(request, a: CentralAssignment):
    """The central office's request to the agency to change its answer, or its withdrawal."""
    here = redirect("central:answer", a.pk)
    if request.POST.get("action") == "withdraw-change":
        if a.change_asked:
            central_measures.ask_change(request.user, a, "")
            messages.success(request, gettext("The request is withdrawn."))
        return here
    if not central_measures.has_reported(a):
        messages.error(request, gettext("The agency has not answered yet: there is nothing to change."))
        return here
    form = AskChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Say what the agency should change."))
        return here
    central_measures.ask_change(request.user, a, form.cleaned_data["note"])
    messages.success(request, gettext("The agency is asked to change its answer: its coordinator sees your note on "
                                      "their home page and on this page."))
    return here


@requires(lambda user: True)
def evidence_file(request, pk: int):
    e = get_object_or_404(CentralEvidence.objects.select_related("assignment__agency"), pk=pk)
    if not roles.can_read_agency(request.user, e.assignment.agency):
        raise PermissionDenied
    if not e.file:
        raise Http404
    return file_response(e, e.file)




@requires(roles.reads_everything)
def compiled(request, year: str, fmt: str):
    """The compiled report (seed 003): every agency's result under each measure."""
    year = int(year)
    doc = central_measures.compiled_document(year)
    if doc is None:  # said on a page, with the way back (an old bookmark, a year typed in the address)
        return render(request, "documents/unavailable.html", {"problems": [
            gettext("No central measures in fiscal year %(year)s: there is nothing to compile.") % {"year": year}]}, status=404)
    response = HttpResponse(generate.render(doc, fmt), content_type=generate.FORMATS[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="central-measures-{year}.{fmt}"'
    return response
