"""prongsai score — score agencies from R.csv / O.csv / Q.csv. A stable interface: the
central office's scripts depend on its options, its JSON and its exit status.

Free of Django, so `prongsai score` starts without it (prongsai/cli.py); the management
command (`call_command("score", …)`, `prongsai help score`) wraps the same functions.

Large inputs (a responses or OIT file of BULK_MIN_BYTES or more) and Parquet files go through
the vectorised bulk engine (`prongsai.bulk`), which prints the same JSON byte for byte; any
file it cannot vouch for — including every file with an error — is read by the exact reader,
so the error messages are always the exact reader's."""
import argparse
import json
import os
import sys
from pathlib import Path

from msgspec.structs import replace

from prongsai.commands import fail
from prongsai.scoring import PackError, breakdown_json, breakdown_table, load_pack, load_pack_text, score, shipped_packs
from prongsai.scoring.packs import pack_file_text
from prongsai.scoring.inputs import (
    InputErrors, agency_inputs, parse_question_scores, parse_responses, parse_verdicts, read_table, without_oit,
)

HELP = (
    "Score every agency in the input files exactly as the official report does. "
    "Bad input: one line per problem on stderr, exit status 2."
)
BULK_MIN_BYTES = 2_000_000  # about 20,000 questionnaires
INPUTS = ("responses", "oit", "question_scores")


class Lines:
    """A stream written a line at a time, as Django's OutputWrapper does for commands."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(text if text.endswith("\n") else text + "\n")

    def write_bytes(self, parts: list[bytes]) -> None:
        """UTF-8 text as it is, a line, written in its parts: no str of it, nor a copy joining them."""
        self.stream.flush()
        for part in parts:
            self.stream.buffer.write(part)
        if not parts or not parts[-1].endswith(b"\n"):
            self.stream.buffer.write(b"\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--framework", required=True,
                        help="framework pack: a code (bma-district-2567) or a pack file (a site's own framework, downloaded as YAML)")
    parser.add_argument("--responses", metavar="R.csv", help="questionnaires: one row each (CSV, XLSX or Parquet)")
    parser.add_argument("--oit", metavar="O.csv", help="OIT verdicts: agency_code,item,result[,url]")
    parser.add_argument("--question-scores", metavar="Q.csv", help="published scores: agency_code,question,score")
    parser.add_argument("--format", choices=["json", "table"], default="json")


def main(argv: list[str]) -> None:
    """`prongsai score …` from the shell: parse, score, print, and exit at once."""
    parser = argparse.ArgumentParser(prog="prongsai score", description=HELP)
    add_arguments(parser)
    django_options = parser.add_argument_group("accepted for compatibility with every prongsai command; no effect here")
    django_options.add_argument("-v", "--verbosity", type=int, choices=[0, 1, 2, 3], default=1)
    for flag in ("--traceback", "--no-color", "--force-color", "--skip-checks"):
        django_options.add_argument(flag, action="store_true")
    for option in ("--settings", "--pythonpath"):
        django_options.add_argument(option)
    options = vars(parser.parse_args(argv))
    try:
        run(options, Lines(sys.stdout), Lines(sys.stderr))
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written: skip the interpreter's tear-down of the large arrays (about 0.1 s
    # on the national set); the operating system frees the memory.
    os._exit(status)


def run(options: dict, stdout, stderr) -> None:
    """Score the files named in options; bad input → error lines on stderr and SystemExit(2)."""
    if not any(options.get(k) for k in INPUTS):
        fail(stderr, ["give at least one of --responses, --oit, --question-scores"])
    try:
        pack = framework_pack(options["framework"])
    except PackError as exc:
        fail(stderr, str(exc).splitlines())
    files = {k: options.get(k) for k in INPUTS}
    if wants_bulk(files.values()) and _bulk(pack, files, options["format"], stdout, stderr):
        return
    problems: list[str] = []
    warnings: list[str] = []
    parsed = {"responses": [], "verdicts": [], "scores": []}
    for option, key, parse in (
        ("responses", "responses", parse_responses),
        ("oit", "verdicts", parse_verdicts),
        ("question_scores", "scores", parse_question_scores),
    ):
        if not files[option]:
            continue
        try:
            result = parse(pack, read_any(files[option]))
        except InputErrors as exc:
            problems.extend(exc.problems)
            continue
        if key == "responses":
            warnings.extend(result.warnings)
            result = result.responses
        parsed[key] = result
    if problems:
        fail(stderr, InputErrors(problems).lines())
    inputs = agency_inputs(pack, **parsed)
    if files["oit"]:
        warnings += without_oit(Path(files["oit"]).name, (data.agency_code for data in inputs if not data.oit))
    results = [score(pack, data) for data in inputs]
    _print(pack, options["format"], results, warnings, stdout, stderr)


def untitled(pack):
    """A pack without its questions' titles, to compare with another."""
    return replace(pack, questions=[replace(q, title=None) for q in pack.questions])


def framework_pack(framework: str):
    """The pack a --framework names: a code, or a pack file (.yaml/.yml)."""
    if framework.lower().endswith((".yaml", ".yml")):
        path = Path(framework)
        pack = load_pack_text(path.name, pack_file_text(path))
        # output that would pass for the official one; a copy saved before questions had titles (the
        # name documents print, not scored) is the official one still
        if pack.code in shipped_packs() and untitled(pack) != untitled(load_pack(pack.code)):
            raise PackError(f"{path.name}: code: {pack.code} is a framework that comes with Prongsai, and this file differs "
                            "from it; give the changed framework a code of its own")
        return pack
    try:
        return load_pack(framework)
    except PackError as exc:
        raise PackError(f"{exc}\na framework added on the Frameworks page: give its YAML file (--framework {framework}.yaml), "
                        f"downloaded from /frameworks/{framework}.yaml") from None


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


def _bulk(pack, files, form, stdout, stderr) -> bool:
    """Score with the bulk engine; False when a file needs the exact reader."""
    from prongsai.bulk.read import Fallback
    from prongsai.bulk.score import agency_inputs as bulk_agency_inputs
    from prongsai.bulk.score import bulk_inputs, score_json_parts

    try:
        tallies, published = bulk_inputs(pack, files["responses"], files["oit"], files["question_scores"])
    except Fallback:
        return False
    if form == "json":
        for w in tallies.warnings:
            stderr.write(f"warning: {w}")
        parts = score_json_parts(pack, tallies, published)
        if isinstance(stdout, Lines):
            stdout.write_bytes(parts)
        else:  # a management command's stdout (call_command): text
            stdout.write(b"".join(parts).decode())
    else:
        results = [score(pack, data) for data in bulk_agency_inputs(pack, tallies, published)]
        _print(pack, form, results, tallies.warnings, stdout, stderr)
    return True


def _print(pack, form, results, warnings, stdout, stderr):
    for w in warnings:
        stderr.write(f"warning: {w}")
    if form == "json":
        document = {"framework": pack.code, "agencies": [breakdown_json(b) for b in results]}
        stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        stdout.write("\n\n".join(breakdown_table(pack, b) for b in results))
