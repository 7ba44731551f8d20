# Prongsai — `make start` installs and runs the app with SQLite and the demo data;
# `make test` installs and runs the whole test suite (SQLite, then PostgreSQL).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1:8000

.PHONY: start install install-test test demo messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(PY)
	$(PIP) install -q -e .

install-test: $(PY)
	$(PIP) install -q -e '.[test]'
	./scripts/system-deps.sh

start: install
	./scripts/system-deps.sh runtime
	DEBUG=1 $(VENV)/bin/prongsai migrate --noinput
	DEBUG=1 $(VENV)/bin/prongsai demo
	DEBUG=1 $(VENV)/bin/prongsai runserver $(HOST)

test: install-test
	PY=$(PY) ./scripts/test.sh

# Recompile the Thai/English UI translations after editing prongsai/locale/*/LC_MESSAGES/django.po
messages: $(PY)
	cd prongsai && DEBUG=1 ../$(VENV)/bin/prongsai compilemessages

clean:
	rm -rf $(VENV) .test-data *.egg-info

# National-scale figures of `prongsai score` (see docs/scale.md): generates the national set once
# into .bench-data/, prints times, peak memory and the ratio against a pandas baseline. Not a test.
.PHONY: bench
bench: $(PY)
	$(PIP) install -q -e '.[bench]'
	$(PY) bench/run.py

# Figures of the production set-up (docs/deployment.md, docs/scale.md) in a PostgreSQL database of
# their own (BENCH_DATABASE_URL, default prongsai_bench on 127.0.0.1 — never the test database).
# bench-report: the national set loaded, one agency's results page, p50/p95/p99 server side.
# bench-intake: gunicorn (--preload, as docs/deployment.md runs it) + a load generator on loopback, 60 s, then again with a worker killed;
# INTAKE_ARGS passes options (e.g. INTAKE_ARGS="--rate 100 --workers 5"). Not tests; not in CI.
.PHONY: bench-report bench-intake
bench-report: $(PY)
	$(PIP) install -q -e '.[bench,prod]'
	test -f .bench-data/R.parquet || $(VENV)/bin/prongsai synth --out .bench-data
	$(PY) bench/report.py

bench-intake: $(PY)
	$(PIP) install -q -e '.[bench,prod]'
	$(PY) bench/intake.py --preload $(INTAKE_ARGS)
	$(PY) bench/intake.py --kill --preload $(INTAKE_ARGS)
