"""A long run's time, estimated before it starts: the net's FLOPs and a short timed warm-up on a throwaway copy.

`estimate_run` builds a fresh copy of the net, times a few training minibatches of random images at the run's
input size (the first untimed: it builds the graph and oneDNN's kernels), and scales the measured rate to the
run's epochs, training and test images: a test image costs its forward only. It draws random numbers, so the
caller re-seeds afterwards (the run's numbers do not depend on whether it estimated).
"""
import time

from mxnet import autograd, gluon, init, nd

from ..models.flops import forward_flops, layer_costs, training_flops


def _duration(seconds):
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def time_training_step(net, size, batch, ctx, hybridize=True, steps=2, channels=1):
    """Seconds per training image of an initialized net: `steps` timed minibatches of `batch` random images
    (channels x size x size) after one untimed."""
    if hybridize:
        net.hybridize()                     # as the sections train (sections/ch5/_deep_cnn.py)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.0})
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    X = nd.random.uniform(shape=(batch, channels, size, size), ctx=ctx)
    y = nd.zeros((batch,), ctx=ctx)
    for i in range(steps + 1):
        if i == 1:
            start = time.perf_counter()
        with autograd.record():
            ls = loss(net(X), y).sum()
        ls.backward()
        trainer.step(batch)
        ls.wait_to_read()
    return (time.perf_counter() - start) / steps / batch


def estimate_run(make_net, size, batch_size, num_epochs, n_train, n_test, ctx, hybridize=True, batch=16,
                 channels=1):
    """(line to print, estimated seconds) for training make_net() as described; see the module docstring."""
    net = make_net()
    net.initialize(init.Xavier(), ctx=ctx)
    costs = layer_costs(net, (1, channels, size, size))
    per_image = time_training_step(net, size, min(batch, batch_size), ctx, hybridize, channels=channels)
    seconds = num_epochs * (n_train + n_test / 3) * per_image
    rate = training_flops(costs) / per_image / 1e9
    line = (f"estimate: {num_epochs} epoch(s) of {n_train} training + {n_test} test images at {size}x{size}, "
            f"{forward_flops(costs) / 2e9:.3f} GMAC/image forward; a warm-up ran {rate:.0f} GFLOP/s "
            f"({1 / per_image:.1f} training images/s): about {_duration(seconds)} in all, "
            f"{_duration(seconds / num_epochs)} an epoch")
    return line, seconds
