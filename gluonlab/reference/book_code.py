"""The book's own code (d2lzh 1.0.0) run on this stack: where the book's printed run and ours differ, is it us?

`python -m gluonlab.reference.book_code 3.6 3.7 3.13 --seeds 4` runs the book's notebook code for those sections
(d2lzh.load_data_fashion_mnist + d2lzh.train_ch3, seeds 0..n-1) and writes book_code.json beside this file:
per (section, metric, epoch) the values it printed. Chapter 6 (`6.5 6.7 6.8`, or one run of a section such as
`6.7:scratch_perplexity`): the book's cells with d2lzh.train_and_predict_rnn(_gluon) at the book's settings on
d2lzh.load_data_jay_lyrics(), every perplexity line it printed. A run replaces the entries of the (section, metric)
pairs it ran and keeps the rest of the file; `--first-seed K` runs seeds K..K+n-1 and appends them to a run
that holds seeds 0..K-1. `gluonlab compare` gives a row that misses the book's band
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
    from . import d2lzh_side
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
    """The book's Gluon cells for 5 epochs at batch 256 (reference.book_fashion.book_train_ch3)."""
    def run(train_iter, test_iter):
        from .book_fashion import book_train_ch3
        return book_train_ch3(layers, lr, 5, 256, train_iter, test_iter)
    return run


def _book_code():
    from .book_fashion import MLP_DROPOUT, SOFTMAX
    return {"3.6": _softmax_scratch, "3.7": _gluon(SOFTMAX, 0.1), "3.13": _gluon(MLP_DROPOUT, 0.5)}


METRICS = {"loss": "loss", "train acc": "train_acc", "test acc": "test_acc"}     # train_ch3's words -> ours
FASHION = ("3.6", "3.7", "3.13")
# Chapter 6: (section, our metric) -> (scratch cell or Gluon layer, cell, epochs, pred_period), the book's settings.
LM_RUNS = {
    ("6.5", "perplexity"): ("gluon", "rnn", 200, 50),
    ("6.7", "scratch_perplexity"): ("scratch", "gru", 160, 40),
    ("6.7", "perplexity"): ("gluon", "gru", 160, 40),
    ("6.8", "scratch_perplexity"): ("scratch", "lstm", 160, 40),
    ("6.8", "perplexity"): ("gluon", "lstm", 160, 40),
}
SECTIONS = FASHION + tuple(dict.fromkeys(sid for sid, _ in LM_RUNS))


def _seed(seed):
    import mxnet as mx
    mx.random.seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def _epoch_lines(printed):
    return [line for _, line in printed if line.startswith("epoch ")]


def _epoch_of(line):
    return int(line.split(",")[0].split()[1])


def _run_fashion(sid, seed):
    """{metric: {epoch: value}} as the section's notebook code printed through train_ch3."""
    import d2lzh
    from . import d2lzh_side
    _seed(seed)
    with d2lzh_side.fashion_root(None) as root:
        train_iter, test_iter = d2lzh.load_data_fashion_mnist(256, root=root)
        _, printed = _book_code()[sid](train_iter, test_iter)
    lines = _epoch_lines(printed)
    return {ours: {_epoch_of(line): d2lzh_side.value_after(line, words) for line in lines}
            for words, ours in METRICS.items()}


def _run_lm(kind, cell, epochs, pred_period, seed):
    """{epoch: perplexity} as d2lzh's trainer printed every pred_period epochs."""
    from . import book_rnn as rnn, d2lzh_side
    p = {**rnn.BOOK_SETTINGS, "epochs": epochs}
    _seed(seed)
    call = rnn.d2lzh_scratch_call if kind == "scratch" else rnn.d2lzh_gluon_call
    _, printed = d2lzh_side.run_printing(call(cell, p, pred_period))
    return {_epoch_of(line): d2lzh_side.value_after(line, "perplexity") for line in _epoch_lines(printed)}


def units(spec):
    """'3.7' -> [('3.7', None)]; '6.7' -> both of its runs; '6.7:scratch_perplexity' -> that run alone."""
    sid, _, metric = spec.partition(":")
    if sid in FASHION and not metric:
        return [(sid, None)]
    found = [key for key in LM_RUNS if key[0] == sid and metric in ("", key[1])]
    if not found:
        raise SystemExit(f"book_code: no run {spec!r}; sections: {', '.join(SECTIONS)} "
                         f"(chapter 6 also as SECTION:METRIC, e.g. 6.7:scratch_perplexity)")
    return found


def run_book_code(sid, seed, metric=None):
    """The book's code for a unit of units() under `seed`: {metric: {epoch: value}}.

    metric None: a chapter-3 section (all of train_ch3's metrics); else the chapter-6 run of that metric."""
    if metric is None:
        return _run_fashion(sid, seed)
    return {metric: _run_lm(*LM_RUNS[(sid, metric)], seed)}


def extend(doc, new, first_seed, command, stack):
    """(entries, runs) of doc with the `new` entries of seeds first_seed.. : they replace their (section, metric)
    pairs when first_seed is 0, else they are appended to a run that holds exactly seeds 0..first_seed-1."""
    redone = {(e["section"], e["metric"]) for e in new}
    old = {(e["section"], e["metric"], e["epoch"]): e["values"] for e in doc["entries"]}
    runs_info = dict(doc.get("runs", {}))
    n = len(new[0]["values"]) if new else 0
    for e in new if first_seed else ():
        before = old.get((e["section"], e["metric"], e["epoch"]), [])
        if len(before) != first_seed:
            raise SystemExit(f"book_code: --first-seed {first_seed} extends a run of seeds 0..{first_seed - 1}; "
                             f"{e['section']} {e['metric']} epoch {e['epoch']} holds {len(before)} values")
        e["values"] = before + e["values"]
    for sid, name in sorted(redone):
        earlier = f"{runs_info[f'{sid} {name}']['command']}; then " if first_seed else ""
        runs_info[f"{sid} {name}"] = {"command": earlier + command, "seeds": first_seed + n, "stack": stack}
    fresh = {(e["section"], e["metric"], e["epoch"]): e for e in new}
    entries = []                                 # in the file's order (small diffs); new epochs at the end
    for e in doc["entries"]:
        key = (e["section"], e["metric"], e["epoch"])
        if key in fresh:
            entries.append(fresh.pop(key))
        elif key[:2] not in redone:
            entries.append(e)
    return entries + list(fresh.values()), runs_info


def main(argv=None):
    import mxnet as mx
    from .. import records
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sections", nargs="+", help=f"{', '.join(SECTIONS)}; chapter 6 also as SECTION:METRIC")
    p.add_argument("--seeds", type=int, default=4)
    p.add_argument("--first-seed", type=int, default=0, help="run seeds K..K+n-1 and add them to seeds 0..K-1")
    args = p.parse_args(argv)
    todo = [unit for spec in args.sections for unit in units(spec)]
    path = resources.files(__package__).joinpath(FILE)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = {"entries": [], "runs": {}}
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    new = []
    for sid, metric in todo:
        runs = [run_book_code(sid, seed, metric) for seed in seeds]
        for name in runs[0]:
            for epoch in runs[0][name]:
                new.append({"section": sid, "metric": name, "epoch": epoch, "values": [r[name][epoch] for r in runs]})
        print(sid, {name: [r[name][max(r[name])] for r in runs] for name in runs[0]}, flush=True)
    command = ("python -m gluonlab.reference.book_code " + " ".join(args.sections) + f" --seeds {args.seeds}"
               + (f" --first-seed {args.first_seed}" if args.first_seed else ""))
    stack = f"d2lzh 1.0.0, mxnet {mx.__version__} CPU, Python {platform.python_version()}"
    entries, runs_info = extend(doc, new, args.first_seed, command, stack)
    records.write_json(path, {"about": __doc__.strip(), "runs": runs_info, "entries": entries})


if __name__ == "__main__":
    main()
