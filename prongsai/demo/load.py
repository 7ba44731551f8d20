"""Load the demo: 50 Bangkok district offices over FY2566–2568 (synthetic, except Lak Si's real
2567 report), and one user per role. Idempotent: re-running replaces the synthetic figures and
resets the demo users; it never duplicates anything."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.oit.models import Disclosure
from prongsai.people import roles
from prongsai.people.models import Membership
from prongsai.scoring import pack_for_year
from prongsai.surveys.models import OptionCount, PublishedScore, RespondentTally
from prongsai.surveys.published import import_published_report

from . import synthetic
from .central import load_central_measures
from .plan import load_plan
from .districts import LAK_SI, district_offices

DATA = Path(__file__).resolve().parent / "data"
YEARS = [2566, 2567, 2568]
REAL_YEAR = 2567  # Lak Si's published report; Lak Si has no synthetic years: its 2568 is for the user to fill
PASSWORD = "prongsai-demo"
ASSESSED = ["101041", "101005", "101046", "101050"]  # Lak Si, Bang Khen, Khlong Sam Wa, Bang Bon (the seeds)
UNIT_STAFF_UNIT = "public-works"

# made-up Thai names, so that the documents' signature lines read as they will in use
NAMES = {
    "laksi-coordinator": ("นางสาววิไล", "ประสานงาน"), "laksi-unit": ("นายสมศักดิ์", "โยธากิจ"),
    "laksi-director": ("นายสมชาย", "ใจดี"), "central": ("นางมาลี", "ส่วนกลาง"),
    "assessor": ("นายประเมิน", "ตรวจดี"), "auditor": ("นางสาวสุดา", "ตรวจสอบ"),
    "bangbon-coordinator": ("นางสาวพรทิพย์", "ติดตามผล"), "bangbon-unit": ("นายวิชัย", "ช่างดี"),
}
BANG_BON = "101050"
# username, role, agency code (agency roles), English description for the README table
USERS = [
    ("laksi-coordinator", roles.COORDINATOR, LAK_SI, "Coordinator of the Lak Si District Office"),
    ("laksi-unit", roles.UNIT_STAFF, LAK_SI, "Unit staff, Lak Si public works unit (ฝ่ายโยธา)"),
    ("laksi-director", roles.DIRECTOR, LAK_SI, "Director of the Lak Si District Office"),
    ("central", roles.CENTRAL, None, "Central office (reads every agency, city dashboard, audit log)"),
    ("assessor", roles.ASSESSOR, None, "OIT assessor for Lak Si, Bang Khen, Khlong Sam Wa and Bang Bon"),
    ("auditor", roles.AUDITOR, None, "Auditor (reads everything, changes nothing)"),
    # Bang Bon's FY2568 plan is approved with its 6-month report: the 12-month round is theirs to run
    ("bangbon-coordinator", roles.COORDINATOR, BANG_BON, "Coordinator of the Bang Bon District Office (its FY2568 plan and 6-month report)"),
    ("bangbon-unit", roles.UNIT_STAFF, BANG_BON, "Unit staff, Bang Bon public works unit (ฝ่ายโยธา)"),
]


@dataclass
class Summary:
    agencies: int = 0
    rounds: int = 0
    option_counts: int = 0
    skipped: list[str] = field(default_factory=list)
    users: list[tuple[str, str]] = field(default_factory=list)
    plan: object = None  # Bang Bon's worked plan, when this run made it (demo.plan)
    central_measures: list = field(default_factory=list)  # the city's measures, when this run made them (demo.central)


def load(limit: int | None = None) -> Summary:
    """Load everything; `limit` keeps only the first N districts (for quick tests)."""
    summary = Summary()
    offices = district_offices()
    if limit is not None:
        offices = [o for o in offices if o[0] == LAK_SI] + [o for o in offices if o[0] != LAK_SI][: max(0, limit - 1)]
    with transaction.atomic():
        laksi = import_published_report(DATA / "laksi-2567.json", replace=True).agency  # (the demo again: anew)
        rounds = []
        for code, name_th, name_en in offices:
            if code == LAK_SI:
                continue
            agency = Agency.objects.filter(code=code).first()
            if agency is not None and not agency.synthetic:
                summary.skipped.append(code)  # real data was imported for it: leave it alone
                continue
            pack = pack_for_year(YEARS[-1])
            agency = agency or ensure_agency(code, pack, name_th, name_en, synthetic=True)
            if (agency.name_th, agency.name_en) != (name_th, name_en):
                Agency.objects.filter(pk=agency.pk).update(name_th=name_th, name_en=name_en)
            for year in YEARS:
                rounds.append(ensure_round(agency, year))
        summary.agencies = len(offices) - len(summary.skipped)
        summary.rounds = len(rounds) + 1
        summary.option_counts = _fill(rounds)
        summary.users = _users(laksi)
        summary.plan = load_plan()
        summary.central_measures = load_central_measures()
    return summary


def _fill(rounds: list[AssessmentRound]) -> int:
    """Replace the figures of the synthetic rounds."""
    for model in (OptionCount, RespondentTally, PublishedScore):
        model.objects.filter(round__in=rounds).delete()
    units: dict[int, list] = {}
    services: dict[int, list] = {}
    difficulty: dict[str, dict] = {}
    counts, tallies, verdicts = [], [], []
    for rnd in rounds:
        pack = rnd.pack
        if rnd.agency_id not in units:
            units[rnd.agency_id] = list(rnd.agency.units.values_list("pk", flat=True))
            services[rnd.agency_id] = list(rnd.agency.service_types.values_list("pk", flat=True))
        if pack.code not in difficulty:
            difficulty[pack.code] = synthetic.item_difficulty(pack)
        c, t, v = synthetic.round_rows(rnd, pack, YEARS.index(rnd.fiscal_year), units[rnd.agency_id],
                                       services[rnd.agency_id], difficulty[pack.code])
        counts += c
        tallies += t
        verdicts += v
    OptionCount.objects.bulk_create(counts, batch_size=5000)
    RespondentTally.objects.bulk_create(tallies, batch_size=5000)
    Disclosure.objects.bulk_create(verdicts, batch_size=5000, update_conflicts=True,
                                   unique_fields=["round", "item"], update_fields=["score", "status"])
    return len(counts)


def _users(laksi: Agency) -> list[tuple[str, str]]:
    User = get_user_model()
    assessed = list(Agency.objects.filter(code__in=ASSESSED))
    agencies = {a.code: a for a in Agency.objects.filter(code__in={code for _, _, code, _ in USERS if code})}
    agencies[laksi.code] = laksi
    out = []
    password = make_password(PASSWORD)  # hashed once: the demo users share the documented password
    for username, role, agency_code, description in USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.password = password
        user.is_active = True
        user.first_name, user.last_name = NAMES.get(username, ("", ""))
        user.email = f"{username}@demo.prongsai.example"  # (a reserved domain: reminders open, reach no one)
        user.save()
        user.memberships.all().delete()
        agency = agencies.get(agency_code) if agency_code else None
        if agency_code and agency is None:  # (an agency the demo did not load: its users are left out)
            user.delete()
            continue
        membership = Membership.objects.create(
            user=user, role=role, agency=agency,
            unit=agency.units.filter(code=UNIT_STAFF_UNIT).first() if role == roles.UNIT_STAFF else None,
        )
        if role == roles.ASSESSOR:
            membership.assigned_agencies.set(assessed)
        out.append((username, description))
    return out
