"""The assessor's page in Chromium: a verdict updates the scores in place."""
import os

import pytest
from playwright.sync_api import expect
from django.contrib.auth import get_user_model
from django.db import connections

from prongsai.oit.models import Disclosure, Status

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.mark.django_db(transaction=True)
def test_verdict_updates_scores_without_reload(live_server, browser, laksi_assessing):
    get_user_model().objects.create_user("assessor", password="pw-for-test", is_staff=True)
    Disclosure.objects.filter(round=laksi_assessing, item="O10").update(status=Status.SUBMITTED)  # sent back to the assessor
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="th-TH")
    page.goto(f"{live_server.url}/admin/login/?next=/oit/rounds/{laksi_assessing.pk}/")
    page.fill("#id_username", "assessor")
    page.fill("#id_password", "pw-for-test")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/oit/rounds/{laksi_assessing.pk}/")
    assert page.locator(".summary [data-score=ITA]").inner_text() == "83.39"
    page.evaluate("window.marker = 1")  # survives only if the page does not reload
    waiting = page.locator("[data-awaiting]").inner_text()
    n = int(waiting.split()[1])  # "รอผลการประเมิน N ข้อ"
    o10 = page.locator("#O10")
    o10.locator("textarea").fill("พบแผนและรายงานครบ")
    o10.locator("button.pass").click()
    expect(page.locator(".summary [data-score=ITA]")).to_have_text("84.89")
    assert page.evaluate("window.marker") == 1
    # how many still wait, said in place too (a tester's page kept the count it opened with)
    assert page.locator("[data-awaiting]").inner_text() == waiting.replace(f" {n} ", f" {n - 1} ")
    assert page.locator(".summary [data-score=OIT]").inner_text() == "75.00"
    assert page.locator(".scorebar [data-score=ITA]").inner_text() == "84.89"
    assert page.locator("[data-indicator='9.2']").inner_text() == "100.00"
    assert o10.locator("[data-status]").inner_text() == "ผ่าน"
    assert "84.89" in o10.locator("[data-live]").inner_text()
    # failing without a comment is refused in place
    o1 = page.locator("#O1")
    o1.locator("textarea").fill("")
    o1.locator("button.fail").click()
    expect(page.locator("#O1 [data-live]")).not_to_be_empty()
    assert "เหตุผล" in o1.locator("[data-live]").inner_text()
    d = Disclosure.objects.get(round=laksi_assessing, item="O10")
    assert d.status == Status.PASSED and d.comment == "พบแผนและรายงานครบ"
    assert Disclosure.objects.get(round=laksi_assessing, item="O1").status == Status.PASSED
    # every button of the OIT pages reads: white text on white made a tester's buttons empty boxes
    for address in (f"/oit/rounds/{laksi_assessing.pk}/items/O1/", f"/oit/rounds/{laksi_assessing.pk}/readiness/"):
        page.goto(live_server.url + address)
        colours = page.eval_on_selector_all("main button", """buttons => buttons.filter(b => b.offsetParent)
            .map(b => [b.innerText.trim(), getComputedStyle(b).color, getComputedStyle(b).backgroundColor])""")
        assert colours and all(colour != background for _text, colour, background in colours), colours
    # Playwright's event loop gives these queries their own connection: close it, or PostgreSQL
    # refuses to drop the test database at the end of the run
    connections.close_all()
