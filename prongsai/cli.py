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
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import ManagementUtility
    from django.core.management.base import CommandError, CommandParser, handle_default_options

    given = CommandParser(add_help=False, allow_abbrev=False)  # --settings and --pythonpath first, as Django does
    given.add_argument("--settings")
    given.add_argument("--pythonpath")
    try:
        handle_default_options(given.parse_known_args(args[1:])[0])
    except CommandError:
        pass  # Django's own parser names the mistake
    try:
        settings.INSTALLED_APPS  # a wrong environment variable: one line naming it, not a traceback
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)

    class Utility(ManagementUtility):
        """Finds `import-report` in import_report.py; usage lines keep the name as typed, and
        `prongsai help` lists the names with dashes."""

        def fetch_command(self, subcommand):
            from django.core.management import get_commands

            name = command_name(subcommand)
            return super().fetch_command(name if name in get_commands() else subcommand)

        def main_help_text(self, commands_only=False):
            if commands_only:  # (shell completion) every name, with dashes
                return "\n".join(line.replace("_", "-") for line in super().main_help_text(True).splitlines())
            return prongsai_help()

    Utility(["prongsai", *args]).execute()


def prongsai_help() -> str:
    """`prongsai help`: Prongsai's own commands first, each with what it does; then the names of the
    others (Django's and its add-ons': migrate, runserver, createsuperuser …)."""
    import textwrap

    from django.core.management import get_commands, load_command_class

    ours, others = [], []
    for name, app in sorted(get_commands().items()):
        if app.startswith("prongsai."):
            text = " ".join((load_command_class(app, name).help or "").split())
            first = text.split(". ")[0].rstrip(".")
            ours.append(textwrap.fill(first, 80, initial_indent=f"  {name.replace('_', '-'):<18} ", subsequent_indent=" " * 21))
        else:
            others.append(name.replace("_", "-"))
    return "\n".join([
        "usage: prongsai <command> [options]; prongsai help <command> for its options", "",
        "Prongsai's commands:", *ours, "",
        "Other commands (Django and its add-ons: set-up, upkeep, development):", textwrap.fill(" ".join(others), 80, initial_indent="  ", subsequent_indent="  "),
    ])


if __name__ == "__main__":
    main()
