"""`make bench-intake`: questionnaire submissions under load against the production set-up,
gunicorn + PostgreSQL on loopback, then the checks that nothing was lost or miscounted.

    python bench/intake.py [--rate 300] [--duration 60] [--workers 3] [--worker-class sync]
                           [--threads 1] [--rounds 20] [--flow post|full] [--kill] [--preload]

1. Prepares --rounds open rounds (agencies LOAD-01…) in the benchmark database
   (bench/pgbench_db.py, never the test database) and empties their responses and counts.
2. Writes the plan: one filled-in questionnaire per submission (60 % EIT, 40 % IIT, random
   answers, unit and service type), each with its own one-time submission token. The tokens
   are issued with the site's key exactly as the questionnaire page issues them (the benchmark
   shares the app's data directory), so the timed requests are the submissions themselves;
   the server still checks each token's signature and that it was never used. --flow full
   makes the generator fetch the page for every questionnaire instead (two requests each).
3. Starts gunicorn (prongsai.wsgi) with the rate limit raised (PRONGSAI_SURVEY_RATE), then the
   load generator (bench/loadgen.py) as a separate process on 127.0.0.1.
4. --kill: half-way through, kill -9 one gunicorn worker (the master starts a new one).
5. Afterwards: acknowledged submissions vs Response rows of those rounds, and the option
   counts and respondent tallies vs a recount from the raw Response rows.
Figures are printed, not asserted (exit status 1 only when a check fails).
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgbench_db  # noqa: E402

FW = "bma-district-2567"
YEAR = 2567
BIN = Path(sys.executable).parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))] if values else float("nan")


def slow_seconds(timeline: list[list[float]], over: float) -> str:
    """The seconds of the run (by scheduled start) holding answers slower than `over`, as ranges with
    their count: a tail spread thin is the server's pace, one in a block is a stall of the machine."""
    per_second = Counter(int(at) for at, latency in timeline if latency > over)
    if not per_second:
        return "none"
    ranges, start = [], None
    seconds = sorted(per_second)
    for i, second in enumerate(seconds):
        start = second if start is None else start
        if i + 1 == len(seconds) or seconds[i + 1] != second + 1:
            n = sum(per_second[s] for s in range(start, second + 1))
            ranges.append(f"{start}–{second + 1} s: {n}")
            start = None
    return ", ".join(ranges)


_LOCK = []


def prepare_rounds(n: int):
    """Open rounds LOAD-01… with no responses or counts. Holds a lock for the rest of the
    process: another run emptying these rounds mid-run would break the checks."""
    work = pgbench_db.ROOT / ".bench-data" / "intake"
    work.mkdir(parents=True, exist_ok=True)
    lock = open(work / "lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit("another bench/intake.py run is in progress") from None
    _LOCK.append(lock)
    from django.utils import timezone

    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.scoring import load_pack
    from prongsai.surveys.intake import link_for
    from prongsai.surveys.models import OptionCount, RespondentTally, Response, UsedSubmissionToken

    pack = load_pack(FW)
    now = timezone.now()
    rounds = []
    for i in range(1, n + 1):
        agency = ensure_agency(f"LOAD-{i:02d}", pack, name_th=f"หน่วยงานทดสอบโหลด {i}", name_en=f"Load test {i}")
        rnd = ensure_round(agency, YEAR, FW)
        rnd.opens_at, rnd.closes_at = now - timedelta(days=1), now + timedelta(days=1)
        rnd.save(update_fields=["opens_at", "closes_at"])
        rounds.append(rnd)
    for model in (Response, OptionCount, RespondentTally):
        model.objects.filter(round__in=rounds).delete()
    # every run starts alike: without this, the dead rows of earlier runs (each submission updates
    # ~20 count rows) make autovacuum run in the middle of the timed minute
    from django.db import connection

    with connection.cursor() as cursor:
        for model in (Response, OptionCount, RespondentTally, UsedSubmissionToken):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return pack, [(rnd, {tool: link_for(rnd, tool).code for tool in ("EIT", "IIT")}) for rnd in rounds]


def make_plan(pack, rounds, total: int, seed: int) -> list[dict]:
    from django.middleware.csrf import _get_new_csrf_string

    from prongsai.surveys.intake import issue_token

    rng = random.Random(seed)
    units = {rnd.pk: [u.code for u in rnd.agency.units.all()] for rnd, _ in rounds}
    services = {rnd.pk: [s.code for s in rnd.agency.service_types.all()] for rnd, _ in rounds}
    plan = []
    for i in range(total):
        rnd, links = rounds[i % len(rounds)]
        tool = "EIT" if rng.random() < 0.6 else "IIT"
        csrf = _get_new_csrf_string()
        fields = {"csrfmiddlewaretoken": csrf, "token": issue_token(), "current_lang": "th",
                  "unit": rng.choice(units[rnd.pk])}
        if tool == "EIT":
            fields["service_type"] = rng.choice(services[rnd.pk])
        else:
            fields["eligible"] = "yes"
        for d in pack.demographics.get(tool, []):
            fields[f"d_{d.code}"] = rng.randint(1, len(d.options))
        for q in pack.questions:
            if q.tool == tool:
                fields[f"q_{q.code}"] = rng.randint(1, len(pack.scales[q.scale].options))
        query = "eligible=yes" if tool == "IIT" else ""
        plan.append({"round": rnd.pk, "path": f"/s/{links[tool]}/", "query": query, "body": urlencode(fields), "csrf": csrf})
    return plan


def settle(below: float = 1.0, limit: float = 90) -> float:
    """Wait (at most `limit` s) until the 1-minute load average is below `below`: a run measures
    the server, not the tail of whatever ran just before (a previous run's checks, a test suite)."""
    started = time.time()
    while os.getloadavg()[0] >= below and time.time() - started < limit:
        time.sleep(2)
    return time.time() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer")


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(p) for p in (task / "children").read_text().split()]
    return out


def recount(round_ids: list[int]) -> dict:
    """Counts and tallies as stored, and as recounted from the raw Response rows."""
    from prongsai.surveys.models import OptionCount, RespondentTally, Response

    options, tallies, rows = Counter(), Counter(), 0
    for tool, unit, service, language, r, answers, demographics in Response.objects.filter(
        round_id__in=round_ids
    ).values_list("tool", "unit_id", "service_type_id", "language", "round_id", "answers", "demographics").iterator():
        rows += 1
        for q, o in answers.items():
            options[(r, tool, q, unit, service, o)] += 1
        for d, o in demographics.items():
            options[(r, tool, d, None, None, o)] += 1
        tallies[(r, tool, unit, service, language)] += 1
    stored_options = Counter({
        tuple(k): n for *k, n in OptionCount.objects.filter(round_id__in=round_ids)
        .values_list("round_id", "tool", "question", "unit_id", "service_type_id", "option", "count") if n
    })
    stored_tallies = Counter({
        tuple(k): n for *k, n in RespondentTally.objects.filter(round_id__in=round_ids)
        .values_list("round_id", "tool", "unit_id", "service_type_id", "language", "count") if n
    })
    per_round = Counter(Response.objects.filter(round_id__in=round_ids).values_list("round_id", flat=True))
    return {"rows": rows, "per_round": per_round,
            "option_drift": sum(1 for k in set(options) | set(stored_options) if options[k] != stored_options[k]),
            "option_cells": len(options),
            "tally_drift": sum(1 for k in set(tallies) | set(stored_tallies) if tallies[k] != stored_tallies[k])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=300, help="submissions started per second (default 300)")
    parser.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3: measured best on 2 cores, docs/scale.md)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20, help="agencies the submissions are spread over")
    parser.add_argument("--flow", choices=["post", "full"], default="post")
    parser.add_argument("--kill", action="store_true", help="kill -9 one worker half-way through")
    parser.add_argument("--preload", action="store_true",
                        help="gunicorn --preload: the master loads the app once, a replacement worker is a fork of it")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = pgbench_db.ROOT / ".bench-data" / "intake"
    pgbench_db.setup()
    from django.db import connection

    pack, rounds = prepare_rounds(args.rounds)
    round_ids = [rnd.pk for rnd, _ in rounds]
    total = int(args.rate * args.duration)
    plan_file, out_file = work / "plan.json", work / "result.json"
    plan_file.write_text(json.dumps(make_plan(pack, rounds, total, args.seed)))
    with connection.cursor() as cursor:  # write out the previous run's dirty pages now, not mid-run
        cursor.execute("CHECKPOINT")
    connection.close()
    settled = settle()
    load_before = os.getloadavg()[0]

    port = free_port()
    env = {**os.environ, **pgbench_db.bench_env(), "PRONGSAI_SURVEY_RATE": "100000000/60", "DEBUG": "0"}
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "prongsai.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--worker-class", args.worker_class, "--threads", str(args.threads),
         "--timeout", "30", "--log-level", "warning", *(["--preload"] if args.preload else [])],
        cwd=pgbench_db.ROOT, env=env,
    )
    killed = None
    try:
        wait_ready(port, f"/s/{rounds[0][1]['EIT']}/")
        for _ in range(args.workers * 3):  # every worker loads the app and opens its connection
            wait_ready(port, f"/s/{rounds[0][1]['EIT']}/")
        started = time.perf_counter()
        gen = subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "loadgen.py"), "--port", str(port), "--plan", str(plan_file),
             "--rate", str(args.rate), "--duration", str(args.duration), "--flow", args.flow, "--out", str(out_file)],
        )
        if args.kill:
            time.sleep(args.duration / 2)
            killed = children(gunicorn.pid)[0]
            os.kill(killed, signal.SIGKILL)
        _, status, usage = os.wait4(gen.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit("the load generator failed")
        wall = time.perf_counter() - started
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)
    result = json.loads(out_file.read_text())
    check = recount(round_ids)
    acked = result["outcomes"].get("acknowledged", 0)
    lat = [x * 1000 for x in result["latencies"]]
    failed = sum(n for k, n in result["outcomes"].items() if k != "acknowledged")
    lost = sum(max(0, n - check["per_round"].get(int(r), 0)) for r, n in result["acknowledged_rounds"].items())
    load = os.getloadavg()
    print(f"intake under load: gunicorn {args.workers} {args.worker_class} worker(s)"
          f"{f' × {args.threads} threads' if args.worker_class == 'gthread' else ''}{', preloaded' if args.preload else ''}, PostgreSQL {connection.pg_version}, "
          f"{os.cpu_count()} cores shared with the generator, flow {args.flow}; load average {load_before:.2f} at the start "
          f"(after {settled:.0f} s waiting for the machine to settle), {load[0]:.1f} at the end")
    print(f"  planned {result['planned']:,} submissions at {args.rate:g}/s over {args.duration:g} s "
          f"to {len(rounds)} rounds; sending took {result['send_seconds']:.1f} s, the last answer came at "
          f"{result['wall_seconds']:.1f} s (schedule lag max {result['schedule_lag_max'] * 1000:.0f} ms)")
    print(f"  acknowledged {acked:,} ({acked / result['wall_seconds']:.0f}/s over the whole run); "
          f"not acknowledged {failed:,} {dict((k, v) for k, v in result['outcomes'].items() if k != 'acknowledged')}")
    print(f"  latency of acknowledged submissions (from the scheduled start): p50 {pct(lat, 50):.0f} ms, "
          f"p95 {pct(lat, 95):.0f} ms, p99 {pct(lat, 99):.0f} ms, max {max(lat, default=0):.0f} ms "
          f"(target: ≥ 300/s, p99 ≤ 250 ms)")
    print(f"  where the answers over 250 ms were: {slow_seconds(result['timeline'], 0.25)}")
    print(f"  load generator CPU: {usage.ru_utime + usage.ru_stime:.1f} s of {wall:.1f} s")
    if killed:
        print(f"  killed gunicorn worker pid {killed} with SIGKILL at {args.duration / 2:g} s")
    print(f"  database: {check['rows']:,} Response rows for those rounds; acknowledged but missing: {lost}; "
          f"rows beyond the acknowledged: {check['rows'] - acked}")
    print(f"  option counts vs recount from raw rows: {check['option_drift']} cell(s) differ of {check['option_cells']:,}; "
          f"respondent tallies: {check['tally_drift']} differ")
    ok = lost == 0 and check["option_drift"] == 0 and check["tally_drift"] == 0 and check["rows"] - acked <= failed
    print("  checks: " + ("OK — no acknowledged response lost, no count drift" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
