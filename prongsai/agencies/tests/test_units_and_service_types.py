"""The questionnaire's one-query read of an agency's units and service types gives exactly what
the ORM gives: the same rows, fields and order."""
import pytest

from prongsai.agencies.models import Agency, ServiceType, Unit, units_and_service_types
from prongsai.agencies.services import ensure_agency
from prongsai.scoring import load_pack

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_same_units_and_service_types_as_the_orm_in_the_same_order():
    pack = load_pack("bma-district-2567")
    agency = ensure_agency("999001", pack, "สำนักงานเขตทดสอบ", "Test District Office")
    other = ensure_agency("999002", pack, "อีกเขต", "Another")
    Unit.objects.create(agency=agency, code="a-first", name_th="ก่อน", order=0)  # order ties broken by code
    Unit.objects.filter(agency=agency, code="a-first").update(order=Unit.objects.filter(agency=agency).last().order)
    ServiceType.objects.filter(agency=agency).update(name_zh="中文", name_my="မြန်မာ")
    units, services = units_and_service_types(agency.pk)
    assert [_fields(u) for u in units] == [_fields(u) for u in agency.units.all()]
    assert [_fields(s) for s in services] == [_fields(s) for s in agency.service_types.all()]
    assert len(units) > 5 and len(services) > 3 and services[0].name_zh == "中文"
    assert all(isinstance(u, Unit) and not u._state.adding for u in units)
    assert all(not o.get_deferred_fields() for o in (*units, *services))  # every field read, none left to a query each
    assert all(u.agency_id == agency.pk for u in units) and other.units.exists()


def test_an_agency_without_units_has_none():
    agency = Agency.objects.create(code="EMPTY", name_th="ว่าง")
    assert units_and_service_types(agency.pk) == ((), ())
