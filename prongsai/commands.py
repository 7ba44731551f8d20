"""What every Prongsai command does with bad input: one `error:` line per problem on stderr
(the first 20, then a count), exit status 2, nothing written."""
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from prongsai.scoring.inputs import InputErrors


def fail(stderr, lines) -> None:
    """stderr: a management command's self.stderr, or any stream written a line at a time."""
    for line in lines:
        stderr.write(f"error: {line}")
    sys.exit(2)


@contextmanager
def exit_on_input_errors(command):
    """Inside a management command's handle(): turn InputErrors into error lines and exit 2."""
    try:
        yield
    except InputErrors as exc:
        fail(command.stderr, exc.lines())


def output_problems(path: Path, option: str = "--out") -> list[str]:
    """Why a command cannot write a file at `path`, as error lines (none when it can try)."""
    if path.is_dir():
        return [f"{option} {path}: is a folder; give a file name"]
    if not path.parent.is_dir():
        return [f"{option} {path}: the folder {path.parent} does not exist"]
    return []


def output_format(path: Path | None, given: str | None, formats, option: str = "--out") -> tuple[str, list[str]]:
    """The format a command writes: --format, else the file name's suffix, else the first of
    `formats`; with the problems of a name that says another format or none Prongsai writes
    (`--out plan.odt` would otherwise get a PDF under a name that promises something else)."""
    suffix = path.suffix.lower().lstrip(".") if path is not None else ""
    fmt = given or (suffix if suffix in formats else formats[0])
    if suffix in formats and suffix != fmt:
        return fmt, [f"{option} {path} ends in .{suffix} but --format is {fmt}"]
    if suffix and suffix not in formats and not given:
        wanted = " or ".join(f".{f}" for f in formats)
        return fmt, [f"{option} {path}: Prongsai writes {wanted} here; end the name so, or give --format"]
    return fmt, []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(stderr, path: Path, data: bytes, option: str = "--out") -> None:
    """Write `data` to `path` next to it first, then rename: a reader never sees half a file, and a
    file that cannot be written is an error line and exit status 2, never a traceback."""
    problems = output_problems(path, option)
    if problems:
        fail(stderr, problems)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        fail(stderr, [f"{option} {path}: cannot be written: {exc.strerror}"])
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # as a file written the plain way (mkstemp makes it 0600)
        os.replace(tmp, path)
    except OSError as exc:
        fail(stderr, [f"{option} {path}: cannot be written: {exc.strerror}"])
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def be_year(text: str) -> int:
    """argparse type of every --year: a Buddhist-era fiscal year; a Christian-era one is told so."""
    import argparse

    from prongsai.scoring.packs import is_be_year, not_be_year

    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (a Buddhist-era fiscal year, e.g. 2568)") from None
    if not is_be_year(year):
        raise argparse.ArgumentTypeError(not_be_year(year))
    return year
