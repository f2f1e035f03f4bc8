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


def test_a_process_can_profile_again_and_each_profile_holds_only_its_own_work():
    """8.3 run twice in one process (a notebook cell run again, the test suite) profiles twice."""
    x = nd.random.uniform(shape=(32, 32))
    counts = [sum(len(v) for v in overlap.profile(lambda: [nd.dot(x, x) for _ in range(n)]).values())
              for n in (2, 1, 3)]
    assert counts == [2, 1, 3]


@pytest.mark.parametrize("text", ['{"traceEvents": [{"a": 1}, {"a": 2}]}',        # dump(finished=True)
                                  '{\n "traceEvents": [\n {"a": 1}\n,\n {"a": 2}\n',  # the first finished=False
                                  ',\n\n {"a": 1}\n,\n {"a": 2}\n'])                 # any later one
def test_trace_events_reads_every_kind_of_dump(text):
    assert overlap.trace_events(text) == [{"a": 1}, {"a": 2}]
