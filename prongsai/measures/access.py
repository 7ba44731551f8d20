"""Who may do what with plans, measures and evidence: one function per object type, each
delegating to `prongsai.people.roles`."""
from __future__ import annotations

from prongsai.people import roles


def can_view_round(user, rnd) -> bool:
    """Analysis, what-if: anyone who reads the round's agency (`rnd` None: any logged-in user,
    whose lists are narrowed with `readable`)."""
    if rnd is None:
        return bool(user and user.is_authenticated)
    return roles.can_read_round(user, rnd)


def can_view_agency(user, agency) -> bool:
    return roles.can_read_agency(user, agency)


def can_edit_library(user) -> bool:
    """The central office edits the standard measure library."""
    return roles.can_manage_library(user)


def can_create_plan(user, agency) -> bool:
    return roles.can_edit_plan(user, agency)


def can_view_plan(user, plan) -> bool:
    return roles.can_read_agency(user, plan.agency_id)


def can_edit_plan(user, plan) -> bool:
    """Issues, measures, reporting rounds: the agency's coordinator."""
    return roles.can_edit_plan(user, plan.agency_id)


def can_approve_plan(user, plan) -> bool:
    """The director approves the plan."""
    return roles.can_approve(user, plan.agency_id)


def can_report_progress(user, plan) -> bool:
    """Open the progress pages of a plan: whoever records progress for some unit of the agency."""
    return roles.records_any_progress(user, plan.agency_id)


def can_record_measure(user, measure) -> bool:
    """Record one measure's progress and evidence: the coordinator or the responsible unit's staff."""
    return roles.can_record_measure(user, measure)


def can_view_evidence(user, evidence) -> bool:
    return roles.can_read_agency(user, evidence.progress.reporting_round.plan.agency_id)


def readable(user, queryset, agency_field: str = "agency"):
    return roles.readable(user, queryset, agency_field)
