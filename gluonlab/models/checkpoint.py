"""4.5 Saving and loading parameters, atomically and with a clear error. Book: d2l-zh v1 §4.5."""
import os

from mxnet import base, nd

from ..array_files import (ParameterFileError, _last_line, _save_checked, load_ndarrays,  # noqa: F401 (re-exported)
                           save_ndarrays)


def save_parameters(net, path):
    """net.save_parameters(path), written to a temp file, read back and checked, then renamed, so a crash or a
    full disk leaves no half file. Returns (size, sha1) of the file."""
    expected = {name: p._reduce() for name, p in net._collect_params_with_prefix().items()}  # what MXNet saves
    return _save_checked(path, lambda tmp: net.save_parameters(tmp), expected)


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
