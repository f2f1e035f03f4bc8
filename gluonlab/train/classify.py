"""Classification fit loop: d2lzh.train_ch3 / train_ch5 / train in one, fast and faithful.

Faithful: summed loss, `sgd(params, lr, batch_size)` or `trainer.step(batch_size)`, training accuracy from
predictions made before each update, test accuracy after the epoch, the book's printed line.
Fast: metrics accumulate on the device and are read once per epoch; NaN/inf is still pinned to its batch.
The Python loop runs only a few minibatches ahead of the operators it has queued (Lead): far
enough that MXNet's engine never waits for Python, close enough that the progress line tells the truth, Ctrl-C
is seen within a few minibatches, and the inputs of an hour-long epoch are not all held in memory at once.
"""
import time

import mxnet as mx
from mxnet import autograd, gluon, nd
from mxnet.gluon import nn

from ..errors import NonFiniteLossError
from ..progress import Progress
from ..scratch.optim import sgd
from . import checkpoint
from .batch_values import first_non_finite, read
from .heads import TrainingHead, correct_count
from .parallel import check_trainer, rank_and_size, shard_batch

LINES = {
    "ch3": "epoch %d, loss %.4f, train acc %.3f, test acc %.3f",
    "ch5": "epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec",
}


IN_FLIGHT = 2
CHECK_EVERY_S = 0.25


class Lead:
    """Keeps a loop at most about IN_FLIGHT minibatches (or CHECK_EVERY_S of its own work) ahead of the operators
    it has queued: `lead.keep_close(pending)` after appending each minibatch's value to `pending`.

    Without it the loop queues a whole epoch before its one read. `gluonlab run 5.6` (AlexNet, 224 px, about
    1.5 h an epoch on 2 cores) was found ten minutes into its first epoch waiting inside MXNet for the epoch's
    end, its progress line silent, Ctrl-C and SIGTERM unseen (Python handles signals only between bytecodes),
    with 4 GB of queued minibatches resident. It waits at most every CHECK_EVERY_S, so a net with small
    minibatches (LeNet: 25 ms of work each) does not pay a wait per minibatch.
    """

    def __init__(self):
        self._checked = time.perf_counter()

    def keep_close(self, pending):
        """Wait until the value IN_FLIGHT before the newest of `pending` is computed, if it is time to check."""
        if len(pending) > IN_FLIGHT and time.perf_counter() - self._checked >= CHECK_EVERY_S:
            pending[-IN_FLIGHT - 1].wait_to_read()
            self._checked = time.perf_counter()


def _ctx_list(ctx):
    if ctx is None:
        return [mx.cpu()]
    return list(ctx) if isinstance(ctx, (list, tuple)) else [ctx]


def _split(X, y, ctxs, cast=True):
    """Cast labels to the features' dtype (unless not cast) and split both over ctxs. Book: d2lzh._get_batch."""
    if cast:
        y = y.astype(X.dtype)
    if len(ctxs) == 1:
        return [X.as_in_context(ctxs[0])], [y.as_in_context(ctxs[0])]
    return (gluon.utils.split_and_load(X, ctxs, even_split=False),
            gluon.utils.split_and_load(y, ctxs, even_split=False))


def evaluate_accuracy(data_iter, net, ctx=None):
    """Accuracy of `net` over `data_iter`, split over a ctx list. Book: d2lzh.evaluate_accuracy.

    Each minibatch's correct count comes from one cached graph (_Correct) and the counts are summed once.
    """
    ctxs = _ctx_list(ctx)
    counts, n, lead = [], 0, Lead()
    with Progress(len(data_iter) if hasattr(data_iter, "__len__") else 0, "evaluating", unit="img",
                  every=60) as bar:         # minutes for the test set of a 224-px CNN on a CPU
        for X, y in data_iter:
            Xs, ys = _split(X, y, ctxs)
            for Xi, yi in zip(Xs, ys):
                counts.append(_CORRECT(net(Xi), yi).as_in_context(ctxs[0]))
                n += yi.size
            lead.keep_close(counts)
            bar.update(items=y.shape[0])
    return read(counts).sum() / n


def _finite(arrays):
    """Whether every value of every array is finite (one sync; NaN inputs can hide behind relu's finite loss)."""
    return not arrays or nd.add_n(*[nd.contrib.isfinite(a).min() for a in arrays]).asscalar() == len(arrays)


def fit(net, train_iter, test_iter, loss_fn, num_epochs, batch_size, params=None, lr=None, trainer=None,
        ctx=None, report=print, line="ch3", on_epoch=None, header=True):
    """Train a classifier; print the book's line per epoch; return the history.

    Args:
        loss_fn: per-example loss; it is summed over the batch as the book does.
        batch_size: what the update divides by (the book's fixed batch_size); None: each minibatch's size.
        params, lr: scratch parameters updated with `sgd` when `trainer` is None.
        ctx: a Context or a list (data parallel: one forward/backward per device, one step).
            Under `gluonlab launch` each worker trains on its rank's slice of every minibatch
            (train.parallel.shard_batch); `trainer` must come from train.make_trainer.
        line: 'ch3' (train_ch3's line) or 'ch5' (train_ch5's, with the time, and 'training on' first unless
            header is False: d2lzh.train prints its own, naming ctx as it was given).
        on_epoch: called with each epoch's history entry (early stops).
    Under an open train.checkpoint.checkpointing(...) (the runner opens one) every epoch is checkpointed,
    and a resumed run starts after the last checkpointed epoch (not under `gluonlab launch`).
    Returns: [{epoch, loss, train_acc, test_acc, wall_s}, ...]
    """
    ctxs = _ctx_list(ctx)
    check_trainer(trainer)
    if line == "ch5" and header:
        report("training on", ctxs[0] if len(ctxs) == 1 else ctxs)
    stage = checkpoint.stage_for(net, params, trainer, ctxs)
    history = stage.restore() if stage else []
    head = TrainingHead(net, loss_fn)           # cached graphs for the whole run, not one per epoch
    for entry in history:
        report(_line(line, entry) + "   (restored from checkpoint)")
    try:                                 # fit packs a plain-SGD trainer's parameters; they are given back
        for epoch in range(len(history) + 1, num_epochs + 1):
            if stage and epoch > 1:          # a resumed run starts at epoch 2 or later; epoch 1 keeps the run's seed
                stage.seed_epoch(epoch)
            start = time.perf_counter()
            with Progress(len(train_iter) if hasattr(train_iter, "__len__") else 0,
                          f"epoch {epoch}/{num_epochs}", unit="img", every=60) as bar:
                batch_losses, batch_correct, n, m = _train_epoch(net, train_iter, head, batch_size, params, lr,
                                                                 trainer, ctxs, bar)
            losses = read(batch_losses)
            bad = first_non_finite(losses)
            if bad is not None or not _finite(params if trainer is None else [p.data() for p in trainer._params]):
                kept = f"{stage.manifest} (epoch {len(history)})" if stage and history else None
                raise NonFiniteLossError(epoch, bad and bad[0] + 1, bad[1] if bad else "nan or inf", kept=kept)
            entry = {"epoch": epoch, "loss": losses.sum() / n, "train_acc": read(batch_correct).sum() / m,
                     "test_acc": evaluate_accuracy(test_iter, net, ctxs), "wall_s": time.perf_counter() - start}
            report(_line(line, entry))
            history.append(entry)
            if stage:
                stage.save(epoch, history)
            if on_epoch:
                on_epoch(entry)
    finally:
        if trainer is not None:
            _unpack_parameters(net, trainer, head)
    if stage:
        stage.seed_epoch(num_epochs + 1)     # what follows draws the same numbers, resumed or not
    return history


def _line(line, entry):
    values = (entry["epoch"], entry["loss"], entry["train_acc"], entry["test_acc"])
    return LINES[line] % (values + ((entry["wall_s"],) if line == "ch5" else ()))


class _Correct(gluon.HybridBlock):
    """heads.correct_count as one cached graph."""

    def hybrid_forward(self, F, y_hat, y):
        return correct_count(F, y_hat, y)


_CORRECT = _Correct()
_CORRECT.hybridize(static_alloc=True)


def _pack_parameters(net, trainer, head):
    """Pack the trainer's parameters into two flat buffers (Trainer.pack: plain SGD then takes one sgd_update a
    step, the same bits) when it updates exactly net's parameters and each belongs to an nn.Dense, and have
    net's and the head's cached graphs rebuilt. The 3.10 MLP: 0.243-0.246 s an epoch instead of 0.251-0.257
    (2 threads). Only Dense layers: under oneDNN a convolution in predict mode reorders its weight in place,
    which a view into a shared buffer cannot take (it overwrote the next parameters)."""
    if not (hasattr(trainer, "pack") and isinstance(net, gluon.Block)):
        return
    params = net.collect_params().values()
    if {id(p) for p in trainer._params} != {id(p) for p in params} or not _dense_only(net):
        return
    if trainer.pack():
        _rebuild_cached_ops(net, head)


def _unpack_parameters(net, trainer, head):
    """Give the parameters back the arrays they had before fit packed them (Trainer.unpack), so that blocks
    outside fit that share them keep working, and have the cached graphs rebuilt."""
    if hasattr(trainer, "unpack") and trainer.unpack():
        _rebuild_cached_ops(net, head)


def _dense_only(net):
    """Whether every block of net that owns parameters is an nn.Dense."""
    owners = []
    net.apply(lambda block: owners.append(block) if block._reg_params else None)
    return all(isinstance(block, nn.Dense) for block in owners)


def _rebuild_cached_ops(net, head):
    """Have net's hybridized blocks and the head build their CachedOps again (one hybridized with static_shape
    keeps the gradient arrays it first ran with); net's graphs are kept, so `export` still works."""
    net.apply(lambda block: setattr(block, "_cached_op", None) if isinstance(block, gluon.HybridBlock) else None)
    head.rebuild()


def _train_epoch(net, train_iter, head, batch_size, params, lr, trainer, ctxs, bar):
    """One pass over train_iter: (per-batch summed losses, per-batch correct counts, n), still on the device.

    head: heads.TrainingHead(net, loss_fn), (X, y, dtype) -> (summed loss, correct count).
    The book adds each batch's loss as a Python float (float64); fit reads the list once and sums in float64.
    """
    batch_losses, batch_correct, n, m = [], [], 0, 0     # n examples (the loss's), m labels (the accuracy's)
    lead = Lead()
    sharded = rank_and_size()[1] > 1
    for X, y in train_iter:
        step_size = batch_size or X.shape[0]        # None: each minibatch's own size (d2lzh.train)
        if sharded:
            X, y = shard_batch(X, y)
        Xs, ys = _split(X, y, ctxs, cast=False)        # the head casts the labels
        with autograd.record():
            outs = [head(Xi, yi, X.dtype) for Xi, yi in zip(Xs, ys)]
        for loss, _ in outs:
            loss.backward()
        if trainer is None:
            sgd(params, lr, step_size)
        else:
            trainer.step(step_size)
            if not n:                           # after the first step every parameter has its shape
                _pack_parameters(net, trainer, head)
        if len(outs) == 1:
            batch_loss, correct = outs[0]
        else:
            batch_loss = nd.add_n(*[loss.as_in_context(ctxs[0]) for loss, _ in outs])
            correct = nd.add_n(*[c.as_in_context(ctxs[0]) for _, c in outs])
        batch_losses.append(batch_loss)
        batch_correct.append(correct)
        lead.keep_close(batch_losses)
        n, m = n + y.shape[0], m + y.size
        bar.update(items=y.shape[0])
    return batch_losses, batch_correct, n, m


def train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size, params=None, lr=None, trainer=None,
              report=print):
    """d2lzh.train_ch3 with the book's signature: `fit` with the chapter-3 line. Returns the history."""
    return fit(net, train_iter, test_iter, loss, num_epochs, batch_size, params, lr, trainer, report=report)


def train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs, report=print):
    """d2lzh.train_ch5 with the book's signature (softmax cross-entropy, 'training on', the epoch time)."""
    from mxnet.gluon.loss import SoftmaxCrossEntropyLoss
    return fit(net, train_iter, test_iter, SoftmaxCrossEntropyLoss(), num_epochs, batch_size, trainer=trainer,
               ctx=ctx, line="ch5", report=report)
