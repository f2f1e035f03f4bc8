"""Model registry: `@model(name, example_input)` beside each factory. It imports none of them: gluonlab.models
loads them all for its names(), entry() and get(), the lookups users and tests call."""
from dataclasses import dataclass
from typing import Callable

from ..errors import ConfigError


@dataclass(frozen=True)
class ModelEntry:
    name: str
    factory: Callable            # factory(**kwargs) -> HybridBlock (not initialized)
    example_input: Callable      # example_input(batch_size=2) -> tuple of NDArrays for forward
    init: object = None          # initializer the book uses for it (None: the default Uniform(0.07))
    train_mode_random: bool = False   # forward in train mode draws random numbers (dropout)
    doc: str = ""
    parity_lr: float = 0.1       # the parity test's SGD steps; deep nets need a smaller one (see model())


_MODELS = {}


def model(name, example_input, init=None, train_mode_random=False, parity_lr=0.1):
    """Register a model factory under lower_snake `name` with an example input builder.

    parity_lr: the learning rate of the parity test's three SGD steps. At 0.1 a deep ReLU net on a batch of two
    amplifies float32 rounding about 20x a step (GoogLeNet: 1e-6 after one, 2.4e-5 after two, 4.6e-4 after
    three), so the steps would test chaos, not the graph; such a net registers a smaller one."""
    def wrap(factory):
        if name in _MODELS:
            raise ValueError(f"model {name!r} registered twice")
        _MODELS[name] = ModelEntry(name, factory, example_input, init, train_mode_random,
                                   (factory.__doc__ or "").strip().split("\n")[0], parity_lr)
        return factory
    return wrap


def names():
    """The names registered so far, sorted (gluonlab.models.names() registers every model first)."""
    return sorted(_MODELS)


def entry(name):
    """The ModelEntry of `name` among those registered so far (gluonlab.models.entry() registers every model first)."""
    if name not in _MODELS:
        raise ConfigError(f"unknown model {name!r}", f"registered models: {', '.join(sorted(_MODELS))}")
    return _MODELS[name]
