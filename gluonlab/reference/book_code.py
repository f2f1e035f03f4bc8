"""The book's own code (d2lzh 1.0.0) run on this stack: where the book's printed run and ours differ, is it us?

`python -m gluonlab.reference.book_code 3.6 3.7 3.13 --seeds 4` runs the book's notebook code for those sections
(d2lzh.load_data_fashion_mnist + d2lzh.train_ch3, seeds 0..n-1) and writes book_code.json beside this file:
per (section, metric, epoch) the values it printed. `gluonlab compare` gives a row that misses the book's band
but lies in the band of the book's own code on this stack the verdict BOOK-CODE (not a failure): the book's
printed number came from another stack (a GPU build of an older MXNet), and the book's code agrees with us here.
"""
import argparse
import functools
import json
import math
import platform
import random
from importlib import resources

import numpy as np

FILE = "book_code.json"
K, FLOOR = 4.0, 0.005          # the same rule as the measured abs bands in book_outputs.json


@functools.lru_cache(maxsize=None)
def load():
    """{(section, metric, epoch): {"values": [...], ...}} from book_code.json (empty when absent); read once."""
    try:
        doc = json.loads(resources.files(__package__).joinpath(FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {(e["section"], e["metric"], e["epoch"]): e for e in doc["entries"]}


def band(values):
    """(low, high): mean +/- max(K * s * sqrt(1 + 1/n), FLOOR) over the book code's values."""
    n, mean = len(values), float(np.mean(values))
    s = float(np.std(values, ddof=1)) if n > 1 else 0.0
    h = max(K * s * math.sqrt(1 + 1 / n), FLOOR)
    return mean - h, mean + h


def _softmax_scratch(train_iter, test_iter):
    """The book's 3.6 cells: W, b, softmax, cross_entropy, then d2lzh.train_ch3 with [W, b] and lr 0.1."""
    import d2lzh
    from mxnet import nd
    from ..bench import d2lzh_side
    W, b = nd.random.normal(scale=0.01, shape=(784, 10)), nd.zeros(10)
    W.attach_grad()
    b.attach_grad()

    def softmax(X):
        X_exp = X.exp()
        return X_exp / X_exp.sum(axis=1, keepdims=True)

    def net(X):
        return softmax(nd.dot(X.reshape((-1, 784)), W) + b)

    def cross_entropy(y_hat, y):
        return -nd.pick(y_hat, y).log()
    return d2lzh_side.run_printing(d2lzh.train_ch3, net, train_iter, test_iter, cross_entropy, 5, 256, [W, b], 0.1)


def _gluon(layers, lr):
    """The book's Gluon cells for 5 epochs at batch 256 (bench.fashion.book_train_ch3)."""
    def run(train_iter, test_iter):
        from ..bench.fashion import book_train_ch3
        return book_train_ch3(layers, lr, 5, 256, train_iter, test_iter)
    return run


def _book_code():
    from ..bench.fashion import MLP_DROPOUT, SOFTMAX
    return {"3.6": _softmax_scratch, "3.7": _gluon(SOFTMAX, 0.1), "3.13": _gluon(MLP_DROPOUT, 0.5)}


SECTIONS = ("3.6", "3.7", "3.13")
METRICS = {"loss": "loss", "train acc": "train_acc", "test acc": "test_acc"}     # train_ch3's words -> ours


def run_book_code(sid, seed):
    """The section's notebook code under `seed`; returns {metric: [value per epoch]} as train_ch3 printed."""
    import mxnet as mx
    import d2lzh
    from ..bench import d2lzh_side
    mx.random.seed(seed)
    np.random.seed(seed)
    random.seed(seed)
    with d2lzh_side.fashion_root(None) as root:
        train_iter, test_iter = d2lzh.load_data_fashion_mnist(256, root=root)
        _, printed = _book_code()[sid](train_iter, test_iter)
    lines = [line for _, line in printed if line.startswith("epoch ")]
    return {ours: [float(line.split(words)[1].split(",")[0]) for line in lines] for words, ours in METRICS.items()}


def main(argv=None):
    import mxnet as mx
    from .. import records
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sections", nargs="+", choices=SECTIONS)
    p.add_argument("--seeds", type=int, default=4)
    args = p.parse_args(argv)
    entries = []
    for sid in args.sections:
        runs = [run_book_code(sid, seed) for seed in range(args.seeds)]
        for metric in METRICS.values():
            for i, values in enumerate(zip(*(run[metric] for run in runs))):
                entries.append({"section": sid, "metric": metric, "epoch": i + 1, "values": list(values)})
        print(sid, [run["test_acc"][-1] for run in runs])
    stack = f"d2lzh 1.0.0, mxnet {mx.__version__} CPU, Python {platform.python_version()}"
    records.write_json(resources.files(__package__).joinpath(FILE), {
        "about": __doc__.strip(), "stack": stack, "seeds": args.seeds,
        "command": "python -m gluonlab.reference.book_code " + " ".join(args.sections) + f" --seeds {args.seeds}",
        "entries": entries})


if __name__ == "__main__":
    main()
