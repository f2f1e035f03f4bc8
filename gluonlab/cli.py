"""The `gluonlab` command: list, run, data, compare, bench and launch (compare, bench and launch are defined in
their own modules and register here). Every option is checked before any work (gluonlab/validate.py)."""
import importlib
import json
import re
import sys
from pathlib import Path

from . import catalog, children, mxnet_env, outdir, records, registry, streams, validate
from .errors import ConfigError, GluonlabError, OutputError, io_error_fix


def _cmd_list(args, extra):
    implemented = {s.id: s for s in registry.all_sections()}
    if getattr(args, "all", False):
        return _list_book(args, implemented)
    rows = []
    for sid, slug, title in catalog.SECTIONS:
        sec = implemented.get(sid)
        rows.append({"id": sid, "slug": slug, "title": title, "script": catalog.script(sid),
                     "status": "implemented" if sec else "not implemented",
                     "base": sec.base if sec else None})
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.markdown:
        print(coverage(rows) + "\n\n" + markdown_table(rows))
    else:
        for r in rows:
            print(f"{r['id']:<5} {r['slug']:<28} {r['status']:<16} {r['title']}")
    return 0


OUT_OF_SCOPE = "outside gluonlab's scope"
PROSE = "prose, no code"


def book_rows(implemented):
    """The book's whole table of contents (chapters 1-10), then gluonlab's own S2/S4 sections, with a status each."""
    rows = []
    for sid, page, title, title_zh in catalog.BOOK:
        ours = catalog.BY_ID.get(sid)
        status = (PROSE if sid in catalog.PROSE else OUT_OF_SCOPE) if ours is None else \
            "implemented" if sid in implemented else "not implemented"
        rows.append({"id": sid, "chapter": sid.split(".")[0], "slug": ours[1] if ours else None,
                     "book_page": catalog.book_page(sid), "title": title, "title_zh": title_zh, "status": status})
    for sid, slug, title in catalog.SECTIONS:
        if sid not in catalog.BOOK_BY_ID:
            rows.append({"id": sid, "chapter": sid.split(".")[0], "slug": slug, "book_page": None, "title": title,
                         "title_zh": None, "status": "implemented" if sid in implemented else "not implemented"})
    return rows


def _list_book(args, implemented):
    rows = book_rows(implemented)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    book = [r for r in rows if r["book_page"]]
    done = sum(r["status"] == "implemented" for r in book)
    if args.markdown:
        lines = ["| id | title | status |", "|---|---|---|"]
        lines += [f"| {r['id']} | {r['title']} ({r['title_zh']}) | {r['status']} |" if r["title_zh"] else
                  f"| {r['id']} | {r['title']} | {r['status']} |" for r in rows]
        print("\n".join(lines))
        return 0
    heads = {c[0]: f"Chapter {c[0]}: {c[1]} ({c[2]})" for c in catalog.CHAPTERS}
    heads["S2"] = "gluonlab's own additions: S2, a feed-forward lab; S4, a PyTorch course's runs of book sections"
    chapter = None
    for r in rows:
        if r["chapter"] != chapter:
            chapter = r["chapter"]
            if chapter in heads:
                print(heads[chapter])
        print(f"  {r['id']:<6} {r['status']:<25} {r['title']}" + (f"  [{r['slug']}]" if r["slug"] else ""))
    rest = ("prose without code" if all(r["status"] in ("implemented", PROSE) for r in book) else
            "prose without code or outside gluonlab's scope")
    print(f"{done} of the book's {len(book)} sections implemented, the others {rest}; "
          "`gluonlab run ID` (or its [slug]) runs an implemented one")
    return 0


def coverage(rows):
    """What gluonlab covers, in one sentence generated from the catalog and the registry (the README's)."""
    done = [r["id"] for r in rows if r["status"] == "implemented"]
    book = [i for i in done if not i.startswith("S")]
    chapters = sorted({i.split(".")[0] for i in book}, key=int)
    listed = ", ".join(chapters[:-1]) + (" and " if len(chapters) > 1 else "") + chapters[-1] if chapters else "none"
    left = [sid for sid in catalog.BOOK_BY_ID if sid not in done and sid not in catalog.PROSE]
    rest = (f"{len(left)} with code are outside gluonlab's scope" if left else "every section with code is here")
    return (f"{len(book)} sections of the book, in chapter{'s' if len(chapters) > 1 else ''} {listed}, and "
            f"{len(done) - len(book)} of gluonlab's own (S2, S4); {rest}, and {len(catalog.PROSE)} are prose "
            "without code. `gluonlab list --all` shows the book's whole table of contents.")


def markdown_table(rows):
    """The section table of docs/sections.md (`make readme`)."""
    lines = ["| id | slug | title | script | status |", "|---|---|---|---|---|"]
    for r in rows:
        title = r["title"] + (f" (runs {r['base']})" if r["base"] else "")
        lines.append(f"| {r['id']} | {r['slug']} | {title} | `{r['script']}` | {r['status']} |")
    return "\n".join(lines)


def _parse_overrides(extra):
    """['--lr', '0.2', '--flag', '--x=1'] -> {'lr': '0.2', 'flag': FLAG, 'x': '1'} (FLAG: given without a value;
    true for a true/false option, an error naming the option for any other). An option given twice is refused."""
    from .validate import FLAG                   # not config: it loads mxnet, and the threads are not set yet
    out, i = {}, 0
    while i < len(extra):
        tok = extra[i]
        name, eq, value = tok[2:].partition("=")
        if not tok.startswith("--") or not name or name.startswith("-"):
            raise ConfigError(f"unexpected argument {tok!r}",
                              "options look like --name value; `gluonlab run ID --help` lists a section's options")
        if not eq:
            if i + 1 < len(extra) and not extra[i + 1].startswith("--"):
                value, i = extra[i + 1], i + 1
            else:
                value = FLAG
        key = name.replace("-", "_")
        if key in out:
            raise ConfigError(f"--{name} is given twice", "give each option once")
        out[key] = value
        i += 1
    return out


def prepare_run(args, extra, set_threads=True):
    """Every check of a `run` command line, before any work: the section options against each section's Config,
    the threads, the devices, --resume, and each OUT/<id> folder (it can be made and written). Returns
    (sections, configs)."""
    overrides = _parse_overrides(extra)
    if args.epochs is not None and "num_epochs" in overrides:
        raise ConfigError("--epochs and --num-epochs are both given", "give one of them")
    for name in ("seed", "epochs", "hybridize"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    _precheck(args, overrides)
    if set_threads:
        _set_threads(args.threads, args.ids)     # before mxnet loads (runner and registry.get import it)
    from .runner import config_for
    secs = [registry.get(key) for key in args.ids]
    twice = sorted({s.id for s in secs if [t.id for t in secs].count(s.id) > 1})
    if twice:
        raise ConfigError(f"section {', '.join(twice)} is named twice", "name each section once")
    from .devices import ctx_spec           # here, not at the top: mxnet must load after the threads are set
    overrides["ctx"] = ctx_spec(args.ctx, args.gpu_fallback)
    configs = [config_for(sec, quick=args.quick, **overrides) for sec in secs]
    if args.resume:
        _check_resumable(secs, registry.all_sections())
    for sec in secs:
        outdir.check_tree(args.out, Path(args.out) / sec.id / "checkpoints")   # no link out of the run's folder
        outdir.check_room(Path(args.out) / sec.id)
        validate.probe_out(Path(args.out) / sec.id)
    return secs, configs


def _precheck(args, overrides):
    """Refuse, before MXNet loads, what the section options and ids already show to be wrong: the same checks on
    the same Config classes, read from the sections' source (config_index). What passes is checked again below."""
    from . import config_index
    from .config import config_for
    found = []
    for key in args.ids:
        if registry.canonical(key) not in catalog.BY_ID:
            raise registry.unknown(key)
        found.append(config_index.get(key))
    twice = sorted({s.id for s in found if s and [t and t.id for t in found].count(s.id) > 1})
    if twice:
        raise ConfigError(f"section {', '.join(twice)} is named twice", "name each section once")
    for sec in filter(None, found):
        config_for(sec, quick=args.quick, **overrides)
    if args.resume and all(found):
        _check_resumable(found, config_index.sections().values())


def _cmd_run(args, extra):
    secs, configs = prepare_run(args, extra)
    from .runner import run_section
    with outdir.Locks([Path(args.out) / sec.id for sec in secs]):   # one run per folder, taken before any work
        for sec, cfg in zip(secs, configs):
            _run_one(args, sec, cfg, run_section)
    return 0


def _run_one(args, sec, cfg, run_section):
    """Run one section and print its summary lines."""
    print(f"== {sec.id} {sec.title} ==", flush=True)
    record, _ = run_section(sec, cfg, out_root=args.out, resume=args.resume)
    final = records.jsonable(record["final"])
    summary = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                        for k, v in final.items() if isinstance(v, (int, float, str)))
    print(f"[{sec.id}] {record['wall_s']:.1f} s; {summary}; record: {args.out}/{sec.id}/metrics.json",
          flush=True)
    if record["plots"]:
        print(f"[{sec.id}] plots: " + ", ".join(f"{args.out}/{sec.id}/{name}" for name in record["plots"]),
              flush=True)


def _check_resumable(secs, every):
    """Refuse --resume, before anything runs, for a section whose training state is not all checkpointed."""
    for sec in secs:
        if not sec.resumable:
            able = ", ".join(s.id for s in sorted(every, key=lambda s: catalog.sort_key(s.id)) if s.resumable)
            raise ConfigError(f"section {sec.id} ({sec.title}) does not checkpoint, so --resume cannot continue it",
                              f"run it without --resume (from the start); sections that resume: {able}")


def _set_threads(explicit, keys):
    from . import threads
    ids = [(catalog.BY_SLUG.get(k) or catalog.BY_ID.get(k) or (k,))[0] for k in keys]
    n = threads.choose(explicit, [threads.section_kind(sid) for sid in ids])
    if n and (explicit or "mxnet" not in sys.modules):   # in-process callers that loaded mxnet keep its count
        threads.apply(n)


def _cmd_data(args, extra):
    if args.action != "book" and args.dir is not None:
        raise validate.UsageError(f"unexpected argument {args.dir!r}", "only `gluonlab data book DIR` takes a folder")
    if args.action == "book":
        return _data_book(args.dir)
    from .data import resolve as res  # the module (data/__init__ does not shadow it); loads MXNet
    if args.action == "fetch":
        failed = []
        for name in res.FILES:                 # every file, so the report names each that could not be had
            try:
                print(f"{name:<30} {res.resolve(name, download=True)}", flush=True)
            except GluonlabError as e:
                failed.append(name)
                print(f"{name:<30} MISSING  {getattr(e, 'reason', None) or e.message}", file=sys.stderr)
        if failed:
            print(f"fix: copy {'it' if len(failed) == 1 else 'them'} from a machine with network access into "
                  f"{res.REPO_DATA}/ or into $GLUONLAB_DATA (where to get each: data/README.md)", file=sys.stderr)
        return 2 if failed else 0
    bad = 0
    for name in res.FILES:
        try:
            print(f"{name:<30} found    {res.resolve(name, download=False)} (sha1 verified)")
        except GluonlabError as e:               # missing, damaged, or there but unreadable: each its own fix
            bad += 1
            if e.message.startswith(f"{name} was not found"):
                print(f"{name:<30} MISSING  fix: {_data_fix(res, 'it')}")
            else:
                label = "UNREADABLE" if e.message.startswith("cannot read") else "BAD     "
                print(f"{name:<30} {label} {e.message}; fix: {e.fix}")
    return 1 if bad else 0


def _data_fix(res, what="the files"):
    """The one fix for missing data files."""
    return f"gluonlab data fetch, or copy {what} into {res.REPO_DATA}/ or into $GLUONLAB_DATA (sources: data/README.md)"


def _data_book(folder):
    """`gluonlab data book DIR`: the data files where the book's own notebooks (DIR/chapter_*/*.ipynb) look."""
    if folder is None:
        raise validate.UsageError("`gluonlab data book` needs the book's folder",
                                  "gluonlab data book DIR, DIR being the folder that holds the chapter_* folders")
    book = Path(folder).expanduser().absolute()
    if not book.is_dir():                      # a typo: no data tree is made up (before MXNet loads)
        raise validate.UsageError(f"no folder {book}", "give the folder of the book's notebooks, the one that holds "
                                  "the chapter_* folders (or make it first)")
    from .data import book_layout
    if not any(book.glob("chapter_*")) and (book.name.startswith("chapter_") or any(book.glob("*.ipynb"))):
        book = book.parent                     # a chapter's folder: its notebooks read ../data
    print(f"The book's notebooks in {book}/chapter_*/ read ../data and ../img; gluon's FashionMNIST reads "
          f"{book_layout.mxnet_fashion_dir()}:")
    missing = book_layout.lay_out(book, report=print)
    if missing:
        from .data import resolve as res
        print(f"fix: {_data_fix(res)}; then run this again", file=sys.stderr)
        return 2
    return 0


def build_parser():
    parser = validate.Parser(prog="gluonlab", description="Dive into Deep Learning (MXNet edition) with Gluon: "
                                                          "list the book's sections, run them, compare our numbers "
                                                          "with the book's, time them, fetch the data.")
    sub = parser.add_subparsers(dest="verb", required=True)
    p = sub.add_parser("list", help="list gluonlab's sections (implemented or not); --all: the book's whole "
                                    "table of contents")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--markdown", action="store_true",
                   help="print the coverage line and section table (`make readme` writes them to README.md and "
                        "docs/sections.md)")
    p.add_argument("--all", action="store_true",
                   help="the book's whole table of contents (chapters 1-10), each section implemented or outside "
                        "gluonlab's scope")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("run", help="run sections end to end",
                       description="Run sections end to end with the book's settings. Each section has options of "
                                   "its own (--lr 0.2, --batch-size 64): `gluonlab run ID --help` lists them with "
                                   "their defaults.")
    p.add_argument("ids", nargs="+", metavar="ID", help="section ids or slugs, e.g. 3.7 or mlp-gluon")
    add_run_options(p)
    p.set_defaults(func=_cmd_run)
    p = sub.add_parser("data", help="check (default) or fetch the datasets, or lay them out for the book",
                       description="check: verify every dataset file (sha1); fetch: download what is missing; "
                                   "book DIR: put the files where the book's own notebooks look (DIR/data, "
                                   "DIR/img, and gluon's ~/.mxnet/datasets/fashion-mnist), DIR being the folder "
                                   "of the book that holds its chapter_* folders")
    p.add_argument("action", nargs="?", choices=["check", "fetch", "book"], default="check")
    p.add_argument("dir", nargs="?", metavar="DIR", help="for book: the book's folder (holding chapter_*)")
    p.set_defaults(func=_cmd_data)
    for register in (importlib.import_module(name).register for name in VERBS):
        register(sub)
    return validate.apply_domains(parser)


def add_run_options(p, epochs=True):
    """Options every verb that runs sections shares."""
    p.add_argument("--ctx", default="cpu", help="where to compute: cpu, gpu, gpu:N or a comma list (default cpu)")
    p.add_argument("--gpu-fallback", action="store_true", help="use the CPU when a GPU asked for is missing")
    if epochs:
        p.add_argument("--epochs", type=int, default=None, metavar="N",
                       help="number of passes over the training data (default: the section's)")
    p.add_argument("--seed", type=int, default=None, metavar="N",
                   help="seed for every random number generator, 0 to 2^32 - 1 (default 0)")
    p.add_argument("--quick", action="store_true", help="small epochs and data for a smoke run")
    p.add_argument("--hybridize", dest="hybridize", action="store_true", default=None,
                   help="compile the network into one graph before training (the default)")
    p.add_argument("--no-hybridize", dest="hybridize", action="store_false",
                   help="run the network step by step, as written")
    p.add_argument("--out", default="runs", metavar="DIR", help="output folder (default runs); each section "
                                                                "writes into DIR/<id>")
    p.add_argument("--threads", type=int, default=None, metavar="N",
                   help="CPU threads for the computation, 1 to 4 per core (default: chosen per section)")
    p.add_argument("--resume", action="store_true",
                   help="continue from the last per-epoch checkpoint in DIR/<id>/checkpoints/")


def section_help(key):
    """`gluonlab run ID --help`: the section's own options (command-line spelling, the book's default, what
    each means and accepts), then the options every run has."""
    from .config import MEANINGS, Domain, option_name
    from . import config_index
    import dataclasses
    sec = config_index.get(key) or registry.get(key)     # the index: no MXNet for a help text
    cls = sec.config_cls
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    defaults.update(dict(sec.overrides))
    p = validate.Parser(prog=f"gluonlab run {sec.id}", description=f"{sec.id} {sec.title}"
                        + (f" (runs {sec.base} with other settings)" if sec.base else "")
                        + ". Defaults are the book's settings.")
    own = p.add_argument_group(f"options of section {sec.id}")
    common = {"seed", "ctx", "hybridize", "quick"}
    for name in [n for n in defaults if n not in common]:
        dom = Domain(cls, name)
        value = defaults[name]
        shown = ("none" if value is None else ",".join(map(str, value)) if isinstance(value, (tuple, list))
                 else str(value).lower() if isinstance(value, bool) else str(value))
        quick = cls.QUICK.get(name)
        extra = f"; --quick: {quick}" if quick is not None and quick != value else ""
        text = f"{MEANINGS.get(name, name.replace('_', ' '))} (default {shown}{extra}; {dom.describe()})"
        metavar = "true|false" if dom.kind is bool else "A,B" if dom.is_tuple else \
            "|".join(map(str, dom.choices)) if dom.choices else {int: "N", float: "X"}.get(dom.kind, "TEXT")
        own.add_argument(option_name(name), metavar=metavar, help=text.replace("%", "%%"))
    run = p.add_argument_group("options of every run")
    add_run_options(run, epochs=False)
    return p.format_help()


def _wants_section_help(argv):
    """The section ids in `run ID ... --help`, or [] when this is not a section's help."""
    head = argv[:argv.index("--")] if "--" in argv else argv
    if not head or head[0] != "run" or not ({"-h", "--help"} & set(head)):
        return []
    return [t for t in head[1:] if not t.startswith("-") and registry.canonical(t) in catalog.BY_ID]


# Verbs defined in other modules, each with register(subparsers) adding its parser and func. They are imported
# when the parser is built, so that they may use this module (launch checks its workers' `run` command with
# prepare_run) without an import cycle.
VERBS = ("gluonlab.distributed.launch", "gluonlab.compare", "gluonlab.bench")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if not streams.is_open(sys.stderr):
        return 2                      # nowhere to say anything: end at once
    stdout = sys.stdout
    try:
        if not streams.is_open(stdout):
            raise OutputError("stdout is closed, so nothing the command prints could be seen",
                              "run it with stdout open: send it to a file, or to /dev/null")
        mxnet_env.check()             # before anything imports mxnet: a bad value would abort it
        sys.stdout = streams.GuardedStdout(stdout)
        ids = _wants_section_help(argv)
        if ids:
            print("\n".join(section_help(key) for key in ids), end="")
            sys.stdout.flush()
            return 0
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra and args.verb != "run":
            raise validate.UsageError(f"unknown argument(s) {' '.join(extra)}", f"see `gluonlab {args.verb} --help`")
        validate.check_paths(args)    # output folders writable, hosts file readable: before any work
        with children.terminating():  # SIGTERM unwinds like Ctrl-C: children stopped, temp files and locks gone
            code = args.func(args, extra)
        sys.stdout.flush()            # a closed pipe shows here, not at interpreter exit
        return code
    except GluonlabError as e:
        if isinstance(e, streams.StdoutError):
            streams.silence_stdout()         # the interpreter's last flush would fail again
        _error_line(e.message, e.fix)
        return 2
    except KeyboardInterrupt as e:    # Ctrl-C, or SIGTERM (children.Terminated): one line
        ended = isinstance(e, children.Terminated)
        print(f"gluonlab: {'terminated' if ended else 'interrupted'}", file=sys.stderr)
        return 143 if ended else 130
    except BrokenPipeError:           # `gluonlab list | head -1`: the reader left; stop quietly
        streams.silence_stdout()
        return 141                    # 128 + SIGPIPE, as a shell reports a tool the pipe closed on
    except OSError as e:              # the machine refused a file operation (a full disk, no permission)
        fix = io_error_fix(e.errno, elsewhere=f"use another path than {e.filename}" if e.filename else
                           "check the paths the command uses")
        if fix is None:
            raise
        _error_line(f"cannot use {e.filename or 'a file'}: {e.strerror}", fix)
        return 2
    finally:
        sys.stdout = stdout


def _error_line(message, fix=None):
    """The one line every refusal prints: `gluonlab: error: WHAT; fix: HOW`."""
    def flat(text):
        return re.sub(r"\s*\n\s*", "; ", str(text).strip())
    print(f"gluonlab: error: {flat(message)}" + (f"; fix: {flat(fix)}" if fix else ""), file=sys.stderr)
