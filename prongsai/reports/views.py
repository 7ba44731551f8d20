from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from prongsai.agencies.access import can_edit_round, can_import, can_view_round, readable_rounds, round_starters
from prongsai.agencies.models import AssessmentRound

from prongsai.measures.analysis import level_gaps
from prongsai.measures.todo import plans_awaited, tasks_for
from prongsai.people.roles import can_view_city

from .export import report_json, report_xlsx
from .scores import report_rows, round_breakdown
from .suppression import few_respondents, withheld
from .tables import report_tables


@login_required
def home(request):
    """The rounds this user may read (the internal reports need a login; the OIT open-data
    pages are the public face)."""
    rounds = readable_rounds(request.user, AssessmentRound.objects)
    rounds = rounds.select_related("agency").order_by("-fiscal_year", "agency__code")
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    rows = [{"round": r, "breakdown": round_breakdown(r)} for r in page]
    return render(request, "reports/home.html", {"page": page, "rows": rows, "can_import": can_import(request.user),
                                                 "can_start_round": round_starters(request.user).exists(),
                                                 "tasks": tasks_for(request.user),  # what waits for them, where they land
                                                 "plans_awaited": plans_awaited(request.user)})


def _round(pk: int) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)


def readable_round(view):
    """Login required; an unknown round is 404; the user must read the round's agency (else 403)."""
    @login_required
    @wraps(view)
    def wrapped(request, pk: int, *args, **kwargs):
        rnd = _round(pk)
        if not can_view_round(request.user, rnd):
            raise PermissionDenied
        return view(request, rnd, *args, **kwargs)
    return wrapped


@readable_round
def round_report(request, rnd: AssessmentRound):
    breakdown = round_breakdown(rnd)
    context = {
        "round": rnd, "pack": rnd.pack, "breakdown": breakdown, **report_rows(rnd, breakdown),
        **report_tables(rnd), "can_edit": can_edit_round(request.user, rnd), "withheld": withheld(rnd),
        "few_respondents": few_respondents(rnd),
        "gaps": level_gaps(rnd.pack, breakdown),
        # the central office came from the city's table of the year, and goes back to it (a tester)
        "city_year": rnd.fiscal_year if can_view_city(request.user) else None,
    }
    return render(request, "reports/round.html", context)


@readable_round
def round_json(request, rnd: AssessmentRound):
    return JsonResponse(report_json(rnd), json_dumps_params={"ensure_ascii": False, "indent": 1})


@readable_round
def round_xlsx(request, rnd: AssessmentRound):
    response = HttpResponse(
        report_xlsx(rnd), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ita-{rnd.agency.code}-{rnd.fiscal_year}.xlsx"'
    return response
