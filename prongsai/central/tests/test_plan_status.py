"""Where every agency's plan of a year and its progress reports stand, for the central office."""
import datetime as dt

import pytest
from django.utils import timezone

from prongsai.central import plan_status
from prongsai.measures.models import Plan, ReportingRound
from prongsai.people.tests.factories import agency, role_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    """Four agencies and their FY2569 plans: none, a draft, one sent back, one approved whose 6-month
    report waits for the director (and no 12-month round yet); a 2568 plan of another year."""
    a, b, c, d = (agency(f"90000{i}", f"เขต{i}", f"District {i}") for i in range(1, 5))
    now = timezone.now()
    Plan.objects.create(agency=b, fiscal_year=2569)
    Plan.objects.create(agency=c, fiscal_year=2569, returned_note="เพิ่มมาตรการ O22")
    approved = Plan.objects.create(agency=d, fiscal_year=2569, submitted_at=now, approved_at=now)
    ReportingRound.objects.create(plan=approved, code="6m", start=dt.date(2025, 10, 1), end=dt.date(2026, 3, 31), submitted_at=now)
    Plan.objects.create(agency=a, fiscal_year=2568, submitted_at=now, approved_at=now)
    return a, b, c, d


def test_each_agency_has_the_state_of_its_plan_and_reports(plans):
    a, b, c, d = plans
    rows = {r.agency.code: r for r in plan_status.plan_statuses(2569)}
    assert {code: r.state for code, r in rows.items()} == {a.code: "none", b.code: "draft", c.code: "returned", d.code: "approved"}
    assert rows[d.code].reports["6m"][1] == "waiting" and rows[d.code].reports["12m"] == (None, "none")
    counts = plan_status.counts(list(rows.values()))
    assert counts["plan"] == {"none": 1, "draft": 1, "returned": 1, "approved": 1}
    assert counts["6m"] == {"none": 3, "waiting": 1}
    assert [r.agency.code for r in plan_status.filter_statuses(list(rows.values()), "plan", "returned")] == [c.code]
    assert len(plan_status.filter_statuses(list(rows.values()), "plan", "nonsense")) == 4
    assert plan_status.years(2570) == [2570, 2569, 2568]


def test_the_page_counts_lists_and_filters_for_the_central_office_only(plans, client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 6))  # fiscal year 2570
    a, b, c, d = plans
    users = role_users(a, b)
    client.force_login(users["central"])
    # no plan of this fiscal year yet (December): the latest year with plans, not 50 rows of "none yet" (a tester)
    assert 'aria-current="page">2569<' in client.get("/central/plans/").content.decode()
    Plan.objects.create(agency=a, fiscal_year=2570)
    assert 'aria-current="page">2570<' in client.get("/central/plans/").content.decode()  # once there is one: this year
    Plan.objects.filter(fiscal_year=2570).delete()
    page = client.get("/central/plans/", {"year": "2569"}).content.decode()
    assert "แผนมาตรการและรายงานความก้าวหน้า" in page and "ปีงบประมาณ 2569" in page
    assert 'href="?year=2568"' in page and 'href="?year=2570"' in page  # every year to switch to
    assert 'href="?year=2569&amp;what=plan&amp;state=returned#agencies"' in page
    listing = page.split('id="agencies"')[1]
    assert listing.count('<span class="state state-approved">อนุมัติแล้ว</span>') == 1  # D's plan
    assert listing.count('<span class="state state-none">ยังไม่มี</span>') == 1 + 3 + 4  # A's plan; the reports
    listed = client.get("/central/plans/?year=2569&what=6m&state=waiting").content.decode()
    assert d.name_th in listed and b.name_th not in listed.split('id="agencies"')[1]
    assert "1 / 4" in listed
    assert "ไม่มีหน่วยงานในสถานะนี้" in client.get("/central/plans/?year=2569&what=12m&state=approved").content.decode()
    assert a.name_th in client.get("/central/plans/?year=2568&what=plan&state=approved").content.decode().split('id="agencies"')[1]
    assert client.get("/central/plans/", {"year": "9" * 5000}).status_code == 200  # not a year: this one, not a 500
    assert client.get("/central/measures/", {"year": "9" * 5000}).status_code == 200
    for name in ("coordinator", "director", "unit_staff"):
        client.force_login(users[name])
        assert client.get("/central/plans/").status_code == 403
