"""prongsai report --agency CODE --year 2567 [--format json|xlsx] [--output FILE] — a round's results report."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.commands import be_year, fail, output_format, output_problems, write_output
from prongsai.reports.export import report_json, report_xlsx


class Command(BaseCommand):
    help = (
        "Print one round's full results report: the scores in the schema of `prongsai score --format json` "
        "(ita, level, tools, indicators, questions) with the report's tables beside them (respondents, "
        "demographics, units, service types; cells resting on fewer than PRONGSAI_MIN_CELL respondents are null)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="agency code, e.g. 101041")
        parser.add_argument("--year", type=be_year, required=True, help="Buddhist-era fiscal year, e.g. 2567")
        parser.add_argument("--format", choices=["json", "xlsx"],
                            help="json (the default) or xlsx; an --output ending in .xlsx or .json says it too (another suffix needs --format)")
        parser.add_argument("--output", help="write to this file (required for xlsx)")

    def handle(self, *args, **options):
        output = Path(options["output"]) if options["output"] else None
        fmt, problems = output_format(output, options["format"], ("json", "xlsx"), "--output")
        if problems:
            fail(self.stderr, problems)
        if fmt == "xlsx" and output is None:
            fail(self.stderr, ["--format xlsx needs --output FILE"])
        if output is not None and output_problems(output, "--output"):
            fail(self.stderr, output_problems(output, "--output"))
        rnd = (
            AssessmentRound.objects.select_related("agency")
            .filter(agency__code=options["agency"], fiscal_year=options["year"]).first()
        )
        if rnd is None:
            known = Agency.objects.filter(code=options["agency"]).exists()
            fail(self.stderr, [f"no round for agency {options['agency']!r} in fiscal year {options['year']}"
                               if known else f"--agency: no agency with code {options['agency']!r}"])
        if fmt == "xlsx":
            write_output(self.stderr, output, report_xlsx(rnd), "--output")
            self.stdout.write(f"wrote {output}")
            return
        text = json.dumps(report_json(rnd), ensure_ascii=False, indent=2)
        if output is not None:
            write_output(self.stderr, output, (text + "\n").encode(), "--output")
            self.stdout.write(f"wrote {output}")
        else:
            self.stdout.write(text)
