"""Clipping fused with the SGD step (scratch.rnn.clip_sgd_update, Trainer.clip_and_step): the book's grad_clipping
then sgd / trainer.step(1), within float32 rounding above theta and bit for bit below it."""
import numpy as np
import pytest
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import rnn as grnn

from gluonlab import devices, registry
from gluonlab.scratch.optim import sgd
from gluonlab.scratch.rnn import clip_sgd_update, global_norm, grad_clipping
from gluonlab.train import rnn as train_rnn
from gluonlab.train import trainer as trainer_module
from gluonlab.train.trainer import Trainer

SHAPES = [(37, 16), (16, 16), (16,), (16, 37), (37,)]
LR = 100.0                                          # the book's chapter-6 learning rate


def book_grad_clipping(params, theta, ctx=None):
    """d2lzh.grad_clipping: the norm read back with asscalar, the gradients scaled only above theta."""
    norm = nd.array([0], ctx)
    for param in params:
        norm += (param.grad ** 2).sum()
    norm = norm.sqrt().asscalar()
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm


def _params(seed, shapes=SHAPES, grad_scale=1.0):
    """Weights and gradients from one seed, the gradients attached as the trainers' params carry them."""
    rng = np.random.RandomState(seed)
    params = []
    for shape in shapes:
        p = nd.array(rng.normal(scale=0.1, size=shape))
        p.attach_grad()
        p.grad[:] = nd.array(rng.normal(scale=grad_scale, size=shape))
        params.append(p)
    return params


def _norm64(params):
    return np.sqrt(sum((p.grad.asnumpy().astype(np.float64) ** 2).sum() for p in params))


def _fused(params, lr, theta):
    clip_sgd_update(params, [p.grad for p in params], lr, theta)
    return [p.asnumpy() for p in params]


def _book(params, lr, theta):
    book_grad_clipping(params, theta)
    for p in params:
        p[:] = p - lr * p.grad / 1                  # d2lzh.sgd with batch_size 1
    return [p.asnumpy() for p in params]


@pytest.mark.parametrize("shapes", [SHAPES, [(3, 2), (5,)] * 30], ids=["lm", "many-weights"])
def test_above_theta_the_fused_step_is_the_books_within_float32_rounding(shapes):
    start = [p.asnumpy() for p in _params(0, shapes)]
    theta = _norm64(_params(0, shapes)) / 7                          # clipped by a factor of 7
    fused, book = _fused(_params(0, shapes), LR, theta), _book(_params(0, shapes), LR, theta)
    unclipped = _fused(_params(0, shapes), LR, None)
    for f, b, s, u in zip(fused, book, start, unclipped):
        np.testing.assert_allclose(f - s, b - s, rtol=1e-5, atol=0)    # the updates, not only the weights
        np.testing.assert_allclose(f, b, rtol=1e-6, atol=0)
        assert np.abs((u - s) - 7 * (f - s)).max() < 1e-4 * np.abs(u - s).max()     # clipping took place


def test_above_theta_the_update_is_lr_theta_over_norm_times_g_in_float64():
    """From zero weights the new weights are the update itself: -(lr * theta / ||g||) g, here to 1e-6."""
    params = _params(1)
    for p in params:
        p[:] = 0
    grads64 = [p.grad.asnumpy().astype(np.float64) for p in params]
    theta = _norm64(params) / 3
    factor = LR * theta / _norm64(params)
    for w, g in zip(_fused(params, LR, theta), grads64):
        np.testing.assert_allclose(w, -factor * g, rtol=1e-6, atol=0)


@pytest.mark.parametrize("theta", [1e3, None])
def test_at_or_below_theta_the_fused_step_is_plain_sgd_bit_for_bit(theta):
    theta_ = theta if theta is None else _norm64(_params(2)) * 1.5
    fused = _fused(_params(2), LR, theta_)
    plain = _params(2)
    sgd(plain, LR, 1)
    book = _book(_params(2), LR, theta_ if theta_ is not None else np.inf)
    for f, p, b in zip(fused, plain, book):
        np.testing.assert_array_equal(f, p.asnumpy())
        np.testing.assert_array_equal(f, b)


def test_the_fused_step_neither_synchronises_nor_scales_the_gradients(monkeypatch):
    params = _params(3)
    grads = [p.grad.asnumpy() for p in params]
    for name in ("asscalar", "asnumpy", "wait_to_read"):
        monkeypatch.setattr(nd.NDArray, name, lambda self, *a: pytest.fail(f"{name} in the step"))
    monkeypatch.setattr(nd, "broadcast_mul", _refuse_broadcast_of_gradients(nd.broadcast_mul, params))
    clip_sgd_update(params, [p.grad for p in params], LR, 1e-3)
    monkeypatch.undo()
    for p, g in zip(params, grads):
        np.testing.assert_array_equal(p.grad.asnumpy(), g)


def _refuse_broadcast_of_gradients(broadcast_mul, params):
    sizes = {p.size for p in params}

    def guarded(a, b, *args, **kwargs):
        assert a.size not in sizes, "a gradient went through broadcast_mul"
        return broadcast_mul(a, b, *args, **kwargs)
    return guarded


@pytest.mark.parametrize("theta", [0.0, -1.0])
def test_a_theta_of_zero_or_below_does_what_the_books_clipping_does(theta):
    """(0: no step at all; below 0 the book's factor theta / norm turns the gradients around.)"""
    for f, b in zip(_fused(_params(4), LR, theta), _book(_params(4), LR, theta)):
        np.testing.assert_array_equal(f, b)


@pytest.mark.parametrize("clipped", [False, True])
def test_rescale_grad_is_sgd_updates(clipped):
    """rescale_grad (the Trainer's 1 / batch_size): below theta sgd_update's bits, above it its values."""
    theta = _norm64(_params(5)) * (0.2 if clipped else 2.0)
    fused = _params(5)
    clip_sgd_update(fused, [p.grad for p in fused], LR, theta, rescale_grad=1 / 12)
    before = _params(5)
    grad_clipping(before, theta)
    for f, b, s in zip(fused, before, _params(5)):
        nd.sgd_update(b, b.grad, lr=LR, wd=0.0, rescale_grad=1 / 12, out=b)
        if clipped:
            np.testing.assert_allclose(f.asnumpy() - s.asnumpy(), b.asnumpy() - s.asnumpy(), rtol=1e-5)
        else:
            np.testing.assert_array_equal(f.asnumpy(), b.asnumpy())


def test_the_global_norm_is_float64s_to_a_few_1e_7_on_the_68_lstm_shapes():
    V, H = 1027, 256
    rng = np.random.RandomState(5)
    grads = [rng.normal(scale=rng.uniform(1e-3, 1), size=s).astype(np.float32)
             for s in [(V, H), (H, H), (H,)] * 4 + [(H, V), (V,)]]
    exact = np.sqrt(sum((g.astype(np.float64) ** 2).sum() for g in grads))
    norm = global_norm([nd.array(g) for g in grads]).asscalar()
    assert abs(norm / exact - 1) < 1e-6
    assert norm == pytest.approx(np.linalg.norm(np.concatenate([g.ravel() for g in grads]).astype(np.float64)),
                                 rel=1e-6)


# ------------------------------------------------------------------------------------------- Trainer.clip_and_step

def _gluon_model(seed=3, hiddens=16, vocab=11):
    mx.random.seed(seed)
    net = gluon.nn.HybridSequential(prefix="lm_")
    with net.name_scope():                          # the same names, so the same name-sorted indices, every time
        net.add(gluon.nn.Embedding(vocab, 8), grnn.LSTM(hiddens, layout="NTC", input_size=8),
                gluon.nn.Dense(vocab, flatten=False, in_units=hiddens))
    net.initialize(init.Normal(0.1))
    return net


def _gluon_steps(clip_and_step, theta, steps=4, optimizer="sgd", configure=None, trainer_cls=Trainer):
    """Parameters and trainer after `steps` minibatches of a tiny LSTM LM, clipping then stepping as asked."""
    net = _gluon_model()
    if configure:
        configure(net)
    rng = np.random.RandomState(0)
    X = nd.array(rng.randint(0, 11, (4, 6)))
    trainer = trainer_cls(net.collect_params(), optimizer, {"learning_rate": 0.5 if optimizer == "sgd" else 0.01})
    for _ in range(steps):
        with autograd.record():
            loss = gluon.loss.SoftmaxCrossEntropyLoss()(net(X), X).mean()
        loss.backward()
        clip_and_step(trainer, net, theta)
    return [p.data().asnumpy() for p in net.collect_params().values()], trainer


def _fused_trainer_step(trainer, net, theta):
    trainer.clip_and_step(theta, 1)


def _book_trainer_step(trainer, net, theta):
    """d2lzh.train_and_predict_rnn_gluon's step: grad_clipping on the parameters' data, then trainer.step(1)."""
    book_grad_clipping([p.data() for p in net.collect_params().values()], theta)
    trainer.step(1)


def _lr_mult(net):
    net[2].weight.lr_mult = 0.25


def _counts(trainer):
    opt = trainer._optimizer
    return opt.num_update, dict(opt._index_update_count), sorted(trainer._updaters[0].states)


@pytest.mark.parametrize("configure", [None, _lr_mult])
@pytest.mark.parametrize("trainer_cls", [Trainer, gluon.Trainer], ids=["ours", "gluon"])
def test_clip_and_step_is_the_books_clipping_then_step(configure, trainer_cls):
    """Against the book's grad_clipping then trainer.step(1) (gluon's own Trainer, or ours): the same weights
    within float32 rounding above theta, bit for bit below it, and the same update counts and states."""
    start, _ = _gluon_steps(_fused_trainer_step, None, steps=0, configure=configure)
    for theta, exact in [(0.01, False), (1e6, True)]:
        fused, ours = _gluon_steps(_fused_trainer_step, theta, configure=configure)
        book, theirs = _gluon_steps(_book_trainer_step, theta, configure=configure, trainer_cls=trainer_cls)
        for f, b, s in zip(fused, book, start):
            if exact:
                np.testing.assert_array_equal(f, b)
            else:
                np.testing.assert_allclose(f - s, b - s, rtol=2e-5, atol=1e-9)
                np.testing.assert_allclose(f, b, rtol=1e-6, atol=1e-9)
        assert any(np.abs(f - s).max() > 0 for f, s in zip(fused, start))           # it trained
        assert _counts(ours) == _counts(theirs)
        assert ours._optimizer.num_update == 4


def test_clip_and_step_fuses_plain_sgd_and_leaves_adam_to_the_old_path(monkeypatch):
    calls = []
    real = trainer_module.clip_sgd_update
    monkeypatch.setattr(trainer_module, "clip_sgd_update", lambda *a: calls.append(a) or real(*a))
    _gluon_steps(_fused_trainer_step, 0.01, steps=2)
    assert len(calls) == 2
    fused, _ = _gluon_steps(_fused_trainer_step, 0.01, steps=3, optimizer="adam")
    before, _ = _gluon_steps(_clipping_then_step, 0.01, steps=3, optimizer="adam")
    assert len(calls) == 2
    for f, b in zip(fused, before):
        np.testing.assert_array_equal(f, b)                      # Adam: grad_clipping then step, as before


def _clipping_then_step(trainer, net, theta):
    """train_and_predict_rnn_gluon's step before fusing: grad_clipping (on the device), then trainer.step(1)."""
    grad_clipping([p.data() for p in net.collect_params().values()], theta)
    trainer.step(1)


def test_clip_and_step_follows_learning_rate_changes():
    net = _gluon_model()
    trainer = Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    trainer.set_learning_rate(0.0)
    before = [p.data().asnumpy() for p in net.collect_params().values()]
    X = nd.array(np.random.RandomState(0).randint(0, 11, (4, 6)))
    with autograd.record():
        loss = gluon.loss.SoftmaxCrossEntropyLoss()(net(X), X).mean()
    loss.backward()
    trainer.clip_and_step(0.01, 1)
    for a, p in zip(before, net.collect_params().values()):
        np.testing.assert_array_equal(a, p.data().asnumpy())
    assert trainer._optimizer.num_update == 1


def test_clip_and_step_refuses_a_stale_gradient_like_step():
    net = _gluon_model()
    trainer = Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    X = nd.array(np.random.RandomState(0).randint(0, 11, (4, 6)))
    with autograd.record():
        loss = gluon.loss.SoftmaxCrossEntropyLoss()(net(X), X).mean()
    loss.backward()
    trainer.clip_and_step(0.01, 1)
    with pytest.raises(UserWarning, match="has not been updated by backward since last `step`"):
        trainer.clip_and_step(0.01, 1)
    before = [p.data().asnumpy() for p in net.collect_params().values()]
    trainer.clip_and_step(0.01, 1, ignore_stale_grad=True)               # nothing fresh: nothing moves
    for a, p in zip(before, net.collect_params().values()):
        np.testing.assert_array_equal(a, p.data().asnumpy())
    assert trainer._optimizer.num_update == 1


# ------------------------------------------------------------------------------------ the chapter-6 trainers

def _book_clip_sgd_update(weights, grads, lr, theta, rescale_grad=1.0):
    """The scratch trainer's step before fusing, as the book writes it: grad_clipping, then sgd(params, lr, 1)."""
    book_grad_clipping(weights, theta)
    sgd(weights, lr, 1)


def _book_clip_and_step(self, theta, batch_size, ignore_stale_grad=False):
    _book_trainer_step(self, _AllParams(self), theta)


class _AllParams:
    def __init__(self, trainer):
        self._params = trainer._params

    def collect_params(self):
        return {p.name: p for p in self._params}


def _run(sid, monkeypatch, book, **overrides):
    if book:
        monkeypatch.setattr(train_rnn, "clip_sgd_update", _book_clip_sgd_update)
        monkeypatch.setattr(Trainer, "clip_and_step", _book_clip_and_step)
    section = registry.get(sid)
    cfg = section.make_config(quick=True, num_chars=4000, num_epochs=4, **overrides)
    devices.seed(3)
    history = section.run(cfg, report=lambda *a: None).history
    monkeypatch.undo()
    return history


@pytest.mark.parametrize("sid", ["6.4", "6.8"])
def test_chapter_6_quick_runs_give_the_books_perplexities(sid, monkeypatch):
    """6.4 (scratch RNN, random and consecutive sampling) and 6.8 (scratch and Gluon LSTM), QUICK settings on a
    longer corpus (3 minibatches an epoch, 4 epochs): fused steps and the book's clipping then sgd / step agree."""
    calls = []
    for module in (train_rnn, trainer_module):
        monkeypatch.setattr(module, "clip_sgd_update", _spy(module.clip_sgd_update, calls, module.__name__))
    fused = _run(sid, monkeypatch, book=False)
    assert set(calls) == {train_rnn.__name__} | ({trainer_module.__name__} if sid == "6.8" else set())
    book = _run(sid, monkeypatch, book=True)
    keys = [k for k in fused[0] if k.endswith("perplexity")]
    assert len(keys) == 2
    for key in keys:
        ours, theirs = [h[key] for h in fused], [h[key] for h in book]
        assert theirs[-1] < theirs[0] * 0.7                          # it trained: the comparison means something
        np.testing.assert_allclose(ours, theirs, rtol=1e-5)


def _spy(function, calls, name):
    def spy(*args):
        calls.append(name)
        return function(*args)
    return spy
