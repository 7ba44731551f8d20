"""The benchmark database: a separate PostgreSQL database (never the test suite's `test`).

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/prongsai_bench) names it; it is
created when missing and migrated. Import `setup()` before anything touches Django.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/prongsai_bench"


def url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def bench_env() -> dict[str, str]:
    """The environment the app runs with in the benchmarks (in-process and under gunicorn)."""
    data = ROOT / ".bench-data" / "app"
    data.mkdir(parents=True, exist_ok=True)
    return {
        "DATABASE_URL": url(),
        "PRONGSAI_DATA_DIR": str(data),
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CONN_MAX_AGE": "600",
    }


def ensure_database() -> None:
    import psycopg

    target = url().replace("postgres://", "postgresql://", 1)
    name = target.rsplit("/", 1)[1]
    if name in ("test", "postgres") or name.startswith("test_"):
        raise SystemExit(f"refusing to benchmark in database {name!r}: use a database of its own")
    admin = target.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup(migrate: bool = True) -> None:
    os.environ.update(bench_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    sys.path.insert(0, str(ROOT))
    ensure_database()
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
