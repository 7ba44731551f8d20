"""prongsai backup --out FILE — the database and the uploaded files in one ZIP archive."""
from pathlib import Path

from django.core.management.base import BaseCommand

from prongsai.backups.archive import write_backup


class Command(BaseCommand):
    help = "Write the whole database and every uploaded file (MEDIA_ROOT) to one ZIP archive."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="FILE", help="the archive to write, e.g. prongsai-2569-11-21.zip")

    def handle(self, *args, **options):
        out = Path(options["out"])
        manifest = write_backup(out)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"backup: {out} — {rows} rows in {len(manifest['tables'])} tables, {len(manifest['files'])} files")
