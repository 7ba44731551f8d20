"""The `prongsai` command: Django's management entry point with Prongsai's settings.

Commands are written with dashes (`prongsai import-report`) and live in files with
underscores (`import_report.py`), as Python modules must.
"""
import os
import sys


# Commands that need nothing of Django: run without importing it (a quarter of a second on the
# national set). Each module has main(argv); its management command wraps the same functions.
DJANGO_FREE = {"score": "prongsai.frameworks.score_cli"}


def command_name(word: str) -> str:
    return word if word.startswith("-") else word.replace("-", "_")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        run(args)
    except KeyboardInterrupt:  # Ctrl-C: one line, not a traceback that reads as a half-done import
        sys.stderr.write("\ninterrupted: nothing was written (imports, restores and output files are all or nothing)\n")
        sys.exit(130)


def run(args: list[str]) -> None:
    if args and command_name(args[0]) in DJANGO_FREE:
        from importlib import import_module

        import_module(DJANGO_FREE[command_name(args[0])]).main(args[1:])
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        """Finds `import-report` in import_report.py; usage lines keep the name as typed, and
        `prongsai help` lists the names with dashes."""

        def fetch_command(self, subcommand):
            from django.core.management import get_commands

            name = command_name(subcommand)
            return super().fetch_command(name if name in get_commands() else subcommand)

        def main_help_text(self, commands_only=False):
            lines = super().main_help_text(commands_only).splitlines()
            return "\n".join(line.replace("_", "-") if commands_only or line.startswith("    ") else line for line in lines)

    Utility(["prongsai", *args]).execute()


if __name__ == "__main__":
    main()
