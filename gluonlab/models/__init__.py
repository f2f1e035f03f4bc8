"""HybridBlocks with the book's architectures, registered with @model next to their definitions.

names(), entry() and get() first import every module of this package, so that each has registered its models
into registry.py (which imports none of them).
"""
import importlib
import pkgutil

from . import registry, shapes
from .registry import model  # noqa: F401  (the decorator, for models defined outside this package)


def _load_all():
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def names():
    """Every registered model name, sorted."""
    _load_all()
    return registry.names()


def entry(name):
    """The ModelEntry of the registered model `name` (ConfigError naming the registered ones if none)."""
    _load_all()
    return registry.entry(name)


def get(name, **kwargs):
    """A new, uninitialized instance of the registered model `name`; a wrong input shape is an InputShapeError."""
    return shapes.guard(entry(name).factory(**kwargs), name)
