"""prongsai score — score agencies from R.csv / O.csv / Q.csv. A stable interface: the
central office's scripts depend on its options, its JSON and its exit status."""
import json

from django.core.management.base import BaseCommand

from prongsai.commands import fail
from prongsai.scoring import PackError, breakdown_json, breakdown_table, load_pack, score
from prongsai.scoring.inputs import (
    InputErrors, agency_inputs, parse_question_scores, parse_responses, parse_verdicts, read_table,
)


class Command(BaseCommand):
    help = (
        "Score every agency in the input files exactly as the official report does. "
        "Bad input: one line per problem on stderr, exit status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("--framework", required=True, help="framework pack, e.g. bma-district-2567")
        parser.add_argument("--responses", metavar="R.csv", help="questionnaires: one row each (CSV or XLSX)")
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
                result = parse(pack, read_table(options[option]))
            except InputErrors as exc:
                problems.extend(exc.problems)
                continue
            if key == "responses":
                warnings.extend(result.warnings)
                result = result.responses
            parsed[key] = result
        if problems:
            self._fail(InputErrors(problems).lines())
        results = [score(pack, data) for data in agency_inputs(pack, **parsed)]
        for w in warnings:
            self.stderr.write(f"warning: {w}")
        if options["format"] == "json":
            document = {"framework": pack.code, "agencies": [breakdown_json(b) for b in results]}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n\n".join(breakdown_table(pack, b) for b in results))

    def _fail(self, lines):
        fail(self, lines)
