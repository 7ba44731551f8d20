"""What every form does in the system Chromium (prongsai/static/prongsai/forms.js): a date box says
its date in the Buddhist era, and a text box near its length limit counts its characters."""
import os

import pytest
from django.contrib.auth.models import User

from .factories import make_plan
from .test_whatif_browser import ARGS

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.django_db(transaction=True)
def test_a_deadline_shows_its_buddhist_era_date_and_a_long_output_its_count(live_server, laksi_round):
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("no system Chromium")
    measure = make_plan(laksi_round, with_progress=False).measures().order_by("deadline").last()  # due 30 Sep 2025
    User.objects.create_user("coordinator", password="pw-123456", is_staff=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(locale="th-TH")
        page.goto(f"{live_server.url}/admin/login/?next=/plans/measures/{measure.pk}/")
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", "pw-123456")
        page.click("input[type=submit]")
        page.wait_for_selector("textarea[name=output]")
        assert page.text_content("input[name=deadline] + .be-date") == "= 30 ก.ย. 2568"
        page.fill("input[name=deadline]", "2025-03-31")
        assert page.text_content("input[name=deadline] + .be-date") == "= 31 มี.ค. 2568"
        counter = page.locator("textarea[name=output] + .chars")
        assert counter.is_hidden()  # a short text: nothing to say
        page.fill("textarea[name=output]", "ก" * 850)
        assert counter.text_content() == "850 จากไม่เกิน 1,000 ตัวอักษร"
        page.locator("textarea[name=output]").press("End")
        page.keyboard.insert_text("ข" * 400)  # typed past the limit: the box keeps 1,000 and says so
        assert counter.text_content() == "1,000 จากไม่เกิน 1,000 ตัวอักษร" and "full" in counter.get_attribute("class")
        page.fill("textarea[name=output]", "")
        page.evaluate("""() => { const box = document.querySelector('textarea[name=output]'); box.focus();
            const data = new DataTransfer(); data.setData('text/plain', 'ก'.repeat(3200));
            box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""")
        page.wait_for_timeout(100)  # a paste cut at the limit is said, with the pasted text's length
        assert counter.text_content() == "ข้อความที่วางยาว 3,200 ตัวอักษร ใส่ได้เพียง 1,000 ตัวอักษร เพราะช่องนี้รับได้ไม่เกิน 1,000 ตัวอักษร กรุณาย่อข้อความแล้ววางใหม่"
        browser.close()
