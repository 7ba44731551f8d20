"""`prongsai demo`: counts, one user per role, idempotence, determinism, Lak Si's real figures."""
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.demo.load import ASSESSED, PASSWORD, USERS
from prongsai.oit.models import Disclosure
from prongsai.people import roles
from prongsai.people.models import Membership
from prongsai.reports.scores import round_breakdown
from prongsai.scoring.tests.fixture import laksi
from prongsai.surveys.models import OptionCount, PublishedScore, RespondentTally

pytestmark = pytest.mark.django_db


def demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in (Agency, AssessmentRound, OptionCount, RespondentTally,
                                                    PublishedScore, Disclosure, Membership)}


def users_named() -> bool:
    return all(u.get_full_name() for u in get_user_model().objects.filter(username__in=[u[0] for u in USERS]))


def test_the_whole_demo():
    output = demo()
    districts = Agency.objects.exclude(code="BMA")
    assert districts.count() == 50
    assert districts.filter(synthetic=True).count() == 49
    assert not Agency.objects.get(code="101041").synthetic
    assert set(Agency.objects.get(code="101041").rounds.values_list("fiscal_year", flat=True)) == {2567}
    for year, framework in ((2566, "bma-district-2566"), (2567, "bma-district-2567"), (2568, "bma-district-2567")):
        rounds = AssessmentRound.objects.filter(fiscal_year=year, agency__synthetic=True)
        assert rounds.count() == 49
        assert set(rounds.values_list("framework", flat=True)) == {framework}
    names = dict(districts.values_list("code", "name_en"))
    assert names["101001"] == "Phra Nakhon District Office" and names["101050"] == "Bang Bon District Office"
    # every synthetic round scores, with respondents in range and plausible (not all the same)
    itas = {}
    for rnd in AssessmentRound.objects.filter(agency__synthetic=True).select_related("agency"):
        b = round_breakdown(rnd)
        assert b.ita is not None and 40 < b.ita < 100, rnd
        for tool in ("IIT", "EIT"):
            assert 80 <= b.tools[tool].respondents <= 800, (rnd, tool)
        itas[rnd.pk] = b.ita
    assert len(set(itas.values())) > 100
    # a synthetic verdict is a finished assessment: passed or failed, never a draft beside its score
    verdicts = Disclosure.objects.filter(round__agency__synthetic=True)
    assert not verdicts.filter(status="draft").exists()
    assert verdicts.filter(score=100, status="passed").count() + verdicts.filter(score=0, status="failed").count() == verdicts.count()
    assert users_named(), "the demo users carry names for the documents' signature lines"
    # Lak Si keeps its real published figures
    rnd = AssessmentRound.objects.get(agency__code="101041", fiscal_year=2567)
    assert round_breakdown(rnd).ita == Decimal(str(laksi()["published"]["ita_total_derived"]))
    # one user per role, the documented password works
    assert authenticate(username="laksi-coordinator", password=PASSWORD) is not None
    users = {u.username: u for u in get_user_model().objects.all()}
    for username, role, _agency_code, _description in USERS:
        assert users[username].password == users["laksi-coordinator"].password  # the same documented password
        assert roles.roles_of(users[username]) == {role}
    assessor = users["assessor"]
    assert {a.code for a in Agency.objects.all() if roles.can_assess(assessor, a)} == set(ASSESSED)
    unit_staff = users["laksi-unit"]
    assert roles.memberships(unit_staff)[0].unit.agency.code == "101041"
    assert PASSWORD in output and "laksi-coordinator" in output
    # Bang Bon's worked plan (Lak Si's 2568 is the user's to plan): approved, complete, its 6-month
    # report recorded and approved, the documents made from it
    from prongsai.measures import approval
    from prongsai.measures.documents import plan_document, progress_document
    from prongsai.measures.models import MeasureProgress, Plan

    assert not Plan.objects.filter(agency__code="101041").exists()
    plan = Plan.objects.get(agency__code="101050", fiscal_year=2568)
    assert plan.approved and plan.issues.count() == 8 and approval.completeness_problems(plan) == []
    assert approval.blank_columns(plan) == []  # no empty cell in the signed plan
    six = plan.reporting_rounds.get(code="6m")
    progress = list(MeasureProgress.objects.filter(reporting_round=six).select_related("measure"))
    assert six.approved and len(progress) == plan.measures().count()
    assert {p.status for p in progress} == {"done", "in_progress"} and sum(p.finished_late for p in progress) == 1
    assert "Bang Bon (101050) has a worked FY2568 measures plan" in output
    assert plan_document(plan.agency, 2568).sections and progress_document(plan.agency, 2568, "6m").sections
    # Bang Bon's own people run its 12-month round (testers had Lak Si's only, with no plan to report on)
    from prongsai.measures import access
    from prongsai.measures.todo import tasks_for

    coordinator, unit = users["bangbon-coordinator"], users["bangbon-unit"]
    assert access.can_edit_plan(coordinator, plan) and not access.can_edit_plan(unit, plan)
    assert roles.memberships(unit)[0].unit.code == "public-works" and roles.memberships(unit)[0].agency.code == "101050"
    assert any("12 เดือน" in t.text or "12-month" in t.text for t in tasks_for(coordinator))
    assert unit.email == "bangbon-unit@demo.prongsai.example"  # the round page's e-mail reminder shows in the demo
    assert plan.measures().filter(responsible_units=roles.memberships(unit)[0].unit).exists()  # it has measures to report
    # its pages, as the central office opens them from /central/plans/ (signed by no account: a tester's 500)
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(get_user_model().objects.get(username="central"))
    for url in (reverse("measures:plan", args=[plan.pk]), reverse("measures:reporting_round", args=[six.pk])):
        page = client.get(url)
        assert page.status_code == 200 and "นายวิชัย บางบอนดี" in page.content.decode(), url
    # its 6-month report approved is not its year reported (a tester read "final" on the dashboard)
    board = client.get(reverse("measures:dashboard", args=[plan.pk])).content.decode()
    assert "ยังไม่มีรอบที่ครอบคลุมทั้งปีงบประมาณ" in board and "ผลการดำเนินการเป็นฉบับสุดท้าย" not in board

    # the city's central measures of 2568 (seed 003), for every district office and no other agency,
    # three of which reported: the central office's page opens on them and its compiled report holds them
    from prongsai.central.measures import compiled_document
    from prongsai.central.models import CentralAssignment, CentralMeasure

    central = CentralMeasure.objects.filter(fiscal_year=2568)
    assert central.count() == 4
    assigned = set(CentralAssignment.objects.filter(measure__in=central).values_list("agency__code", flat=True))
    assert assigned == set(districts.values_list("code", flat=True))
    assert set(CentralAssignment.objects.exclude(result="").values_list("agency__code", flat=True)) == {"101005", "101046", "101050"}
    assert "4 central measures of FY2568" in output
    page = client.get(reverse("central:measures")).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2568" in page and "มาตรการสร้างขวัญกำลังใจ" in page and "2 / 50" in page
    cells = [c for s in compiled_document(2568).sections if s.table for r in s.table.rows for c in r]
    assert any("คัดเลือกข้าราชการและลูกจ้างดีเด่น" in b for c in cells for b in c.bullets)

    # idempotent and deterministic: a second run replaces the synthetic data with the same figures
    before = counts()
    demo("--districts", "3")
    assert counts() == before
    assert Plan.objects.get(agency__code="101050").pk == plan.pk  # made once: kept as the user may have changed it
    assert CentralMeasure.objects.count() == 4  # made once too
    again = AssessmentRound.objects.filter(agency__code__in=["101002", "101003"])
    assert again.count() == 6
    assert {r.pk: round_breakdown(r).ita for r in again} == {r.pk: itas[r.pk] for r in again}
    assert round_breakdown(rnd).ita == Decimal("83.39")
    # the office docs/demo.md and the README point to for one that lost its level (Lak Si has one year)
    nong_chok = {r.fiscal_year: round_breakdown(r) for r in again.filter(agency__code="101003")}
    assert [(nong_chok[y].ita, nong_chok[y].level.code) for y in (2567, 2568)] == [
        (Decimal("88.71"), "pass"), (Decimal("83.66"), "improve")]


def test_real_imported_data_is_left_alone(laksi_round):
    """A district that holds real imported figures is not overwritten by synthetic ones."""
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.scoring import load_pack

    real = ensure_agency("101001", load_pack("bma-district-2567"), "สำนักงานเขตพระนคร (จริง)")
    ensure_round(real, 2567)
    output = demo("--districts", "2")
    assert "101001" in output
    assert not OptionCount.objects.filter(round__agency=real).exists()
    assert Agency.objects.get(code="101001").name_th == "สำนักงานเขตพระนคร (จริง)"


def test_a_number_of_districts_the_demo_does_not_have_is_refused():
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("demo", "--districts", "0", stdout=StringIO(), stderr=err)
    assert exited.value.code == 2 and "error: --districts: 0 is not 1–50" in err.getvalue()
    assert not Agency.objects.exists()
