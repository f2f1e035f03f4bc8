"""Progress within a long loop: done/total, items per second and the time left, on stderr.

On a terminal, a bar redrawn in place (at most every 0.1 s). Not on a terminal, a plain line every `every`
seconds (None: never), so a log of an hour-long epoch still shows where it is while short loops stay silent.
GLUONLAB_PROGRESS=0 turns both off.
"""
import os
import sys
import time


def _clock(seconds):
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Usage: `with Progress(total, 'epoch 1/5', unit='img') as bar: bar.update(1, items=len(X))`."""

    def __init__(self, total, desc="", stream=None, enabled=None, unit="it", every=None):
        self.total, self.desc, self.n, self.items, self.unit = max(int(total or 0), 0), desc, 0, 0, unit
        self.stream = stream or sys.stderr
        on = os.environ.get("GLUONLAB_PROGRESS", "1") != "0"
        tty = self.stream.isatty() if hasattr(self.stream, "isatty") else False
        self.enabled = (tty and on) if enabled is None else enabled
        self.every = every if (on and not tty and enabled is None) else None
        self._start = time.monotonic()
        self._last = self._start

    def status(self):
        """'n/total, 123.4 img/s, 1:02 left' (rate and time left once something is done)."""
        text = f"{self.n}/{self.total}"
        elapsed = time.monotonic() - self._start
        if self.n and elapsed > 0:
            text += f", {(self.items or self.n) / elapsed:.1f} {self.unit}/s"
            if self.total:
                text += f", {_clock(elapsed * (self.total - self.n) / self.n)} left"
        return text

    def update(self, k=1, items=0):
        self.n += k
        self.items += items
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.n >= self.total):
            self._last = now
            frac = self.n / self.total if self.total else 0
            bar = "#" * int(30 * frac)
            self.stream.write(f"\r{self.desc} [{bar:<30}] {self.status()}   ")
            self.stream.flush()
        elif self.every and now - self._last >= self.every and self.n < self.total:
            self._last = now
            self.stream.write(f"{self.desc}: {self.status()}\n")
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.stream.write("\r" + " " * (len(self.desc) + 80) + "\r")
            self.stream.flush()
