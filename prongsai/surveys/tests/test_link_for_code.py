"""The questionnaire's one-query read of a link, its round and the round's agency gives what the
ORM's select_related gives: every field, with the same types (aware datetimes on SQLite too)."""
from datetime import datetime, timedelta, timezone as tz

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.agencies.models import Agency
from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.scoring import load_pack
from prongsai.surveys.intake import link_for
from prongsai.surveys.models import SurveyLink, link_for_code

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_same_link_round_and_agency_as_the_orm():
    pack = load_pack("bma-district-2567")
    parent = Agency.objects.create(code="BMA", name_th="กรุงเทพมหานคร")
    agency = ensure_agency("999001", pack, "สำนักงานเขตทดสอบ", "Test District Office")
    Agency.objects.filter(pk=agency.pk).update(parent=parent, synthetic=True)
    rnd = ensure_round(agency, 2567, pack.code)
    rnd.opens_at = datetime(2024, 5, 1, 1, 30, tzinfo=tz.utc)
    rnd.closes_at = rnd.opens_at + timedelta(days=30, hours=5)
    rnd.save()
    other = ensure_round(ensure_agency("999002", pack, "อีกเขต", "Another"), 2567, pack.code)
    link_for(other, "EIT")
    code = link_for(rnd, "IIT").code

    with CaptureQueriesContext(connection) as queries:
        link = link_for_code(code)
        assert link.round.agency.parent_id == parent.pk  # read with the link, not by a query of its own
    assert len(queries) == 1

    orm = SurveyLink.objects.select_related("round__agency").get(code=code)
    assert _fields(link) == _fields(orm) and link.tool == "IIT"
    assert _fields(link.round) == _fields(orm.round)
    assert _fields(link.round.agency) == _fields(orm.round.agency)
    assert link.round.opens_at == datetime(2024, 5, 1, 1, 30, tzinfo=tz.utc)
    assert link.round.opens_at.tzinfo is not None and link.round.agency.synthetic is True
    assert not any(o._state.adding or o.get_deferred_fields() for o in (link, link.round, link.round.agency))


def test_an_unknown_code_is_none():
    assert link_for_code("nosuch") is None


def test_an_unknown_code_is_not_found_on_the_page(client):
    assert client.get("/s/nosuch/").status_code == 404
