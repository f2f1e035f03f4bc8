"""Regression loops: per-batch updates, then a full-data evaluation each epoch (3.2, 3.3, 3.11, 3.12, 3.16).

train_ch3's loss is a running one, the mean of the minibatch losses taken before each update; these sections
evaluate on the whole training set after each epoch instead, as the book's 3.2, 3.3, 3.11, 3.12 and 3.16 do.
"""
import time

from mxnet import autograd, gluon, nd

from ..errors import NonFiniteLossError


def sgd_step(net, loss_fn, params, lr, batch_size, penalty=None):
    """A scratch update: record loss(net(X), y) (+ penalty()), backward, sgd(params, lr, batch_size)."""
    from ..scratch.optim import sgd

    def step(X, y):
        with autograd.record():
            loss = loss_fn(net(X), y)
            if penalty is not None:
                loss = loss + penalty()
        loss.backward()
        sgd(params, lr, batch_size)
        return loss
    return step


def trainer_step(net, loss_fn, trainers, batch_size):
    """A Gluon update: record loss(net(X), y), backward, step(batch_size) on every trainer."""
    trainers = trainers if isinstance(trainers, (list, tuple)) else [trainers]

    def step(X, y):
        with autograd.record():
            loss = loss_fn(net(X), y)
        loss.backward()
        for trainer in trainers:
            trainer.step(batch_size)
        return loss
    return step


def train_epochs(batches, step, num_epochs, evaluate, report=None, line=None):
    """Run `step(X, y)` over `batches` each epoch, then `evaluate()` -> dict of metrics.

    `batches` is re-iterated each epoch (a DataLoader, an ArrayIter, or a callable returning an iterator).
    `line` is a %-format filled with (epoch, *metrics values) and passed to `report`.
    Returns the history [{epoch, **metrics, wall_s}, ...]. NaN/inf in a batch loss stops with its place.
    """
    history = []
    for epoch in range(1, num_epochs + 1):
        start = time.perf_counter()
        losses = [step(X, y).sum() for X, y in (batches() if callable(batches) else batches)]
        if losses:
            values = nd.stack(*losses).asnumpy()
            bad = [i for i, v in enumerate(values.ravel()) if not abs(v) < float("inf")]
            if bad:
                raise NonFiniteLossError(epoch, bad[0] + 1, float(values.ravel()[bad[0]]))
        metrics = evaluate()
        entry = {"epoch": epoch, **metrics, "wall_s": time.perf_counter() - start}
        history.append(entry)
        if report and line:
            report(line % ((epoch,) + tuple(metrics.values())))
    return history


def mean_loss(net, loss_fn, features, labels):
    """loss_fn(net(features), labels).mean() as a Python float."""
    return loss_fn(net(features), labels).mean().asscalar()


def log_rmse(net, features, labels):
    """sqrt(2 * mean(L2Loss(log(clip(y_hat, 1, inf)), log y))). Book: §3.16 log_rmse."""
    clipped_preds = nd.clip(net(features), 1, float("inf"))
    rmse = nd.sqrt(2 * gluon.loss.L2Loss()(clipped_preds.log(), labels.log()).mean())
    return rmse.asscalar()


def get_k_fold_data(k, i, X, y):
    """Fold i is validation, the others (in order) training; rows past k * (n // k) dropped. Book: §3.16."""
    assert k > 1
    fold_size = X.shape[0] // k
    X_train, y_train = None, None
    for j in range(k):
        idx = slice(j * fold_size, (j + 1) * fold_size)
        X_part, y_part = X[idx, :], y[idx]
        if j == i:
            X_valid, y_valid = X_part, y_part
        elif X_train is None:
            X_train, y_train = X_part, y_part
        else:
            X_train = nd.concat(X_train, X_part, dim=0)
            y_train = nd.concat(y_train, y_part, dim=0)
    return X_train, y_train, X_valid, y_valid
