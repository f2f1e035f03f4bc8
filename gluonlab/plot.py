"""Figures as matplotlib Figure objects (Agg canvas, no pyplot state): they never block. Book: d2lzh.semilogy."""
import math
import numbers
import re

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter, MaxNLocator


def figure(figsize=(3.5, 2.5), ncols=1):
    """A new Figure and its axes (one Axes, or a list when ncols > 1). Book: d2lzh.set_figsize."""
    fig = Figure(figsize=figsize)
    axes = fig.subplots(1, ncols)
    return fig, axes


def semilogy(x_vals, y_vals, x_label, y_label, x2_vals=None, y2_vals=None, legend=None, figsize=(3.5, 2.5)):
    """Log-y plot with an optional dotted second curve and legend. Book: d2lzh.semilogy (returns the Figure)."""
    fig, ax = figure(figsize)
    draw_semilogy(ax, x_vals, y_vals, x_label, y_label, x2_vals, y2_vals, legend)
    if len(list(x_vals)) == 1:                # one epoch: a line of one point draws nothing, so mark it
        for line in ax.get_lines():
            line.set_marker("o")
        if ax.get_legend():
            ax.legend(legend)                # its handles again, with the marker
    if x_label.startswith("epoch"):
        epoch_axis(ax, list(x_vals), x_label)
    plain_log_ticks(ax)
    return fig


def plain_log_ticks(ax):
    """Label a log y axis with plain numbers (0.01, 3, 250), its minor ticks too when it spans little more than a
    decade, instead of matplotlib's 3.6x10^0."""
    ax.yaxis.set_major_formatter(_PlainLog(labelOnlyBase=False))
    ax.yaxis.set_minor_formatter(_PlainLog(labelOnlyBase=False, minor_thresholds=(1.5, 0.6)))


class _PlainLog(LogFormatter):
    """matplotlib's choice of which log ticks to label, each label written as a plain number."""

    def _num_to_string(self, x, vmin, vmax):
        return f"{x:g}"


def draw_semilogy(ax, x_vals, y_vals, x_label, y_label, x2_vals=None, y2_vals=None, legend=None):
    """Draw semilogy's curves on `ax` (a Figure's Axes, or pyplot's current Axes in a notebook)."""
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.semilogy(list(x_vals), list(y_vals))
    if x2_vals is not None and y2_vals is not None:
        ax.semilogy(list(x2_vals), list(y2_vals), linestyle=":")
        ax.legend(legend)


def draw_loss_ch7(ax, losses, num_epochs):
    """The loss recorded every 100 examples against epochs. Book: d2lzh.train_ch7's plot."""
    ax.plot(np.linspace(0, num_epochs, len(losses)), losses)
    ax.set_xlabel('epoch')
    ax.set_ylabel('loss')


def draw_trace_2d(ax, f, res):
    """A 2-D trace (orange dots) over the contours of f(x1, x2). Book: d2lzh.show_trace_2d."""
    x1, x2 = zip(*res)
    ax.plot(x1, x2, '-o', color='#ff7f0e')
    x1 = np.arange(-5.5, 1.0, 0.1)
    x2 = np.arange(min(-3.0, min(x2) - 1), max(1.0, max(x2) + 1), 0.1)
    x1, x2 = np.meshgrid(x1, x2)
    ax.contour(x1, x2, f(x1, x2), colors='#1f77b4')
    ax.set_xlabel('x1')
    ax.set_ylabel('x2')


def drawn(draw, *args, figsize=(3.5, 2.5)):
    """A new Figure with draw(ax, *args) on its one Axes."""
    fig, ax = figure(figsize)
    draw(ax, *args)
    return fig


def xyplot(x_vals, y_vals, name, figsize=(5, 2.5)):
    """Line plot with x label 'x' and y label name + '(x)'. Book: 3.8 xyplot."""
    fig, ax = figure(figsize)
    ax.plot(list(x_vals), list(y_vals))
    ax.set_xlabel("x")
    ax.set_ylabel(name + "(x)")
    return fig


def history_curves(history, keys, x_key="epoch", title=None, log=False, figsize=(3.5, 2.5)):
    """One line per metric key of a run's history."""
    fig, ax = figure(figsize)
    xs = [h[x_key] for h in history]
    for key in keys:
        ys = [h.get(key) for h in history]
        (ax.semilogy if log else ax.plot)(xs, ys, label=key.replace("_", " "), marker="o" if len(xs) <= 3 else None)
    epoch_axis(ax, xs, x_key) if x_key == "epoch" else ax.set_xlabel(x_key)
    shared = [k.split("_")[-1] for k in keys]
    ax.set_ylabel(shared[0] if len(set(shared)) == 1 else "value")
    if log:
        plain_log_ticks(ax)
    if len(keys) > 1:
        ax.legend()
    if title:
        ax.set_title(title)
    return fig


def show_fashion_mnist(images, labels):
    """One row of 28x28 images with titles, axes hidden. Book: d2lzh.show_fashion_mnist (returns the Figure)."""
    fig, axes = figure((12, 12), ncols=len(images))
    draw_images(axes if len(images) > 1 else [axes], images, labels)
    return fig


def draw_images(axes, images, labels, shape=(28, 28)):
    """Show image i (an NDArray, reshaped to `shape`) on axes[i] titled labels[i], axes hidden."""
    for ax, img, lbl in zip(axes, images, labels):
        ax.imshow(img.reshape(shape).asnumpy())
        ax.set_title(lbl)
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)


# learning_curves: a panel per kind of metric, found by name in a run's history rows
CURVE_KINDS = (("loss", re.compile(r"loss|rmse")), ("accuracy", re.compile(r"acc")),
               ("perplexity", re.compile(r"perplexity")))
# fields that tell several runs apart inside one history, and their legend text (5.10: net; 8.5: devices)
RUN_KEYS = {"net": str, "num_devices": lambda k: f"{k} device{'s' if k != 1 else ''}"}
LEARNING_CURVES = "learning_curves"


def epoch_axis(ax, epochs, label="epoch"):
    """Label the x axis and tick it at whole epochs only: at each epoch when there are few, else wherever
    matplotlib puts integer ticks; a single epoch gets one tick in the middle of a unit-wide axis."""
    epochs = sorted({e for e in epochs if _finite(e)})
    ax.set_xlabel(label)
    if epochs and len(epochs) <= 10:
        ax.set_xticks(epochs)
        if epochs[-1] - epochs[0] < 2:
            ax.set_xlim(epochs[0] - 0.5, epochs[-1] + 0.5)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _finite(v):
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)


# The sections whose book code draws its curves with d2lzh.semilogy (underfit-overfit, weight-decay and
# kaggle-house-price are the only pages of the v1 book that call it): their loss panels have a log y axis, as the
# book's figures do.
BOOK_SEMILOGY = {"3.11", "3.12", "3.16"}


def learning_curves(history, title=None, book_log=False):
    """A run's learning curves per epoch: one panel per kind of metric its history holds (loss, accuracy,
    perplexity), one line per metric and run; None when the history has no such numbers. Log y axes for
    perplexity, for losses spanning more than a factor 20, and for every loss when `book_log` (the book's scale)."""
    rows = [h for h in history if _finite(h.get("epoch"))]
    names = list(dict.fromkeys(k for h in rows for k in h))
    panels = [(kind, keys) for kind, pattern in CURVE_KINDS
              if (keys := [k for k in names if pattern.search(k) and any(_finite(h.get(k)) for h in rows)])]
    if not panels:
        return None
    runs = {}
    for h in rows:
        runs.setdefault(", ".join(text(h[k]) for k, text in RUN_KEYS.items() if k in h), []).append(h)
    fig, axes = figure(figsize=(3.6 * len(panels), 2.7), ncols=len(panels))
    axes = list(axes) if len(panels) > 1 else [axes]
    for ax, (kind, keys) in zip(axes, panels):
        ys = []
        for run, run_rows in runs.items():
            for key in keys:
                pts = [(h["epoch"], h[key]) for h in run_rows if _finite(h.get(key))]
                if pts:
                    ys += [y for _, y in pts]
                    ax.plot(*zip(*pts), marker="o" if len(pts) <= 3 else "." if len(pts) <= 30 else None, lw=1,
                            label=key.replace("_", " ") + (f" ({run})" if run else ""))
        positive = [y for y in ys if y > 0]
        if kind == "perplexity" or (len(positive) == len(ys) and (book_log and kind == "loss" or
                                                                 max(ys) > 20 * min(ys))):
            ax.set_yscale("log")
            plain_log_ticks(ax)
        epoch_axis(ax, [h["epoch"] for h in rows])
        ax.set_ylabel("rmse" if all("rmse" in k for k in keys) else kind)
        ax.legend(fontsize=7)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig
