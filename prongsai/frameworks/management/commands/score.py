"""prongsai score — the management command's face of prongsai/frameworks/score_cli.py, for
`call_command("score", …)` and `prongsai help score`. From the shell, prongsai/cli.py runs
score_cli directly, without starting Django."""
from django.core.management.base import BaseCommand

from prongsai.frameworks import score_cli


class Command(BaseCommand):
    help = score_cli.HELP
    requires_system_checks = []  # no database, URLs or templates: start scoring at once

    def add_arguments(self, parser):
        score_cli.add_arguments(parser)

    def handle(self, *args, **options):
        score_cli.run(options, self.stdout, self.stderr)
