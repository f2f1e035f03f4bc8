"""Train a character language model and generate text. Book: d2lzh.train_and_predict_rnn(_gluon), §6.4-6.5.

Faithful: the book's arguments and order, mean loss per minibatch, clipping then sgd(params, lr, 1) or
trainer.step(1), state re-initialized per minibatch (random sampling) or per epoch and detached per minibatch
(consecutive; written `state = [s.detach() for s in state]`: MXNet's detach() returns a new array, so the
book's `for s in state: s.detach()` does nothing), the book's lines every pred_period epochs.
Fast: no synchronisation per minibatch (the clipping factor stays on the device); on a CPU with SGD, clipping and
the update are one operator (scratch.rnn.clip_sgd_update, Trainer.clip_and_step); the epoch's losses are read
once, which also pins a NaN/inf loss to its minibatch. The printed time covers the epoch, not the generation.
Returns the history: one row per epoch {epoch, perplexity, wall_s} (+ predictions every pred_period epochs).
"""
import inspect
import math
import time

from mxnet import autograd, gluon, init, nd

from ..data.lm_iters import data_iter_consecutive, data_iter_random
from ..errors import ConfigError, NonFiniteLossError
from ..scratch.optim import sgd
from ..scratch.rnn import clip_sgd_update, grad_clipping, greedy_generate, predict_rnn, to_onehot
from ..scratch.traced import trace_or_none
from ..scratch.unrolled import HybridUnrolled
from .batch_values import first_non_finite, read
from .trainer import Trainer

LINE = "epoch %d, perplexity %f, time %.2f sec"


def perplexity(batch_losses, sizes, epoch):
    """exp(sum(l_i * n_i) / sum(n_i)) from per-minibatch mean losses, read in one synchronisation."""
    if not batch_losses:
        raise ConfigError("the corpus yields no minibatch: it is shorter than batch_size * num_steps + 1",
                          "lower --batch-size or --num-steps, or raise --num-chars")
    values = read(batch_losses)
    bad = first_non_finite(values)
    if bad is not None:
        raise NonFiniteLossError(epoch, bad[0] + 1, bad[1])
    mean = sum(v * n for v, n in zip(values, sizes)) / sum(sizes)
    return math.exp(mean) if mean < 700 else float("inf")


def run_epochs(step, batches, begin_state, num_epochs, pred_period, predict, prefixes, report,
               fresh_state_per_batch=False):
    """Epoch loop shared by both trainers: step(X, Y, state) -> (mean loss, state); returns the history."""
    history = []
    for epoch in range(1, num_epochs + 1):
        start = time.perf_counter()
        state = None if fresh_state_per_batch else begin_state()
        losses, sizes = [], []
        for X, Y in batches():
            state = begin_state() if fresh_state_per_batch else [s.detach() for s in state]
            loss, state = step(X, Y, state)
            losses.append(loss)
            sizes.append(Y.size)
        row = {"epoch": epoch, "perplexity": perplexity(losses, sizes, epoch)}
        nd.waitall()                                            # the last update is part of this epoch
        row["wall_s"] = time.perf_counter() - start
        if epoch % pred_period == 0:
            report(LINE % (epoch, row["perplexity"], row["wall_s"]))
            row["predictions"] = predict(list(prefixes))               # all prefixes in one batch
            for text in row["predictions"]:
                report(" -", text)
        history.append(row)
    return history


def train_and_predict_rnn(rnn, get_params, init_rnn_state, num_hiddens, vocab_size, ctx, corpus_indices,
                          idx_to_char, char_to_idx, is_random_iter, num_epochs, num_steps, lr, clipping_theta,
                          batch_size, pred_period, pred_len, prefixes, report=print, hybridize=False):
    """Train the scratch cell `rnn(inputs, state, params)` with params from get_params(). Book: d2lzh.

    hybridize (gluonlab): run each minibatch's unrolled steps as one cached graph. A cell that takes F= (the
    scratch rnn, gru and lstm) is wrapped in scratch.unrolled; any other cell (the book's own, written with `nd.`)
    is traced on the first minibatch (scratch.traced) and runs imperatively if it cannot be traced or the
    graph disagrees with it. Generation stays step by step and imperative.
    """
    data_iter_fn = data_iter_random if is_random_iter else data_iter_consecutive
    params = get_params()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    unrolled, pending_trace = None, False
    if hybridize and "F" in inspect.signature(rnn).parameters:
        num_states = len(init_rnn_state(1, num_hiddens, ctx))
        unrolled = HybridUnrolled(rnn, params, num_states, vocab_size, num_steps)
        unrolled.hybridize(static_alloc=True, static_shape=True)
    elif hybridize:
        pending_trace = True

    fused = all(p.context.device_type == "cpu" for p in params)      # theta None: clip_sgd_update is sgd's step

    def step(X, Y, state):
        nonlocal unrolled, pending_trace
        if pending_trace:
            unrolled, pending_trace = trace_or_none(rnn, X, state, params, vocab_size), False
        with autograd.record():
            if unrolled is None:
                outputs, state = rnn(to_onehot(X, vocab_size), state, params)
                outputs = nd.concat(*outputs, dim=0)
            else:
                outputs, *state = unrolled(X, *state, *params)
            y = Y.T.reshape((-1,))                              # time-major, as the outputs
            loss = loss_fn(outputs, y).mean()
        loss.backward()
        if fused:                                  # grad_clipping then sgd(params, lr, 1) in one operator
            clip_sgd_update(params, [p.grad for p in params], lr, clipping_theta)
        else:
            grad_clipping(params, clipping_theta, ctx)
            sgd(params, lr, 1)                                 # the loss is already a mean
        return loss, state

    return run_epochs(
        step, lambda: data_iter_fn(corpus_indices, batch_size, num_steps, ctx),
        lambda: init_rnn_state(batch_size, num_hiddens, ctx), num_epochs, pred_period,
        lambda prefixes: predict_rnn(prefixes, pred_len, rnn, params, init_rnn_state, num_hiddens, vocab_size, ctx,
                                   idx_to_char, char_to_idx),
        prefixes, report, fresh_state_per_batch=is_random_iter)


def predict_rnn_gluon(prefix, num_chars, model, vocab_size, ctx, idx_to_char, char_to_idx):
    """Greedy generation with an RNNModel, one (1, 1) input per step. Book: d2lzh.predict_rnn_gluon.

    A list of prefixes generates them together, one row each (greedy_generate)."""
    state = model.begin_state(batch_size=1 if isinstance(prefix, str) else len(prefix), ctx=ctx)

    def step(indices):
        nonlocal state
        Y, state = model(nd.array(indices, ctx=ctx).reshape((-1, 1)), state)
        return Y
    return greedy_generate(prefix, num_chars, step, idx_to_char, char_to_idx)


def train_and_predict_rnn_gluon(model, num_hiddens, vocab_size, ctx, corpus_indices, idx_to_char, char_to_idx,
                                num_epochs, num_steps, lr, clipping_theta, batch_size, pred_period, pred_len,
                                prefixes, report=print, optimizer="sgd", optimizer_params=None):
    """Train an RNNModel with consecutive sampling. Book: d2lzh.train_and_predict_rnn_gluon.

    `optimizer` / `optimizer_params`: by default the book's SGD (lr, momentum 0, wd 0), which its helper
    hard-codes; the course's runs pass optimizer='adam' with lr 0.01. Everything else follows the book.
    """
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    model.initialize(ctx=ctx, force_reinit=True, init=init.Normal(0.01))
    defaults = {"learning_rate": lr, "momentum": 0, "wd": 0} if optimizer == "sgd" else {"learning_rate": lr}
    trainer = Trainer(model.collect_params(), optimizer, {**defaults, **(optimizer_params or {})})

    forward = getattr(model, "train_forward", model)      # gluonlab's RNNModel: the one-hot product narrowed

    def step(X, Y, state):
        with autograd.record():
            output, state = forward(X, state)
            y = Y.T.reshape((-1,))
            loss = loss_fn(output, y).mean()
        loss.backward()
        trainer.clip_and_step(clipping_theta, 1)      # grad_clipping then trainer.step(1), fused for plain SGD
        return loss, state

    return run_epochs(
        step, lambda: data_iter_consecutive(corpus_indices, batch_size, num_steps, ctx),
        lambda: model.begin_state(batch_size=batch_size, ctx=ctx), num_epochs, pred_period,
        lambda prefixes: predict_rnn_gluon(prefixes, pred_len, model, vocab_size, ctx, idx_to_char, char_to_idx),
        prefixes, report)
