"""The dashboard in a real browser: log in through the form, sort by clicking, filter, and no
page-wide sideways scrolling on a phone."""
import os

import pytest

from prongsai.people.tests.factories import PASSWORD, agency, role_users

from .test_dashboard import make_round

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.django_db(transaction=True)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        yield b
        b.close()


def test_log_in_sort_and_filter(live_server, browser):
    a, b = agency("900001", "เขตเอ", "Alpha"), agency("900002", "เขตบี", "Bravo")
    make_round(a, 2568, 96, 100, 22)
    make_round(b, 2568, 70, 100, 10)
    role_users(agency("900009"), agency("900010"))
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH")
        page = context.new_page()
        page.goto(f"{live_server.url}/central/")
        assert "/people/login/" in page.url
        page.fill("#id_username", "central")
        page.fill("#id_password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url("**/central/2568/")
        assert "ภาพรวมผลการประเมินทั้งกรุงเทพมหานคร" in page.content()
        first = lambda: page.locator("table.dashboard tbody tr").first.inner_text()  # noqa: E731
        assert "เขตเอ" in first()  # rank 1
        page.click("table.dashboard th >> text=ITA")  # sorted by ITA, highest first
        page.wait_for_url("**sort=ita&dir=desc*")
        page.click("table.dashboard th >> text=ITA")  # again: lowest first
        page.wait_for_url("**sort=ita&dir=asc*")
        assert "เขตบี" in first()
        page.fill("input[name=q]", "Alpha")
        page.click("form.filters button")
        page.wait_for_url("**q=Alpha*")
        assert page.locator("table.dashboard tbody tr").count() == 1 and "เขตเอ" in first()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        context.close()
