"""What waits for the signed-in user, shown where they land (the home page, the plans page):
for a director, the plans and progress reports to approve; for an OIT assessor, the items waiting
for a verdict; for a coordinator, the latest results still to plan from, a plan sent back, not
ready to send or whose approval the director withdrew (a report's too); for a coordinator and a
unit's staff, the measures they still have to report in a reporting round that has begun, and the
city's central measures their agency has not answered yet."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prongsai.people import roles

from . import approval
from .models import Measure, Plan, ReportingRound
from .templatetags.plans import be_date
from .tracking import current_round, round_progress


@dataclass
class Task:
    text: str
    url: str
    note: str = ""  # a quotation shown under the task (the director's note)


def tasks_for(user) -> list[Task]:
    memberships = roles.memberships(user)
    coordinated = {m.agency_id for m in memberships if m.role == roles.COORDINATOR and m.agency_id}
    units = {m.unit_id for m in memberships if m.role == roles.UNIT_STAFF and m.unit_id}
    directed = {m.agency_id for m in memberships if m.role == roles.DIRECTOR and m.agency_id}
    tasks = _to_approve(user) + _to_assess(user) + _results_to_plan(coordinated) + _plans_to_finish(coordinated)
    return (tasks + _rounds_to_add(coordinated) + _progress_to_report(coordinated, units) + _central_to_answer(coordinated)
            + _overdue(coordinated | directed))


def _to_approve(user) -> list[Task]:
    waiting = approval.waiting_for(user)
    tasks = [Task(_("Approve the %(year)s measures plan of %(agency)s") % {"year": p.fiscal_year, "agency": p.agency.name},
                  reverse("measures:plan", args=[p.pk])) for p in waiting["plans"]]
    tasks += [Task(_("Sign off the progress report (%(round)s) of the %(year)s plan of %(agency)s")
                   % {"round": rr.label, "year": rr.plan.fiscal_year, "agency": rr.plan.agency.name},
                   reverse("measures:reporting_round", args=[rr.pk])) for rr in waiting["reports"]]
    return tasks


def _to_assess(user) -> list[Task]:
    """For an OIT assessor: the rounds of their agencies with items submitted and waiting for a verdict."""
    from django.db.models import Count

    from prongsai.oit.models import AWAITING_VERDICT, Disclosure
    from prongsai.oit.services import published_rounds

    agencies = roles.assessed_agency_ids(user)
    if not agencies:
        return []
    waiting = (Disclosure.objects.filter(round__agency__in=agencies, status__in=AWAITING_VERDICT)
               .exclude(round__in=published_rounds())  # an official report's verdicts are not given again
               .values("round", "round__agency__name_th", "round__fiscal_year").annotate(n=Count("id"))
               .order_by("round__agency__code", "-round__fiscal_year"))
    return [Task(ngettext("%(n)s OIT item of %(agency)s (%(year)s) waits for your verdict",
                          "%(n)s OIT items of %(agency)s (%(year)s) wait for your verdict", w["n"])
                 % {"n": w["n"], "agency": w["round__agency__name_th"], "year": w["round__fiscal_year"]},
                 reverse("oit:assess", args=[w["round"]])) for w in waiting]


def _results_to_plan(agencies: set[int]) -> list[Task]:
    """The agency's latest results with an ITA and no plan for the year after them yet: where the
    coordinator's October afternoon starts (why the level was lost, what each fix is worth)."""
    from prongsai.agencies.models import AssessmentRound
    from prongsai.reports.scores import round_breakdown, still_to_assess

    from prongsai.documents.thai import fiscal_year_of

    this_year = fiscal_year_of(timezone.localdate())
    tasks = []
    for agency_id in sorted(agencies):
        latest = AssessmentRound.objects.filter(agency_id=agency_id).select_related("agency").order_by("-fiscal_year").first()
        if latest is None or Plan.objects.filter(agency_id=agency_id, fiscal_year=latest.fiscal_year + 1).exists():
            continue
        breakdown = round_breakdown(latest)
        if breakdown.ita is None or still_to_assess(breakdown):
            continue  # no ITA yet, or a provisional one (OIT items still to assess)
        values = {"year": latest.fiscal_year, "agency": latest.agency.name, "next": latest.fiscal_year + 1, "now": this_year,
                  "last": this_year - 1}
        if latest.fiscal_year + 1 < this_year:  # the year those results would plan is over: not a plan to make now
            text = _("The latest results of %(agency)s here are of %(year)s, for the %(next)s plan, and fiscal year %(next)s "
                     "is over: add the %(last)s results to plan %(now)s, or see what lost points in %(year)s") % values
            if not _framework_covers(this_year - 1):  # (a tester's coordinator found out at the import page)
                text += " " + _("(the central office adds the %(last)s framework first)") % values
        else:
            text = _("The %(year)s results of %(agency)s are in: see what lost points and plan the %(next)s measures") % values
        tasks.append(Task(text, reverse("measures:analysis", args=[latest.pk])))
    return tasks


def _framework_covers(fiscal_year: int) -> bool:
    from prongsai.scoring import PackError, pack_for_year

    try:
        pack_for_year(fiscal_year)
    except PackError:
        return False
    return True


def _overdue(agencies: set[int]) -> list[Task]:
    """For the director and the coordinator: the measures of this fiscal year's approved plan past their
    deadline and not done, where they land (a tester's director found "approved" and nothing more;
    the progress dashboard that counts them was a breadcrumb away)."""
    from prongsai.documents.thai import fiscal_year_of

    from .tracking import dashboard

    today = timezone.localdate()
    year = fiscal_year_of(today)
    tasks = []
    # this year's plan, and last year's while its 12-month report is being written (October: a tester's
    # director lost the count just when that report was due)
    signed_year = ReportingRound.objects.filter(code="12m", approved_at__isnull=False).values("plan")  # (one round both)
    plans = (Plan.objects.filter(agency__in=agencies, fiscal_year__in=(year, year - 1), approved_at__isnull=False)
             .exclude(fiscal_year=year - 1, pk__in=signed_year))
    for plan in plans.select_related("agency").order_by("-fiscal_year", "agency__code"):
        late = len(dashboard(plan, today).overdue)
        if late:
            tasks.append(Task(ngettext("%(n)s measure of the %(year)s plan of %(agency)s is overdue",
                                       "%(n)s measures of the %(year)s plan of %(agency)s are overdue", late)
                              % {"n": late, "year": plan.fiscal_year, "agency": plan.agency.name},
                              reverse("measures:dashboard", args=[plan.pk])))
    return tasks


def _plans_to_finish(agencies: set[int]) -> list[Task]:
    tasks = []
    drafts = Plan.objects.filter(agency__in=agencies, approved_at__isnull=True, submitted_at__isnull=True)
    for plan in drafts.select_related("agency").order_by("-fiscal_year", "agency__code"):
        url = reverse("measures:plan", args=[plan.pk])
        withdrawn = approval.last_withdrawn(plan)
        if plan.returned_note and not withdrawn:
            tasks.append(Task(_("The director sent the %(year)s plan back: change it and send it again")
                              % {"year": plan.fiscal_year}, url, plan.returned_note))
            continue
        if withdrawn:  # nothing else told the coordinator (a plan they thought signed); why, when the director said
            tasks.append(Task(_("The director withdrew the approval of the %(year)s plan on %(date)s: change what is needed "
                                "and send it again") % {"year": plan.fiscal_year, "date": be_date(withdrawn.when)}, url,
                              plan.returned_note))
        # what sending the plan would refuse
        bare = len(approval.issues_without_measures(plan))
        if bare:
            tasks.append(Task(ngettext(
                "%(n)s issue of the %(year)s plan has no measure yet",
                "%(n)s issues of the %(year)s plan have no measure yet", bare)
                % {"n": bare, "year": plan.fiscal_year}, url))
        missing = len(approval.incomplete_measures(plan))
        if missing:
            tasks.append(Task(ngettext(
                "%(n)s measure of the %(year)s plan has no deadline or responsible unit yet",
                "%(n)s measures of the %(year)s plan have no deadline or responsible unit yet", missing)
                % {"n": missing, "year": plan.fiscal_year}, reverse("measures:assign", args=[plan.pk])))
        if not bare and not missing and not withdrawn and plan.issues.exists():  # complete (the withdrawal says so already)
            tasks.append(Task(_("The %(year)s plan is complete: send it to the director for approval")
                              % {"year": plan.fiscal_year}, url))
    return tasks


def _rounds_to_add(agencies: set[int]) -> list[Task]:
    """Approved plans without the reporting round that comes next: the 6-month round first (its
    report is the first the units write), then, past the year's first half, the 12-month round."""
    from .tracking import preset_period

    today = timezone.localdate()
    tasks = []
    for plan in (Plan.objects.filter(agency__in=agencies, approved_at__isnull=False)
                 .prefetch_related("reporting_rounds").select_related("agency").order_by("-fiscal_year")):
        codes = {r.code for r in plan.reporting_rounds.all()}
        six = preset_period(plan.fiscal_year, "6m")
        if "6m" not in codes:
            tasks.append(Task(_("Add the 6-month reporting round of the %(year)s plan") % {"year": plan.fiscal_year},
                              reverse("measures:plan", args=[plan.pk])))
        elif "12m" not in codes and six and today > six[1]:
            tasks.append(Task(_("Add the 12-month reporting round of the %(year)s plan") % {"year": plan.fiscal_year},
                              reverse("measures:plan", args=[plan.pk])))
    return tasks


def _progress_to_report(agencies: set[int], units: set[int]) -> list[Task]:
    """Reporting rounds that have begun, of approved plans, not signed off: the measures of the
    user's agency (a coordinator) or units (unit staff) without progress in them yet."""
    if not (agencies or units):
        return []
    rounds = (ReportingRound.objects.filter(plan__approved_at__isnull=False, approved_at__isnull=True,
                                            start__lte=timezone.localdate())
              .select_related("plan__agency").order_by("end", "pk"))
    tasks = []
    mine = rounds.filter(plan__agency__in=agencies) | rounds.filter(plan__issues__measures__responsible_units__in=units)
    for rr in mine.distinct():
        withdrawn = approval.last_withdrawn(rr) if rr.plan.agency_id in agencies else None
        if rr.returned_note and rr.plan.agency_id in agencies and not withdrawn:
            tasks.append(Task(_("The director sent the %(round)s report back (%(year)s plan): see what to change")
                              % {"round": rr.label, "year": rr.plan.fiscal_year},
                              reverse("measures:reporting_round", args=[rr.pk]), rr.returned_note))
        elif withdrawn:
            tasks.append(Task(_("The director withdrew the approval of the %(round)s report (%(year)s plan) on %(date)s: "
                                "read it again and send it again")
                              % {"round": rr.label, "year": rr.plan.fiscal_year, "date": be_date(withdrawn.when)},
                              reverse("measures:reporting_round", args=[rr.pk]), rr.returned_note))
        elif rr.plan.agency_id in agencies and rr.end < timezone.localdate() and rr.submitted_at is None:
            tasks.append(Task(_("Read what the units recorded for %(round)s (%(year)s plan) and send the report to the director")
                              % {"round": rr.label, "year": rr.plan.fiscal_year},
                              reverse("measures:reporting_round", args=[rr.pk])))
        measures = Measure.objects.filter(issue__plan=rr.plan)
        if rr.plan.agency_id not in agencies:
            measures = measures.filter(responsible_units__in=units).distinct()
        # as the round's page counts them: nothing recorded in it, nor a finished result carried into it
        progress = round_progress(rr, list(measures))
        n = sum(1 for shown in progress.values() if shown.awaiting)
        # what the coordinator asked a unit to change, where it is answered (the coordinator asked it: not theirs);
        # for the coordinator, the changes made as asked, to read before the report goes
        made = [shown for shown in progress.values() if shown.own is not None and shown.own.change_answered]
        if rr.plan.agency_id in agencies and rr.submitted_at is not None:  # (sent: not signed, as all of these)
            changed = sum(1 for shown in progress.values() if shown.changed_after(rr.submitted_at))
            if changed:
                tasks.append(Task(ngettext(
                    "%(n)s measure was changed after you sent the %(round)s report (%(year)s plan): read it, or take the report back",
                    "%(n)s measures were changed after you sent the %(round)s report (%(year)s plan): read them, or take the report back", changed)
                    % {"n": changed, "round": rr.label, "year": rr.plan.fiscal_year},
                    reverse("measures:reporting_round", args=[rr.pk])))
        if rr.plan.agency_id in agencies and made and rr.submitted_at is None:
            tasks.append(Task(ngettext(
                "A unit made the change you asked for in %(round)s (%(year)s plan): read it and send the report",
                "Units made %(n)s changes you asked for in %(round)s (%(year)s plan): read them and send the report", len(made))
                % {"n": len(made), "round": rr.label, "year": rr.plan.fiscal_year},
                reverse("measures:reporting_round", args=[rr.pk])))
        if rr.plan.agency_id not in agencies:
            for shown in progress.values():
                if shown.own is not None and shown.own.change_asked:
                    tasks.append(Task(_("The coordinator asks for a change to %(measure)s (%(round)s)")
                                      % {"measure": shown.measure.short_label, "round": rr.label},
                                      reverse("measures:progress", args=[shown.measure.pk, rr.pk]), shown.own.change_asked))
        # the director's note on a report sent back concerns the units too (the coordinator has its own task)
        note = rr.returned_note if rr.plan.agency_id not in agencies else ""
        if n:
            tasks.append(Task(ngettext(
                "%(n)s measure to report for %(round)s (%(year)s plan)",
                "%(n)s measures to report for %(round)s (%(year)s plan)", n)
                % {"n": n, "round": rr.label, "year": rr.plan.fiscal_year},
                reverse("measures:reporting_round", args=[rr.pk]), note))
        elif note:  # everything reported: the note may still ask the unit to change or add something
            tasks.append(Task(_("The director sent the %(round)s report back (%(year)s plan): see whether it concerns your unit")
                              % {"round": rr.label, "year": rr.plan.fiscal_year},
                              reverse("measures:reporting_round", args=[rr.pk]), note))
        # each note on one of their measures, where it is answered: that measure's progress in the round
        if rr.measure_notes:
            for m in measures.select_related("issue").order_by("issue__order", "order", "pk"):
                if rr.measure_note(m.pk):
                    tasks.append(Task(_("The director's note on %(measure)s (%(round)s)") % {"measure": m.short_label, "round": rr.label},
                                      reverse("measures:progress", args=[m.pk, rr.pk]), rr.measure_note(m.pk)))
    return tasks


def plans_awaited(user) -> list[Task]:
    """For a unit's staff: which of their agencies has no approved measures plan of this fiscal year
    yet, said where they land when nothing waits for them (a tester's unit head met an empty page
    before the plan, and had to find /plans/); with a link to the agency's latest approved plan (its
    latest reporting round) where there is one: a unit that has just reported on last year's plan
    read only that this year's was missing, and lost its way back to what it reported."""
    from prongsai.agencies.models import Unit
    from prongsai.documents.thai import fiscal_year_of

    units = {m.unit_id for m in roles.memberships(user) if m.role == roles.UNIT_STAFF and m.unit_id}
    year = fiscal_year_of(timezone.localdate())
    notes = []
    for agency in sorted({u.agency for u in Unit.objects.filter(pk__in=units).select_related("agency")}, key=lambda a: a.code):
        approved = Plan.objects.filter(agency=agency, approved_at__isnull=False)
        if approved.filter(fiscal_year=year).exists():
            continue
        text = _("%(agency)s has no approved measures plan of %(year)s yet: your unit's measures "
                 "will show here once the director approves it and a reporting round begins") % {"agency": agency.name, "year": year}
        latest = approved.order_by("-fiscal_year").first()
        url = ""
        if latest is not None:
            open_round = current_round(latest, timezone.localdate())
            if open_round is not None and not open_round.approved and open_round.start <= timezone.localdate():
                # a round of last year's plan still takes reports: that first, with its link, this year's
                # missing plan after, on its own (a tester's unit read only the missing plan while its
                # 12-month round was open; another read the two run together, the link after the second)
                notes.append(Task(_("The %(round)s of the %(plan_year)s plan is still open until its report is signed: "
                                    "your unit's results are recorded and changed there.")
                                  % {"round": open_round.label, "plan_year": latest.fiscal_year},
                                  reverse("measures:reporting_round", args=[open_round.pk])))
            else:
                text += " " + _("(the latest approved plan is of %(year)s)") % {"year": latest.fiscal_year}
                last_round = latest.reporting_rounds.order_by("-end", "-pk").first()
                url = reverse("measures:reporting_round", args=[last_round.pk]) if last_round else reverse("measures:plan", args=[latest.pk])
        notes.append(Task(text, url))
    return notes


def _central_to_answer(agencies: set[int]) -> list[Task]:
    """The central office's measures assigned to the coordinator's agency with no result yet, per
    fiscal year (the compiled city report prints "not reported" for them)."""
    if not agencies:
        return []
    from django.db.models import Count

    from prongsai.central.models import CentralAssignment

    years = (CentralAssignment.objects.filter(agency__in=agencies, result="")
             .values("measure__fiscal_year").annotate(n=Count("id")).order_by("-measure__fiscal_year"))
    asked = (CentralAssignment.objects.filter(agency__in=agencies).exclude(change_asked="")
             .select_related("measure").order_by("-measure__fiscal_year", "measure__order", "pk"))
    return [Task(_("The central office asks for a change to your answer on %(measure)s (%(year)s)")
                 % {"measure": a.measure.issue, "year": a.measure.fiscal_year},
                 reverse("central:answer", args=[a.pk]), a.change_asked) for a in asked] + [
        Task(ngettext("%(n)s central measure of %(year)s to answer for the city's report",
                      "%(n)s central measures of %(year)s to answer for the city's report", y["n"])
             % {"n": y["n"], "year": y["measure__fiscal_year"]},
             f"{reverse('central:measures')}?year={y['measure__fiscal_year']}") for y in years]
