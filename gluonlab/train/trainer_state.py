"""A Trainer's optimizer state saved and loaded without pickle: arrays in MXNet's own format, scalars in JSON.

gluon.Trainer.save_states pickles (updater states, optimizer), and load_states unpickles whatever file it is
given; a pickle runs code when it is loaded, so a checkpoint from someone else could run anything. Checkpoints
(train/checkpoint.py) use save/load here instead. save(trainer, path) writes one nd.save file: the state arrays
("a0", "a1", ...) and "meta", a uint8 array holding UTF-8 JSON: the optimizer's class name, its scalar
attributes (learning rate, update counts, ...), its lr_scheduler's, and each parameter's state as a tree of
array keys, nulls, numbers, tuples and lists. load(trainer, data) checks all of it against the trainer (same
optimizer class, parameter indices in range, each state shaped as the optimizer would make it) before it
changes anything. gluon.Trainer orders a ParameterDict's parameters by name, and names carry process-wide
counters (dense3_weight), so the same model built later in a process can order its parameters differently;
given `keys` (each trainer parameter's name within its model, stable across processes), save records them
and load moves every state and count to the index its key has now. The trainer keeps its own optimizer
object; only the state and the scalars are set, as gluon's load_states would leave them. Old pickled files
are refused, not loaded.
"""
import json

import mxnet as mx
import numpy as np
from mxnet import base, nd

from ..errors import DataError
from ..models.checkpoint import save_ndarrays

FORMAT = "gluonlab-trainer-states/1"
_SCALARS = (int, float, bool, str, type(None))
_REFUSE_PICKLE = ("it holds optimizer states in the old pickled form, which can run code when it is loaded, "
                  "so gluonlab does not load it")


class TrainerStateError(DataError):
    """A trainer state file that is damaged, pickled, or from another optimizer or model."""


def _updaters(trainer):
    if trainer._update_on_kvstore:
        return [trainer._kvstore._updater]
    return trainer._updaters


def _prepare(trainer):
    """What gluon's save_states/load_states do first: the kvstore and the parameters set up."""
    if not trainer._kv_initialized:
        trainer._init_kvstore()
    if trainer._params_to_init:
        trainer._init_params()


def _scalars(obj):
    return {k: v for k, v in vars(obj).items() if type(v) in _SCALARS and k != "param_dict"}


def _encode(value, arrays):
    if value is None or type(value) in (int, float, bool):
        return value
    if isinstance(value, nd.NDArray):
        arrays[f"a{len(arrays)}"] = value.copyto(mx.cpu())
        return {"array": f"a{len(arrays) - 1}"}
    if isinstance(value, (tuple, list)):
        return {type(value).__name__: [_encode(v, arrays) for v in value]}
    raise TypeError(f"cannot save an optimizer state of type {type(value).__name__}")


def save(trainer, path, keys=None):
    """Write the trainer's optimizer state to `path` (atomically, read back and checked); (size, sha1).
    keys: a stable name for each of trainer._params (see param_keys), or None to record indices only."""
    _prepare(trainer)
    updater, opt = _updaters(trainer)[0], trainer._optimizer
    arrays = {}
    current = next(dev for dev, counts in opt._all_index_update_counts.items() if counts is opt._index_update_count)
    sched = opt.lr_scheduler
    meta = {"format": FORMAT, "optimizer": type(opt).__name__, "scalars": _scalars(opt),
            "counts": [[dev, sorted(counts.items())] for dev, counts in opt._all_index_update_counts.items()],
            "current": current,
            "scheduler": None if sched is None else {"class": type(sched).__name__, "scalars": _scalars(sched)},
            "states": [[idx, _encode(state, arrays)] for idx, state in updater.states.items()]}
    if keys is not None:
        meta["keys"] = list(keys)
    text = json.dumps(meta, sort_keys=True).encode("utf-8")
    arrays["meta"] = nd.array(np.frombuffer(text, dtype=np.uint8), dtype="uint8")
    return save_ndarrays(arrays, path)


def param_keys(net, trainer):
    """Each trainer parameter's name within `net` (the names save_parameters writes: no counters), or None
    when the trainer holds a parameter that is not the net's."""
    names = {id(p): name for name, p in net._collect_params_with_prefix().items()}
    keys = [names.get(id(p)) for p in trainer._params]
    return keys if None not in keys and len(set(keys)) == len(keys) else None


def _reindex(meta, keys):
    """meta with its states and counts moved to the index each saved key has in `keys` (this trainer's);
    an error text when the two key lists do not name the same parameters."""
    saved = meta.get("keys")
    if keys is None or saved is None:
        return meta, ""
    if not (isinstance(saved, list) and sorted(map(str, saved)) == sorted(keys)):
        return meta, "it was saved for a model with other parameters"
    where = {k: i for i, k in enumerate(keys)}
    move = {i: where[k] for i, k in enumerate(saved)}
    try:
        return {**meta,
                "states": [[move[i], tree] for i, tree in meta["states"]],
                "counts": [[dev, [[move[i], n] for i, n in counts]] for dev, counts in meta["counts"]]}, ""
    except (KeyError, TypeError, ValueError):
        return meta, "its parameter indices are malformed or out of range"


def load(trainer, data, path, keys=None):
    """Give `trainer` the optimizer state in `data` (the bytes of a file save wrote; `path` names it in
    messages); keys: as for save. Everything is checked first: a damaged, pickled or foreign file raises
    TrainerStateError and leaves the trainer as it was."""
    _prepare(trainer)
    saved, meta = _parse(data, path)
    opt = trainer._optimizer
    meta, problem = _reindex(meta, keys) if isinstance(meta, dict) else (meta, "")
    problem = problem or _problem(trainer, meta, saved)
    if problem:
        raise TrainerStateError(f"trainer state {path} does not fit this training: {problem}",
                                "resume with the same model and optimizer, or start over")
    for updater in _updaters(trainer):
        updater.states = {idx: _decode(tree, saved) for idx, tree in meta["states"]}
        updater.states_synced = dict.fromkeys(updater.states, False)   # moved to each weight's context on use
    _set_scalars(opt, meta["scalars"])
    opt._all_index_update_counts = {dev: dict(map(tuple, counts)) for dev, counts in meta["counts"]}
    opt._index_update_count = opt._all_index_update_counts[meta["current"]]
    if meta["scheduler"] is not None:
        _set_scalars(opt.lr_scheduler, meta["scheduler"]["scalars"])


def _parse(data, path):
    """(arrays, meta) from a file's bytes; TrainerStateError for a pickle or anything nd.load cannot read."""
    if data[:1] == b"\x80":                       # a pickle (protocol 2 or later), as gluon's save_states writes
        raise TrainerStateError(f"trainer state {path}: {_REFUSE_PICKLE}",
                                "start over without --resume (the file is left in place)")
    try:
        saved = nd.load_frombuffer(data)
        text = saved["meta"].asnumpy().tobytes().decode("utf-8") if isinstance(saved, dict) else ""
        meta = json.loads(text)
    except (base.MXNetError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise TrainerStateError(f"trainer state {path} is not one gluonlab wrote, or is damaged "
                                f"({str(err).strip().splitlines()[-1][:200] if str(err).strip() else err!r})",
                                "start over without --resume (the file is left in place)") from None
    return saved, meta


def _problem(trainer, meta, saved):
    """'' when `meta` describes a state this trainer could have saved, else what is wrong."""
    opt = trainer._optimizer
    shape = {"format": str, "optimizer": str, "scalars": dict, "counts": list, "states": list}
    bad = next((k for k, t in shape.items() if not isinstance(meta, dict) or not isinstance(meta.get(k), t)), None)
    if bad:
        return f"its field {bad} is missing or of the wrong type"
    if meta["format"] != FORMAT:
        return f"its format is {meta['format'][:60]!r}, not {FORMAT!r}"
    if meta["optimizer"] != type(opt).__name__:
        return f"it holds {meta['optimizer'][:60]} state, this trainer uses {type(opt).__name__}"
    if not all(type(v) in _SCALARS for v in meta["scalars"].values()):
        return "its scalars are not all numbers, texts or null"
    try:
        counts = {dev: dict(map(tuple, c)) for dev, c in meta["counts"]}
        if meta["current"] not in counts or not all(_is_count(i, n, trainer) for c in counts.values()
                                                    for i, n in c.items()):
            return "its update counts are malformed"
    except (TypeError, ValueError):
        return "its update counts are malformed"
    sched = meta.get("scheduler")
    if (sched is None) != (opt.lr_scheduler is None) or (sched is not None and (
            not isinstance(sched, dict) or sched.get("class") != type(opt.lr_scheduler).__name__
            or not isinstance(sched.get("scalars"), dict))):
        return "its learning-rate scheduler differs from this trainer's"
    for entry in meta["states"]:
        if not (isinstance(entry, list) and len(entry) == 2 and _is_index(entry[0], trainer)):
            return f"a state's parameter index is malformed or out of range ({str(entry)[:60]})"
        param = trainer._params[entry[0]]
        expected = opt.create_state_multi_precision(entry[0], param.list_data()[0])
        if not _same_shape(entry[1], expected, saved):
            return f"the state of parameter {entry[0]} ({param.name}) is not shaped as {type(opt).__name__} makes it"
    return ""


def _is_index(i, trainer):
    return type(i) is int and 0 <= i < len(trainer._params)


def _is_count(i, n, trainer):
    return _is_index(i, trainer) and type(n) is int and n >= 0


def _same_shape(tree, expected, saved):
    """Whether the encoded `tree` has the structure, shapes and dtypes of the fresh state `expected`."""
    if expected is None or type(expected) in (int, float, bool):
        return tree is None or type(tree) is type(expected)
    if isinstance(expected, nd.NDArray):
        key = tree.get("array") if isinstance(tree, dict) and len(tree) == 1 else None
        got = saved.get(key) if isinstance(key, str) and key != "meta" else None
        return got is not None and got.shape == expected.shape and got.dtype == expected.dtype
    kind = type(expected).__name__
    items = tree.get(kind) if isinstance(tree, dict) and len(tree) == 1 else None
    return (isinstance(items, list) and len(items) == len(expected)
            and all(_same_shape(t, e, saved) for t, e in zip(items, expected)))


def _decode(tree, saved):
    if not isinstance(tree, dict):
        return tree
    if "array" in tree:
        return saved[tree["array"]].copy()
    kind, items = next(iter(tree.items()))
    values = [_decode(t, saved) for t in items]
    return tuple(values) if kind == "tuple" else values


def _set_scalars(obj, scalars):
    """Set the saved scalar attributes that `obj` has, each only where the kinds agree (a number for a number)."""
    current = vars(obj)
    for name, value in scalars.items():
        if name not in current or name == "param_dict" or type(current[name]) not in _SCALARS:
            continue
        now = current[name]
        numbers = all(type(v) in (int, float) for v in (now, value))
        if numbers or type(now) is type(value) or now is None or value is None:
            setattr(obj, name, value)
