"""A signed-in staff page in the system Chromium, for the planning pages' browser tests."""
import os
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@contextmanager
def staff_page(live_server, path: str, ready: str):
    """A Thai browser page of a staff user, signed in and at `path` once `ready` (a selector) shows;
    the test is skipped where there is no Playwright or no system Chromium."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("no system Chromium")
    User.objects.create_user("coordinator", password="pw-123456", is_staff=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(locale="th-TH")
        page.goto(f"{live_server.url}/admin/login/?next={path}")
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", "pw-123456")
        page.click("input[type=submit]")
        page.wait_for_selector(ready)
        try:
            yield page
        finally:
            browser.close()
