"""The JSON API: token sign-in, the UI's roles (401 anonymous, 404 unreadable, 403 no right),
golden scores, writes through the services with history, filters, pagination, throttling."""
import io
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from prongsai.measures.models import Evidence, MeasureProgress, Plan
from prongsai.measures.tests.factories import make_plan
from prongsai.oit.models import Disclosure, DisclosureEvent
from prongsai.oit.tests.factories import as_being_assessed
from prongsai.people.models import AuditEntry
from prongsai.people.tests.factories import agency
from prongsai.scoring import round2
from prongsai.scoring.tests.fixture import laksi

from .conftest import token_client

pytestmark = pytest.mark.django_db

READERS = ["coordinator", "unit_staff", "director", "central", "assessor", "auditor", "staff", "superuser"]
OUTSIDERS = ["other_coordinator", "no_role"]  # Django staff are the app's administrators: they read everything


def detail_urls(world):
    rnd, plan = world["round"], world["plan"]
    d = Disclosure.objects.filter(round=rnd).first() or rnd.disclosures.create(item="O1")
    measure = plan.measures().first()
    progress = MeasureProgress.objects.filter(measure__issue__plan=plan).first()
    return [
        f"/api/agencies/{world['home'].code}/", f"/api/rounds/{rnd.pk}/", f"/api/rounds/{rnd.pk}/scores/",
        f"/api/rounds/{rnd.pk}/report/", f"/api/rounds/{rnd.pk}/disclosures/", f"/api/disclosures/{d.pk}/",
        f"/api/disclosures/{d.pk}/events/", f"/api/plans/{plan.pk}/", f"/api/measures/{measure.pk}/",
        f"/api/progress/{progress.pk}/",
    ]


LISTS = ["/api/agencies/", "/api/rounds/", "/api/disclosures/", "/api/plans/", "/api/measures/", "/api/progress/",
         "/api/evidence/"]


# -- authentication -------------------------------------------------------------------------------------

def test_anonymous_gets_401_everywhere_but_the_schema_and_open_data(world, as_user):
    anon = as_user(None)
    for url in LISTS + detail_urls(world):
        r = anon.get(url)
        assert r.status_code == 401, url
        assert r["WWW-Authenticate"] == "Token"
    d = world["round"].disclosures.first()
    assert anon.post(f"/api/disclosures/{d.pk}/verdict/", {"result": "pass"}, format="json").status_code == 401
    assert anon.get("/api/openapi.json").status_code == 200
    code, year = world["home"].code, world["round"].fiscal_year
    assert anon.get(f"/oit/{code}/{year}/open-data.json").status_code == 200
    assert anon.get(f"/oit/{code}/{year}/open-data.csv").status_code == 200


def test_a_wrong_or_revoked_token_is_401(world):
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert bad.get("/api/rounds/").status_code == 401
    client = token_client(world["users"]["central"])
    assert client.get("/api/rounds/").status_code == 200
    Token.objects.filter(user=world["users"]["central"]).delete()
    assert client.get("/api/rounds/").status_code == 401


def test_inactive_users_tokens_stop_working(world):
    u = world["users"]["coordinator"]
    client = token_client(u)
    u.is_active = False
    u.save()
    assert client.get("/api/rounds/").status_code == 401


def test_session_sign_in_works_and_enforces_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world["users"]["assessor"])
    assert client.get("/api/rounds/").status_code == 200
    d = world["round"].disclosures.get(item="O22")
    r = client.post(f"/api/disclosures/{d.pk}/verdict/", {"result": "pass"}, format="json")
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]


def test_create_token_command(world, capsys):
    call_command("create_token", "central")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user__username="central").key == key
    call_command("create_token", "central")
    assert capsys.readouterr().out.strip() == key
    call_command("create_token", "central", "--reset")
    new = capsys.readouterr().out.strip()
    assert new != key and Token.objects.get(user__username="central").key == new
    call_command("create_token", "central", "--revoke")
    assert not Token.objects.filter(user__username="central").exists()
    assert capsys.readouterr().out == "central: token revoked\n"
    call_command("create_token", "central", "--revoke")  # a tester was told "revoked" of a token never there
    assert capsys.readouterr().out == "central: had no token\n"
    with pytest.raises(SystemExit) as exc:
        call_command("create_token", "nobody-at-all")
    assert exc.value.code == 2
    assert "error: user:" in capsys.readouterr().err


# -- reading: the same roles as the UI --------------------------------------------------------------------

@pytest.mark.parametrize("name", READERS)
def test_readers_of_the_agency_read_every_object(world, as_user, name):
    client = as_user(name)
    for url in detail_urls(world):
        assert client.get(url).status_code == 200, (name, url)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_others_get_404_for_the_agency_and_see_nothing_of_it_in_lists(world, as_user, name):
    client = as_user(name)
    for url in detail_urls(world):
        assert client.get(url).status_code == 404, (name, url)
    for url in LISTS:
        body = client.get(url).json()
        assert all(world["home"].code not in str(row) for row in body["results"]), url
    if name == "other_coordinator":
        assert [a["code"] for a in client.get("/api/agencies/").json()["results"]] == ["OTHER"]


def test_lists_are_narrowed_and_filtered(world, as_user):
    central = as_user("central")
    assert central.get("/api/agencies/").json()["count"] == 3  # BMA, Lak Si, OTHER
    rounds = central.get("/api/rounds/", {"agency": world["home"].code, "year": 2567}).json()
    assert [r["id"] for r in rounds["results"]] == [world["round"].pk]
    assert central.get("/api/rounds/", {"year": 2566}).json()["count"] == 0
    failed = central.get("/api/disclosures/", {"agency": world["home"].code, "status": "failed"}).json()
    expected = [i["code"] for i in laksi()["questions"]["OIT"] if i["published_score"] < 100]
    assert sorted(d["item"] for d in failed["results"]) == sorted(expected)
    unit = world["users"]["unit_staff"].memberships.get().unit.code
    measures = central.get("/api/measures/", {"unit": unit}).json()
    assert measures["count"] == 2
    progress = central.get("/api/progress/", {"reporting_round": "6m", "status": "done"}).json()
    assert progress["count"] == 1


@pytest.mark.parametrize("params, field", [
    ({"year": "abc"}, "year"), ({"year": 2024}, "year"), ({"agency": "x" * 65}, "agency"),
])
def test_bad_filters_are_400_naming_the_parameter(world, as_user, params, field):
    r = as_user("central").get("/api/rounds/", params)
    assert r.status_code == 400 and list(r.json()) == [field]


def test_bad_status_filter_is_400(world, as_user):
    r = as_user("central").get("/api/disclosures/", {"status": "maybe"})
    assert r.status_code == 400 and "status" in r.json()


def test_pagination_25_per_page_at_most_100(world, as_user):
    for n in range(30):
        agency(f"X{n:02d}")
    central = as_user("central")
    first = central.get("/api/agencies/").json()
    assert first["count"] == 33 and len(first["results"]) == 25 and first["next"]
    assert len(central.get("/api/agencies/", {"page": 2}).json()["results"]) == 8
    assert len(central.get("/api/agencies/", {"page_size": 500}).json()["results"]) == 33
    assert len(central.get("/api/agencies/", {"page_size": 5}).json()["results"]) == 5
    assert central.get("/api/agencies/", {"page": 99}).status_code == 404


# -- scores: the foundation's schema, the published figures ---------------------------------------------

def test_scores_of_the_imported_lak_si_round_equal_the_published_report(world, as_user):
    fixture = laksi()["published"]
    body = as_user("director").get(f"/api/rounds/{world['round'].pk}/scores/").json()
    assert body["agency_code"] == laksi()["agency"]["code"]
    assert body["ita"] == fixture["ita_total_derived"] == 83.39
    assert body["level"] == fixture["level_th"]
    for tool, score in fixture["tools"].items():
        assert body["tools"][tool]["score"] == score
        assert body["tools"][tool]["weighted"] == fixture["weighted"][tool]
    assert body["indicators"] == fixture["indicators"]
    assert set(body) == {"agency_code", "ita", "level", "tools", "indicators", "questions", "warnings"}


def test_report_is_the_suppressed_full_report(world, as_user):
    body = as_user("auditor").get(f"/api/rounds/{world['round'].pk}/report/").json()
    assert body["ita"] == 83.39 and body["fiscal_year"] == 2567
    assert body["min_cell"] == 5
    for row in body["units"]:  # a unit under the minimum cell shows no figures
        if row["iit_n"] is not None and row["iit_n"] < 5:
            assert row["iit"] is None
    assert "responses" not in body  # never the raw questionnaires


# -- OIT verdicts and details through the services --------------------------------------------------------

def _o22(world):
    return world["round"].disclosures.get(item="O22")


def test_a_verdict_changes_the_ita_and_leaves_history(world, as_user):
    as_being_assessed(world["round"])
    fixture = laksi()["published"]
    d = _o22(world)
    assert d.score == 0
    r = as_user("assessor").post(f"/api/disclosures/{d.pk}/verdict/", {"result": "pass", "comment": "เผยแพร่แล้ว"},
                                 format="json")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["disclosure"]["status"] == "passed" and body["disclosure"]["score"] == 100
    # O22 is sub-indicator 10.2 alone, worth 5 of the 100 OIT points: OIT 71.25 → 76.25
    oit = Decimal(str(fixture["tools"]["OIT"])) + 5
    ita = Decimal(str(fixture["weighted"]["IIT"])) + Decimal(str(fixture["weighted"]["EIT"])) + Decimal(str(round2(Fraction(oit) * Fraction(2, 5))))
    assert body["scores"]["tools"]["OIT"]["score"] == float(oit) == 76.25
    assert body["scores"]["ita"] == float(ita) == 85.39
    assert as_user("central").get(f"/api/rounds/{world['round'].pk}/scores/").json()["ita"] == 85.39
    event = DisclosureEvent.objects.filter(disclosure=d, action="verdict").get()
    assert event.actor == world["users"]["assessor"]
    assert event.before["score"] == "0" and event.after["score"] == "100"
    assert event.after["status"] == "passed"
    history = as_user("coordinator").get(f"/api/disclosures/{d.pk}/events/").json()
    assert history["results"][0]["action"] == "verdict" and history["results"][0]["actor"] == "assessor"
    assert AuditEntry.objects.filter(object_type="oit.disclosure", object_id=str(d.pk), who__username="assessor").count() == 1


@pytest.mark.parametrize("name, status", [
    ("coordinator", 403), ("director", 403), ("auditor", 403), ("unit_staff", 403),
    ("other_coordinator", 404), ("no_role", 404), ("central", 403), ("superuser", 200), ("assessor", 200),
])
def test_who_may_give_verdicts(world, as_user, name, status):
    as_being_assessed(world["round"])
    d = _o22(world)
    r = as_user(name).post(f"/api/disclosures/{d.pk}/verdict/", {"result": "pass"}, format="json")
    assert r.status_code == status
    assert Disclosure.objects.get(pk=d.pk).score == (100 if status == 200 else 0)


@pytest.mark.parametrize("payload, field", [
    ({"result": "fail"}, "comment"), ({"score": 50}, "comment"), ({"result": "pass", "score": 100}, "result"),
    ({}, "result"), ({"score": 150, "comment": "x"}, "score"), ({"result": "maybe"}, "result"),
])
def test_bad_verdicts_are_400_naming_the_field(world, as_user, payload, field):
    d = _o22(world)
    r = as_user("assessor").post(f"/api/disclosures/{d.pk}/verdict/", payload, format="json")
    assert r.status_code == 400 and field in r.json(), r.json()
    assert not DisclosureEvent.objects.filter(disclosure=d, action="verdict").exists()


def test_coordinator_edits_details_and_submits(world, as_user):
    as_being_assessed(world["round"])
    d = _o22(world)
    unit = world["home"].units.first()
    coordinator = as_user("coordinator")
    r = coordinator.patch(f"/api/disclosures/{d.pk}/", {
        "urls": ["https://laksi.example/measures"], "unit": unit.code, "due_date": "2025-03-31"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["urls"] == ["https://laksi.example/measures"] and r.json()["unit"] == unit.code
    d.refresh_from_db()
    assert d.links == ["https://laksi.example/measures"] and d.note == ""
    assert d.events.filter(action="edit").count() == 1
    r = coordinator.post(f"/api/disclosures/{d.pk}/submit/")
    assert r.status_code == 200 and r.json()["status"] == "resubmitted"  # it had failed before
    again = coordinator.post(f"/api/disclosures/{d.pk}/submit/")
    assert again.status_code == 409 and again.json()["detail"]
    assert as_user("assessor").patch(f"/api/disclosures/{d.pk}/", {"note": "x"}, format="json").status_code == 403
    assert as_user("other_coordinator").patch(f"/api/disclosures/{d.pk}/", {"note": "x"}, format="json").status_code == 404


def test_a_published_reports_links_stay_as_judged(world, as_user):
    """The pages refuse every change in a round holding a published report; the API its links (its
    verdicts were given to them), while the agency's working notes may still change."""
    d = _o22(world)
    coordinator = as_user("coordinator")
    r = coordinator.patch(f"/api/disclosures/{d.pk}/", {"urls": ["https://laksi.example/other"]}, format="json")
    assert r.status_code == 409 and r.json()["detail"]
    assert coordinator.patch(f"/api/disclosures/{d.pk}/", {"note": "ตรวจแล้ว"}, format="json").status_code == 200
    d.refresh_from_db()
    assert d.links != ["https://laksi.example/other"] and d.note == "ตรวจแล้ว"


@pytest.mark.parametrize("payload, field", [
    ({"urls": ["javascript:alert(1)"]}, "urls"), ({"urls": ["https://a.example/ b"]}, "urls"),
    ({"urls": [f"https://a.example/{n}" for n in range(11)]}, "urls"), ({"unit": "no-such-unit"}, "unit"),
    ({"due_date": "31/03/2025"}, "due_date"),
])
def test_bad_details_are_400_naming_the_field(world, as_user, payload, field):
    d = _o22(world)
    r = as_user("coordinator").patch(f"/api/disclosures/{d.pk}/", payload, format="json")
    assert r.status_code == 400 and field in r.json(), r.json()


def test_unit_of_another_agency_is_refused(world, as_user):
    other_unit = world["other"].units.first()
    r = as_user("coordinator").patch(f"/api/disclosures/{_o22(world).pk}/", {"unit": other_unit.code}, format="json")
    if other_unit.code in set(world["home"].units.values_list("code", flat=True)):
        assert r.status_code == 200 and r.json()["unit"] == other_unit.code  # the same code in Lak Si
    else:
        assert r.status_code == 400 and "unit" in r.json()


# -- plans: the director approves ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, status", [
    ("director", 200), ("superuser", 200), ("coordinator", 403), ("central", 403), ("auditor", 403),
    ("other_coordinator", 404),
])
def test_who_may_approve_a_plan(world, as_user, name, status):
    plan = world["plan"]
    r = as_user(name).post(f"/api/plans/{plan.pk}/approve/")
    assert r.status_code == status
    plan.refresh_from_db()
    assert plan.approved == (status == 200)
    if status == 200:
        assert r.json()["approved"] and r.json()["approved_by"] == world["users"][name].username
        assert AuditEntry.objects.filter(object_type="measures.plan", action="update", who=world["users"][name]).count() == 1


def test_the_coordinator_sends_a_complete_plan_and_only_a_sent_plan_is_approved(world, as_user):
    plan = world["plan"]
    coordinator, director = as_user("coordinator"), as_user("director")
    r = coordinator.post(f"/api/plans/{plan.pk}/submit/")
    assert r.status_code == 409 and r.json()["detail"]  # already waiting for the director
    draft = make_plan(world["round"].__class__.objects.create(agency=world["home"], fiscal_year=2568,
                                                               framework=world["round"].framework), complete=False)
    r = director.post(f"/api/plans/{draft.pk}/approve/")
    assert r.status_code == 409 and not r.json().get("approved")  # never sent
    assert director.post(f"/api/plans/{draft.pk}/submit/").status_code == 403  # the coordinator sends
    r = coordinator.post(f"/api/plans/{draft.pk}/submit/")
    assert r.status_code == 409 and "ผู้รับผิดชอบ" in r.json()["detail"]  # a measure without a unit
    unit = world["home"].units.first()
    for m in draft.measures():
        m.responsible_units.add(unit)
    r = coordinator.post(f"/api/plans/{draft.pk}/submit/")
    assert r.status_code == 200 and r.json()["submitted_at"]
    assert director.post(f"/api/plans/{draft.pk}/recall/").status_code == 403  # the coordinator takes it back
    r = coordinator.post(f"/api/plans/{draft.pk}/recall/")
    assert r.status_code == 200 and r.json()["submitted_at"] is None
    assert coordinator.post(f"/api/plans/{draft.pk}/recall/").status_code == 409  # not waiting any more
    assert director.post(f"/api/plans/{draft.pk}/approve/").status_code == 409  # off the director's list
    coordinator.post(f"/api/plans/{draft.pk}/submit/")
    r = director.post(f"/api/plans/{draft.pk}/approve/")
    assert r.status_code == 200 and r.json()["approved"]
    assert coordinator.post(f"/api/plans/{draft.pk}/recall/").status_code == 409  # approved: not taken back


def test_withdraw_and_an_empty_plan(world, as_user):
    director = as_user("director")
    plan = world["plan"]
    director.post(f"/api/plans/{plan.pk}/approve/")
    r = director.post(f"/api/plans/{plan.pk}/withdraw/")
    assert r.status_code == 200 and not r.json()["approved"]
    entries = AuditEntry.objects.filter(object_type="measures.plan", action="update", who=world["users"]["director"]).order_by("id")
    assert [e.after["approved_by_id"] is None for e in entries] == [False, True]  # one entry each, once
    director.post(f"/api/plans/{plan.pk}/withdraw/")  # already withdrawn: nothing changes, nothing logged
    assert entries.count() == 2
    empty = Plan.objects.create(agency=world["home"], fiscal_year=2569, submitted_at=timezone.now())
    r = director.post(f"/api/plans/{empty.pk}/approve/")
    assert r.status_code == 409 and r.json()["detail"]


# -- progress and evidence ----------------------------------------------------------------------------------

def _measures(world):
    return list(world["plan"].measures())  # m1: two units; m2: the second unit; m3: the first unit


def test_unit_staff_record_progress_of_their_units_measures_only(world, as_user):
    m1, m2, m3 = _measures(world)
    unit_staff = as_user("unit_staff")
    r = unit_staff.post("/api/progress/", {"measure": m3.pk, "reporting_round": "6m", "status": "done", "completed_on": "2025-03-01"}, format="json")
    assert r.status_code == 200, r.json()  # it existed: updated, the result kept
    assert r.json()["status"] == "done" and r.json()["result"] == "อยู่ระหว่างจัดทำ"
    r = unit_staff.post("/api/progress/", {"measure": m2.pk, "reporting_round": "6m", "status": "done", "completed_on": "2025-03-01"}, format="json")
    assert r.status_code == 403
    coordinator = as_user("coordinator")
    r = coordinator.post("/api/progress/", {"measure": m2.pk, "reporting_round": "6m", "result": "เริ่มแล้ว",
                                            "status": "in_progress"}, format="json")
    assert r.status_code == 201 and r.json()["reporting_round"] == "6m"
    assert as_user("director").post("/api/progress/", {"measure": m2.pk, "reporting_round": "6m"},
                                     format="json").status_code == 403
    assert AuditEntry.objects.filter(object_type="measures.measureprogress", agency=world["home"]).count() == 2


def test_the_day_a_measure_was_finished_is_kept_and_carried(world, as_user, monkeypatch):
    """A reviewer's cases: a record done before the day was recorded got today's on any later save
    (and read "late"); a first 12-month record through the API did not start from the 6-month day."""
    import datetime as dt

    from prongsai.measures.models import ReportingRound

    today = {"day": dt.date(2025, 3, 20)}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: today["day"])
    m1, m2, m3 = _measures(world)  # m1 done at 6 months (no day recorded), m3 under way
    coordinator = as_user("coordinator")
    r = coordinator.post("/api/progress/", {"measure": m1.pk, "reporting_round": "6m", "result": "แก้ข้อความ"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["completed_on"] is None
    r = coordinator.post("/api/progress/", {"measure": m3.pk, "reporting_round": "6m", "status": "done",
                                            "result": "เผยแพร่แล้ว"}, format="json")
    assert r.json()["completed_on"] == "2025-03-20"  # became done today
    ReportingRound.objects.create(plan=world["plan"], code="12m", start=dt.date(2024, 10, 1), end=dt.date(2025, 9, 30))
    today["day"] = dt.date(2025, 9, 1)
    r = coordinator.post("/api/progress/", {"measure": m3.pk, "reporting_round": "12m", "result": "สรุปทั้งปี"}, format="json")
    assert r.status_code == 201 and (r.json()["status"], r.json()["completed_on"]) == ("done", "2025-03-20")
    r = coordinator.post("/api/progress/", {"measure": m2.pk, "reporting_round": "12m", "status": "done", "result": "ทำแล้ว",
                                            "completed_on": "2025-08-15"}, format="json")
    assert r.status_code == 201 and r.json()["completed_on"] == "2025-08-15"


@pytest.mark.parametrize("payload, field", [
    ({"reporting_round": "6m", "status": "done", "completed_on": "2025-03-01"}, "measure"),
    ({"measure": 10**9, "reporting_round": "6m"}, "measure"),
    ({"measure": "M1", "reporting_round": "6m"}, "measure"),
    ({"reporting_round": "99m"}, "reporting_round"),
    ({"reporting_round": "6m", "status": "finished"}, "status"),
])
def test_bad_progress_is_400_naming_the_field(world, as_user, payload, field):
    payload = {"measure": _measures(world)[0].pk, **payload} if "measure" not in payload and field != "measure" else payload
    r = as_user("coordinator").post("/api/progress/", payload, format="json")
    assert r.status_code == 400 and field in r.json(), r.json()


def test_progress_of_another_agency_is_not_found(world, as_user):
    m1 = _measures(world)[0]
    r = as_user("other_coordinator").post("/api/progress/", {"measure": m1.pk, "reporting_round": "6m"}, format="json")
    assert r.status_code == 400 and "measure" in r.json()
    progress = MeasureProgress.objects.filter(measure=m1).get()
    assert as_user("other_coordinator").patch(f"/api/progress/{progress.pk}/", {"status": "done"},
                                              format="json").status_code == 404


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif.tobytes())
    assert b"SecretCamera" in buf.getvalue()
    return buf.getvalue()


def test_evidence_upload_is_checked_and_reencoded(world, as_user):
    m1 = _measures(world)[0]
    progress = MeasureProgress.objects.get(measure=m1)
    unit_staff = as_user("unit_staff")
    photo = io.BytesIO(_jpeg_with_gps())
    photo.name = "site.jpg"
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"file": photo, "caption": "หน้างาน"}, format="multipart")
    assert r.status_code == 201, r.json()
    evidence = Evidence.objects.get(pk=r.json()["id"])
    assert evidence.kind == "photo" and r.json()["file_url"] == f"/plans/evidence/{evidence.pk}/"
    assert b"SecretCamera" not in evidence.file.read()
    fake = io.BytesIO(b"<svg onload=alert(1)></svg>")
    fake.name = "photo.jpg"
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"file": fake}, format="multipart")
    assert r.status_code == 400 and "file" in r.json()
    first, second = io.BytesIO(_jpeg_with_gps()), io.BytesIO(_jpeg_with_gps())
    first.name, second.name = "a.jpg", "b.jpg"
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"file": [first, second]}, format="multipart")
    assert r.status_code == 400 and r.json()["file"] == ["ส่งได้ครั้งละหนึ่งไฟล์ต่อคำขอ"]  # not one kept, one dropped
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"url": "ftp://laksi.example/news/1"}, format="json")
    assert r.status_code == 400 and "url" in r.json()  # a web page's address only, as on the progress page
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"url": "ไม่ใช่ลิงก์"}, format="json")
    assert r.status_code == 400 and len(r.json()["url"]) == 1  # said once (a reviewer found it said twice)
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"url": "https://laksi.example/news/1"}, format="json")
    assert r.status_code == 201 and r.json()["kind"] == "link"
    # a retried request (the same photo, the same link) gets the stored evidence back, not a copy
    again = io.BytesIO(_jpeg_with_gps())
    again.name = "site (retry).jpg"
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"file": again}, format="multipart")
    assert r.status_code == 200 and r.json()["id"] == evidence.pk
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"url": "https://laksi.example/news/1"}, format="json")
    assert r.status_code == 200 and r.json()["kind"] == "link"
    r = unit_staff.post(f"/api/progress/{progress.pk}/evidence/", {"caption": "nothing"}, format="json")
    assert r.status_code == 400 and "non_field_errors" in r.json()
    listed = as_user("auditor").get("/api/evidence/", {"progress": progress.pk}).json()
    assert listed["count"] == 2
    assert as_user("director").delete(f"/api/evidence/{evidence.pk}/").status_code == 403
    assert as_user("other_coordinator").delete(f"/api/evidence/{evidence.pk}/").status_code == 404
    assert unit_staff.delete(f"/api/evidence/{evidence.pk}/").status_code == 204
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEntry.objects.filter(object_type="measures.evidence", action="delete", agency=world["home"]).exists()


# -- limits and language ------------------------------------------------------------------------------------

def test_requests_are_throttled_per_user(world, as_user, settings):
    settings.PRONGSAI_API_RATE = "3/minute"
    client = as_user("central")
    assert [client.get("/api/rounds/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert as_user("auditor").get("/api/rounds/").status_code == 200  # another user, another bucket


def test_errors_in_thai_by_default_english_on_request(world, as_user):
    client = as_user("central")
    thai = client.get("/api/rounds/", {"year": "abc"}).json()["year"][0]
    english = client.get("/api/rounds/", {"year": "abc"}, HTTP_ACCEPT_LANGUAGE="en").json()["year"][0]
    assert english == "A valid integer is required."
    assert thai != english and any("\u0e00" <= c <= "\u0e7f" for c in thai)


def test_ids_beyond_what_a_database_stores_are_400_or_404(world, as_user):
    """Found by schemathesis: such an id overflowed SQLite's integers (500)."""
    central = as_user("central")
    r = central.get("/api/progress/", {"measure": 10**23})
    assert r.status_code == 400 and list(r.json()) == ["measure"]
    assert central.get(f"/api/rounds/{10**23}/").status_code == 404
    r = central.post("/api/progress/", {"measure": 10**23, "reporting_round": "6m"}, format="json")
    assert r.status_code == 400 and "measure" in r.json()


def test_refusals_say_why_in_thai(world, as_user):
    r = as_user("coordinator").post(f"/api/plans/{world['plan'].pk}/approve/")
    assert r.status_code == 403 and r.json()["detail"] == "ท่านดูข้อมูลนี้ได้ แต่ไม่มีสิทธิ์แก้ไข"
    r = as_user("coordinator").post(f"/api/plans/{world['plan'].pk}/approve/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.json()["detail"] == "You may read this but not change it."


def test_errors_are_worded_for_people_not_by_the_framework(world, as_user):
    """A tester got "JSON parse error - Expecting property name…", "No Plan matches the given query.",
    an ungrammatical Thai 405 and "must be at least 2400" for year=2025."""
    client = as_user("central")
    bad_json = client.generic("POST", "/api/progress/", '{"measure": 6,', content_type="application/json")
    assert bad_json.status_code == 400 and bad_json.json()["detail"] == "เนื้อหาของคำขอไม่ใช่ JSON ที่ถูกต้อง ระบบไม่ได้เปลี่ยนแปลงข้อมูลใด"
    missing = client.get("/api/plans/999999/")
    assert missing.status_code == 404 and missing.json()["detail"] == "ไม่พบแผนมาตรการที่มีรหัสนี้ในข้อมูลที่ท่านมีสิทธิ์ดู"
    english = client.get("/api/plans/999999/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english == "No measures plan with this id among those you may read."
    assert "OTHER" not in client.get("/api/plans/999999/").content.decode()
    delete = client.delete(f"/api/agencies/{world['home'].code}/")
    assert delete.status_code == 405 and delete.json()["detail"] == "ใช้ DELETE ที่นี่ไม่ได้ (ใช้ได้: GET, HEAD)"
    year = client.get("/api/rounds/", {"year": 2025})
    assert year.status_code == 400 and "ปีงบประมาณ พ.ศ." in year.json()["year"][0] and "543" in year.json()["year"][0]
    # a NotFound worded by the view keeps its words
    plan = world["plan"]
    own = client.get(f"/api/plans/{plan.pk}/reports/9m/")
    assert own.status_code == 404 and "รอบการรายงาน" in own.json()["detail"]


def test_unknown_api_addresses_are_json_404(world, as_user):
    for url in ["/api/disclosures/-5/", "/api/nothing-here/", "/api/rounds/abc/scores/"]:
        r = as_user("central").get(url)
        assert r.status_code == 404 and r["Content-Type"] == "application/json" and r.json()["detail"], url
    r = as_user("central").patch("/api/disclosures/-5/", {"note": "x"}, format="json")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"


def test_tokens_expire_and_create_token_replaces_an_expired_one(world, capsys, settings):
    settings.PRONGSAI_API_TOKEN_DAYS = 90
    user = world["users"]["central"]
    client = token_client(user)
    assert client.get("/api/rounds/").status_code == 200
    Token.objects.filter(user=user).update(created=timezone.now() - timedelta(days=91))
    r = client.get("/api/rounds/")
    assert r.status_code == 401 and "หมดอายุ" in r.json()["detail"]  # Thai first
    old = Token.objects.get(user=user).key
    call_command("create_token", "central")
    out = capsys.readouterr()
    assert out.out.strip() != old and Token.objects.get(user=user).key == out.out.strip()
    assert "valid until" in out.err
    settings.PRONGSAI_API_TOKEN_DAYS = 0  # no expiry
    Token.objects.filter(user=user).update(created=timezone.now() - timedelta(days=4000))
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION="Token " + out.out.strip())
    assert fresh.get("/api/rounds/").status_code == 200


def test_the_director_approves_a_progress_report_and_its_progress_becomes_final(world, as_user):
    plan = world["plan"]
    m1, m2, m3 = _measures(world)
    director, coordinator = as_user("director"), as_user("coordinator")
    assert as_user("coordinator").post(f"/api/plans/{plan.pk}/reports/6m/approve/").status_code == 403
    r = director.post(f"/api/plans/{plan.pk}/reports/6m/approve/")
    assert r.status_code == 409 and r.json()["detail"]  # the plan is not approved yet
    director.post(f"/api/plans/{plan.pk}/approve/")
    assert director.post(f"/api/plans/{plan.pk}/reports/6m/submit/").status_code == 403  # the coordinator sends it
    r = coordinator.post(f"/api/plans/{plan.pk}/reports/6m/submit/")
    assert r.status_code == 409 and "1 มาตรการ" in r.json()["detail"]  # m2 not reported: sent only knowingly
    r = coordinator.post(f"/api/plans/{plan.pk}/reports/6m/submit/", {"confirm_unreported": True}, format="json")
    [rr] = [x for x in r.json()["reporting_rounds"] if x["code"] == "6m"]
    assert r.status_code == 200 and rr["submitted_at"] and not rr["approved"]
    assert director.post(f"/api/plans/{plan.pk}/reports/6m/recall/").status_code == 403  # the coordinator's
    r = coordinator.post(f"/api/plans/{plan.pk}/reports/6m/recall/")
    [rr] = [x for x in r.json()["reporting_rounds"] if x["code"] == "6m"]
    assert r.status_code == 200 and rr["submitted_at"] is None
    assert coordinator.post(f"/api/plans/{plan.pk}/reports/6m/recall/").status_code == 409  # not waiting
    assert coordinator.post(f"/api/plans/{plan.pk}/reports/99m/recall/").status_code == 404
    assert coordinator.post(f"/api/plans/{plan.pk}/reports/6m/submit/", {"confirm_unreported": True},
                            format="json").status_code == 200  # sent again
    r = director.post(f"/api/plans/{plan.pk}/reports/6m/approve/")
    assert r.status_code == 409 and "1 มาตรการ" in r.json()["detail"]  # m2 not reported: only knowingly
    r = director.post(f"/api/plans/{plan.pk}/reports/6m/approve/", {"confirm_unreported": True}, format="json")
    [rr] = [x for x in r.json()["reporting_rounds"] if x["code"] == "6m"]
    assert r.status_code == 200 and rr["approved"] and rr["approved_by"] == world["users"]["director"].username
    assert coordinator.post(f"/api/plans/{plan.pk}/reports/6m/recall/").status_code == 409  # signed: not taken back
    assert director.post(f"/api/plans/{plan.pk}/reports/99m/approve/").status_code == 404
    r = coordinator.post("/api/progress/", {"measure": m2.pk, "reporting_round": "6m", "status": "done", "completed_on": "2025-03-01",
                                            "result": "ทำแล้ว"}, format="json")
    assert r.status_code == 409
    assert not MeasureProgress.objects.filter(measure=m2, reporting_round__code="6m").exists()
    progress = MeasureProgress.objects.filter(reporting_round__code="6m").first()
    assert coordinator.patch(f"/api/progress/{progress.pk}/", {"status": "done"}, format="json").status_code == 409
    r = coordinator.post(f"/api/progress/{progress.pk}/evidence/", {"url": "https://example.go.th/x"}, format="json")
    assert r.status_code == 409
    director.post(f"/api/plans/{plan.pk}/reports/6m/withdraw/")
    r = coordinator.post("/api/progress/", {"measure": m2.pk, "reporting_round": "6m", "status": "done", "completed_on": "2025-03-01"}, format="json")
    assert r.status_code == 400 and "result" in r.json()  # done, but what was done?
    r = coordinator.post("/api/progress/", {"measure": m2.pk, "reporting_round": "6m", "status": "done", "completed_on": "2025-03-01",
                                            "result": "จัดทำแบบสำรวจแล้ว"}, format="json")
    assert r.status_code == 201


def test_a_change_sent_with_seen_is_refused_over_someone_elses_change(world, as_user):
    """As on the progress page: a unit that read the record, then the coordinator changed it, gets 409
    naming who; sending without seen still works; the record names who saved it last."""
    m1, m2, m3 = _measures(world)
    unit_staff, coordinator = as_user("unit_staff"), as_user("coordinator")
    read = unit_staff.post("/api/progress/", {"measure": m3.pk, "reporting_round": "6m"}, format="json").json()
    assert read["updated_by"] == world["users"]["unit_staff"].username and read["seen"]
    assert coordinator.patch(f"/api/progress/{read['id']}/", {"result": "เผยแพร่แล้ว 3 เรื่อง", "seen": read["seen"]},
                             format="json").status_code == 200
    r = unit_staff.patch(f"/api/progress/{read['id']}/", {"result": "เผยแพร่แล้ว", "seen": read["seen"]}, format="json")
    assert r.status_code == 409 and world["users"]["coordinator"].username in r.json()["detail"]
    again = unit_staff.get(f"/api/progress/{read['id']}/").json()
    assert again["result"] == "เผยแพร่แล้ว 3 เรื่อง" and again["updated_by"] == world["users"]["coordinator"].username
    r = unit_staff.patch(f"/api/progress/{read['id']}/", {"result": "เผยแพร่แล้ว 4 เรื่อง", "seen": again["seen"]},
                         format="json")
    assert r.status_code == 200 and r.json()["result"] == "เผยแพร่แล้ว 4 เรื่อง"


def test_an_auditor_signed_in_on_the_site_is_refused_by_the_api_in_json_too(world, client):
    d = _o22(world)
    client.force_login(world["users"]["auditor"])
    r = client.post(f"/api/disclosures/{d.pk}/verdict/", {"result": "pass"}, content_type="application/json")
    assert r.status_code == 403 and r["Content-Type"] == "application/json"
    assert r.json() == {"detail": "ท่านเป็นผู้ตรวจสอบ: อ่านได้ทุกหน้า แต่แก้ไขสิ่งใดไม่ได้ ระบบไม่ได้เปลี่ยนแปลงข้อมูลใด"}
    assert Disclosure.objects.get(pk=d.pk).score == 0


def test_the_api_shows_a_change_request_and_answers_the_one_it_read(world, as_user):
    """A reviewer: an API-only unit could neither see the coordinator's request nor answer it."""
    m1 = _measures(world)[0]
    progress = MeasureProgress.objects.filter(measure=m1).get()
    MeasureProgress.objects.filter(pk=progress.pk).update(change_asked="ระบุจำนวนผู้เข้าร่วม")
    read = as_user("unit_staff").get(f"/api/progress/{progress.pk}/").json()
    assert read["change_asked"] == "ระบุจำนวนผู้เข้าร่วม" and read["asked"]
    # a save that does not say it read the request leaves it open; the coordinator's own save, which
    # does, too (the asker answers nothing: a tester); the unit's that does answers it
    as_user("unit_staff").patch(f"/api/progress/{progress.pk}/", {"result": "ผู้เข้าร่วม 40 คน"}, format="json")
    assert MeasureProgress.objects.get(pk=progress.pk).change_asked == "ระบุจำนวนผู้เข้าร่วม"
    as_user("coordinator").patch(f"/api/progress/{progress.pk}/", {"result": "ผู้เข้าร่วม 40 คน", "asked": read["asked"]},
                                 format="json")
    assert MeasureProgress.objects.get(pk=progress.pk).change_asked == "ระบุจำนวนผู้เข้าร่วม"
    r = as_user("unit_staff").patch(f"/api/progress/{progress.pk}/", {"result": "ผู้เข้าร่วม 41 คน", "asked": read["asked"]},
                                    format="json")
    assert r.status_code == 200 and r.json()["change_asked"] == "" and r.json()["asked"] == ""
    assert r.json()["change_answered"] == "ระบุจำนวนผู้เข้าร่วม"  # what was made as asked, for the coordinator to read
