"""8.1/8.2 Timing and asynchrony: benchmarks that end in a sync, resident memory, training with or without sync.

Book: d2l-zh v1 §8.1 (benchmark), §8.2 (d2lzh.Benchmark, get_mem, data_iter, the memory experiment).
"""
import time

from mxnet import autograd, nd


def benchmark(net, x, num_iters=1000):
    """Seconds for num_iters forwards, ending with nd.waitall(). Book: 8.1 benchmark.

    MXNet returns before the work is done, so a timing must end with a synchronizing call.
    """
    start = time.time()
    for _ in range(num_iters):
        net(x)
    nd.waitall()
    return time.time() - start


class Benchmark:
    """Context manager that reports '%stime: %.4f sec' on exit. Book: d2lzh.Benchmark."""

    def __init__(self, prefix=None, report=print):
        self.prefix = prefix + ' ' if prefix else ''
        self.report = report
        self.elapsed = None

    def __enter__(self):
        self.start = time.time()
        return self

    def __exit__(self, *args):
        self.elapsed = time.time() - self.start
        self.report('%stime: %.4f sec' % (self.prefix, self.elapsed))


def get_mem():
    """Resident memory of this process in MB, read from /proc/self/status (the book shells out to `ps`)."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) / 1024      # kB -> MB
    except OSError:
        pass
    import resource                                           # not Linux: peak, not current, RSS
    import sys
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == 'darwin' else 1024)


def data_iter(num_batches=100, batch_size=1024, num_inputs=512, report=print, ctx=None):
    """Yield num_batches of X ~ N(0, 1) and y = 1; print the elapsed time at the half and the end. Book: 8.2."""
    start = time.time()
    for i in range(num_batches):
        X = nd.random.normal(shape=(batch_size, num_inputs), ctx=ctx)
        y = nd.ones((batch_size,), ctx=ctx)
        yield X, y
        if (i + 1) % max(num_batches // 2, 1) == 0:
            report('batch %d, time %f sec' % (i + 1, time.time() - start))


def train_memory_run(net, trainer, loss_fn, batches, sync=True, report=print):
    """Train over batches, with (book run A) or without (run B) one asscalar() per batch; return MB gained."""
    mem = get_mem()
    loss_sum = 0.0
    for X, y in batches:
        with autograd.record():
            loss = loss_fn(y, net(X))        # label and prediction swapped as in the book: harmless for L2
        if sync:
            loss_sum += loss.mean().asscalar()
        loss.backward()
        trainer.step(X.shape[0])
    nd.waitall()
    increased = get_mem() - mem
    report('increased memory: %f MB' % increased)
    return increased
