"""`gluonlab compare [ID...|--all] [--quick] [--seeds N] [--out DIR]`: our numbers beside the book's, with a verdict.

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

--all runs every implemented section of the book (chapters 3-8, one seed unless --seeds says otherwise), those
without printed numbers too, and its report ends with each section's wall time and the total: the whole book's
time, the figure `make reproduce-all` keeps in docs/benchmarks.md. Every report carries that time table.

Exit status: 0 when nothing FAILed or is MISSING, 1 otherwise (2 on a usage error, like the other verbs).
Writes OUT/compare.md, OUT/compare.json, OUT/<section id>.png and each run's record under OUT/runs/seed<k>/.
"""
import math
import re
import time
from pathlib import Path

import numpy as np

from . import plot, records, reference, registry
from .reference import INDEXED as _INDEXED, figure_of
from .reference import book_code
from .progress import Progress

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
    """4 significant digits: 0.040678 -> '0.04068', 1.81064e+24 -> '1.811e+24', 100 -> '100'."""
    if v is None:
        return "-"
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def _band_text(row):
    tol = row["tolerance"]
    if not tol:
        return "-"
    if tol.get("info"):
        return "info"
    return f"+/-{_fmt(float(tol['abs']))}" if "abs" in tol else f"x/{tol['factor']:.4g}"


def _ours_text(row):
    """The mean over seeds, with '+/- sd' only when more than one seed gave a value."""
    if row["mean"] is None:
        return "-"
    several = len([v for v in row.get("ours") or [] if v is not None]) > 1
    return f"{_fmt(row['mean'])} +/- {_fmt(row['spread'])}" if several and row["spread"] is not None \
        else _fmt(row["mean"])


def _legend(rows, seeds, quick):
    """How to read the table, said once: the columns and each band notation the table uses."""
    lines = ["How to read it: *book* is the number the book printed; *ours* is our value"
             + (f", the mean over {seeds} seeds +/- their standard deviation" if seeds > 1 else " (one seed)")
             + "." + (" Quick mode trains for a few epochs on a data subset, so most rows only check that the "
                      "number is there and finite (OK)." if quick else "")]
    kinds = {_band_text(r)[:2] for r in rows if r.get("tolerance")}
    if "+/" in kinds:
        lines.append("- band `+/-h`: ours must lie within h of the book's number.")
    if "x/" in kinds:
        lines.append("- band `x/f`: ours must lie between the book's number divided by f and multiplied by f "
                     "(for losses and norms that vary by a factor from run to run).")
    if "in" in kinds:
        lines.append("- band `info`: shown, not judged; the reason is given under the section's table.")
    if any(r["verdict"] == "RAN" for r in rows):
        lines.append("- verdict RAN: the book printed no numbers for that section; it ran to the end.")
    lines.append("- Most bands are 4 standard deviations of our value's spread over seeds, so a correct "
                 "implementation falls outside one about once in 16,000 rows (gluonlab/reference/_build.py).")
    return lines


# Why a section's value is too unstable to judge, in words (the reference entry only gives the numbers).
UNSTABLE_WHY = {
    "3.11": "the overfitting case trains on only 2 examples; when a seed draws one with a large |x| (seed 2: "
            "x = 2.7, so the feature x^3 is 19.6), SGD at the book's learning rate 0.01 diverges and the loss grows "
            "to around 1e24, while on other seeds it ends near the book's number, so the mean over seeds says "
            "nothing about correctness",
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


def _title(sid):
    from . import catalog
    return catalog.BY_ID[sid][2] if sid in catalog.BY_ID else ""


def markdown(rows, seeds, quick):
    """One table per section, headed by its id and title: metric, epoch, book, ours, band, verdict."""
    mode = "quick (smoke: figures present and finite)" if quick else \
        f"book settings, {seeds} seed{'s' if seeds > 1 else ''}"
    lines = [f"# gluonlab compare: {mode}", ""] + _legend(rows, seeds, quick)
    ours_head = "ours (mean +/- sd)" if seeds > 1 else "ours"
    for sid in dict.fromkeys(r["section"] for r in rows):
        sec_rows = [r for r in rows if r["section"] == sid]
        lines += ["", f"## {sid} {_title(sid)}", "", f"| metric | epoch | book | {ours_head} | band | verdict |",
                  "|---|---|---|---|---|---|"]
        for r in sec_rows:
            lines.append(f"| {r['metric']} | {r['epoch']} | {_fmt(r['book'])} | {_ours_text(r)} | {_band_text(r)} | "
                         f"{r['verdict']} |")
        info = {}
        for r in sec_rows:
            if r["verdict"] == "INFO":
                why, detail = info_reason(r)
                info.setdefault(why, {})[r["metric"]] = detail
        for why, metrics in info.items():
            named = ", ".join(f"{m} ({d})" if d else m for m, d in metrics.items())
            lines += ["", f"INFO {named}: {why}"]
        errors = {r["error"].splitlines()[0] for r in sec_rows if r.get("error")}
        lines += [f"\nERROR: {msg}" for msg in errors]
    counts = {v: sum(r["verdict"] == v for r in rows) for v in sorted({r["verdict"] for r in rows})}
    lines += ["", "Verdicts: " + ", ".join(f"{k} {n}" for k, n in counts.items())]
    if "BOOK-CODE" in counts:
        lines += ["", "BOOK-CODE: outside the band around the book's printed number, inside the band of the book's own "
                  "d2lzh code run on this stack (gluonlab/reference/book_code.json): the book's run differs, the "
                  "book's code agrees with gluonlab. Not a failure."]
    return "\n".join(lines) + "\n"


def timing_markdown(timing):
    """Each section's wall time (every seed, with writing its record) and the total, slowest first."""
    total = timing["total_s"]
    lines = ["", "## Time", "", f"Machine: {timing['machine']['cpu']}, {timing['machine']['cores']} cores; "
             f"Python {timing['machine']['python']}, MXNet {timing['machine']['mxnet']}.", "",
             "| section | title | wall (s) | share |", "|---|---|---|---|"]
    for sid, wall in sorted(timing["sections"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {sid} | {_title(sid)} | {wall:.1f} | {100 * wall / total if total else 0:.0f}% |")
    lines.append(f"| total | {len(timing['sections'])} sections | {total:.1f} | 100% |")
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


def book_sections():
    """Every implemented section of the book itself (not the S2 lab or the S4 course), in book order."""
    return [s.id for s in registry.all_sections() if not s.id.startswith("S")]


def run_compare(ids=None, quick=False, seeds=None, out="runs/compare", ctx="cpu", echo=None, every=False):
    """Run, judge, write the files; return (rows, exit status, markdown).

    every=True: all of book_sections(), judged where the book printed numbers, timed in any case."""
    from .runner import config_for, run_section
    wanted = list(dict.fromkeys(e["section"] for e in reference.entries()))
    if every:
        if ids:
            from .errors import ConfigError
            raise ConfigError("--all runs every section; it takes no section ids",
                              "drop the ids, or drop --all to compare only those sections")
        ids = book_sections()
        wanted += [i for i in ids if i not in wanted]
    if ids:
        for i in ids:
            registry.check_scope(i)       # a book section outside gluonlab's scope: say exactly that
        ids = [registry.canonical(i) for i in ids]
        unknown = [i for i in ids if i not in wanted]
        if unknown:
            from .errors import ConfigError
            raise ConfigError(f"no book reference for section(s) {', '.join(unknown)}",
                              f"sections with book numbers: {', '.join(wanted)}")
        wanted = ids
    seeds = seeds or (1 if quick or every else 3)
    implemented = registry.load_all()
    todo = [sid for sid in wanted if sid in implemented]
    out = Path(out)
    rows, runs, walls = [], {}, {}
    with Progress(len(todo) * seeds, "compare") as bar:
        for sid in todo:
            sec = implemented[sid]
            runs[sid] = []
            start = time.perf_counter()
            for k in range(seeds):
                bar.desc = f"compare {sid} seed {k}"
                if echo:
                    echo(f"== {sid} {sec.title}" + (f" (seed {k})" if seeds > 1 else "") + " ==")
                try:
                    cfg = config_for(sec, quick=quick, seed=k, ctx=ctx)
                    record, _ = run_section(sec, cfg, out_root=out / "runs" / f"seed{k}", echo=echo)
                    runs[sid].append(records.jsonable(record))
                except Exception as err:    # a crashing section is a verdict, not the end of the comparison
                    runs[sid].append({"error": f"{type(err).__name__}: {err}"})
                bar.update()
            walls[sid] = time.perf_counter() - start
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
    judged = {r["section"] for r in rows}
    for sid in todo:
        if sid not in judged:                 # --all: a section without printed numbers only has to run
            err = next((r["error"] for r in runs[sid] if "error" in r), None)
            rows.append({"section": sid, "metric": RAN_METRIC, "epoch": "-", "book": None, "ours": [], "mean": None,
                         "spread": None, "band": None, "tolerance": {}, "basis": "",
                         "verdict": "ERROR" if err else "RAN", **({"error": err} if err else {})})
    from . import catalog
    rows.sort(key=lambda r: catalog.sort_key(r["section"]))
    status = 1 if any(r["verdict"] in FAILING for r in rows) else 0
    out.mkdir(parents=True, exist_ok=True)
    timing = {"sections": walls, "total_s": sum(walls.values()), "machine": records.machine()}
    text = markdown(rows, seeds, quick) + timing_markdown(timing)
    records.atomic_write_text(out / "compare.md", text)
    records.write_json(out / "compare.json", {"quick": quick, "seeds": seeds, "status": status, "rows": rows,
                                              "timing": timing, "edition": reference.load()["edition"]})
    for sid in todo:
        good = [r for r in runs[sid] if "error" not in r]
        sec_rows = [r for r in rows if r["section"] == sid and r["tolerance"]]
        if good and sec_rows:
            records.save_figure(section_figure(sid, sec_rows, good), out / f"{sid}.png")
    return rows, status, text


def _cmd_compare(args, extra):
    from .devices import ctx_spec        # here, not at the top: mxnet must load after the threads are set
    rows, status, text = run_compare(args.ids, quick=args.quick, seeds=args.seeds, out=args.out,
                                     ctx=ctx_spec(args.ctx, args.gpu_fallback),
                                     echo=print if args.verbose else None, every=args.all)
    print(text, end="")
    print(f"written: {args.out}/compare.md, compare.json and one PNG per section; exit status {status}")
    return status


def register(subparsers):
    p = subparsers.add_parser("compare", help="run sections and line our numbers up beside the book's")
    p.add_argument("ids", nargs="*", metavar="ID", help="section ids or slugs (default: every section with "
                                                          "book numbers)")
    p.add_argument("--all", action="store_true", help="every implemented section of the book (chapters 3-8), "
                   "one seed unless --seeds; ends with each section's wall time and the total")
    p.add_argument("--quick", action="store_true", help="smoke run: QUICK configs, figures present and finite")
    p.add_argument("--seeds", type=int, default=None, help="runs per section, seeds 0..N-1 (default 3; 1 with --quick or --all)")
    p.add_argument("--out", default="runs/compare", help="output directory (default runs/compare)")
    p.add_argument("--ctx", default="cpu", help="cpu, gpu, gpu:N (default cpu)")
    p.add_argument("--gpu-fallback", action="store_true", help="use the CPU when a GPU asked for is missing")
    p.add_argument("--verbose", action="store_true", help="echo each section's printed lines")
    p.set_defaults(func=_cmd_compare)
