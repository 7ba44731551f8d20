"""prongsai import-oit --year 2568 [--framework F] O.csv"""

from django.core.management.base import BaseCommand

from prongsai.commands import be_year, exit_on_input_errors
from prongsai.oit.importer import import_oit


class Command(BaseCommand):
    help = (
        "Load OIT verdicts and URLs from O.csv (agency_code,item,result[,url]; result pass, fail (ผ่าน, ไม่ผ่าน) or 0-100) "
        "into the rounds of a fiscal year, creating the rounds (and, with --new-agencies, the agencies) when missing. "
        "All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="O.csv (UTF-8, a BOM is fine) or an XLSX with the same columns")
        parser.add_argument("--year", type=be_year, required=True, help="Buddhist-era fiscal year, e.g. 2568")
        parser.add_argument("--framework", help="framework pack code (default: the pack covering the year)")
        parser.add_argument("--new-agencies", action="store_true",
                            help="add the agencies whose codes are not in Prongsai yet (else each is an error: a typo?)")

    def handle(self, *args, **options):
        with exit_on_input_errors(self):
            rounds = import_oit(options["file"], options["year"], options["framework"], new_agencies=options["new_agencies"])
        for rnd in rounds:
            n = rnd.disclosures.exclude(score=None).count()
            new = (" (new agency)" if rnd.new_agency
                   else " (new round)" if rnd.new_round else "")
            # what the file did, not only what is there now (a tester could not tell a one-row file's change)
            did = f"; changed {len(rnd.changed)}: {', '.join(rnd.changed)}" if rnd.changed else "; nothing changed"
            self.stdout.write(f"{rnd.agency.code} {rnd.fiscal_year}: {n} OIT verdict{'' if n == 1 else 's'} on record{new}{did}")
