"""prongsai demo — load the demo data (idempotent): Lak Si's real published 2567 report."""
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.surveys.published import import_published_report

DATA = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = "Load the demo data: the Lak Si District Office's published FY2567 ITA report (real figures)."

    def handle(self, *args, **options):
        rnd = import_published_report(DATA / "laksi-2567.json")
        self.stdout.write(f"demo: {rnd.agency.name_th} ({rnd.agency.code}) fiscal year {rnd.fiscal_year} loaded")
