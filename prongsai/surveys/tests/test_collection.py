"""Coordinator pages: login required; links and posters; progress against targets with lag
warnings; the collection window; the web import with its preview."""
import re
import subprocess
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prongsai.surveys.collection import progress
from prongsai.surveys.intake import Answer, store_responses
from prongsai.surveys.models import CollectionTarget, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = User.objects.create_user("coordinator", password="x", is_staff=True)
    client.force_login(user)
    return user


def test_coordinator_pages_need_a_staff_login(client, open_round):
    url = reverse("surveys:collection", args=[open_round.pk])
    assert client.get(url).status_code == 302
    client.force_login(User.objects.create_user("citizen", password="x"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("surveys:import")).status_code == 403


def test_collection_page_lists_links_posters_and_counts_in_thai(client, staff, open_round):
    page = client.get(reverse("surveys:collection", args=[open_round.pk])).content.decode()
    assert "การเก็บข้อมูลแบบวัด" in page
    links = re.findall(r'href="(http://testserver/s/[a-z0-9]+/)"', page)
    assert len(links) == 2
    assert client.get(links[0].replace("http://testserver", "")).status_code == 200
    assert "collection.js" in page and "<script>" not in page


def test_poster_is_an_a4_pdf(client, staff, open_round):
    response = client.get(reverse("surveys:poster", args=[open_round.pk, "EIT"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "(A4)" in info, info
    assert re.search(r"Pages:\s+1\n", info), info
    # each language in its own script, so that a Chinese or Burmese reader sees theirs is offered
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "ไทย · English · 中文 · " in text  # (pdftotext reorders the Burmese glyphs: its font is checked below)
    assert "用手机扫描二维码，填写问卷" in text  # how to answer, in Chinese (and Burmese) too, not only the language's name
    # that it is anonymous and until when it is open, in each language too, as the questionnaire says it (a tester)
    flat = text.replace("\n", " ")
    assert "本问卷为匿名问卷" in flat and "This questionnaire is anonymous" in flat  # (pdftotext splits Thai vowels)
    assert "Answers will be accepted from" in flat and "曼谷时间" in flat
    assert re.search(r"Pages:\s+1\n", subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode())
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Padauk" in fonts and "Droid-Sans-Fallback" in fonts  # real glyphs, not boxes
    assert "Sarabun" in fonts and "Laksaman" not in fonts  # the documents' Thai face, shipped (a tester saw Laksaman)
    assert client.get(reverse("surveys:poster", args=[open_round.pk, "OIT"])).status_code == 404


def test_progress_against_targets_flags_lagging_units(client, staff, open_round):
    units = list(open_round.agency.units.all())
    open_round.opens_at = timezone.now() - timedelta(days=10)
    open_round.closes_at = timezone.now() + timedelta(days=10)  # half-way
    open_round.save()
    answer = Answer("EIT", units[0], open_round.agency.service_types.first(), "th", {"E1": 6}, {})
    store_responses(open_round, [answer] * 9)
    data = {f"target-IIT-unit-{units[0].pk}": "", f"target-EIT-unit-{units[0].pk}": "10",
            f"target-EIT-unit-{units[1].pk}": "20"}
    client.post(reverse("surveys:targets", args=[open_round.pk]), data)
    assert CollectionTarget.objects.filter(round=open_round).count() == 2
    p = progress(open_round)
    eit = next(t for t in p["tools"] if t["tool"] == "EIT")
    rows = {r["label"]: r for r in eit["units"]}
    assert rows[units[0].name]["count"] == 9 and not rows[units[0].name]["lagging"]  # 9 of 10, half-way
    assert rows[units[1].name]["lagging"]  # 0 of 20, half-way
    assert eit["total"]["count"] == 9
    page = client.get(reverse("surveys:collection", args=[open_round.pk])).content.decode()
    assert units[1].name in page and "ล่าช้า" in page
    live = client.get(reverse("surveys:collection_json", args=[open_round.pk])).json()
    assert live["cells"][f"EIT-unit-{units[0].pk}"] == {"count": 9, "percent": 90, "lagging": False}
    assert live["cells"][f"EIT-unit-{units[1].pk}"]["lagging"] is True
    client.post(reverse("surveys:targets", args=[open_round.pk]), {f"target-EIT-unit-{units[1].pk}": "lots"})
    assert CollectionTarget.objects.get(round=open_round, unit=units[1]).target == 20  # nothing saved
    too_many = client.post(reverse("surveys:targets", args=[open_round.pk]), {f"target-EIT-unit-{units[1].pk}": "1000000"},
                           follow=True).content.decode()
    assert "ตั้งแต่ 0 ถึง 100,000" in too_many  # the limit it broke, not "whole number" of a whole number
    assert CollectionTarget.objects.get(round=open_round, unit=units[1]).target == 20


def test_collection_window_is_saved_in_bangkok_time(client, staff, open_round):
    url = reverse("surveys:window", args=[open_round.pk])
    client.post(url, {"confirm_close": "1", "opens_at": "2024-01-05T08:00", "closes_at": "2024-02-05T16:30"})
    open_round.refresh_from_db()
    assert open_round.opens_at.isoformat() == "2024-01-05T01:00:00+00:00"
    response = client.post(url, {"confirm_close": "1", "opens_at": "2024-03-05T08:00", "closes_at": "2024-02-05T16:30"})
    assert response.status_code == 400
    open_round.refresh_from_db()
    assert open_round.closes_at.isoformat() == "2024-02-05T09:30:00+00:00"


def test_a_collection_window_outside_the_rounds_fiscal_year_is_refused(client, staff, open_round):
    """FY2567 runs 1 Oct 2023 – 30 Sep 2024: a window in December 2026 (FY2570) would make the round
    look as if it were collecting (its figures withheld) years after it ended."""
    before = (open_round.opens_at, open_round.closes_at)
    url = reverse("surveys:window", args=[open_round.pk])
    response = client.post(url, {"confirm_close": "1", "opens_at": "2026-12-01T08:00", "closes_at": "2026-12-31T17:00"})
    page = response.content.decode()
    assert response.status_code == 400 and page.count("ปีงบประมาณ 2567") >= 2 and "30 ก.ย. 2567" in page
    # said at the top too, with a link to the form under the long tables (a tester thought it saved)
    top = page.split('id="live"')[0]
    assert "ยังไม่ได้บันทึกช่วงเวลาเปิดรับแบบวัด" in top and 'href="#window"' in top and 'id="window"' in page
    response = client.post(url, {"opens_at": "2567-05-01T08:00", "closes_at": "2024-07-31T17:00"})
    assert response.status_code == 400 and "น่าจะเป็นปี พ.ศ." in response.content.decode()
    open_round.refresh_from_db()
    assert (open_round.opens_at, open_round.closes_at) == before
    assert client.post(url, {"confirm_close": "1", "opens_at": "2024-09-30T08:00", "closes_at": "2024-09-30T23:59"}).status_code == 302
    # closing at midnight that ends 30 September closes within the year
    assert client.post(url, {"confirm_close": "1", "opens_at": "2024-09-01T08:00", "closes_at": "2024-10-01T00:00"}).status_code == 302
    # the year is over (it is 2026): the page says this round can no longer collect, and where to go
    page = client.get(reverse("surveys:collection", args=[open_round.pk])).content.decode()
    assert "ปีงบประมาณ 2567 สิ้นสุดแล้วเมื่อ 30 ก.ย. 2567" in page and reverse("surveys:round_new") in page


def test_a_window_closed_on_questionnaires_is_not_reopened(client, staff, open_round, monkeypatch):
    """Closed, the results show; reopened and closed again around one respondent, the difference
    would be that person's answers (tester's report). A window that closed on nothing may reopen."""
    import datetime as dt

    from prongsai.surveys.models import RespondentTally

    now = dt.datetime(2024, 3, 15, 3, 0, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(timezone, "now", lambda: now)
    url = reverse("surveys:window", args=[open_round.pk])
    assert client.post(url, {"confirm_close": "1", "opens_at": "2024-01-02T08:00", "closes_at": "2024-03-01T17:00"}).status_code == 302
    reopen = {"confirm_close": "1", "opens_at": "2024-01-02T08:00", "closes_at": "2024-04-30T17:00"}
    assert client.post(url, reopen).status_code == 302  # no questionnaire came in: nothing to give away
    client.post(url, {"confirm_close": "1", "opens_at": "2024-01-02T08:00", "closes_at": "2024-03-01T17:00"})
    RespondentTally.objects.create(round=open_round, tool="IIT", unit=open_round.agency.units.first(), language="", count=3)
    refused = client.post(url, reopen)
    assert refused.status_code == 400 and "จึงเปิดรับอีกไม่ได้" in refused.content.decode()
    open_round.refresh_from_db()
    assert timezone.localtime(open_round.closes_at).date() == dt.date(2024, 3, 1)
    # what stays in the past may still be corrected
    assert client.post(url, {"confirm_close": "1", "opens_at": "2024-01-02T08:00", "closes_at": "2024-03-02T17:00"}).status_code == 302
    # nor round the rule in two steps: clear the window (results show), then set a new one (a reviewer's find)
    assert client.post(url, {"opens_at": "", "closes_at": ""}).status_code == 302
    assert client.post(url, reopen).status_code == 400
    open_round.refresh_from_db()
    assert open_round.closes_at is None


def test_closing_a_collection_with_answers_at_a_past_time_closes_it_now(client, staff, open_round, monkeypatch):
    """A tester closed a round "at 15:40" at 15:45; it held answers sent at 15:41–15:44: the window
    said it had closed before them. It closes when it is closed."""
    import datetime as dt

    from prongsai.surveys.models import RespondentTally

    now = dt.datetime(2024, 3, 15, 8, 45, tzinfo=dt.timezone.utc)  # 15:45 in Bangkok
    monkeypatch.setattr(timezone, "now", lambda: now)
    open_round.opens_at, open_round.closes_at = now - dt.timedelta(days=10), now + dt.timedelta(days=10)
    open_round.save()
    RespondentTally.objects.create(round=open_round, tool="IIT", unit=open_round.agency.units.first(), language="", count=6)
    url = reverse("surveys:window", args=[open_round.pk])
    assert client.post(url, {"confirm_close": "1", "opens_at": "2024-03-05T08:00", "closes_at": "2024-03-15T15:40"}).status_code == 302
    open_round.refresh_from_db()
    assert open_round.closes_at == now


def test_moving_the_collection_window_is_audited(client, staff, open_round):
    """Results stay hidden until the window closes, so who moved it, and from what, is kept."""
    from prongsai.people.models import AuditEntry

    old_closes = open_round.closes_at
    client.post(reverse("surveys:window", args=[open_round.pk]), {"confirm_close": "1", "opens_at": "2024-01-05T08:00", "closes_at": "2024-02-05T16:30"})
    entry = AuditEntry.objects.get(action=AuditEntry.UPDATE)
    assert entry.before["closes_at"].startswith(old_closes.strftime("%Y-%m-%dT%H:%M:%S"))
    assert entry.after == {"opens_at": "2024-01-05T01:00:00Z", "closes_at": "2024-02-05T09:30:00Z"}


def test_web_import_previews_problems_then_saves_on_confirmation(client, staff, db):
    header = "agency_code,tool,unit,E1,E2,E3,E4,E5,E6\n"
    bad = SimpleUploadedFile("R.csv", (header + "303001,EIT,nowhere,6,6,2,7,5,5\n").encode())
    page = client.post(reverse("surveys:import"), {"file": bad, "year": "2567"}).content.decode()
    assert "R.csv แถวที่ 2 คอลัมน์ E4: ตัวเลือก 7 อยู่นอกช่วง 1–6" in page and Response.objects.count() == 0  # in Thai
    good = SimpleUploadedFile("R.csv", (header + "303001,EIT,registration,6,6,2,5,5,5\n" * 3).encode())
    page = client.post(reverse("surveys:import"), {"file": good, "year": "2567"}).content.decode()
    assert "303001" in page and "หน่วยงานใหม่" in page and Response.objects.count() == 0
    staged = re.search(r'name="staged" value="([^"]+)"', page).group(1)
    response = client.post(reverse("surveys:import"), {"staged": staged, "year": "2567", "framework": "", "original": "R.csv"})
    assert response.status_code == 302
    assert Response.objects.count() == 3
    again = client.post(reverse("surveys:import"), {"staged": staged, "year": "2567"}, follow=True)
    assert Response.objects.count() == 3  # a staged file is used once; back and save again: said so (a tester)
    assert "ไฟล์นี้บันทึกแล้ว: แบบวัด 3 ชุด" in again.content.decode() and again.redirect_chain[-1][0] == response.url
    assert client.post(reverse("surveys:import"), {"staged": "../../etc/passwd", "year": "2567"}).status_code == 302


def test_two_previews_of_one_round_saved_one_after_the_other_save_once(client, staff, db):
    """A tester saved two files for a new round from two tabs at once, reading the round between: both
    were stored, and the round's results before and after gave the second file's answers. The save
    checks the round again, locked: the second is refused, nothing of it stored."""
    header = "agency_code,tool,unit,E1,E2,E3,E4,E5,E6\n"

    def preview(rows):
        upload = SimpleUploadedFile("R.csv", (header + rows).encode())
        page = client.post(reverse("surveys:import"), {"file": upload, "year": "2567"}).content.decode()
        return re.search(r'name="staged" value="([^"]+)"', page).group(1)

    first, second = preview("303001,EIT,registration,6,6,2,5,5,5\n" * 6), preview("303001,EIT,registration,1,1,1,1,1,1\n")
    assert client.post(reverse("surveys:import"), {"staged": first, "year": "2567", "original": "R.csv"}).status_code == 302
    refused = client.post(reverse("surveys:import"), {"staged": second, "year": "2567", "original": "R.csv"})
    assert refused.status_code == 409 and Response.objects.count() == 6
    assert "อาจมีผู้อ่านผลไปแล้ว" in refused.content.decode()
    # a preview claimed by a click before this one (a double click, a second tab) is saved by that one only
    third = preview("303002,EIT,registration,2,2,2,2,2,2\n")
    from django.conf import settings as conf

    staged = conf.DATA_DIR / "imports" / third
    staged.rename(staged.with_name(third + ".saving"))
    busy = client.post(reverse("surveys:import"), {"staged": third, "year": "2567", "original": "R.csv"}, follow=True)
    assert "ไฟล์นี้กำลังบันทึกอยู่" in busy.content.decode() and Response.objects.count() == 6


def test_a_file_of_another_agency_is_refused_first_naming_it(client, laksi_round):
    """A tester's coordinator uploaded Sai Mai's file: told of another agency's round state, not that
    it was not theirs. Now the refusal comes first and names the agency."""
    from prongsai.agencies.services import ensure_agency
    from prongsai.people import roles
    from prongsai.people.models import Membership
    from prongsai.scoring import load_pack

    ensure_agency("101042", load_pack("bma-district-2567"), "สำนักงานเขตสายไหม")
    coordinator = User.objects.create_user("laksi", password="x")
    Membership.objects.create(user=coordinator, role=roles.COORDINATOR, agency=laksi_round.agency)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("R.csv", b"agency_code,tool,E1,E2,E3,E4,E5,E6\n101042,EIT,6,6,2,5,5,5\n")
    page = client.post(reverse("surveys:import"), {"file": upload, "year": "2567"})
    assert page.status_code == 403
    assert "สำนักงานเขตสายไหม (101042)" in page.content.decode() and "อาจมีผู้อ่านผล" not in page.content.decode()


def test_a_coordinators_own_file_with_a_spreadsheet_code_gets_the_row_message_not_a_refusal(client, laksi_round):
    """A reviewer's case: 101041.0 (Excel made the code a number) counted as "another agency"."""
    from prongsai.people import roles
    from prongsai.people.models import Membership

    coordinator = User.objects.create_user("laksi", password="x")
    Membership.objects.create(user=coordinator, role=roles.COORDINATOR, agency=laksi_round.agency)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("R.csv", b"agency_code,tool,E1,E2,E3,E4,E5,E6\n101041.0,EIT,6,6,2,5,5,5\n")
    page = client.post(reverse("surveys:import"), {"file": upload, "year": "2567"})
    assert page.status_code == 200 and "101041" in page.content.decode() and "ท่านนำเข้าได้เฉพาะ" not in page.content.decode()


def test_a_file_of_many_problems_shows_the_first_fifty_and_old_previews_are_deleted(client, staff, db, settings, tmp_path):
    """A tester's 18,000 bad dates made a page of 18,000 lines; abandoned previews (every respondent's
    row) stayed in the data directory for ever."""
    import os
    import time

    settings.DATA_DIR = tmp_path
    old = tmp_path / "imports" / "abandonedpreviewfile0123.csv"
    old.parent.mkdir()
    old.write_text("agency_code\n")
    os.utime(old, (time.time() - 25 * 3600,) * 2)
    rows = "".join("303001,EIT,registration,th,15/01/2567,6,6,2,5,5,5\n" for _ in range(120))
    upload = SimpleUploadedFile("R.csv", ("agency_code,tool,unit,language,submitted_at,E1,E2,E3,E4,E5,E6\n" + rows).encode())
    page = client.post(reverse("surveys:import"), {"file": upload, "year": "2567"}).content.decode()
    problems = re.findall(r"<li>(.*?)</li>", page.split('class="warnings problems">')[1].split("</ul>")[0], re.S)
    assert len(problems) == 51 and problems[-1] == "… และอีก 70 รายการ"
    assert not old.exists()


def test_web_import_problems_are_said_in_thai_for_every_kind_the_readers_give(client, staff, db):
    """The readers word their problems in English for the commands; the web page says them in Thai:
    each problem below is one wording of prongsai.scoring.inputs or responses_import."""
    header = "agency_code,tool,unit,language,submitted_at,gender,E1,E2,E3,E4,E5,E6,I1,zz\n"
    rows = ["303001,EIT,registration,th,2024-01-05,1,6,6,2,5,5,x,,q\n",       # not an option number
            ",XYZ,,,,,,,,,,,,\n",                                            # no agency code, unknown tool
            "303001,EIT,registration,fr,,,6,6,2,5,5,5,3,\n",                  # language, an IIT answer on an EIT row
            "303001,EIT,,,,,,,,,,,,\n",                                       # nothing answered
            "303001,EIT,registration,th,,,6,6,2,5\n"]                         # too few cells
    upload = SimpleUploadedFile("R.csv", (header + "".join(rows)).encode())
    page = client.post(reverse("surveys:import"), {"file": upload, "year": "2567"}).content.decode()
    problems = re.findall(r"<li>(.*?)</li>", page.split('class="warnings problems">')[1].split("</ul>")[0], re.S)
    assert problems and all(not re.search(r"\b(row|column|is not|unknown|answer)\b", p) for p in problems), problems
    for data, year, thai in [
        (b"\xff\xfeagency_code", "2567", "R.csv: ไม่ใช่ข้อความแบบ UTF-8 (เป็น UTF-16) กรุณาบันทึกไฟล์เป็น CSV UTF-8"),
        ("agency_code,unit\n101041,ฝ่ายโยธา\n".encode("cp874"), "2567", "R.csv: ไม่ใช่ข้อความแบบ UTF-8 (ไบต์ 0xbd ที่บรรทัด 2 "
         "เป็นข้อความภาษาไทยแบบ Windows หรือ TIS-620) กรุณาบันทึกไฟล์เป็น CSV UTF-8 (ใน Excel: บันทึกเป็น &gt; CSV UTF-8)"),
        (header.encode(), "2567", "R.csv: ไฟล์มีแต่แถวหัวตาราง ไม่มีข้อมูล"),
        (header.encode(), "2570", "ปีงบประมาณ: ยังไม่มีกรอบการประเมินสำหรับปีงบประมาณ 2570: สำนักงาน ก.ก. ต้องเพิ่มกรอบการประเมินของปีนั้นก่อน (หน้า “กรอบการประเมิน”)"),  # not "--year:"
    ]:
        page = client.post(reverse("surveys:import"), {"file": SimpleUploadedFile("R.csv", data), "year": year}).content.decode()
        assert f"<li>{thai}</li>" in page


def test_a_round_holding_a_published_report_does_not_collect(client, staff, laksi_round):
    response = client.post(reverse("surveys:window", args=[laksi_round.pk]),
                           {"confirm_close": "1", "opens_at": "2024-01-05T08:00", "closes_at": "2024-02-05T16:30"})
    laksi_round.refresh_from_db()
    assert response.status_code == 400 and laksi_round.opens_at is None
    assert "รายงานที่เผยแพร่" in response.content.decode()


def test_a_coordinator_starts_this_years_round_of_their_own_agency_and_sets_its_window(client, db, monkeypatch):
    """The way to collect in a new fiscal year: no import needed. On 1 May 2025 (FY2568) the
    coordinator sees only their own agency and FY2568 or 2569; a second round of the same year,
    another agency, a year no framework covers or a framework of other years are refused with the
    reason; the start is audited."""
    import datetime as dt

    from django.utils import timezone

    from prongsai.agencies.models import AssessmentRound
    from prongsai.people.models import AuditEntry
    from prongsai.people.tests.factories import agency, role_users

    home, other = agency("101041"), agency("101005")
    users = role_users(home, other)
    client.force_login(users["coordinator"])
    # today (December 2026, FY2570): no shipped framework covers 2570 or 2571, said before anything is sent
    page = client.get(reverse("surveys:round_new")).content.decode()
    assert "ยังไม่มีกรอบการประเมินที่ครอบคลุมปีงบประมาณ พ.ศ. 2570 และ 2571" in page
    assert 'name="fiscal_year"' not in page and "<button" not in page.split("<main", 1)[1]  # no choice that must fail
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 5, 1))
    url = reverse("surveys:round_new")
    page = client.get(url).content.decode()
    assert "ยังไม่มีกรอบการประเมินที่ครอบคลุมปีงบประมาณ พ.ศ. 2569" in page  # but 2568 is covered: only it is offered
    assert '<option value="2568" selected>' in page and '"2569"' not in page and '"2570"' not in page
    assert '<option value="bma-district-2567">เกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ของสำนักงานเขต' in page
    assert '"bma-district-2566"' not in page  # a framework of other years is not offered
    assert home.name_th in page and other.name_th not in page
    assert "เริ่มรอบการประเมิน" in client.get(reverse("reports:home")).content.decode()
    refused = client.post(url, {"agency": other.pk, "fiscal_year": 2568})
    assert refused.status_code == 400 and not AssessmentRound.objects.filter(agency=other).exists()
    assert client.post(url, {"agency": home.pk, "fiscal_year": 2570}).status_code == 400
    posted = client.post(url, {"agency": home.pk, "fiscal_year": 2569})  # posted all the same
    assert posted.status_code == 400 and "2569" in posted.context["form"].errors["fiscal_year"][0]
    wrong = client.post(url, {"agency": home.pk, "fiscal_year": 2568, "framework": "bma-district-2566"})
    assert wrong.status_code == 400 and "bma-district-2566" in wrong.context["form"].errors["framework"][0]
    assert not AssessmentRound.objects.exists()
    response = client.post(url, {"agency": home.pk, "fiscal_year": 2568})
    rnd = AssessmentRound.objects.get(agency=home, fiscal_year=2568)
    assert response.status_code == 302 and response.url == reverse("surveys:collection", args=[rnd.pk])
    assert rnd.framework == "bma-district-2567"  # the pack covering FY2567–2568
    rnd.full_clean()  # the rounds' own rule holds
    assert AuditEntry.objects.filter(action=AuditEntry.CREATE, who=users["coordinator"]).count() == 1
    again = client.post(url, {"agency": home.pk, "fiscal_year": 2568})
    assert again.status_code == 400 and "มีรอบการประเมินปีงบประมาณ 2568 อยู่แล้ว" in again.content.decode()
    # and it collects: a window inside its fiscal year is accepted
    ok = client.post(reverse("surveys:window", args=[rnd.pk]), {"confirm_close": "1", "opens_at": "2025-05-01T08:00", "closes_at": "2025-06-30T17:00"})
    assert ok.status_code == 302
    client.force_login(users["unit_staff"])
    assert client.get(url).status_code == 403
    assert "เริ่มรอบการประเมิน" not in client.get(reverse("reports:home")).content.decode()


def test_every_wording_of_the_readers_is_said_in_thai(settings):
    """Every problem the readers word (each f-string of prongsai.scoring.inputs and responses_import,
    its values filled in) comes out of surveys.problems with its wording in Thai: a reader's new or
    changed wording that the table does not know fails here, not silently in English on the page."""
    import ast
    from pathlib import Path

    from django.utils import translation

    import prongsai
    from prongsai.surveys.problems import in_language

    root = Path(prongsai.__file__).parent
    composed = {"12 row 12, column 12: 12 is not 12", "12 row 12, column submitted_at: 12 12",  # wordings passed in
                "--framework: 12", "--year: 12"}  # a framework pack's own message, checked below
    messages = []
    for path in ("scoring/inputs.py", "surveys/responses_import.py"):
        for node in ast.walk(ast.parse((root / path).read_text())):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "12" for v in node.values)
                if (text.startswith(("12 row", "12: ", "--")) and text not in composed):
                    messages.append(text)
    messages += ["12 row 3, column result: 'x' is not pass, fail or a score 0–100", "12 row 3, column E1: 'x' is not a number",
                 "--year: no framework pack covers fiscal year 2570: the central office adds the year's framework first (the "
                 "Frameworks page, or prongsai add-framework)", "--framework: unknown framework 'x'; known frameworks: a, b",
                 "12 row 8, column submitted_at: '2023-09-30' is not in fiscal year 2567 (2023-10-01 to 2024-09-30)",
                 "12 row 8, column submitted_at: '2099-01-01' is in the future",
                 "12 row 4, columns I3, I6: option 7 is out of range 1–2"]  # one problem in several columns (by_row)
    assert len(messages) > 40
    kept = {"pass", "fail", "item", "language", "question", "result", "tool", "unit",  # values and column names (CSV headers)
            "csv", "xlsx"}  # file name endings
    with translation.override("th"):
        untranslated = {m: english for m in messages
                        if (english := set(re.findall(r"\b[a-z]{3,}\b", in_language(m))) - kept)}
    assert untranslated == {}


def test_closing_a_collecting_round_now_needs_a_tick_because_it_is_final(client, staff, open_round, monkeypatch):
    """A tester closed a round with 4 IIT answers by setting a past time, and could never reopen it:
    closing now is final, so it is confirmed first; a window moved within the future is not."""
    import datetime as dt

    now = dt.datetime(2024, 3, 15, 3, 0, tzinfo=dt.timezone.utc)  # within the round's fiscal year
    monkeypatch.setattr(timezone, "now", lambda: now)
    url = reverse("surveys:window", args=[open_round.pk])
    opens, past, later = "2024-03-10T08:00", "2024-03-14T17:00", "2024-03-30T17:00"
    assert client.post(url, {"opens_at": opens, "closes_at": later}).status_code == 302  # collecting: no tick needed
    assert client.post(url, {"opens_at": opens, "closes_at": "2024-04-30T17:00"}).status_code == 302  # nor to extend it
    assert client.post(url, {"opens_at": opens, "closes_at": past}).status_code == 302  # nobody answered: it may reopen
    assert client.post(url, {"opens_at": opens, "closes_at": later}).status_code == 302
    from prongsai.surveys.models import RespondentTally

    RespondentTally.objects.create(round=open_round, tool="IIT", unit=open_round.agency.units.first(), language="th", count=4)
    for window in ({"opens_at": opens, "closes_at": past}, {"opens_at": "", "closes_at": ""}):  # closed now, or cleared
        refused = client.post(url, window)
        assert refused.status_code == 400 and "จะปิดรับแบบวัดทันทีและถาวร" in refused.content.decode(), window
        open_round.refresh_from_db()
        assert open_round.is_open()
    assert client.post(url, {"opens_at": opens, "closes_at": past, "confirm_close": "on"}).status_code == 302
    open_round.refresh_from_db()
    assert not open_round.is_open()
    page = client.get(reverse("surveys:collection", args=[open_round.pk])).content.decode()
    assert 'name="confirm_close"' not in page  # closed: nothing to end, not asked


def test_a_problem_on_many_rows_is_said_once_in_thai_with_its_rows():
    """The readers say a problem of many rows once, at its first, with the others (`also_rows`):
    the web import says the rows in Thai too, whatever the problem."""
    from django.utils import translation

    from prongsai.scoring.inputs import also_rows
    from prongsai.surveys.problems import in_language

    line = ("R.csv row 2, column response_id: 'r0' of agency 101041 was imported into the 2567 round before"
            + also_rows([2, 3, 4, 5, 6, 7, 8, 9]))
    assert line.endswith("; also rows 3, 4, 5, 6, 7 and 2 more")
    with translation.override("th"):
        said = in_language(line)
    assert said.startswith("R.csv แถวที่ 2 คอลัมน์ response_id: ") and said.endswith("(และแถวที่ 3, 4, 5, 6, 7 และอีก 2 แถว)")
    assert "was imported" not in said and "also" not in said
