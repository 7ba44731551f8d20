"""The director's sign-offs, for the pages and the API alike, each change audited: approving a
plan and a reporting round's progress report, and withdrawing either approval.

An approved plan cannot be edited, and the progress of an approved report cannot be changed,
until the approval is withdrawn."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prongsai.people import roles
from prongsai.people.models import AuditEntry

from . import services
from .models import TEXT_LIMITS, Measure, MeasureProgress, Plan, ReportingRound


class ApprovalError(ValueError):
    """A plan that cannot be approved; the message says why, for the user."""


def _locked(obj):
    """The row as it is now, locked until the transaction ends: two directors clicking at once
    approve once, and an approval never writes back a stale copy of the rest of the row."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def incomplete_measures(plan: Plan) -> list:
    """The plan's measures without a deadline or without a responsible unit."""
    return [m for m in plan.measures().prefetch_related("responsible_units")
            if m.deadline is None or not m.responsible_units.all()]


PRINTED_COLUMNS = ("output", "communication", "monitoring")  # the signed plan's columns a measure may leave blank


def blank_columns(plan: Plan) -> list[tuple]:
    """(measure, [column names]) of the plan's measures that would print empty cells in the signed plan's
    output, communication or monitoring columns: not a reason to refuse it, but worth a word first."""
    out = []
    for m in plan.measures().select_related("issue"):
        empty = [str(m._meta.get_field(f).verbose_name) for f in PRINTED_COLUMNS if not getattr(m, f).strip()]
        if empty:
            out.append((m, empty))
    return out


def issues_without_measures(plan: Plan) -> list:
    """The plan's issues that have no measure yet (the signed document would show an empty row)."""
    return list(plan.issues.filter(measures__isnull=True).order_by("order", "pk"))


def completeness_problems(plan: Plan) -> list[str]:
    """Why the plan cannot be sent or signed yet, worded for the page (none when it can): it needs
    issues, every issue a measure, and every measure a deadline and a responsible unit (the signed
    document names them)."""
    if not plan.issues.exists():
        return [_("The plan has no issues yet: add the issues to improve (Weak items and measures) "
                  "before sending or approving it.")]
    problems = []
    bare = issues_without_measures(plan)
    if bare:
        problems.append(ngettext(
            "%(n)s issue has no measure yet (%(codes)s): add a measure to it or remove the issue before sending "
            "or approving the plan.",
            "%(n)s issues have no measure yet (%(codes)s): add a measure to each or remove them before sending "
            "or approving the plan.", len(bare)) % {"n": len(bare), "codes": ", ".join(i.code for i in bare)})
    incomplete = incomplete_measures(plan)
    if incomplete:
        codes = ", ".join(dict.fromkeys(m.issue.code for m in incomplete))
        problems.append(ngettext(
            "%(n)s measure has no deadline or no responsible unit yet (issue %(codes)s): complete it "
            "(Deadlines and responsible units) before sending the plan.",
            "%(n)s measures have no deadline or no responsible unit yet (issues %(codes)s): complete them "
            "(Deadlines and responsible units) before sending the plan.", len(incomplete)) % {"n": len(incomplete), "codes": codes})
    return problems


def ensure_complete(plan: Plan) -> None:
    """ApprovalError unless the plan can be sent and signed (completeness_problems)."""
    problems = completeness_problems(plan)
    if problems:
        raise ApprovalError(" ".join(problems))


def ensure_draft(plan: Plan) -> None:
    """ApprovalError unless the plan may be changed: neither approved nor waiting for approval."""
    if plan.approved:
        raise ApprovalError(_("The plan is approved: withdraw the approval to change it."))
    if plan.waiting:
        raise ApprovalError(_("The plan is waiting for the director's approval: take it back to change it."))


def lock_draft(plan: Plan) -> Plan:
    """Inside a transaction: the plan, locked against a concurrent sending or approval, and still
    a draft (ApprovalError otherwise) — an edit checked here cannot commit after the approval."""
    plan = _locked(plan)
    ensure_draft(plan)
    return plan


@transaction.atomic
def submit(plan: Plan, user) -> Plan:
    """The coordinator asks the director to approve: the plan goes on the director's list."""
    plan = lock_draft(plan)
    ensure_complete(plan)
    plan.submitted_at, plan.returned_note = timezone.now(), ""
    return services.save(user, plan)


def _waiting(plan: Plan) -> Plan:
    """The plan, locked, if it waits for the director's decision; ApprovalError otherwise."""
    plan = _locked(plan)
    if not plan.waiting:
        raise ApprovalError(_("The plan is not waiting for approval (it has been approved, taken back or sent back)."))
    return plan


def _note(note: str, missing: str) -> str:
    """The director's note, stripped; ApprovalError when it is empty or too long."""
    note = (note or "").replace("\r\n", "\n").strip()  # a line break counted once, as the box counts it
    if not note:
        raise ApprovalError(missing)
    if len(note) > TEXT_LIMITS["note"]:
        raise ApprovalError(_("The note is %(n)s characters long; keep it within %(limit)s.")
                            % {"n": f"{len(note):,}", "limit": f"{TEXT_LIMITS['note']:,}"})
    return note


@transaction.atomic
def send_back(plan: Plan, user, note: str) -> Plan:
    """The director returns a waiting plan to the coordinator, saying what to change."""
    note = _note(note, _("Say what should change before sending the plan back."))
    plan = _waiting(plan)
    plan.submitted_at, plan.returned_note = None, note
    return services.save(user, plan)


@transaction.atomic
def recall(plan: Plan, user) -> Plan:
    """The coordinator takes a sent plan back to change it (not once it is approved)."""
    plan = _waiting(plan)
    plan.submitted_at = None
    return services.save(user, plan)


def _sign(obj: Plan | ReportingRound, user) -> Plan | ReportingRound:
    """Record `user`'s approval of a locked plan or report (once), audited; a note sending it
    back is answered by the approval."""
    if not obj.approved:
        obj.approved_by, obj.approved_at, obj.returned_note = user, timezone.now(), ""
        # frozen: a later rename changes nothing signed. No full name: none (the documents leave the
        # dotted line to write it by hand; a tester's signed plan printed "(newdirector)", the login)
        obj.approved_name = user.get_full_name()
        obj = services.save(user, obj)
    return obj


def _unsign(obj: Plan | ReportingRound, user, note: str = "") -> Plan | ReportingRound:
    """Clear the approval of a locked plan or report (a plan becomes a draft again), audited; the
    director's `note`, optional, says why (shown as a note sending it back is, until it is sent again)."""
    note = _note(note, "") if (note or "").strip() else ""
    if obj.approved:
        obj.approved_by, obj.approved_at, obj.approved_name = None, None, ""
        obj.submitted_at, obj.returned_note = None, note  # back with the coordinator, to send again
        obj = services.save(user, obj)
    return obj


@transaction.atomic
def approve(plan: Plan, user) -> Plan:
    """Approve as `user` a plan the coordinator has sent (an approved plan is left as it is):
    what is signed is what was sent, complete, and not changing meanwhile."""
    plan = _locked(plan)
    if not plan.approved:
        if not plan.submitted_at:
            raise ApprovalError(_("The coordinator has not sent this plan for approval yet."))
        ensure_complete(plan)
    return _sign(plan, user)


@transaction.atomic
def withdraw(plan: Plan, user, note: str = "") -> Plan:
    """Withdraw the approval, recorded as `user`'s change, with why if `note` (a plan not approved is
    left as it is)."""
    plan = _locked(plan)
    signed = [str(rr.label) for rr in plan.reporting_rounds.filter(approved_at__isnull=False)] if plan.approved else []
    if signed:
        raise ApprovalError(_("The progress report of the %(rounds)s is approved: withdraw that approval first (on the "
                              "round's page), so that the signed report cannot change under it.") % {"rounds": ", ".join(signed)})
    if plan.approved:  # its reports go back to the coordinator too, to be read and sent again
        for rr in plan.reporting_rounds.filter(submitted_at__isnull=False):
            rr.submitted_at = None
            services.save(user, rr)
    return _unsign(plan, user, note)


def _knowingly(rr: ReportingRound, confirmed: bool, refusal) -> None:
    """ApprovalError while measures still wait for their report in the round (`tracking.unreported`),
    unless whoever sends or signs the report ticked the box saying they know (`confirmed`);
    `refusal(n)` words it for them."""
    from .tracking import unreported

    missing = unreported(rr)
    if missing and not confirmed:
        raise ApprovalError(refusal(missing) % {"n": missing})


def _answers_read(rr: ReportingRound) -> None:
    """The marks of the changes units made as asked, read once the report is sent or signed: cleared (a
    mark for the coordinator's eyes, not the record: no one's "last saved" changes)."""
    MeasureProgress.objects.filter(reporting_round=rr).exclude(change_answered="").update(change_answered="")


@transaction.atomic
def approve_report(rr: ReportingRound, user, unreported_confirmed: bool = False) -> ReportingRound:
    """Sign off the reporting round's progress report (its plan must be approved first). While some
    measures have no progress in the round (earlier rounds within it count, `tracking.round_progress`)
    the director signs only knowingly: `unreported_confirmed`."""
    plan = _locked(rr.plan)  # the plan before the round, the order withdraw() locks them in
    rr = _locked(rr)
    if not rr.approved:
        if not plan.approved:
            raise ApprovalError(_("Approve the plan before its progress reports."))
        if not rr.submitted_at:
            raise ApprovalError(_("The coordinator has not sent this report yet: it may still be incomplete."))
        _knowingly(rr, unreported_confirmed, lambda n: ngettext(
            "%(n)s measure has no progress reported in this round yet: to approve the report as it is, tick the box "
            "confirming you know this.",
            "%(n)s measures have no progress reported in this round yet: to approve the report as it is, tick the box "
            "confirming you know this.", n))
        # the coordinator's requests still open end with the sign-off, as the director's notes do
        # (left on the signed round, nobody could withdraw them: a reviewer); each withdrawal audited
        from .tracking import ask_change

        for open_request in MeasureProgress.objects.filter(reporting_round=rr).exclude(change_asked=""):
            ask_change(user, open_request, "")
        _answers_read(rr)  # (one answered while the report was with the director too)
    return _sign(rr, user)


@transaction.atomic
def submit_report(rr: ReportingRound, user, unreported_confirmed: bool = False) -> ReportingRound:
    """The coordinator, having read what the units recorded, sends the progress report to the
    director: it goes on the director's list. Units may still correct their progress until the
    sign-off; the director signs what the report shows then. While measures still wait for their
    report in the round, the coordinator sends it only knowingly, as the director signs it:
    `unreported_confirmed`."""
    rr = _locked(rr)
    if rr.approved:
        raise ApprovalError(_("The report is approved: there is nothing to send."))
    if not rr.plan.approved:
        raise ApprovalError(_("Approve the plan before its progress reports."))
    if rr.submitted_at:
        raise ApprovalError(_("The report was sent to the director already."))
    _knowingly(rr, unreported_confirmed, lambda n: ngettext(
        "%(n)s measure has no progress reported in this round yet: to send the report as it is, tick the box "
        "confirming you know this.",
        "%(n)s measures have no progress reported in this round yet: to send the report as it is, tick the box "
        "confirming you know this.", n))
    rr.submitted_at, rr.returned_note, rr.measure_notes = timezone.now(), "", {}
    _answers_read(rr)
    return services.save(user, rr)


@transaction.atomic
def recall_report(rr: ReportingRound, user) -> ReportingRound:
    """The coordinator takes a sent progress report back off the director's list (not once it is
    approved), to read it again or wait for a unit's correction, then sends it again."""
    rr = _locked(rr)
    if rr.approved:
        raise ApprovalError(_("The report is approved: ask the director to withdraw the approval to change it."))
    if not rr.submitted_at:
        raise ApprovalError(_("The report is not on the director's list (not sent yet, taken back or sent back)."))
    rr.submitted_at = None
    return services.save(user, rr)


@transaction.atomic
def send_back_report(rr: ReportingRound, user, note: str, measure_notes: dict[int, str] | None = None) -> ReportingRound:
    """The director asks for changes to a progress report before signing it: the note shows on
    the round's page and in the coordinator's list, and a note on one measure beside that measure,
    on its page and in its units' lists (a tester's director could only send everything back with
    one note), until the report is sent again."""
    note = _note(note, _("Say what should change before sending the report back."))
    measures = {str(m.pk): m for m in Measure.objects.filter(issue__plan_id=rr.plan_id).select_related("issue")}
    kept = {}
    for pk, text in (measure_notes or {}).items():
        if not (text or "").strip():
            continue
        if str(pk) not in measures:
            raise ApprovalError(_("A note is on a measure of another plan."))
        try:
            kept[str(pk)] = _note(text, "")
        except ApprovalError as exc:  # too long: which one
            raise ApprovalError(f"{measures[str(pk)].short_label}: {exc}") from None
    rr = _locked(rr)
    if rr.approved:
        raise ApprovalError(_("The report is approved: withdraw the approval first."))
    if not rr.submitted_at:
        raise ApprovalError(_("The coordinator has not sent this report yet: it may still be incomplete."))
    rr.returned_note, rr.measure_notes, rr.submitted_at = note, kept, None
    return services.save(user, rr)


@transaction.atomic
def withdraw_report(rr: ReportingRound, user, note: str = "") -> ReportingRound:
    return _unsign(_locked(rr), user, note)


def lock_open_report(rr: ReportingRound) -> ReportingRound:
    """Inside a transaction: the round, locked against a concurrent sign-off of it or of a report
    holding it (the plan first, in approve_report's order), and still open (ApprovalError
    otherwise) — a change checked here cannot commit after the report is signed."""
    _locked(rr.plan)
    rr = _locked(rr)
    ensure_report_open(rr)
    return rr


def lock_progress(progress: MeasureProgress) -> MeasureProgress:
    """Inside a transaction: lock_open_report for the progress's round; a progress not stored yet
    takes the id of one stored meanwhile (a double click, or the unit and the coordinator at
    once), so the second save updates it instead of failing on the one-per-round constraint."""
    lock_open_report(progress.reporting_round)
    if progress.pk is None:
        progress.pk = (MeasureProgress.objects.filter(measure_id=progress.measure_id, reporting_round_id=progress.reporting_round_id)
                       .values_list("pk", flat=True).first())
    return progress


def deletable(rr: ReportingRound) -> bool:
    """May the round be deleted: not signed off and no progress recorded in it."""
    return not rr.approved and not rr.progress.exists()


@transaction.atomic
def delete_round(rr: ReportingRound, user) -> None:
    """Delete a reporting round (audited) while its report is not signed off and no progress is
    recorded in it; ApprovalError saying why otherwise. The round is locked first, so progress saved
    meanwhile (`lock_progress` locks it too) is seen."""
    rr = _locked(rr)
    if rr.approved:
        raise ApprovalError(_("The %(round)s report is approved: it cannot be deleted.") % {"round": rr.label})
    recorded = rr.progress.count()
    if recorded:
        raise ApprovalError(ngettext(
            "Progress of %(n)s measure is recorded in the %(round)s: it cannot be deleted.",
            "Progress of %(n)s measures is recorded in the %(round)s: it cannot be deleted.", recorded)
            % {"n": recorded, "round": rr.label})
    services.delete(user, rr)


def last_sent_back(obj) -> tuple[str, object, dict] | None:
    """The director's latest send-back note of a plan or report, when, and the notes on single
    measures sent with it ({measure id: note}), once it has been sent again: the notes themselves are
    cleared by the sending, but the director checks the changes against them (a tester's director had
    lost the note). Read from the audit log, where every send-back is."""
    if not obj.submitted_at or obj.approved:
        return None
    for entry in _history(obj):
        if (entry.after or {}).get("approved_at"):
            return None  # approved since that note (then withdrawn): it was dealt with (a tester's director read it again)
        note = (entry.after or {}).get("returned_note")
        if note:
            return (note, entry.when, (entry.after or {}).get("measure_notes") or {}) if entry.when <= obj.submitted_at else None
    return None


def last_withdrawn(obj) -> AuditEntry | None:
    """The audit entry of the director's withdrawal of a plan's or report's approval, while the
    coordinator has not acted on it: neither sent it again nor had it approved again since (the
    coordinator's list says so until then; nothing told them). Read from the audit log, where every
    withdrawal is."""
    if obj.submitted_at or obj.approved:
        return None
    for entry in _history(obj):
        before, after = entry.before or {}, entry.after or {}
        if after.get("submitted_at") or after.get("approved_at"):
            return None  # sent or approved since
        if before.get("approved_at"):
            return entry  # the approval cleared: the withdrawal
    return None


def _history(obj, latest: int = 50):
    """The audit entries of a plan or report, newest first (its latest `latest`)."""
    entries = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return entries.order_by("-when", "-pk")[:latest]


def ensure_report_open(rr: ReportingRound) -> None:
    """ApprovalError when the round's report is signed off, or a signed report holds the round's
    period (what the round records is carried into it, `tracking.round_progress`): its progress and
    evidence are final."""
    if rr.approved:
        raise ApprovalError(_("The %(code)s report is approved: ask the director to withdraw the approval to change it.")
                            % {"code": rr.label})
    signed = signed_over(rr.plan, rr.start, rr.end, rr)
    if signed:
        raise ApprovalError(_("What the %(code)s records is part of the approved %(signed)s report: ask the director to "
                              "withdraw that approval to change it.") % {"code": rr.label, "signed": signed.label})


def signed_over(plan: Plan, start, end, this: ReportingRound | None = None) -> ReportingRound | None:
    """A signed progress report of the plan whose period holds start–end: a round of those dates
    would report into it (its results are carried into the signed report), so it takes no new
    round and no change."""
    for signed in plan.reporting_rounds.filter(approved_at__isnull=False).exclude(pk=getattr(this, "pk", None)):
        # as tracking._progress_within carries: a round within it, but not one of the very same dates
        if signed.start <= start and end <= signed.end and (start, end) != (signed.start, signed.end):
            return signed
    return None


def waiting_for(user) -> dict:
    """What waits for this user's approval: the plans and the progress reports the coordinator
    has sent and that are not signed yet — only for those who may approve."""
    # the agencies this user directs (an administrator directs none: the list is a director's)
    agencies = {m.agency_id for m in roles.memberships(user) if m.role == roles.DIRECTOR and m.agency_id}
    if not agencies:
        return {"plans": [], "reports": []}
    plans = Plan.objects.filter(agency__in=agencies, submitted_at__isnull=False, approved_at__isnull=True).select_related("agency")
    reports = (ReportingRound.objects.filter(plan__agency__in=agencies, plan__approved_at__isnull=False,
                                             approved_at__isnull=True, submitted_at__isnull=False)
               .select_related("plan__agency"))
    return {"plans": list(plans), "reports": list(reports)}
