"""`gluonlab compare [ID...] [--quick] [--seeds N] [--out DIR]`: our numbers beside the book's, with a verdict.

Full mode runs each section with the book's settings over N seeds (0..N-1) and compares the mean over seeds
with the book's printed value (gluonlab/reference/book_outputs.json): PASS inside the entry's band, FAIL
outside, MISSING when our record lacks the figure, INFO for entries whose band is informational.
BOOK-CODE (not a failure): outside the book's band but inside the band of the book's own d2lzh code run on this
stack (gluonlab/reference/book_code.py): the book printed a run from another stack; its code agrees with us here.

--quick runs the QUICK configs (few epochs, a data subset), so the book's trained numbers cannot be expected.
Its verdicts: entries marked quick (epoch-independent values such as 3.6's accuracy demo, 0.5) are compared
with the book as in full mode; every other entry must be present in the record and finite (OK), taking the
last history row when the book's epoch was not reached. So --quick proves that each compared section runs, that
its record carries every figure the full comparison needs, and that nothing is NaN.

Exit status: 0 when nothing FAILed or is MISSING, 1 otherwise (2 on a usage error, like the other verbs).
Writes OUT/compare.md, OUT/compare.json, OUT/<section id>.png and each run's record under OUT/runs/seed<k>/.
"""
import math
import re
from pathlib import Path

import numpy as np

from . import plot, records, reference, registry
from .reference import book_code
from .progress import Progress

FAILING = {"FAIL", "MISSING", "ERROR"}
_INDEXED = re.compile(r"^(?P<key>[^\[]+)(\[(?P<i>\d+)\])?$")


def figure_of(record, metric, epoch):
    """Our value of `metric` ('w[0]' indexes a list) at `epoch` (int) or 'final' in a record; None if absent."""
    m = _INDEXED.match(metric)
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


def _last_figure(record, metric):
    """Quick mode: the metric in the last history row that has it (or final)."""
    rows = [r for r in record.get("epochs", []) if _INDEXED.match(metric)["key"] in r]
    return figure_of(record, metric, rows[-1]["epoch"]) if rows else figure_of(record, metric, "final")


def judge(entry, ours, quick=False):
    """One table row from a reference entry and our values over seeds (None where a run lacked the figure)."""
    row = {k: entry[k] for k in ("section", "metric", "epoch")}
    row.update(book=entry["value"], ours=ours, basis=entry["basis"], tolerance=entry["tolerance"],
               band=reference.bounds(entry["tolerance"], entry["value"]))
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


def _fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float) and (v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e4)):
        return f"{v:.4g}"
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def _band_text(row):
    tol = row["tolerance"]
    if tol.get("info"):
        return "info"
    return f"+/-{_fmt(tol['abs'])}" if "abs" in tol else f"x/{tol['factor']:g}"


def markdown(rows, seeds, quick):
    """The table as Markdown: section, metric, epoch, book, ours mean +/- spread, band, verdict."""
    mode = "quick (smoke: figures present and finite)" if quick else f"book settings, {seeds} seed(s)"
    lines = [f"# gluonlab compare: {mode}", "",
             "| section | metric | epoch | book | ours (mean +/- spread) | band | verdict |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        ours = "-" if r["mean"] is None else f"{_fmt(r['mean'])} +/- {_fmt(r['spread'])}"
        lines.append(f"| {r['section']} | {r['metric']} | {r['epoch']} | {_fmt(r['book'])} | {ours} | "
                     f"{_band_text(r)} | {r['verdict']} |")
    counts = {v: sum(r["verdict"] == v for r in rows) for v in sorted({r["verdict"] for r in rows})}
    lines += ["", "Verdicts: " + ", ".join(f"{k} {n}" for k, n in counts.items())]
    if "BOOK-CODE" in counts:
        lines += ["", "BOOK-CODE: outside the band around the book's printed number, inside the band of the book's own "
                  "d2lzh code run on this stack (gluonlab/reference/book_code.json): the book's run differs, the "
                  "book's code agrees with gluonlab. Not a failure."]
    why = {(r["section"], r["metric"]): r["basis"] for r in rows if r["verdict"] == "INFO"}
    lines += [""] * bool(why) + [f"- INFO {sid} {metric}: {basis}" for (sid, metric), basis in why.items()]
    errors = {r["section"]: r["error"].splitlines()[0] for r in rows if r.get("error")}
    lines += [f"- {sid} ERROR: {msg}" for sid, msg in errors.items()]
    return "\n".join(lines) + "\n"


def section_figure(sid, rows, runs):
    """Our curves (one line per seed) over the book's points with their bands; finals as points."""
    per_epoch = sorted({r["metric"] for r in rows if r["epoch"] != "final"})
    finals = [r for r in rows if r["epoch"] == "final"]
    panels = per_epoch + (["final"] if finals else [])
    fig, axes = plot.figure(figsize=(3.2 * len(panels), 2.6), ncols=len(panels))
    axes = axes if isinstance(axes, (list, np.ndarray)) else [axes]
    for ax, metric in zip(axes, panels):
        if metric == "final":
            for i, r in enumerate(finals):
                if r["band"]:
                    ax.errorbar([i], [r["book"]], yerr=[[r["book"] - r["band"][0]], [r["band"][1] - r["book"]]],
                                fmt="o", color="k", capsize=3)
                ax.plot([i] * len([v for v in r["ours"] if v is not None]),
                        [v for v in r["ours"] if v is not None], "x", color="tab:blue")
            ax.set_xticks(range(len(finals)))
            ax.set_xticklabels([r["metric"] for r in finals], rotation=45, ha="right", fontsize=6)
            ax.set_title(f"{sid} finals (o book, x ours)", fontsize=8)
            continue
        for record in runs:
            pts = [(row["epoch"], figure_of(record, metric, row["epoch"])) for row in record.get("epochs", [])]
            pts = [(e, v) for e, v in pts if v is not None]
            if pts:
                ax.plot(*zip(*pts), color="tab:blue", alpha=0.6, lw=1, marker=".")
        book = [r for r in rows if r["metric"] == metric and r["epoch"] != "final"]
        for r in book:
            ax.plot([r["epoch"]], [r["book"]], "o", color="k")
            if r["band"]:
                ax.vlines(r["epoch"], *r["band"], color="k", alpha=0.5)
        if all(r["book"] > 0 for r in book) and max(r["book"] for r in book) > 20 * min(r["book"] for r in book):
            ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_title(f"{sid} {metric} (line ours, o book)", fontsize=8)
    fig.tight_layout()
    return fig


def run_compare(ids=None, quick=False, seeds=None, out="runs/compare", ctx="cpu", echo=None):
    """Run, judge, write the files; return (rows, exit status)."""
    from .runner import config_for, run_section
    wanted = list(dict.fromkeys(e["section"] for e in reference.entries()))
    if ids:
        ids = [_canonical(i) for i in ids]
        unknown = [i for i in ids if i not in wanted]
        if unknown:
            from .errors import ConfigError
            raise ConfigError(f"no book reference for section(s) {', '.join(unknown)}",
                              f"sections with book numbers: {', '.join(wanted)}")
        wanted = ids
    seeds = seeds or (1 if quick else 3)
    implemented = registry.load_all()
    todo = [sid for sid in wanted if sid in implemented]
    out = Path(out)
    rows, runs = [], {}
    with Progress(len(todo) * seeds, "compare") as bar:
        for sid in todo:
            sec = implemented[sid]
            runs[sid] = []
            for k in range(seeds):
                bar.desc = f"compare {sid} seed {k}"
                try:
                    cfg = config_for(sec, quick=quick, seed=k, ctx=ctx)
                    record, _ = run_section(sec, cfg, out_root=out / "runs" / f"seed{k}", echo=echo)
                    runs[sid].append(records.jsonable(record))
                except Exception as err:    # a crashing section is a verdict, not the end of the comparison
                    runs[sid].append({"error": f"{type(err).__name__}: {err}"})
                bar.update()
    for entry in reference.entries(wanted):
        sid = entry["section"]
        if sid not in implemented:
            rows.append({**{k: entry[k] for k in ("section", "metric", "epoch")}, "book": entry["value"],
                         "ours": [], "mean": None, "spread": None, "band": None, "tolerance": entry["tolerance"],
                         "basis": entry["basis"], "verdict": "NOT IMPLEMENTED"})
            continue
        if any("error" in r for r in runs[sid]):
            ours = [None] * len(runs[sid])
            row = judge(entry, ours, quick)
            row["verdict"], row["error"] = "ERROR", next(r["error"] for r in runs[sid] if "error" in r)
        else:
            look = _last_figure if quick and not entry.get("quick") else \
                (lambda rec, m, e=entry["epoch"]: figure_of(rec, m, e))
            row = judge(entry, [look(rec, entry["metric"]) for rec in runs[sid]], quick)
        rows.append(row)
    status = 1 if any(r["verdict"] in FAILING for r in rows) else 0
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(rows, seeds, quick)
    records.atomic_write_text(out / "compare.md", text)
    records.write_json(out / "compare.json", {"quick": quick, "seeds": seeds, "status": status, "rows": rows,
                                              "edition": reference.load()["edition"]})
    for sid in todo:
        good = [r for r in runs[sid] if "error" not in r]
        sec_rows = [r for r in rows if r["section"] == sid]
        if good and sec_rows:
            records.save_figure(section_figure(sid, sec_rows, good), out / f"{sid}.png")
    return rows, status, text


def _canonical(key):
    from . import catalog
    return catalog.BY_SLUG[key][0] if key in catalog.BY_SLUG else key


def _cmd_compare(args, extra):
    from .cli import _ctx_spec
    rows, status, text = run_compare(args.ids, quick=args.quick, seeds=args.seeds, out=args.out,
                                     ctx=_ctx_spec(args.ctx, args.gpu_fallback),
                                     echo=print if args.verbose else None)
    print(text, end="")
    print(f"written: {args.out}/compare.md, compare.json and one PNG per section; exit status {status}")
    return status


def register(subparsers):
    p = subparsers.add_parser("compare", help="run sections and line our numbers up beside the book's")
    p.add_argument("ids", nargs="*", metavar="ID", help="section ids or slugs (default: every section with "
                                                          "book numbers)")
    p.add_argument("--quick", action="store_true", help="smoke run: QUICK configs, figures present and finite")
    p.add_argument("--seeds", type=int, default=None, help="runs per section, seeds 0..N-1 (default 3; 1 quick)")
    p.add_argument("--out", default="runs/compare", help="output directory (default runs/compare)")
    p.add_argument("--ctx", default="cpu", help="cpu, gpu, gpu:N (default cpu)")
    p.add_argument("--gpu-fallback", action="store_true", help="use the CPU when a GPU asked for is missing")
    p.add_argument("--verbose", action="store_true", help="echo each section's printed lines")
    p.set_defaults(func=_cmd_compare)
