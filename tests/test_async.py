"""8.2 Asynchronous computation: Benchmark's line, RSS from /proc, the data iterator, training with/without sync."""
import re

from mxnet import gluon, nd
from mxnet.gluon import loss as gloss, nn

from gluonlab import registry
from gluonlab.train.sync import Benchmark, data_iter, get_mem, train_memory_run


def test_benchmark_prints_the_books_line():
    lines = []
    with Benchmark('Workloads are queued.', report=lines.append) as b:
        nd.ones((10, 10)).wait_to_read()
    with Benchmark(report=lines.append):
        pass
    assert re.fullmatch(r"Workloads are queued\. time: \d+\.\d{4} sec", lines[0])
    assert re.fullmatch(r"time: \d+\.\d{4} sec", lines[1])
    assert b.elapsed >= 0


def test_get_mem_sees_a_large_allocation():
    before = get_mem()
    big = nd.ones((64 * 1024 * 1024 // 4,))        # 64 MB, written so the pages are resident
    big.wait_to_read()
    assert before > 0 and get_mem() - before > 32
    del big


def test_data_iter_shapes_and_progress_lines():
    lines = []
    batches = list(data_iter(num_batches=4, batch_size=8, num_inputs=5, report=lines.append))
    assert len(batches) == 4 and batches[0][0].shape == (8, 5) and (batches[0][1].asnumpy() == 1).all()
    assert [line.split(',')[0] for line in lines] == ['batch 2', 'batch 4']


def test_training_with_and_without_sync_updates_the_net(seed):
    net = nn.Sequential()
    net.add(nn.Dense(16, activation='relu'), nn.Dense(1))
    net.initialize()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.005})
    batches = list(data_iter(num_batches=2, batch_size=8, num_inputs=5, report=lambda *a: None))
    net(batches[0][0])
    for sync in (True, False):
        before = net[1].weight.data().copy()
        lines = []
        increased = train_memory_run(net, trainer, gloss.L2Loss(), iter(batches), sync, report=lines.append)
        assert isinstance(increased, float) and lines[0].startswith('increased memory: ')
        assert (net[1].weight.data() != before).sum().asscalar() > 0


def test_section_8_2_quick_records_both_runs():
    sec = registry.get("8.2")
    result = sec.run(sec.make_config(quick=True), report=lambda *a: None)
    assert {"synchronous_s", "asynchronous_s", "sync_per_batch_mb", "no_sync_mb"} <= set(result.final)
