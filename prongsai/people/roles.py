"""Who may do what: the role constants and one predicate per question asked of them.

Every access check in Prongsai goes through these functions (one place per object type).
A user holds roles through `Membership` rows; a Django superuser may do everything.

    coordinator  edits the agency's rounds, OIT records and plans; records progress for every unit
    unit_staff   records progress and evidence for their own unit's measures only
    director     approves the agency's plans and reports; reads the agency
    central      the central office: reads every agency, the city-wide dashboard and the audit log;
                 manages the measure library and central measures
    assessor     gives OIT verdicts for the agencies assigned to them (and reads them)
    auditor      reads everything, changes nothing
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

COORDINATOR = "coordinator"
UNIT_STAFF = "unit_staff"
DIRECTOR = "director"
CENTRAL = "central"
ASSESSOR = "assessor"
AUDITOR = "auditor"

ROLE_CHOICES = [
    (COORDINATOR, _("Coordinator")),
    (UNIT_STAFF, _("Unit staff")),
    (DIRECTOR, _("Director")),
    (CENTRAL, _("Central office")),
    (ASSESSOR, _("OIT assessor")),
    (AUDITOR, _("Auditor")),
]
ROLES = [code for code, _label in ROLE_CHOICES]
# Roles that belong to one agency (the membership names it); the others are city-wide.
AGENCY_ROLES = {COORDINATOR, UNIT_STAFF, DIRECTOR}

_CACHE = "_prongsai_memberships"


def memberships(user) -> list:
    """The user's memberships, read once per user object (a request's user lives one request)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(user.memberships.select_related("agency", "unit").prefetch_related("assigned_agencies"))
        setattr(user, _CACHE, cached)
    return cached


def forget(user) -> None:
    """Drop the cached memberships (after changing them on a live user object)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles_of(user) -> set[str]:
    return {m.role for m in memberships(user)}


def _superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def is_admin(user) -> bool:
    """Django staff and superusers keep full access to every agency (the admin's people)."""
    return bool(user is not None and user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff))


def _has(user, role: str, agency=None) -> bool:
    for m in memberships(user):
        if m.role == role and (agency is None or m.agency_id == _pk(agency)):
            return True
    return False


def _pk(obj):
    return obj if isinstance(obj, int) else getattr(obj, "pk", None)


def is_central(user) -> bool:
    return _superuser(user) or _has(user, CENTRAL)


def is_auditor(user) -> bool:
    return _has(user, AUDITOR)


def reads_everything(user) -> bool:
    """Central office, auditors, staff and superusers read every agency."""
    return is_central(user) or is_auditor(user) or is_admin(user)


def can_view_city(user) -> bool:
    """The city-wide dashboard. Django staff keep access until every staff user has a role
    (the other apps still protect their pages with staff login)."""
    return reads_everything(user) or bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def can_view_audit_log(user) -> bool:
    return is_central(user) or is_auditor(user)


def assessed_agency_ids(user) -> set[int]:
    ids: set[int] = set()
    for m in memberships(user):
        if m.role == ASSESSOR:
            ids.update(a.pk for a in m.assigned_agencies.all())
    return ids


def readable_agency_ids(user) -> set[int] | None:
    """The agencies this user may read; None means every agency."""
    if reads_everything(user):
        return None
    ids = {m.agency_id for m in memberships(user) if m.role in AGENCY_ROLES and m.agency_id}
    return ids | assessed_agency_ids(user)


def readable(user, queryset, agency_field: str = "agency"):
    """The queryset narrowed to the agencies this user may read (`agency_field` is the lookup
    from the queryset's model to Agency: "agency", "round__agency", "pk" for agencies)."""
    ids = readable_agency_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{agency_field}__in": ids})


def can_read_agency(user, agency) -> bool:
    ids = readable_agency_ids(user)
    return ids is None or _pk(agency) in ids


def can_edit_round(user, rnd) -> bool:
    """Change a round's data (survey intake, OIT records, plans): the agency's coordinator."""
    return is_admin(user) or _has(user, COORDINATOR, rnd.agency_id)


def round_agencies(user, agencies):
    """Of `agencies` (a queryset), those whose new rounds the user may start: the ones they
    coordinate; all of them for an admin."""
    if is_admin(user):
        return agencies
    return agencies.filter(pk__in=[m.agency_id for m in memberships(user) if m.role == COORDINATOR])


def can_edit_plan(user, agency) -> bool:
    return is_admin(user) or _has(user, COORDINATOR, agency)


def can_assess(user, agency) -> bool:
    """Give OIT verdicts: an assessor assigned to the agency."""
    return is_admin(user) or _pk(agency) in assessed_agency_ids(user)


def can_approve(user, agency) -> bool:
    """Approve the agency's plans and reports: its director."""
    return is_admin(user) or _has(user, DIRECTOR, agency)


def can_record_progress(user, unit) -> bool:
    """Record progress and evidence for a unit's measures: the unit's own staff, or the
    coordinator of the unit's agency."""
    if is_admin(user):
        return True
    for m in memberships(user):
        if m.role == UNIT_STAFF and m.unit_id == _pk(unit):
            return True
        if m.role == COORDINATOR and m.agency_id == unit.agency_id:
            return True
    return False


def can_manage_library(user) -> bool:
    """The measure library, the central measures and the frameworks: the central office."""
    return is_central(user) or is_admin(user)


def can_read_round(user, rnd) -> bool:
    """A round's internal results (per-unit tables, drafts): anyone who reads its agency."""
    return can_read_agency(user, rnd.agency_id)


def can_import(user) -> bool:
    """Open the response import: staff, or a coordinator (who may import only their agency's rows,
    see `can_import_agencies`)."""
    return is_admin(user) or any(m.role == COORDINATOR for m in memberships(user))


def can_import_agencies(user, codes) -> bool:
    """May this user write responses for every agency code in `codes` (existing or new)?"""
    if is_admin(user):
        return True
    mine = {m.agency.code for m in memberships(user) if m.role == COORDINATOR and m.agency_id}
    return set(codes) <= mine


def can_record_measure(user, measure) -> bool:
    """Record a measure's progress and evidence: the agency's coordinator, or staff of a unit
    responsible for the measure."""
    if is_admin(user):
        return True
    agency_id = measure.issue.plan.agency_id
    units = None
    for m in memberships(user):
        if m.role == COORDINATOR and m.agency_id == agency_id:
            return True
        if m.role == UNIT_STAFF and m.unit_id:
            if units is None:  # .all(): uses a prefetch when the caller made one
                units = {u.pk for u in measure.responsible_units.all()}
            if m.unit_id in units:
                return True
    return False


def records_any_progress(user, agency) -> bool:
    """Does the user record progress for some unit of the agency (to open a reporting round)?"""
    if is_admin(user):
        return True
    return any(m.role in (COORDINATOR, UNIT_STAFF) and m.agency_id == _pk(agency) for m in memberships(user))


def can_use_central_measures(user) -> bool:
    """See the central measures: the central office, auditors and any agency coordinator/director."""
    return reads_everything(user) or any(m.role in (COORDINATOR, DIRECTOR) for m in memberships(user))


def can_answer_central(user, agency) -> bool:
    """Record an agency's result and evidence for a central measure: its coordinator."""
    return can_edit_plan(user, agency)
