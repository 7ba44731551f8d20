"""The coordinator's readiness view: missing, failing, at risk, and what each item is worth."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from prongsai.oit import services
from prongsai.oit.models import Disclosure, LinkCheck
from prongsai.oit.readiness import readiness


def d(rnd, item):
    return Disclosure.objects.get(round=rnd, item=item)


@pytest.mark.django_db
def test_flags_and_worth(laksi_round, settings):
    settings.PRONGSAI_OIT_DUE_SOON_DAYS = 14
    services.ensure_disclosures(laksi_round)
    today = date(2025, 3, 1)
    services.change(d(laksi_round, "O1"), None, "edit", urls=["https://laksi.example/o1"])
    LinkCheck.objects.create(disclosure=d(laksi_round, "O1"), url="https://laksi.example/o1", checked_at=timezone.now(),
                             ok=False, status=404, problems=["broken"])
    services.change(d(laksi_round, "O2"), None, "edit", urls=["https://laksi.example/o2"])
    LinkCheck.objects.create(disclosure=d(laksi_round, "O2"), url="https://laksi.example/o2-old", checked_at=timezone.now(),
                             ok=False, status=404, problems=["broken"])  # a link no longer on record is ignored
    services.change(d(laksi_round, "O10"), None, "edit", due_date=today + timedelta(days=14))
    services.change(d(laksi_round, "O15"), None, "edit", due_date=today + timedelta(days=15))
    services.change(d(laksi_round, "O18"), None, "edit", due_date=today - timedelta(days=1))
    breakdown, rows, counts = readiness(laksi_round, today)
    by = {r.item.code: r for r in rows}
    assert by["O1"].flags == ["broken_link"] and by["O1"].at_risk  # passed but its page is gone
    assert by["O2"].flags == []
    assert by["O10"].flags == ["missing", "failing", "due_soon"]
    assert by["O15"].flags == ["missing", "failing"]
    assert by["O18"].flags == ["missing", "failing", "overdue"]
    assert by["O3"].ok and by["O3"].flags == []
    # six items failed in the published 2567 report (O10, O15, O18, O19, O21, O22)
    assert counts["failing"] == 6 and counts["passed"] == 16 and counts["total"] == 22
    assert by["O10"].worth.ita == Decimal("1.50")
    assert breakdown.ita == Decimal("83.39")


@pytest.mark.django_db
def test_page(client, laksi_round):
    client.force_login(get_user_model().objects.create_user("c", password="x", is_staff=True))
    response = client.get(reverse("oit:readiness", args=[laksi_round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.50" in html and "83.39" in html and "ความพร้อม OIT" in html
    assert html.index(">O22<") < html.index(">O1<")  # problems first
    response = client.get(reverse("oit:readiness", args=[laksi_round.pk]) + "?order=pack")
    html = response.content.decode()
    assert html.index(">O1<") < html.index(">O22<")
