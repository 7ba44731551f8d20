from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from prongsai.agencies.access import can_edit_round, can_import
from prongsai.agencies.models import AssessmentRound

from .export import report_json, report_xlsx
from .scores import report_rows, round_breakdown
from .tables import report_tables


def home(request):
    rounds = AssessmentRound.objects.select_related("agency").order_by("-fiscal_year", "agency__code")
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    rows = [{"round": r, "breakdown": round_breakdown(r)} for r in page]
    return render(request, "reports/home.html", {"page": page, "rows": rows, "can_import": can_import(request.user)})


def _round(pk: int) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)


def round_report(request, pk: int):
    rnd = _round(pk)
    breakdown = round_breakdown(rnd)
    context = {
        "round": rnd, "pack": rnd.pack, "breakdown": breakdown, **report_rows(rnd, breakdown),
        **report_tables(rnd), "can_edit": can_edit_round(request.user, rnd),
    }
    return render(request, "reports/round.html", context)


def round_json(request, pk: int):
    return JsonResponse(report_json(_round(pk)), json_dumps_params={"ensure_ascii": False, "indent": 1})


def round_xlsx(request, pk: int):
    rnd = _round(pk)
    response = HttpResponse(
        report_xlsx(rnd), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ita-{rnd.agency.code}-{rnd.fiscal_year}.xlsx"'
    return response
