"""`gluonlab compare [ID...|--all] [--quick] [--seeds N] [--out DIR]`: our numbers beside the book's, with a verdict.

Full mode runs each section with the book's settings over N seeds (0..N-1) and compares the mean over seeds
with the book's printed value (gluonlab/reference/book_outputs.json): PASS inside the entry's band, FAIL
outside, MISSING when our record lacks the figure, INFO for entries whose band is informational.
BOOK-CODE (not a failure): outside the book's band but inside the band of the book's own d2lzh code run on this
stack (gluonlab/reference/book_code.py): the book printed a run from another stack; its code agrees with us here.

--quick runs the QUICK configs (few epochs, a data subset), so the book's trained numbers cannot be expected.
Its verdicts: entries marked quick (epoch-independent values such as 3.6's accuracy demo, 0.5) are compared
with the book as in full mode; every other entry must be present in the record and finite (OK), one row at
each book epoch that ran; a figure whose book epochs all lie beyond the quick run gets one row at the last
epoch that ran, without a book number. So --quick proves that each compared section runs, that its record
carries every figure the full comparison needs, and that nothing is NaN, and its table shows only what ran.

--all runs every implemented section of the book (chapters 3-8, one seed unless --seeds says otherwise), those
without printed numbers too, and its report ends with each section's wall time and the total: the whole book's
time, the figure `make reproduce-all` keeps in docs/benchmarks.md. Every report carries that time table.

Sets: sections whose book settings train for more than ~10 minutes on a CPU (LONG: chapter 5's CNNs at 96-224 px,
hours each) run in the default comparison and in --all in their quick form (judged as --quick judges: present and
finite), named as such in the report; `--set long` runs exactly them at the book's settings, and naming one
(`gluonlab compare 5.6`) does too.

Exit status: 0 when nothing FAILed or is MISSING, 1 otherwise (2 on a usage error, like the other verbs).
Writes OUT/compare.md, OUT/compare.json, OUT/<section id>.png and each run's record under OUT/runs/seed<k>/.
"""
import time
from pathlib import Path

from .. import catalog, outdir, records, reference, registry, threads
from ..progress import Progress
from ..reference import INDEXED as _INDEXED, figure_of
from . import jobs as _jobs
from .report import _title, markdown, section_figure, timing_markdown
from .verdicts import FAILING, RAN_METRIC, _last_figure, judge

__all__ = ["run_compare", "judge", "markdown", "FAILING", "figure_of", "book_sections"]

# Sections whose book settings are meant for GPUs: --all leaves them out on a machine without one (named below
# the time table); --all --quick runs them.
GPU_BOOK_SETTINGS = {
    "8.5": "the book trains ResNet-18 on Fashion-MNIST on GPUs; there is none here, and on CPU contexts its four "
           "epochs take hours. `gluonlab run 8.5` trains it anyway; `--all --quick` runs it small",
}


# Sets of sections by name (`compare --set NAME`). "long": more than ~10 minutes each at the book's settings on a
# 2-core CPU (forward GMAC per image times 60,000 + 10,000 images a epoch, five epochs; issue 29's table).
SETS = {"long": ("5.6", "5.7", "5.8", "5.9", "5.11", "5.12")}


def book_sections():
    """Every implemented section of the book itself (not the S2 lab or the S4 course), in book order."""
    return [s.id for s in registry.all_sections() if not s.id.startswith("S")]


def _wanted(ids, every, ctx, quick, set_name=None):
    """(sections to judge, sections to run, {skipped id: why}, sections run in their quick form) from the ids,
    --all or --set."""
    from ..errors import ConfigError
    wanted = list(dict.fromkeys(e["section"] for e in reference.entries()))
    skipped = {}
    if set_name:
        if ids or every:
            raise ConfigError(f"--set {set_name} names its sections; it takes no ids and no --all",
                              "drop the ids and --all, or drop --set")
        if set_name not in SETS:
            raise ConfigError(f"unknown set {set_name!r}", f"sets: {', '.join(SETS)}")
        ids = list(SETS[set_name])
    quick_form = set() if ids or quick else {i for i in SETS["long"]}
    if every:
        if ids:
            raise ConfigError("--all runs every section; it takes no section ids",
                              "drop the ids, or drop --all to compare only those sections")
        ids = book_sections()
        if not quick and "gpu" not in str(ctx):
            skipped = {i: why for i, why in GPU_BOOK_SETTINGS.items() if i in ids}
            ids = [i for i in ids if i not in skipped]
        wanted = [i for i in wanted if i not in skipped] + [i for i in ids if i not in wanted]
    if ids:
        for i in ids:
            registry.check_scope(i)       # a book section outside gluonlab's scope: say exactly that
        ids = [registry.canonical(i) for i in ids]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:                         # 3.10 and mlp-gluon are one section: it would run twice
            raise ConfigError(f"section {', '.join(twice)} is named twice", "name each section once")
        unknown = [i for i in ids if i not in wanted]
        if unknown:
            raise ConfigError(f"no book reference for section(s) {', '.join(unknown)}",
                              f"sections with book numbers: {', '.join(sorted(wanted, key=catalog.sort_key))}")
        wanted = ids
    implemented = registry.load_all()
    todo = [sid for sid in wanted if sid in implemented]
    return wanted, todo, skipped, quick_form & set(todo)


def _rows(wanted, todo, runs, quick, quick_form=()):
    """One row per reference entry of the wanted sections, plus RAN/ERROR for sections without book numbers."""
    rows = []
    for entry in _entries(wanted, runs, quick, quick_form):
        sid = entry["section"]
        quick_here = quick or sid in quick_form
        if sid not in todo:
            rows.append({**{k: entry[k] for k in ("section", "metric", "epoch")}, "book": entry["value"],
                         "ours": [], "mean": None, "spread": None, "band": None, "tolerance": entry["tolerance"],
                         "basis": entry["basis"], "verdict": "NOT IMPLEMENTED"})
            continue
        if any("error" in r for r in runs[sid]):
            row = judge(entry, [None] * len(runs[sid]), quick_here)
            row["verdict"] = _error_verdict(runs[sid])
            row["error"] = next(r["error"] for r in runs[sid] if "error" in r)
        else:
            look = _last_figure if quick_here and not entry.get("quick") and entry["epoch"] == "final" else \
                (lambda rec, m, e=entry["epoch"]: figure_of(rec, m, e))
            row = judge(entry, [look(rec, entry["metric"]) for rec in runs[sid]], quick_here)
        rows.append(row)
    judged = {r["section"] for r in rows}
    for sid in todo:
        if sid not in judged:                 # --all: a section without printed numbers only has to run
            err = next((r["error"] for r in runs[sid] if "error" in r), None)
            rows.append({"section": sid, "metric": RAN_METRIC, "epoch": "-", "book": None, "ours": [], "mean": None,
                         "spread": None, "band": None, "tolerance": {}, "basis": "",
                         "verdict": _error_verdict(runs[sid]) if err else "RAN", **({"error": err} if err else {})})
    return sorted(rows, key=lambda r: catalog.sort_key(r["section"]))


def _error_verdict(runs):
    """NO DATA when every failed run lacked a data set this machine cannot have (shown, not failing); else ERROR."""
    return "NO DATA" if all(r.get("no_data") for r in runs if "error" in r) else "ERROR"


def _entries(wanted, runs, quick, quick_form=()):
    """The reference entries to judge. A quick run is judged at the epochs it ran: an entry for an epoch it did
    not reach is left out, and a figure none of whose book epochs ran gets one row at the last epoch that ran, with
    no book number (the book printed none there), so that the run still shows it has the figure."""
    every = reference.entries(wanted)
    out = []
    for entry in every:
        records = [r for r in runs.get(entry["section"], []) if "error" not in r]
        quick_here = quick or entry["section"] in quick_form
        if not quick_here or entry.get("quick") or entry["epoch"] == "final" or not records:
            out.append(entry)
            continue
        key = _INDEXED.match(entry["metric"])["key"]
        ran = sorted({row["epoch"] for rec in records for row in rec.get("epochs", []) if key in row})
        same = [e for e in every if (e["section"], e["metric"]) == (entry["section"], entry["metric"])]
        if entry["epoch"] in ran:
            out.append(entry)
        elif ran and entry is same[-1] and not any(e["epoch"] in ran for e in same):
            out.append({**entry, "epoch": ran[-1], "value": None})
    return out


def default_jobs(n_runs, ctx="cpu"):
    """Runs at a time when --jobs is not given: one per CPU core, never more than there are runs; one on a GPU."""
    return 1 if "gpu" in str(ctx) else max(1, min(threads.num_cores(), n_runs))


def run_compare(ids=None, quick=False, seeds=None, out="runs/compare", ctx="cpu", echo=None, every=False,
                jobs=None, set_name=None):
    """Run, judge, write the files; return (rows, exit status, markdown).

    every=True: all of book_sections(), judged where the book printed numbers, timed in any case.
    jobs: runs at a time (None: default_jobs); 1 runs them in this process, more in child processes.
    set_name: a name of SETS, whose sections run at the book's settings (the module docstring).
    OUT is locked for the comparison, and a section folder another run holds is refused before any work (as
    `run` refuses it). A fault of the machine (a full disk) ends it with an OutputError; the report files are
    written together (records.write_together), so they are either all new or all as they were."""
    wanted, todo, skipped, quick_form = _wanted(ids, every, ctx, quick, set_name)
    seeds = seeds or (1 if quick or every else 3)
    out = Path(out)
    check_room(out, todo, seeds)
    work = [_jobs.Job(sid, k, quick or sid in quick_form, ctx, str(out / "runs" / f"seed{k}"))    # in the book's
            for sid in sorted(todo, key=catalog.sort_key) for k in range(seeds)]    # order, as the table shows them
    with outdir.Locks([out]):
        with outdir.Locks([Path(job.out_root) / job.sid for job in work]):
            pass                                    # each is free now: another run there is refused at once
        return _compare(wanted, todo, skipped, quick_form, work, seeds, quick, out, ctx, echo, jobs)


def _compare(wanted, todo, skipped, quick_form, work, seeds, quick, out, ctx, echo, jobs):
    jobs = jobs or default_jobs(len(work), ctx)
    results, walls = {}, {sid: 0.0 for sid in todo}
    start = time.perf_counter()
    in_order = _jobs.InOrder(work, echo, lambda job: _heading(job, seeds))
    with Progress(len(work), "compare") as bar:
        def done(job, record, lines, wall):          # lines: a child's printed lines, echoed in section order
            results[job] = record
            walls[job.sid] += wall
            if jobs > 1:
                in_order.done(job, lines)
            bar.update()
        if jobs == 1:
            threads_per_job = None
            for job in work:
                bar.desc = f"compare {job.sid} seed {job.seed}"
                if echo:
                    echo(_heading(job, seeds))
                begin = time.perf_counter()
                record = _jobs.run_here(job, echo)
                done(job, record, [], time.perf_counter() - begin)
        else:
            bar.desc = f"compare, {jobs} at a time"
            threads_per_job = _jobs.run_parallel(work, jobs, done, _jobs.previous_times(out), out)
    runs = {sid: [results[j] for j in work if j.sid == sid] for sid in todo}
    timing = {"sections": walls, "wall_s": time.perf_counter() - start, "sum_s": sum(walls.values()),
              "jobs": jobs, "threads_per_job": threads_per_job, "skipped": skipped, "machine": records.machine()}
    rows = _rows(wanted, todo, runs, quick, quick_form)
    status = 1 if any(r["verdict"] in FAILING for r in rows) else 0
    text = markdown(rows, seeds, quick) + _quick_form_note(quick_form) + timing_markdown(timing)
    files = {out / "compare.json": records.text_writer(records.json_text({
        "quick": quick, "quick_form": sorted(quick_form, key=catalog.sort_key), "seeds": seeds, "status": status,
        "rows": rows, "timing": timing, "edition": reference.load()["edition"]})),
        out / "compare.md": records.text_writer(text)}
    for sid in todo:
        good = [r for r in runs[sid] if "error" not in r]
        sec_rows = [r for r in rows if r["section"] == sid and r["tolerance"]]
        if good and sec_rows:
            files[out / f"{sid}.png"] = records.figure_writer(section_figure(sid, sec_rows, good))
    records.write_together(files)
    return rows, status, text


def check_room(out, sids, seeds):
    """Before any work: every folder compare writes into below OUT is a real folder (no link out of OUT), and
    every report file it writes is a regular file or new (outdir.check_tree, check_file)."""
    for k in range(seeds):
        for sid in sids:
            outdir.check_tree(out, out / "runs" / f"seed{k}" / sid / "checkpoints")
    for name in ["compare.md", "compare.json"] + [f"{sid}.png" for sid in sids]:
        outdir.check_file(out / name)


def _quick_form_note(quick_form):
    if not quick_form:
        return ""
    ids = ", ".join(sorted(quick_form, key=catalog.sort_key))
    return (f"\nRun in their quick form (a data subset; judged as --quick judges): {ids}. They take hours at the "
            f"book's settings on a CPU: `gluonlab compare --set long` runs them so.\n")


def _heading(job, seeds):
    return f"== {job.sid} {_title(job.sid)}" + (f" (seed {job.seed})" if seeds > 1 else "") + " =="


def _cmd_compare(args, extra):
    _wanted(args.ids, args.all, args.ctx, args.quick)     # a wrong id is refused before MXNet loads (5-15 s)
    from ..devices import ctx_spec       # here, not at the top: mxnet must load after the threads are set
    rows, status, text = run_compare(args.ids, quick=args.quick, seeds=args.seeds, out=args.out,
                                     ctx=ctx_spec(args.ctx, args.gpu_fallback),
                                     echo=print if args.verbose else None, every=args.all,
                                     jobs=args.jobs, set_name=args.set)
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
    p.add_argument("--set", choices=sorted(SETS), default=None,
                   help="a named set of sections at the book's settings; long: the hour-long ones (" +
                        ", ".join(SETS["long"]) + "), which the default comparison and --all run quick")
    p.add_argument("--seeds", type=int, default=None, help="runs per section, seeds 0..N-1 (default 3; 1 with --quick or --all; at most 1000)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="runs at a time, each in its own process with cores/N threads (default: one per core; "
                        "1: one after another in this process)")
    p.add_argument("--out", default="runs/compare", help="output directory (default runs/compare)")
    p.add_argument("--ctx", default="cpu", help="cpu, gpu, gpu:N (default cpu)")
    p.add_argument("--gpu-fallback", action="store_true", help="use the CPU when a GPU asked for is missing")
    p.add_argument("--verbose", action="store_true", help="echo each section's printed lines")
    p.set_defaults(func=_cmd_compare)
