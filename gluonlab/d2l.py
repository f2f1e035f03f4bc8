"""The book's helper package, d2lzh 1.0.0, served by gluonlab: `from gluonlab import d2l` in place of
`import d2lzh as d2l`.

Every name keeps d2lzh's signature, argument order, defaults, return value and printed lines; the work is done
by gluonlab's own modules (fast loaders, training loops that read their metrics once per epoch). This module is
an index: where the book's behaviour differs from a module's own API, the difference sits in a short adapter
here.
Every public name of d2lzh is served, the English edition's load_data_time_machine too (data/time_machine.py).
Chapter 9's loaders find their data as gluonlab's do (gluonlab.vision.files): a copy at the book's
path, $GLUONLAB_DATA or data/, else the book's URL when online.
"""
import os

import mxnet as mx
from matplotlib import pyplot as plt
from mxnet.gluon import HybridBlock, utils as gutils

from . import _ipython_compat, plot as _plot
from .data import airfoil as _airfoil, fashion_mnist as _fashion, lyrics as _lyrics, time_machine as _time_machine
from .data.fashion_mnist import get_fashion_mnist_labels
from .data.lm_iters import data_iter_consecutive, data_iter_random
from .devices import try_all_gpus, try_gpu
from .models.resnet import Residual
from .models.resnet import resnet18 as _resnet18
from .models.rnn import RNNModel
from .scratch.conv import corr2d
from .scratch.descent import train_2d
from .scratch.linear import data_iter, linreg, squared_loss
from .scratch.optim import sgd
from .scratch import rnn as _scratch_rnn
from .scratch.rnn import predict_rnn
from .train import airfoil as _train_airfoil, classify as _classify, heads as _heads, rnn as _rnn
from .train.rnn import predict_rnn_gluon
from .train.sync import Benchmark as _Benchmark
from .data import imdb as _imdb
from .nlp import sentiment as _sentiment
from .nlp.sentiment import count_tokens, get_tokenized_imdb
from .vision.boxes import _make_list, bbox_to_rect, show_bboxes
from .vision.pikachu import _download_pikachu, load_data_pikachu
from .vision.voc import (VOC_CLASSES, VOC_COLORMAP, VOCSegDataset, download_voc_pascal, read_voc_images,
                         voc_label_indices, voc_rand_crop)
from .data.book_layout import gluon_accepts_verified as _gluon_accepts_verified

# The book's 3.5 cells call gluon's FashionMNIST() themselves: let it read the verified copies that
# `gluonlab data book` puts in ~/.mxnet/datasets/fashion-mnist, whatever mirror's gzip bytes hold them.
_gluon_accepts_verified()

_ipython_compat.restore()     # the book's own cells call IPython.display.set_matplotlib_formats (IPython 8 removed it)

__all__ = [
    "plt", "use_svg_display", "set_figsize", "semilogy", "show_fashion_mnist", "show_images",
    "get_fashion_mnist_labels", "load_data_fashion_mnist", "data_iter", "linreg", "squared_loss", "sgd",
    "evaluate_accuracy", "train_ch3", "train_ch5", "train", "_get_batch", "corr2d", "Residual", "resnet18",
    "try_gpu", "try_all_gpus", "load_data_jay_lyrics", "data_iter_random", "data_iter_consecutive", "to_onehot",
    "grad_clipping", "predict_rnn", "train_and_predict_rnn", "RNNModel", "predict_rnn_gluon",
    "train_and_predict_rnn_gluon", "Benchmark",
    "get_data_ch7", "train_ch7", "train_gluon_ch7", "train_2d", "show_trace_2d",
    "download_imdb", "read_imdb", "get_tokenized_imdb", "get_vocab_imdb", "preprocess_imdb", "predict_sentiment",
    "count_tokens", "load_data_time_machine",
]
__all__ += ["bbox_to_rect", "show_bboxes", "_make_list", "mkdir_if_not_exist", "load_data_pikachu",  # chapter 9
            "_download_pikachu", "download_voc_pascal", "read_voc_images", "VOCSegDataset", "VOC_CLASSES",
            "VOC_COLORMAP", "voc_label_indices", "voc_rand_crop"]

def _in_ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def use_svg_display():
    """Draw inline figures as SVG in Jupyter; outside IPython there is nothing to set.

    d2lzh calls IPython.display.set_matplotlib_formats, which IPython 8 removed; matplotlib_inline holds it now.
    """
    if not _in_ipython():
        return
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:                               # IPython 7 and older
        from IPython.display import set_matplotlib_formats
    set_matplotlib_formats("svg")


def set_figsize(figsize=(3.5, 2.5)):
    """SVG display and pyplot's default figure size."""
    use_svg_display()
    plt.rcParams["figure.figsize"] = figsize


def _show():
    """plt.show() as the book calls it; skipped on a non-interactive backend (Agg), where it only warns."""
    if plt.get_backend().lower() not in ("agg", "pdf", "ps", "svg", "cairo", "template"):
        plt.show()


def semilogy(x_vals, y_vals, x_label, y_label, x2_vals=None, y2_vals=None, legend=None, figsize=(3.5, 2.5)):
    """Plot x and log(y) on pyplot's current figure, then show it."""
    set_figsize(figsize)
    # The book tests `if x2_vals and y2_vals`: an empty second curve draws nothing, as there.
    x2, y2 = (x2_vals, y2_vals) if x2_vals and y2_vals else (None, None)
    _plot.draw_semilogy(plt.gca(), x_vals, y_vals, x_label, y_label, x2, y2, legend)
    _show()


def show_fashion_mnist(images, labels):
    """One row of 28x28 images titled with their labels, in a new pyplot figure."""
    use_svg_display()
    _, figs = plt.subplots(1, len(images), figsize=(12, 12))
    _plot.draw_images(figs if len(images) > 1 else [figs], images, labels)


def show_images(imgs, num_rows, num_cols, scale=2):
    """A num_rows x num_cols grid of images (each an (h, w[, c]) NDArray); returns the axes."""
    _, axes = plt.subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale), squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax, img in zip(flat, imgs[:num_rows * num_cols]):
        ax.imshow(img.asnumpy())
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
    return axes


def load_data_fashion_mnist(batch_size, resize=None, root=os.path.join('~', '.mxnet', 'datasets', 'fashion-mnist')):
    """(train_iter, test_iter): X float32 (batch_size, 1, 28, 28) in [0, 1] (or resize x resize), y int32.

    Served from gluonlab's decoded cache (the files are found and sha1-checked by gluonlab.data, so `root` is
    not read): the training set is reshuffled on every pass, the test set kept in order, as the book's
    DataLoaders do, without their per-image Python transforms.
    """
    return _fashion.load_data_fashion_mnist(batch_size, resize=resize)


def evaluate_accuracy(data_iter, net, ctx=[mx.cpu()]):  # noqa: B006  (the book's default)
    """Accuracy of net over data_iter, each minibatch split over ctx."""
    return _classify.evaluate_accuracy(data_iter, net, ctx)


def train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size, params=None, lr=None, trainer=None):
    """Train and evaluate, printing 'epoch %d, loss %.4f, train acc %.3f, test acc %.3f' per epoch."""
    _classify.train_ch3(net, train_iter, test_iter, loss, num_epochs, batch_size, params, lr, trainer)


def train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs):
    """train_ch3 on ctx with softmax cross-entropy, 'training on ctx' first and each epoch's time.

    A plain nn.Sequential of HybridBlocks (the book's chapter-5 networks) trains as one cached graph of the same
    layers (heads.sequential_graph): the same parameters, values and Trainer; `net` itself is left as it was.
    """
    _classify.train_ch5(_heads.sequential_graph(net), train_iter, test_iter, batch_size, trainer, ctx, num_epochs)


def train(train_iter, test_iter, net, loss, trainer, ctx, num_epochs):
    """train_ch5's loop with any loss, each minibatch split over the ctx list."""
    print("training on", ctx)
    _classify.fit(net, train_iter, test_iter, loss, num_epochs, None, trainer=trainer, ctx=ctx, line="ch5",
                  header=False)


def _get_batch(batch, ctx):
    """(features split over ctx, labels cast to the features' dtype and split, batch size)."""
    features, labels = batch
    if labels.dtype != features.dtype:
        labels = labels.astype(features.dtype)
    return gutils.split_and_load(features, ctx), gutils.split_and_load(labels, ctx), features.shape[0]


def resnet18(num_classes):
    """ResNet-18 for 28x28 single-channel images (no stem max-pool), num_classes outputs."""
    return _resnet18(num_classes)


def load_data_jay_lyrics():
    """(corpus_indices, char_to_idx, idx_to_char, vocab_size) of the first 10,000 characters of the lyrics.

    The vocabulary is in `list(set(...))` order, as the book builds it, which depends on Python's hash seed.
    """
    return _lyrics.load_data_jay_lyrics(10000, faithful=True)


def load_data_time_machine():
    """load_data_jay_lyrics for the English edition's text: its first 10,000 characters, lower-cased, read from
    ../data/timemachine.txt as d2lzh does (else found or downloaded as gluonlab's data files are)."""
    return _time_machine.load_data_time_machine(10000, faithful=True)


def grad_clipping(params, theta, ctx):
    """Rescale the gradients so that their global norm is at most theta (None: leave them)."""
    _scratch_rnn.grad_clipping(params, theta, ctx)


def to_onehot(X, size):
    """(batch_size, num_steps) indices -> a list of num_steps one-hot (batch_size, size) matrices."""
    return [mx.nd.one_hot(x, size) for x in X.T]


def train_and_predict_rnn(rnn, get_params, init_rnn_state, num_hiddens, vocab_size, ctx, corpus_indices,
                          idx_to_char, char_to_idx, is_random_iter, num_epochs, num_steps, lr, clipping_theta,
                          batch_size, pred_period, pred_len, prefixes):
    """Train the cell rnn(inputs, state, params), printing perplexity and generated text every pred_period.

    Each minibatch's unrolled steps run as one traced graph when the cell traces (the book's do), with the
    cell's values; otherwise step by step, as the book runs them.
    """
    _rnn.train_and_predict_rnn(rnn, get_params, init_rnn_state, num_hiddens, vocab_size, ctx, corpus_indices,
                               idx_to_char, char_to_idx, is_random_iter, num_epochs, num_steps, lr, clipping_theta,
                               batch_size, pred_period, pred_len, prefixes, hybridize=True)


def train_and_predict_rnn_gluon(model, num_hiddens, vocab_size, ctx, corpus_indices, idx_to_char, char_to_idx,
                                num_epochs, num_steps, lr, clipping_theta, batch_size, pred_period, pred_len,
                                prefixes):
    """Train an RNNModel with consecutive sampling and SGD, printing as train_and_predict_rnn does.

    A hybridizable model (d2l.RNNModel) not yet hybridized is hybridized first: the same values, one cached graph.
    """
    if isinstance(model, HybridBlock) and not model._active:
        model.hybridize(static_alloc=True, static_shape=True)
    _rnn.train_and_predict_rnn_gluon(model, num_hiddens, vocab_size, ctx, corpus_indices, idx_to_char,
                                     char_to_idx, num_epochs, num_steps, lr, clipping_theta, batch_size,
                                     pred_period, pred_len, prefixes)


class Benchmark(_Benchmark):
    """`with Benchmark('prefix'):` prints 'prefix time: %.4f sec' when the block ends."""

    def __init__(self, prefix=None):
        super().__init__(prefix)


def get_data_ch7():
    """(features (1503, 5), labels (1503,)) of the airfoil table, every column standardized. The file is found and
    sha1-checked by gluonlab.data (d2lzh reads ../data/airfoil_self_noise.dat)."""
    return _airfoil.get_data_ch7()


def _plot_ch7(losses, num_epochs):
    set_figsize()
    _plot.draw_loss_ch7(plt.gca(), losses, num_epochs)


def train_ch7(trainer_fn, states, hyperparams, features, labels, batch_size=10, num_epochs=2):
    """Linear regression trained by trainer_fn(params, states, hyperparams); prints the last loss and the epoch's
    time, plots the loss recorded every 100 examples (read once per epoch, not each time)."""
    losses, _ = _train_airfoil.train_ch7(trainer_fn, states, hyperparams, features, labels, batch_size, num_epochs)
    _plot_ch7(losses, num_epochs)


def train_gluon_ch7(trainer_name, trainer_hyperparams, features, labels, batch_size=10, num_epochs=2):
    """train_ch7 with Dense(1), L2Loss and gluon.Trainer(trainer_name, trainer_hyperparams); the net and the loss
    run hybridized (the same values, faster: `gluonlab bench --workload airfoil_adam`)."""
    losses, _ = _train_airfoil.train_gluon_ch7(trainer_name, trainer_hyperparams, features, labels, batch_size,
                                               num_epochs, hybridize=True)
    _plot_ch7(losses, num_epochs)


def show_trace_2d(f, res):
    """Plot the trace res of train_2d over the contours of f(x1, x2) on pyplot's current figure."""
    set_figsize()
    _plot.draw_trace_2d(plt.gca(), f, res)


def mkdir_if_not_exist(path):
    """Make the folder os.path.join(*path), with its parents, unless it exists (the Kaggle contests' reorg)."""
    if not os.path.exists(os.path.join(*path)):
        os.makedirs(os.path.join(*path))


def download_imdb(data_dir='../data'):
    """The IMDB archive (data_dir's verified copy, gluonlab's, or the book's download when allowed), extracted
    into data_dir; without one, a DataError says where to get it and where to put it."""
    _imdb.extract(_imdb.archive(data_dir), data_dir)


def read_imdb(folder='train'):
    """[[review, label], ...] of aclImdb/<folder>, from ../data/aclImdb as the book reads it, else gluonlab's
    data folders; shuffled with Python's random."""
    return _imdb.read_imdb(folder)


def get_vocab_imdb(data):
    """Tokens seen at least 5 times. As d2lzh 1.0.0: no '<pad>' token (the printed book's code adds one)."""
    return _sentiment.get_vocab_imdb(data, pad=False)


def preprocess_imdb(data, vocab):
    """(features, labels), reviews cut or padded to 500 tokens; as d2lzh 1.0.0, padded with 0 (the printed
    book's code pads with the index of '<pad>')."""
    return _sentiment.preprocess_imdb(data, vocab, pad=False)


def predict_sentiment(net, vocab, sentence):
    """'positive' or 'negative' for a tokenized sentence, computed on try_gpu()."""
    return _sentiment.predict_sentiment(net, vocab, sentence, ctx=try_gpu())
