"""Per-epoch checkpoints for `fit`: parameters, trainer state, RNG states and history; atomic and verified.

The runner opens a Checkpointer around a section's run (`checkpointing(...)`); every `fit` call inside is a
stage k with files in OUT/<id>/checkpoints/: fit<k>-epoch<e>.params, fit<k>-epoch<e>.states (trainer),
fit<k>-epoch<e>.arrays (a net's non-Parameter arrays, models.checkpoint.block_state, when it has any) and the
manifest fit<k>.json, written last (tmp + os.replace) with the files' sha1. A run killed at any moment leaves the
previous manifest and the files it names intact; older epochs' files are removed only after the new manifest is in
place. MXNet's RNG state cannot be read back, so under a Checkpointer every epoch after the first (and the code
after each fit) starts from mx.random.seed(a seed derived from the run's seed, k and the epoch); python's and
numpy's states go into the manifest.
"""
import contextlib
import json
import random
from pathlib import Path

import mxnet as mx
import numpy as np
from mxnet import gluon, nd

from ..data.resolve import content_sha1
from ..errors import ConfigError, DataError
from ..models.checkpoint import block_state, load_parameters, save_ndarrays, save_parameters, set_block_state
from ..records import atomic_path, jsonable, write_json
from .parallel import is_distributed

_ACTIVE = []
_FRESH = "rerun without --resume to start over"


@contextlib.contextmanager
def checkpointing(directory, seed, config, resume=False):
    """Make `fit` checkpoint into `directory` (and resume from it when `resume`) inside the block."""
    ckpt = Checkpointer(directory, seed, config, resume)
    _ACTIVE.append(ckpt)
    try:
        yield ckpt
    finally:
        _ACTIVE.remove(ckpt)


def stage_for(net, params, trainer, ctx):
    """The next Stage of the open Checkpointer, or None when none is open."""
    return _ACTIVE[-1].stage(net, params, trainer, ctx) if _ACTIVE else None


def sha1_of(path):
    """sha1 of a checkpoint file's bytes."""
    return content_sha1(path, gz=False)


class Checkpointer:
    """Where one run's checkpoints live; `stage(...)` hands each `fit` call its own Stage."""

    def __init__(self, directory, seed, config, resume=False):
        self.dir, self.seed, self.resume, self.stages = Path(directory), int(seed), resume, 0
        self.config = jsonable(config)
        if self.dir.is_dir():
            stale = list(self.dir.glob(".fit*.tmp"))     # temp files of a run killed while it saved
            if not resume:                               # a fresh run: the old run's checkpoints go too
                stale += self.dir.glob("fit*")
            for old in stale:
                old.unlink(missing_ok=True)

    def stage(self, net, params, trainer, ctx):
        self.stages += 1
        return Stage(self, self.stages - 1, net, params, trainer, ctx)


class Stage:
    """One `fit` call's checkpoints."""

    def __init__(self, ckpt, k, net, params, trainer, ctx):
        self.ckpt, self.k, self.net, self.params, self.trainer, self.ctx = ckpt, k, net, params, trainer, ctx
        self.manifest = ckpt.dir / f"fit{k}.json"
        # a distributed worker seeds like the others but saves nothing: the servers hold the optimizer state
        self.saves = not is_distributed()

    def seed_epoch(self, epoch):
        """Seed MXNet for `epoch` (the same in an uninterrupted and a resumed run)."""
        mx.random.seed((self.ckpt.seed * 1_000_003 + self.k * 10_007 + epoch) % (2 ** 31))

    def save(self, epoch, history):
        """Write this epoch's parameters and trainer state, then the manifest naming them; drop older files."""
        if not self.saves:
            return
        stem = self.ckpt.dir / f"fit{self.k}-epoch{epoch}"
        files = {"params": stem.with_suffix(".params")}
        if self._uses_params_list():
            save_ndarrays(list(self.params), files["params"])
        else:
            save_parameters(self.net, files["params"])
        state = self._block_state()
        if state:
            files["arrays"] = stem.with_suffix(".arrays")
            save_ndarrays(state, files["arrays"])
        if self.trainer is not None:
            files["states"] = stem.with_suffix(".states")
            with atomic_path(files["states"]) as tmp:
                self.trainer.save_states(tmp)
        write_json(self.manifest, {
            "stage": self.k, "epoch": epoch, "history": history, "seed": self.ckpt.seed, "config": self.ckpt.config,
            "files": {kind: {"name": p.name, "sha1": sha1_of(p)} for kind, p in files.items()},
            "rng": {"python": random.getstate(), "numpy": np.random.get_state()}})
        keep = {p.name for p in files.values()} | {self.manifest.name}
        for old in self.ckpt.dir.glob(f"fit{self.k}-epoch*"):
            if old.name not in keep:
                old.unlink()

    def restore(self):
        """The history of the epochs done, with parameters, trainer and RNG states as they were ([] if none)."""
        if not self.ckpt.resume or not self.saves or not self.manifest.is_file():
            return []
        try:
            m = json.loads(self.manifest.read_text())
        except ValueError as e:
            raise DataError(f"checkpoint manifest {self.manifest} is corrupt ({e})", _FRESH) from None
        self._check(m)
        paths = {kind: self.ckpt.dir / f["name"] for kind, f in m["files"].items()}
        for kind, f in m["files"].items():
            if not paths[kind].is_file() or sha1_of(paths[kind]) != f["sha1"]:
                raise DataError(f"checkpoint file {paths[kind]} is missing or does not match the sha1 in "
                                f"{self.manifest}", _FRESH)
        self._load_params(paths["params"])
        if "arrays" in paths:
            set_block_state(self.net, nd.load(str(paths["arrays"])))
        if self.trainer is not None:
            self.trainer.load_states(str(paths["states"]))
        py, npy = m["rng"]["python"], m["rng"]["numpy"]
        random.setstate((py[0], tuple(py[1]), py[2]))
        np.random.set_state((npy[0], np.array(npy[1], dtype=np.uint32), *npy[2:]))
        return m["history"]

    def _check(self, m):
        diff = {k: (m["config"].get(k), v) for k, v in self.ckpt.config.items() if m["config"].get(k) != v}
        # every setting, num_epochs too: a longer run's earlier stages draw more numbers before this one
        if diff or m["seed"] != self.ckpt.seed:
            if m["seed"] != self.ckpt.seed:
                diff["seed"] = (m["seed"], self.ckpt.seed)
            said = ", ".join(f"{k}={old!r} (now {new!r})" for k, (old, new) in diff.items())
            raise ConfigError(f"checkpoint {self.manifest} was written by a run with other settings: {said}",
                              "resume with the same options, or " + _FRESH)
        if ((self.trainer is not None) != ("states" in m["files"])
                or bool(self._block_state()) != ("arrays" in m["files"])):
            raise DataError(f"checkpoint {self.manifest} does not match this training loop", _FRESH)

    def _block_state(self):
        return block_state(self.net) if isinstance(self.net, gluon.Block) else {}

    def _uses_params_list(self):
        return self.trainer is None or not isinstance(self.net, gluon.Block)

    def _load_params(self, path):
        if not self._uses_params_list():
            load_parameters(self.net, path, ctx=self.ctx)
            return
        saved = nd.load(str(path))
        if len(saved) != len(self.params) or any(s.shape != p.shape for s, p in zip(saved, self.params)):
            raise DataError(f"checkpoint {path} holds {[s.shape for s in saved]}, the model has "
                            f"{[p.shape for p in self.params]}", _FRESH)
        for p, s in zip(self.params, saved):
            p[:] = s.as_in_context(p.context)
