"""prongsai synth — deterministic synthetic assessment data (R.csv, O.csv and the same as
Parquet) with realistic spreads, for benchmarks and demos. Same options → the same bytes."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.commands import fail
from prongsai.scoring import PackError, load_pack


class Command(BaseCommand):
    help = (
        "Write deterministic synthetic survey data for benchmarks: DIR/R.csv and DIR/O.csv in the "
        "formats `prongsai score` reads, and the same as DIR/R.parquet and DIR/O.parquet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=8317, help="number of agencies (default 8317, the national set)")
        parser.add_argument("--responses", type=int, default=1_350_000, help="number of questionnaires (default 1350000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--framework", default="bma-district-2567", help="framework pack (default bma-district-2567)")
        parser.add_argument("--out", required=True, metavar="DIR", help="directory to write the files into")

    def handle(self, *args, **options):
        from prongsai.bulk.synth import synthesize, write

        agencies, responses = options["agencies"], options["responses"]
        if agencies < 1:
            self._fail(["--agencies must be at least 1"])
        if responses < 10 * agencies:
            self._fail([f"--responses must be at least 10 per agency ({10 * agencies} for {agencies} agencies)"])
        try:
            pack = load_pack(options["framework"])
        except PackError as exc:
            self._fail(str(exc).splitlines())
        if options["seed"] < 0:
            self._fail([f"--seed must be 0 or more, not {options['seed']}"])
        if not options["out"].strip():
            self._fail(["--out: give a folder (the current one is '.')"])
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            self._fail([f"{out}: exists and is not a directory"])
        started = time.perf_counter()
        try:
            paths = write(synthesize(pack, agencies, responses, options["seed"]), out)
        except OSError as exc:
            self._fail([f"--out {out}: cannot be written: {exc.strerror or exc}"])
        elapsed = time.perf_counter() - started
        for path in paths.values():
            self.stdout.write(f"{path}  {path.stat().st_size:,} bytes")
        self.stdout.write(f"{agencies:,} agencies, {responses:,} questionnaires in {elapsed:.1f} s")

    def _fail(self, lines):
        fail(self.stderr, lines)
