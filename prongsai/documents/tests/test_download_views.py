"""/documents/: choose a document, download it (login required), a clear page when it cannot be made."""
import sys
import types

import pytest
from django.contrib.auth import get_user_model

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.documents.tests import samples


@pytest.fixture
def user_client(client, db):
    client.force_login(get_user_model().objects.create_user("officer", is_staff=True))
    return client


@pytest.fixture
def laksi(db):
    agency = Agency.objects.create(code="LAKSI", name_th="สำนักงานเขตหลักสี่", name_en="Lak Si District Office")
    AssessmentRound.objects.create(agency=agency, fiscal_year=2567, framework="ita-2567")
    return agency


@pytest.fixture
def builders(monkeypatch, tmp_path):
    photo = samples.make_photo(tmp_path / "p.jpg", size=(800, 600))
    module = types.SimpleNamespace(
        analysis_document=lambda agency, year: samples.analysis_document(),
        plan_document=lambda agency, year: None,
        progress_document=lambda agency, year, rnd: samples.progress_document([photo]),
    )
    monkeypatch.setitem(sys.modules, "prongsai.measures.documents", module)


def test_login_required(client, db):
    for url in ("/documents/", "/documents/analysis/LAKSI/2568.pdf", "/documents/progress/LAKSI/2568/6m.docx"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_index_in_thai_by_default_with_agencies(user_client, laksi):
    html = user_client.get("/documents/").content.decode()
    assert "เอกสารทางราชการ" in html
    assert "สำนักงานเขตหลักสี่ (LAKSI)" in html
    assert "prongsai render" not in html  # office staff get the form; scripts read the README
    # the year is the plan's: a tester typed 2567 for the analysis of the 2567 results
    # its example is the year the form offers (no plan here: this fiscal year), not a fixed 2568 (a tester)
    import datetime as dt

    from prongsai.documents.thai import fiscal_year_of

    year = fiscal_year_of(dt.date.today())
    assert f'value="{year}"' in html and f"ปีงบประมาณของแผน: การวิเคราะห์ที่ใช้ประกอบแผนปี {year} ทำจากผลการประเมินปี {year - 1}" in html
    assert '<p data-shown-when="id_document=progress"><label for="id_round">' in html  # the round: for the progress report only


def test_index_empty_state(user_client):
    html = user_client.get("/documents/").content.decode()
    assert "ยังไม่มีหน่วยงาน" in html


def test_choice_redirects_to_the_file(user_client, laksi):
    response = user_client.get("/documents/", {"agency": "LAKSI", "year": "2568", "document": "progress",
                                               "round": "12m", "format": "docx"})
    assert response.status_code == 302 and response["Location"] == "/documents/progress/LAKSI/2568/12m.docx"
    response = user_client.get("/documents/", {"agency": "LAKSI", "year": "2568", "document": "plan",
                                               "round": "6m", "format": "pdf"})
    assert response["Location"] == "/documents/plan/LAKSI/2568.pdf"  # the round only matters for progress


def test_bad_choice_shows_errors(user_client, laksi):
    response = user_client.get("/documents/", {"agency": "LAKSI", "year": "68", "document": "analysis", "format": "pdf"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ปีงบประมาณ: 68 ไม่ใช่ปีงบประมาณแบบพุทธศักราช" in page and "--year" not in page
    assert 'value="68"' in page  # what was typed stays, beside its error
    page = user_client.get("/documents/", {"agency": "LAKSI", "year": "", "document": "plan", "format": "pdf"}).content.decode()
    assert "ปีงบประมาณ: โปรดระบุปีงบประมาณแบบพุทธศักราช" in page and 'id="id_year" min="2400" max="2700" required value=""' in page


def test_pdf_download(user_client, laksi, builders):
    response = user_client.get("/documents/analysis/LAKSI/2568.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="analysis-LAKSI-2568.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_docx_download(user_client, laksi, builders):
    response = user_client.get("/documents/progress/LAKSI/2568/6m.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="progress-LAKSI-2568-6m.docx"'
    assert response.content.startswith(b"PK")


def test_missing_document_page(user_client, laksi, builders):
    response = user_client.get("/documents/plan/LAKSI/2568.pdf")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ไม่มีเอกสาร" in html and "LAKSI" in html
    response = user_client.get("/documents/plan/NOPE/2568.pdf")
    assert response.status_code == 404 and "ไม่พบหน่วยงานรหัส" in response.content.decode()


def test_thai_digits_are_a_choice_on_the_page_as_in_the_command(user_client, laksi, builders):
    """A tester found Thai numerals only in `prongsai render --thai-numerals`; seed 000 is in Thai digits."""
    import io
    import zipfile

    response = user_client.get("/documents/", {"agency": "LAKSI", "year": "2568", "document": "progress",
                                               "round": "6m", "format": "docx", "numerals": "thai"})
    assert response["Location"] == "/documents/progress/LAKSI/2568/6m.docx?numerals=thai"

    def body(query):
        data = user_client.get("/documents/progress/LAKSI/2568/6m.docx" + query).content
        return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()

    assert "๒๕๖๘" in body("?numerals=thai") and "๒๕๖๘" not in body("?numerals=arabic")
