from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from prongsai.agencies.models import AssessmentRound

from .scores import report_rows, round_breakdown


def home(request):
    rounds = AssessmentRound.objects.select_related("agency").order_by("-fiscal_year", "agency__code")
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    rows = [{"round": r, "breakdown": round_breakdown(r)} for r in page]
    return render(request, "reports/home.html", {"page": page, "rows": rows})


def round_report(request, pk: int):
    rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
    breakdown = round_breakdown(rnd)
    context = {"round": rnd, "pack": rnd.pack, "breakdown": breakdown, **report_rows(rnd, breakdown)}
    return render(request, "reports/round.html", context)
