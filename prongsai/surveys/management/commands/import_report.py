"""prongsai import-report FILE — load a published ITA result report (JSON)."""

from django.core.management.base import BaseCommand

from prongsai.commands import exit_on_input_errors
from prongsai.surveys.published import import_published_report


class Command(BaseCommand):
    help = (
        "Import a published ITA result report in the JSON shape of fixtures/laksi-2567.json: option counts, "
        "published scores (they win over counts; mismatches are shown), OIT results, respondents, demographics, "
        "per-unit and per-service tables. All or nothing; bad input exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the report as JSON (UTF-8), in the shape of prongsai/demo/data/laksi-2567.json")
        parser.add_argument("--framework", help="framework pack (default: the one covering the report's year)")
        parser.add_argument("--replace", action="store_true",
                            help="replace the figures of a round that holds a report already (e.g. a corrected file)")

    def handle(self, *args, **options):
        with exit_on_input_errors(self):
            rnd = import_published_report(options["file"], options["framework"], replace=options["replace"])
        self.stdout.write(f"imported {rnd.agency.code} {rnd.agency.name_th} fiscal year {rnd.fiscal_year} ({rnd.framework})")
