"""bench/load_synth.py (what `make bench-report` measures the results page on) writes the tables
the app reads, by COPY and by hand, so a column added to a model can break it while nothing in
the app does (a unit's Chinese/Burmese names did). Loaded here into the test database from a
small synthetic set, every round must score as the exact engine scores the same CSV files."""
import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection

from prongsai.agencies.models import AssessmentRound
from prongsai.bulk.synth import synthesize, write
from prongsai.reports.scores import round_breakdown
from prongsai.scoring import breakdown_json, load_pack, score
from prongsai.scoring.inputs import agency_inputs, parse_responses, parse_verdicts, read_table
from prongsai.surveys.models import Response

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the loader writes with PostgreSQL's COPY"),
]
BENCH = Path(__file__).resolve().parents[3] / "bench"


def load_synth_module():
    sys.path.insert(0, str(BENCH))  # it imports its neighbour pgbench_db
    try:
        spec = importlib.util.spec_from_file_location("load_synth", BENCH / "load_synth.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


def test_loaded_rounds_score_as_the_exact_engine_scores_the_files(tmp_path, settings):
    settings.PRONGSAI_MIN_CELL = 1  # every tool shown, however few answered it
    pack = load_pack("bma-district-2567")
    files = write(synthesize(pack, 12, 1_500, seed=3), tmp_path)
    load_synth_module().load(tmp_path, 2567, raw=True)

    expected = {
        data.agency_code: breakdown_json(score(pack, data))
        for data in agency_inputs(pack, parse_responses(pack, read_table(files["R.csv"])).responses,
                                  parse_verdicts(pack, read_table(files["O.csv"])))
    }
    rounds = AssessmentRound.objects.filter(agency__synthetic=True, fiscal_year=2567).select_related("agency")
    assert sorted(r.agency.code for r in rounds) == sorted(expected)
    for rnd in rounds:
        got = breakdown_json(round_breakdown(rnd))
        assert got == expected[rnd.agency.code], rnd.agency.code
    assert Response.objects.filter(round__in=rounds).count() == 1_500
    units = rounds[0].agency.units.order_by("order")
    assert [u.name_th for u in units] == [u.name.th for u in pack.default_units]
