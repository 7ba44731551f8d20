"""Progress tracking rules: reporting-round periods, each measure's progress as a reporting round
shows it (`round_progress`: a round starts from what earlier rounds within its period reported),
the coordinator's dashboard (due soon, overdue, done without evidence)."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.people import audit, roles

from . import services
from .models import Evidence, Measure, MeasureProgress, Plan, ReportingRound

DUE_WITHIN_DAYS = 14
STANDARD_ROUNDS = ("6m", "12m")


def preset_period(fiscal_year: int, code: str) -> tuple[dt.date, dt.date] | None:
    """The dates of the standard reporting rounds of a Buddhist-era fiscal year:
    6m = 1 Oct – 31 Mar, 12m = 1 Oct – 30 Sep (FY2568 = Oct 2024 – Sep 2025)."""
    start_year = fiscal_year - 543 - 1
    if code == "6m":
        return dt.date(start_year, 10, 1), dt.date(start_year + 1, 3, 31)
    if code == "12m":
        return dt.date(start_year, 10, 1), dt.date(start_year + 1, 9, 30)
    return None


def add_standard_round(plan: Plan, code: str, user) -> tuple[ReportingRound, bool]:
    """The plan's 6m or 12m round with the standard dates, added (audited) unless it exists:
    (round, created). A double click adds it once."""
    existing = plan.reporting_rounds.filter(code=code).first()
    if existing is not None:
        return existing, False
    start, end = preset_period(plan.fiscal_year, code)
    refuse_within_signed(plan, start, end)
    try:
        with transaction.atomic():
            return services.save(user, ReportingRound(plan=plan, code=code, start=start, end=end)), True
    except IntegrityError:  # added meanwhile
        return plan.reporting_rounds.get(code=code), False


def refuse_within_signed(plan: Plan, start: dt.date, end: dt.date) -> None:
    """ApprovalError when a new round of these dates would report into a signed progress report
    (`approval.signed_over`): what the director signed does not change."""
    from .approval import ApprovalError, signed_over  # approval reads progress through this module
    from .templatetags.plans import be_date

    signed = signed_over(plan, start, end)
    if signed:
        raise ApprovalError(_("The approved %(signed)s report (%(signed_start)s – %(signed_end)s) already covers "
                              "%(start)s – %(end)s: a round within it would change what the director signed. Ask the "
                              "director to withdraw that approval first.")
                            % {"signed": signed.label, "signed_start": be_date(signed.start), "signed_end": be_date(signed.end),
                               "start": be_date(start), "end": be_date(end)})


def save_progress(user, progress: MeasureProgress, form) -> MeasureProgress:
    """Store a measure's progress through its form, audited, as saved by `user`: units that share
    a measure share one record, and the page says who saved it last. A change the coordinator asked
    for is answered by it when a unit's staff save it (`ask_change`)."""
    form.instance.updated_by = user
    # the request as stored now (callers hold the round's lock, as `ask_change` does): one asked while
    # this save was on its way is kept, not overwritten by the copy read before (a reviewer)
    stored, stored_answer = (MeasureProgress.objects.filter(pk=progress.pk).values_list("change_asked", "change_answered").first()
                             if progress.pk else None) or ("", "")
    answered = bool(stored) and form.cleaned_data.get("asked") == request_stamp(stored) and _answers(user, progress)
    form.instance.change_asked = "" if answered else stored  # the request its writer saw is answered,
    form.instance.change_answered = stored if answered else stored_answer  # and the coordinator told so
    return services.save(user, progress, form)


def _answers(user, progress: MeasureProgress) -> bool:
    """Whether `user`'s save answers a request on the record: a responsible unit's staff does; the
    coordinator who asked, fixing a typo meanwhile, does not (a tester's own save closed the request
    unasked); one who is both answers as the unit."""
    units = set(progress.measure.responsible_units.values_list("pk", flat=True))
    if any(m.role == roles.UNIT_STAFF and m.unit_id in units for m in roles.memberships(user)):
        return True
    return not roles.can_edit_plan(user, progress.measure.issue.plan.agency_id)


def request_stamp(text: str) -> str:
    """What a page remembers of a change request it showed ("" for none): a save answers only that one."""
    return hashlib.sha256(text.encode()).hexdigest()[:16] if text else ""


def ask_change(user, progress: MeasureProgress, note: str) -> MeasureProgress:
    """The coordinator, reading what the units recorded before sending the report, asks the unit to
    change its record (`note`), or withdraws the request (""); audited. Only a record stored in its
    round, while the round's report is open; a new request not while it is with the director (a
    withdrawal then is: a request left open when the report went). ApprovalError otherwise."""
    from . import approval

    with transaction.atomic():
        rr = approval.lock_open_report(progress.reporting_round)  # as stored now, locked: not signed, nor sent meanwhile
        if rr.submitted_at is not None and note.strip():
            raise approval.ApprovalError(_("The %(round)s report is with the director: take it back to ask a unit for a change.")
                                         % {"round": rr.label})
        # the record as stored now, locked: a unit's save in between is neither undone nor re-dated
        stored = MeasureProgress.objects.select_for_update().get(pk=progress.pk)
        # (a request answered before is read: the new one, or its withdrawal, is the coordinator's word now)
        audit.update_fields(user, stored, change_asked=note.strip(), change_answered="")  # (nothing written when it is so already)
        return stored


def stamp(progress: MeasureProgress | None) -> str:
    """What a progress form remembers of the record's status and text when it was opened ("" when
    none was stored), so that a save can tell that someone changed them in between (evidence added
    meanwhile changes neither)."""
    if progress is None or not progress.pk:
        return ""
    day = f"\n{progress.completed_on.isoformat()}" if progress.completed_on else ""  # (a record without one: as before it existed)
    return hashlib.sha256(f"{progress.status}\n{progress.result}{day}".encode()).hexdigest()[:32]


def changed_meanwhile(progress: MeasureProgress, seen: str, status: str, result: str,
                      completed_on: dt.date | None = None) -> MeasureProgress | None:
    """The record as stored (with who saved it), if its status, text or day finished was changed
    after the page or the client read it (`seen`) to something other than what is being saved now;
    else None. (Saving the same thing twice — a double click, the back button — is no conflict.)
    Call it after locking the round (`approval.lock_progress`): no save can come in between."""
    stored = MeasureProgress.objects.select_related("updated_by").filter(pk=progress.pk).first() if progress.pk else None
    if stored is not None and stamp(stored) != seen and (
            (stored.status, stored.result, stored.completed_on) != (status, result, completed_on)):
        return stored
    return None


def _rank(rr: ReportingRound) -> tuple:
    """Later rounds rank higher; of two ending the same day, the wider one (it sums up more)."""
    return (rr.end, -rr.start.toordinal(), rr.code)


def _within(inner: ReportingRound, start: dt.date, end: dt.date) -> bool:
    return start <= inner.start and inner.end <= end


@dataclass
class RoundProgress:
    """A measure's progress as a reporting round shows it (`round_progress`, `year_progress`)."""

    measure: Measure
    record: MeasureProgress | None  # the round's own record, or the one carried from an earlier round
    carried_from: ReportingRound | None  # the earlier round `record` belongs to; None for the round's own
    evidence: list[Evidence]  # of the round and of every earlier round within it, oldest round first
    shown_in: ReportingRound | None = None  # the round that shows it (round_progress); None: the whole year
    earlier: list[MeasureProgress] = field(default_factory=list)  # the other rounds' records within it, oldest first

    def record_to_save(self) -> MeasureProgress:
        """The round's own record, or a new one that starts from what an earlier round within it
        reported (status, result, the day it was finished): what a first save in the round stores."""
        if self.own is not None:
            return self.own
        start = self.record
        return MeasureProgress(measure=self.measure, reporting_round=self.shown_in,
                               status=start.status if start else MeasureProgress.NOT_STARTED,
                               result=start.result if start else "",
                               completed_on=start.completed_on if start else None)

    @property
    def done_without_evidence(self) -> bool:
        return self.done and not self.evidence

    @property
    def own(self) -> MeasureProgress | None:
        """The record stored in this very round (what saving the round's form changes)."""
        return self.record if self.carried_from is None else None

    @property
    def reported(self) -> bool:
        return self.record is not None

    @property
    def awaiting(self) -> bool:
        """Still to be reported in this round: nothing recorded in it, and nothing finished carried
        into it — an unfinished result of an earlier round needs this round's word on it."""
        return self.own is None and not self.done

    @property
    def status(self) -> str | None:
        return self.record.status if self.record else None

    @property
    def done(self) -> bool:
        return self.status == MeasureProgress.DONE

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Not done (or not reported) and the measure's deadline has passed — in a round, as of its
        `overdue_as_of` (a deadline after the round's end is not late in it)."""
        today = self.shown_in.overdue_as_of(today) if self.shown_in else (today or timezone.localdate())
        return not self.done and self.measure.deadline is not None and self.measure.deadline < today

    def changed_after(self, moment: dt.datetime) -> bool:
        """Saved in the round, or given evidence there, after `moment` (the report sent to the director:
        units may still correct it until the sign-off, and the director should know what changed)."""
        own = self.own
        return own is not None and (own.updated_at > moment or any(e.created_at > moment for e in self.own_evidence))

    @property
    def own_evidence(self) -> list[Evidence]:
        own = self.own
        return [e for e in self.evidence if own is not None and e.progress_id == own.pk]

    @property
    def earlier_evidence(self) -> list[Evidence]:
        """Evidence of earlier rounds, read-only here; `e.progress.reporting_round` says which."""
        own = self.own
        return [e for e in self.evidence if own is None or e.progress_id != own.pk]


def _progress_within(plan: Plan, start: dt.date, end: dt.date, this: ReportingRound | None,
                     measures=None) -> dict[int, RoundProgress]:
    """The one rule behind `round_progress` and `year_progress`: of the plan's rounds whose period
    lies within start–end (and `this` itself), each measure shows the record of the highest-ranked
    one (`this` first, then `_rank`), and the evidence of them all."""
    rounds = [r for r in plan.reporting_rounds.all()
              if (this is not None and r.pk == this.pk)
              or (_within(r, start, end) and (this is None or (r.start, r.end) != (this.start, this.end)))]
    rank = {r.pk: (this is not None and r.pk == this.pk, _rank(r)) for r in rounds}
    if measures is None:
        measures = plan.measures()
    measures = list(measures)
    records: dict[int, list[MeasureProgress]] = {}
    for p in (MeasureProgress.objects.filter(reporting_round__in=[r.pk for r in rounds], measure__in=[m.pk for m in measures])
              .select_related("reporting_round", "updated_by").prefetch_related("evidence")):
        records.setdefault(p.measure_id, []).append(p)
    out = {}
    for m in measures:
        rows = sorted(records.get(m.id, []), key=lambda p: rank[p.reporting_round_id])  # lowest rank first
        record = rows[-1] if rows else None
        for p in rows:
            p.measure = m  # is_overdue and the pages read the measure: no query per row
        carried = None
        if record is not None and this is not None and record.reporting_round_id != this.pk:
            carried = record.reporting_round
        by_time = sorted(rows, key=lambda p: (p.reporting_round.start, p.reporting_round.end, p.reporting_round.code))
        out[m.id] = RoundProgress(m, record, carried, [e for p in by_time for e in p.evidence.all()], this,
                                  [p for p in by_time if p is not record])
    return out


def round_progress(rr: ReportingRound, measures=None) -> dict[int, RoundProgress]:
    """Each measure's progress as the reporting round `rr` shows it, by measure id: its own record
    in `rr` if any, else the latest record of an earlier round of the plan whose period lies
    within `rr`'s (the 12-month round starts from what was reported at 6 months), marked as carried
    from that round; with the evidence of `rr` and of every such round. Every page, the sign-off
    and the documents read a round through this; the earlier records are never changed."""
    return _progress_within(rr.plan, rr.start, rr.end, rr, measures)


def year_progress(plan: Plan, measures=None) -> dict[int, RoundProgress]:
    """Each measure's progress over the plan's whole fiscal year (the dashboard): the latest record of
    any reporting round within it — the 12-month round's when it has one, as `round_progress` shows it."""
    start, end = preset_period(plan.fiscal_year, "12m")
    return _progress_within(plan, start, end, None, measures)


def unreported(rr: ReportingRound, shown=None) -> int:
    """How many of the plan's measures still wait for a report in the round (`RoundProgress.awaiting`):
    what the round's page, the director's confirmation, the document and the API count. `shown`: the
    round's progress when the caller has it already."""
    return sum(1 for p in (round_progress(rr).values() if shown is None else shown) if p.awaiting)


@dataclass
class DashboardRow:
    measure: Measure
    progress: MeasureProgress | None
    days: int | None  # days until (positive) or since (negative) the deadline
    round: ReportingRound | None = None  # where to open it: the current round (`current_round`)

    @property
    def late(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


@dataclass
class Dashboard:
    due: list[DashboardRow]
    overdue: list[DashboardRow]
    done_without_evidence: list[DashboardRow]
    total: int
    done: int


def dashboard(plan: Plan, today: dt.date) -> Dashboard:
    """Over the whole fiscal year (`year_progress`), so it counts what the latest round shows; each
    row opens the measure in the round its progress belongs to today (`current_round`)."""
    due, overdue, bare = [], [], []
    measures = list(plan.measures().prefetch_related("responsible_units").order_by("deadline", "issue__order", "order", "id"))
    shown = year_progress(plan, measures)
    current = current_round(plan, today)
    done_count = 0
    for m in measures:
        p = shown[m.id]
        days = (m.deadline - today).days if m.deadline else None
        where = current
        if p.record is not None and (current is None or not _within(p.record.reporting_round, current.start, current.end)):
            where = p.record.reporting_round  # shown from a round outside the current one: opened where it is
        if p.done:
            done_count += 1
            if p.done_without_evidence:
                bare.append(DashboardRow(m, p.record, None, where))  # done: no countdown
            continue
        if days is None:
            continue
        if days < 0:
            overdue.append(DashboardRow(m, p.record, days, where))
        elif days <= DUE_WITHIN_DAYS:
            due.append(DashboardRow(m, p.record, days, where))
    return Dashboard(due, overdue, bare, len(measures), done_count)


REPORT_WRITING_DAYS = 60  # after a round's end, how long its report is still being written


def current_round(plan: Plan, today: dt.date) -> ReportingRound | None:
    """Where progress recorded today belongs: the first round, by when it ends, that has begun,
    whose report is not signed off yet and that ended at most REPORT_WRITING_DAYS ago — in April
    that is the 6-month round whose report is being written (the 12-month round starts from it);
    once that is signed, or long past, the 12-month round. With none of those, the latest begun
    round not signed off; with none, the round that sums up the others (`report_round`, which
    may be signed off: then nothing can be recorded)."""
    begun = [rr for rr in plan.reporting_rounds.all() if rr.start <= today and not rr.approved]
    writing = [rr for rr in begun if today <= rr.end + dt.timedelta(days=REPORT_WRITING_DAYS)]
    if writing:
        return min(writing, key=_rank)
    return max(begun, key=_rank) if begun else report_round(plan)


def report_round(plan: Plan) -> ReportingRound | None:
    """The round that sums up the others (the latest, the widest of those ending last): where the
    dashboard sends a measure not reported yet."""
    rounds = list(plan.reporting_rounds.all())
    return max(rounds, key=_rank) if rounds else None


@dataclass
class UnitToChase:
    """A unit with measures still awaiting its report in a round, and who can report them."""

    unit: object | None  # None: measures with no responsible unit (the coordinator's to assign)
    measures: list[Measure]
    people: list  # the unit's staff accounts; none means nobody can report but the coordinator


def units_to_chase(measures: list[Measure], shown: dict[int, RoundProgress]) -> list[UnitToChase]:
    """Per responsible unit, the measures still awaiting a report in the round (`RoundProgress.awaiting`)
    and the unit's staff who can record them: who the coordinator chases, and which unit nobody can
    report for (a tester's round waited on a unit without a single account). A measure shared by
    several units is listed under each. Units in their agency's order; unassigned measures last."""
    waiting: dict[int | None, UnitToChase] = {}
    for m in measures:
        if not shown[m.id].awaiting:
            continue
        for unit in list(m.responsible_units.all()) or [None]:
            waiting.setdefault(unit.pk if unit else None, UnitToChase(unit, [], [])).measures.append(m)
    staff = (_unit_staff().filter(unit__in=[k for k in waiting if k is not None])
             .select_related("user").order_by("user__username"))
    for membership in staff:
        people = waiting[membership.unit_id].people
        if membership.user not in people:
            people.append(membership.user)
    return sorted(waiting.values(), key=lambda w: (w.unit is None, (w.unit.order, w.unit.code) if w.unit else ()))


def units_without_accounts(agency) -> list:
    """The agency's units with no active staff account: nobody but the coordinator can report their
    measures (said where units are given measures, and again where a round waits for them)."""
    from prongsai.agencies.models import Unit

    staffed = _unit_staff().filter(unit__isnull=False).values("unit")
    return list(Unit.objects.filter(agency=agency).exclude(pk__in=staffed))


def _unit_staff():
    """The memberships of active unit staff: who can report a unit's measures."""
    from prongsai.people import roles
    from prongsai.people.models import Membership

    return Membership.objects.filter(role=roles.UNIT_STAFF, user__is_active=True)
