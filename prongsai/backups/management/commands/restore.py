"""prongsai restore FILE — replace the database and the uploaded files with a backup's."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the whole database and the uploaded files with those of a backup made by `prongsai backup`. "
        "The archive is checked first; a bad archive changes nothing (exit status 2). A new, empty database "
        "(a new PRONGSAI_DATA_DIR) is given its tables first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(Path(options["file"]))
        except BackupError as exc:
            self.stderr.write(f"error: {exc}")
            sys.exit(2)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"restored {rows} rows and {len(manifest['files'])} files from a backup of {manifest['created']}")
