"""prongsai score — score agencies from R.csv / O.csv / Q.csv. A stable interface: the
central office's scripts depend on its options, its JSON and its exit status.

Large inputs (a responses or OIT file of BULK_MIN_BYTES or more) and Parquet files go through
the vectorised bulk engine (`prongsai.bulk`), which prints the same JSON byte for byte; any
file it cannot vouch for — including every file with an error — is read by the exact reader,
so the error messages are always the exact reader's."""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.scoring import PackError, breakdown_json, breakdown_table, load_pack, score
from prongsai.scoring.inputs import (
    InputErrors, agency_inputs, parse_question_scores, parse_responses, parse_verdicts, read_table,
)

BULK_MIN_BYTES = 2_000_000  # about 20,000 questionnaires


def wants_bulk(paths) -> bool:
    """Parquet, or big enough that the vectorised engine pays for its start-up."""
    for path in filter(None, paths):
        path = Path(path)
        if path.suffix.lower() == ".parquet":
            return True
        if path.suffix.lower() == ".csv" and path.is_file() and path.stat().st_size >= BULK_MIN_BYTES:
            return True
    return False


def read_any(path):
    """The exact reader's Table of a CSV, XLSX or Parquet file."""
    if Path(path).suffix.lower() == ".parquet":
        from prongsai.bulk.read import parquet_table

        return parquet_table(path)
    return read_table(path)


class Command(BaseCommand):
    help = (
        "Score every agency in the input files exactly as the official report does. "
        "Bad input: one line per problem on stderr, exit status 2."
    )
    requires_system_checks = []  # no database, URLs or templates: start scoring at once

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True, help="framework pack, e.g. bma-district-2567")
        parser.add_argument("--responses", metavar="R.csv", help="questionnaires: one row each (CSV, XLSX or Parquet)")
        parser.add_argument("--oit", metavar="O.csv", help="OIT verdicts: agency_code,item,result[,url]")
        parser.add_argument("--question-scores", metavar="Q.csv", help="published scores: agency_code,question,score")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **options):
        if not any(options[k] for k in ("responses", "oit", "question_scores")):
            self._fail(["give at least one of --responses, --oit, --question-scores"])
        try:
            pack = load_pack(options["framework"])
        except PackError as exc:
            self._fail(str(exc).splitlines())
        if wants_bulk(options[k] for k in ("responses", "oit", "question_scores")) and self._bulk(pack, options):
            return
        problems: list[str] = []
        warnings: list[str] = []
        parsed = {"responses": [], "verdicts": [], "scores": []}
        for option, key, parse in (
            ("responses", "responses", parse_responses),
            ("oit", "verdicts", parse_verdicts),
            ("question_scores", "scores", parse_question_scores),
        ):
            if not options[option]:
                continue
            try:
                result = parse(pack, read_any(options[option]))
            except InputErrors as exc:
                problems.extend(exc.problems)
                continue
            if key == "responses":
                warnings.extend(result.warnings)
                result = result.responses
            parsed[key] = result
        if problems:
            self._fail(InputErrors(problems).lines())
        self._print(pack, options, [score(pack, data) for data in agency_inputs(pack, **parsed)], warnings)

    def _bulk(self, pack, options) -> bool:
        """Score with the bulk engine; False when a file needs the exact reader."""
        from prongsai.bulk.read import Fallback
        from prongsai.bulk.score import agency_inputs as bulk_agency_inputs
        from prongsai.bulk.score import bulk_inputs, score_json

        try:
            tallies, published = bulk_inputs(pack, options["responses"], options["oit"], options["question_scores"])
        except Fallback:
            return False
        if options["format"] == "json":
            for w in tallies.warnings:
                self.stderr.write(f"warning: {w}")
            self.stdout.write(score_json(pack, tallies, published))
        else:
            results = [score(pack, data) for data in bulk_agency_inputs(pack, tallies, published)]
            self._print(pack, options, results, tallies.warnings)
        return True

    def _print(self, pack, options, results, warnings):
        for w in warnings:
            self.stderr.write(f"warning: {w}")
        if options["format"] == "json":
            document = {"framework": pack.code, "agencies": [breakdown_json(b) for b in results]}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n\n".join(breakdown_table(pack, b) for b in results))

    def _fail(self, lines):
        for line in lines:
            self.stderr.write(f"error: {line}")
        sys.exit(2)
