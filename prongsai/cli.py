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
    if args:
        args[0] = command_name(args[0])
    if args and args[0] in DJANGO_FREE:
        from importlib import import_module

        import_module(DJANGO_FREE[args[0]]).main(args[1:])
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    from django.core.management import execute_from_command_line

    if len(args) > 1 and args[0] == "help":
        args[1] = command_name(args[1])
    execute_from_command_line(["prongsai", *args])


if __name__ == "__main__":
    main()
