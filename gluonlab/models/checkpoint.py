"""4.5 Saving and loading parameters, atomically and with a clear error. Book: d2l-zh v1 §4.5."""
import errno
import os

import numpy as np
from mxnet import base, nd

from ..errors import DataError, output_error
from ..records import atomic_path, file_digest


class ParameterFileError(DataError):
    """A parameter file that does not fit the network it is loaded into."""


def save_parameters(net, path):
    """net.save_parameters(path), written to a temp file, read back and checked, then renamed, so a crash or a
    full disk leaves no half file. Returns (size, sha1) of the file."""
    expected = {name: p._reduce() for name, p in net._collect_params_with_prefix().items()}  # what MXNet saves
    return _save_checked(path, lambda tmp: net.save_parameters(tmp), expected)


def save_ndarrays(obj, path):
    """nd.save(path, obj) for an NDArray, a list or a dict of them, atomically and checked; returns (size, sha1)."""
    return _save_checked(path, lambda tmp: nd.save(tmp, obj), obj)


def load_ndarrays(data, path):
    """The NDArray list or dict in `data`, the bytes of an nd.save file (`path` names it in messages): MXNet's own
    format, which holds arrays only (no code). ParameterFileError when the bytes are not such a file."""
    try:
        return nd.load_frombuffer(data)
    except (base.MXNetError, ValueError, TypeError) as err:
        raise ParameterFileError(f"{path} is not an MXNet array file, or is truncated or corrupt "
                                 f"({_last_line(err)})", "point to a file written by nd.save, or save it again") \
            from None


def _save_checked(path, write, expected):
    """Let MXNet `write` the temp file; before the rename confirm that it reads back to the arrays in `expected`
    (names, shapes, dtypes, values) and take its size and sha1. A failed or short write is an OutputError
    naming `path` with the OS's reason; the file under `path`, if any, stays as it was."""
    digest = {}

    def verify(tmp):
        problem = _read_back_problem(tmp, expected)
        if problem:
            raise OSError(errno.ENOSPC if _disk_full(tmp) else errno.EIO, problem, str(tmp))
        digest["size"], digest["sha1"] = file_digest(tmp)

    try:
        with atomic_path(path, verify=verify) as tmp:
            write(tmp)
    except base.MXNetError as err:       # dmlc's FileStream.Write incomplete: the OS refused bytes
        raise output_error(path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) if _disk_full(path) else
                           OSError(errno.EIO, _last_line(err))) from None
    return digest["size"], digest["sha1"]


def _read_back_problem(tmp, expected):
    """'' when the file at tmp holds exactly `expected` (NDArray, list or dict of them), else what differs."""
    try:
        saved = nd.load(str(tmp))
    except (base.MXNetError, ValueError, OSError) as err:
        return f"the file written does not read back ({_last_line(err)})"
    if isinstance(expected, nd.NDArray):
        expected = [expected]
    if isinstance(expected, dict) != isinstance(saved, dict) or len(saved) != len(expected):
        return "the file written holds other arrays than were saved"
    pairs = ([(saved.get(k), v) for k, v in expected.items()] if isinstance(expected, dict)
             else list(zip(saved, expected)))
    for got, want in pairs:
        if got is None or got.shape != want.shape or got.dtype != want.dtype:
            return "the file written holds other arrays than were saved"
        if got.size and not np.array_equal(got.asnumpy(), want.asnumpy(), equal_nan=True):
            return "the file written reads back with other values"
    return ""


def _disk_full(path):
    """True when the filesystem holding `path` has no room left for a small write."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < (1 << 20)


def _last_line(err):
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[-1][:300] if lines else type(err).__name__


def block_state(net, prefix=""):
    """{'1.moving_mean': NDArray, ...}: the arrays named by STATE on `net` and its descendants (structural names,
    as in _collect_params_with_prefix). Such arrays (a scratch BatchNorm's moving statistics) are not Parameters,
    so save_parameters leaves them out."""
    state = {prefix + name: getattr(net, name) for name in getattr(net, "STATE", ())}
    for child_name, child in net._children.items():
        state.update(block_state(child, f"{prefix}{child_name}."))
    return state


def set_block_state(net, saved):
    """Give `net` the block_state arrays in `saved` (the same names and shapes), each on its current context."""
    current = block_state(net)
    if sorted(current) != sorted(saved) or any(current[k].shape != saved[k].shape for k in current):
        raise ParameterFileError(f"the saved state {sorted((k, v.shape) for k, v in saved.items())} does not fit "
                                 f"{type(net).__name__}: {sorted((k, v.shape) for k, v in current.items())}",
                                 "load it into the architecture that saved it")
    for name, array in saved.items():
        *path, attr = name.split(".")
        block = net
        for child in path:
            block = block._children[child]
        setattr(block, attr, array.as_in_context(current[name].context))


def load_parameters(net, path, ctx=None, **kwargs):
    """net.load_parameters(path, ctx), checked first: a corrupt file or one from another architecture raises
    ParameterFileError naming the file and the network, and leaves the network's parameters as they were."""
    model = type(net).__name__
    if not os.path.isfile(path):
        raise ParameterFileError(f"no parameter file at {path} (to load into {model})",
                                 "save one first with save_parameters(net, path)")
    try:
        saved = nd.load(str(path))
    except (base.MXNetError, ValueError) as err:
        raise ParameterFileError(f"{path} is not an MXNet parameter file, or is truncated or corrupt "
                                 f"(loading into {model})",
                                 "point to a file written by save_parameters, or save it again") from err
    problem = _mismatch(net, saved, kwargs) if isinstance(saved, dict) else "it holds a list, not named parameters"
    try:
        if problem:
            raise AssertionError(problem)
        net.load_parameters(str(path), ctx=ctx, **kwargs)
    except (AssertionError, base.MXNetError) as err:
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ParameterFileError(
            f"{path} does not fit {model}: {detail}\n"
            f"  file holds {sorted(saved) if isinstance(saved, dict) else len(saved)}\n"
            f"  network expects {sorted(net._collect_params_with_prefix())}",
            "load it into the architecture that saved it (same layers and sizes), "
            "or pass allow_missing=True / ignore_extra=True for a partial load") from err
    return net


def _mismatch(net, saved, kwargs):
    """Why `saved` (name -> NDArray) cannot load into `net`, or '' (checked before anything is loaded)."""
    params = net._collect_params_with_prefix()
    if not any("." in name for name in saved):
        return ""                                  # the legacy prefixed format: MXNet checks it itself
    missing = [] if kwargs.get("allow_missing") else sorted(set(params) - set(saved))
    extra = [] if kwargs.get("ignore_extra") else sorted(set(saved) - set(params))
    if missing or extra:
        return f"missing in the file: {missing}; not in the network: {extra}"
    for name, param in params.items():
        shape = param.shape or ()
        if name in saved and shape and (len(shape) != saved[name].ndim or
                                        any(a not in (0, b) for a, b in zip(shape, saved[name].shape))):
            return f"shape incompatible: {name} is {saved[name].shape} in the file, {shape} in the network"
    return ""


def copy_parameters(src, dst, *inputs):
    """Give `dst` the values of `src`'s parameters, matched by structural name ('hidden.weight').

    Both are run once on `inputs` (if given) to finish deferred initialization; `dst` is initialized first.
    """
    src_params, dst_params = src._collect_params_with_prefix(), dst._collect_params_with_prefix()
    if sorted(src_params) != sorted(dst_params):
        raise ParameterFileError(f"{type(src).__name__} and {type(dst).__name__} have different parameters",
                                 f"{sorted(src_params)} vs {sorted(dst_params)}")
    ctx = next(iter(src_params.values())).list_ctx()
    dst.initialize(ctx=ctx)
    if inputs:
        src(*inputs)
        dst(*inputs)
    for name, param in dst_params.items():
        param.set_data(src_params[name].data())
    return dst
