"""prongsai render --agency CODE --year 2568 --document analysis|plan|progress [--round 6m|12m|CODE]
--format pdf|docx --out FILE — an official document, for scripts."""
from pathlib import Path

from django.core.management.base import BaseCommand, no_translations

from prongsai.commands import fail, output_format, output_problems, write_output
from prongsai.documents.generate import FORMATS, KINDS, Request, Unavailable, build, render
from prongsai.documents.model import DocumentError


class Command(BaseCommand):
    help = (
        "Render an official document (A4 landscape, Sarabun 16 pt): the analysis and measures (FY2568 uses "
        "the agency's 2567 round), the measures plan, or the progress report of a reporting round (6m, 12m or "
        "the plan's own round code) with photos. "
        "PDF to publish, DOCX to edit. Problems are printed as error: lines with exit status 2; nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="agency code, e.g. 101041 (not for --document central)")
        parser.add_argument("--year", required=True, type=int, help="Buddhist-era fiscal year, e.g. 2568")
        parser.add_argument("--document", required=True, choices=[*KINDS, "central"],
                            help="central: the city-wide central measures report of --year (every agency's result)")
        parser.add_argument("--round", dest="reporting_round", metavar="CODE",
                            help="the progress report's reporting round: 6m (first six months), 12m (full year, "
                                 "with what was reported at 6 months) or the code of one of the plan's own rounds, "
                                 "e.g. q1")
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS),
                            help="pdf or docx (default: from the --out suffix; pdf when it has none)")
        parser.add_argument("--out", required=True, help="file to write")
        numerals = parser.add_mutually_exclusive_group()
        numerals.add_argument("--thai-numerals", dest="thai_numerals", action="store_true", default=None,
                              help="print digits as ๐-๙")
        numerals.add_argument("--arabic-numerals", dest="thai_numerals", action="store_false",
                              help="print digits as 0-9")

    def fail(self, problems):
        fail(self.stderr, problems)

    def _central(self, year, fmt, thai_numerals, problems) -> bytes:
        from prongsai.central import measures

        doc = measures.compiled_document(year, thai_numerals=thai_numerals is not False)
        if doc is None:
            problems.append(f"--year {year}: no central measures for this fiscal year")
        if problems:
            self.fail(problems)
        try:
            return render(doc, fmt)
        except DocumentError as exc:
            self.fail(exc.problems)

    @no_translations  # error lines in English, for scripts
    def handle(self, *args, **options):
        out = Path(options["out"])
        fmt, problems = output_format(out, options["fmt"], tuple(FORMATS))
        problems += output_problems(out)
        req = Request(
            kind=options["document"], agency_code=options["agency"] or "", fiscal_year=options["year"],
            reporting_round=options["reporting_round"], thai_numerals=options["thai_numerals"],
        )
        if req.kind == "central":
            if req.agency_code:  # the city report has every agency: an --agency would be silently ignored
                problems.append(f"--agency {req.agency_code}: the central report covers every agency; leave --agency out")
            if options["reporting_round"]:
                problems.append("reporting round: applies to the progress report only, not to the central document")
            data = self._central(options["year"], fmt, options["thai_numerals"], problems)
        else:
            if not req.agency_code:
                problems.append("--agency is required")
            problems += req.problems()
            if problems:
                self.fail(problems)
            try:
                data = render(build(req), fmt)
            except (Unavailable, DocumentError) as exc:
                self.fail(exc.problems)
        write_output(self.stderr, out, data)
        self.stdout.write(f"wrote {out} ({req.kind}, {req.agency_code} {req.fiscal_year}, {fmt}, {len(data):,} bytes)")
