"""prongsai import-responses --year 2567 [--framework F] FILE — store questionnaires from R.csv/XLSX."""

from django.core.management.base import BaseCommand

from prongsai.commands import be_year, exit_on_input_errors
from prongsai.surveys.responses_import import plan_import, save_import


class Command(BaseCommand):
    help = (
        "Import questionnaires (one row each) from a file in the R.csv format or an XLSX with the same columns "
        "into the rounds of the given fiscal year, creating the rounds that do not exist yet (and, with --new-agencies, "
        "the agencies). "
        "Every problem is listed (row, column, why) and nothing is saved unless the whole file is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="R.csv (UTF-8, a BOM is fine) or an XLSX with the same columns: one questionnaire a row")
        parser.add_argument("--year", type=be_year, required=True, help="Buddhist-era fiscal year, e.g. 2567")
        parser.add_argument("--framework", help="framework pack (default: the one covering the year)")
        parser.add_argument("--new-agencies", action="store_true",
                            help="add the agencies whose codes are not in Prongsai yet (else each is an error: a typo?)")

    def handle(self, *args, **options):
        with exit_on_input_errors(self):
            plan = plan_import(options["file"], options["year"], options["framework"], new_agencies=options["new_agencies"])
        for warning in plan.warnings:
            self.stderr.write(f"warning: {warning}")
        with exit_on_input_errors(self):  # another import into the same round meanwhile: said, nothing saved
            save_import(plan)
        for row in plan.summary():
            created = " (new agency)" if row["new_agency"] else " (new round)" if row["new_round"] else ""
            self.stdout.write(f"{row['agency_code']} {plan.year}: IIT {row['IIT']}, EIT {row['EIT']}{created}")
        self.stdout.write(f"imported {len(plan.responses)} questionnaires from {plan.name} ({plan.pack.code})")
