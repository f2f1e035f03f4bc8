"""Verdicts: one table row per book number, from our values over seeds, and why an INFO row is not judged."""
import math
import re

import numpy as np

from .. import reference
from ..reference import INDEXED as _INDEXED, figure_of
from ..reference import book_code

FAILING = {"FAIL", "MISSING", "ERROR"}
RAN_METRIC = "runs to the end"       # the one row of a section the book printed no numbers for


def _last_figure(record, metric):
    """Quick mode: the metric in the last history row that has it (or final)."""
    rows = [r for r in record.get("epochs", []) if _INDEXED.match(metric)["key"] in r]
    return figure_of(record, metric, rows[-1]["epoch"]) if rows else figure_of(record, metric, "final")


def judge(entry, ours, quick=False):
    """One table row from a reference entry and our values over seeds (None where a run lacked the figure)."""
    row = {k: entry[k] for k in ("section", "metric", "epoch")}
    row.update(book=entry["value"], ours=ours, basis=entry["basis"], tolerance=entry["tolerance"],
               band=None if entry["value"] is None else reference.bounds(entry["tolerance"], entry["value"]))
    present = [v for v in ours if v is not None]
    row["mean"] = float(np.mean(present)) if present else None
    row["spread"] = float(np.std(present, ddof=1)) if len(present) > 1 else 0.0
    if not present or len(present) < len(ours):
        row["verdict"] = "MISSING"
    elif not all(math.isfinite(v) for v in present) and not entry["tolerance"].get("info"):
        row["verdict"] = "FAIL"
    elif quick and not entry.get("quick"):
        row["verdict"] = "OK"
    else:
        ok = reference.within(entry["tolerance"], entry["value"], row["mean"])
        row["verdict"] = "INFO" if ok is None else ("PASS" if ok else "FAIL")
        oracle = book_code.load().get((entry["section"], entry["metric"], entry["epoch"]))
        if row["verdict"] == "FAIL" and oracle:
            low, high = row["book_code_band"] = book_code.band(oracle["values"])
            if low <= row["mean"] <= high:
                row["verdict"] = "BOOK-CODE"
    return row


# Why a section's value is too unstable to judge, in words (the reference entry only gives the numbers).
UNSTABLE_WHY = {
    "3.11": "the overfitting case trains on only 2 examples; when a seed draws one with a large |x| (seed 2: "
            "x = 2.7, so the feature x^3 is 19.6), SGD at the book's learning rate 0.01 diverges and the loss grows "
            "to around 1e24, while on other seeds it ends near the book's number, so the mean over seeds says "
            "nothing about correctness",
    "5.5": "LeNet's sigmoids start on a plateau at chance (every seed, and the book, at test acc 0.100 after "
           "epoch 1), and when it leaves it is a matter of the seed: in epoch 2 for most seeds, in epoch 3 for "
           "some. So the values of epochs 2 and 3 fall in two clusters (test acc at chance, or 0.56-0.71 over 6 "
           "seeds), where a band from the standard deviation means nothing; epoch 1 (at chance) and epochs 4-5 "
           "(every seed past the plateau) are judged",
}
_UNSTABLE = re.compile(r"^measured: unstable across seeds \(n=(?P<n>\d+) seeds, mean \S+, min (?P<min>\S+), "
                       r"max (?P<max>[^)]+)\)")


def info_reason(row):
    """Why an INFO row is expected, in words: (reason, detail of this row or '')."""
    basis = row["basis"]
    if basis.startswith("other code: "):
        return ("the book printed a run of other code than its final text, which gluonlab follows: "
                + basis[len("other code: "):]), ""
    m = _UNSTABLE.match(basis)
    if m:
        why = UNSTABLE_WHY.get(row["section"], "the value varies by orders of magnitude from seed to seed")
        return (why + ". Shown for information, never a failure.",
                f"from {_fmt(float(m['min']))} to {_fmt(float(m['max']))} over {m['n']} seeds")
    return basis, ""


def _fmt(v):
    """4 significant digits: 0.040678 -> '0.04068', 1.81064e+24 -> '1.811e+24', 100 -> '100'."""
    if v is None:
        return "-"
    return f"{v:.4g}" if isinstance(v, float) else str(v)
