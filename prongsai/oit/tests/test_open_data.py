"""The agency's public open-data page, JSON and CSV at stable URLs."""
import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prongsai.agencies.services import ensure_round
from prongsai.oit import services
from prongsai.oit.models import Disclosure
from prongsai.oit.opendata import cell


@pytest.fixture
def rnd(laksi_round):
    services.ensure_disclosures(laksi_round)
    o1 = Disclosure.objects.get(round=laksi_round, item="O1")
    services.change(o1, None, "edit", urls=["https://laksi.example/about", "https://laksi.example/map"])
    o10 = Disclosure.objects.get(round=laksi_round, item="O10")
    services.change(o10, None, "edit", urls=["https://laksi.example/o10"], note="บันทึกภายใน")
    # the next year's round: a draft link is work in progress
    nxt = ensure_round(laksi_round.agency, 2568)
    services.ensure_disclosures(nxt)
    services.change(Disclosure.objects.get(round=nxt, item="O1"), None, "edit", urls=["https://laksi.example/draft-o1"])
    return laksi_round


def test_stable_urls():
    assert "/oit/101041/2567/" == f"/oit/{'101041'}/{2567}/"
    from django.urls import reverse

    assert reverse("oit:public", args=["101041", 2568]) == "/oit/101041/2568/"
    assert reverse("oit:public_json", args=["101041", 2568]) == "/oit/101041/2568/open-data.json"
    assert reverse("oit:public_csv", args=["101041", 2568]) == "/oit/101041/2568/open-data.csv"


def test_page_is_public_and_thai(client, rnd):
    response = client.get("/oit/101041/2567/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://laksi.example/about" in html and "https://laksi.example/map" in html
    assert "https://laksi.example/o10" in html and "บันทึกภายใน" not in html  # notes stay internal
    draft = client.get("/oit/101041/2568/").content.decode()
    assert "draft-o1" not in draft  # so do a draft's links
    assert "ข้อมูลพื้นฐานของสำนักงานเขต" in html
    assert 'href="/oit/101041/2567/open-data.json"' in html


def test_json(client, rnd):
    response = client.get("/oit/101041/2567/open-data.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    doc = response.json()
    assert doc["agency_code"] == "101041" and doc["fiscal_year"] == 2567 and doc["framework"] == "bma-district-2567"
    assert [i["item"] for i in doc["items"]] == [f"O{n}" for n in range(1, 23)]
    o1, o10 = doc["items"][0], doc["items"][9]
    assert o1 == {**o1, "status": "passed", "score": 100.0, "subindicator": "9.1",
                  "urls": ["https://laksi.example/about", "https://laksi.example/map"]}
    assert o10["status"] == "failed" and o10["urls"] == ["https://laksi.example/o10"] and o10["score"] == 0.0
    nxt = client.get("/oit/101041/2568/open-data.json").json()["items"][0]
    assert nxt["status"] == "draft" and nxt["urls"] == [] and nxt["score"] is None


def test_csv(client, rnd):
    response = client.get("/oit/101041/2567/open-data.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the Thai
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 22
    assert rows[0]["item"] == "O1" and rows[0]["urls"] == "https://laksi.example/about https://laksi.example/map"
    assert rows[0]["name_th"] == "ข้อมูลพื้นฐานของสำนักงานเขต" and rows[0]["score"] == "100"


def test_formula_cells_are_escaped():
    assert cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert cell("+1") == "'+1" and cell("-1") == "'-1" and cell("@x") == "'@x"
    assert cell("ปกติ") == "ปกติ" and cell(None) == ""


def test_unknown_round_is_404(client, db):
    assert client.get("/oit/999999/2568/").status_code == 404
    assert client.get("/oit/999999/2568/open-data.json").status_code == 404


def test_a_public_request_writes_nothing(client, laksi_round):
    with CaptureQueriesContext(connection) as queries:
        client.get("/oit/101041/2567/open-data.json")
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_passed_item_without_an_address_is_not_called_unpublished(client, laksi_round):
    """An imported report passes items without recording their addresses: "not yet published"
    beside "passed" contradicted itself."""
    page = client.get("/oit/101041/2567/").content.decode()
    rows = {m.group(1): m.group(2) for m in re.finditer(r"<tr><td><strong>(O\d+)</strong>(.*?)</tr>", page, re.S)}
    assert "ไม่มีที่อยู่เว็บไซต์บันทึกไว้ในระบบ" in rows["O1"] and "ยังไม่เผยแพร่" not in rows["O1"]  # passed
    assert "ยังไม่เผยแพร่" in rows["O15"]  # failed in the report
