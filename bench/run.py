"""`make bench`: national-scale figures for `prongsai score` on this machine.

Generates the national set once into .bench-data/ (prongsai synth), then measures, each in
its own process (wall time with time.perf_counter, peak RSS with os.wait4's rusage):
- `prongsai score` end to end from CSV and from Parquet (JSON written to a file);
- the pandas baseline (bench/baseline_pandas.py) from CSV, and the ratio;
and checks the outputs: CSV and Parquet give the same bytes; on a sample of agencies the
bulk engine gives the same bytes as the exact engine; the baseline's scores against ours.
Figures are printed, not asserted: benchmarks are not tests.
"""
from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRONGSAI = [str(BIN / "prongsai")] if (BIN / "prongsai").exists() else [sys.executable, "-m", "prongsai"]
FW = "bma-district-2567"
TARGETS = {"csv": 3.0, "parquet": 1.0, "ratio": 10.0, "memory": 2 * 1024**3}


def measure(cmd: list[str], stdout: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS bytes and CPU seconds (user + system, all threads) of one process."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    if stdout:
        out.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def repeat(n: int, cmd: list[str], stdout: Path | None = None) -> tuple[float, float, int, float]:
    """Median and best wall time, largest peak RSS, median CPU time of n runs."""
    runs = [measure(cmd, stdout) for _ in range(n)]
    walls = [w for w, _, _ in runs]
    return statistics.median(walls), min(walls), max(m for _, m, _ in runs), statistics.median(c for _, _, c in runs)


ENGINE = """
import sys, time
from prongsai.scoring import load_pack
from prongsai.bulk.score import bulk_inputs, score_json_parts
pack = load_pack(sys.argv[1])
started = time.perf_counter()
tallies, published = bulk_inputs(pack, sys.argv[2], sys.argv[3])
with open(sys.argv[4], "wb") as out:
    out.writelines([*score_json_parts(pack, tallies, published), b"\\n"])
print(time.perf_counter() - started)
"""


def engine_time(n: int, r: Path, o: Path, out: Path) -> float:
    """Median seconds of the bulk engine alone (read, validate, tally, score, write the JSON), in-process."""
    runs = []
    for _ in range(n):
        done = subprocess.run([sys.executable, "-c", ENGINE, FW, str(r), str(o), str(out)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(float(done.stdout))
    return statistics.median(runs)


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def mib(n: int) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def synth(data: Path, agencies: int, responses: int, seed: int) -> float:
    stamp = data / "synth-seconds.txt"
    if (data / "R.parquet").exists() and stamp.exists():
        return float(stamp.read_text())
    wall, _, _ = measure([*PRONGSAI, "synth", "--agencies", str(agencies), "--responses", str(responses),
                       "--seed", str(seed), "--out", str(data)])
    stamp.write_text(f"{wall:.3f}")
    return wall


def sample_check(data: Path, every: int) -> tuple[int, bool]:
    """Every n-th agency: the exact engine (small CSV) and the bulk engine (Parquet) on the same rows."""
    import polars as pl

    r = pl.read_parquet(data / "R.parquet")
    o = pl.read_parquet(data / "O.parquet")
    codes = sorted(set(r["agency_code"].unique()))[::every]
    folder = data / "sample"
    folder.mkdir(exist_ok=True)
    r = r.filter(pl.col("agency_code").is_in(codes))
    o = o.filter(pl.col("agency_code").is_in(codes))
    r.write_csv(folder / "R.csv"), o.write_csv(folder / "O.csv")
    r.write_parquet(folder / "R.parquet"), o.write_parquet(folder / "O.parquet")
    assert (folder / "R.csv").stat().st_size < 2_000_000, "the sample must stay on the exact path"
    exact = subprocess.run([*PRONGSAI, "score", "--framework", FW, "--responses", str(folder / "R.csv"),
                            "--oit", str(folder / "O.csv")], capture_output=True, check=True, cwd=ROOT).stdout
    bulk = subprocess.run([*PRONGSAI, "score", "--framework", FW, "--responses", str(folder / "R.parquet"),
                           "--oit", str(folder / "O.parquet")], capture_output=True, check=True, cwd=ROOT).stdout
    national = {a["agency_code"]: a for a in json.loads((data / "out-parquet.json").read_text())["agencies"]}
    same_as_national = all(national[a["agency_code"]] == a for a in json.loads(exact)["agencies"])
    return len(codes), exact == bulk and same_as_national


def compare_baseline(ours: Path, theirs: Path) -> dict[str, int]:
    """How many agencies' ITA and tool scores the pandas baseline gets equal / a cent or two off / further off.

    The baseline rounds with floats, so a true half cent (28.635) can come out a cent low in a
    weighted part, and the ITA (a sum of three parts) up to two cents low."""
    mine = {a["agency_code"]: a for a in json.loads(ours.read_text())["agencies"]}
    tally = {"equal": 0, "off by 0.01–0.02 (float rounding of half cents)": 0, "further off": 0}
    with theirs.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a = mine[row["agency_code"]]
            figures = [(a["ita"], row["ITA"])] + [(a["tools"][t]["score"], row[t]) for t in ("IIT", "EIT", "OIT")]
            worst = 0.0
            for m, t in figures:
                if (m is None) != (t == ""):
                    worst = 1.0
                elif m is not None:
                    worst = max(worst, abs(m - float(t)))
            key = list(tally)[0 if worst < 0.005 else 1 if worst < 0.025 else 2]
            tally[key] += 1
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=8317)
    parser.add_argument("--responses", type=int, default=1_350_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each prongsai measurement (median shown)")
    parser.add_argument("--data", default=str(ROOT / ".bench-data"))
    parser.add_argument("--baseline-repeat", type=int, default=3, help="pairs of a prongsai run and a pandas run back to back (median ratio shown)")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    data = Path(args.data) / f"national-{args.agencies}-{args.responses}-{args.seed}"
    data.mkdir(parents=True, exist_ok=True)

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; Python {sys.version.split()[0]}")
    synth_wall = synth(data, args.agencies, args.responses, args.seed)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(data.glob("[RO].*")))
    print(f"national set: {args.agencies:,} agencies, {args.responses:,} questionnaires ({sizes})")
    print(f"  synth (prongsai synth, once, cached)     {synth_wall:6.2f} s")

    # Prongsai's modules compiled to bytecode, as an installed package has them (pip compiles a wheel's);
    # an editable checkout under PYTHONDONTWRITEBYTECODE=1 (this machine sets it) would compile them
    # again at every start of prongsai score: 0.03–0.07 s of each run
    compiled = compileall.compile_dir(ROOT / "prongsai", quiet=1)
    print(f"  prongsai's bytecode compiled (as installed): {'yes' if compiled else 'NO'}; PYTHONDONTWRITEBYTECODE="
          f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    startup, _, _, startup_cpu = repeat(args.repeat, [*PRONGSAI, "score", "--help"])
    score = [*PRONGSAI, "score", "--framework", FW]
    csv_med, csv_min, csv_mem, csv_cpu = repeat(args.repeat, [*score, "--responses", str(data / "R.csv"), "--oit", str(data / "O.csv")], data / "out-csv.json")
    pq_med, pq_min, pq_mem, pq_cpu = repeat(args.repeat, [*score, "--responses", str(data / "R.parquet"), "--oit", str(data / "O.parquet")], data / "out-parquet.json")
    same = (data / "out-csv.json").read_bytes() == (data / "out-parquet.json").read_bytes()
    memory = max(csv_mem, pq_mem)
    engine_csv = engine_time(args.repeat, data / "R.csv", data / "O.csv", data / "engine-csv.json")
    engine_pq = engine_time(args.repeat, data / "R.parquet", data / "O.parquet", data / "engine-parquet.json")
    print("  times: median wall of the runs (best in brackets); cpu = user + system seconds of all threads")
    print(f"  process start-up (prongsai score --help) {startup:6.2f} s   cpu {startup_cpu:.2f}   (inside the end-to-end times)")
    print(f"  end to end from CSV                       {csv_med:6.2f} s   (best {csv_min:.2f})   cpu {csv_cpu:.2f}   target ≤ {TARGETS['csv']:.0f} s: {verdict(csv_med <= TARGETS['csv'])}")
    print(f"  end to end from Parquet                   {pq_med:6.2f} s   (best {pq_min:.2f})   cpu {pq_cpu:.2f}   target ≤ {TARGETS['parquet']:.0f} s: {verdict(pq_med <= TARGETS['parquet'])}")
    print(f"  engine alone from CSV (in-process)        {engine_csv:6.2f} s   (read, validate, tally, score, write JSON)")
    print(f"  engine alone from Parquet (in-process)    {engine_pq:6.2f} s")
    print(f"  peak memory (largest RSS of those runs)   {mib(memory):>8}   target ≤ 2 GiB: {verdict(memory <= TARGETS['memory'])}")
    print(f"  CSV and Parquet give the same JSON bytes: {same}   ({(data / 'out-csv.json').stat().st_size / 1e6:.1f} MB)")
    n, identical = sample_check(data, every=max(1, args.agencies // 40))
    print(f"  exact engine = bulk engine, byte for byte, on a sample of {n} agencies: {identical}")
    if args.skip_baseline:
        return
    # each baseline run right after a prongsai run from the same CSV, and the ratio taken per pair: on a
    # shared machine whose speed drifts by a third within minutes (session 14), figures measured
    # minutes apart compare the machine's moods as much as the programs
    baseline = [sys.executable, str(ROOT / "bench" / "baseline_pandas.py"), str(data / "R.csv"), str(data / "O.csv"),
                str(data / "out-pandas.csv")]
    pairs = []
    ours_cmd = [*score, "--responses", str(data / "R.csv"), "--oit", str(data / "O.csv")]
    for n in range(args.baseline_repeat):  # the order alternates: neither always finds the file cache warm
        if n % 2 == 0:
            ours, _, ours_cpu = measure(ours_cmd, data / "out-csv.json")
        theirs, theirs_mem, theirs_cpu = measure(baseline, data / "out-pandas.seconds")
        if n % 2 == 1:
            ours, _, ours_cpu = measure(ours_cmd, data / "out-csv.json")
        pairs.append((theirs, ours, theirs_mem, theirs_cpu, ours_cpu))
    base_wall = statistics.median(p[0] for p in pairs)
    base_mem = max(p[2] for p in pairs)
    ratio = statistics.median(p[0] / p[1] for p in pairs)
    cpu_ratio = statistics.median(p[3] / p[4] for p in pairs)
    base_engine = float((data / "out-pandas.seconds").read_text())
    print(f"  pandas baseline from CSV, end to end      {base_wall:6.2f} s   cpu {statistics.median(p[3] for p in pairs):.2f}   peak {mib(base_mem)}")
    print(f"  pandas baseline alone (in-process)        {base_engine:6.2f} s")
    print(f"  speed-up against pandas, end to end, CSV  {ratio:6.1f} ×   target ≥ {TARGETS['ratio']:.0f} ×: {verdict(ratio >= TARGETS['ratio'])}")
    print("    (median over pairs of back-to-back runs, prongsai first then pandas first in turn: "
          + ", ".join(f"{t:.2f}/{o:.2f} s = {t / o:.1f} ×" for t, o, *_ in pairs) + f"; against the median above: {base_wall / csv_med:.1f} ×)")
    print(f"  the same in CPU seconds (steadier when the machine is shared; Polars uses both cores) {cpu_ratio:.1f} ×")
    print(f"  speed-up, in-process, CSV                 {base_engine / engine_csv:6.1f} ×   (Parquet {base_engine / engine_pq:.1f} ×)")
    print(f"  pandas baseline vs prongsai (ITA, IIT, EIT, OIT per agency): {compare_baseline(data / 'out-csv.json', data / 'out-pandas.csv')}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
