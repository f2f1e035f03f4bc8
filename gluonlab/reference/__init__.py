"""The book's printed numbers (book_outputs.json) with a tolerance band per metric, for `gluonlab compare`.

Each entry: section, metric (a key of our record's history rows or final dict; `w[0]` indexes a list),
epoch (an int: the history row with that epoch; "final": record["final"]), value (the book's printed number),
edition and source, tolerance ({"abs": h}: |ours - book| <= h; {"factor": f}: book/f <= ours <= book*f;
{"info": true}: shown, never a failure), basis (how the band was set: "measured: ...", "exact: ...",
"other code: ..." (the book ran other code than its final version) or "provisional: ..."),
and quick (true: epoch-independent, so also checked against the book under --quick).
"""
import json
import math
import re
from importlib import resources

FILE = "book_outputs.json"


def load():
    """The whole reference document: {"edition", "sources", "band_rules", "entries": [...]}."""
    return json.loads(resources.files(__name__).joinpath(FILE).read_text(encoding="utf-8"))


def entries(sections=None):
    """Reference entries, optionally only those of the given section ids, in file order."""
    out = load()["entries"]
    return [e for e in out if sections is None or e["section"] in sections]


def within(tolerance, book, ours):
    """Whether `ours` lies in the band around `book`; None for info-only entries."""
    if tolerance.get("info"):
        return None
    if ours is None or not math.isfinite(ours):
        return False
    if "abs" in tolerance:
        return abs(ours - book) <= tolerance["abs"]
    f = tolerance["factor"]
    lo, hi = sorted((book / f, book * f))
    return lo <= ours <= hi


def bounds(tolerance, book):
    """(low, high) of the band, for plots and tables; None for info-only entries."""
    if tolerance.get("info"):
        return None
    if "abs" in tolerance:
        return book - tolerance["abs"], book + tolerance["abs"]
    return tuple(sorted((book / tolerance["factor"], book * tolerance["factor"])))


INDEXED = re.compile(r"^(?P<key>[^\[]+)(\[(?P<i>\d+)\])?$")


def figure_of(record, metric, epoch):
    """Our value of `metric` ('w[0]' indexes a list) at `epoch` (int) or 'final' in a record; None if absent."""
    m = INDEXED.match(metric)
    key, index = m["key"], m["i"]
    if epoch == "final":
        source = record.get("final", {})
    else:
        source = next((row for row in record.get("epochs", []) if row.get("epoch") == epoch and key in row), None)
        if source is None:
            return None
    value = source.get(key)
    if index is not None:
        value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else None
    if isinstance(value, str):        # NaN/inf are stored as strings
        try:
            value = float(value)
        except ValueError:
            return None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
