"""compare.md: one table per section with a legend, the time table, and one figure per section."""
import math

import numpy as np

from ..reference import figure_of
from .verdicts import _fmt, info_reason


def plural(n, word):
    """'1 section', '2 sections'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _band_text(row):
    tol = row["tolerance"]
    if not tol or row["book"] is None:
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
    lines.append(f"| total | {plural(len(timing['sections']), 'section')} | {total:.1f} |")
    if timing["jobs"] > 1:
        lines += ["", f"The total is the time from the first start to the last finish; the sections' own times add "
                      f"up to {timing['sum_s']:.1f} s."]
    for sid, why in timing.get("skipped", {}).items():
        lines += ["", f"Not run: {sid} {_title(sid)}: {why}"]
    return "\n".join(lines) + "\n"


OURS = dict(color="tab:blue", zorder=3)                                     # drawn over the book's marks
BOOK = dict(marker="o", ms=9, mfc="none", mec="k", mew=1.2, ls="none", zorder=2)


def section_figure(sid, rows, runs):
    """Our values (one line per seed, filled dots) over the book's printed numbers (open circles, with their
    bands), one panel per figure the book printed per epoch, and one for its final numbers; axis labels, a
    legend, the book's y scale and whole-epoch ticks."""
    from .. import plot            # here: matplotlib takes a second to load, which a refused command never needs
    per_epoch = list(dict.fromkeys(r["metric"] for r in rows if r["epoch"] != "final"))
    finals = [r for r in rows if r["epoch"] == "final"]
    panels = per_epoch + (["final"] if finals else [])
    fig, axes = plot.figure(figsize=(max(3.4 * len(panels), 5.0), 3.0), ncols=len(panels))
    axes = axes if isinstance(axes, (list, np.ndarray)) else [axes]
    for ax, metric in zip(axes, panels):
        if metric == "final":
            _finals_panel(ax, finals, len(runs))
        else:
            _epoch_panel(ax, metric, [r for r in rows if r["metric"] == metric], runs)
        if sid in plot.BOOK_SEMILOGY:                 # the book's scale: log where its code calls semilogy
            ax.set_yscale("log")
            plot.plain_log_ticks(ax)
        ax.legend(fontsize=7)
    fig.suptitle(f"{sid} {_title(sid)}: gluonlab beside the book", fontsize=9)
    fig.tight_layout()
    return fig


def _ours_label(n_runs):
    return "gluonlab" + (f" ({n_runs} seeds)" if n_runs > 1 else "")


def _epoch_panel(ax, metric, rows, runs):
    from .. import plot
    epochs = []
    for i, record in enumerate(runs):
        pts = [(row["epoch"], figure_of(record, metric, row["epoch"])) for row in record.get("epochs", [])]
        pts = [(e, v) for e, v in pts if v is not None]
        if pts:
            epochs += [e for e, _ in pts]
            ax.plot(*zip(*pts), lw=1, alpha=0.8, marker="o" if len(pts) <= 30 else None, ms=4 if len(pts) > 3 else 5,
                    label=None if i else _ours_label(len(runs)), **OURS)
    book = [r for r in rows if r["book"] is not None]
    if book:
        ax.plot([r["epoch"] for r in book], [r["book"] for r in book], label="book", **BOOK)
        for r in book:
            if r["band"]:
                ax.vlines(r["epoch"], *r["band"], color="k", alpha=0.4, lw=2, zorder=1)
        epochs += [r["epoch"] for r in book]
    plot.epoch_axis(ax, epochs)
    ax.set_ylabel(metric.replace("_", " "))


def _finals_panel(ax, finals, n_runs):
    labels = {"book": "book", "ours": _ours_label(n_runs)}          # each said once in the legend
    for i, r in enumerate(finals):
        if r["book"] is not None:
            ax.plot([i], [r["book"]], label=labels.pop("book", None), **BOOK)
            if r["band"]:
                ax.vlines(i, *r["band"], color="k", alpha=0.4, lw=2, zorder=1)
        ours = [v for v in r["ours"] if v is not None]
        if ours:
            ax.plot([i] * len(ours), ours, marker="o", ms=5, ls="none", label=labels.pop("ours", None), **OURS)
    _symlog_if_spread(ax, [v for r in finals for v in (r["book"], *r["ours"])])
    ax.set_xticks(range(len(finals)))
    ax.set_xticklabels([r["metric"].replace("_", " ") for r in finals], rotation=30, ha="right", fontsize=7)
    ax.set_xlim(-0.5, len(finals) - 0.5)
    ax.set_ylabel("value at the end")


def _symlog_if_spread(ax, values):
    """A symmetric log y axis when the final numbers differ in size by more than 1000x (7.4: a diverging trace's
    -1673 beside losses of 0.24 and trace ends of 7e-5, all on the zero line of a linear axis), linear below the
    smallest of them so that each stands apart; values of one size keep the linear axis."""
    finite = [v for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    sizes = [abs(v) for v in finite if v != 0]
    if not sizes or max(sizes) <= 1000 * min(sizes):
        return
    low, high = math.floor(math.log10(min(sizes))), math.ceil(math.log10(max(sizes)))
    ax.set_yscale("symlog", linthresh=10.0 ** low)
    decades = [10.0 ** k for k in range(low, high + 1, max(1, -(-(high - low) // 3)))]   # about four labels a side
    ticks = [0.0] + [d for d in decades if max(finite) > 0] + [-d for d in decades if min(finite) < 0]
    ax.set_yticks(sorted(ticks))
    ax.set_yticklabels([f"{t:g}" for t in sorted(ticks)], fontsize=7)
    ax.minorticks_off()
