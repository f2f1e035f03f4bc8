"""A progress bar on a terminal (stderr); silent when output is not a terminal, so logs stay clean."""
import os
import sys
import time


class Progress:
    """Usage: `with Progress(total, 'epoch 1/5') as bar: bar.update()`."""

    def __init__(self, total, desc="", stream=None, enabled=None):
        self.total, self.desc, self.n = max(int(total or 0), 0), desc, 0
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and os.environ.get("GLUONLAB_PROGRESS", "1") != "0"
        self.enabled, self._last = enabled, 0.0

    def update(self, k=1):
        self.n += k
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.n >= self.total):
            self._last = now
            frac = self.n / self.total if self.total else 0
            bar = "#" * int(30 * frac)
            self.stream.write(f"\r{self.desc} [{bar:<30}] {self.n}/{self.total}")
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.stream.write("\r" + " " * (len(self.desc) + 50) + "\r")
            self.stream.flush()
