"""5.10 batch normalization layers alone: the book's scratch BatchNorm, gluonlab's, and Gluon's nn.BatchNorm.

One unit (a "minibatch") is what LeNet-BN's four BN layers do for one training minibatch of 5.10 at the book's
batch size 256: forward in training mode, then backward from fixed random output gradients G (the gradients of
sum(Y * G)), on inputs of shape (256, 6, 24, 24), (256, 16, 8, 8), (256, 120) and (256, 84). An "epoch" is one
timed run of num_iters such minibatches ending in nd.waitall(); s/unit is per minibatch.
Sides: d2lzh (book) is the 5.10 notebook's BatchNorm as printed (gluonlab.reference.book_batch_norm; d2lzh has no
copy); gluonlab is gluonlab.scratch.batch_norm.BatchNorm (the same equations on fast operators, its training
computation one cached graph); Gluon layer is nn.BatchNorm(in_channels=C) (MXNet's fused operator; its moving
variance starts at 1, not the book's 0, which the timing does not see). No hybridized side: both scratch layers
are plain Blocks (they branch on autograd.is_training()). The final metric is the sum of the squared input
gradients of the last minibatch: the same on every side up to rounding.
No FLOPs counted (BN's work is elementwise and reductions; the matrix products gluonlab's layer runs are its
sums, not the book's work), so no GEMM floor. Threads: one (kind 'small'), as `gluonlab run 5.10` runs on the
2-core VM (it leaves OMP_NUM_THREADS to MXNet, whose default there is one); --threads 2 gives nn.BatchNorm a
second core, which gluonlab's layer barely uses.
"""
import time

from mxnet import autograd, nd
from mxnet.gluon import nn

from ..reference import book_batch_norm
from ..scratch import batch_norm as scratch_batch_norm
from .workloads import Measured, Workload, register

SHAPES = ((6, 4, (24, 24)), (16, 4, (8, 8)), (120, 2, ()), (84, 2, ()))   # LeNet-BN's layers: C, num_dims, H x W


def _measure(make_layer, p):
    batch = p["batch_size"]
    layers, inputs, heads = [], [], []
    for channels, num_dims, hw in SHAPES:
        layer = make_layer(channels, num_dims)
        layer.initialize()
        X = nd.random.normal(shape=(batch, channels) + hw)
        X.attach_grad()
        layers.append(layer)
        inputs.append(X)
        heads.append(nd.random.normal(shape=X.shape))

    def minibatch():
        with autograd.record():
            outputs = [layer(X) for layer, X in zip(layers, inputs)]
        autograd.backward(outputs, heads)

    times = []
    for _ in range(p["epochs"]):
        nd.waitall()
        start = time.perf_counter()
        for _ in range(p["num_iters"]):
            minibatch()
        nd.waitall()
        times.append((time.perf_counter() - start) / p["num_iters"])
    return Measured(times, float(nd.add_n(*[(X.grad ** 2).sum() for X in inputs]).asscalar()))


def run_d2lzh(p):
    return _measure(lambda c, d: book_batch_norm.BatchNorm(c, num_dims=d), p)


def run_gluonlab(p, hybridize):
    return _measure(lambda c, d: scratch_batch_norm.BatchNorm(c, num_dims=d), p)


def run_gluon(p):
    return _measure(lambda c, d: nn.BatchNorm(in_channels=c), p)


register(Workload(
    name="batch_norm", title="5.10 BatchNorm layers of LeNet-BN, batch 256 (a unit: one minibatch, fwd + bwd)",
    kind="small", metric="grad_sq", params={"epochs": 4, "num_iters": 10, "batch_size": 256},
    quick={"epochs": 1, "num_iters": 2}, run_d2lzh=run_d2lzh, run_gluonlab=run_gluonlab,
    examples=lambda p: p["batch_size"], unit="minibatch", sides=("d2lzh", "imperative", "gluon"),
    extra_sides={"gluon": run_gluon}))
