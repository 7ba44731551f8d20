"""Planning pages: analysis, what-if, year over year, the measure library, plans, progress,
evidence and the coordinator's dashboard. Thin: the rules live in analysis.py, library.py,
evidence.py and tracking.py; who may do what lives in access.py."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.documents.thai import fiscal_year_of
from prongsai.people.names import display_name
from prongsai.reports.scores import round_input
from prongsai.reports.suppression import few_respondents, min_cell, withheld
from prongsai.scoring import breakdown_json, round2

from . import access
from .analysis import (
    DEFAULT_THRESHOLD, Analysis, TargetError, analyse, item_text, parse_targets, plan_worth, problem_text, short_of_next_level, standing, what_if,
    year_over_year,
)
from .documents import document_order, in_document_order
from .evidence import EvidenceError, add_link, add_upload, check_uploads, file_response, shown_evidence
from .forms import (
    AskChangeForm, CaptionForm, IssueForm, MeasureForm, ProgressEvidenceForm, ProgressForm, ReportingRoundForm, StandardMeasureForm, assign_formset,
)
from .library import available_libraries, proposals, target_for, targets
from .models import TEXT_LIMITS, Evidence, Measure, MeasureProgress, Plan, PlanIssue, ReportingRound, StandardMeasure
from . import approval, planning, services
from .todo import plans_awaited, tasks_for
from .templatetags.plans import be_date, be_datetime
from .tracking import (
    STANDARD_ROUNDS, add_standard_round, ask_change, changed_meanwhile, current_round, preset_period, request_stamp, round_progress,
    save_progress, stamp,
    units_to_chase, units_without_accounts, unreported,
)
from .tracking import dashboard as make_dashboard


def _check(request, allowed: bool):
    """Anonymous → the login page; logged in but not allowed → 403."""
    if not request.user.is_authenticated:
        raise _LoginNeeded()
    if not allowed:
        raise PermissionDenied


class _LoginNeeded(Exception):
    pass


def guarded(view):
    """Turn `_check`'s login requirement into a redirect to the (admin) login page."""
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginNeeded:
            return redirect_to_login(request.get_full_path())
    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# -- index -------------------------------------------------------------------------------------

@guarded
def index(request):
    _check(request, access.can_view_round(request.user, None))
    rounds = access.readable(request.user, AssessmentRound.objects).select_related("agency").order_by("-fiscal_year", "agency__code")
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    plans = {(p.agency_id, p.fiscal_year): p for p in Plan.objects.filter(
        agency__in={r.agency_id for r in page}).only("id", "agency_id", "fiscal_year", "approved_at", "submitted_at", "returned_note")}
    rows = [{"round": r, "plan": plans.get((r.agency_id, r.fiscal_year + 1)), "collecting": withheld(r),
             "can_start": access.can_create_plan(request.user, r.agency)} for r in page]
    return render(request, "measures/index.html", {"page": page, "rows": rows, "tasks": tasks_for(request.user),
                                                   "plans_awaited": plans_awaited(request.user)})


# -- analysis, what-if, year over year ------------------------------------------------------------

def _threshold(request) -> tuple[Decimal, str | None]:
    raw = request.GET.get("threshold", "").strip()
    if not raw:
        return DEFAULT_THRESHOLD, None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return DEFAULT_THRESHOLD, _("The threshold must be a number from 0 to 100.")
    if not value.is_finite() or not 0 <= value <= 100:
        return DEFAULT_THRESHOLD, _("The threshold must be a number from 0 to 100.")
    return value, None


@guarded
def analysis(request, pk: int):
    rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
    _check(request, access.can_view_round(request.user, rnd))
    threshold, error = _threshold(request)
    result = analyse(rnd, threshold)
    plan = Plan.objects.filter(agency=rnd.agency, fiscal_year=rnd.fiscal_year + 1).first()
    planned = set(plan.issues.values_list("code", flat=True)) if plan else set()
    can_plan = access.can_create_plan(request.user, rnd.agency) and not (plan and (plan.approved or plan.waiting))
    this_year = fiscal_year_of(timezone.localdate())
    return render(request, "measures/analysis.html", {
        "round": rnd, "pack": rnd.pack, "analysis": result, "threshold": threshold, "error": error,
        "plan": plan, "planned": planned, "can_plan": can_plan, "collecting": withheld(rnd),
        "few_respondents": few_respondents(rnd), "min_cell": min_cell(),  # their questions cannot be judged
        "unplanned": [i for i in result.items if i.code not in planned],
        # said before the click that makes the plan, not only on the plan page after it (a tester)
        "plan_year_over": this_year if can_plan and rnd.fiscal_year + 1 < this_year else None,  # (this year, to name it)
    })


def _whatif_rows(pack, data, targets_):
    base = what_if(pack, data, {})
    rows = []
    for code in pack.question_codes() + pack.item_codes():
        result = base.questions[code]
        rows.append({
            "code": code, "text": item_text(pack, code), "tool": result.tool, "score": result.score,
            "target": targets_.get(code), "is_item": result.tool == "OIT",
        })
    return base, rows


def _figures(breakdown) -> dict:
    out = breakdown_json(breakdown)
    return {
        "ita": out["ita"], "level": out["level"], "level_code": breakdown.level.code if breakdown.level else None,
        "tools": {k: v["score"] for k, v in out["tools"].items()},
        "weighted": {k: v["weighted"] for k, v in out["tools"].items()},
        "indicators": out["indicators"],
    }


@guarded
def whatif(request, pk: int):
    rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
    _check(request, access.can_view_round(request.user, rnd))
    pack = rnd.pack
    data = round_input(rnd)
    raw = request.POST if request.method == "POST" else request.GET  # a link may carry targets (?E6=100)
    targets_, problems = parse_targets(pack, {k: raw.get(k) for k in raw})
    try:
        result = what_if(pack, data, targets_)
    except TargetError as exc:
        problems.append(str(exc))
        targets_ = {}
        result = what_if(pack, data, targets_)
    base, rows = _whatif_rows(pack, data, targets_)
    for row in rows:  # each refused target's message beside its box too (the box may be far down the page)
        row["error"] = next((p for p in problems if p.startswith(f"{row['code']}:")), "")
    gain = None if result.ita is None or base.ita is None else result.ita - base.ita
    return render(request, "measures/whatif.html", {
        "round": rnd, "pack": pack, "rows": rows, "base": base, "result": result, "problems": problems, "gain": gain,
        "changed": bool(targets_), "short_of": short_of_next_level(pack, result),
    })


@guarded
@require_POST
def whatif_json(request, pk: int):
    """POST {"targets": {"E6": "95", "O10": "100"}} → the recomputed figures as JSON."""
    rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
    _check(request, access.can_view_round(request.user, rnd))
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
        raw = body.get("targets", {})
        if not isinstance(raw, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError, AttributeError):
        return JsonResponse({"errors": [_("The request is not valid JSON with a targets object.")]}, status=400)
    pack = rnd.pack
    targets_, problems = parse_targets(pack, raw)
    if problems:
        return JsonResponse({"errors": problems}, status=400)
    data = round_input(rnd)
    try:
        result = what_if(pack, data, targets_)
    except TargetError as exc:
        return JsonResponse({"errors": [str(exc)]}, status=400)
    base = what_if(pack, data, {})
    gain = None if result.ita is None or base.ita is None else float(result.ita - base.ita)
    level_name = result.level.name.get(request.LANGUAGE_CODE) if result.level else None
    return JsonResponse({**_figures(result), "level": level_name, "gain": gain, "short_of": short_of_next_level(pack, result),
                         "targets": {k: float(round2(v)) for k, v in targets_.items()}})


@guarded
def years(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    _check(request, access.can_view_agency(request.user, agency))
    rounds, rows, levels = year_over_year(agency)
    return render(request, "measures/years.html", {"agency": agency, "rounds": rounds, "rows": rows, "levels": levels})


# -- the measure library -------------------------------------------------------------------------

def _framework(request) -> str:
    libraries = available_libraries()
    framework = request.GET.get("framework") or (libraries[-1] if libraries else "")
    if framework not in libraries:
        raise Http404
    return framework


@guarded
def library(request):
    _check(request, request.user.is_authenticated)
    framework = _framework(request)
    from prongsai.scoring import load_pack

    pack = load_pack(framework)
    target = request.GET.get("target", "")
    measures = StandardMeasure.objects.filter(framework=framework)
    if target:
        measures = measures.filter(target=target)
    counts = dict(StandardMeasure.objects.filter(framework=framework).values_list("target").annotate(n=Count("id")))
    page = Paginator(measures, 25).get_page(request.GET.get("page"))
    return render(request, "measures/library.html", {
        "framework": framework, "pack": pack, "targets": [(t, item_text(pack, t), counts.get(t, 0)) for t in targets(pack)],
        "target": target, "page": page, "can_edit": access.can_edit_library(request.user),
    })


@guarded
def library_edit(request, pk: int | None = None):
    _check(request, access.can_edit_library(request.user))
    measure = get_object_or_404(StandardMeasure, pk=pk) if pk else None
    framework = measure.framework if measure else _framework(request)
    from prongsai.scoring import load_pack

    pack = load_pack(framework)
    form = StandardMeasureForm(request.POST or None, instance=measure, targets=targets(pack),
                               initial={"target": request.GET.get("target", "")})
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.framework = framework
        obj.edited_at = timezone.now()
        if not obj.key:
            obj.key = f"ui-{timezone.now():%Y%m%d%H%M%S%f}"
            obj.order = 100_000
        services.save(request.user, obj)
        messages.success(request, _("The standard measure is saved."))
        return redirect(f"{reverse('measures:library')}?framework={framework}&target={obj.target}")
    return render(request, "measures/library_edit.html", {"form": form, "measure": measure, "framework": framework})


# -- plans ------------------------------------------------------------------------------------------

@guarded
@require_POST
def plan_create(request, pk: int):
    rnd = get_object_or_404(AssessmentRound.objects.select_related("agency"), pk=pk)
    _check(request, access.can_create_plan(request.user, rnd.agency))
    if withheld(rnd) and not Plan.objects.filter(agency=rnd.agency, fiscal_year=rnd.fiscal_year + 1).exists():
        messages.error(request, _("The round is still collecting questionnaires: its results, which the plan answers, "
                                  "are not out yet."))
        return redirect("measures:index")
    plan, created = Plan.objects.get_or_create(
        agency=rnd.agency, fiscal_year=rnd.fiscal_year + 1, defaults={"source_round": rnd}
    )
    if created:
        services.record_create(request.user, plan)
        messages.success(request, _("The plan for fiscal year %(year)s is created.") % {"year": plan.fiscal_year})
    one, codes = request.POST.get("one"), request.POST.getlist("code")
    if one:  # one item: to its issue form, to read and choose its measures
        return redirect(f"{reverse('measures:issue_new', args=[plan.pk])}?code={one}")
    if codes:  # the ticked items at once, each with the library's proposed measures
        try:
            issues, measures = planning.add_weak_items(request.user, plan, codes)
        except approval.ApprovalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(issues)s issues added with %(measures)s measures from the library. Next: set "
                                        "their deadlines and responsible units.") % {"issues": issues, "measures": measures})
            return redirect("measures:assign", plan.pk) if issues else redirect("measures:plan", plan.pk)
    return redirect("measures:plan", plan.pk)


def _plan(request, pk: int, check) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("agency", "source_round", "approved_by"), pk=pk)
    _check(request, check(request.user, plan))
    return plan


@guarded
def plan_detail(request, pk: int):
    plan = _plan(request, pk, access.can_view_plan)
    pack = plan.pack
    order = document_order(pack)  # as the signed plan lists them, so that the page and the paper agree
    issues = sorted(plan.issues.prefetch_related("measures__responsible_units"), key=lambda i: (order.get(i.code, len(order)), i.order))
    worth = plan_worth(plan.source_round, [i.code for i in issues]) if plan.source_round else None
    rounds = list(plan.reporting_rounds.all())
    can_add_round = access.can_edit_plan(request.user, plan)
    this_year = fiscal_year_of(timezone.localdate())
    return render(request, "measures/plan.html", {
        "plan": plan, "pack": pack, "worth": worth, "note_limit": TEXT_LIMITS["note"],
        "issues": [{"issue": i, "text": item_text(pack, i.code), "measures": list(i.measures.all())} for i in issues],
        "reporting_rounds": rounds,
        # the coordinator adds rounds: the standard ones the plan lacks with one click, others with their dates
        "can_add_round": can_add_round,
        "missing_rounds": [ReportingRound(plan=plan, code=c) for c in STANDARD_ROUNDS if c not in {r.code for r in rounds}],
        "can_edit": access.can_edit_plan(request.user, plan) and not plan.approved and not plan.waiting,
        # what stops sending, said before the click (the same words the click would give)
        "not_ready": approval.completeness_problems(plan) if not plan.approved and not plan.waiting else [],
        # a plan for a fiscal year already over: every deadline in it is past before it is signed; said
        # to the coordinator drafting it and to the director about to sign it (a tester signed one unwarned)
        "year_over": not plan.approved and plan.fiscal_year < this_year and (
            access.can_edit_plan(request.user, plan) and not plan.waiting or access.can_approve_plan(request.user, plan) and plan.waiting),
        "this_year": this_year,
        "can_recall": access.can_edit_plan(request.user, plan) and plan.waiting,
        "can_approve": access.can_approve_plan(request.user, plan),
        "signed_reports": [r for r in rounds if r.approved],  # withdrawn before the plan's approval can be
        "blank_columns": [] if plan.approved else approval.blank_columns(plan),
        "sent_back": approval.last_sent_back(plan),
        "withdrawn": approval.last_withdrawn(plan),
    })


@guarded
@require_POST
def plan_approve(request, pk: int):
    who, change, done = {
        # the coordinator sends the plan to the director, or takes it back; the director decides
        "submit": (access.can_edit_plan, approval.submit, _("The plan is sent to the director for approval.")),
        "recall": (access.can_edit_plan, approval.recall, _("The plan is taken back: it can be changed, then sent again.")),
        "withdraw": (access.can_approve_plan, _confirmed(request, lambda p, u: approval.withdraw(p, u, request.POST.get("note", ""))),
                     _("The approval is withdrawn; the plan can be edited again.")),
        "send_back": (access.can_approve_plan, lambda p, u: approval.send_back(p, u, request.POST.get("note", "")),
                      _("The plan is sent back to the coordinator with your note.")),
    }.get(request.POST.get("action"), (access.can_approve_plan, approval.approve, _("The plan is approved.")))
    plan = _plan(request, pk, who)
    _decide(request, change, plan, done)
    return redirect("measures:plan", plan.pk)


def _confirmed(request, change):
    """`change`, refused unless the page's box saying what it means was ticked (confirm=1): withdrawing
    an approval sends the plan or report back through sending and signing."""
    def checked(obj, user):
        if request.POST.get("confirm") != "1":
            raise approval.ApprovalError(_("Nothing is changed: tick the box confirming what withdrawing the approval means."))
        return change(obj, user)
    return checked


def _decide(request, change, obj, done: str) -> None:
    """Apply one of `approval`'s changes; its refusal, or `done`, as the page's message."""
    try:
        change(obj, request.user)
    except approval.ApprovalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)


def _source_analysis(plan: Plan) -> Analysis | None:
    """The weak items of the plan's source round (scored once a request: the issue page's choices and
    its first wording both read them)."""
    return analyse(plan.source_round) if plan.source_round else None


def _from_results(analysis: Analysis | None, code: str) -> tuple[str, str]:
    """How the item stood in the plan's source round (for an item that is not a weak one: its score,
    which the weak-items page does not show), and a first wording of the issue (the coordinator edits it)."""
    if not (code and analysis):
        return "", ""
    item = next((i for i in analysis.items if i.code == code), None)
    if item:
        return "", problem_text(item, analysis.round.fiscal_year)
    return standing(analysis.breakdown, analysis.round.fiscal_year, code)


def _issue_codes(plan: Plan, analysis: Analysis | None, keep: str = "") -> list[tuple[str, str]]:
    """The questions and OIT items an issue may be about: the weak ones first (with their worth),
    then the others; those the plan already has are left out (but `keep`, the issue's own)."""
    pack = plan.pack
    weak = {i.code: i for i in analysis.items} if analysis else {}
    planned = set(plan.issues.exclude(code=keep).values_list("code", flat=True))
    codes = [c for c in [*weak, *(c for c in pack.question_codes() + pack.item_codes() if c not in weak)] if c not in planned]
    language = get_lang()
    scores = analysis.breakdown.questions if analysis else {}

    def figures(code: str) -> str:
        """ (84.16, ITA +0.79): its score in the round (passed or failed, an OIT item), and a weak
        one's worth; a tester pressed a button per item to see how it stood"""
        parts = []
        result = scores.get(code)
        if result is not None and result.score is not None:
            parts.append((_("passed") if result.score >= 100 else _("failed")) if result.tool == "OIT"
                         else f"{round2(result.score):.2f}")
        if code in weak and weak[code].gain is not None:
            parts.append(f"ITA +{weak[code].gain}")
        return f" ({', '.join(parts)})" if parts else ""

    return [(c, f"{c} {item_text(pack, c).get(language)}{figures(c)}") for c in codes]


def get_lang() -> str:
    from django.utils.translation import get_language

    return get_language() or "th"


def _ensure_editable(request, plan: Plan):
    """A redirect to the plan with the reason when it may not be changed now; None when it may.
    Asked on opening a page only: what a page sends is checked by _edit, which keeps the text."""
    if request.method == "POST":
        return None
    try:
        approval.ensure_draft(plan)
    except approval.ApprovalError as exc:
        messages.error(request, str(exc))
        return redirect("measures:plan", plan.pk)
    return None


def _edit(request, plan: Plan, change, typed: bool = False) -> bool:
    """Run change() in one transaction with the plan locked and still a draft, so an edit cannot
    commit after a concurrent sending or approval; False, with the reason shown, when refused.
    typed: the caller shows its form again, with what was typed (a page left open in another tab
    while the plan was sent lost a tester's text)."""
    try:
        with transaction.atomic():
            approval.lock_draft(plan)
            change()
    except approval.ApprovalError as exc:
        if typed:
            messages.error(request, _("Not saved: %(reason)s What you typed is still on this page: keep a copy, and save it "
                                      "again once the plan is a draft again.") % {"reason": exc})
        else:
            messages.error(request, str(exc))
        return False
    return True


@guarded
def issue_new(request, pk: int):
    plan = _plan(request, pk, access.can_edit_plan)
    if (stop := _ensure_editable(request, plan)):
        return stop
    code = request.POST.get("code") or request.GET.get("code") or ""
    if request.method == "POST" and (existing := plan.issues.filter(code=code).first()):
        # sent twice (Back, then save again): the issue the first save added, not a refusal to puzzle over
        messages.info(request, _("%(code)s is already in the plan: here it is; nothing more was added.") % {"code": code})
        return redirect("measures:issue_edit", existing.pk)
    analysis = _source_analysis(plan)
    stood, problem = _from_results(analysis, code)
    form = IssueForm(request.POST or None, codes=_issue_codes(plan, analysis), plan=plan, initial={"code": code, "problem": problem})
    if code:
        from django import forms as django_forms

        form.fields["code"].widget = django_forms.HiddenInput()
    pack = plan.pack
    framework = plan.source_round.framework if plan.source_round else pack.code
    proposed = list(proposals(framework, pack, code)) if code else []
    chosen = set(request.POST.getlist("standard"))
    if request.method == "POST":  # the ticks as sent: a refused save shows them again, not the library's
        proposed = [(m, str(m.pk) in chosen) for m, _ticked in proposed]
    if request.method == "POST" and form.is_valid():
        issue = form.save(commit=False)
        picked = list(StandardMeasure.objects.filter(pk__in=[c for c in chosen if c.isdigit()], framework=framework,
                                                     target=target_for(pack, issue.code)))
        if _edit(request, plan, lambda: planning.add_issue(request.user, plan, issue, picked), typed=True):
            messages.success(request, _("The issue is added with %(n)s measures from the library.") % {"n": len(picked)})
            return redirect("measures:plan", plan.pk)
    return render(request, "measures/issue_form.html", {
        "plan": plan, "form": form, "code": code, "proposed": proposed,
        "target": target_for(pack, code) if code else "", "text": item_text(pack, code) if code else None, "stood": stood,
    })


@guarded
def issue_edit(request, pk: int):
    issue = get_object_or_404(PlanIssue.objects.select_related("plan__agency"), pk=pk)
    plan = _plan(request, issue.plan_id, access.can_edit_plan)
    if (stop := _ensure_editable(request, plan)):
        return stop
    if request.method == "POST" and request.POST.get("action") == "delete":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Tick the box to confirm."))
            return redirect("measures:issue_edit", issue.pk)
        if _edit(request, plan, lambda: services.delete(request.user, issue)):
            messages.success(request, _("The issue and its measures are deleted."))
        return redirect("measures:plan", plan.pk)
    form = IssueForm(request.POST or None, instance=issue, codes=_issue_codes(plan, _source_analysis(plan), keep=issue.code), plan=plan)
    if request.method == "POST" and form.is_valid():
        if _edit(request, plan, lambda: services.save(request.user, issue, form), typed=True):
            messages.success(request, _("The issue is saved."))
            return redirect("measures:plan", plan.pk)
    return render(request, "measures/issue_form.html", {"plan": plan, "form": form, "issue": issue, "code": issue.code})


@guarded
def measure_edit(request, pk: int | None = None, issue: int | None = None):
    measure = get_object_or_404(Measure.objects.select_related("issue__plan"), pk=pk) if pk else None
    the_issue = measure.issue if measure else get_object_or_404(PlanIssue, pk=issue)
    plan = _plan(request, the_issue.plan_id, access.can_edit_plan)
    if (stop := _ensure_editable(request, plan)):
        return stop
    if measure and request.method == "POST" and request.POST.get("action") == "delete":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Tick the box to confirm."))
            return redirect("measures:measure_edit", measure.pk)
        if _edit(request, plan, lambda: services.delete(request.user, measure)):
            messages.success(request, _("The measure is deleted."))
        return redirect("measures:plan", plan.pk)
    pack = plan.pack
    library = []  # a new measure: the library's for the issue's item, those not copied into it yet
    if measure is None:
        copied = set(the_issue.measures.exclude(standard=None).values_list("standard_id", flat=True))
        library = [m for m, _ticked in proposals(pack.code, pack, the_issue.code) if m.pk not in copied]
    if request.method == "POST" and request.POST.get("action") == "copy":
        chosen = set(request.POST.getlist("standard"))
        picked = [m for m in library if str(m.pk) in chosen]
        if not picked:
            messages.error(request, _("Nothing is copied: tick the library's measures to copy."))
            return redirect("measures:measure_new", the_issue.pk)
        if _edit(request, plan, lambda: planning.add_measures(request.user, plan, the_issue, picked)):
            messages.success(request, _("%(n)s measures copied from the library into %(code)s; edit them in the plan.")
                             % {"n": len(picked), "code": the_issue.code})
        return redirect("measures:plan", plan.pk)
    form = MeasureForm(request.POST or None, instance=measure, plan=plan)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.issue = the_issue
        if not obj.order:
            obj.order = the_issue.measures.count() + 1
        if _edit(request, plan, lambda: services.save(request.user, obj, form), typed=True):
            messages.success(request, _("The measure is saved."))
            return redirect("measures:plan", plan.pk)
    return render(request, "measures/measure_form.html", {
        "plan": plan, "issue": the_issue, "form": form, "measure": measure, "library": library,
        "target": target_for(pack, the_issue.code),
    })


@guarded
def assign(request, pk: int):
    """Deadlines and responsible units of every measure of the plan on one page, saved at once."""
    plan = _plan(request, pk, access.can_edit_plan)
    if (stop := _ensure_editable(request, plan)):
        return stop
    formset = assign_formset(plan, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        changed = [form for form in formset.forms if form.instance.pk and form.has_changed()]

        def save_all():
            for form in changed:
                services.save(request.user, form.instance, form)  # one audit entry per changed measure

        if _edit(request, plan, save_all, typed=True):
            messages.success(request, _("Deadlines and responsible units are saved (%(n)s measures changed).") % {"n": len(changed)})
            return redirect("measures:plan", plan.pk)
    incomplete = {m.pk for m in approval.incomplete_measures(plan)}
    pack = plan.pack
    for form in formset.forms:  # the issue by its name, not by its code alone
        form.item_text = item_text(pack, form.instance.issue.code)
    return render(request, "measures/assign.html", {"plan": plan, "formset": formset, "incomplete": incomplete,
                                                    "without_accounts": units_without_accounts(plan.agency)})


# -- reporting rounds, progress, evidence ---------------------------------------------------------

@guarded
def reporting_round_new(request, pk: int):
    """The 6- and 12-month rounds are one click (a POST of `preset`); other rounds have their own
    code and dates (the form)."""
    plan = _plan(request, pk, access.can_edit_plan)
    preset = request.POST.get("preset") if request.method == "POST" else None
    if preset:
        if preset not in STANDARD_ROUNDS:
            raise Http404
        try:
            rr, created = add_standard_round(plan, preset, request.user)
        except approval.ApprovalError as exc:
            messages.error(request, str(exc))
            return redirect("measures:plan", plan.pk)
        if created:
            messages.success(request, _("The %(round)s is added.") % {"round": rr.label})
        else:
            messages.info(request, _("The plan already has the %(round)s.") % {"round": rr.label})
        return redirect("measures:reporting_round", rr.pk)
    form = ReportingRoundForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        rr = form.save(commit=False)
        rr.plan = plan
        rr.start, rr.end = form.cleaned_data["start"], form.cleaned_data["end"]
        services.save(request.user, rr)
        messages.success(request, _("The reporting round is created."))
        return redirect("measures:reporting_round", rr.pk)
    return render(request, "measures/reporting_round_form.html", {"plan": plan, "form": form})


@guarded
def reporting_round(request, pk: int):
    rr = get_object_or_404(ReportingRound.objects.select_related("plan__agency"), pk=pk)
    plan = _plan(request, rr.plan_id, access.can_view_plan)
    today = timezone.localdate()
    measures = list(in_document_order(plan.measures(), plan.pack).select_related("issue__plan").prefetch_related("responsible_units"))
    shown = round_progress(rr, measures)
    sent_back = approval.last_sent_back(rr)
    earlier = sent_back[2] if sent_back else {}  # the notes on single measures the report was sent again after
    # what units changed after the report went to the director, who signs what the report shows then
    since_sent = rr.submitted_at if rr.submitted_at and not rr.approved else None
    rows = [{"measure": m, "progress": shown[m.id], "overdue": shown[m.id].is_overdue(today),
             "changed_after_sent": since_sent is not None and shown[m.id].changed_after(since_sent),
             "can_record": access.can_record_measure(request.user, m), "note": rr.measure_note(m.id),
             "earlier_note": earlier.get(str(m.id), "")} for m in measures]
    # unit staff see their own unit's measures first of all: the others are not theirs to report
    own = [r for r in rows if r["can_record"]]
    only_own = 0 < len(own) < len(rows) and request.GET.get("all") != "1"
    can_edit = access.can_edit_plan(request.user, plan)
    can_approve = access.can_approve_plan(request.user, plan)
    # the coordinator's list of who still has to report, with a reminder to e-mail each unit
    to_chase = [(w, _reminder(request, rr, w)) for w in units_to_chase(measures, shown)] if can_edit and not rr.approved else []
    return render(request, "measures/reporting_round.html", {
        "plan": plan, "rr": rr, "note_limit": TEXT_LIMITS["note"], "round_ended": rr.end < today, "rows": own if only_own else rows, "only_own": only_own, "total": len(rows),
        "own_count": len(own) if 0 < len(own) < len(rows) else 0,
        "unreported": unreported(rr, [r["progress"] for r in rows]),
        "unreported_carried": sum(1 for r in rows if r["progress"].awaiting and r["progress"].carried_from is not None),
        "carried": sum(1 for r in rows if r["progress"].carried_from is not None),
        # said before sending and signing: the dashboard lists them, the signed report would not show it
        "done_bare": [r["measure"] for r in rows if r["progress"].done_without_evidence],
        "done_by_one": _done_by_one(plan, rows) if (can_edit or can_approve) and not rr.approved else [],
        # the coordinator's requests to units not answered yet, said beside the button that sends the report
        "open_requests": [r["measure"] for r in rows if r["progress"].own is not None and r["progress"].own.change_asked],
        "answered_requests": [r["measure"] for r in rows if r["progress"].own is not None and r["progress"].own.change_answered],
        "changed_after_sent": [r["measure"] for r in rows if r["changed_after_sent"]],
        "can_approve": can_approve,
        "can_submit": can_edit and not rr.approved and plan.approved,
        "can_delete": can_edit and approval.deletable(rr),
        "sent_back": sent_back,
        "withdrawn": approval.last_withdrawn(rr),
        "to_chase": to_chase, "no_account": any(w.unit and not w.people for w, _ in to_chase),
    })


def _short(text: str, limit: int = 40) -> str:
    """A measure's first words: up to `limit` characters, cut at a space where there is one (Thai
    writes few), with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[:cut if cut > 0 else limit].rstrip() + "…"


MAILTO_MAX = 1800  # characters: Windows' mail handlers and Outlook cut a mailto: link near 2,000


def _reminder(request, rr: ReportingRound, waiting) -> str:
    """A mailto: link to the unit's staff with a reminder naming the round, its last day and the measures
    it still waits for; "" when nobody of the unit has an e-mail address. Thai text takes nine characters
    a letter in a link: the measures are named shortly, as many as the link holds (a reviewer)."""
    from urllib.parse import quote

    addresses = [u.email for u in waiting.people if u.email]
    if not addresses:
        return ""
    subject = _("ITA measures: %(round)s report awaited") % {"round": rr.label}
    opening = _("Please report the progress of these measures of the %(year)s plan for the %(round)s (until %(end)s):") % {
        "year": rr.plan.fiscal_year, "round": rr.label, "end": be_date(rr.end)}
    address = request.build_absolute_uri(reverse("measures:reporting_round", args=[rr.pk]))
    head = f"mailto:{','.join(quote(a, safe='@.+-_') for a in addresses)}?subject={quote(subject)}&body="

    def link(lines):
        return head + quote("\r\n".join(lines))  # (RFC 6068: CRLF between lines)

    items = [f"- {m.issue.code}: {_short(m.activities)}" for m in waiting.measures]
    shown = len(items)
    while shown and len(link([opening, *items[:shown], "", address])) > MAILTO_MAX:
        shown -= 1
    more = [_("… and %(n)s more") % {"n": len(items) - shown}] if shown < len(items) else []
    return link([opening, *items[:shown], *more, "", address])


@guarded
@require_POST
def reporting_round_delete(request, pk: int):
    """The coordinator removes a round while nothing is recorded in it and it is not signed off."""
    rr = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    plan = _plan(request, rr.plan_id, access.can_edit_plan)
    label = rr.label
    try:
        approval.delete_round(rr, request.user)
    except approval.ApprovalError as exc:
        messages.error(request, str(exc))
        return redirect("measures:reporting_round", rr.pk)
    messages.success(request, _("The %(round)s is deleted.") % {"round": label})
    return redirect("measures:plan", plan.pk)


@guarded
@require_POST
def report_submit(request, pk: int):
    """The coordinator sends the round's progress report to the director, or takes it back."""
    rr = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    _plan(request, rr.plan_id, access.can_edit_plan)
    if request.POST.get("action") == "recall":
        _decide(request, approval.recall_report, rr, _("The report is taken back: send it again when it is ready."))
    else:
        confirmed = request.POST.get("confirm_unreported") == "1"
        _decide(request, lambda r, u: approval.submit_report(r, u, unreported_confirmed=confirmed), rr,
                _("The report is sent to the director."))
    return redirect("measures:reporting_round", rr.pk)


@guarded
@require_POST
def report_approve(request, pk: int):
    """The director signs off (or withdraws) a reporting round's progress report."""
    rr = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    _plan(request, rr.plan_id, access.can_approve_plan)
    if request.POST.get("action") == "withdraw":
        _decide(request, _confirmed(request, lambda r, u: approval.withdraw_report(r, u, request.POST.get("note", ""))), rr,
                _("The report's approval is withdrawn; progress can be changed again."))
    elif request.POST.get("action") == "send_back":
        notes = {int(key[6:]): text for key, text in request.POST.items() if key.startswith("mnote-") and key[6:].isdigit()}
        _decide(request, lambda r, u: approval.send_back_report(r, u, request.POST.get("note", ""), notes), rr,
                _("The report is sent back with your note; it shows on the round's page until you approve the report."))
    else:
        confirmed = request.POST.get("confirm_unreported") == "1"
        _decide(request, lambda r, u: approval.approve_report(r, u, unreported_confirmed=confirmed), rr,
                _("The report is approved."))
    return redirect("measures:reporting_round", rr.pk)


@guarded
def progress_edit(request, measure: int, rr: int):
    the_rr = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=rr)
    the_measure = get_object_or_404(Measure.objects.select_related("issue"), pk=measure, issue__plan=the_rr.plan)
    plan = _plan(request, the_rr.plan_id, access.can_view_plan)
    shown = round_progress(the_rr, [the_measure])[the_measure.id]  # carried from an earlier round when not reported here
    context = {"plan": plan, "rr": the_rr, "measure": the_measure, "shown": shown,
               "earlier_evidence": shown.earlier_evidence, "overdue": shown.is_overdue(),
               "units": list(the_measure.responsible_units.all()),
               # the coordinator may ask the unit to change its record before the report goes to the director,
               # and withdraw a request left open until the report is signed
               "can_ask": access.can_edit_plan(request.user, plan) and shown.own is not None
               and the_rr.submitted_at is None and not the_rr.approved,
               "can_withdraw": access.can_edit_plan(request.user, plan) and shown.own is not None
               and bool(shown.own.change_asked) and not the_rr.approved}
    locked = None
    if not access.can_record_measure(request.user, the_measure):
        # the director and other readers see what the unit recorded, before signing it off
        _check(request, request.method != "POST")
        locked = _("The responsible unit records this progress; you can read it here.")
    else:
        try:
            approval.ensure_report_open(the_rr)
        except approval.ApprovalError as exc:  # signed off: shown, not changed (nor created)
            if request.method == "POST":
                messages.error(request, str(exc))
                return redirect("measures:progress", the_measure.pk, the_rr.pk)
            locked = str(exc)
    if locked:
        record = shown.record
        previous, following = _neighbours(the_rr, the_measure)
        return render(request, "measures/progress_form.html", {
            **context, "progress": record, "locked": locked, "evidence": shown.own_evidence,
            "saved_by": _saver(record) if record is not None and record.updated_by_id else "",
            "previous_measure": previous, "following_measure": following,
        })
    # a first report in this round starts from what the earlier round reported; saving stores it in this round
    progress = shown.record_to_save()
    form = ProgressForm(instance=progress, prefix="p", initial={"seen": stamp(progress), "asked": request_stamp(progress.change_asked)})
    evidence_form = ProgressEvidenceForm(prefix="e")
    newer = None  # the record as someone else saved it after this page was opened
    if request.method == "POST":
        # one form, one button: status and result, and the evidence when a file or link is given —
        # all saved or, when the evidence is refused, nothing (what was typed stays on the page)
        data = request.POST.copy()
        data.setdefault("p-status", progress.status)
        data.setdefault("p-result", progress.result)
        form = ProgressForm(data, instance=progress, prefix="p")
        given = bool(request.FILES.getlist("e-file") or data.get("e-url", "").strip())
        if given:
            evidence_form = ProgressEvidenceForm(data, request.FILES, prefix="e")
        form_ok, evidence_ok, checked = form.is_valid(), not given or evidence_form.is_valid(), []
        if given and evidence_form.cleaned_data.get("file"):
            # the files' contents checked now, whatever else is wrong, so that every refusal shows at once
            try:
                checked = check_uploads(evidence_form.cleaned_data["file"])
            except EvidenceError as exc:
                evidence_form.add_error("file", str(exc))
                evidence_ok = False
        if form_ok and evidence_ok:
            try:
                with transaction.atomic():
                    approval.lock_progress(progress)  # not signed off meanwhile; not stored twice
                    if "p-seen" in request.POST:
                        stored = changed_meanwhile(progress, form.cleaned_data["seen"], form.cleaned_data["status"],
                                                   form.cleaned_data["result"], form.cleaned_data.get("completed_on"))
                        if stored is not None:
                            raise SavedMeanwhile(stored)
                    held = set(shown_evidence(progress).values_list("pk", flat=True))
                    again: list[str] = []
                    save_progress(request.user, progress, form)
                    if given:
                        cleaned = evidence_form.cleaned_data
                        try:
                            added = [add_upload(progress, upload, cleaned.get("caption", ""), user=request.user)
                                     for upload in checked]
                            if cleaned.get("url"):
                                added.append(add_link(progress, cleaned["url"], evidence_form.caption_of_link(), user=request.user))
                            # the same file or link again: attached before, or chosen twice in this save
                            seen: set[int] = set()
                            for e in added:
                                if e.pk in held or e.pk in seen:
                                    again.append(e.url or e.file_name)
                                seen.add(e.pk)
                        except EvidenceError as exc:
                            evidence_form.add_error("file", str(exc))
                            transaction.set_rollback(True)
            except approval.ApprovalError as exc:
                messages.error(request, str(exc))
                return redirect("measures:progress", the_measure.pk, the_rr.pk)
            except SavedMeanwhile as exc:
                newer = exc.stored
                _undo(progress)
                data["p-seen"] = stamp(newer)  # saving again, after reading theirs, stores this text
                form = ProgressForm(data, instance=progress, prefix="p")
                values = {"who": _saver(newer), "when": be_datetime(newer.updated_at)}
                if newer.updated_by_id == request.user.pk:  # on another tab or device (a tester's phone and desktop)
                    said = _("Nothing is saved: you saved this measure's progress at %(when)s on another page or device, "
                             "after this page was opened. That text is shown above the form: combine the two, then save again.")
                else:
                    said = _("Nothing is saved: %(who)s saved this measure's progress at %(when)s, after you opened this page. "
                             "Their text is shown above the form: combine the two, then save again.")
                if request.FILES.getlist("e-file"):  # (a browser never keeps a chosen file across a refused form)
                    said += " " + _("The files you chose are not kept: choose them again.")
                messages.error(request, said % values)
                return _progress_page(request, context, progress, form, evidence_form, newer, the_rr, the_measure)
            if not evidence_form.errors:
                messages.success(request, _("The progress and the evidence are saved.") if given else _("The progress is saved."))
                if given and again:
                    messages.info(request, _("Attached already, so not added a second time: %(names)s.") % {"names": ", ".join(again)})
                # said to whoever saves it, not only to the coordinator reading the round later (a tester)
                if round_progress(the_rr, [the_measure])[the_measure.id].done_without_evidence:
                    messages.warning(request, _("Reported done without evidence: add a photo of the activity, a document "
                                                "or a link below, as the report shows it."))
                # a request the page never showed is still open: said, not left to be found (a tester)
                still = progress.change_asked  # (as save_progress left it: the stored request, or "" when answered)
                if still and form.cleaned_data.get("asked") != request_stamp(still):
                    messages.warning(request, _("The coordinator asked for a change after this page was opened: read it "
                                                "above, then save again to answer it."))
                return redirect("measures:progress", the_measure.pk, the_rr.pk)
            _undo(progress)
            messages.error(request, _("Nothing is saved: the evidence was refused (see below). Choose the file again."))
        elif request.FILES.getlist("e-file"):  # a browser never keeps a chosen file across a refused form
            messages.error(request, _("Nothing is saved yet: correct what is marked below, then choose the file again."))
        else:  # the same banner for a text or a date (a tester found it for files only)
            messages.error(request, _("Nothing is saved yet: correct what is marked below."))
    return _progress_page(request, context, progress, form, evidence_form, newer, the_rr, the_measure)


@guarded
@require_POST
def progress_ask_change(request, measure: int, rr: int):
    """The coordinator asks the responsible unit to change what it recorded in the round (or withdraws
    the request): the unit finds it on its home page and above the measure's form."""
    the_rr = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=rr)
    the_measure = get_object_or_404(Measure.objects.select_related("issue"), pk=measure, issue__plan=the_rr.plan)
    _plan(request, the_rr.plan_id, access.can_edit_plan)
    here = redirect("measures:progress", the_measure.pk, the_rr.pk)
    own = round_progress(the_rr, [the_measure])[the_measure.id].own
    form = AskChangeForm(request.POST)
    withdraw = request.POST.get("action") == "withdraw"
    if own is None:
        messages.error(request, _("Nothing is recorded for this measure in this round yet: there is nothing to change."))
        return here
    if not withdraw and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return here
    if withdraw and not own.change_asked:
        return here  # nothing to withdraw: nothing written
    try:
        ask_change(request.user, own, "" if withdraw else form.cleaned_data["note"])
    except approval.ApprovalError as exc:
        messages.error(request, str(exc))
        return here
    messages.success(request, _("The request is withdrawn.") if withdraw else
                     _("The unit is asked to change its record: it sees your note on its home page and above this form."))
    return here


def _undo(progress: MeasureProgress) -> None:
    """After a rolled-back save: the record as stored (its saver and time too), or not stored."""
    if progress.pk and MeasureProgress.objects.filter(pk=progress.pk).exists():
        progress.refresh_from_db(fields=["updated_by", "updated_at"])  # (what was typed stays in the form)
    else:
        progress.pk, progress.updated_by, progress.updated_at = None, None, None


class SavedMeanwhile(Exception):
    """Someone else saved the progress after the page was opened (rolls the save back)."""

    def __init__(self, stored):
        super().__init__()
        self.stored = stored


def _done_by_one(plan: Plan, rows: list[dict]) -> list[tuple[Measure, str]]:
    """The measures shared by several units that one unit's person recorded done, for all of them (the
    units share one record): said before the report is sent and signed, with who recorded it, since the
    signed report counts them done (a tester: one unit closed a measure of all eleven). One the
    coordinator recorded is the coordinator's word for all."""
    shared, coordinates = [], {}  # user id → whether they edit the plan (one check a person, not a row)
    for r in rows:
        # the round's own record or one carried from an earlier round: this round's report counts either
        record = r["progress"].record
        if (record is None or record.status != MeasureProgress.DONE or record.updated_by is None
                or len(r["measure"].responsible_units.all()) < 2):
            continue
        if record.updated_by_id not in coordinates:
            coordinates[record.updated_by_id] = access.can_edit_plan(record.updated_by, plan)
        if not coordinates[record.updated_by_id]:
            shared.append((r["measure"], _saver(record)))
    return shared


def _saver(progress: MeasureProgress) -> str:
    return display_name(progress.updated_by) or _("someone")


def _progress_page(request, context, progress, form, evidence_form, newer, the_rr, the_measure):
    shown = context["shown"]
    return render(request, "measures/progress_form.html", {
        **context, "progress": progress, "form": form, "evidence_form": evidence_form,
        "newer": newer, "newer_by": _saver(newer) if newer else "",
        "saved_by": _saver(progress) if progress.pk and progress.updated_by_id else "",
        "evidence": progress.evidence.all() if progress.pk else [],
        "carried_from": shown.carried_from if progress.pk is None else None,
        "next_measure": _next_to_report(request.user, the_rr, the_measure),
    })


def _next_to_report(user, rr: ReportingRound, after: Measure) -> Measure | None:
    """The next measure of the round, in the plan's order, that this user records and that is not
    reported yet (from the top again after the last): one report after another without the list."""
    ordered = list(in_document_order(rr.plan.measures(), rr.plan.pack).select_related("issue__plan")
                   .prefetch_related("responsible_units"))
    place = {m.pk: n for n, m in enumerate(ordered)}
    measures = [m for m in ordered if m.pk != after.pk and access.can_record_measure(user, m)]
    shown = round_progress(rr, measures)
    waiting = [m for m in measures if shown[m.pk].awaiting]
    later = [m for m in waiting if place[m.pk] > place.get(after.pk, -1)]
    return (later or waiting or [None])[0]


def _neighbours(rr: ReportingRound, measure: Measure) -> tuple[Measure | None, Measure | None]:
    """The measures before and after this one in the plan's order: a director reading the round's
    reports one after another, without going back to the list each time (a tester)."""
    ordered = list(in_document_order(rr.plan.measures(), rr.plan.pack).select_related("issue"))
    n = next(i for i, m in enumerate(ordered) if m.pk == measure.pk)
    return (ordered[n - 1] if n else None), (ordered[n + 1] if n + 1 < len(ordered) else None)


def _evidence(request, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("progress__reporting_round__plan"), pk=pk)
    _check(request, access.can_view_evidence(request.user, evidence))
    return evidence


@guarded
def evidence_file(request, pk: int, thumb: bool = False):
    evidence = _evidence(request, pk)
    field = evidence.thumbnail if thumb else evidence.file
    if not field:
        raise Http404
    return file_response(evidence, field)


def _recordable_evidence(request, pk: int) -> Evidence:
    """A piece of evidence the user may change: they record its measure's progress."""
    evidence = _evidence(request, pk)
    _check(request, access.can_record_measure(request.user, evidence.progress.measure))
    return evidence


def _back_to_progress(evidence: Evidence):
    return redirect("measures:progress", evidence.progress.measure_id, evidence.progress.reporting_round_id)


def _while_report_open(request, evidence: Evidence, change, done: str):
    """`change(evidence)` (it audits) while the report of its round is not signed; back to its progress."""
    try:
        with transaction.atomic():
            approval.lock_open_report(evidence.progress.reporting_round)
            change(evidence)
    except approval.ApprovalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return _back_to_progress(evidence)


@guarded
@require_POST
def evidence_caption(request, pk: int):
    """One piece of evidence's caption (a save gives every file and link it adds the one caption)."""
    evidence = _recordable_evidence(request, pk)
    form = CaptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["caption"]))
        return _back_to_progress(evidence)

    def change(e):
        e.caption = form.cleaned_data["caption"]
        services.save(request.user, e)

    return _while_report_open(request, evidence, change, _("The caption is saved."))


@guarded
@require_POST
def evidence_delete(request, pk: int):
    evidence = _recordable_evidence(request, pk)
    if request.POST.get("confirm") != "1":  # one tap beside a photo on a phone must not delete it
        messages.error(request, _("Nothing is deleted: tick the box beside the evidence to confirm."))
        return _back_to_progress(evidence)
    # signals.py removes the files
    return _while_report_open(request, evidence, lambda e: services.delete(request.user, e), _("The evidence is deleted."))


@guarded
def plan_dashboard(request, pk: int):
    plan = _plan(request, pk, access.can_view_plan)
    today = timezone.localdate()
    year_end = preset_period(plan.fiscal_year, "12m")[1]
    return render(request, "measures/dashboard.html", {
        "plan": plan, "today": today, "board": make_dashboard(plan, today), "rr": current_round(plan, today),
        # a director or auditor reads the progress, never reports it: "Open", and no word of where reports go
        "reports": access.can_report_progress(request.user, plan),
        # "every report is approved" is not "the year is reported" while no round reaches its end (a tester)
        "no_year_round": not plan.reporting_rounds.filter(end__gte=year_end).exists(),
    })
