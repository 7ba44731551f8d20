from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.people import roles
from prongsai.people.access import requires

from . import dashboard


@requires(roles.can_view_city)
def home(request):
    years = dashboard.years()
    if years:
        return redirect("central:year", year=years[0])
    return render(request, "central/empty.html")


@requires(roles.can_view_city)
def year(request, year: int):
    years = dashboard.years()
    if year not in years:
        raise Http404("no rounds in this fiscal year")
    city = dashboard.city_year(year)
    sort = request.GET.get("sort", "rank")
    if sort not in dashboard.SORT_KEYS:
        sort = "rank"
    descending = request.GET.get("dir", "desc" if sort in NUMERIC else "asc") == "desc"
    level, text = request.GET.get("level", ""), request.GET.get("q", "")
    rows = dashboard.sort_rows(dashboard.filter_rows(city.rows, level, text), sort, descending)
    indicator_codes = [i.code for i in city.indicators]
    context = {
        "city": city, "years": years, "rows": rows, "sort": sort, "descending": descending,
        "level": level, "q": text, "indicator_codes": indicator_codes,
        "heat_rows": [(r, r.heat_cells(indicator_codes)) for r in rows],
        "headers": _headers(sort, descending, {"level": level, "q": text}),
    }
    return render(request, "central/year.html", context)


@requires(roles.can_view_city)
def trends(request):
    trend = dashboard.city_trend()
    return render(request, "central/trends.html", {"trend": trend, "levels": _levels(),
                                                   "indicators": dashboard.city_indicators_by_year(trend),
                                                   "agencies": dashboard.agencies_matching(request.GET.get("q", "")),
                                                   "q": request.GET.get("q", "")})


@login_required
def agency(request, pk: int):
    agency = get_object_or_404(Agency, pk=pk)
    if not (roles.can_view_city(request.user) or roles.can_read_agency(request.user, agency)):
        raise PermissionDenied
    trend = dashboard.agency_trend(agency)
    return render(request, "central/agency.html",
                  {"agency": agency, "trend": trend, "indicators": dashboard.indicators_by_year(trend)})


def _levels():
    latest = AssessmentRound.objects.order_by("-fiscal_year").first()
    return list(latest.pack.levels) if latest else []


COLUMNS = [("rank", "#"), ("agency", _("Agency")), ("ita", "ITA"), ("level", _("Level")), ("iit", "IIT"),
           ("eit", "EIT"), ("oit", "OIT"), ("change", _("Change"))]
NUMERIC = {"ita", "iit", "eit", "oit", "change"}


def _headers(sort: str, descending: bool, keep: dict) -> list[dict]:
    """Column headers linking to the table sorted by that column (again: the other way)."""
    out = []
    for key, label in COLUMNS:
        if key == sort:
            direction = "asc" if descending else "desc"
        else:
            direction = "desc" if key in NUMERIC else "asc"
        query = urlencode({**{k: v for k, v in keep.items() if v}, "sort": key, "dir": direction})
        out.append({"key": key, "label": label, "url": f"?{query}", "active": key == sort,
                    "arrow": ("▼" if descending else "▲") if key == sort else "", "num": key in NUMERIC or key == "rank"})
    return out
