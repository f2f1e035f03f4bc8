"""`gluonlab bench`: each workload under d2lzh's own helpers and under gluonlab (imperative and hybridized).

Every (workload, side, repeat) runs in a fresh subprocess with its own OMP_NUM_THREADS (so peak memory and
threads are per side); the report is one JSON object with a `workloads` list, plus a Markdown table and a PNG.
This module imports no mxnet: the CLI process only orchestrates.
"""
import shlex
import sys
import time

DEFAULT_JSON = "runs/bench/bench.json"


def _cmd_bench(args, extra):
    from . import report, suite
    from .. import outdir
    from ..errors import ConfigError
    names = args.workload or suite.names()
    unknown = [n for n in names if n not in suite.names()]
    if unknown:
        raise ConfigError(f"unknown workload(s) {', '.join(unknown)}", f"choose from {', '.join(suite.names())}")
    json_path = report.check_paths(args.json or DEFAULT_JSON)[0]   # before any work: no special file, no clash
    with outdir.Locks([json_path.parent], "--json"):                  # one bench writes in a folder at a time
        return _bench(args, names, json_path)


def _bench(args, names, json_path):
    from . import report, runner
    from .. import records
    repeats = args.repeats or (1 if args.quick else runner.DEFAULT_REPEATS)
    start = time.perf_counter()
    out = {"schema": "gluonlab-bench/1", "command": "gluonlab " + shlex.join(sys.argv[1:] if args.argv is None
                                                                              else args.argv),
           "quick": bool(args.quick), "repeats": repeats, "machine": records.machine(), "workloads": []}
    for name in names:
        print(f"== {name} ==", flush=True)
        out["workloads"].append(runner.bench_workload(name, repeats, args.quick, args.threads, args.side,
                                                      log=lambda s: print(s, flush=True),
                                                      book_threads=args.book_threads))
    out["wall_s"] = time.perf_counter() - start
    paths = report.write(out, json_path)
    print(report.markdown(out))
    print("wrote " + ", ".join(map(str, paths)), flush=True)
    failed = [(w["name"], e["side"]) for w in out["workloads"] for e in w["sides"] if "error" in e]
    return 1 if failed else 0


def register(sub):
    """Add the `bench` verb to the CLI's subparsers."""
    from .workloads import EXTRA_SIDES, SIDES
    p = sub.add_parser("bench", help="time workloads under d2lzh and gluonlab side by side")
    p.add_argument("--json", default=None, help=f"report path (default {DEFAULT_JSON}; .md and .png beside it)")
    p.add_argument("--quick", action="store_true", help="tiny data, one epoch, one repeat (CI smoke)")
    p.add_argument("--workload", nargs="+", default=None, metavar="NAME", help="workloads to run (default all)")
    p.add_argument("--side", nargs="+", choices=SIDES + EXTRA_SIDES, default=None,
                   help="sides to run (default all of each workload's)")
    p.add_argument("--repeats", type=int, default=None, help="repeats per side (default 3, 1 with --quick)")
    p.add_argument("--threads", type=int, default=None,
                   help="CPU threads for every side, 1 to 4 per core (default: chosen per workload)")
    p.add_argument("--book-threads", type=int, default=None, metavar="N",
                   help="CPU threads for the book's code (d2lzh) only (1: the book's code as users run it, MXNet's "
                        "default); the gluonlab sides keep --threads or the per-workload choice")
    p.set_defaults(func=_cmd_bench, argv=None)
