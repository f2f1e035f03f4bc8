"""Model registry: `@model(name, example_input)` beside each factory; names() and get() for users and tests."""
import importlib
import pkgutil
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


def _load_all():
    from .. import models
    for info in pkgutil.iter_modules(models.__path__):
        if info.name != "registry":
            importlib.import_module(f"{models.__name__}.{info.name}")


def names():
    """Every registered model name, sorted."""
    _load_all()
    return sorted(_MODELS)


def entry(name):
    _load_all()
    if name not in _MODELS:
        raise ConfigError(f"unknown model {name!r}", f"registered models: {', '.join(sorted(_MODELS))}")
    return _MODELS[name]


def get(name, **kwargs):
    """A new, uninitialized instance of the registered model `name`; a wrong input shape is an InputShapeError."""
    from .shapes import guard
    return guard(entry(name).factory(**kwargs), name)
