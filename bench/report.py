"""`make bench-report`: server-side time of one agency's results page with the national set in
PostgreSQL (bench/load_synth.py loads it first when missing).

The page /rounds/<pk>/ is requested through Django's test Client in this process, so the time
is the server's alone: URL routing, middleware, the report's queries, scoring and template
rendering; no network or browser. A sample of agencies spread over all sizes (and the largest
ones) is requested once each after a short warm-up. Prints p50/p95/p99, the queries per page and
whether any query read the raw responses. Figures are printed, not asserted.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgbench_db  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=300, help="agencies to request (default 300)")
    parser.add_argument("--year", type=int, default=2567)
    args = parser.parse_args()
    data = pgbench_db.ROOT / ".bench-data"
    pgbench_db.setup()
    from load_synth import load

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Sum
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from prongsai.agencies.models import AssessmentRound

    if not AssessmentRound.objects.filter(fiscal_year=args.year, agency__synthetic=True).exists():
        if not (data / "R.parquet").exists():
            raise SystemExit(f"no national set in {data}: run `make bench` or `prongsai synth --out {data}` first")
        load(data, args.year, raw=True)
    rounds = list(
        AssessmentRound.objects.filter(fiscal_year=args.year, agency__synthetic=True)
        .annotate(n=Sum("respondent_tallies__count")).order_by("n", "pk").values_list("pk", "n")
    )
    step = max(1, len(rounds) // args.sample)
    sample = rounds[::step][: args.sample] + rounds[-10:]  # every size, and the 10 largest
    user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
    client = Client()
    client.force_login(user)
    for pk, _ in sample[:5]:  # warm-up: templates, packs, connection
        assert client.get(f"/rounds/{pk}/").status_code == 200
    times, cpu, queries, raw_reads = [], [], [], 0
    for pk, _ in sample:
        with CaptureQueriesContext(connection) as ctx:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(f"/rounds/{pk}/")
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"/rounds/{pk}/ answered {response.status_code}")
        queries.append(len(ctx.captured_queries))
        raw_reads += sum("surveys_response" in q["sql"] for q in ctx.captured_queries)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM surveys_response")
        raw_rows = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM surveys_optioncount")
        count_rows = cur.fetchone()[0]
    sizes = [n or 0 for _, n in sample]
    print(f"results page /rounds/<pk>/, server side (Django test Client, in process), PostgreSQL {connection.pg_version}")
    print(f"  database: {len(rounds):,} rounds, {count_rows:,} option-count rows, {raw_rows:,} raw responses")
    print(f"  sample: {len(sample)} agencies, {min(sizes)}–{max(sizes)} questionnaires each")
    print(f"  p50 {pct(times, 50):6.1f} ms   p95 {pct(times, 95):6.1f} ms   p99 {pct(times, 99):6.1f} ms   "
          f"max {max(times):6.1f} ms   mean {statistics.mean(times):6.1f} ms   (target p95 ≤ 100 ms)")
    print(f"  CPU time of this process per page (excludes PostgreSQL; less sensitive to other load): "
          f"p50 {pct(cpu, 50):6.1f} ms   p95 {pct(cpu, 95):6.1f} ms   p99 {pct(cpu, 99):6.1f} ms")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    largest = times[-10:]
    print(f"  the 10 largest agencies: median {statistics.median(largest):6.1f} ms, max {max(largest):6.1f} ms")
    print(f"  queries per page: {min(queries)}–{max(queries)}; queries reading raw responses: {raw_reads}")


if __name__ == "__main__":
    main()
