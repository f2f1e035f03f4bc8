"""gluonlab.d2l against the book's own d2lzh 1.0.0, name by name: one oracle check per name of d2l.__all__.

Every check runs d2lzh's function and gluonlab's on the same inputs (same seeds, twin models with identical
parameters) and asserts equal outputs: the same types (a list stays a list, None stays None), shapes, dtypes and
values, the same printed lines (formats exactly, numbers to the printed precision, times left out) and the same
figures. CHECKS is the table; a name added to d2l.__all__ without a check fails test_every_name_has_an_oracle_check.
"""
import contextlib
import inspect
import io
import os
import random
import re
import tempfile
import types
from pathlib import Path

import matplotlib
import mxnet as mx
from matplotlib import pyplot as plt
import numpy as np
import pytest
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import rnn as grnn

d2lzh = pytest.importorskip("d2lzh", reason="d2lzh not installed: pip install --no-deps d2lzh==1.0.0")

from gluonlab import d2l                                                          # noqa: E402
from gluonlab.reference import d2lzh_side                                         # noqa: E402
from gluonlab.reference.book_rnn import BOOK_CELLS                                # noqa: E402
from test_oracle_d2lzh import _small_fashion, _twin_nets                          # noqa: E402
from test_rnn_gluon import CHAR_TO_IDX, CORPUS, IDX_TO_CHAR, V                    # noqa: E402  (small lyrics corpus)
from text_stand_ins import make_imdb                                              # noqa: E402

pytestmark = pytest.mark.oracle

book = d2lzh.utils            # d2lzh's module: `_get_batch` is not exported by its `from .utils import *`

RTOL, ATOL = 1e-5, 1e-6


# ---------------------------------------------------------------------------------------------------- helpers

def _seed(value):
    """Python's random, numpy's and MXNet's generators, seeded identically before each side."""
    random.seed(value)
    np.random.seed(value)
    mx.random.seed(value)


def _device(array):
    """An array's device; cpu_shared (where gluon's DataLoader workers put batches) and cpu_pinned count as cpu."""
    ctx = array.context
    return ("cpu" if ctx.device_type.startswith("cpu") else ctx.device_type), ctx.device_id


def _same(ours, theirs, rtol=RTOL, atol=ATOL, where="result"):
    """Equal type, and for arrays equal shape, dtype, context and values (to rtol/atol), recursively."""
    assert type(ours) is type(theirs), f"{where}: {type(ours).__name__} where d2lzh gives {type(theirs).__name__}"
    if isinstance(theirs, nd.NDArray):
        assert ours.shape == theirs.shape, f"{where}: shape {ours.shape} != {theirs.shape}"
        assert ours.dtype == theirs.dtype, f"{where}: dtype {ours.dtype} != {theirs.dtype}"
        assert _device(ours) == _device(theirs), f"{where}: context {ours.context} != {theirs.context}"
        np.testing.assert_allclose(ours.asnumpy(), theirs.asnumpy(), rtol=rtol, atol=atol, err_msg=where)
    elif isinstance(theirs, np.ndarray):
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype, f"{where}: {ours.shape} {ours.dtype}"
        if theirs.dtype == object:
            for i, (a, b) in enumerate(zip(ours.ravel(), theirs.ravel())):
                _same(a, b, rtol, atol, f"{where}.flat[{i}]")
        else:
            np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=where)
    elif isinstance(theirs, (list, tuple)):
        assert len(ours) == len(theirs), f"{where}: length {len(ours)} != {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, rtol, atol, f"{where}[{i}]")
    elif isinstance(theirs, dict):
        assert list(ours) == list(theirs), f"{where}: keys (or their order) differ"
        for key in theirs:
            _same(ours[key], theirs[key], rtol, atol, f"{where}[{key!r}]")
    elif isinstance(theirs, (float, np.floating)):
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=where)
    else:
        assert ours == theirs, f"{where}: {ours!r} != {theirs!r}"


def _printed(fn, *args, **kwargs):
    """(return value, printed lines) of fn(*args, **kwargs)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        value = fn(*args, **kwargs)
    return value, out.getvalue().splitlines()


_NUMBER = re.compile(r"(?<![\w.])[-+]?(\d+)(?:\.(\d+))?(?:e[-+]?\d+)?|\bnan\b|\binf\b")


def _shape_of_line(line):
    """(the line with every number replaced by its format: 12.3456 -> #.dddd, the numbers except times).

    A number followed by ' sec' is a wall time: its format is kept, its value left out.
    """
    numbers = []

    def fmt(m):
        if not line[m.end():].startswith(" sec"):
            numbers.append((m.group(0), len(m.group(2) or "")))
        return "#" + ("." + "d" * len(m.group(2)) if m.group(2) else "")
    return _NUMBER.sub(fmt, line), numbers


def _same_lines(ours, theirs, rtol=1e-4):
    """Same line formats exactly; the numbers equal to the last printed digit or rtol 1e-4.

    One unit of the last printed digit: twin runs do the same float32 operations, but a value that sits on a
    rounding boundary may print one digit apart (1e-4 for '%.4f' losses, 1e-3 for '%.3f' accuracies).
    rtol 1e-4: perplexities print with '%f' (six decimals) on values ~10-30, where float32 rounding shows.
    """
    shapes = [[_shape_of_line(line) for line in lines] for lines in (ours, theirs)]
    assert [s for s, _ in shapes[0]] == [s for s, _ in shapes[1]], f"printed lines differ:\n{ours}\n{theirs}"
    for (_, nums_ours), (_, nums_theirs), raw in zip(*shapes, theirs):
        for (a, _), (b, decimals) in zip(nums_ours, nums_theirs):
            a, b = float(a), float(b)
            assert abs(a - b) <= max(1.01 * 10.0 ** -decimals, rtol * abs(b)), f"{a} != {b} in {raw!r}"


def _twins(make, example, init_=init.Normal(0.01), forward=None):
    """(d2lzh's block, ours) with ours holding a copy of d2lzh's parameters, matched by order and shape."""
    blocks = []
    for build in make:
        blk = build()
        blk.initialize(init_)
        if forward is None:
            blk(*example)                            # deferred initialization finishes on the first forward
        else:
            forward(blk)
        blocks.append(blk)
    theirs, ours = blocks
    p_theirs, p_ours = list(theirs.collect_params().values()), list(ours.collect_params().values())
    assert [p.shape for p in p_ours] == [p.shape for p in p_theirs]
    for a, b in zip(p_ours, p_theirs):
        a.set_data(b.data())
    return theirs, ours


def _fig(fig):
    """What a figure shows: size, and per axes labels, title, scales, visibility, lines, legend, images."""
    axes = []
    for ax in fig.axes:
        legend = ax.get_legend()
        axes.append({
            "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(), "title": ax.get_title(),
            "xscale": ax.get_xscale(), "yscale": ax.get_yscale(),
            "xaxis visible": ax.xaxis.get_visible(), "yaxis visible": ax.yaxis.get_visible(),
            "lines": [(np.asarray(ln.get_xdata(), dtype=float), np.asarray(ln.get_ydata(), dtype=float),
                       ln.get_linestyle()) for ln in ax.get_lines()],
            "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
            "images": [np.asarray(im.get_array()) for im in ax.get_images()],
        })
    return {"size": tuple(float(s) for s in fig.get_size_inches()), "axes": axes}


@contextlib.contextmanager
def _fresh_figures():
    plt.close("all")
    with matplotlib.rc_context():
        try:
            yield
        finally:
            plt.close("all")


def _figures_of(fn, *args):
    """(return value, [_fig(f) for every open figure]) of fn(*args) run with no figure open."""
    plt.close("all")
    value = fn(*args)
    return value, [_fig(plt.figure(n)) for n in plt.get_fignums()]


def _no_svg_switch(mp):
    """d2lzh.use_svg_display calls IPython.display.set_matplotlib_formats, which IPython 8 removed (IPython 9 is
    installed): the book's side would raise AttributeError. It is replaced by a recorder; returns its calls."""
    calls = []
    mp.setattr(book.display, "set_matplotlib_formats", lambda *a, **k: calls.append((a, k)), raising=False)
    return calls


# ---------------------------------------------------------------------------------------------------- checks

def check_plt(mp):
    assert d2l.plt is matplotlib.pyplot is book.plt


def check_use_svg_display(mp):
    calls = _no_svg_switch(mp)
    assert book.use_svg_display() is None and calls == [(("svg",), {})]
    assert d2l.use_svg_display() is None                  # outside IPython: nothing to set, nothing raised
    # inside IPython, ours asks for the same 'svg' format (from matplotlib_inline, where IPython 8 moved it)
    ours_calls = []
    mi = pytest.importorskip("matplotlib_inline.backend_inline")
    mp.setattr(d2l, "_in_ipython", lambda: True)
    mp.setattr(mi, "set_matplotlib_formats", lambda *a, **k: ours_calls.append((a, k)))
    assert d2l.use_svg_display() is None and ours_calls == calls


def check_set_figsize(mp):
    _no_svg_switch(mp)
    for args in ((), ((4.5, 3.25),)):
        with matplotlib.rc_context():
            assert book.set_figsize(*args) is None
            theirs = plt.rcParams["figure.figsize"]
        with matplotlib.rc_context():
            assert d2l.set_figsize(*args) is None
            ours = plt.rcParams["figure.figsize"]
        assert ours == theirs


def check_semilogy(mp):
    _no_svg_switch(mp)
    x, y, y2 = list(range(1, 6)), [1.0, 0.5, 0.2, 0.1, 0.05], [2.0, 0.9, 0.4, 0.3, 0.25]
    cases = [(x, y, "epochs", "loss"),
             (x, y, "epochs", "loss", x, y2, ["train", "test"], (5, 2.5)),
             (x, y, "epochs", "loss", [], [], ["train", "test"])]      # an empty second curve: not drawn
    for args in cases:
        with _fresh_figures():
            theirs = _figures_of(book.semilogy, *args)
            size_theirs = plt.rcParams["figure.figsize"]
        with _fresh_figures():
            ours = _figures_of(d2l.semilogy, *args)
            size_ours = plt.rcParams["figure.figsize"]
        _same(ours, theirs)
        assert size_ours == size_theirs
        assert theirs[1][0]["axes"][0]["yscale"] == "log"


def check_show_fashion_mnist(mp):
    _no_svg_switch(mp)
    X, y = next(iter(_small_fashion(n=6, batch_size=6)))
    images, labels = list(X), book.get_fashion_mnist_labels(y.asnumpy())
    with _fresh_figures():
        theirs = _figures_of(book.show_fashion_mnist, images, labels)
    with _fresh_figures():
        ours = _figures_of(d2l.show_fashion_mnist, images, labels)
    _same(ours, theirs)
    assert len(theirs[1][0]["axes"]) == 6 and theirs[1][0]["axes"][0]["images"][0].shape == (28, 28)


def check_show_images(mp):
    _seed(0)
    imgs = [nd.random.uniform(shape=(8, 8, 3)) for _ in range(6)]
    for rows, cols, scale in ((2, 3, 2), (2, 2, 1.5)):
        with _fresh_figures():
            theirs = _figures_of(book.show_images, imgs, rows, cols, scale)
            theirs = (theirs[0].shape, theirs[1])              # the returned axes: an ndarray of Axes
        with _fresh_figures():
            ours = _figures_of(d2l.show_images, imgs, rows, cols, scale)
            assert type(ours[0]) is np.ndarray
            ours = (ours[0].shape, ours[1])
        _same(ours, theirs)


def check_get_fashion_mnist_labels(mp):
    for labels in (list(range(10)) + [9, 0], np.array([3, 1, 4], dtype="int32"), np.array([2.0, 7.0])):
        _same(d2l.get_fashion_mnist_labels(labels), book.get_fashion_mnist_labels(labels))
    for fn in (d2l.get_fashion_mnist_labels, book.get_fashion_mnist_labels):
        with pytest.raises(TypeError):              # an NDArray's elements are NDArrays: int() refuses them
            fn(nd.array([5, 9, 2]))


def _batch_pair(it_ours, it_theirs, seed=None):
    out = []
    for it in (it_ours, it_theirs):
        if seed is not None:
            _seed(seed)
        out.append(next(iter(it)))
    return out


def check_load_data_fashion_mnist(mp):
    with d2lzh_side.fashion_root() as root:
        for resize in (None, 32, 224):
            train_theirs, test_theirs = book.load_data_fashion_mnist(256, resize=resize, root=root)
            train_ours, test_ours = d2l.load_data_fashion_mnist(256, resize=resize)
            assert len(train_ours) == len(train_theirs) and len(test_ours) == len(test_theirs)
            side = resize or 28
            (Xo, yo), (Xt, yt) = _batch_pair(test_ours, test_theirs)           # the test set is in order
            assert Xo.shape == Xt.shape == (256, 1, side, side) and Xo.dtype == Xt.dtype == np.float32
            _same(yo, yt)
            assert yo.dtype == np.int32
            assert 0 <= Xo.min().asscalar() and Xo.max().asscalar() <= 1
            _same(Xo, Xt)       # resized: the same OpenCV bilinear on the same uint8 values, batched
            # the training set: shuffled by numpy's generator on both sides (gluon's RandomSampler shuffles an
            # arange, ours np.random.permutation: the same draw), so one seed gives the same first minibatch
            (Xo, yo), (Xt, yt) = _batch_pair(train_ours, train_theirs, seed=3)
            _same(yo, yt)
            _same(Xo, Xt)
            # ... and it is reshuffled on every pass
            first, second = [next(iter(train_ours))[1].asnumpy() for _ in range(2)]
            assert (first != second).any()


def check_data_iter(mp):
    _seed(0)
    features, labels = nd.random.normal(shape=(23, 2)), nd.random.normal(shape=(23,))
    outs = []
    for fn in (d2l.data_iter, book.data_iter):
        random.seed(7)
        outs.append(list(fn(5, features, labels)))
    _same(*outs)
    assert [X.shape[0] for X, _ in outs[1]] == [5, 5, 5, 5, 3]


def check_linreg(mp):
    _seed(0)
    X, w, b = nd.random.normal(shape=(10, 3)), nd.random.normal(shape=(3, 1)), nd.array([0.5])
    _same(d2l.linreg(X, w, b), book.linreg(X, w, b))


def check_squared_loss(mp):
    _seed(0)
    y_hat, y = nd.random.normal(shape=(10, 1)), nd.random.normal(shape=(10,))
    _same(d2l.squared_loss(y_hat, y), book.squared_loss(y_hat, y))
    _same(d2l.squared_loss(y_hat, y.reshape((10, 1))), book.squared_loss(y_hat, y.reshape((10, 1))))


def check_sgd(mp):
    _seed(0)
    start = [nd.random.normal(shape=(4, 3)), nd.random.normal(shape=(3,))]
    grads = [nd.random.normal(shape=(4, 3)), nd.random.normal(shape=(3,))]
    twins = []
    for fn in (d2l.sgd, book.sgd):
        params = [p.copy() for p in start]
        for p, g in zip(params, grads):
            p.attach_grad()
            p.grad[:] = g
        assert fn(params, 0.3, 4) is None
        twins.append(params)
    _same(*twins)
    assert not np.allclose(twins[0][0].asnumpy(), start[0].asnumpy())


def _two_dense_nets(it, init_=init.Normal(0.01)):
    return _twin_nets(lambda: gluon.nn.Dense(10), it, init_)


def check_evaluate_accuracy(mp):
    it = _small_fashion()
    _seed(0)
    ours, theirs = _two_dense_nets(it, init.Xavier())
    for ctx in ((), (mx.cpu(),), ([mx.cpu()],), ([mx.cpu(), mx.cpu()],)):
        _same(d2l.evaluate_accuracy(it, ours, *ctx), book.evaluate_accuracy(it, theirs, *ctx), rtol=0, atol=0)
    assert 0 < book.evaluate_accuracy(it, theirs) < 1


def check_train_ch3(mp, plant=False):
    """Both of the book's paths: scratch params with lr (d2lzh's sgd), and a gluon Trainer.

    plant=True gives ours a wrong learning rate: the check must then fail."""
    it = _small_fashion()
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    _seed(0)
    nets = _two_dense_nets(it)
    params = [[n.weight.data(), n.bias.data()] for n in nets]
    for ps in params:
        for p in ps:
            p.attach_grad()

    def forward(w, b):
        return lambda X: nd.dot(X.reshape((-1, 784)), w.T) + b

    lr_ours = 0.3 if plant else 0.1
    ours = _printed(d2l.train_ch3, forward(*params[0]), it, it, loss, 2, 128, params[0], lr_ours)
    theirs = _printed(book.train_ch3, forward(*params[1]), it, it, loss, 2, 128, params[1], 0.1)
    assert ours[0] is None and theirs[0] is None
    _same_lines(ours[1], theirs[1])
    assert len(theirs[1]) == 2
    _same(*params, rtol=1e-5, atol=1e-6)
    _seed(0)
    nets = _two_dense_nets(it)
    trainers = [gluon.Trainer(n.collect_params(), "sgd", {"learning_rate": 0.1}) for n in nets]
    ours = _printed(d2l.train_ch3, nets[0], it, it, loss, 2, 128, None, None, trainers[0])
    theirs = _printed(book.train_ch3, nets[1], it, it, loss, 2, 128, None, None, trainers[1])
    assert ours[0] is None and theirs[0] is None
    _same_lines(ours[1], theirs[1])
    _same(nets[0].weight.data(), nets[1].weight.data())


def check_train_ch5(mp):
    it = _small_fashion()
    _seed(0)
    nets = _two_dense_nets(it, init.Xavier())
    trainers = [gluon.Trainer(n.collect_params(), "sgd", {"learning_rate": 0.5}) for n in nets]
    ours = _printed(d2l.train_ch5, nets[0], it, it, 128, trainers[0], mx.cpu(), 2)
    theirs = _printed(book.train_ch5, nets[1], it, it, 128, trainers[1], mx.cpu(), 2)
    assert ours[0] is None and theirs[0] is None
    assert theirs[1][0] == "training on cpu(0)" and len(theirs[1]) == 3
    _same_lines(ours[1], theirs[1])
    _same(nets[0].weight.data(), nets[1].weight.data())


def check_train(mp):
    """d2lzh.train with ctx a Context and a list ('training on' prints it as given), any loss."""
    it = _small_fashion(n=320)                            # a short last minibatch: the update divides by its size
    for ctx in (mx.cpu(), [mx.cpu()]):
        _seed(0)
        nets = _two_dense_nets(it, init.Xavier())
        trainers = [gluon.Trainer(n.collect_params(), "sgd", {"learning_rate": 0.5}) for n in nets]
        loss = gluon.loss.SoftmaxCrossEntropyLoss()
        ours = _printed(d2l.train, it, it, nets[0], loss, trainers[0], ctx, 2)
        theirs = _printed(book.train, it, it, nets[1], loss, trainers[1], ctx, 2)
        assert ours[0] is None and theirs[0] is None
        assert theirs[1][0] == f"training on {ctx}" and len(theirs[1]) == 3
        _same_lines(ours[1], theirs[1])
        _same(nets[0].weight.data(), nets[1].weight.data())
    # per-pixel labels (9.10's FCN): the loss is averaged over examples, the accuracy over labels
    X = nd.random.uniform(shape=(12, 3, 4, 5))
    Y = nd.array(np.random.RandomState(0).randint(0, 3, (12, 4, 5)))
    seg_it = gluon.data.DataLoader(gluon.data.ArrayDataset(X, Y), 4)
    lines = []
    for side in (d2l, book):
        _seed(1)
        net = gluon.nn.Conv2D(3, kernel_size=1)
        net.initialize(init.Xavier())
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        lines.append(_printed(side.train, seg_it, seg_it, net, gluon.loss.SoftmaxCrossEntropyLoss(axis=1), trainer,
                              mx.cpu(), 2)[1])
    _same_lines(*lines)


def check__get_batch(mp):
    X, y = next(iter(_small_fashion(n=128)))
    for batch in ((X, y), (X, y.astype("float32")), (X.astype("float64"), y)):
        for ctx in ([mx.cpu()], [mx.cpu(), mx.cpu()]):
            _same(d2l._get_batch(batch, ctx), book._get_batch(batch, ctx), rtol=0, atol=0)


def check_corr2d(mp):
    _seed(0)
    X, K = nd.random.normal(shape=(6, 7)), nd.array([[1, 0, -1], [2, 0.5, -2]])
    _same(d2l.corr2d(X, K), book.corr2d(X, K))
    X = nd.ones((6, 8))
    X[:, 2:6] = 0
    _same(d2l.corr2d(X, nd.array([[1, -1]])), book.corr2d(X, nd.array([[1, -1]])))


def _forward_both(theirs, ours, *inputs):
    """Outputs in predict mode and (BatchNorm on batch statistics) in training mode."""
    outs = []
    for blk in (ours, theirs):
        pred = blk(*inputs)
        with autograd.record():
            train_out = blk(*inputs)
        outs.append((pred, train_out))
    return outs


def check_Residual(mp, plant=False):
    """plant=True perturbs one of ours's copied weights by 1e-3: the check must then fail."""
    _seed(0)
    X = nd.random.normal(shape=(4, 3, 6, 6))
    for kwargs in ({"num_channels": 3}, {"num_channels": 6, "use_1x1conv": True, "strides": 2}):
        theirs, ours = _twins([lambda: book.Residual(**kwargs), lambda: d2l.Residual(**kwargs)], (X,),
                              init.Xavier())
        if plant:
            w = list(ours.collect_params().values())[0]
            w.set_data(w.data() + 1e-3)
        outs = _forward_both(theirs, ours, X)
        _same(*outs)
        assert outs[1][0].shape == ((4, 3, 6, 6) if len(kwargs) == 1 else (4, 6, 3, 3))


def check_resnet18(mp):
    _seed(0)
    X = nd.random.uniform(shape=(2, 1, 28, 28))
    theirs, ours = _twins([lambda: book.resnet18(10), lambda: d2l.resnet18(10)], (X,), init.Xavier())
    assert len(list(ours.collect_params())) == len(list(theirs.collect_params()))
    # 18 layers of float32 convolutions: the same kernels on both sides, kept to rtol 1e-5 / atol 1e-5
    _same(*_forward_both(theirs, ours, X), atol=1e-5)


def check_try_gpu(mp):
    _same(d2l.try_gpu(), book.try_gpu())


def check_try_all_gpus(mp):
    _same(d2l.try_all_gpus(), book.try_all_gpus())


def check_load_data_jay_lyrics(mp):
    with d2lzh_side.lyrics_cwd():
        theirs = book.load_data_jay_lyrics()
    ours = d2l.load_data_jay_lyrics()
    _same(ours, theirs)                 # same process, same hash seed: the same list(set()) order
    assert theirs[3] == len(theirs[2]) > 1000 and len(theirs[0]) == 10000


def _time_machine_text():
    """A stand-in for timemachine.txt: English lines, capitals, CR and LF, longer than the 10,000 read."""
    words = "The Time Traveller for so it will be convenient to speak of him was expounding a recondite matter"
    return "\r\n".join(f"{i} {words}" + ("\n" if i % 3 else "") for i in range(200))


def check_load_data_time_machine(mp):
    root = Path(tempfile.mkdtemp(prefix="gluonlab-tm-")) / "book"
    (root / "data").mkdir(parents=True)
    (root / "chapter").mkdir()
    (root / "data" / "timemachine.txt").write_text(_time_machine_text())
    mp.chdir(root / "chapter")                       # a notebook's folder: both read ../data/timemachine.txt
    theirs, ours = book.load_data_time_machine(), d2l.load_data_time_machine()
    _same(ours, theirs)                 # same process, same hash seed: the same list(set()) order
    assert len(theirs[0]) == 10000 and "T" not in theirs[1] and "\r" not in theirs[1]


def check_data_iter_random(mp):
    for corpus, batch_size, num_steps, ctx in ((list(range(50)), 2, 6, None), (CORPUS, 4, 7, mx.cpu())):
        outs = []
        for fn in (d2l.data_iter_random, book.data_iter_random):
            random.seed(3)
            outs.append(list(fn(corpus, batch_size, num_steps, ctx)))
        _same(*outs, rtol=0, atol=0)
        assert len(outs[1]) > 1


def check_data_iter_consecutive(mp):
    for corpus, batch_size, num_steps, ctx in ((list(range(50)), 2, 6, None), (CORPUS, 4, 7, mx.cpu())):
        outs = [list(fn(corpus, batch_size, num_steps, ctx))
                for fn in (d2l.data_iter_consecutive, book.data_iter_consecutive)]
        _same(*outs, rtol=0, atol=0)
        assert len(outs[1]) > 1


def check_to_onehot(mp):
    X = nd.arange(10).reshape((2, 5))
    ours, theirs = d2l.to_onehot(X, 7), book.to_onehot(X, 7)
    _same(ours, theirs, rtol=0, atol=0)
    assert type(theirs) is list and len(theirs) == 5


def check_grad_clipping(mp):
    for theta in (0.01, 1e3, None):                        # clipped, left alone, no clipping
        twins = []
        for fn in (d2l.grad_clipping, book.grad_clipping):
            params = [nd.array([[1.0, -2.0], [3.0, 0.5]]), nd.array([0.25, -4.0])]
            for p, g in zip(params, ([[0.3, -0.1], [2.0, 1.0]], [-0.5, 0.7])):
                p.attach_grad()
                p.grad[:] = nd.array(g)
            assert fn(params, theta, mx.cpu()) is None
            twins.append([p.grad for p in params] + params)
        _same(*twins)
        norm = np.sqrt(sum((g.asnumpy() ** 2).sum() for g in twins[1][:2]))
        unclipped = np.sqrt(0.09 + 0.01 + 4 + 1 + 0.25 + 0.49)
        assert norm == pytest.approx(theta if theta and theta < unclipped else unclipped, rel=1e-5)


def _init_rnn_state(batch_size, num_hiddens, ctx):
    """The book's 6.4 init_rnn_state."""
    return (nd.zeros(shape=(batch_size, num_hiddens), ctx=ctx),)


def _scratch_params(hiddens, scale=0.01):
    """The book's 6.4 get_params (weights N(0, scale^2), zero biases)."""
    shapes = [(V, hiddens), (hiddens, hiddens), (hiddens,), (hiddens, V), (V,)]
    return [nd.random.normal(scale=scale, shape=s) if len(s) == 2 else nd.zeros(s) for s in shapes]


def check_predict_rnn(mp):
    _seed(4)
    params = _scratch_params(16, scale=0.5)                 # large weights: generation is not one repeated char
    texts = []
    for fn in (d2l.predict_rnn, book.predict_rnn):
        texts.append([fn(prefix, 12, BOOK_CELLS["rnn"], params, _init_rnn_state, 16, V, mx.cpu(), IDX_TO_CHAR,
                         CHAR_TO_IDX) for prefix in ("分开", "不分开", "我")])
    _same(*texts)
    assert len(set("".join(t[3:] for t in texts[1]))) > 1


def _rnn_models(layer, hiddens, init_=init.Normal(0.3)):
    """d2lzh.RNNModel and ours over the same Gluon layer type, ours holding d2lzh's parameters."""
    def forward(model):
        model(nd.zeros((2, 3)), model.begin_state(batch_size=2))
    return _twins([lambda: book.RNNModel(layer(hiddens), V), lambda: d2l.RNNModel(layer(hiddens), V)], None,
                  init_, forward=forward)


def check_RNNModel(mp):
    _seed(5)
    X = nd.random.randint(0, V, shape=(3, 5)).astype("float32")
    for layer in (grnn.RNN, grnn.LSTM):
        theirs, ours = _rnn_models(layer, 8)
        _same(ours.begin_state(batch_size=3), theirs.begin_state(batch_size=3))
        state = [nd.random.normal(shape=s.shape) for s in theirs.begin_state(batch_size=3)]
        outs = [m(X, state) for m in (ours, theirs)]            # (output, state list)
        _same(*outs)
        assert outs[1][0].shape == (15, V)


def check_predict_rnn_gluon(mp):
    _seed(6)
    for layer in (grnn.GRU, grnn.LSTM):
        theirs, ours = _rnn_models(layer, 16)
        texts = [[fn(prefix, 12, model, V, mx.cpu(), IDX_TO_CHAR, CHAR_TO_IDX) for prefix in ("分开", "不分开")]
                 for fn, model in ((d2l.predict_rnn_gluon, ours), (book.predict_rnn_gluon, theirs))]
        _same(*texts)
        assert len(set("".join(t[3:] for t in texts[1]))) > 1


# (num_epochs, num_steps, lr, clipping_theta, batch_size, pred_period, pred_len, prefixes): the book's lr and theta
LM_ARGS = (3, 6, 1e2, 1e-2, 4, 1, 6, ["分开", "不分开"])


def check_train_and_predict_rnn(mp):
    _seed(2)
    start = _scratch_params(16)

    def get_params():
        params = [p.copy() for p in start]
        for p in params:
            p.attach_grad()
        return params

    for is_random_iter in (False, True):
        runs = []
        for fn in (d2l.train_and_predict_rnn, book.train_and_predict_rnn):
            random.seed(2)                           # random sampling shuffles with Python's random
            runs.append(_printed(fn, BOOK_CELLS["rnn"], get_params, _init_rnn_state, 16, V, mx.cpu(), CORPUS,
                                 IDX_TO_CHAR, CHAR_TO_IDX, is_random_iter, *LM_ARGS))
        (value_ours, ours), (value_theirs, theirs) = runs
        assert value_ours is None and value_theirs is None
        assert len(theirs) == 3 * LM_ARGS[0] and theirs[1].startswith(" - 分开")
        _same_lines(ours, theirs)


def check_train_and_predict_rnn_gluon(mp):
    runs = []
    for fn, model in ((d2l.train_and_predict_rnn_gluon, d2l.RNNModel(grnn.LSTM(16), V)),
                      (book.train_and_predict_rnn_gluon, book.RNNModel(grnn.LSTM(16), V))):
        _seed(7)                                     # both re-initialize with Normal(0.01): same draws
        runs.append(_printed(fn, model, 16, V, mx.cpu(), CORPUS, IDX_TO_CHAR, CHAR_TO_IDX, *LM_ARGS))
    (value_ours, ours), (value_theirs, theirs) = runs
    assert value_ours is None and value_theirs is None
    assert len(theirs) == 3 * LM_ARGS[0]
    _same_lines(ours, theirs)


def check_Benchmark(mp):
    for prefix in (("Workloads",), (None,), ()):
        lines = []
        for cls in (d2l.Benchmark, book.Benchmark):
            def run():
                with cls(*prefix):
                    nd.ones((100, 100)).sum().wait_to_read()
            lines.append(_printed(run)[1])
        _same_lines(*lines)
        assert re.fullmatch(r"(Workloads )?time: \d+\.\d{4} sec", lines[1][0]), lines[1]


# ---------------------------------------------------------------------------------------------------- chapter 7

def _airfoil(mp):
    """The airfoil data as both sides load it: d2lzh reads ../data/airfoil_self_noise.dat from the cwd."""
    import tempfile
    from pathlib import Path
    from gluonlab.data.resolve import resolve
    root = Path(tempfile.mkdtemp(prefix="ch7_oracle_"))
    (root / "data").mkdir()
    (root / "data" / "airfoil_self_noise.dat").symlink_to(resolve("airfoil_self_noise.dat"))
    (root / "nb").mkdir()
    mp.chdir(root / "nb")
    return book.get_data_ch7()


def check_get_data_ch7(mp):
    theirs = _airfoil(mp)
    ours = d2l.get_data_ch7()
    _same(ours, theirs)
    assert theirs[0].shape == (1503, 5)


def _ch7_runs(fn_pairs, args, seed=3):
    """(printed lines, figures) of each side's fn(*args), seeded alike, with no figure open."""
    runs = []
    for fn in fn_pairs:
        with _fresh_figures():
            _seed(seed)
            runs.append(_printed(_figures_of, fn, *args()))
    (value_ours, ours), (value_theirs, theirs) = runs
    _same(value_ours, value_theirs)
    _same_lines(ours, theirs)
    assert len(theirs) == 1 and theirs[0].startswith("loss: ")
    return value_theirs


def check_train_ch7(mp):
    from gluonlab.scratch import optimizers as opt
    _no_svg_switch(mp)
    features, labels = _airfoil(mp)
    features, labels = features[:500], labels[:500]             # 5 recorded losses an epoch
    for update, init_states, hyperparams, batch_size in (
            (opt.sgd, lambda n: None, {"lr": 0.05}, 10), (opt.adam, opt.init_adam_states, {"lr": 0.01, "t": 1}, 10),
            (opt.sgd_momentum, opt.init_momentum_states, {"lr": 0.02, "momentum": 0.5}, 20)):
        hyperparams_seen = []

        def args():
            hyperparams_seen.append(dict(hyperparams))
            return update, init_states(5), hyperparams_seen[-1], features, labels, batch_size, 2
        value, figures = _ch7_runs((d2l.train_ch7, book.train_ch7), args)
        assert value is None and len(figures[0]["axes"][0]["lines"][0][0]) == 11
        assert hyperparams_seen[0] == hyperparams_seen[1]           # adam's step count advanced alike


def check_train_gluon_ch7(mp):
    _no_svg_switch(mp)
    features, labels = _airfoil(mp)
    features, labels = features[:300], labels[:300]
    for name, hyperparams in (("sgd", {"learning_rate": 0.05}), ("sgd", {"learning_rate": 0.004, "momentum": 0.9}),
                              ("adagrad", {"learning_rate": 0.1}), ("rmsprop", {"learning_rate": 0.01, "gamma1": 0.9}),
                              ("adadelta", {"rho": 0.9}), ("adam", {"learning_rate": 0.01})):
        value, figures = _ch7_runs((d2l.train_gluon_ch7, book.train_gluon_ch7),
                                   lambda: (name, dict(hyperparams), features, labels, 10, 2))
        assert value is None and figures[0]["axes"][0]["xlabel"] == "epoch"


def _traces():
    from gluonlab.scratch import descent
    return [descent.gd_2d(0.4, 0.2, 4), descent.momentum_2d(0.6, 0.5, 0.2, 4), descent.adagrad_2d(2, 0.2, 4),
            descent.gd_2d(0.6, 0.2, 4)]


def check_train_2d(mp):
    for trainer in _traces():
        _same(_printed(d2l.train_2d, trainer), _printed(book.train_2d, trainer))


def check_show_trace_2d(mp):
    from gluonlab.scratch.descent import F_2D
    _no_svg_switch(mp)
    for trainer in _traces():                      # the last one diverges: x2's contour range follows the trace
        res = book.train_2d(trainer)
        figures = []
        for fn in (d2l.show_trace_2d, book.show_trace_2d):
            with _fresh_figures():
                figures.append(_figures_of(fn, F_2D[(0.2, 4)], res))
                figures[-1][1][0]["contours"] = [np.asarray(c, dtype=float) for c in plt.gca().collections[0].levels]
        _same(*figures)


# ---- chapter 9: computer vision

def _drawn(ax):
    """What show_bboxes drew on ax: each patch's kind, corner, size, colours and width; each label's text,
    place, colour and box colour."""
    patches = [(type(p).__name__, tuple(map(float, p.get_xy())), float(p.get_width()), float(p.get_height()),
                tuple(p.get_edgecolor()), p.get_fill(), float(p.get_linewidth())) for p in ax.patches]
    texts = [(t.get_text(), tuple(map(float, t.get_position())), t.get_color(), t.get_va(), t.get_ha(),
              float(t.get_fontsize()), tuple(t.get_bbox_patch().get_facecolor())) for t in ax.texts]
    return patches, texts


def check_bbox_to_rect(mp):
    for bbox, color in (([60, 45, 378, 516], 'blue'), (np.array([0.5, 1.5, 2.0, 4.25], dtype="float32"), 'r')):
        ours, theirs = d2l.bbox_to_rect(bbox, color), book.bbox_to_rect(bbox, color)
        assert type(ours) is type(theirs)
        fig, ax = plt.subplots()
        ax.add_patch(ours)
        ax.add_patch(theirs)
        a, b = _drawn(ax)[0]
        plt.close(fig)
        assert a == b


def check_show_bboxes(mp):
    boxes = nd.array([[10, 20, 60, 80], [5, 5, 30, 40], [40, 10, 90, 50], [0, 0, 10, 10], [1, 2, 3, 4],
                      [20, 20, 70, 70]])
    cases = [(boxes, None, None), (boxes, ['a', 'b', 'c'], None), (boxes[:2], 'dog', 'k'),
             (boxes, ['0', '1', '2', '3', '4', '5'], ['w', 'r']), ([boxes[0]], ('cat=0.9',), None)]
    for args in cases:
        drawn = []
        for side in (d2l, book):
            fig, ax = plt.subplots()
            assert side.show_bboxes(ax, *args) is None
            drawn.append(_drawn(ax))
            plt.close(fig)
        assert drawn[0] == drawn[1] and len(drawn[0][0]) == len(args[0])


def check__make_list(mp):
    for args in ((None,), (None, ['b', 'g']), ('k',), ('k', ['b']), (['a', 'b'],), (('a',), ['x']), (0,), ([],)):
        _same(d2l._make_list(*args), book._make_list(*args))


def check_mkdir_if_not_exist(mp):
    with tempfile.TemporaryDirectory() as tmp:
        for side, name in ((d2l, "ours"), (book, "theirs")):
            root = os.path.join(tmp, name)
            assert side.mkdir_if_not_exist([root, "train_valid", "cat"]) is None
            assert side.mkdir_if_not_exist([root, "train_valid", "cat"]) is None      # it exists: nothing to do
            assert side.mkdir_if_not_exist([root, "test", "unknown"]) is None
        trees = [sorted(os.path.relpath(os.path.join(d, f), os.path.join(tmp, name))
                        for d, dirs, files in os.walk(os.path.join(tmp, name)) for f in dirs + files)
                 for name in ("ours", "theirs")]
        assert trees[0] == trees[1] == ["test", "test/unknown", "train_valid", "train_valid/cat"]


def check_VOC_CLASSES(mp):
    _same(d2l.VOC_CLASSES, book.VOC_CLASSES)


def check_VOC_COLORMAP(mp):
    _same(d2l.VOC_COLORMAP, book.VOC_COLORMAP)


def _colormap2label():
    """The book's 9.9 lookup table, built as its notebook builds it."""
    table = nd.zeros(256 ** 3)
    for i, colormap in enumerate(book.VOC_COLORMAP):
        table[(colormap[0] * 256 + colormap[1]) * 256 + colormap[2]] = i
    return table


def check_voc_label_indices(mp):
    rng = np.random.RandomState(0)
    colours = nd.array(np.array(book.VOC_COLORMAP)[rng.randint(0, 21, (7, 9))], dtype="uint8")
    table = _colormap2label()
    _same(d2l.voc_label_indices(colours, table), book.voc_label_indices(colours, table))
    from gluonlab.vision import voc
    _same(voc.colormap2label(), table)                  # gluonlab's own table (9.9, 9.10) is the book's


def check_voc_rand_crop(mp):
    feature = nd.array(np.random.RandomState(1).randint(0, 256, (20, 30, 3)), dtype="uint8")
    label = nd.array(np.random.RandomState(2).randint(0, 256, (20, 30, 3)), dtype="uint8")
    for side in (d2l, book):
        _seed(3)
        crops = [side.voc_rand_crop(feature, label, 8, 12) for _ in range(3)]
        if side is d2l:
            ours = crops
    _same(ours, crops)
    assert ours[0][0].shape == (8, 12, 3)


@contextlib.contextmanager
def _voc_standin():
    from gluonlab.vision import standins
    with tempfile.TemporaryDirectory() as tmp:
        yield standins.voc_tree(tmp)


def check_read_voc_images(mp):
    with _voc_standin() as root:
        for is_train in (True, False):
            _same(d2l.read_voc_images(str(root), is_train), book.read_voc_images(str(root), is_train))


def check_VOCSegDataset(mp):
    table = _colormap2label()
    with _voc_standin() as root:
        for is_train, crop in ((True, (64, 96)), (False, (130, 170))):
            sides = []
            for side in (d2l, book):
                ds, lines = _printed(side.VOCSegDataset, is_train, crop, str(root), table)
                _seed(4)
                sides.append((len(ds), lines, [ds[i] for i in range(len(ds))], ds.data, ds.labels))
            _same(sides[0], sides[1])


@contextlib.contextmanager
def _book_downloads_from(mp, folder):
    """d2lzh's gutils.download copies the stand-in of the file the URL names from `folder` (no network)."""
    import shutil

    def download(url, path=None, overwrite=False, sha1_hash=None, **kw):
        name = url.split('/')[-1]
        fname = os.path.join(path, name) if os.path.isdir(path) else path
        shutil.copyfile(os.path.join(folder, name), fname)
        return fname
    mp.setattr(book.gutils, "download", download)
    yield


@contextlib.contextmanager
def _standins():
    from gluonlab.vision import standins
    with tempfile.TemporaryDirectory() as tmp, standins.patched(os.path.join(tmp, "standins"), ()) as root:
        yield tmp, root


def _tree(folder):
    return sorted((os.path.relpath(os.path.join(d, f), folder), os.path.getsize(os.path.join(d, f)))
                  for d, _, files in os.walk(folder) for f in files)


def check_download_voc_pascal(mp):
    with _standins() as (tmp, root), _book_downloads_from(mp, root):
        for name in ("ours", "theirs"):
            os.makedirs(os.path.join(tmp, name))                  # the book's ../data exists
        got = [side.download_voc_pascal(os.path.join(tmp, name)) for side, name in ((d2l, "ours"), (book, "theirs"))]
        assert [os.path.relpath(g, tmp).split(os.sep, 1)[1] for g in got] == ["VOCdevkit/VOC2012"] * 2
        ours, theirs = _tree(got[0]), _tree(got[1])
        assert ours == theirs and len(ours) == 8 * 2 + 2          # the book's side also leaves the tar beside it


def check__download_pikachu(mp):
    with _standins() as (tmp, root), _book_downloads_from(mp, os.path.join(root, "pikachu")):
        for side, name in ((d2l, "ours"), (book, "theirs")):
            os.makedirs(os.path.join(tmp, name))                  # gluon's download writes into an existing folder
            assert side._download_pikachu(os.path.join(tmp, name)) is None
        assert _tree(os.path.join(tmp, "ours")) == _tree(os.path.join(tmp, "theirs")) != []


def check_load_data_pikachu(mp):
    with _standins() as (tmp, root), _book_downloads_from(mp, os.path.join(root, "pikachu")):
        os.makedirs(os.path.join(tmp, "data", "pikachu"))
        os.makedirs(os.path.join(tmp, "work"))
        mp.chdir(os.path.join(tmp, "work"))                    # both read ../data/pikachu
        batches = []
        for side in (d2l, book):
            _seed(5)
            train_iter, val_iter = side.load_data_pikachu(2, 64)
            batches.append([(b.data[0], b.label[0]) for b in val_iter] + [train_iter.next().data[0].shape])
        _same(batches[0], batches[1])
        assert batches[0][0][0].shape == (2, 3, 64, 64) and batches[0][0][1].shape == (2, 1, 5)


# ---- chapter 10: the IMDB helpers, both sides on the same small stand-in of aclImdb in ../data (the book's place)

def _imdb_stand_in(root):
    """root/data/aclImdb/{train,test}/{pos,neg}/ with 6 reviews each and its archive (text_stand_ins.make_imdb),
    and root/work as the working folder: the book reads ../data/aclImdb."""
    make_imdb(root / "data", per_label=6, archive=True)
    (root / "work").mkdir()
    return root / "work"


@pytest.fixture
def _imdb_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(_imdb_stand_in(tmp_path))
    return tmp_path


def _read_both(folder="train"):
    out = []
    for fn in (d2l.read_imdb, book.read_imdb):
        random.seed(3)
        out.append(fn(folder))
    return out


def check_read_imdb(mp):
    ours, theirs = _read_both("test")
    _same(ours, theirs)
    assert len(theirs) == 12 and {label for _, label in theirs} == {0, 1}


def check_get_tokenized_imdb(mp):
    data, _ = _read_both()
    _same(d2l.get_tokenized_imdb(data), book.get_tokenized_imdb(data))


def _same_vocab(ours, theirs):
    assert type(ours) is type(theirs)
    _same(ours.idx_to_token, theirs.idx_to_token)
    _same(ours.token_to_idx, theirs.token_to_idx)


def check_get_vocab_imdb(mp):
    data, _ = _read_both()
    ours, theirs = d2l.get_vocab_imdb(data), book.get_vocab_imdb(data)
    _same_vocab(ours, theirs)
    assert "<pad>" not in theirs.token_to_idx and "movie" in theirs.token_to_idx      # d2lzh 1.0.0: no '<pad>'


def check_preprocess_imdb(mp):
    data, _ = _read_both()
    vocab = book.get_vocab_imdb(data)
    ours, theirs = d2l.preprocess_imdb(data, vocab), book.preprocess_imdb(data, vocab)
    _same(ours, theirs)
    assert theirs[0].shape == (12, 500) and (theirs[0][:, -1] == 0).sum().asscalar() == 12     # padded with 0


def check_predict_sentiment(mp):
    data, _ = _read_both()
    vocab = book.get_vocab_imdb(data)
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Embedding(len(vocab), 4), gluon.nn.Dense(2))
    answers = set()
    for seed in range(6):
        _seed(seed)
        net.initialize(force_reinit=True)
        for sentence in (["this", "movie", "is", "so", "great"], ["bad", "plot", "is", "so", "boring"]):
            theirs = book.predict_sentiment(net, vocab, sentence)
            assert d2l.predict_sentiment(net, vocab, sentence) == theirs
            answers.add(theirs)
    assert answers == {"positive", "negative"}


def check_count_tokens(mp):
    samples = [["a", "b", "a"], [], ["c", "a"]]
    _same(d2l.count_tokens(samples), book.count_tokens(samples))


def check_download_imdb(mp):
    """Both sides extract the same (stand-in) archive from data_dir; its sha1 check is waved through on both."""
    import mxnet.gluon.utils as gutils
    from gluonlab.data import imdb
    root = __import__("pathlib").Path.cwd().parent
    trees = []
    for fn, name in ((d2l.download_imdb, "ours"), (book.download_imdb, "theirs")):
        (root / name).mkdir()
        (root / name / "aclImdb_v1.tar.gz").write_bytes((root / "data" / "aclImdb_v1.tar.gz").read_bytes())
        with pytest.MonkeyPatch.context() as m:
            m.setattr(gutils, "check_sha1", lambda *a: True)
            m.setattr(imdb, "verify", lambda *a: None)
            fn(str(root / name))
        trees.append(sorted(str(p.relative_to(root / name)) for p in (root / name).rglob("*")))
    _same(*trees)
    assert "aclImdb/train/pos/0_8.txt" in trees[1]


_IMDB_CHECKS = {"read_imdb": check_read_imdb, "get_tokenized_imdb": check_get_tokenized_imdb,
                "get_vocab_imdb": check_get_vocab_imdb, "preprocess_imdb": check_preprocess_imdb,
                "predict_sentiment": check_predict_sentiment, "download_imdb": check_download_imdb}


# The table: one oracle check for every name gluonlab.d2l serves (test_every_name_has_an_oracle_check).
CHECKS = {
    "plt": check_plt, "use_svg_display": check_use_svg_display, "set_figsize": check_set_figsize,
    "semilogy": check_semilogy, "show_fashion_mnist": check_show_fashion_mnist, "show_images": check_show_images,
    "get_fashion_mnist_labels": check_get_fashion_mnist_labels,
    "load_data_fashion_mnist": check_load_data_fashion_mnist,
    "data_iter": check_data_iter, "linreg": check_linreg, "squared_loss": check_squared_loss, "sgd": check_sgd,
    "evaluate_accuracy": check_evaluate_accuracy, "train_ch3": check_train_ch3, "train_ch5": check_train_ch5,
    "train": check_train, "_get_batch": check__get_batch, "corr2d": check_corr2d, "Residual": check_Residual,
    "resnet18": check_resnet18, "try_gpu": check_try_gpu, "try_all_gpus": check_try_all_gpus,
    "load_data_jay_lyrics": check_load_data_jay_lyrics, "load_data_time_machine": check_load_data_time_machine,
    "data_iter_random": check_data_iter_random,
    "data_iter_consecutive": check_data_iter_consecutive, "to_onehot": check_to_onehot,
    "grad_clipping": check_grad_clipping, "predict_rnn": check_predict_rnn,
    "train_and_predict_rnn": check_train_and_predict_rnn, "RNNModel": check_RNNModel,
    "predict_rnn_gluon": check_predict_rnn_gluon, "train_and_predict_rnn_gluon": check_train_and_predict_rnn_gluon,
    "Benchmark": check_Benchmark,
    "get_data_ch7": check_get_data_ch7, "train_ch7": check_train_ch7, "train_gluon_ch7": check_train_gluon_ch7,
    "train_2d": check_train_2d, "show_trace_2d": check_show_trace_2d,
}
CHECKS.update({"bbox_to_rect": check_bbox_to_rect, "show_bboxes": check_show_bboxes,             # chapter 9
               "_make_list": check__make_list, "mkdir_if_not_exist": check_mkdir_if_not_exist,
               "VOC_CLASSES": check_VOC_CLASSES, "VOC_COLORMAP": check_VOC_COLORMAP,
               "voc_label_indices": check_voc_label_indices, "voc_rand_crop": check_voc_rand_crop,
               "read_voc_images": check_read_voc_images, "VOCSegDataset": check_VOCSegDataset,
               "download_voc_pascal": check_download_voc_pascal, "_download_pikachu": check__download_pikachu,
               "load_data_pikachu": check_load_data_pikachu})
CHECKS.update(_IMDB_CHECKS)
CHECKS["count_tokens"] = check_count_tokens


# ---------------------------------------------------------------------------------------------------- tests

def test_every_name_has_an_oracle_check():
    assert set(CHECKS) == set(d2l.__all__)
    assert len(d2l.__all__) == len(set(d2l.__all__))


def _defined_in_d2lzh_utils():
    """The names d2lzh.utils defines itself: its functions, classes and constants (not the modules it imports)."""
    names = set()
    for name, value in vars(book).items():
        if name.startswith("__") or isinstance(value, types.ModuleType):
            continue
        if callable(value):
            if getattr(value, "__module__", None) == book.__name__:
                names.add(name)
        else:
            names.add(name)                         # constants: VOC_CLASSES, VOC_COLORMAP
    return names


def test_d2lzh_public_names_are_covered():
    names = _defined_in_d2lzh_utils()
    assert {"VOC_CLASSES", "train_ch3", "Residual", "_get_batch"} <= names
    assert not names - set(d2l.__all__), "d2lzh names gluonlab.d2l does not serve"
    assert "plt" in d2l.__all__                     # the book draws with d2l.plt


def _book_signature(name):
    fn = getattr(book, name)
    return inspect.signature(fn.__init__ if inspect.isclass(fn) else fn)


def _same_default(a, b):
    try:
        if a == b:
            return True
    except Exception:                               # noqa: BLE001  (an odd __eq__: fall back to the repr)
        pass
    return repr(a) == repr(b)


@pytest.mark.parametrize("name", [n for n in d2l.__all__ if callable(getattr(d2l, n))])
def test_signatures_match_d2lzh(name):
    """The book's parameters (names, order, kinds, defaults) are a prefix of ours; any extra parameter of ours
    comes after them and is keyword-only or has a default."""
    ours_fn = getattr(d2l, name)
    ours = list(inspect.signature(ours_fn.__init__ if inspect.isclass(ours_fn) else ours_fn).parameters.values())
    theirs = list(_book_signature(name).parameters.values())
    assert len(ours) >= len(theirs), f"{name}{inspect.signature(ours_fn)} lacks some of the book's parameters"
    for a, b in zip(ours, theirs):
        assert (a.name, a.kind) == (b.name, b.kind), f"{name}: {a} where d2lzh has {b}"
        assert _same_default(a.default, b.default), f"{name}: {a} where d2lzh has {b}"
    for extra in ours[len(theirs):]:
        assert extra.kind in (extra.KEYWORD_ONLY, extra.VAR_KEYWORD) or extra.default is not extra.empty, extra


@pytest.mark.parametrize("name", sorted(set(CHECKS) - set(_IMDB_CHECKS)))
def test_oracle(name, monkeypatch):
    CHECKS[name](monkeypatch)


@pytest.mark.parametrize("name", sorted(_IMDB_CHECKS))
def test_oracle_imdb(name, monkeypatch, _imdb_cwd):
    """The IMDB helpers, in a working folder whose ../data holds the stand-in."""
    CHECKS[name](monkeypatch)


@pytest.mark.parametrize("check, failure", [("train_ch3", r"in 'epoch 1, loss"),             # a printed number
                                            ("Residual", "Not equal to tolerance")])        # an output array
def test_checks_catch_a_planted_difference(check, failure, monkeypatch):
    """A wrong learning rate (training check) or a weight off by 1e-3 (array check) makes the check fail."""
    with pytest.raises(AssertionError, match=failure):
        CHECKS[check](monkeypatch, plant=True)
