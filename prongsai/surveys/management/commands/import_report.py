"""prongsai import-report FILE — load a published ITA result report (JSON)."""
import sys

from django.core.management.base import BaseCommand

from prongsai.scoring.inputs import InputErrors
from prongsai.surveys.published import import_published_report


class Command(BaseCommand):
    help = (
        "Import a published ITA result report in the JSON shape of fixtures/laksi-2567.json: option counts, "
        "published scores (they win over counts; mismatches are shown), OIT results, respondents, demographics, "
        "per-unit and per-service tables. All or nothing; bad input exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--framework", help="framework pack (default: the one covering the report's year)")

    def handle(self, *args, **options):
        try:
            rnd = import_published_report(options["file"], options["framework"])
        except InputErrors as exc:
            for line in exc.lines():
                self.stderr.write(f"error: {line}")
            sys.exit(2)
        self.stdout.write(f"imported {rnd.agency.code} {rnd.agency.name_th} fiscal year {rnd.fiscal_year} ({rnd.framework})")
