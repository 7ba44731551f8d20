"""Load the synthetic national set (`prongsai synth`) into the benchmark PostgreSQL database.

    python bench/load_synth.py [--data .bench-data] [--year 2567] [--no-raw] [--fresh]

Creates one agency per agency code (with the pack's default units and service types), one
round each, and bulk-inserts with PostgreSQL COPY what the intake would have maintained:
option counts per (round, tool, question, service type, option), demographic counts per
(round, tool, code, option), respondent tallies per (round, tool, service type, language) and
OIT verdicts as disclosures. With raw rows (the default) every questionnaire is stored as a
Response too, so the report is measured beside 1.35 M raw rows it must not read.

Only ever writes the benchmark database (bench/pgbench_db.py); a second run is a no-op unless
--fresh (drop and recreate the database).
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgbench_db  # noqa: E402

FW = "bma-district-2567"


def copy_frame(cursor, table: str, columns: list[str], frame) -> int:
    """COPY a Polars frame (columns in this order) into a table as CSV; nulls go as empty."""
    buf = io.BytesIO()
    frame.select(columns).write_csv(buf, include_header=False, null_value="")
    cols = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(buf.getvalue())
    return frame.height


def load(data: Path, year: int, raw: bool) -> None:
    import polars as pl
    from django.db import connection, transaction
    from django.utils import timezone

    from prongsai.agencies.models import AssessmentRound
    from prongsai.agencies.services import bangkok
    from prongsai.scoring import load_pack

    pack = load_pack(FW)
    started = time.perf_counter()
    r = pl.read_parquet(data / "R.parquet")
    o = pl.read_parquet(data / "O.parquet")
    codes = sorted(r["agency_code"].unique().to_list())
    if AssessmentRound.objects.filter(fiscal_year=year, framework=FW, agency__synthetic=True).count() >= len(codes):
        print(f"already loaded: {len(codes):,} synthetic rounds of {year} (use --fresh to reload)")
        return
    now = timezone.now().isoformat()
    bma = bangkok().pk
    with transaction.atomic(), connection.cursor() as django_cursor:
        cur = django_cursor.cursor  # the psycopg cursor, for COPY
        agencies = pl.DataFrame({"code": codes}).with_columns(
            name_th=pl.lit("หน่วยงานสังเคราะห์ ") + pl.col("code"), name_en=pl.lit("Synthetic agency ") + pl.col("code"),
            synthetic=pl.lit(True), parent_id=pl.lit(bma),
        )
        copy_frame(cur, "agencies_agency", ["code", "name_th", "name_en", "synthetic", "parent_id"], agencies)
        cur.execute("SELECT code, id FROM agencies_agency WHERE code = ANY(%s)", [codes])
        ids = pl.DataFrame(cur.fetchall(), schema={"agency_code": pl.String, "agency_id": pl.Int64}, orient="row")
        units = ids.join(pl.DataFrame({
            "code": [u.code for u in pack.default_units], "name_th": [u.name.th for u in pack.default_units],
            "name_en": [u.name.en or "" for u in pack.default_units], "name_zh": [u.name.zh or "" for u in pack.default_units],
            "name_my": [u.name.my or "" for u in pack.default_units], "order": list(range(len(pack.default_units))),
        }), how="cross")
        copy_frame(cur, "agencies_unit", ["agency_id", "code", "name_th", "name_en", "name_zh", "name_my", "order"], units)
        services = ids.join(pl.DataFrame({
            "code": [s.code for s in pack.service_types], "name_th": [s.name.th for s in pack.service_types],
            "name_en": [s.name.en or "" for s in pack.service_types], "name_zh": [s.name.zh or "" for s in pack.service_types],
            "name_my": [s.name.my or "" for s in pack.service_types], "order": list(range(len(pack.service_types))),
        }), how="cross")
        copy_frame(cur, "agencies_servicetype", ["agency_id", "code", "name_th", "name_en", "name_zh", "name_my", "order"], services)
        rounds = ids.with_columns(fiscal_year=pl.lit(year), framework=pl.lit(FW), created_at=pl.lit(now))
        copy_frame(cur, "agencies_assessmentround", ["agency_id", "fiscal_year", "framework", "created_at"], rounds)
        cur.execute(
            "SELECT a.code, r.id FROM agencies_assessmentround r JOIN agencies_agency a ON a.id = r.agency_id "
            "WHERE r.fiscal_year = %s AND a.code = ANY(%s)", [year, codes],
        )
        round_ids = pl.DataFrame(cur.fetchall(), schema={"agency_code": pl.String, "round_id": pl.Int64}, orient="row")
        cur.execute(
            "SELECT a.code, s.code, s.id FROM agencies_servicetype s JOIN agencies_agency a ON a.id = s.agency_id "
            "WHERE a.code = ANY(%s)", [codes],
        )
        st_ids = pl.DataFrame(cur.fetchall(), schema={"agency_code": pl.String, "service_type": pl.String,
                                                    "service_type_id": pl.Int64}, orient="row")
        r = (r.with_row_index("row").join(round_ids, on="agency_code", how="left")
             .join(st_ids, on=["agency_code", "service_type"], how="left").sort("row"))
        print(f"  agencies, units, service types, rounds  {time.perf_counter() - started:6.1f} s")

        # option counts of the questions, per service type (IIT rows have none), as intake keeps them
        frames = []
        for tool in ("IIT", "EIT"):
            qs = pack.question_codes(tool)
            long = (r.filter(pl.col("tool") == tool).select("round_id", "service_type_id", *qs)
                    .unpivot(index=["round_id", "service_type_id"], on=qs, variable_name="question", value_name="option")
                    .drop_nulls("option"))
            frames.append(long.group_by("round_id", "service_type_id", "question", "option").len("count")
                          .with_columns(tool=pl.lit(tool)))
            demo = [d.code for d in pack.demographics.get(tool, [])]
            long = (r.filter(pl.col("tool") == tool).select("round_id", *demo)
                    .unpivot(index=["round_id"], on=demo, variable_name="question", value_name="option")
                    .drop_nulls("option"))
            frames.append(long.group_by("round_id", "question", "option").len("count")
                          .with_columns(tool=pl.lit(tool), service_type_id=pl.lit(None, dtype=pl.Int64)))
        counts = pl.concat(frames, how="diagonal")
        n = copy_frame(cur, "surveys_optioncount",
                       ["round_id", "tool", "question", "service_type_id", "option", "count"], counts)
        print(f"  option counts: {n:,} rows                {time.perf_counter() - started:6.1f} s")
        tallies = (r.group_by("round_id", "tool", "service_type_id", "language").len("count")
                   .with_columns(pl.col("language").fill_null("")))
        n = copy_frame(cur, "surveys_respondenttally", ["round_id", "tool", "service_type_id", "language", "count"], tallies)
        print(f"  respondent tallies: {n:,} rows            {time.perf_counter() - started:6.1f} s")
        disclosures = (o.join(round_ids, on="agency_code", how="left").with_columns(
            score=pl.when(pl.col("result") == "pass").then(100).otherwise(0),
            status=pl.when(pl.col("result") == "pass").then(pl.lit("passed")).otherwise(pl.lit("failed")),
            url=pl.lit(""), urls=pl.lit("[]"), note=pl.lit(""), comment=pl.lit(""), responsible_person=pl.lit(""),
            updated_at=pl.lit(now)))
        n = copy_frame(cur, "oit_disclosure", ["round_id", "item", "score", "status", "url", "urls", "note", "comment",
                                                "responsible_person", "updated_at"], disclosures)
        print(f"  OIT disclosures: {n:,} rows               {time.perf_counter() - started:6.1f} s")
        if raw:
            n = copy_raw(cur, r, pack, timezone.localdate().isoformat())
            print(f"  raw responses: {n:,} rows               {time.perf_counter() - started:6.1f} s")
    with connection.cursor() as cursor:
        for table in ("surveys_optioncount", "surveys_respondenttally", "oit_disclosure", "surveys_response",
                      "agencies_assessmentround", "agencies_agency", "agencies_servicetype", "agencies_unit"):
            cursor.execute(f"ANALYZE {table}")
    print(f"loaded {len(codes):,} agencies in {time.perf_counter() - started:.1f} s")


def copy_raw(cur, r, pack, today: str) -> int:
    """Every questionnaire as a Response row (answers and demographics as JSON, nulls left out)."""
    questions = {tool: pack.question_codes(tool) for tool in ("IIT", "EIT")}
    demo = {tool: [d.code for d in pack.demographics.get(tool, [])] for tool in ("IIT", "EIT")}
    n = 0
    cols = "id, round_id, tool, service_type_id, language, submitted_on, answers, demographics"
    with cur.copy(f"COPY surveys_response ({cols}) FROM STDIN") as copy:
        for row in r.iter_rows(named=True):
            tool = row["tool"]
            answers = {q: row[q] for q in questions[tool] if row[q] is not None}
            demographics = {d: row[d] for d in demo[tool] if row[d] is not None}
            copy.write_row((uuid.uuid4(), row["round_id"], tool, row["service_type_id"], row["language"] or "", today,
                            json.dumps(answers), json.dumps(demographics)))
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(pgbench_db.ROOT / ".bench-data"))
    parser.add_argument("--year", type=int, default=2567)
    parser.add_argument("--no-raw", action="store_true", help="skip the raw Response rows")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the benchmark database first")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "R.parquet").exists():
        raise SystemExit(f"no {data / 'R.parquet'}: run `prongsai synth --out {data}` (or make bench) first")
    if args.fresh:
        import psycopg

        target = pgbench_db.url().replace("postgres://", "postgresql://", 1)
        name = target.rsplit("/", 1)[1]
        if name in ("test", "postgres") or name.startswith("test_"):
            raise SystemExit(f"refusing to drop {name!r}")
        with psycopg.connect(target.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pgbench_db.setup()
    load(data, args.year, raw=not args.no_raw)


if __name__ == "__main__":
    main()
