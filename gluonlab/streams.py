"""The standard streams of the `gluonlab` command: checked open before any work, stdout's failures named as
stdout's (not an output folder's), and silenced after a failure so the interpreter's last flush stays quiet."""
import io
import os
import sys

from .errors import OutputError


class StdoutError(OutputError):
    """stdout refused what the command printed (a full disk, an I/O error)."""


class GuardedStdout:
    """sys.stdout whose write failures (other than a reader leaving: BrokenPipeError) are one StdoutError that
    names stdout, not an output folder."""

    def __init__(self, stream):
        self._stream = stream

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def _guard(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise StdoutError(f"cannot write to stdout: {e.strerror or e}",
                              "free some space where stdout goes, or send it elsewhere (a file on another disk, "
                              "or /dev/null)") from None

    def write(self, text):
        return self._guard(self._stream.write, text)

    def flush(self):
        return self._guard(self._stream.flush)


def is_open(stream):
    """False when `stream` is missing (Python found its descriptor closed) or its descriptor is closed."""
    if stream is None:
        return False
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return True                   # not a real descriptor (a test's capture): open as far as we can tell
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def silence_stdout():
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
