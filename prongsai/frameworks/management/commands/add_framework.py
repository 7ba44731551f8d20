"""prongsai add-framework FILE.yaml [--library-from CODE] [--check]: add a year's framework pack."""
from pathlib import Path

from django.core.management.base import BaseCommand, no_translations

from prongsai.commands import fail
from prongsai.frameworks import site
from prongsai.scoring import PackError
from prongsai.scoring.packs import pack_file_text


class Command(BaseCommand):
    help = (
        "Add a year's assessment framework from its pack file (docs/framework-packs.md), as the "
        "Frameworks page does: checked first, refused when its code exists. With --library-from, "
        "the measures of that framework's library that fit are copied. Bad file: one line per "
        "problem, exit status 2, nothing added."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the framework pack (YAML, UTF-8)")
        parser.add_argument("--library-from", metavar="CODE", help="copy the fitting measures of this framework's library")
        parser.add_argument("--check", action="store_true", help="only check the file and say what it holds")

    @no_translations  # commands speak English, as the other commands do
    def handle(self, *args, file, library_from, check, **options):
        path = Path(file)
        try:
            text = pack_file_text(path)
            checked = site.check(path.name, site.normalised(text))
        except PackError as exc:
            fail(self.stderr, str(exc).splitlines())
        pack = checked.pack
        self.stdout.write(f"{path.name}: {pack.code}, fiscal years {', '.join(map(str, pack.fiscal_years))}")
        for tool, indicators, n in checked.tools():
            self.stdout.write(f"  {tool.code} {tool.weight}%: {len(indicators)} indicators, {n} "
                              f"{'OIT items' if tool.kind == 'checklist' else 'questions'}")
        for year, other, chosen in checked.overlaps():
            self.stdout.write(f"  fiscal year {year} is covered by {other} already; new rounds of it will take {chosen}")
        if checked.base:  # what the Frameworks page says before adding: a name still naming the old years, above all
            self.stdout.write(f"compared with {checked.base.code}, the framework it follows:")
            for line in checked.changes or ["the same tools, weights, indicators, questions, OIT items and levels"]:
                self.stdout.write(f"  {line}")
        if check:
            self.stdout.write("checked only: nothing added")
            return
        try:
            framework, copied = site.add(path.name, text, None, library_from)
        except PackError as exc:  # a library that does not fit, or the code taken meanwhile
            fail(self.stderr, [f"--library-from: {exc}" if library_from and "library" in str(exc) else str(exc)])
        self.stdout.write(f"added {framework.code}; {copied} library measures copied"
                          + ("" if library_from else " (give --library-from CODE to copy a library)"))
