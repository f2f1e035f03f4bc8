"""6.5 RNNModel and the language-model trainers: hybridized == imperative, deterministic generation, learning, NaN."""
import random
from functools import partial

import mxnet as mx
import numpy as np
import pytest
from mxnet import nd

from gluonlab import models
from gluonlab.errors import ConfigError, NonFiniteLossError
from gluonlab.models.checkpoint import copy_parameters
from gluonlab.scratch import gru
from gluonlab.train.rnn import predict_rnn_gluon, train_and_predict_rnn, train_and_predict_rnn_gluon

TEXT = "分开不分开我想就这样牵着你的手不放开爱可不可以简简单单没有伤害" * 12
IDX_TO_CHAR = sorted(set(TEXT))
CHAR_TO_IDX = {c: i for i, c in enumerate(IDX_TO_CHAR)}
CORPUS = [CHAR_TO_IDX[c] for c in TEXT]
V = len(IDX_TO_CHAR)
SETTINGS = dict(num_steps=8, lr=1e2, clipping_theta=1e-2, batch_size=4, pred_period=1, pred_len=6,
                prefixes=["分开", "不分开"])


def _gluon(model, num_epochs=2, lr=1e2, report=None, **kw):
    s = {**SETTINGS, "lr": lr}
    return train_and_predict_rnn_gluon(model, 32, V, mx.cpu(), CORPUS, IDX_TO_CHAR, CHAR_TO_IDX, num_epochs,
                                       s["num_steps"], s["lr"], s["clipping_theta"], s["batch_size"],
                                       s["pred_period"], s["pred_len"], s["prefixes"],
                                       report=report or (lambda *a: None), **kw)


@pytest.mark.parametrize("name", ["rnn_rnn", "rnn_gru", "rnn_lstm", "rnn_deep_lstm", "rnn_bi_gru"])
def test_hybridized_model_trains_like_the_imperative_one(name, seed):
    twins = []
    for hybridize in (False, True):
        mx.random.seed(7)
        model = models.get(name, vocab_size=V, num_hiddens=32)
        if hybridize:
            model.hybridize()
        twins.append(_gluon(model, lr=1.0, optimizer="adam", optimizer_params={"learning_rate": 0.01}))
    for a, b in zip(*twins):
        assert a["perplexity"] == pytest.approx(b["perplexity"], rel=1e-4)
        assert a["predictions"] == b["predictions"]


def test_model_output_is_time_major_like_the_labels(seed):
    model = models.get("rnn_gru", vocab_size=V, num_hiddens=8)
    model.initialize()
    X = nd.array(np.arange(6).reshape(2, 3))
    out, _ = model(X, model.begin_state(batch_size=2))
    single, _ = model(X[1:2, 0:1], model.begin_state(batch_size=1))    # row 1, step 0
    np.testing.assert_allclose(out[1].asnumpy(), single[0].asnumpy(), rtol=1e-5)   # row t * batch + b


def test_predict_rnn_gluon_is_deterministic_and_keeps_the_prefix(seed):
    model = models.get("rnn_lstm", vocab_size=V, num_hiddens=16)
    model.initialize(force_reinit=True)
    outs = {predict_rnn_gluon("不分开", 10, model, V, mx.cpu(), IDX_TO_CHAR, CHAR_TO_IDX) for _ in range(3)}
    assert len(outs) == 1
    text = outs.pop()
    assert len(text) == 13 and text.startswith("不分开")
    twin = copy_parameters(model, models.get("rnn_lstm", vocab_size=V, num_hiddens=16),
                           nd.zeros((1, 1)), model.begin_state(batch_size=1))
    twin.hybridize()
    assert predict_rnn_gluon("不分开", 10, twin, V, mx.cpu(), IDX_TO_CHAR, CHAR_TO_IDX) == text


def test_short_gluon_training_lowers_perplexity_and_prints_the_books_lines(seed):
    lines = []
    history = _gluon(models.get("rnn_gru", vocab_size=V, num_hiddens=32), num_epochs=30, lr=0.01,
                     optimizer="adam", report=lambda *a: lines.append(" ".join(map(str, a))))
    assert history[-1]["perplexity"] < history[0]["perplexity"] / 3
    assert [h["epoch"] for h in history] == list(range(1, 31)) and all(h["wall_s"] > 0 for h in history)
    assert lines[0].startswith("epoch 1, perplexity ") and lines[0].endswith(" sec")
    assert lines[1].startswith(" - 分开") and lines[2].startswith(" - 不分开")


@pytest.mark.parametrize("is_random_iter", [True, False])
def test_short_scratch_training_lowers_perplexity(is_random_iter, seed):
    history = train_and_predict_rnn(
        gru.gru, partial(gru.get_params, V, 32, V, None), gru.init_gru_state, 32, V, None, CORPUS, IDX_TO_CHAR,
        CHAR_TO_IDX, is_random_iter, 12, report=lambda *a: None, **{**SETTINGS, "pred_period": 12})
    assert history[-1]["perplexity"] < history[0]["perplexity"] / 2
    assert "predictions" in history[-1] and "predictions" not in history[0]


def test_nan_loss_raises_with_epoch_and_batch(seed):
    model = models.get("rnn_rnn", vocab_size=V, num_hiddens=16)
    with pytest.raises(NonFiniteLossError, match="at epoch 1, batch 2"):
        _gluon(model, lr=float("nan"), optimizer="adam", num_epochs=1)      # batch 1 still had finite weights


def test_too_short_a_corpus_is_a_config_error(seed):
    with pytest.raises(ConfigError, match="no minibatch"):
        train_and_predict_rnn_gluon(models.get("rnn_gru", vocab_size=V, num_hiddens=8), 8, V, None, CORPUS[:20],
                                    IDX_TO_CHAR, CHAR_TO_IDX, 1, 8, 1.0, None, 4, 1, 2, ["分开"],
                                    report=lambda *a: None)


def test_random_sampling_follows_python_random(seed):
    runs = []
    for _ in range(2):
        random.seed(3)
        mx.random.seed(3)
        runs.append(train_and_predict_rnn(
            gru.gru, partial(gru.get_params, V, 16, V, None), gru.init_gru_state, 16, V, None, CORPUS, IDX_TO_CHAR,
            CHAR_TO_IDX, True, 2, report=lambda *a: None, **SETTINGS))
    assert [h["perplexity"] for h in runs[0]] == [h["perplexity"] for h in runs[1]]


@pytest.mark.parametrize("kind", ["scratch", "gluon"])
def test_batched_predictions_equal_one_prefix_at_a_time(kind, seed):
    """The trainers generate every prefix in one batch (rows of different prefix lengths together); after
    training, each row's text equals the book's one-prefix-at-a-time generation."""
    from gluonlab.scratch.rnn import predict_rnn
    prefixes, n = ["分开", "不分开", "我"], 12
    if kind == "gluon":
        model = models.get("rnn_gru", vocab_size=V, num_hiddens=32)
        _gluon(model, num_epochs=6)
        generate = partial(predict_rnn_gluon, num_chars=n, model=model, vocab_size=V, ctx=mx.cpu(),
                           idx_to_char=IDX_TO_CHAR, char_to_idx=CHAR_TO_IDX)
    else:
        params = gru.get_params(V, 32, V)
        get = lambda: params                                      # noqa: E731 (keeps the trained arrays)
        train_and_predict_rnn(gru.gru, get, gru.init_gru_state, 32, V, mx.cpu(), CORPUS, IDX_TO_CHAR,
                              CHAR_TO_IDX, False, 6, SETTINGS["num_steps"], 1e2, 1e-2, 4, 100, 6, prefixes,
                              report=lambda *a: None)
        generate = partial(predict_rnn, num_chars=n, rnn=gru.gru, params=params, init_rnn_state=gru.init_gru_state,
                           num_hiddens=32, vocab_size=V, ctx=mx.cpu(), idx_to_char=IDX_TO_CHAR, char_to_idx=CHAR_TO_IDX)
    together = generate(prefixes)
    alone = [generate(p) for p in prefixes]
    assert together == alone
    assert [len(t) for t in together] == [len(p) + n for p in prefixes]
    assert len(set("".join(t[len(p):] for t, p in zip(together, prefixes)))) > 1      # trained: not one repeated char
