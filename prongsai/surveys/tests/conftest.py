"""Shared fixtures for the questionnaire tests: an open round with its public links."""
from datetime import timedelta

import pytest
from django.utils import timezone

from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.scoring import load_pack


@pytest.fixture
def open_round(db):
    pack = load_pack("bma-district-2567")
    agency = ensure_agency("999001", pack, "สำนักงานเขตทดสอบ", "Test District Office")
    rnd = ensure_round(agency, 2567, pack.code)
    now = timezone.now()
    rnd.opens_at, rnd.closes_at = now - timedelta(days=1), now + timedelta(days=30)
    rnd.save()
    return rnd


def full_answers(rnd, tool: str, **overrides) -> dict:
    """A complete questionnaire as POST data: first unit and service type, option 5 (or 2)."""
    pack = rnd.pack
    data = {"unit": rnd.agency.units.first().code}
    if tool == "EIT":
        data["service_type"] = rnd.agency.service_types.first().code
    for d in pack.demographics[tool]:
        data[f"d_{d.code}"] = "1"
    for q in pack.questions:
        if q.tool == tool:
            data[f"q_{q.code}"] = "5" if q.scale == "likert6" else "2"
    if tool == "IIT":
        data["eligible"] = "yes"
    data.update(overrides)
    return data




@pytest.fixture
def phone(browser):
    """A phone-sized page (390×844, touch) of a Thai phone (its Accept-Language picks the first page's language)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="th-TH")
    page = context.new_page()
    yield page
    context.close()


def fill_questionnaire(page) -> None:
    """Choose the first unit and service type, the first option of each demographic question
    and the fifth of each question (the second for yes/no), by tapping the labels."""
    for fieldset in page.locator("fieldset.s-q").all():
        options = fieldset.locator("label.s-opt")
        first = fieldset.get_attribute("id") or ""
        index = 0
        if first.startswith("f-q_"):
            index = 4 if options.count() == 6 else 1
        options.nth(index).click()
