"""Schemathesis over the OpenAPI document: generated requests (a bounded number per operation,
signed in as a superuser, against the Django WSGI app) never get a 5xx, and every answer has a
documented status, content type and shape. Half the generated requests aim at real objects, so
the checks see real answers, not only 404s; a walk with real ids checks every GET once more."""
import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from prongsai.measures.models import Evidence, MeasureProgress
from prongsai.oit.services import save_details, submit
from prongsai.oit.tests.factories import as_being_assessed
from prongsai.wsgi import application


pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PRONGSAI_API_EXAMPLES", "8"))  # more for a deeper local run
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The real WSGI handler closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; Django's test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(world):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def headers(world):
    return {"Authorization": f"Token {Token.objects.get_or_create(user=world['users']['superuser'])[0].key}"}


@pytest.fixture
def real(world):
    """Path parameters of real objects, per path template."""
    rnd, plan = as_being_assessed(world["round"]), world["plan"]
    progress = MeasureProgress.objects.filter(measure__issue__plan=plan).first()
    evidence = Evidence.objects.create(progress=progress, kind=Evidence.LINK, url="https://laksi.example/1")
    d = rnd.disclosures.get(item="O22")
    coordinator = world["users"]["coordinator"]
    save_details(d, coordinator, urls=["https://laksi.example/measures"], note="", unit=None, responsible_person="",
                 due_date=None)
    submit(d, coordinator)  # a history event (not through Django's test client, which
    # would connect close_old_connections again)
    ids = {"agencies": {"code": world["home"].code}, "rounds": {"id": rnd.pk}, "disclosures": {"id": d.pk},
           "plans": {"id": plan.pk, "code": "6m"}, "measures": {"id": plan.measures().first().pk}, "progress": {"id": progress.pk},
           "evidence": {"id": evidence.pk}}
    return lambda path: ids[path.split("/")[2]] if "{" in path else {}


def test_generated_requests_get_documented_answers(api_schema, headers, real):
    # One test over every operation (schemathesis' lazy pytest loader does not run on pytest 9):
    # hypothesis draws a bounded number of requests per operation, always the same ones.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    statuses, failures = Counter(), []
    for operation in operations:
        @given(case=operation.as_strategy(), aim=st.booleans())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case, aim):
            if aim:
                case.path_parameters = {**(case.path_parameters or {}), **real(operation.path)}
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses[response.status_code // 100 * 100] += 1

        try:
            run()
        except Exception as exc:  # report every operation's failure at once
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert len(operations) == 34  # every operation of the schema was exercised
    assert statuses[200] >= 2 * len(operations), statuses  # real answers were checked, not only errors


def test_answers_with_real_data_conform_to_the_schema(api_schema, headers, real):
    checked = 0
    for path, methods in api_schema.raw_schema["paths"].items():
        if "get" not in methods or path.endswith("openapi.json"):
            continue
        case = api_schema[path]["GET"].Case(path_parameters=real(path))
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == 200, path
        body = response.json()
        if isinstance(body, dict) and "results" in body:
            assert body["results"], f"{path} lists nothing: the walk would check no rows"
        checked += 1
    assert checked == 19


def test_the_document_is_public_openapi_3(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200 and r["Content-Type"] == "application/vnd.oai.openapi+json"
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert {"tokenAuth", "cookieAuth"} <= set(doc["components"]["securitySchemes"])
    assert "/api/rounds/{id}/scores/" in doc["paths"]


def test_the_document_is_in_english(client):
    text = client.get("/api/openapi.json").content.decode()
    assert "A page number within the paginated result set." in text
    assert not any("\u0e00" <= c <= "\u0e7f" for c in text)
