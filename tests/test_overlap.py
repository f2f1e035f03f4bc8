"""8.3's measure of overlapping work: intervals from profiler events, their overlap, and a real profile of two
CPU contexts (each has its own engine worker, so both devices' products are recorded)."""
import mxnet as mx
import pytest
from mxnet import nd

from gluonlab.train import overlap


def _events(pid, spans, name="dot"):
    return [e for a, b in spans for e in ({"name": name, "ph": "B", "ts": a, "pid": pid, "tid": 7 + pid},
                                          {"name": name, "ph": "E", "ts": b, "pid": pid, "tid": 7 + pid})]


def test_intervals_pair_begin_and_end_per_device():
    events = _events(0, [(0, 10), (12, 20)]) + _events(1, [(5, 15)]) + _events(1, [(0, 99)], name="copy")
    assert overlap.busy_intervals(events, "dot") == {0: [(0, 10), (12, 20)], 1: [(5, 15)]}


@pytest.mark.parametrize("a, b, expected", [([(0, 10)], [(10, 20)], 0.0), ([(0, 10)], [(0, 10)], 1.0),
                                            ([(0, 10)], [(5, 15)], 5 / 15)])
def test_overlap_fraction(a, b, expected):
    assert overlap.overlap_fraction(a, b) == pytest.approx(expected)


def test_profile_records_both_cpu_contexts():
    xs = [nd.random.uniform(shape=(64, 64), ctx=c) for c in (mx.cpu(0), mx.cpu(1))]
    busy = overlap.profile(lambda: [nd.dot(x, x) for x in xs for _ in range(3)])
    assert sorted(len(v) for v in busy.values()) == [3, 3]
    assert 0.0 <= overlap.overlap_fraction(*busy.values()) <= 1.0
