"""Run a registered section once: seed, ctx, timing, the printed log, and its record on disk."""
import dataclasses
import time
from pathlib import Path

from . import devices, limits, outdir, records
from .config import config_for  # noqa: F401  (the section's config with CLI overrides)
from .train.checkpoint import checkpointing

CHECKPOINTS = "checkpoints"


class Reporter:
    """A print-like callable that keeps every line (for log.txt) and echoes it."""

    def __init__(self, echo=print):
        self.lines, self.echo = [], echo

    def __call__(self, *args, sep=" "):
        line = sep.join(str(a) for a in args)
        self.lines.append(line)
        if self.echo:
            self.echo(line)


def run_section(sec, cfg, out_root="runs", echo=print, resume=False):
    """Run `sec` under `cfg`; write OUT/<id>/{metrics.json,log.txt,*.png}; return (record, Result).

    A run with a per-epoch history also writes learning_curves.png (listed in metrics.json's `plots`).

    Training through train.fit checkpoints every epoch into OUT/<id>/checkpoints/; resume=True continues
    from there (train/checkpoint.py). OUT/<id> is locked for the run: another run there is refused at once.
    OUT/<id> and its checkpoints/ must be real folders (or not exist yet): a link there is refused before any work.
    """
    out_dir = outdir.check_room(outdir.check_tree(out_root, Path(out_root) / sec.id))   # a real folder, no links
    with outdir.Locks([out_dir]):           # one run per folder (the CLI took it already: re-entrant)
        devices.seed(cfg.seed)
        ctxs = cfg.contexts()
        report = Reporter(echo)
        start = time.perf_counter()
        with checkpointing(out_dir / CHECKPOINTS, cfg.seed, dataclasses.asdict(cfg), resume) as ckpt, \
                limits.guard(cfg):         # sizes MXNet or the memory cannot hold: one line naming the options
            result = sec.run(cfg, report=report)
        if resume and not ckpt.stages:
            report(f"note: section {sec.id} wrote no checkpoint, so it ran from the start")
        wall = time.perf_counter() - start
        add_learning_curves(sec, result)
        record = records.build_record(sec, cfg, result, wall, ctxs)
        records.write_run(out_dir, record, report.lines, result.plots, result.files)
    return record, result


def add_learning_curves(sec, result):
    """Every run with a per-epoch history gets learning_curves.png (loss, and accuracy or perplexity, per epoch)."""
    from . import plot
    curves = plot.learning_curves(result.history, title=f"{sec.id} {sec.title}",
                                  book_log=(sec.base or sec.id) in plot.BOOK_SEMILOGY)
    if curves is not None:
        result.plots.setdefault(plot.LEARNING_CURVES, curves)
