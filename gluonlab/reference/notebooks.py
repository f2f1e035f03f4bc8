"""Run the book's own notebook code with d2lzh or with gluonlab.d2l, headless or in a Jupyter kernel.

The code is the d2l-zh repository's `v1` branch (`chapter_*/*.md`, the cells marked ```{.python .input}```),
read from a clone given by --repo or $GLUONLAB_D2L_ZH (a checkout of v1, or a git directory holding v1).
Side 'gluonlab' changes one line, `import d2lzh as d2l` -> `from gluonlab import d2l` (a notebook that never
imports d2lzh, 2.2-2.4, 3.2 and 6.2, gets that line as its first line of Python instead); side 'd2lzh' runs the
cells as printed. Headless runs each cell as plain Python (a notebook magic such as `%matplotlib inline` is not
Python and is skipped; a cell's last expression is printed, as a notebook shows it) with matplotlib's Agg
backend; 'jupyter' executes the same cells in an ipykernel through nbclient. Both stop at the first failing
cell, as "Run All" does. Every run happens in a temp folder laid out by book_env, in a child process.

    python -m gluonlab.reference.notebooks --side both 3.7 3.10      # time both sides, compare their lines
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import _openmp_env
from ..records import atomic_write_text, write_json

IMPORT_D2LZH = "import d2lzh as d2l"
IMPORT_GLUONLAB = "from gluonlab import d2l"
SIDES = ("d2lzh", "gluonlab")

# Section id -> the notebook's file on the v1 branch; every section gluonlab implements from chapters 2-8 (6.1's
# page has no code cells).
NOTEBOOKS = {
    "2.2": "ndarray", "2.3": "autograd", "2.4": "lookup-api", "6.2": "rnn", "8.3": "auto-parallelism",
    "8.4": "multiple-gpus",
    "3.1": "linear-regression", "3.2": "linear-regression-scratch", "3.3": "linear-regression-gluon",
    "3.4": "softmax-regression", "3.5": "fashion-mnist", "3.6": "softmax-regression-scratch",
    "3.7": "softmax-regression-gluon", "3.8": "mlp", "3.9": "mlp-scratch", "3.10": "mlp-gluon",
    "3.11": "underfit-overfit", "3.12": "weight-decay", "3.13": "dropout", "3.14": "backprop",
    "3.15": "numerical-stability-and-init", "3.16": "kaggle-house-price",
    "4.1": "model-construction", "4.2": "parameters", "4.3": "deferred-init", "4.4": "custom-layer",
    "4.5": "read-write", "4.6": "use-gpu", "5.1": "conv-layer",
    "5.2": "padding-and-strides", "5.3": "channels", "5.4": "pooling", "5.5": "lenet", "5.10": "batch-norm",
    "5.6": "alexnet", "5.7": "vgg", "5.8": "nin", "5.9": "googlenet", "5.11": "resnet", "5.12": "densenet",
    "6.3": "lang-model-dataset", "6.4": "rnn-scratch", "6.5": "rnn-gluon", "6.6": "bptt", "6.7": "gru",
    "6.8": "lstm", "6.9": "deep-rnn", "6.10": "bi-rnn",
    "8.1": "hybridize", "8.2": "async-computation", "8.5": "multiple-gpus-gluon",
    "7.1": "optimization-intro", "7.2": "gd-sgd", "7.3": "minibatch-sgd", "7.4": "momentum", "7.5": "adagrad",
    "7.6": "rmsprop", "7.7": "adadelta", "7.8": "adam",
    "9.3": "bounding-box", "9.4": "anchor", "9.5": "multiscale-object-detection",
    "9.8": "rcnn", "9.12": "kaggle-gluon-cifar10",
    "10.3": "word2vec-gluon", "10.12": "machine-translation",
}
# Notebooks that stop on a CPU-only machine whichever package they use, and the error they stop with: 4.6, 8.3,
# 8.4 and 8.5 ask for a GPU by name (mx.gpu(0); 8.4 hard-codes two), which neither d2lzh nor gluonlab.d2l can
# change; `gluonlab run 8.3/8.4/8.5` runs their code on CPU contexts instead. (3.2 stopped here too, on IPython
# 8's removed IPython.display.set_matplotlib_formats, until importing gluonlab.d2l restored it.)
EXPECTED_FAILURES = {
    "4.6": "MXNetError",
    "8.3": "MXNetError",
    "8.4": "MXNetError",
    "8.5": "MXNetError",
}
_CHAPTERS = {"3": "chapter_deep-learning-basics", "4": "chapter_deep-learning-computation",
             "5": "chapter_convolutional-neural-networks", "6": "chapter_recurrent-neural-networks",
             "7": "chapter_optimization", "8": "chapter_computational-performance", "2": "chapter_prerequisite",
             "9": "chapter_computer-vision",
             "10": "chapter_natural-language-processing"}
_CELL = re.compile(r"^```\{\.python \.input[^}]*\}\n(.*?)^```", re.S | re.M)


def notebook_path(section):
    """'3.7' -> 'chapter_deep-learning-basics/softmax-regression-gluon.md'."""
    return f"{_CHAPTERS[section.split('.')[0]]}/{NOTEBOOKS[section]}.md"


def find_repo(repo=None):
    """The d2l-zh clone: the argument, $GLUONLAB_D2L_ZH, or None when neither is given or exists."""
    repo = repo or os.environ.get("GLUONLAB_D2L_ZH")
    return Path(repo) if repo and Path(repo).exists() else None


def book_markdown(section, repo):
    """The notebook's markdown text: from the checkout's file, else `git show v1:<path>` in the git dir."""
    path = notebook_path(section)
    if (Path(repo) / path).is_file():
        return (Path(repo) / path).read_text(encoding="utf-8")
    return subprocess.run(["git", "--git-dir", str(repo), "show", f"v1:{path}"], check=True,
                          capture_output=True, text=True).stdout


def code_cells(markdown):
    """The code of every ```{.python .input}``` cell, in order."""
    return [m.group(1).rstrip("\n") for m in _CELL.finditer(markdown)]


def for_side(cells, side):
    """The cells as `side` runs them: gluonlab's changes the d2lzh import line, and nothing else; a notebook
    without that line gets `from gluonlab import d2l` before its first line of Python (after leading magics)."""
    if side == "d2lzh":
        return list(cells)
    pattern = rf"^(\s*){re.escape(IMPORT_D2LZH)}\s*$"
    if not cells or any(re.search(pattern, c, flags=re.M) for c in cells):
        return [re.sub(pattern, rf"\1{IMPORT_GLUONLAB}", c, flags=re.M) for c in cells]
    lines = cells[0].split("\n")
    magics = next((i for i, line in enumerate(lines) if not line.startswith(("%", "!"))), len(lines))
    return ["\n".join(lines[:magics] + [IMPORT_GLUONLAB] + lines[magics:])] + list(cells[1:])


def run(section, side, repo, mode="headless", ipython_shim=False, timeout=3600, seed=None, limit=None):
    """Run one notebook on one side in a child process; returns its record (see child.main).

    limit: {"max_examples": n, "epochs": e}, a smoke run of an hour-long notebook (book_env.limit_run)."""
    cells = for_side(code_cells(book_markdown(section, repo)), side)
    with tempfile.TemporaryDirectory(prefix=f"book-{section}-{side}-") as tmp:
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"section": section, "side": side, "mode": mode, "cells": cells,
                                   "ipython_shim": ipython_shim, "root": tmp, "seed": seed, "limit": limit}))
        env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
        if mode == "headless":
            env["MPLBACKEND"] = "Agg"
        if side == "d2lzh":                      # MXNet's own copy threshold, as the book's readers run it
            env = _openmp_env.mxnet_default_env(env)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "gluonlab.reference.notebook_child", str(job)],
                              capture_output=True, text=True, timeout=timeout, env=env)
        wall = time.perf_counter() - start
        out = Path(tmp) / "result.json"
        if not out.exists():
            raise RuntimeError(f"{section} ({side}, {mode}) child ended with {proc.returncode}:\n"
                               f"{proc.stderr[-3000:]}")
        record = json.loads(out.read_text())
    record["wall_s"] = wall
    return record


def template(line):
    """A printed line with its numbers replaced by '#': the line's format."""
    return re.sub(r"-?\d+(\.\d+)?(e[-+]?\d+)?", "#", line)


def epoch_lines(record):
    """Every printed line that starts with 'epoch ', in order."""
    return [line for cell in record["cells"] for line in cell["output"].splitlines() if line.startswith("epoch ")]


def _last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else text


def _summary(section, records):
    parts = [section]
    for side, rec in records.items():
        status = "ok" if rec["failed_cell"] is None else f"stops at cell {rec['failed_cell']}: {_last_line(rec['error'])}"
        parts.append(f"{side} {rec['cells_s']:.1f} s ({len(rec['cells'])} cells, {status})")
    if len(records) == 2:
        a, b = records["d2lzh"], records["gluonlab"]
        same = [template(x) for x in epoch_lines(a)] == [template(x) for x in epoch_lines(b)]
        parts.append(f"speed-up {a['cells_s'] / max(b['cells_s'], 1e-9):.2f}x, epoch lines "
                     + ("in the same format" if same else "DIFFER in format"))
    return "; ".join(parts)


def markdown_table(results):
    """A Markdown table of {section: {side: record}}: cells, seconds per side, speed-up, where a run stopped."""
    sides = [side for side in SIDES if any(side in recs for recs in results.values())]
    head = "| section | cells | " + " | ".join(f"{side} (s)" for side in sides) + \
        (" | speed-up" if len(sides) == 2 else "") + " | stops at |"
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    totals = dict.fromkeys(sides, 0.0)
    for section, recs in results.items():
        stops = sorted({f"cell {r['failed_cell']}: {_last_line(r['error'])[:80]}" for r in recs.values()
                        if r["failed_cell"] is not None})
        cells = max(len(r["cells"]) for r in recs.values())
        row = f"| {section} | {cells} | " + " | ".join(f"{recs[side]['cells_s']:.1f}" for side in sides)
        if len(sides) == 2:
            a, b = recs["d2lzh"]["cells_s"], recs["gluonlab"]["cells_s"]
            row += f" | {a / b:.2f}x" if min(a, b) >= 0.05 else " | -"        # no ratio of two rounding errors
        rows.append(row + f" | {'; '.join(stops) or '-'} |")
        for side in sides:
            totals[side] += recs[side]["cells_s"]
    total = "| total | | " + " | ".join(f"{totals[side]:.1f}" for side in sides)
    if len(sides) == 2:
        total += f" | {totals['d2lzh'] / max(totals['gluonlab'], 1e-9):.2f}x"
    return "\n".join(rows + [total + " | |"]) + "\n"


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m gluonlab.reference.notebooks", description=__doc__.split("\n")[0])
    p.add_argument("sections", nargs="*", help="section ids (default: every notebook gluonlab implements)")
    p.add_argument("--repo", help="d2l-zh clone (default $GLUONLAB_D2L_ZH)")
    p.add_argument("--side", choices=SIDES + ("both",), default="gluonlab")
    p.add_argument("--mode", choices=("headless", "jupyter"), default="headless")
    p.add_argument("--ipython-shim", action="store_true",
                   help="d2lzh side: restore IPython.display.set_matplotlib_formats so its plots run")
    p.add_argument("--json", help="write every record here")
    p.add_argument("--markdown", help="write the table of times here (Markdown)")
    args = p.parse_args(argv)
    repo = find_repo(args.repo)
    if repo is None:
        p.error("no d2l-zh clone: pass --repo or set GLUONLAB_D2L_ZH (git clone -b v1 "
                "https://github.com/d2l-ai/d2l-zh)")
    unknown = [s for s in args.sections if s not in NOTEBOOKS]
    if unknown:
        p.error(f"no notebook for {unknown}; choose from {', '.join(NOTEBOOKS)}")
    sides = SIDES if args.side == "both" else (args.side,)
    results, totals = {}, dict.fromkeys(sides, 0.0)
    for section in args.sections or list(NOTEBOOKS):
        records = {side: run(section, side, repo, args.mode, args.ipython_shim) for side in sides}
        for side, rec in records.items():
            totals[side] += rec["cells_s"]
        results[section] = records
        print(_summary(section, records), flush=True)
    print("total: " + ", ".join(f"{side} {t:.1f} s" for side, t in totals.items())
          + (f", speed-up {totals['d2lzh'] / max(totals['gluonlab'], 1e-9):.2f}x" if len(sides) == 2 else ""))
    if args.json:
        write_json(args.json, {"mode": args.mode, "ipython_shim": args.ipython_shim, "results": results,
                               "totals": totals})
    if args.markdown:
        atomic_write_text(args.markdown, markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
