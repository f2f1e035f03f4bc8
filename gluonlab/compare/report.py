"""compare.md: one table per section with a legend, the time table, and one figure per section."""
import numpy as np

from .. import plot
from ..reference import figure_of
from .verdicts import _fmt, info_reason

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


def _title(sid):
    from .. import catalog
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
    """Each section's wall time (its seeds, with writing its record), slowest first, then the total."""
    m, total = timing["machine"], timing["wall_s"]
    how = (f"{timing['jobs']} runs at a time, each in its own process with {timing['threads_per_job']} CPU "
           f"thread{'s' if timing['threads_per_job'] > 1 else ''}" if timing["jobs"] > 1
           else "one run at a time, in this process")
    lines = ["", "## Time", "", f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}, MXNet {m['mxnet']}. "
             f"Sections ran {how}.", "", "| section | title | wall (s) |", "|---|---|---|"]
    for sid, wall in sorted(timing["sections"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {sid} | {_title(sid)} | {wall:.1f} |")
    lines.append(f"| total | {len(timing['sections'])} sections | {total:.1f} |")
    if timing["jobs"] > 1:
        lines += ["", f"The total is the time from the first start to the last finish; the sections' own times add "
                      f"up to {timing['sum_s']:.1f} s."]
    for sid, why in timing.get("skipped", {}).items():
        lines += ["", f"Not run: {sid} {_title(sid)}: {why}"]
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
