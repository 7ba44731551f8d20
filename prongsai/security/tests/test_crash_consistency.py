"""Crash consistency, on SQLite (a database file) and PostgreSQL (the test database), each
against real processes killed with SIGKILL:

- `prongsai import-responses` killed before and during its write transaction leaves the
  database exactly as it was (or, if it had finished, fully imported) — never partial;
- a WSGI server process killed while threads submit questionnaires loses no acknowledged
  questionnaire (every "thanks" redirect's answers are in the database), and the counts the
  reports read equal a recount from the raw rows.
"""
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 5000
SETUP = """
import django; django.setup()
from datetime import timedelta
from django.utils import timezone
from prongsai.agencies.services import ensure_agency, ensure_round
from prongsai.scoring import load_pack
from prongsai.surveys.intake import link_for
pack = load_pack("bma-district-2567")
rnd = ensure_round(ensure_agency("101041", pack, "สำนักงานเขตหลักสี่"), 2567, pack.code)
rnd.opens_at, rnd.closes_at = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
rnd.save()
print(link_for(rnd, "EIT").code)
"""
SERVER = """
import sys, django; django.setup()
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from django.core.wsgi import get_wsgi_application
class Quiet(WSGIRequestHandler):
    def log_message(self, *args): pass
class Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True
server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=Threading, handler_class=Quiet)
print(server.server_port, flush=True)
server.serve_forever()
"""


class Database:
    """The database the killed processes use, seen from this test."""

    def __init__(self, tmp_path: Path, template: Path | None = None):
        self.env = {**os.environ, "PRONGSAI_DATA_DIR": str(tmp_path), "DEBUG": "1", "PRONGSAI_SURVEY_RATE": "0/1",
                    "DJANGO_SETTINGS_MODULE": "prongsai.settings", "LOG_LEVEL": "CRITICAL"}
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.env.pop("DATABASE_URL", None)
            self.path = tmp_path / "prongsai.sqlite3"
            if template is not None:
                shutil.copy(template, self.path)
            else:
                subprocess.run([sys.executable, "-m", "prongsai", "migrate", "-v0"], env=self.env, check=True)
        else:
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            self.env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"

    def one(self, sql: str):
        if self.sqlite:
            with sqlite3.connect(self.path, timeout=20) as db:
                return db.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def all(self, sql: str) -> list:
        if self.sqlite:
            with sqlite3.connect(self.path, timeout=20) as db:
                return db.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def writing(self) -> bool:
        """Whether another process is inside a write transaction now."""
        if self.sqlite:
            return Path(f"{self.path}-journal").exists() or Path(f"{self.path}-wal").exists()
        return bool(self.one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND backend_type = 'client backend'"))

    def state(self) -> tuple:
        """Everything an import writes, counted."""
        tables = ["surveys_response", "surveys_optioncount", "surveys_respondenttally", "agencies_agency",
                  "agencies_assessmentround", "agencies_unit", "surveys_importedrow"]
        return (*(self.one(f"SELECT count(*) FROM {t}") for t in tables),
                self.one("SELECT coalesce(sum(count), 0) FROM surveys_optioncount"),
                self.one("SELECT coalesce(sum(count), 0) FROM surveys_respondenttally"))

    def run(self, *args, **kwargs) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "prongsai", *args], env=self.env, **kwargs)


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """One migrated SQLite file per module, copied for each test (migrating takes seconds)."""
    from django.db import connections

    if connections["default"].vendor != "sqlite":
        return None
    return Database(tmp_path_factory.mktemp("template")).path


@pytest.fixture
def db_under_test(tmp_path, migrated_sqlite):
    return Database(tmp_path, migrated_sqlite)


def responses_file(path: Path, batch: int = 0) -> Path:
    """ROWS questionnaires of a new agency, half IIT, half EIT, each with its own response_id
    (`batch` makes the ids of another file, so a file that did import does not block the next)."""
    rng = random.Random(7)
    header = ("response_id,agency_code,tool,unit,service_type,language,submitted_at,gender,"
              + ",".join(f"I{i}" for i in range(1, 13)) + "," + ",".join(f"E{i}" for i in range(1, 7)))
    lines = [header]
    for i in range(ROWS):
        if i % 2:
            answers = [str(rng.randint(1, 2) if q in (3, 6) else rng.randint(1, 6)) for q in range(1, 13)]
            lines.append(f"b{batch}r{i},777001,IIT,public-works,,th,2024-03-01,1," + ",".join(answers) + ",,,,,,")
        else:
            answers = [str(rng.randint(1, 2) if q == 3 else rng.randint(1, 6)) for q in range(1, 7)]
            lines.append(f"b{batch}r{i},777001,EIT,,registration,th,2024-03-01,2,,,,,,,,,,,,," + ",".join(answers))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _wait(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_an_import_killed_midway_leaves_the_database_unchanged(db_under_test, tmp_path):
    db = db_under_test
    killed_while_writing = completed = 0
    # kill: while reading the file; as the write transaction starts; inside it; late inside it
    for batch, moment in enumerate(("reading", 0.0, 0.1, 0.3)):
        path = responses_file(tmp_path / f"R{batch}.csv", batch)
        before = db.state()
        proc = db.run("import-responses", str(path), "--year", "2567", "--new-agencies", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if moment == "reading":
            time.sleep(0.6)
        else:
            assert _wait(lambda: db.writing() or proc.poll() is not None, 60)
            time.sleep(moment)
        running = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = db.state()
        if after != before:  # the kill came after the commit: then everything is there, never a part
            assert after[0] == before[0] + ROWS, (moment, before, after)
            completed += 1
        else:
            assert after[0] == before[0]
            killed_while_writing += running and moment != "reading"
    print(f"kills inside the write transaction: {killed_while_writing} of 3")
    assert killed_while_writing >= 2, "the kills must land inside the write transaction"
    assert db.one("SELECT count(*) FROM surveys_response") == completed * ROWS
    # and a file left alone imports completely; the counts agree with the rows
    path = responses_file(tmp_path / "R-whole.csv", 9)
    done = db.run("import-responses", str(path), "--year", "2567", "--new-agencies", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    state = db.state()
    assert state[0] == (completed + 1) * ROWS and state[-1] == (completed + 1) * ROWS


def _submit(base: str, code: str, pattern: tuple[int, ...]) -> bool:
    """One questionnaire through the public page; True when the server acknowledged it."""
    with httpx.Client(base_url=base, timeout=10, follow_redirects=False) as client:
        page = client.get(f"/s/{code}/").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": csrf, "token": token, "unit": "public-works", "service_type": "registration",
                **{f"d_{d}": "1" for d in ("age", "gender", "job", "p1", "p2", "p4")}}
        data.update({f"q_E{i}": str(v) for i, v in enumerate(pattern, 1)})
        response = client.post(f"/s/{code}/", data=data)
        return response.status_code == 302 and "/thanks/" in response.headers.get("location", "")


def test_a_server_killed_during_submissions_loses_no_acknowledged_questionnaire(db_under_test):
    db = db_under_test
    setup = subprocess.run([sys.executable, "-c", SETUP], env=db.env, capture_output=True, text=True, check=True)
    code = setup.stdout.strip().splitlines()[-1]
    server = subprocess.Popen([sys.executable, "-c", SERVER], env=db.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    port = int(server.stdout.readline())
    base = f"http://127.0.0.1:{port}"
    # every questionnaire has its own answers, so each acknowledged one can be found afterwards
    patterns = [(a, b, c, d, e, f) for a in range(1, 7) for b in range(1, 7) for c in (1, 2)
                for d in range(1, 7) for e in range(1, 7) for f in range(1, 7)]
    random.Random(3).shuffle(patterns)
    acknowledged, failed, lock = [], [], threading.Lock()
    work = iter(patterns)

    def sender():
        while True:
            with lock:
                pattern = next(work)
            try:
                ok = _submit(base, code, pattern)
            except (httpx.HTTPError, AttributeError):
                ok = False
            with lock:
                (acknowledged if ok else failed).append(pattern)
                if len(failed) > 3:
                    return

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    assert _wait(lambda: len(acknowledged) >= 30, 60), (len(acknowledged), server.stderr.read() if server.poll() else "")
    server.send_signal(signal.SIGKILL)
    server.wait()
    for t in threads:
        t.join(15)
    stored = {tuple(_json(a)[f"E{i}"] for i in range(1, 7)) for (a,) in db.all("SELECT answers FROM surveys_response")}
    lost = [p for p in acknowledged if p not in stored]
    print(f"acknowledged {len(acknowledged)}, stored {len(stored)}, cut off {len(failed)}")
    assert not lost, f"{len(lost)} acknowledged questionnaires lost of {len(acknowledged)}"
    n = db.one("SELECT count(*) FROM surveys_response")
    assert n >= len(acknowledged) and len(failed) >= 1  # the kill really cut submissions off
    # the aggregates the reports read equal a recount from the raw rows
    assert db.one("SELECT coalesce(sum(count), 0) FROM surveys_respondenttally") == n
    counted = dict(db.all("SELECT option, sum(count) FROM surveys_optioncount WHERE question = 'E1' GROUP BY option"))
    recount = {}
    for (a,) in db.all("SELECT answers FROM surveys_response"):
        option = _json(a)["E1"]
        recount[option] = recount.get(option, 0) + 1
    assert {int(k): int(v) for k, v in counted.items()} == recount
    assert db.one("SELECT count(*) FROM surveys_usedsubmissiontoken") == n


def _json(value):
    import json

    return value if isinstance(value, dict) else json.loads(value)
