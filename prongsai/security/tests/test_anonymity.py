"""Anonymity (DESIGN.md, a hard rule): once questionnaires are submitted, no table, log line
or export holds the respondent's IP address, user agent, session or login.

Questionnaires go through the public pages from a logged-in staff member's browser with a
distinctive address and user agent; then every table (raw SQL over every table the database
has, every column), the captured log records and every export (report.json, report.xlsx, OIT
open-data JSON/CSV, the analysis document) are searched for those identifiers. The rows the
submissions added or changed must lie in the survey tables only (nothing linked to the
session or the user), and responses carry random, not time-ordered, keys.
"""
import io
import logging
import re
import uuid
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection

from prongsai.agencies.services import ensure_round
from prongsai.documents import generate
from prongsai.people import roles
from prongsai.people.tests.factories import PASSWORD, user
from prongsai.surveys.intake import link_for
from prongsai.surveys.models import OptionCount, RespondentTally, Response, UsedSubmissionToken

from .conftest import full_answers

pytestmark = pytest.mark.django_db

IP = "198.51.100.173"
UA = "ZzProbeBrowser/7.3 (anonymity-canary)"
USERNAME = "canary.respondent"
SURVEY_TABLES = {m._meta.db_table for m in (Response, OptionCount, RespondentTally, UsedSubmissionToken)}


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def snapshot() -> dict[str, set[tuple]]:
    """Every row of every table in the database, as text tuples (raw SQL: no model is skipped)."""
    out = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = {tuple("" if v is None else str(v) for v in row) for row in cursor.fetchall()}
    return out


def _changes(before: dict, after: dict) -> dict[str, set[tuple]]:
    return {t: rows - before.get(t, set()) for t, rows in after.items() if rows - before.get(t, set())}


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())


@pytest.fixture
def respondent(client, open_round):
    """A staff member of the assessed agency, logged in, answering from their own browser."""
    user(USERNAME, roles.UNIT_STAFF, open_round.agency, open_round.agency.units.first(), email="canary@example.org")
    assert client.post("/people/login/", {"username": USERNAME, "password": PASSWORD},
                       REMOTE_ADDR=IP, HTTP_USER_AGENT=UA).status_code == 302
    return client


def _submit(client, rnd, tool: str, n: int, **answers) -> None:
    link = link_for(rnd, tool)
    for _ in range(n):
        client.cookies.pop("prongsai_sent", None)
        page = client.get(f"/s/{link.code}/", {"eligible": "yes"} if tool == "IIT" else {},
                          REMOTE_ADDR=IP, HTTP_USER_AGENT=UA).content.decode()
        data = {**full_answers(rnd, tool, **answers), "token": _token(page)}
        response = client.post(f"/s/{link.code}/", data, REMOTE_ADDR=IP, HTTP_USER_AGENT=UA)
        assert response.status_code == 302 and "/thanks/" in response["Location"]
        client.get(response["Location"], REMOTE_ADDR=IP, HTTP_USER_AGENT=UA)


def test_no_table_log_or_export_holds_who_answered(respondent, open_round, admin_client, caplog):
    session_key = respondent.session.session_key
    needles = [IP, UA, "ZzProbeBrowser", session_key, USERNAME, "canary@example.org"]
    link_for(open_round, "IIT"), link_for(open_round, "EIT")  # the coordinator made the links earlier
    before = snapshot()
    caplog.set_level(logging.DEBUG)
    _submit(respondent, open_round, "IIT", 6)
    _submit(respondent, open_round, "EIT", 6)
    after = snapshot()
    assert Response.objects.filter(round=open_round).count() == 12

    # 1. the rows the submissions added or changed are survey rows only: no session, user or log row
    changed = _changes(before, after)
    assert set(changed) <= SURVEY_TABLES, set(changed) - SURVEY_TABLES
    for table, rows in changed.items():
        for row in rows:
            text = " ".join(row)
            assert not any(n in text for n in needles), (table, row)
    # and none of those tables has a column that could hold a user, a session or an address
    for model in (Response, OptionCount, RespondentTally, UsedSubmissionToken):
        for field in model._meta.get_fields():
            assert not re.search(r"user|session|ip_|address|agent|cookie|login|created_at|time", field.name), field
            assert field.related_model not in (get_user_model(), Session), field

    # 2. no table anywhere holds the address, the user agent or the session key
    everything = "\n".join(" ".join(r) for rows in after.values() for r in rows)
    for needle in (IP, UA, "ZzProbeBrowser"):
        assert needle not in everything, needle
    for table, rows in after.items():
        if table != "django_session":  # the staff member's own login session, made before answering
            assert not any(session_key in " ".join(r) for r in rows), table

    # 3. nothing logged names them
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for needle in needles:
        assert needle not in logged, needle

    # 4. nor do the exports (fetched by an administrator)
    ensure_round(open_round.agency, 2568, open_round.framework)  # the analysis document is FY+1's
    exports = {
        "report.json": admin_client.get(f"/rounds/{open_round.pk}/report.json").content.decode(),
        "report.xlsx": _zip_text(admin_client.get(f"/rounds/{open_round.pk}/report.xlsx").content),
        "page": admin_client.get(f"/rounds/{open_round.pk}/").content.decode(),
        "oit.json": admin_client.get(f"/oit/{open_round.agency.code}/2567/open-data.json").content.decode(),
        "oit.csv": admin_client.get(f"/oit/{open_round.agency.code}/2567/open-data.csv").content.decode(),
        "analysis.docx": _zip_text(generate.render(generate.build(generate.Request(
            kind="analysis", agency_code=open_round.agency.code, fiscal_year=2568)), "docx")),
    }
    assert '"IIT"' in exports["report.json"] and "I1" in exports["report.xlsx"]  # the exports are real
    for name, text in exports.items():
        for needle in needles:
            assert needle not in text, (name, needle)


def test_responses_have_random_keys_that_do_not_follow_arrival_order(client, open_round):
    _submit(client, open_round, "EIT", 12)
    assert Response._meta.pk.get_internal_type() == "UUIDField"
    keys = [r.pk for r in Response.objects.all()]
    assert all(isinstance(k, uuid.UUID) and k.version == 4 for k in keys)  # random, no clock inside (not v1/v7)
    # (no ordering given: rows come back in the order they were stored, i.e. arrival order)
    # 12 random keys sorting into arrival order by chance: 1 in 12! (479 001 600)
    assert sorted(keys) != keys
    assert "submitted_on" in {f.name for f in Response._meta.fields}
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"  # day only, no time


@pytest.mark.django_db(transaction=True)
def test_existing_responses_keep_their_answers_under_new_random_keys(open_round):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("surveys", "0003_imported_rows")])
    old = executor.loader.project_state([("surveys", "0003_imported_rows")]).apps.get_model("surveys", "Response")
    for option in (1, 2, 3):
        old.objects.create(round_id=open_round.pk, tool="EIT", language="th", submitted_on="2024-01-02",
                           answers={"E1": option}, demographics={})
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(Response.objects.filter(round=open_round))
    assert sorted(r.answers["E1"] for r in rows) == [1, 2, 3]
    assert all(isinstance(r.pk, uuid.UUID) for r in rows)
    assert list(open_round.responses.all()) != []  # the reverse name survives the rebuild


def test_polling_the_report_during_collection_does_not_reveal_one_questionnaire(client, open_round, admin_client):
    """While the window is open every survey figure is withheld, so the report before and after
    one more questionnaire is the same document; when the window closes, all of them appear."""
    from datetime import timedelta

    from django.utils import timezone

    _submit(client, open_round, "IIT", 6)
    url = f"/rounds/{open_round.pk}/report.json"
    before = admin_client.get(url).json()
    _submit(client, open_round, "IIT", 1, q_I1="2")  # the staff member the attacker watches
    after = admin_client.get(url).json()
    assert after == before  # nothing moved: nothing learnt
    assert after["survey_results_withheld_until"] == open_round.closes_at.isoformat()
    assert after["tools"]["IIT"]["score"] is None and after["question_options"]["I1"] == []
    assert after["respondents"]["by_tool"] == {} and all(u["iit_n"] is None for u in after["units"])
    page = admin_client.get(f"/rounds/{open_round.pk}/").content.decode()
    assert "จะแสดงเมื่อปิดรับแบบวัด" in page
    api = admin_client.get(f"/api/rounds/{open_round.pk}/scores/")
    assert api.status_code == 200 and api.json()["tools"]["IIT"]["score"] is None

    open_round.closes_at = timezone.now() - timedelta(minutes=1)  # collection over
    open_round.save()
    closed = admin_client.get(url).json()
    assert closed["survey_results_withheld_until"] is None
    assert sum(o["count"] for o in closed["question_options"]["I1"]) == 7
    assert closed["tools"]["IIT"]["respondents"] == 7 and closed["tools"]["IIT"]["score"] is not None
