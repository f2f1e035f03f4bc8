"""The book's helper package, d2lzh 1.0.0, served by gluonlab: `from gluonlab import d2l` in place of
`import d2lzh as d2l`.

Every name keeps d2lzh's signature, argument order, defaults, return value and printed lines; the work is done
by gluonlab's own modules (fast loaders, training loops that synchronise once per epoch). This module is an index:
where the book's behaviour differs from a module's own API, the difference sits in a short adapter here.
Names of d2lzh that serve chapters outside gluonlab (7 and 9-10: optimisation, computer vision, NLP) raise an
AttributeError that says so.
"""
import os

import mxnet as mx
from matplotlib import pyplot as plt
from mxnet.gluon import HybridBlock, utils as gutils

from . import plot as _plot
from .data import fashion_mnist as _fashion, lyrics as _lyrics
from .data.fashion_mnist import get_fashion_mnist_labels
from .data.lm_iters import data_iter_consecutive, data_iter_random
from .devices import try_all_gpus, try_gpu
from .models.resnet import Residual
from .models.resnet import resnet18 as _resnet18
from .models.rnn import RNNModel
from .scratch.conv import corr2d
from .scratch.linear import data_iter, linreg, squared_loss
from .scratch.optim import sgd
from .scratch import rnn as _scratch_rnn
from .scratch.rnn import predict_rnn
from .train import classify as _classify, heads as _heads, rnn as _rnn
from .train.rnn import predict_rnn_gluon
from .train.sync import Benchmark as _Benchmark

__all__ = [
    "plt", "use_svg_display", "set_figsize", "semilogy", "show_fashion_mnist", "show_images",
    "get_fashion_mnist_labels", "load_data_fashion_mnist", "data_iter", "linreg", "squared_loss", "sgd",
    "evaluate_accuracy", "train_ch3", "train_ch5", "train", "_get_batch", "corr2d", "Residual", "resnet18",
    "try_gpu", "try_all_gpus", "load_data_jay_lyrics", "data_iter_random", "data_iter_consecutive", "to_onehot",
    "grad_clipping", "predict_rnn", "train_and_predict_rnn", "RNNModel", "predict_rnn_gluon",
    "train_and_predict_rnn_gluon", "Benchmark",
]

# d2lzh 1.0.0's names for the chapters gluonlab does not cover, with the chapter that uses them.
OUT_OF_SCOPE = {
    **dict.fromkeys(["train_ch7", "train_gluon_ch7", "get_data_ch7", "train_2d", "show_trace_2d"],
                    "chapter 7, optimisation algorithms"),
    **dict.fromkeys(["bbox_to_rect", "show_bboxes", "load_data_pikachu", "_download_pikachu", "download_voc_pascal",
                     "read_voc_images", "voc_label_indices", "voc_rand_crop", "VOCSegDataset", "VOC_CLASSES",
                     "VOC_COLORMAP", "mkdir_if_not_exist", "_make_list"], "chapter 9, computer vision"),
    **dict.fromkeys(["download_imdb", "read_imdb", "get_tokenized_imdb", "get_vocab_imdb", "preprocess_imdb",
                     "predict_sentiment", "count_tokens"], "chapter 10, natural language processing"),
    "load_data_time_machine": "the English edition's data set (the Chinese book uses load_data_jay_lyrics)",
}


def __getattr__(name):
    if name in OUT_OF_SCOPE:
        raise AttributeError(
            f"d2lzh.{name} is outside gluonlab's scope ({OUT_OF_SCOPE[name]}); d2lzh has it: "
            f"pip install --no-deps d2lzh==1.0.0, then `import d2lzh` for that chapter")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
