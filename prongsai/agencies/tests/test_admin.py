"""Staff edit agencies with their units and service types, and rounds, in the admin."""
import pytest
from django.contrib.auth.models import User

from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.scoring import load_pack

pytestmark = pytest.mark.django_db


def test_agency_admin_shows_units_and_service_types(client):
    agency = ensure_agency("999201", load_pack("bma-district-2567"), "เขตทดสอบ")
    rnd = ensure_round(agency, 2567)
    client.force_login(User.objects.create_superuser("admin", password="x"))
    page = client.get(f"/admin/agencies/agency/{agency.pk}/change/").content.decode()
    assert "ฝ่ายโยธา" in page and "งานทะเบียน" in page
    assert client.get(f"/admin/agencies/assessmentround/{rnd.pk}/change/").status_code == 200
    response = client.post(f"/admin/agencies/assessmentround/{rnd.pk}/change/", {
        "agency": agency.pk, "fiscal_year": 2566, "framework": "bma-district-2567",
    })
    assert response.status_code == 200 and "2566" in response.content.decode()  # the pack does not cover 2566


def test_an_agency_code_the_import_files_could_not_name_is_refused(client):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    form = {"name_th": "เขตทดลอง", "name_en": "", "code": "101 041",
            "units-TOTAL_FORMS": 0, "units-INITIAL_FORMS": 0, "service_types-TOTAL_FORMS": 0, "service_types-INITIAL_FORMS": 0}
    response = client.post("/admin/agencies/agency/add/", form)
    assert response.status_code == 200
    assert "ใช้ได้เฉพาะอักษรภาษาอังกฤษ ตัวเลข - และ _" in response.content.decode()
    form["code"] = "101041"
    response = client.post("/admin/agencies/agency/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
