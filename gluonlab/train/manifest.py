"""The checkpoint manifest's schema: every field with its type and shape, checked before anything is restored."""
import re

KINDS = ("params", "states", "arrays")
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
