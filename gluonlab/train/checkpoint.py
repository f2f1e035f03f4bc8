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
import pickle
import random
import re
from pathlib import Path

import mxnet as mx
import numpy as np
from mxnet import base, gluon, nd

from ..errors import ConfigError, DataError, GluonlabError, OutputError, output_error
from ..models.checkpoint import block_state, load_parameters, save_ndarrays, save_parameters, set_block_state
from ..records import atomic_path, file_digest, jsonable, write_json
from .parallel import is_distributed

_ACTIVE = []
_FRESH = "rerun without --resume to start over"
_DAMAGED = _FRESH + " (the damaged checkpoint is left in place for you to look at)"
KINDS = ("params", "states", "arrays")


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
                try:
                    old.unlink(missing_ok=True)
                except OSError as e:
                    raise output_error(old, e, "remove") from None

    def stage(self, net, params, trainer, ctx):
        self.stages += 1
        return Stage(self, self.stages - 1, net, params, trainer, ctx)


class Stage:
    """One `fit` call's checkpoints."""

    def __init__(self, ckpt, k, net, params, trainer, ctx):
        self.ckpt, self.k, self.net, self.params, self.trainer, self.ctx = ckpt, k, net, params, trainer, ctx
        self.manifest = ckpt.dir / f"fit{k}.json"
        self.saved_epoch = None          # the epoch of the last checkpoint this run wrote or restored
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
        files = {"params": stem.with_suffix(".params")}
        digests = {}
        try:
            if self._uses_params_list():
                digests["params"] = save_ndarrays(list(self.params), files["params"])
            else:
                digests["params"] = save_parameters(self.net, files["params"])
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
            self._remove_unnamed()       # this epoch's files that no manifest names: nothing half-done stays
            kept = (f"the last good checkpoint is kept: {self.manifest} (epoch {self.saved_epoch})"
                    if self.saved_epoch else "no checkpoint was written")
            raise OutputError(e.message, f"{e.fix}; {kept}") from None
        self.saved_epoch = epoch
        self._remove_unnamed()

    def _save_states(self, path):
        """The Trainer's state, written to a temp file and read back before the rename; (size, sha1)."""
        digest = {}

        def verify(tmp):
            with open(tmp, "rb") as f:
                data = f.read()
            try:
                pickle.loads(data)       # the optimizer state this run just wrote: a short file does not load
            except Exception:            # noqa: BLE001 - any failure to read back is a bad write
                raise OSError(5, "the trainer state written does not read back", str(tmp)) from None
            digest["size"], digest["sha1"] = file_digest(tmp)

        try:
            with atomic_path(path, verify=verify) as tmp:
                self.trainer.save_states(tmp)
        except base.MXNetError as err:
            raise output_error(path, OSError(5, str(err).strip().splitlines()[-1][:300])) from None
        return digest["size"], digest["sha1"]

    def _remove_unnamed(self):
        """Remove this stage's epoch files and temp files that the manifest on disk does not name."""
        try:
            named = {f["name"] for f in json.loads(self.manifest.read_text())["files"].values()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            named = set()
        for old in list(self.ckpt.dir.glob(f"fit{self.k}-epoch*")) + list(self.ckpt.dir.glob(f".fit{self.k}-*.tmp")):
            if old.name not in named:
                try:
                    old.unlink(missing_ok=True)
                except OSError:
                    pass                 # a leftover we cannot remove is harmless: no manifest names it

    def restore(self):
        """The history of the epochs done, with parameters, trainer and RNG states as they were ([] if none)."""
        if not self.ckpt.resume or not self.saves or not self.manifest.is_file():
            return []
        try:
            m = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise CheckpointError(f"checkpoint manifest {self.manifest} is not valid JSON ({e})", _DAMAGED) from None
        except OSError as e:
            raise CheckpointError(f"cannot read checkpoint manifest {self.manifest}: {e.strerror}", _DAMAGED) from None
        problem = manifest_problem(m, self.k)
        if problem:
            raise CheckpointError(f"checkpoint manifest {self.manifest} is damaged: {problem}", _DAMAGED)
        self._check(m)
        paths = {kind: self.ckpt.dir / f["name"] for kind, f in m["files"].items()}
        for kind, f in m["files"].items():
            try:
                size, sha1 = file_digest(paths[kind])
            except OSError as e:
                raise CheckpointError(f"checkpoint file {paths[kind]} named in {self.manifest} cannot be read "
                                      f"({e.strerror})", _DAMAGED) from None
            if sha1 != f["sha1"] or size != f.get("size", size):
                raise CheckpointError(f"checkpoint file {paths[kind]} does not match the size and sha1 in "
                                      f"{self.manifest} (truncated or changed)", _DAMAGED)
        try:
            self._load_params(paths["params"])
            if "arrays" in paths:
                set_block_state(self.net, nd.load(str(paths["arrays"])))
            if self.trainer is not None:
                self.trainer.load_states(str(paths["states"]))
        except GluonlabError as e:
            raise CheckpointError(e.message, _DAMAGED) from None
        py, npy = m["rng"]["python"], m["rng"]["numpy"]
        random.setstate((py[0], tuple(py[1]), py[2]))
        np.random.set_state((npy[0], np.array(npy[1], dtype=np.uint32), *npy[2:]))
        self.saved_epoch = m["epoch"]
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
            raise CheckpointError(f"checkpoint {self.manifest} does not match this training loop", _DAMAGED)

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
            raise CheckpointError(f"checkpoint {path} holds {[s.shape for s in saved]}, the model has "
                                  f"{[p.shape for p in self.params]}", _DAMAGED)
        for p, s in zip(self.params, saved):
            p[:] = s.as_in_context(p.context)


# --- the manifest's schema: every field with its type and shape, checked before anything is restored ---

_U32 = 2 ** 32 - 1
_SHA1 = re.compile(r"^[0-9a-f]{40}$")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _ints(values, length, low, high):
    """'' when `values` is a list of `length` integers in [low, high], else what is wrong with it."""
    if not isinstance(values, list):
        return f"must be a list of {length} integers, is {_type(values)}"
    if len(values) != length:
        return f"must hold {length} integers, holds {len(values)}"
    bad = next((i for i, v in enumerate(values) if not _is_int(v) or not low <= v <= high), None)
    return "" if bad is None else f"item {bad} must be an integer from {low} to {high}, is {values[bad]!r:.40}"


def _type(v):
    return {dict: "an object", list: "a list", str: "a text", bool: "true/false", type(None): "null",
            int: "an integer", float: "a number"}.get(type(v), type(v).__name__)


def manifest_problem(m, k):
    """'' when manifest `m` (parsed JSON) is one stage `k` could have written, else 'field X: what is wrong'.

    Checked: stage, epoch, seed, config, history (one entry per epoch, numbered 1..epoch, with the figures the
    restored lines print), files (params always; states and arrays optional; names of this stage and epoch,
    40-hex sha1s, sizes) and the RNG states (python: version, 625 words, gauss or null; numpy: MT19937, 624
    words, position 0..624, has_gauss 0/1, cached gaussian)."""
    def at(field, problem):
        return f"field {field} {problem}"
    if not isinstance(m, dict):
        return at("(top level)", f"must be an object, is {_type(m)}")
    for name in ("stage", "epoch", "history", "seed", "config", "files", "rng"):
        if name not in m:
            return at(name, "is missing")
    for name in ("stage", "epoch", "seed"):
        if not _is_int(m[name]):
            return at(name, f"must be an integer, is {_type(m[name])}")
    if m["stage"] != k:
        return at("stage", f"must be {k} (this is fit{k}.json), is {m['stage']}")
    if m["epoch"] < 1:
        return at("epoch", f"must be at least 1, is {m['epoch']}")
    if not 0 <= m["seed"] <= _U32:
        return at("seed", f"must be an integer from 0 to {_U32}, is {m['seed']}")
    if not isinstance(m["config"], dict):
        return at("config", f"must be an object, is {_type(m['config'])}")
    history = m["history"]
    if not isinstance(history, list) or len(history) != m["epoch"]:
        return at("history", f"must be a list of {m['epoch']} entries (one per epoch), is "
                             + (f"a list of {len(history)}" if isinstance(history, list) else _type(history)))
    for i, entry in enumerate(history):
        if not isinstance(entry, dict):
            return at(f"history[{i}]", f"must be an object, is {_type(entry)}")
        if entry.get("epoch") != i + 1 or not _is_int(entry.get("epoch")):
            return at(f"history[{i}].epoch", f"must be {i + 1}, is {entry.get('epoch')!r:.40}")
        for key in ("loss", "train_acc", "test_acc", "wall_s"):
            if not _is_number(entry.get(key)):
                return at(f"history[{i}].{key}", f"must be a number, is {_type(entry.get(key))}")
    files = m["files"]
    if not isinstance(files, dict):
        return at("files", f"must be an object, is {_type(files)}")
    if "params" not in files:
        return at("files.params", "is missing")
    for kind, f in files.items():
        if kind not in KINDS:
            return at(f"files.{kind:.40}", f"is not one of {', '.join(KINDS)}")
        if not isinstance(f, dict):
            return at(f"files.{kind}", f"must be an object, is {_type(f)}")
        name = f"fit{k}-epoch{m['epoch']}.{kind}"
        if f.get("name") != name:
            return at(f"files.{kind}.name", f"must be {name}, is {f.get('name')!r:.60}")
        if not isinstance(f.get("sha1"), str) or not _SHA1.match(f["sha1"]):
            return at(f"files.{kind}.sha1", f"must be 40 hex digits, is {f.get('sha1')!r:.60}")
        if "size" in f and (not _is_int(f["size"]) or f["size"] < 0):
            return at(f"files.{kind}.size", f"must be a non-negative integer, is {f['size']!r:.40}")
    rng = m["rng"]
    if not isinstance(rng, dict):
        return at("rng", f"must be an object, is {_type(rng)}")
    py, npy = rng.get("python"), rng.get("numpy")
    if not isinstance(py, list) or len(py) != 3:
        return at("rng.python", "must be a list of 3 (version, state words, gauss) "
                                f"is {_type(py)}" + (f" of {len(py)}" if isinstance(py, list) else ""))
    if py[0] != 3:
        return at("rng.python[0]", f"must be 3 (the generator's version), is {py[0]!r:.40}")
    problem = _ints(py[1], 625, 0, _U32)
    if problem:
        return at("rng.python[1]", problem)
    if py[1][-1] > 624:
        return at("rng.python[1][624]", f"must be a position from 0 to 624, is {py[1][-1]}")
    if py[2] is not None and not _is_number(py[2]):
        return at("rng.python[2]", f"must be a number or null, is {_type(py[2])}")
    if not isinstance(npy, list) or len(npy) != 5:
        return at("rng.numpy", "must be a list of 5 (name, state words, position, has_gauss, gauss), is "
                               f"{_type(npy)}" + (f" of {len(npy)}" if isinstance(npy, list) else ""))
    if npy[0] != "MT19937":
        return at("rng.numpy[0]", f"must be 'MT19937', is {npy[0]!r:.40}")
    problem = _ints(npy[1], 624, 0, _U32)
    if problem:
        return at("rng.numpy[1]", problem)
    if not _is_int(npy[2]) or not 0 <= npy[2] <= 624:
        return at("rng.numpy[2]", f"must be a position from 0 to 624, is {npy[2]!r:.40}")
    if npy[3] not in (0, 1) or not _is_int(npy[3]):
        return at("rng.numpy[3]", f"must be 0 or 1, is {npy[3]!r:.40}")
    if not _is_number(npy[4]):
        return at("rng.numpy[4]", f"must be a number, is {_type(npy[4])}")
    return ""
