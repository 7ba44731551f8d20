"""The what-if page in the system Chromium: typing a target updates the figures through the JSON endpoint."""
import pytest
from playwright.sync_api import expect

from .browser import staff_page


@pytest.mark.django_db(transaction=True)
def test_whatif_updates_instantly(live_server, settings):
    from prongsai.scoring.tests.fixture import FIXTURE_PATH
    from prongsai.surveys.published import import_published_report

    rnd = import_published_report(FIXTURE_PATH)
    with staff_page(live_server, f"/plans/rounds/{rnd.pk}/what-if/", "#whatif-form") as page:
        assert page.text_content('[data-figure="ita"]') == "83.39"
        page.fill("#t-E6", "100")
        page.select_option("#t-O22", "100")
        # E6 → 100: EIT 90.89 → 27.27; O22 passed: OIT 76.25 → 30.50; IIT 28.41 → 86.18, ผ่าน
        expect(page.locator('[data-figure="ita"]')).to_have_text("86.18", timeout=5000)
        assert page.text_content('[data-figure="level"]').strip() == "ผ่าน"
        assert page.text_content('[data-figure="tool-EIT"]') == "90.89"
        assert page.text_content('[data-figure="gain"]') == "2.79"
        page.fill("#t-E6", "150")
        page.wait_for_selector("#whatif-error:not([hidden])", timeout=5000)
        assert "E6" in page.text_content("#whatif-error")
        assert page.text_content("#e-E6") == "E6: 150 อยู่นอกช่วง 0–100"  # beside its box as well
        page.fill("#t-E6", "100")
        expect(page.locator("#e-E6")).to_have_text("", timeout=5000)
        # on a phone the ITA now and the tools stay in the bar, in a small row (a tester found them hidden)
        page.set_viewport_size({"width": 390, "height": 844})
        for figure in ("tool-IIT", "tool-EIT", "tool-OIT"):
            assert page.locator(f'[data-figure="{figure}"]').is_visible()
        assert page.get_by_text("ITA ปัจจุบัน").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
