"""The assessor's view: every item with its links, a verdict per item, scores through the engine."""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from prongsai.oit import services
from prongsai.oit.models import Disclosure, DisclosureEvent, Status
from prongsai.reports.scores import round_breakdown


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("assessor", password="x", is_staff=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_anonymous_is_sent_to_log_in_and_non_staff_refused(client, laksi_assessing):
    url = reverse("oit:assess", args=[laksi_assessing.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/people/login/" in response["Location"]
    user = get_user_model().objects.create_user("citizen", password="x")
    client.force_login(user)
    assert client.get(url).status_code == 403
    assert client.post(reverse("oit:verdict", args=[laksi_assessing.pk, "O10"]), {"result": "pass"}).status_code == 403
    assert Disclosure.objects.get(round=laksi_assessing, item="O10").score == 0


def test_page_lists_every_item_in_thai(staff_client, laksi_assessing):
    response = staff_client.get(reverse("oit:assess", args=[laksi_assessing.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for n in range(1, 23):
        assert f'id="O{n}"' in html
    assert "ข้อมูลพื้นฐานของสำนักงานเขต" in html  # O1's Thai name
    assert "การประเมิน OIT" in html and "ไม่ผ่าน</button>" in html  # the UI is Thai by default
    assert "83.39" in html and "71.25" in html  # ITA and OIT of the published report


def test_verdict_updates_scores_and_history(staff_client, staff, laksi_assessing):
    before = round_breakdown(laksi_assessing)
    url = reverse("oit:verdict", args=[laksi_assessing.pk, "O10"])
    response = staff_client.post(url, {"result": "pass", "comment": "  ลิงก์ถูกต้อง "}, follow=True)
    assert response.status_code == 200
    d = Disclosure.objects.get(round=laksi_assessing, item="O10")
    assert d.status == Status.PASSED and d.score == 100 and d.comment == "ลิงก์ถูกต้อง"
    assert d.assessed_by == staff and d.assessed_at is not None
    after = round_breakdown(laksi_assessing)
    assert after.ita - before.ita == Decimal("1.50")
    assert "84.89" in response.content.decode()
    event = d.events.filter(action="verdict").get()
    assert event.actor == staff
    assert event.before == {"score": "0", "status": "failed", "comment": ""}
    assert event.after == {"score": "100", "status": "passed", "comment": "ลิงก์ถูกต้อง"}


def test_fail_needs_a_comment(staff_client, laksi_assessing):
    url = reverse("oit:verdict", args=[laksi_assessing.pk, "O1"])
    staff_client.post(url, {"result": "fail", "comment": ""})
    d = Disclosure.objects.get(round=laksi_assessing, item="O1")
    assert d.score == 100 and d.status == Status.PASSED
    assert not DisclosureEvent.objects.filter(disclosure=d, action="verdict").exists()


def test_unknown_item_is_404(staff_client, laksi_assessing):
    assert staff_client.get(reverse("oit:item", args=[laksi_assessing.pk, "O99"])).status_code == 404
    assert staff_client.post(reverse("oit:verdict", args=[laksi_assessing.pk, "O99"]), {"result": "pass"}).status_code == 404


def test_index_lists_rounds(staff_client, laksi_assessing):
    response = staff_client.get(reverse("oit:index"))
    assert response.status_code == 200
    assert reverse("oit:assess", args=[laksi_assessing.pk]) in response.content.decode()


def test_verdicts_feed_the_results_report(staff_client, laksi_assessing):
    report = reverse("reports:round", args=[laksi_assessing.pk])
    assert "83.39" in staff_client.get(report).content.decode()
    staff_client.post(reverse("oit:verdict", args=[laksi_assessing.pk, "O10"]), {"result": "pass"})
    html = staff_client.get(report).content.decode()
    assert "84.89" in html and "83.39" not in html


def test_verdict_json_for_the_page_script(staff_client, laksi_assessing):
    url = reverse("oit:verdict", args=[laksi_assessing.pk, "O22"])
    response = staff_client.post(url, {"result": "pass"}, HTTP_ACCEPT="application/json")
    data = response.json()
    assert data["ok"] and data["status"] == "passed" and data["scores"]["OIT"] == "76.25"
    assert data["scores"]["ITA"] == "85.39" and data["indicators"]["10.2"] == "100.00"
    response = staff_client.post(url, {"result": "fail"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and not response.json()["ok"]


def test_the_verdicts_of_a_published_official_report_are_not_changed(staff_client, staff, laksi_round):
    """A tester passed O15 and O22 on Lak Si's imported 2567 report and its official 83.39 became 87.39
    without a word; the report's verdicts stand (a corrected report is imported again)."""
    from prongsai.api.tests.conftest import token_client
    from prongsai.people import roles
    from prongsai.people.tests.factories import user
    from prongsai.scoring.tests.fixture import laksi

    page = staff_client.get(reverse("oit:assess", args=[laksi_round.pk])).content.decode()
    assert "ผลการประเมิน OIT ตามรายงานผลอย่างเป็นทางการประจำปีงบประมาณ พ.ศ. 2567" in page
    assert 'name="result"' not in page  # no verdict buttons
    item = staff_client.get(reverse("oit:item", args=[laksi_round.pk, "O15"])).content.decode()
    assert 'value="submit"' not in item and "รายงานไม่ได้ระบุที่อยู่เว็บไซต์ของข้อนี้" in item  # nothing to submit or add
    coordinator = user("laksi-coord", roles.COORDINATOR, laksi_round.agency)
    staff_client.force_login(coordinator)
    item = staff_client.get(reverse("oit:item", args=[laksi_round.pk, "O15"])).content.decode()
    assert 'name="urls"' not in item and 'value="attach"' not in item  # the report's item is shown, not worked on
    assert staff_client.post(reverse("oit:item", args=[laksi_round.pk, "O15"]),
                             {"action": "save", "urls": "https://laksi.example/x"}).status_code == 403
    assert "ตรวจลิงก์ทั้งหมดตอนนี้" not in staff_client.get(reverse("oit:assess", args=[laksi_round.pk])).content.decode()
    staff_client.force_login(staff)
    response = staff_client.post(reverse("oit:verdict", args=[laksi_round.pk, "O15"]), {"result": "pass"}, follow=True)
    assert "เป็นรายงานผลอย่างเป็นทางการที่เผยแพร่แล้ว" in response.content.decode()
    reply = staff_client.post(reverse("oit:verdict", args=[laksi_round.pk, "O15"]), {"result": "pass"},
                              HTTP_ACCEPT="application/json")
    assert reply.status_code == 409 and "prongsai import-report" in reply.json()["errors"][0]
    d = Disclosure.objects.get(round=laksi_round, item="O15")
    assessor = user("oit-assessor", roles.ASSESSOR, assigned=[laksi_round.agency])
    r = token_client(assessor).post(f"/api/disclosures/{d.pk}/verdict/", {"result": "pass"}, format="json")
    assert r.status_code == 409
    d.refresh_from_db()
    with pytest.raises(services.PublishedResultError):  # nor handed to an assessor to judge again
        services.submit(d, assessor)
    official = Decimal(str(laksi()["published"]["ita_total_derived"]))
    assert d.score == 0 and round_breakdown(laksi_round).ita == official
