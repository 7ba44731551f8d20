import os

import pytest
from django.core.cache import cache

from prongsai.scoring.tests.fixture import FIXTURE_PATH


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit and login-failure counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_site_packs_remembered():
    """What a process remembers of the site's framework packs does not outlive a test's database."""
    from prongsai.frameworks import site

    site.forget()
    yield
    site.forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests log in many times; the production password hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def laksi_round(db):
    """The Lak Si 2567 published report, imported."""
    from prongsai.surveys.published import import_published_report

    return import_published_report(FIXTURE_PATH)


@pytest.fixture
def laksi_assessing(laksi_round):
    """Lak Si's 2567 figures in a round still being assessed: the assessor may give OIT verdicts."""
    from prongsai.oit.tests.factories import as_being_assessed

    return as_being_assessed(laksi_round)


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """The system Chromium, headless, driven by Playwright (it never downloads a browser).

    Module-scoped: Playwright's sync API keeps an event loop running in the main thread while
    it is open, which other tests (the link checker's asyncio) must not meet."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
