"""Sizes checked against what MXNet and the machine can hold, with the options that make them and their bounds.

MXNet 1.9.1 (built without USE_INT64_TENSOR_SIZE) refuses a tensor of 2^31 - 1 elements or more, and a run whose
parameters do not fit in memory is killed by the kernel or stops in std::bad_alloc. Inside guard(cfg), which the
runner opens around every section's run:
- every gluon Parameter is checked when its shape is known, before MXNet allocates it: its elements against
  MXNet's limit, and the parameters so far (weight, gradient and optimizer state, float32) against the memory
  the machine has available;
- MXNet's own size and allocation errors (arrays a section makes itself, activations) become the same message.
Each names the options whose values make the size (the int fields of the config that divide it, those changed
from the section's defaults first) and the largest value each could take.
"""
import contextlib
import os
import re

from .config import option_name
from .errors import ConfigError

LIMIT = 2 ** 31 - 2              # the largest tensor MXNet allocates (its check is size < 2^31 - 1)
COPIES = 4                       # a parameter's weight, gradient, optimizer state, and the copy made at init
SHARE = 0.9                      # of the memory available when the run starts
_MXNET_SIZE = re.compile(r"larger than 2\^31 elements|Size of tensor you are trying to allocate")
_MXNET_NUMBERS = re.compile(r"\((\d+) vs\. \d+\)")
_OUT_OF_MEMORY = re.compile(r"bad_alloc|[Oo]ut of memory|Failed to allocate|cannot allocate memory")


class SizeError(ConfigError):
    """A setting that makes a tensor too large for MXNet, or parameters too large for the machine's memory."""


def available_bytes():
    """The memory the machine has available now (MemAvailable), or None where that is unknown."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _defaults(cfg):
    """The section's own settings for this run (its defaults, with its QUICK ones under --quick)."""
    import dataclasses
    default = type(cfg)()
    return dataclasses.replace(default, **type(cfg).QUICK) if cfg.quick else default


def _bound(value, times, size, capacity):
    """The largest v with (size / value^times) * v^times <= capacity."""
    rest = size // value ** times
    v = int((capacity / rest) ** (1 / times))
    while v > 0 and rest * v ** times > capacity:
        v -= 1
    while rest * (v + 1) ** times <= capacity:
        v += 1
    return v


def _bounds(cfg, size, capacity, shape=None):
    """{option: (changed, bound, value)} for the int options of `cfg` that make `size` (elements or bytes): the
    dimensions of `shape` when it is known, else the values that divide size. The bound keeps size within
    `capacity`; changed: the value differs from the section's settings."""
    import dataclasses
    if cfg is None:
        return {}
    default, found = _defaults(cfg), {}
    for f in dataclasses.fields(cfg):
        value = getattr(cfg, f.name)
        if f.name == "seed" or type(value) is not int or value < 2:
            continue
        times = list(shape).count(value) if shape is not None else 0
        if shape is None:
            while size % value ** (times + 1) == 0:
                times += 1
        if times:
            found[option_name(f.name)] = (value != getattr(default, f.name, value),
                                          _bound(value, times, size, capacity), value)
    return found


def _fixes(bounds):
    """'give --x at most N (it is V)' for each option, those changed from the section's settings when any is."""
    texts = [(changed, f"give {name} at most {bound:,} (it is {value:,})")
             for name, (changed, bound, value) in bounds.items()]
    return [text for changed, text in texts if changed] or [text for _, text in texts]


def culprits(cfg, size, capacity, shape=None):
    """The fixes (see _fixes) for `size` made by the options of `cfg` (see _bounds)."""
    return _fixes(_bounds(cfg, size, capacity, shape))


def _error(cfg, what, size, capacity, shape=None, bounds=None):
    fixes = _fixes(bounds) if bounds is not None else culprits(cfg, size, capacity, shape)
    return SizeError(what, "; or ".join(fixes[:3]) if fixes else "lower the sizes of the run (see `gluonlab run "
                                                                  "ID --help`)")


def _elements(shape):
    elements = 1
    for d in shape:
        elements *= int(d)
    return elements


def _beyond_limit(what, shape, elements):
    return (f"{what} of shape {tuple(shape)} has {elements:,} elements, more than MXNet's limit of {LIMIT:,} "
            "(2^31 - 2) elements per array")


def _too_large(cfg, oversized):
    """One SizeError for the parameters (name, shape, elements) beyond MXNet's limit: it names the largest, and
    each option's tightest bound over all of them (a bias of --num-hiddens elements allows far more than the
    weight of --num-hiddens x inputs made later)."""
    tightest = {}
    for _, shape, elements in oversized:
        for name, found in _bounds(cfg, elements, LIMIT, shape).items():
            if name not in tightest or found[1] < tightest[name][1]:
                tightest[name] = found
    name, shape, elements = max(oversized, key=lambda o: o[2])
    return _error(cfg, _beyond_limit(f"parameter {name}", shape, elements), elements, LIMIT, bounds=tightest)


@contextlib.contextmanager
def guard(cfg):
    """Check parameter sizes before MXNet allocates them, and turn MXNet's size errors into SizeError.

    A parameter beyond MXNet's limit is left unallocated and noted, not refused at once: a bias whose shape is
    known at initialize() comes before the weight that input shapes size at the first forward, and the message
    must give the bound the weight sets. MXNet then stops on the unallocated parameter (or the block ends), and
    the guard raises one SizeError for all the oversized parameters seen."""
    from mxnet import base, gluon
    memory, total, oversized = available_bytes(), [0], []
    memory = memory and int(memory * SHARE)
    original = gluon.Parameter._finish_deferred_init

    def checked(param):
        if param._deferred_init:
            elements = _elements(param.shape)
            if elements > LIMIT:
                oversized.append((param.name, tuple(param.shape), elements))
                return None                       # left deferred: the guard reports it (see above)
            total[0] += elements * 4 * COPIES
            if memory and total[0] > memory:
                raise _error(cfg, f"the parameters so far need {total[0] / 2 ** 30:.1f} GiB (weights, gradients, "
                                  f"optimizer states and a copy while they are made, in float32; {param.name} of "
                                  f"shape {tuple(param.shape)} is the last), more than the {memory / 2 ** 30:.1f} "
                                  "GiB of memory this run can use", elements * 4 * COPIES,
                             max(memory - (total[0] - elements * 4 * COPIES), 1), tuple(param.shape) + (4 * COPIES,))
        return original(param)

    gluon.Parameter._finish_deferred_init = checked
    try:
        yield
    except Exception as err:                     # noqa: BLE001 - an unallocated parameter's consequence, or MXNet's
        if oversized:
            raise _too_large(cfg, oversized) from None
        translated = _translated(cfg, err) if isinstance(err, base.MXNetError) else None
        if translated is None:
            raise
        raise translated from None
    finally:
        gluon.Parameter._finish_deferred_init = original
    if oversized:
        raise _too_large(cfg, oversized)


def _translated(cfg, err):
    """A SizeError for MXNet's own size or allocation error, else None."""
    text = str(err)
    if _MXNET_SIZE.search(text):
        numbers = _MXNET_NUMBERS.search(text)
        elements = int(numbers[1]) if numbers else LIMIT + 1
        return _error(cfg, f"an array of {elements:,} elements is larger than MXNet's limit of {LIMIT:,} "
                           "(2^31 - 2) elements per array", elements, LIMIT)
    if _OUT_OF_MEMORY.search(text):
        return SizeError("MXNet could not allocate memory: the run needs more than the machine has "
                         f"({available_bytes() or 0:,} bytes available)",
                         "lower the sizes of the run (hidden units, batch size, data) and try again")
    return None
