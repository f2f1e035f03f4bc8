"""Per-epoch checkpoints for `fit`: parameters, trainer state, RNG states and history; atomic and verified.

The runner opens a Checkpointer around a section's run (`checkpointing(...)`); every `fit` call inside is a
stage k with files in OUT/<id>/checkpoints/: fit<k>-epoch<e>.params, fit<k>-epoch<e>.states (trainer, in
train.trainer_state's pickle-free format), fit<k>-epoch<e>.arrays (a net's non-Parameter arrays,
models.checkpoint.block_state, when it has any) and the manifest fit<k>.json, written last (tmp + os.replace)
with the files' sha1. A run killed at any moment leaves the previous manifest and the files it names intact;
older epochs' files are removed only after the new manifest is in place. MXNet's RNG state cannot be read back,
so under a Checkpointer every epoch after the first (and the code after each fit) starts from mx.random.seed(a
seed derived from the run's seed, k and the epoch); python's and numpy's states go into the manifest.

The checkpoint folder is a closed room: it must be a real folder inside the run's (not a link), files are read
without following links or blocking on FIFOs (records.read_regular), and a run deletes only the files a manifest
in it names (and its own temp files): nothing else found there is touched. Nothing in a checkpoint can run code.
"""
import contextlib
import hashlib
import json
import random
import re
from pathlib import Path

import mxnet as mx
import numpy as np
from mxnet import gluon

from .. import outdir
from ..errors import ConfigError, DataError, GluonlabError, OutputError
from ..models.checkpoint import block_state, load_ndarrays, load_parameters, save_ndarrays, save_parameters, \
    set_block_state
from ..records import file_digest, jsonable, read_regular, write_json
from . import trainer_state
from .manifest import KINDS, manifest_problem
from .parallel import is_distributed

__all__ = ["checkpointing", "stage_for", "sha1_of", "Checkpointer", "Stage", "CheckpointError", "manifest_problem",
           "KINDS"]

_ACTIVE = []
_FRESH = "rerun without --resume to start over"
_DAMAGED = _FRESH + " (the damaged checkpoint is left in place for you to look at)"
_MANIFEST = re.compile(r"^fit(\d+)\.json$")
_TEMP = re.compile(r"^\.fit\d+(-epoch\d+\.(params|states|arrays)|\.json)\.[a-z0-9_]+\.tmp$")   # atomic_path's


class CheckpointError(DataError):
    """A checkpoint that cannot be resumed from: damaged, incomplete, or from another training loop."""


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
    """sha1 of a checkpoint file's bytes (an OSError, e.g. a missing file, propagates)."""
    return file_digest(path)[1]


def _unlink(path):
    """Remove `path` if a file or a link sits there (never what a link points to); False when it could not."""
    if outdir.what_is(path) in (None, "a folder"):
        return True
    try:
        path.unlink()
        return True
    except OSError:
        return False


def named_in(manifest):
    """The file names a manifest names (only names its schema allows: no paths), or an empty set when it cannot
    be read as one."""
    try:
        m = json.loads(read_regular(manifest))
        k = int(_MANIFEST.match(manifest.name)[1])
        return {f["name"] for f in m["files"].values()} if not manifest_problem(m, k) else set()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


class Checkpointer:
    """Where one run's checkpoints live; `stage(...)` hands each `fit` call its own Stage.

    The folder (a link or a file in its place is refused, before any work) is made when the first checkpoint is
    written. A fresh run removes the earlier run's manifests and the files they name; either kind of run removes
    the temp files a killed run left (named as atomic_path names them). Nothing else in the folder is touched."""

    def __init__(self, directory, seed, config, resume=False):
        self.dir, self.seed, self.resume, self.stages = Path(directory), int(seed), resume, 0
        self.config = jsonable(config)
        outdir.check_tree(self.dir.parent, self.dir)
        if outdir.what_is(self.dir) != "a folder":
            return
        stale = [p for p in self.dir.iterdir() if _TEMP.match(p.name)]
        if not resume:                                   # a fresh run: the old run's checkpoints go too
            for manifest in (p for p in self.dir.iterdir() if _MANIFEST.match(p.name)):
                stale += [self.dir / name for name in named_in(manifest)] + [manifest]
        for old in stale:
            if not _unlink(old):
                raise OutputError(f"cannot remove {old}, a checkpoint of an earlier run",
                                  "remove it yourself, or choose another folder with --out")

    def stage(self, net, params, trainer, ctx):
        self.stages += 1
        return Stage(self, self.stages - 1, net, params, trainer, ctx)


class Stage:
    """One `fit` call's checkpoints."""

    def __init__(self, ckpt, k, net, params, trainer, ctx):
        self.ckpt, self.k, self.net, self.params, self.trainer, self.ctx = ckpt, k, net, params, trainer, ctx
        self.manifest = ckpt.dir / f"fit{k}.json"
        self.saved_epoch = None          # the epoch of the last checkpoint this run wrote or restored
        self.named = set()               # the files the manifest on disk names (this run's, or restored from)
        # a distributed worker seeds like the others but saves nothing: the servers hold the optimizer state
        self.saves = not is_distributed()

    def seed_epoch(self, epoch):
        """Seed MXNet for `epoch` (the same in an uninterrupted and a resumed run)."""
        mx.random.seed((self.ckpt.seed * 1_000_003 + self.k * 10_007 + epoch) % (2 ** 31))

    def save(self, epoch, history):
        """Write this epoch's parameters and trainer state, then the manifest naming them; drop older files.

        Each file goes to a temp name, is read back and checked (size, sha1, content), then renamed; the manifest
        goes last. A write that fails (a full disk, no permission) ends the run with an OutputError naming the
        file and the OS's reason, and the previous manifest with the files it names stays as it was."""
        if not self.saves:
            return
        stem = self.ckpt.dir / f"fit{self.k}-epoch{epoch}"
        files, digests = {}, {}
        try:
            files["params"] = stem.with_suffix(".params")
            digests["params"] = (save_ndarrays(list(self.params), files["params"]) if self._uses_params_list()
                                 else save_parameters(self.net, files["params"]))
            state = self._block_state()
            if state:
                files["arrays"] = stem.with_suffix(".arrays")
                digests["arrays"] = save_ndarrays(state, files["arrays"])
            if self.trainer is not None:
                files["states"] = stem.with_suffix(".states")
                digests["states"] = self._save_states(files["states"])
            write_json(self.manifest, {
                "stage": self.k, "epoch": epoch, "history": history, "seed": self.ckpt.seed,
                "config": self.ckpt.config,
                "files": {kind: {"name": p.name, "sha1": digests[kind][1], "size": digests[kind][0]}
                          for kind, p in files.items()},
                "rng": {"python": random.getstate(), "numpy": np.random.get_state()}})
        except OutputError as e:
            self._drop({p.name for p in files.values()} - self.named)    # this epoch's files: none is named
            kept = (f"the last good checkpoint is kept: {self.manifest} (epoch {self.saved_epoch})"
                    if self.saved_epoch else "no checkpoint was written")
            raise OutputError(e.message, f"{e.fix}; {kept}") from None
        old, self.named = self.named, {p.name for p in files.values()}
        self.saved_epoch = epoch
        self._drop(old - self.named)

    def _save_states(self, path):
        """The Trainer's state (train.trainer_state: no pickle), written and read back; (size, sha1)."""
        try:
            return trainer_state.save(self.trainer, path, self._keys())
        except TypeError as err:          # an optimizer state other than arrays, numbers, tuples and lists
            raise ConfigError(f"cannot checkpoint this trainer: {err}", "run without checkpoints") from None

    def _keys(self):
        """The trainer's parameters by their names in the net (gluon.Trainer orders them by global names)."""
        if not isinstance(self.net, gluon.Block):
            return None
        return trainer_state.param_keys(self.net, self.trainer)

    def _drop(self, names):
        for name in names:
            _unlink(self.ckpt.dir / name)     # a leftover we cannot remove is harmless: no manifest names it

    def restore(self):
        """The history of the epochs done, with parameters, trainer and RNG states as they were ([] if none)."""
        if not self.ckpt.resume or not self.saves:
            return []
        m = self._read_manifest()
        if m is None:
            return []
        paths = {kind: self.ckpt.dir / f["name"] for kind, f in m["files"].items()}
        data = {kind: self._read_checked(paths[kind], f) for kind, f in m["files"].items()}
        try:
            self._load_params(paths["params"], data["params"])
            if "arrays" in paths:
                arrays = load_ndarrays(data["arrays"], paths["arrays"])
                if not isinstance(arrays, dict):
                    raise CheckpointError(f"checkpoint file {paths['arrays']} holds a list, not named arrays",
                                          _DAMAGED)
                set_block_state(self.net, arrays)
            if self.trainer is not None:
                trainer_state.load(self.trainer, data["states"], paths["states"], self._keys())
        except GluonlabError as e:
            raise CheckpointError(e.message, _DAMAGED) from None
        py, npy = m["rng"]["python"], m["rng"]["numpy"]
        random.setstate((py[0], tuple(py[1]), py[2]))
        np.random.set_state((npy[0], np.array(npy[1], dtype=np.uint32), *npy[2:]))
        self.saved_epoch, self.named = m["epoch"], set(f["name"] for f in m["files"].values())
        return m["history"]

    def _read_manifest(self):
        """The manifest, checked against its schema and this run's settings; None when there is none."""
        kind = outdir.what_is(self.manifest)
        if kind is None:
            return None
        try:
            m = json.loads(read_regular(self.manifest).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise CheckpointError(f"checkpoint manifest {self.manifest} is not valid JSON ({e})", _DAMAGED) from None
        except OSError as e:
            raise CheckpointError(f"cannot read checkpoint manifest {self.manifest}: {e.strerror}", _DAMAGED) from None
        problem = manifest_problem(m, self.k)
        if problem:
            raise CheckpointError(f"checkpoint manifest {self.manifest} is damaged: {problem}", _DAMAGED)
        self._check(m)
        return m

    def _read_checked(self, path, f):
        """The bytes of a checkpoint file, which must match the size and sha1 its manifest gives."""
        try:
            data = read_regular(path)
        except OSError as e:
            raise CheckpointError(f"checkpoint file {path} named in {self.manifest} cannot be read "
                                  f"({e.strerror})", _DAMAGED) from None
        if hashlib.sha1(data).hexdigest() != f["sha1"] or len(data) != f.get("size", len(data)):
            raise CheckpointError(f"checkpoint file {path} does not match the size and sha1 in "
                                  f"{self.manifest} (truncated or changed)", _DAMAGED)
        return data

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
            raise CheckpointError(f"checkpoint {self.manifest} does not match this training loop", _DAMAGED)

    def _block_state(self):
        return block_state(self.net) if isinstance(self.net, gluon.Block) else {}

    def _uses_params_list(self):
        return self.trainer is None or not isinstance(self.net, gluon.Block)

    def _load_params(self, path, data):
        if not self._uses_params_list():
            load_parameters(self.net, path, ctx=self.ctx)
            return
        saved = load_ndarrays(data, path)
        if not isinstance(saved, list):
            raise CheckpointError(f"checkpoint {path} holds named arrays, the model takes a list", _DAMAGED)
        if len(saved) != len(self.params) or any(s.shape != p.shape for s, p in zip(saved, self.params)):
            raise CheckpointError(f"checkpoint {path} holds {[s.shape for s in saved]}, the model has "
                                  f"{[p.shape for p in self.params]}", _DAMAGED)
        for p, s in zip(self.params, saved):
            p[:] = s.as_in_context(p.context)
