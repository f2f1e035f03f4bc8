"""The `gluonlab` command: list, run, data (compare, bench and launch register themselves here too)."""
import argparse
import io
import json
import os
import sys

from . import catalog, records, registry
from .errors import ConfigError, GluonlabError


def _cmd_list(args, extra):
    implemented = {s.id: s for s in registry.all_sections()}
    rows = []
    for sid, slug, title in catalog.SECTIONS:
        sec = implemented.get(sid)
        rows.append({"id": sid, "slug": slug, "title": title, "script": f"scripts/{catalog.stem(sid)}.py",
                     "status": "implemented" if sec else "not implemented",
                     "base": sec.base if sec else None})
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.markdown:
        print(markdown_table(rows))
    else:
        for r in rows:
            print(f"{r['id']:<5} {r['slug']:<28} {r['status']:<16} {r['title']}")
    return 0


def markdown_table(rows):
    """The README's section table."""
    lines = ["| id | slug | title | script | status |", "|---|---|---|---|---|"]
    for r in rows:
        title = r["title"] + (f" (runs {r['base']})" if r["base"] else "")
        lines.append(f"| {r['id']} | {r['slug']} | {title} | `{r['script']}` | {r['status']} |")
    return "\n".join(lines)


def _parse_overrides(extra):
    """['--lr', '0.2', '--flag', '--x=1'] -> {'lr': '0.2', 'flag': 'true', 'x': '1'}."""
    out, i = {}, 0
    while i < len(extra):
        tok = extra[i]
        if not tok.startswith("--") or len(tok) < 3:
            raise GluonlabError(f"unexpected argument {tok!r}", "options look like --name value")
        name, eq, value = tok[2:].partition("=")
        if not eq:
            if i + 1 < len(extra) and not extra[i + 1].startswith("--"):
                value, i = extra[i + 1], i + 1
            else:
                value = "true"
        out[name.replace("-", "_")] = value
        i += 1
    return out


def _ctx_spec(spec, fallback):
    from .devices import parse_ctx
    return ",".join(f"{c.device_type}:{c.device_id}" for c in parse_ctx(spec, fallback=fallback))


def _cmd_run(args, extra):
    overrides = _parse_overrides(extra)
    for name in ("seed", "epochs", "hybridize"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    _set_threads(args.threads, args.ids)         # before mxnet loads (runner and registry.get import it)
    from .runner import config_for, run_section
    overrides["ctx"] = _ctx_spec(args.ctx, args.gpu_fallback)
    secs = [registry.get(key) for key in args.ids]
    configs = [config_for(sec, quick=args.quick, **overrides) for sec in secs]
    if args.resume:
        _check_resumable(secs)
    for sec, cfg in zip(secs, configs):
        print(f"== {sec.id} {sec.title} ==", flush=True)
        record, _ = run_section(sec, cfg, out_root=args.out, resume=args.resume)
        final = records.jsonable(record["final"])
        summary = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in final.items() if isinstance(v, (int, float, str)))
        print(f"[{sec.id}] {record['wall_s']:.1f} s; {summary}; record: {args.out}/{sec.id}/metrics.json",
              flush=True)
    return 0


def _check_resumable(secs):
    """Refuse --resume, before anything runs, for a section whose training state is not all checkpointed."""
    for sec in secs:
        if not sec.resumable:
            able = ", ".join(s.id for s in registry.all_sections() if s.resumable)
            raise ConfigError(f"section {sec.id} ({sec.title}) does not checkpoint, so --resume cannot continue it",
                              f"run it without --resume (from the start); sections that resume: {able}")


def _set_threads(explicit, keys):
    from . import threads
    ids = [(catalog.BY_SLUG.get(k) or catalog.BY_ID.get(k) or (k,))[0] for k in keys]
    n = threads.choose(explicit, [threads.section_kind(sid) for sid in ids])
    if n and (explicit or "mxnet" not in sys.modules):   # in-process callers that loaded mxnet keep its count
        threads.apply(n)


def _cmd_data(args, extra):
    from .data import resolve as res  # the module (data/__init__ does not shadow it)
    if args.action == "fetch":
        for name in res.FILES:
            print(f"{name}: {res.resolve(name, download=True)}")
        return 0
    bad = 0
    for name, path, status in res.check_all():
        bad += path is None
        print(f"{name:<30} {'found' if path else 'MISSING'} {path or ''}\n    {status}")
    return 1 if bad else 0


def build_parser():
    parser = argparse.ArgumentParser(prog="gluonlab", description=__doc__)
    sub = parser.add_subparsers(dest="verb", required=True)
    p = sub.add_parser("list", help="list every section of the book with its status")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--markdown", action="store_true", help="print the README's Markdown table")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("run", help="run sections end to end; any Config field is an option (--lr 0.2)")
    p.add_argument("ids", nargs="+", metavar="ID", help="section ids or slugs, e.g. 3.7 or mlp-gluon")
    add_run_options(p)
    p.add_argument("--resume", action="store_true",
                   help="continue from the last per-epoch checkpoint in OUT/<id>/checkpoints/")
    p.set_defaults(func=_cmd_run)
    p = sub.add_parser("data", help="check (default) or fetch the datasets")
    p.add_argument("action", nargs="?", choices=["check", "fetch"], default="check")
    p.set_defaults(func=_cmd_data)
    for register in VERBS:
        register(sub)
    return parser


def add_run_options(p):
    """Options every verb that runs sections shares."""
    p.add_argument("--ctx", default="cpu", help="cpu, gpu, gpu:N or a comma list (default cpu)")
    p.add_argument("--gpu-fallback", action="store_true", help="use the CPU when a GPU asked for is missing")
    p.add_argument("--epochs", type=int, default=None, help="override num_epochs")
    p.add_argument("--seed", type=int, default=None, help="seed for python, numpy and mxnet (default 0)")
    p.add_argument("--quick", action="store_true", help="small epochs and data for a smoke run")
    p.add_argument("--hybridize", dest="hybridize", action="store_true", default=None)
    p.add_argument("--no-hybridize", dest="hybridize", action="store_false")
    p.add_argument("--out", default="runs", help="output directory (default runs/)")
    p.add_argument("--threads", type=int, default=None,
                   help="CPU threads for MXNet (OMP_NUM_THREADS); default: per workload, see gluonlab/threads.py")


# Verbs defined in other modules: each entry is register(subparsers), adding its parser and func.
VERBS = []
from .distributed import launch as _launch; VERBS.append(_launch.register)  # noqa: E402,E702
from . import compare as _compare; VERBS.append(_compare.register)  # noqa: E402,E702
from . import bench as _bench; VERBS.append(_bench.register)  # noqa: E402,E702


def main(argv=None):
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.verb != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        code = args.func(args, extra)
        sys.stdout.flush()            # a closed pipe shows here, not at interpreter exit
        return code
    except GluonlabError as e:
        print(f"gluonlab: error: {e.message}" + (f"; fix: {e.fix}" if e.fix else ""), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gluonlab: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:           # `gluonlab list | head -1`: the reader left; stop quietly
        _silence_stdout()
        return 141                    # 128 + SIGPIPE, as a shell reports a tool the pipe closed on


def _silence_stdout():
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
