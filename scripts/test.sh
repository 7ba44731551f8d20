#!/usr/bin/env bash
# The whole suite, twice: on SQLite, then on PostgreSQL (DATABASE_URL_PG, default the local
# server at 127.0.0.1:5432, user postgres, database test). When no PostgreSQL server answers,
# the second leg says so loudly and is skipped; it never passes silently.
set -uo pipefail
PY=${PY:-.venv/bin/python}
PG_URL=${DATABASE_URL_PG:-postgres://postgres@127.0.0.1:5432/test}
export PRONGSAI_DATA_DIR=${PRONGSAI_DATA_DIR:-$PWD/.test-data}
mkdir -p "$PRONGSAI_DATA_DIR"

echo "=== test suite on SQLite"
env -u DATABASE_URL "$PY" -m pytest -q "$@"
sqlite_rc=$?

echo "=== test suite on PostgreSQL ($PG_URL)"
if "$PY" - "$PG_URL" <<'PYEOF'
import sys, psycopg
url = sys.argv[1].replace("postgres://", "postgresql://", 1)
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    print(f"no PostgreSQL server answers: {exc}", file=sys.stderr)
    sys.exit(1)
PYEOF
then
  DATABASE_URL="$PG_URL" "$PY" -m pytest -q "$@"
  pg_rc=$?
else
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!! SKIPPED: the PostgreSQL leg did not run — no server at $PG_URL"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  pg_rc=0
fi
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
