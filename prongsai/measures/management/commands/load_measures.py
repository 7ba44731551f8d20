"""prongsai load-measures [FILE …] [--force]: load the standard measure library into the database."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.measures.library import available_libraries, library_path, load_library, read_library, shrinking
from prongsai.scoring.inputs import InputErrors


class Command(BaseCommand):
    help = (
        "Load the standard measure library (prongsai/measures/library/*.yaml by default). "
        "Idempotent: loading again updates entries and never duplicates them; entries the "
        "central office edited in the UI are kept unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="library YAML files (default: every shipped library)")
        parser.add_argument("--force", action="store_true", help="overwrite entries edited in the UI")

    def handle(self, *args, files, force, **options):
        paths = [Path(f) for f in files] or [library_path(code) for code in available_libraries()]
        problems: list[str] = []
        for path in paths:
            try:
                framework, entries = read_library(path)
            except ValueError as exc:
                problems.extend(exc.args[0])
                continue
            fewer = [] if force else shrinking(framework, entries)
            if fewer:
                problems.append(f"{path.name}: has fewer measures than the loaded {framework} library, and entries are "
                                f"matched by their place per question (a partial file would overwrite others); give the "
                                f"whole library, or --force: " + "; ".join(fewer))
        if problems:
            for line in InputErrors(problems).lines():
                self.stderr.write(f"error: {line}")
            sys.exit(2)
        for path in paths:
            result = load_library(path, force=force)
            self.stdout.write(
                f"{path.name}: {result.created} created, {result.updated} updated, "
                f"{result.kept} kept (edited in the UI)"
            )
