"""prongsai backup --out FILE — the database and the uploaded files in one ZIP archive."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.backups.archive import BackupError, write_backup


class Command(BaseCommand):
    help = ("Write the whole database and every uploaded file (MEDIA_ROOT) to one ZIP archive, readable by its owner "
            "only (it holds password hashes, API tokens and questionnaires). Refuses a folder, a missing folder, a place "
            "inside MEDIA_ROOT and an existing file that is not a ZIP archive (exit status 2).")

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="FILE", help="the archive to write, e.g. prongsai-2569-11-21.zip")

    def handle(self, *args, **options):
        out = Path(options["out"])
        try:
            manifest = write_backup(out)
        except BackupError as exc:
            self.stderr.write(f"error: {exc}")
            sys.exit(2)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"backup: {out} — {rows} rows in {len(manifest['tables'])} tables, {len(manifest['files'])} files")
