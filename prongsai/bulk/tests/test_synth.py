"""prongsai synth: deterministic, valid for the exact reader, with realistic spreads."""
import io
import subprocess
import sys

import numpy as np
import polars as pl
import pytest
from django.core.management import call_command

from prongsai.bulk.synth import synthesize, write
from prongsai.scoring import load_pack
from prongsai.scoring.inputs import parse_responses, parse_verdicts, read_table

PACK = load_pack("bma-district-2567")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    return write(synthesize(PACK, 50, 20_000, seed=1), out)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, sample):
    again = write(synthesize(PACK, 50, 20_000, seed=1), tmp_path / "again")
    other = write(synthesize(PACK, 50, 20_000, seed=2), tmp_path / "other")
    for name, path in sample.items():
        assert again[name].read_bytes() == path.read_bytes(), name
    assert other["R.csv"].read_bytes() != sample["R.csv"].read_bytes()


def test_the_exact_reader_accepts_it(sample):
    parsed = parse_responses(PACK, read_table(sample["R.csv"]))
    assert len(parsed.responses) == 20_000
    assert parsed.warnings == []
    verdicts = parse_verdicts(PACK, read_table(sample["O.csv"]))
    assert {v.item for v in verdicts} == set(PACK.item_codes())


def test_parquet_holds_the_same_rows_as_csv(sample):
    csv = pl.read_csv(sample["R.csv"], infer_schema=False)
    parquet = pl.read_parquet(sample["R.parquet"]).select(pl.all().cast(pl.String))
    assert csv.equals(parquet)
    assert pl.read_csv(sample["O.csv"], infer_schema=False).equals(pl.read_parquet(sample["O.parquet"]))


def test_realistic_spreads(sample):
    r = pl.read_parquet(sample["R.parquet"])
    sizes = r.group_by("agency_code").len()["len"]
    assert sizes.n_unique() > 20 and sizes.max() > 4 * sizes.median()  # a long tail
    assert r["response_id"].n_unique() == r.height
    iit = r.filter(pl.col("tool") == "IIT")
    assert (iit["I1"] >= 5).mean() > 0.7  # higher is better, skewed positive
    assert (iit["I5"] == 1).mean() > 0.6  # lower is better, skewed to ไม่มีเลย
    assert (iit["I3"] == 2).mean() > 0.85  # yes/no mostly no
    assert 0 < iit["I2"].null_count() < 0.05 * iit.height  # some unanswered cells
    assert (r["language"] == "th").mean() > 0.9 and r["language"].n_unique() > 1
    assert r.filter(pl.col("tool") == "EIT")["job"].drop_nulls().n_unique() == 7
    o = pl.read_parquet(sample["O.parquet"])
    pass_rates = o.group_by("agency_code").agg((pl.col("result") == "pass").mean())["result"]
    assert pass_rates.std() > 0.05
    assert 0 < o["agency_code"].n_unique() <= 50


def test_national_shape_is_cheap_to_check_on_a_slice():
    # the size split is exact: every agency gets at least 10, the total is what was asked
    s = synthesize(PACK, 200, 30_000, seed=3)
    sizes = s.responses.group_by("agency_code").len()["len"].to_numpy()
    assert sizes.sum() == 30_000 and sizes.min() >= 10 and len(sizes) == 200
    assert np.all(s.responses.group_by("agency_code").agg((pl.col("tool") == "IIT").sum())["tool"].to_numpy() >= 5)


def test_the_command(tmp_path):
    out = io.StringIO()
    call_command("synth", "--agencies", "5", "--responses", "200", "--seed", "7", "--out", str(tmp_path), stdout=out)
    assert {p.name for p in tmp_path.iterdir()} == {"R.csv", "O.csv", "R.parquet", "O.parquet"}
    assert "5 agencies, 200 questionnaires" in out.getvalue()


def test_the_command_refuses_impossible_sizes(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "prongsai", "synth", "--agencies", "10", "--responses", "50", "--out", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: --responses must be at least 10 per agency (100 for 10 agencies)"
