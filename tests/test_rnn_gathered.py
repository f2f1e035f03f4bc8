"""RNNModel.train_forward (GatheredInputs): the book's one-hot forward narrowed to the minibatch's characters."""
import numpy as np
import pytest
from mxnet import autograd, init, nd

from gluonlab import models
from gluonlab.models.rnn import GatheredInputs

MODELS = ["rnn_rnn", "rnn_gru", "rnn_lstm", "rnn_deep_lstm", "rnn_bi_gru"]
VOCAB = 300


def _model(name, hybridize):
    model = models.get(name, vocab_size=VOCAB)
    model.initialize(init.Normal(0.01))
    if hybridize:
        model.hybridize(static_alloc=True, static_shape=True)
    return model


def _inputs(high=200, batch=8, steps=7, seed=0):
    return nd.array(np.random.RandomState(seed).randint(0, high, size=(batch, steps)))


def _run(model, forward, X, state):
    with autograd.record():
        out, new = forward(X, state)
        loss = (out * out).sum() + sum((s * s).sum() for s in new)
    loss.backward()
    return (out.asnumpy(), [s.asnumpy() for s in new],
            {k: p.grad().asnumpy().copy() for k, p in model.collect_params().items()})


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("name", MODELS)
def test_gathered_forward_is_the_books_one_hot_forward(name, hybridize, seed):
    model = _model(name, hybridize)
    X = _inputs()
    state = [nd.random.normal(scale=0.1, shape=s.shape) for s in model.begin_state(batch_size=8)]
    book = _run(model, model, X, state)                          # also completes the deferred initialization
    fast = _run(model, model.train_forward, X, state)
    assert isinstance(model._train_graph.core, GatheredInputs)           # the gathered path ran
    np.testing.assert_array_equal(book[0], fast[0])
    for a, b in zip(book[1], fast[1]):
        np.testing.assert_array_equal(a, b)
    for key in book[2]:
        np.testing.assert_allclose(fast[2][key], book[2][key], rtol=1e-6, atol=1e-9, err_msg=key)
    unused = sorted(set(range(VOCAB)) - set(X.asnumpy().ravel().astype(int)))
    w_grad = fast[2][[k for k in fast[2] if k.endswith("l0_i2h_weight")][0]]
    assert not w_grad[:, unused].any() and w_grad.any()


@pytest.mark.parametrize("name", ["rnn_gru", "rnn_bi_gru"])
def test_hybridized_gathered_forward_matches_its_imperative_self(name, seed):
    a, b = _model(name, False), _model(name, True)
    X = _inputs()
    state = a.begin_state(batch_size=8)
    a(X, state), b(X, state)                                     # deferred initialization on both
    for (_, pa), (_, pb) in zip(sorted(a.collect_params().items()), sorted(b.collect_params().items())):
        pb.set_data(pa.data())
    one, two = _run(a, a.train_forward, X, state), _run(b, b.train_forward, X, state)
    np.testing.assert_allclose(one[0], two[0], rtol=1e-6, atol=1e-7)
    for ka, kb in zip(sorted(one[2]), sorted(two[2])):
        np.testing.assert_allclose(one[2][ka], two[2][kb], rtol=1e-5, atol=1e-8)


def test_first_call_takes_the_books_path_and_the_width_only_grows(seed):
    model = models.get("rnn_lstm", vocab_size=VOCAB)
    model.initialize(init.Normal(0.01))
    state = model.begin_state(batch_size=8)
    model.train_forward(_inputs(high=50), state)                # deferred initialization: the book's path
    assert model._train_graph.core is None
    model.train_forward(_inputs(high=50), state)
    assert model._train_graph.core.width == 128
    model.train_forward(_inputs(high=VOCAB, batch=32, steps=10), model.begin_state(batch_size=32))  # > 128 distinct
    assert model._train_graph.core.width == 256
    model.train_forward(_inputs(high=50), state)
    assert model._train_graph.core.width == 256
    assert GatheredInputs.width_for(1025, 1027) == 1027 and GatheredInputs.width_for(1000, 1027) == 1024 and GatheredInputs.width_for(129, 1027) == 256


def test_a_planted_column_mixup_is_caught(seed, monkeypatch):
    model = _model("rnn_gru", False)
    X, state = _inputs(), model.begin_state(batch_size=8)
    book = model(X, state)[0].asnumpy()
    real = np.unique
    monkeypatch.setattr(np, "unique", lambda a, **kw: (lambda c, i: (c[::-1].copy(), i))(*real(a, **kw)))
    assert not np.array_equal(book, model.train_forward(X, state)[0].asnumpy())


def test_a_model_trained_through_the_gathered_path_saves_what_a_fresh_model_loads(tmp_path, seed):
    model = _model("rnn_gru", True)
    X, state = _inputs(), model.begin_state(batch_size=8)
    model.train_forward(X, state), model.train_forward(X, state)
    assert list(model._children) == ["rnn", "dense"]
    model.save_parameters(str(tmp_path / "m.params"))
    fresh = models.get("rnn_gru", vocab_size=VOCAB)
    fresh.load_parameters(str(tmp_path / "m.params"))
    np.testing.assert_array_equal(fresh(X, state)[0].asnumpy(), model(X, state)[0].asnumpy())
