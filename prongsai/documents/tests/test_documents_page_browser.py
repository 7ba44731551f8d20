"""In a real browser: sign in, choose a document on /documents/, get the DOCX file."""
import os
import sys
import types
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.documents.tests import samples

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = os.environ.get("PRONGSAI_SCREENSHOTS")  # a directory: keep screenshots to look at


@pytest.mark.django_db(transaction=True)
def test_choose_and_download_a_docx(live_server, browser, monkeypatch, tmp_path):
    agency = Agency.objects.create(code="LAKSI", name_th="สำนักงานเขตหลักสี่")
    AssessmentRound.objects.create(agency=agency, fiscal_year=2567, framework="ita-2567")
    Agency.objects.create(code="BANGBON", name_th="สำนักงานเขตบางบอน")
    photo = samples.make_photo(tmp_path / "p.jpg", size=(800, 600))
    calls = []

    def progress_document(agency, year, rnd):
        calls.append((agency.code, year, rnd))
        return samples.progress_document([photo])

    monkeypatch.setitem(sys.modules, "prongsai.measures.documents",
                        types.SimpleNamespace(progress_document=progress_document))
    client = Client()
    client.force_login(get_user_model().objects.create_user("officer", is_staff=True))
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True, locale="th-TH")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/documents/")
    assert page.locator("h1").inner_text() == "เอกสารทางราชการ"
    page.select_option("#id_agency", "BANGBON")
    page.fill("#id_year", "2568")
    page.select_option("#id_document", "progress")
    page.select_option("#id_round", "6m")
    page.select_option("#id_format", "docx")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/documents-form.png", full_page=True)
    with page.expect_download() as info:
        page.click("form.documents button[type=submit]")
    download = info.value
    assert download.suggested_filename == "progress-BANGBON-2568-6m.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert "word/document.xml" in zipfile.ZipFile(path).namelist()
    assert calls == [("BANGBON", 2568, "6m")]
    # a missing document: a page that says why, in Thai
    page.goto(f"{live_server.url}/documents/analysis/BANGBON/2568.pdf")
    assert "ไม่มีผลการประเมินประจำปีงบประมาณ พ.ศ. 2567 ของ BANGBON" in page.content()
    if SHOTS:
        page.set_viewport_size({"width": 390, "height": 800})
        page.screenshot(path=f"{SHOTS}/documents-unavailable-phone.png", full_page=True)
    context.close()
