"""prongsai report --agency CODE --year 2567 [--format json|xlsx] [--output FILE] — a round's results report."""
import json
import sys

from django.core.management.base import BaseCommand

from prongsai.agencies.models import AssessmentRound
from prongsai.reports.export import report_json, report_xlsx


class Command(BaseCommand):
    help = (
        "Print one round's full results report: the scores in the schema of `prongsai score --format json` "
        "(ita, level, tools, indicators, questions) with the report's tables beside them (respondents, "
        "demographics, units, service types; cells resting on fewer than PRONGSAI_MIN_CELL respondents are null)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="agency code, e.g. 101041")
        parser.add_argument("--year", type=int, required=True, help="Buddhist-era fiscal year, e.g. 2567")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", help="write to this file (required for xlsx)")

    def handle(self, *args, **options):
        rnd = (
            AssessmentRound.objects.select_related("agency")
            .filter(agency__code=options["agency"], fiscal_year=options["year"]).first()
        )
        if rnd is None:
            self.stderr.write(f"error: no round for agency {options['agency']!r} in fiscal year {options['year']}")
            sys.exit(2)
        if options["format"] == "xlsx":
            if not options["output"]:
                self.stderr.write("error: --format xlsx needs --output FILE")
                sys.exit(2)
            with open(options["output"], "wb") as f:
                f.write(report_xlsx(rnd))
            self.stdout.write(f"wrote {options['output']}")
            return
        text = json.dumps(report_json(rnd), ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            self.stdout.write(text)
