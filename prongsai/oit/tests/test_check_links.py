"""prongsai check-links and the UI button: results stored and shown beside each item."""
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.oit import services
from prongsai.oit.models import Disclosure, LinkCheck
from prongsai.scoring import pack_for_year


@pytest.fixture
def rnd(db, site, settings):
    settings.PRONGSAI_LINK_TIMEOUT = 2.5  # generous: the suite shares a busy machine; one hanging link costs this once
    settings.PRONGSAI_LINK_MAX_BYTES = 128 * 1024
    settings.PRONGSAI_LINK_ALLOW_PRIVATE = True  # the test site is on 127.0.0.1
    pack = pack_for_year(2568)
    rnd = ensure_round(ensure_agency("101041", pack), 2568)
    other = ensure_round(ensure_agency("101042", pack), 2568)
    services.ensure_disclosures(rnd)
    services.ensure_disclosures(other)
    links = {"O1": ["/good", "/missing"], "O5": ["/no-year"], "O6": ["/no-year"], "O9": ["/old"], "O10": ["/hang"], "O11": ["/huge"]}
    for item, paths in links.items():
        services.change(Disclosure.objects.get(round=rnd, item=item), None, "edit", urls=[site.url(p) for p in paths])
    services.change(Disclosure.objects.get(round=other, item="O1"), None, "edit", urls=[site.url("/good")])
    return rnd


def test_command_json(rnd, site, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("check_links", "--agency", "101041", "--year", "2568", "--format", "json")
    assert exc.value.code == 1  # some links are not ok
    rows = json.loads(capsys.readouterr().out)
    by = {(r["item"], r["url"]): r for r in rows}
    assert len(rows) == 7 and all(r["agency_code"] == "101041" for r in rows)
    assert set(rows[0]) == {"agency_code", "item", "url", "ok", "status", "final_url", "problem"}
    assert by[("O1", site.url("/good"))] == {
        "agency_code": "101041", "item": "O1", "url": site.url("/good"), "ok": True, "status": 200,
        "final_url": site.url("/good"), "problem": None}
    assert by[("O1", site.url("/missing"))]["problem"] == "broken" and not by[("O1", site.url("/missing"))]["ok"]
    assert by[("O5", site.url("/no-year"))]["problem"] == "no_year"  # O5 needs current-year data
    assert by[("O6", site.url("/no-year"))]["problem"] is None  # O6 (manuals) does not
    assert by[("O9", site.url("/old"))]["problem"] == "moved" and by[("O9", site.url("/old"))]["final_url"] == site.url("/good")
    assert by[("O10", site.url("/hang"))]["problem"] == "timeout" and by[("O10", site.url("/hang"))]["status"] is None
    assert by[("O11", site.url("/huge"))]["problem"] == "too_large"
    assert LinkCheck.objects.filter(disclosure__round=rnd).count() == 7
    stored = LinkCheck.objects.get(disclosure__item="O9")
    assert [h["status"] for h in stored.redirects] == [301, 302] and stored.elapsed_ms is not None


def test_command_table_and_unknown_agency(rnd, capsys):
    call_command("check_links", "--agency", "101042")  # all ok: exit status 0
    out = capsys.readouterr().out
    assert "101042" in out and "1 links checked, 0 not ok" in out
    with pytest.raises(SystemExit) as exc:
        call_command("check_links", "--agency", "nope")
    assert exc.value.code == 2


def test_impossible_options_are_refused_and_nothing_is_checked_or_stored(rnd, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("check_links", "--timeout", "0", "--concurrency", "-1", "--max-bytes", "-5")
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: --timeout: 0.0 is not a number of seconds from 0.1 to 300",
        "error: --concurrency: -1 is not a whole number from 1 to 64",
        "error: --max-bytes: -5 is not a size from 1024 to 100000000 bytes",
    ]
    assert not LinkCheck.objects.exists()


def test_ui_button_stores_and_shows_results(client, rnd, site):
    client.force_login(get_user_model().objects.create_user("c", password="x", is_staff=True))
    response = client.post(reverse("oit:check_links", args=[rnd.pk]), {"next": "assess"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert LinkCheck.objects.filter(disclosure__round=rnd).count() == 7
    assert "404" in html and site.url("/good") in html
    assert reverse("oit:assess", args=[rnd.pk]) == response.redirect_chain[-1][0]
    readiness = client.get(reverse("oit:readiness", args=[rnd.pk])).content.decode()
    assert "flag-broken_link" in readiness
    item = client.get(reverse("oit:item", args=[rnd.pk, "O9"])).content.decode()
    assert site.url("/good") in item and "text/html" in item


def test_ui_button_needs_post_and_staff(client, rnd):
    assert client.get(reverse("oit:check_links", args=[rnd.pk])).status_code == 405
    client.force_login(get_user_model().objects.create_user("c", password="x"))
    assert client.post(reverse("oit:check_links", args=[rnd.pk])).status_code == 403
    assert not LinkCheck.objects.exists()


def test_the_assessor_checks_the_links_too_and_the_coordinator_submits_the_drafts_at_once(client, rnd, site):
    """A tester's assessor saw "not checked yet" beside every link, with no button; a coordinator
    had 22 pages to open to send 22 items."""
    from prongsai.oit.models import Status
    from prongsai.people.tests.factories import agency, role_users

    users = role_users(rnd.agency, agency("900002"))
    client.force_login(users["assessor"])
    assess = client.get(reverse("oit:assess", args=[rnd.pk])).content.decode()
    assert reverse("oit:check_links", args=[rnd.pk]) in assess
    assert client.post(reverse("oit:check_links", args=[rnd.pk]), {"next": "assess"}).status_code == 302
    assert LinkCheck.objects.filter(disclosure__round=rnd).count() == 7
    assert client.post(reverse("oit:submit_ready", args=[rnd.pk])).status_code == 403  # the agency's to send

    drafts = {d.item for d in Disclosure.objects.filter(round=rnd, status=Status.DRAFT) if d.links}
    assert drafts
    client.force_login(users["coordinator"])
    page = client.get(reverse("oit:readiness", args=[rnd.pk])).content.decode()
    assert f"ส่งข้อที่ยังเป็นร่างและมีลิงก์แล้วทั้ง {len(drafts)} ข้อให้ผู้ประเมิน" in page
    done = client.post(reverse("oit:submit_ready", args=[rnd.pk]), follow=True).content.decode()
    assert f"ส่งให้ผู้ประเมินแล้ว {len(drafts)} ข้อ" in done
    assert {d.item for d in Disclosure.objects.filter(round=rnd, status=Status.SUBMITTED)} == drafts
    assert Disclosure.objects.filter(round=rnd, status=Status.DRAFT, urls=[]).count() == 22 - len(drafts)  # nothing to show: kept
    assert "ส่งข้อที่ยังเป็นร่าง" not in client.get(reverse("oit:readiness", args=[rnd.pk])).content.decode()
