"""The benchmark report: one JSON object with a `workloads` list, a Markdown table and a bar chart PNG."""
from ..plot import figure
from ..records import save_figure, write_json

SIDE_LABELS = {"d2lzh": "d2lzh (book)", "imperative": "gluonlab", "hybrid": "gluonlab hybridized",
               "gluon": "Gluon layer"}


def _f(value, fmt):
    return "-" if value is None else format(value, fmt)


def of_peak(e):
    """(GFLOP/s, peak, fraction <= 1) of a side: the peak used is at least the side's own rate, so a row cannot
    show more than 100% (runner.apply_peak raises the peak that way; this holds for any report fed in)."""
    gflops, peak = e.get("gflops"), e.get("gemm_peak_gflops")
    if gflops is None or not peak:
        return gflops, None, None
    peak = max(peak, gflops)
    return gflops, peak, gflops / peak


def markdown(report):
    """One row per (workload, side): s/epoch median [min-max], examples/s, x d2lzh, metric, GFLOP/s with its share of
    the GEMM peak, the GEMM floor (FLOPs / peak), the time as a multiple of it and above it per training
    minibatch, RSS."""
    lines = ["| workload | side | threads | s/unit median [min-max] | examples/s | x d2lzh | final metric "
             "| GFLOP/s (% of GEMM peak) | GEMM floor s/unit | x floor | above floor ms/minibatch | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for w in report["workloads"]:
        for e in w["sides"]:
            label = SIDE_LABELS.get(e["side"], e["side"])
            n = e.get("omp_num_threads") or w["threads"]            # per side (--book-threads may differ)
            if "s_per_epoch" not in e:
                lines.append(f"| {w['name']} | {label} | {n} | failed: {e.get('error', '?')} "
                             "| | | | | | | | |")
                continue
            s = e["s_per_epoch"]
            ratio = _f(e.get("ratio_to_d2lzh"), ".2f") + ("x" if e.get("ratio_to_d2lzh") else "")
            if e.get("speedup_vs_imperative"):
                ratio += f" ({e['speedup_vs_imperative']:.2f}x imperative)"
            gflops, peak, fraction = of_peak(e)
            flops, floor, x_floor = _f(gflops, ".1f"), "-", "-"
            if fraction is not None:
                flops += f" ({100 * fraction:.0f}% of {peak:.0f})"
                floor_s = gflops / peak * s["median"]                # FLOPs / peak, in seconds per unit
                floor, x_floor = f"{floor_s:.3g}", f"{1 / fraction:.2f}x"
            metric = "-" if e.get("metric") is None else f"{w['metric']} {e['metric']:.4g}"
            lines.append(f"| {w['name']} | {label} | {n} | {s['median']:.4g} "
                         f"[{s['min']:.4g}-{s['max']:.4g}] s/{w['unit']} | {_f(e.get('examples_per_s'), ',.0f')} "
                         f"| {ratio} | {metric} | {flops} | {floor} | {x_floor} | {_f(e.get('above_floor_ms'), '.3f')} "
                         f"| {e['peak_rss_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def bar_chart(report):
    """Speedup over d2lzh per workload, one bar per gluonlab side (log scale), the 1x line drawn."""
    names = [w["name"] for w in report["workloads"]]
    sides = ["imperative", "hybrid"] + [s for s in ("gluon",)
                                        if any(e["side"] == s for w in report["workloads"] for e in w["sides"])]
    fig, ax = figure(figsize=(max(4.0, 1.1 * len(names) + 1.5), 3.0))
    width = 0.8 / len(sides)
    for k, side in enumerate(sides):
        xs, ys = [], []
        for i, w in enumerate(report["workloads"]):
            e = next((e for e in w["sides"] if e["side"] == side), None)
            if e and e.get("ratio_to_d2lzh"):
                xs.append(i + (k - (len(sides) - 1) / 2) * width)
                ys.append(e["ratio_to_d2lzh"])
        ax.bar(xs, ys, width=width, label=SIDE_LABELS[side])
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("speedup over d2lzh (x)")
    ax.legend(fontsize=7)
    return fig


def paths(json_path):
    """(JSON, Markdown, PNG) paths of a report: the Markdown and PNG beside the JSON, named after it."""
    from pathlib import Path
    json_path = Path(json_path)
    return json_path, json_path.with_suffix(".md"), json_path.with_suffix(".png")


def check_paths(json_path, option="--json"):
    """Refuse, before any work, report paths that would overwrite one another (`--json report.md` names the
    Markdown's own path) or where something other than a regular file sits (a device, a FIFO, a folder, a link)."""
    from .. import outdir
    from ..errors import ConfigError
    out = paths(json_path)
    if len(set(out)) < len(out):
        raise ConfigError(f"{option} {json_path}: the report's JSON, Markdown and PNG would be written to the same "
                          f"file ({', '.join(map(str, out))})", f"give {option} a name ending in .json")
    for path in out:
        outdir.check_file(path, f"give {option} the name of a new file (or of a report written before)")
    return out


def write(report, json_path):
    """Write the JSON, and the Markdown and PNG beside it (paths()); return the three paths."""
    from ..records import atomic_write_text
    json_path, md_path, png_path = check_paths(json_path)
    write_json(json_path, report)
    atomic_write_text(md_path, header(report) + "\n" + markdown(report))
    save_figure(bar_chart(report), png_path)
    return json_path, md_path, png_path


def header(report):
    m = report["machine"]
    return (f"Machine: {m['cpu']}, {m['cores']} cores; MXNet {m.get('mxnet')}, Python {m.get('python')}.  \n"
            f"Command: `{report['command']}`  \n"
            f"Repeats: {report['repeats']} per side (fresh process each, order alternating); "
            f"s/unit is the median over epochs after the first. GEMM peak: the best of nd.dot and FullyConnected at "
            f"the workload's own matrix shapes under its thread count, raised to a side's rate if one ran faster; "
            f"floor: the workload's FLOPs at that peak; above floor: (s/unit - floor) / training minibatches per "
            f"unit.\n")
