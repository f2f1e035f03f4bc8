"""Which kvstore a run's Trainer uses, and which part of each minibatch this worker trains on.

One process: `make_trainer` builds a Trainer with kvstore 'device' (GPUs sum gradients among themselves;
'local' sums on the CPU), set by GLUONLAB_KVSTORE. Under `gluonlab launch` every worker has
GLUONLAB_KVSTORE=dist_sync (or dist_async): the Trainer gets the one distributed KVStore of the process, and
`fit` trains each worker on its rank's slice of every global minibatch. All workers draw the same global
minibatches (same seed), so with dist_sync the servers sum the slices' gradients into the global batch's
gradient, and `trainer.step(batch_size)` with the *global* batch size then gives exactly single-process training
(measured: tests/test_distributed.py; step(local batch) would take num_workers times that step).
"""
import os

import mxnet as mx
from mxnet import gluon

from ..errors import ConfigError
from .trainer import Trainer

ENV = "GLUONLAB_KVSTORE"
_KVSTORES = ("device", "local", "dist_sync", "dist_async", "dist_device_sync")
_dist_kv = None   # the process's one distributed KVStore (ps-lite connects once per process)
_dist_trainers = 0


def kvstore_type():
    """The kvstore named by GLUONLAB_KVSTORE ('device' when unset)."""
    name = os.environ.get(ENV, "device") or "device"
    if name not in _KVSTORES:
        raise ConfigError(f"{ENV}={name!r} is not a kvstore gluonlab knows", f"use one of {', '.join(_KVSTORES)}")
    return name


def is_distributed():
    return kvstore_type().startswith("dist")


def kvstore():
    """The kvstore to hand a Trainer: a name, or the process's distributed KVStore (created once)."""
    global _dist_kv
    name = kvstore_type()
    if not name.startswith("dist"):
        return name
    if _dist_kv is None:
        _dist_kv = mx.kv.create(name)
    return _dist_kv


def rank_and_size():
    """(rank, num_workers) of this process: (0, 1) outside a distributed launch."""
    if not is_distributed():
        return 0, 1
    kv = kvstore()
    return kv.rank, kv.num_workers


def make_trainer(params, optimizer, optimizer_params=None):
    """train.Trainer (gluon.Trainer with the CPU SGD steps of train.trainer) on the run's kvstore."""
    global _dist_trainers
    if is_distributed():
        # a second Trainer would re-init the same keys (0, 1, ...) on the servers and hang every worker
        if _dist_trainers:
            raise ConfigError("a distributed worker can train through one Trainer only",
                              "run one training per `gluonlab launch` (sections check train.is_distributed())")
        _dist_trainers += 1
    return Trainer(params, optimizer, optimizer_params, kvstore=kvstore())


def check_trainer(trainer):
    """Refuse, under a distributed launch, a loop that would train each worker alone on its shard."""
    if not is_distributed():
        return
    if trainer is None or trainer._kvstore_params.get("kvstore") is not _dist_kv:
        raise ConfigError("this section does not train through the distributed kvstore",
                          "build its Trainer with gluonlab.train.make_trainer(params, optimizer, optimizer_params) "
                          "(scratch sgd updates cannot run under `gluonlab launch`)")


def shard_batch(X, y):
    """This worker's slice of a global minibatch (the whole batch outside a distributed launch)."""
    rank, size = rank_and_size()
    if size == 1:
        return X, y
    if X.shape[0] < size:
        raise ConfigError(f"a minibatch of {X.shape[0]} examples cannot feed {size} workers",
                          "use a batch_size of at least the number of workers")
    return (gluon.utils.split_data(X, size, even_split=False)[rank],
            gluon.utils.split_data(y, size, even_split=False)[rank])
