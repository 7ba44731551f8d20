"""The assessment frameworks: every framework with the years it covers, its YAML to download, and
for the central office, adding a year's framework (upload → what it holds and changes → add)."""
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.documents.thai import fiscal_year_of
from prongsai.measures.templatetags.plans import be_date
from prongsai.people import roles
from prongsai.people.access import requires
from prongsai.reports.templatetags.prongsai import and_list
from prongsai.scoring import PackError, available_packs, load_pack, shipped_packs, usable_packs

from . import site
from .forms import CarryForm, UploadForm
from .problems import said
from .models import SiteFramework


def _signed_in(user) -> bool:
    return user.is_authenticated


@requires(_signed_in)
def index(request):
    added = {f.code: f for f in SiteFramework.objects.filter(removed_at__isnull=True).select_related("added_by")}
    can_manage = roles.can_manage_library(request.user)
    rows, broken = [], []
    for code in available_packs():
        removable = can_manage and code in added and not site.in_use(code)
        try:
            pack = load_pack(code)
        except PackError as exc:  # a site pack a later release checks more strictly: shown, not a 500
            broken.append({"code": code, "problems": said(exc), "removable": removable})
            continue
        rows.append({"pack": pack, "added": added.get(code), "shipped": code in shipped_packs() and code not in added,
                     "questions": len(pack.questions), "items": len(pack.oit_items), "removable": removable})
    rows.sort(key=lambda r: site.latest_years(r["pack"]), reverse=True)
    this_year = fiscal_year_of(timezone.localdate())
    covered = {y for r in rows for y in r["pack"].fiscal_years}
    # last year too (its published results are imported after it ends: a tester found 2569 never offered)
    uncovered = [y for y in (this_year - 1, this_year, this_year + 1) if y not in covered and y > min(covered, default=0)]
    # offered: the years no framework covers yet, or else the first one after the last covered
    offered = uncovered or [max(covered, default=this_year) + 1]
    return render(request, "frameworks/index.html", {
        "rows": rows, "broken": broken, "clashes": site.clashes(), "form": UploadForm(), "can_manage": can_manage,
        "uncovered": uncovered, "carry": _carry_form([r["pack"] for r in rows], offered) if can_manage else None,
    })


def _carry_form(packs, years, data=None) -> CarryForm:
    """The carry-forward form, filled in with the latest framework and the years no framework covers."""
    latest = packs[0] if packs else None  # rows are sorted latest first
    initial = {}
    if latest is not None:
        name_th, name_en = site.carried_names(latest, years)
        taken, code, n = site.taken_codes(), f"bma-district-{min(years)}-bkk", 1
        while code in taken:  # a code not used yet (a removed framework's stays taken)
            n += 1
            code = f"bma-district-{min(years)}-bkk{n}"
        initial = {"base": latest.code, "years": ", ".join(map(str, years)), "code": code,
                   "name_th": name_th, "name_en": name_en}
    return CarryForm(data, packs=packs, initial=initial)


@requires(roles.can_manage_library)
def carry(request):
    """POST: an existing framework again for other years → checked like an upload (what it holds and
    changes), added on the same confirmation."""
    if request.method != "POST":
        return redirect("frameworks:index")
    packs = sorted(usable_packs(), key=site.latest_years, reverse=True)  # as the list shows them
    form = _carry_form(packs, [fiscal_year_of(timezone.localdate())], request.POST)
    if not form.is_valid():
        return _show(request, {"carry": form, "title": _("The same criteria for another year")}, status=400)
    data = form.cleaned_data
    name = f"{data['code']}.yaml"
    try:
        checked = site.check(name, site.carried_forward(data["base"], data["code"], data["years"], data["name_th"], data["name_en"]))
    except PackError as exc:
        return _show(request, {"problems": said(exc), "name": name, "carry": form,
                               "title": _("The same criteria for another year")}, status=400)
    return _show(request, {"checked": checked, "name": name, "title": _("The same criteria for another year")})


@requires(roles.can_manage_library)
def add(request):
    """POST a file: check it and show what it holds; POST the checked text back: add it."""
    if request.method != "POST":
        return redirect("frameworks:index")
    if "text" in request.POST:
        name, text = request.POST.get("name", "framework.yaml"), request.POST["text"]
        done = site.added_already(text)
        if done is not None:  # confirmed twice (Back, then the button again): it is there, say so
            messages.info(request, _("Framework %(code)s was added already, on %(when)s.") % {
                "code": done.code, "when": be_date(timezone.localtime(done.added_at).date())})
            return redirect("frameworks:index")
        try:
            framework, copied = site.add(name, text, request.user, request.POST.get("library") or None)
        except PackError as exc:
            return _show(request, {"problems": said(exc), "name": name})
        messages.success(request, _("Framework %(code)s added: new rounds of fiscal years %(years)s can be started. %(n)d library measures copied.")
                         % {"code": framework.code, "years": and_list(load_pack(framework.code).fiscal_years), "n": copied})
        return redirect("frameworks:index")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _show(request, {"form": form}, status=400)
    name = request.FILES["file"].name
    try:
        checked = site.check(name, form.text)
    except PackError as exc:
        return _show(request, {"problems": said(exc), "name": name, "form": form}, status=400)
    return _show(request, {"checked": checked, "name": name})


def _show(request, context, status=200):
    context.setdefault("form", UploadForm())
    return render(request, "frameworks/add.html", context, status=status)


@requires(_signed_in)
def download(request, code: str):
    if code not in available_packs():
        raise Http404("no such framework")
    response = HttpResponse(site.pack_text(code), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}.yaml"'
    return response


@require_POST
@requires(roles.can_manage_library)
def remove(request, code: str):
    framework = get_object_or_404(SiteFramework, code=code, removed_at__isnull=True)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm the removal."))
        return redirect("frameworks:index")
    try:
        site.remove(framework, request.user)
    except PackError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Framework %(code)s removed.") % {"code": code})
    return redirect("frameworks:index")
