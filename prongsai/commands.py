"""What every Prongsai command does with bad input: one `error:` line per problem on stderr
(the first 20, then a count), exit status 2, nothing written."""
import sys
from contextlib import contextmanager

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
