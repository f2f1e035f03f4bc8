"""How far operators on two devices ran at the same time, read from MXNet's profiler. Book: d2l-zh v1 §8.3.

MXNet's engine gives every device its own worker thread(s) (cpu(0) and cpu(1) too), so work queued on two
devices can run at once. Wall-clock times alone show that only when the machine has cores to spare; the
profiler's per-device begin/end times show it on any machine.
"""
import json
import os
import tempfile

import mxnet as mx
from mxnet import nd


def busy_intervals(events, operator):
    """{profiler pid (one per device): [(begin_us, end_us), ...]} of `operator`'s B/E event pairs."""
    open_, out = {}, {}
    for e in sorted((e for e in events if e.get("name") == operator and e.get("ph") in ("B", "E")),
                    key=lambda e: e["ts"]):
        key = (e["pid"], e["tid"])
        if e["ph"] == "B":
            open_[key] = e["ts"]
        elif key in open_:
            out.setdefault(e["pid"], []).append((open_.pop(key), e["ts"]))
    return out


def _total(intervals):
    return sum(b - a for a, b in intervals)


def overlap_fraction(a, b):
    """The share of the time either device was busy during which both were (0: one after the other)."""
    both = sum(max(0, min(a1, b1) - max(a0, b0)) for a0, a1 in a for b0, b1 in b)
    either = _total(a) + _total(b) - both
    return both / either if either else 0.0


def profile(fn, operator="dot"):
    """Run fn() under MXNet's profiler; return `operator`'s busy intervals per device (see busy_intervals)."""
    with tempfile.TemporaryDirectory() as tmp:       # the profiler can only write its trace to a file
        trace = os.path.join(tmp, "profile.json")
        mx.profiler.set_config(profile_all=True, aggregate_stats=False, filename=trace)
        mx.profiler.set_state("run")
        try:
            fn()
            nd.waitall()
        finally:
            mx.profiler.set_state("stop")
        mx.profiler.dump(finished=False)     # finished=True ends the profiler for the process
        with open(trace) as f:
            return busy_intervals(trace_events(f.read()), operator)


def trace_events(text):
    """The events of a profiler dump. dump(finished=False), the only kind a process can make more than once
    (finished=True stops the profiler for good), leaves the list open, and every dump after the first holds
    only ',' and the events, without the {"traceEvents": [ header."""
    body = text.strip()
    if body.startswith("{"):
        body = body[body.index("[") + 1:]
    body = body.strip().lstrip(",").rstrip()
    if body.endswith("}") and body[:-1].rstrip().endswith("]"):
        body = body[:-1].rstrip()[:-1]
    return json.loads("[" + body.rstrip().rstrip(",") + "]")
