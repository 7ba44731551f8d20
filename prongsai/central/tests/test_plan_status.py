"""Where every agency's plan of a year and its progress reports stand, for the central office."""
import datetime as dt
import re

import pytest
from django.utils import timezone

from prongsai.central import plan_status
from prongsai.measures.models import Measure, MeasureProgress, Plan, PlanIssue, ReportingRound
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
    rows = {r.agency.code: r for r in plan_status.plan_statuses(2569, dt.date(2026, 5, 1))}
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
    said = client.get("/central/plans/", {"year": "abc"}).content.decode()
    assert "“abc” ไม่ใช่ปีงบประมาณ" in said  # and it says so (a tester met another year without a word)
    assert "ไม่ใช่ปีงบประมาณ" not in client.get("/central/plans/", {"year": "2569"}).content.decode()
    assert client.get("/central/measures/", {"year": "9" * 5000}).status_code == 200
    for name in ("coordinator", "director", "unit_staff"):
        client.force_login(users[name])
        assert client.get("/central/plans/").status_code == 403


def test_how_each_plans_measures_stand_and_the_table_as_a_workbook(plans, client, monkeypatch):
    """A tester had to open every district to see who is behind: each plan's measures, done, overdue and
    not reported, counted here from the records made, with the city's totals and an XLSX of the table."""
    from io import BytesIO

    from openpyxl import load_workbook

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 5, 1))  # FY2569, after the 6-month round
    a, b, c, d = plans
    plan = Plan.objects.get(agency=d, fiscal_year=2569)
    issue = PlanIssue.objects.create(plan=plan, code="E6")
    done, late, unreported, later = (
        Measure.objects.create(issue=issue, activities=f"กิจกรรม {n}", deadline=deadline, order=n)
        for n, deadline in enumerate([dt.date(2026, 1, 31), dt.date(2026, 3, 31), dt.date(2026, 2, 28), dt.date(2026, 9, 30)]))
    six = plan.reporting_rounds.get(code="6m")
    MeasureProgress.objects.create(measure=done, reporting_round=six, status=MeasureProgress.DONE, result="เสร็จ", completed_on=dt.date(2026, 1, 20))
    MeasureProgress.objects.create(measure=late, reporting_round=six, status=MeasureProgress.IN_PROGRESS, result="กำลังทำ")
    MeasureProgress.objects.create(measure=later, reporting_round=six, status=MeasureProgress.NOT_STARTED, result="")
    # 4 measures: 1 done; 2 overdue on 1 May (late, in progress; unreported, not reported); 1 not reported
    users = role_users(a, b)
    client.force_login(users["central"])
    page = client.get("/central/plans/", {"year": "2569"}).content.decode()
    # the city's totals: the approved plan's (D's) only, the drafts' measures still being decided
    PlanIssue.objects.create(plan=Plan.objects.get(agency=b, fiscal_year=2569), code="O1").measures.create(
        activities="ร่าง", deadline=dt.date(2025, 12, 31))
    page = client.get("/central/plans/", {"year": "2569"}).content.decode()
    assert ("แผนที่อนุมัติแล้ว 1 แผน มีมาตรการรวม 4 มาตรการ ในจำนวนนี้ดำเนินการแล้วเสร็จ 1 มาตรการ เกินกำหนด 2 มาตรการ "
            "และยังไม่รายงานผลในรอบการรายงานปัจจุบันของแผน 1 มาตรการ") in page
    row = page.split(d.name_th)[1].split("</tr>")[0]
    assert [int(n) for n in re.findall(r'<td class="num">(?:<span class="change down">)?(\d+)', row)] == [4, 1, 2, 1]
    assert re.findall(r'<td class="num">(?:<span class="change down">)?(\d+)', page.split(b.name_th)[1].split("</tr>")[0]) == ["1", "0", "1", "1"]
    assert re.findall(r'<td class="num">(\d+)', page.split(c.name_th)[1].split("</tr>")[0]) == ["0", "0", "0", "0"]  # nothing yet
    assert 'href="/central/plans.xlsx?year=2569"' in page
    book = load_workbook(BytesIO(client.get("/central/plans.xlsx", {"year": "2569", "what": "plan", "state": "approved"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "รหัส / code" and len(rows) == 3  # the page's filter: the approved plan only, then the totals
    assert rows[1][:4] == (d.code, d.name_th, None, "อนุมัติแล้ว") and rows[1][6:] == (4, 1, 2, 1)
    assert rows[2][1] == "รวมแผนที่อนุมัติแล้ว 1 แผน / approved plans" and rows[2][6:] == (4, 1, 2, 1)
    client.force_login(users["coordinator"])
    assert client.get("/central/plans.xlsx").status_code == 403
