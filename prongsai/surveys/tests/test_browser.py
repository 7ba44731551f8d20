"""Browser tests: the questionnaires on a phone-sized screen in the system Chromium."""
import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.scoring import load_pack
from prongsai.surveys.intake import link_for
from prongsai.surveys.models import OptionCount, Response

from .conftest import fill_questionnaire

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_round(transactional_db):
    pack = load_pack("bma-district-2567")
    rnd = ensure_round(ensure_agency("999101", pack, "สำนักงานเขตทดสอบ", "Test District Office"), 2567)
    rnd.opens_at, rnd.closes_at = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=7)
    rnd.save()
    return rnd


def test_eit_in_english_on_a_phone_is_counted_in_the_report(phone, live_server, live_round, settings):
    settings.PRONGSAI_MIN_CELL = 1  # one respondent's result shown: counting is what is tested here
    link = link_for(live_round, "EIT")
    phone.goto(f"{live_server.url}/s/{link.code}/")
    assert phone.locator("html").get_attribute("lang") == "th"
    phone.locator("label.s-opt").nth(0).click()  # a unit, chosen before switching language
    phone.get_by_role("button", name="English").click()
    phone.wait_for_url(f"**/s/{link.code}/?lang=en")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("input[name=unit]").nth(0).is_checked()  # kept across the switch
    # asked for, not sent: a reload does not offer to send the form again (a tester), and the answers
    # brought back are gone from the tab's storage
    assert phone.url.endswith(f"/s/{link.code}/?lang=en")
    assert phone.evaluate("sessionStorage.length") == 0
    phone.reload()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_text("Staff serve willingly, treat everyone equally").count() >= 1
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    fill_questionnaire(phone)
    assert phone.locator(".s-e3 li:not([hidden])").count() == 1  # only the chosen service's E3 line
    phone.screenshot(path=os.path.join(os.environ.get("PRONGSAI_SCREENSHOTS", "/tmp"), "eit-en-phone.png"), full_page=True)
    phone.get_by_role("button", name="Send").last.click()
    phone.wait_for_url("**/thanks/**")
    assert "Your answers have been received" in phone.content()
    assert Response.objects.get().language == "en"
    from django.contrib.auth.models import User
    from django.test import Client

    staff = Client()  # the results report is internal: a staff member reads it
    staff.force_login(User.objects.create_user("reader", is_staff=True))
    phone.context.add_cookies([{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}])
    phone.goto(f"{live_server.url}/rounds/{live_round.pk}/")
    expect(phone.locator(".note.withheld")).to_contain_text("ปิดรับแบบวัด")  # nothing shown while collecting
    assert phone.locator("table.data").first.locator("tr", has_text="EIT").locator("td.num").first.inner_text() == "–"
    live_round.closes_at = timezone.now()  # collection over: the results appear
    live_round.save()
    phone.goto(f"{live_server.url}/rounds/{live_round.pk}/")
    expect(phone.locator(".note.withheld")).to_have_count(0)
    tools = phone.locator("table.data").first
    eit_row = tools.locator("tr", has_text="EIT")
    assert eit_row.locator("td.num").first.inner_text() == "1"  # one EIT respondent counted
    assert "80.00" in phone.locator("tr", has_text="E1").first.inner_text()  # option 5 of 6 is worth 80


def test_a_closed_round_refuses_a_response(phone, live_server, live_round):
    link = link_for(live_round, "EIT")
    phone.goto(f"{live_server.url}/s/{link.code}/?lang=en")
    fill_questionnaire(phone)
    live_round.closes_at = timezone.now() - timedelta(minutes=1)  # closes while the form is open
    live_round.save()
    phone.get_by_role("button", name="Send").last.click()  # a navigation: wait for the page it brings
    expect(phone.locator("body")).to_contain_text("This questionnaire is closed")
    expect(phone.locator("body")).to_contain_text("Your answers were not recorded")
    assert Response.objects.count() == 0 and OptionCount.objects.count() == 0
    # answers kept while switching language (the round closed meanwhile) are removed by the closed page too:
    # on a shared tablet the next person must not get them back (a reviewer)
    phone.evaluate(f"sessionStorage.setItem('prongsai-answers:/s/{link.code}/', JSON.stringify([['q_E1', '6']]))")
    phone.goto(f"{live_server.url}/s/{link.code}/")
    assert "แบบสอบถามนี้ปิดแล้ว" in phone.content()
    assert phone.locator("input[name=q_E1]").count() == 0
    assert phone.evaluate("sessionStorage.length") == 0


def test_iit_eligibility_turns_an_ineligible_respondent_away(phone, live_server, live_round):
    link = link_for(live_round, "IIT")
    phone.goto(f"{live_server.url}/s/{link.code}/")
    assert "ไม่น้อยกว่า 1 ปี" in phone.content()
    phone.get_by_text("ไม่ใช่").click()
    phone.get_by_role("button", name="ถัดไป").click()  # a navigation: read the page it brings, not the one leaving
    expect(phone.locator("body")).to_contain_text("ขอบคุณ")
    expect(phone.locator("input[name=q_I1]")).to_have_count(0)
    assert Response.objects.count() == 0
    phone.goto(f"{live_server.url}/s/{link.code}/?lang=en")
    phone.get_by_role("button", name="Next").click()  # no answer: said on the page, in its language
    expect(phone.locator(".s-error")).to_have_text("Please answer this question.")
    phone.get_by_text("Yes", exact=True).click()
    phone.get_by_role("button", name="Next").click()
    expect(phone.locator("input[name=q_I1]")).to_have_count(6)


def test_a_double_submission_is_stored_once(phone, live_server, live_round):
    link = link_for(live_round, "EIT")
    phone.goto(f"{live_server.url}/s/{link.code}/?lang=en")
    fill_questionnaire(phone)
    send = phone.get_by_role("button", name="Send").last
    with phone.expect_request(lambda r: r.method == "POST") as sent:
        send.dblclick()
    phone.wait_for_url("**/thanks/**")
    phone.go_back()  # the back button: the form again, or a page saying it was sent
    if phone.locator("button.s-send").count():
        phone.locator("button.s-send").click()
        phone.wait_for_url("**/thanks/**")
    else:
        assert "Your answers were sent" in phone.content()
    assert Response.objects.count() == 1
    # the very same request replayed outside the page's script: still one
    request = sent.value
    replay = phone.request.post(request.url, data=request.post_data, headers={
        "Content-Type": request.headers["content-type"], "Referer": request.url}, max_redirects=0)
    assert replay.status == 302 and "/thanks/" in replay.headers["location"]
    assert Response.objects.count() == 1
    assert sum(OptionCount.objects.filter(question="E1").values_list("count", flat=True)) == 1


def test_a_shared_device_never_shows_one_persons_answers_to_the_next(phone, live_server, live_round):
    """A tester's shared tablet: sent, "a questionnaire for another person", the next one sent, then
    Back brought the second person's answers back, ticked, and sending them stored them twice."""
    link = link_for(live_round, "EIT")
    phone.goto(f"{live_server.url}/s/{link.code}/?lang=en")
    fill_questionnaire(phone)
    phone.get_by_role("button", name="Send").last.click()
    phone.wait_for_url("**/thanks/**")
    phone.get_by_role("button", name="Start a new questionnaire for another person").click()
    expect(phone.locator("input[name=q_E1]")).to_have_count(6)
    assert phone.locator("input:checked").count() == 0  # an empty form
    # in the device's language, not the last person's English (a tester: the next one may read another)
    assert phone.locator("html").get_attribute("lang") == "th"  # the Thai phone's
    fill_questionnaire(phone)
    phone.locator("button.s-send").last.click()
    phone.wait_for_url("**/thanks/**")
    assert Response.objects.count() == 2
    phone.go_back()
    expect(phone.locator("main")).to_contain_text("ส่งคำตอบจากอุปกรณ์นี้แล้ว")
    assert phone.locator("input:checked").count() == 0 and phone.locator("button.s-send").count() == 0
    assert Response.objects.count() == 2


def test_a_missing_answer_is_shown_in_the_browser(phone, live_server, live_round):
    link = link_for(live_round, "EIT")
    phone.goto(f"{live_server.url}/s/{link.code}/?lang=en")
    fill_questionnaire(phone)
    phone.evaluate("document.querySelectorAll('input[name=q_E2]').forEach(i => i.checked = false)")
    phone.get_by_role("button", name="Send").last.click()
    alert = phone.locator("#missing")
    assert "1 question is not answered yet" in alert.inner_text()
    assert phone.locator("#f-q_E2.s-missing").count() == 1
    assert phone.locator("input[name=q_E1]:checked").count() == 1  # what was entered is kept
    assert phone.evaluate("document.activeElement.id") == "missing"  # the list has the focus: read out first
    alert.locator("a").first.click()  # its link leads to the question's first answer
    assert phone.evaluate("document.activeElement.name") == "q_E2"
    assert Response.objects.count() == 0
    phone.screenshot(path=os.path.join(os.environ.get("PRONGSAI_SCREENSHOTS", "/tmp"), "eit-missing-phone.png"))
    # answered and sent: Back from the thank-you page opens the questionnaire again, not the browser's
    # "Confirm Form Resubmission" page of the refused send (a tester, in every language)
    phone.locator("input[name=q_E2]").first.check()
    phone.get_by_role("button", name="Send").last.click()
    phone.wait_for_url("**/thanks/**")
    assert Response.objects.count() == 1
    phone.go_back()  # (raised net::ERR_CACHE_MISS before)
    assert phone.url.split("?")[0].endswith(f"/s/{link.code}/")
    expect(phone.locator("main")).to_contain_text("This device has already sent this questionnaire")
    assert phone.locator("#missing").count() == 0 and Response.objects.count() == 1


def test_collection_page_refreshes_on_its_own(browser, live_server, live_round, settings):
    from django.contrib.auth.models import User

    from prongsai.surveys.intake import Answer, store_responses

    settings.PRONGSAI_COLLECTION_POLL_SECONDS = 1
    User.objects.create_user("coordinator", password="pw-for-test-1", is_staff=True)
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.goto(f"{live_server.url}/admin/login/?next=/rounds/{live_round.pk}/collection/")
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", "pw-for-test-1")
        page.click("input[type=submit]")
        page.wait_for_url(f"**/rounds/{live_round.pk}/collection/")
        unit = live_round.agency.units.first()
        cell = page.locator(f'[data-cell="EIT-unit-{unit.pk}"]')
        assert cell.inner_text() == "0"
        store_responses(live_round, [Answer("EIT", unit, None, "th", {"E1": 6}, {})] * 3)
        expect(cell).to_have_text("3", timeout=5000)
        assert page.locator('[data-cell="EIT-total"]').inner_text() == "3"
        assert page.locator('[data-so-far="EIT-total"]').inner_text() == "ขณะนี้ 3 ชุด"  # the heading too (a tester)
    finally:
        page.close()


def test_burmese_is_drawn_with_the_shipped_unicode_font_and_only_where_it_is_needed(phone, live_server, live_round):
    """A phone whose own Myanmar font is Zawgyi garbles Unicode Burmese: the questionnaire brings its
    own (Padauk, the Myanmar code points only), which a page without Burmese never downloads (a tester)."""
    loaded = "document.fonts.ready.then(() => [...document.fonts].filter(f => f.family.includes('Padauk') && f.status === 'loaded').length)"
    link = link_for(live_round, "EIT")
    phone.goto(f"{live_server.url}/s/{link.code}/?lang=my")
    assert phone.locator("html").get_attribute("lang") == "my"
    assert phone.evaluate(loaded) >= 1
    assert phone.evaluate("document.fonts.check('18px Padauk', 'မြန်မာ')")
    # (an EIT page in Thai offers "မြန်မာ" on its language button, drawn with it too); the IIT, Thai only, does not
    phone.goto(f"{live_server.url}/s/{link_for(live_round, 'IIT').code}/")
    assert "မ" not in phone.content()
    assert phone.evaluate(loaded) == 0
