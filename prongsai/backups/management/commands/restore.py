"""prongsai restore FILE — replace the database and the uploaded files with a backup's."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.backups.archive import BackupError, made_at, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the whole database and the uploaded files with those of a backup made by `prongsai backup`. "
        "The archive is checked first; a bad archive changes nothing (exit status 2). A new, empty database "
        "(a new PRONGSAI_DATA_DIR) is given its tables first; a database holding agencies or users is replaced only with --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a ZIP written by prongsai backup")
        parser.add_argument("--replace", action="store_true",
                            help="replace a database that holds agencies or users (without it, restore refuses)")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(Path(options["file"]), replace=options["replace"])
        except BackupError as exc:
            self.stderr.write(f"error: {exc}")
            sys.exit(2)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"restored {rows} rows and {len(manifest['files'])} files from a backup of {made_at(manifest)}")
