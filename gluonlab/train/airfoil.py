"""Chapter 7's training loops: linear regression on the airfoil data, the loss over the whole set every 100
examples. Book: d2l-zh v1 §7.3 (d2lzh.train_ch7, d2lzh.train_gluon_ch7).

The same updates, minibatches and recorded losses as the book's, with three departures for speed:
- minibatches come from data.batches.ArrayIter (one permutation per epoch from numpy's global generator, drawn
  as gluon's RandomSampler draws it, so a seeded run takes the book's minibatches) instead of a DataLoader that
  gathers and stacks every example in Python;
- each whole-set loss stays an NDArray until the epoch ends and all are read at once: one sync per epoch
  instead of one per 100 examples (the book's asscalar());
- train_ch7's model and loss, squared_loss(linreg(X, w, b), y).mean(), run as one cached graph of the same
  operators (the same values: tests/test_d2l_oracle.py), one call forward and one backward instead of seven each.
"""
import time

from mxnet import autograd, init, nd
from mxnet.gluon import HybridBlock, loss as gloss

from .. import models
from ..data.batches import ArrayIter
from .parallel import make_trainer

LINE = 'loss: %f, %f sec per epoch'


def record_losses(step, eval_loss, features, labels, batch_size, num_epochs, report=print):
    """Run step(X, y) over shuffled minibatches; eval_loss() (an NDArray) first and after every 100 examples.

    Returns the recorded losses as floats; reports the book's line with the last one and the last epoch's time.
    """
    losses, pending = [], [eval_loss()]
    batches = ArrayIter(features, labels, batch_size, shuffle=True)
    seconds = 0.0
    for _ in range(num_epochs):
        start = time.time()
        for batch_i, (X, y) in enumerate(batches):
            step(X, y)
            if (batch_i + 1) * batch_size % 100 == 0:
                pending.append(eval_loss())
        if pending:
            losses.extend(nd.concat(*pending, dim=0).asnumpy().tolist())    # the epoch's one sync
            pending = []
        seconds = time.time() - start
    report(LINE % (losses[-1], seconds))
    return losses, seconds


class MeanSquaredLoss(HybridBlock):
    """squared_loss(linreg(X, w, b), y).mean() with w and b as inputs: the book's operators, in order."""

    def hybrid_forward(self, F, X, y, w, b):
        y_hat = F.broadcast_add(F.dot(X, w), b)
        return ((y_hat - F.reshape_like(y, y_hat)) ** 2 / 2).mean()


def train_ch7(trainer_fn, states, hyperparams, features, labels, batch_size=10, num_epochs=2, report=print):
    """Linear regression (w ~ N(0, 0.01^2), b = 0) trained by trainer_fn([w, b], states, hyperparams) on the
    mean squared loss. Returns (losses, seconds of the last epoch). Book: d2lzh.train_ch7 (without the plot)."""
    w = nd.random.normal(scale=0.01, shape=(features.shape[1], 1))
    b = nd.zeros(1)
    w.attach_grad()
    b.attach_grad()
    loss = MeanSquaredLoss()
    loss.hybridize()

    def step(X, y):
        with autograd.record():
            l = loss(X, y, w, b)  # noqa: E741  (the book's name)
        l.backward()
        trainer_fn([w, b], states, hyperparams)

    return record_losses(step, lambda: loss(features, labels, w, b), features, labels, batch_size, num_epochs,
                         report)


def train_gluon_ch7(trainer_name, trainer_hyperparams, features, labels, batch_size=10, num_epochs=2,
                    report=print, hybridize=False):
    """Dense(1) with Normal(0.01) weights, L2Loss and gluon's Trainer(trainer_name, trainer_hyperparams).
    Returns (losses, seconds of the last epoch). Book: d2lzh.train_gluon_ch7 (without the plot)."""
    net = models.get("linreg")
    net.initialize(init.Normal(sigma=0.01))
    loss = gloss.L2Loss()
    if hybridize:
        net.hybridize(static_alloc=True, static_shape=True)
        loss.hybridize(static_alloc=True)
    trainer = make_trainer(net.collect_params(), trainer_name, trainer_hyperparams)

    def step(X, y):
        with autograd.record():
            l = loss(net(X), y)  # noqa: E741  (the book's name)
        l.backward()
        trainer.step(batch_size)

    return record_losses(step, lambda: loss(net(features), labels).mean(), features, labels, batch_size,
                         num_epochs, report)
