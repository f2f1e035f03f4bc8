"""RunConfig: what every run shares; sections subclass it with the book's hyperparameters as defaults."""
import dataclasses
import typing
from dataclasses import dataclass
from typing import ClassVar

from . import devices
from .errors import ConfigError


@dataclass(frozen=True)
class RunConfig:
    """Shared run settings. `QUICK` holds a subclass's overrides for --quick smoke runs."""

    seed: int = 0
    ctx: str = "cpu"
    hybridize: bool = True
    quick: bool = False
    QUICK: ClassVar[dict] = {}

    def contexts(self):
        """Every context named by `ctx`."""
        return devices.parse_ctx(self.ctx)

    def context(self):
        """The first context named by `ctx`."""
        return self.contexts()[0]


def field_names(cfg_cls):
    return [f.name for f in dataclasses.fields(cfg_cls)]


def _convert(cfg_cls, name, value):
    """Turn a CLI string into the field's type; a wrong type is a ConfigError naming the field."""
    hint = typing.get_type_hints(cfg_cls)[name]
    if not isinstance(value, str):
        return value
    origin = typing.get_origin(hint)
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if origin is typing.Union and args:
        if value.lower() in ("none", "null", ""):
            return None
        hint = args[0]
    try:
        if hint is bool:
            if value.lower() in ("1", "true", "yes", "on"):
                return True
            if value.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if hint in (int, float, str):
            return hint(value)
        container = typing.get_origin(hint) or hint
        if container in (tuple, list):
            inner = (typing.get_args(hint) or (str,))[0]
            inner = inner if inner in (int, float, str) else str
            return container(inner(v) for v in value.split(",") if v != "")
    except ValueError:
        raise ConfigError(f"option {name} expects {getattr(hint, '__name__', hint)}, got {value!r}") from None
    return value


def make_config(cfg_cls, quick=False, **overrides):
    """Build a config: defaults, then QUICK overrides if quick, then explicit overrides (validated)."""
    names = field_names(cfg_cls)
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise ConfigError(f"unknown option(s) {', '.join(unknown)} for {cfg_cls.__module__}",
                          f"valid options: {', '.join(names)}")
    values = dict(cfg_cls.QUICK) if quick else {}
    values.update({k: _convert(cfg_cls, k, v) for k, v in overrides.items()})
    cfg = cfg_cls(quick=quick, **values)
    validate(cfg)
    return cfg


_POSITIVE = ("num_epochs", "batch_size", "num_hiddens", "num_steps", "k", "pred_len", "pred_period")
_DATA_SIZES = ("num_examples", "n_train", "max_examples")
_NON_NEGATIVE = ("lr", "wd", "weight_decay", "lambd", "clipping_theta")


def validate(cfg):
    """Refuse impossible hyperparameters with a message naming the field."""
    for name in field_names(type(cfg)):
        value = getattr(cfg, name)
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if name in _POSITIVE and value <= 0:
            raise ConfigError(f"{name} must be positive, got {value}")
        if (name in _NON_NEGATIVE or name.startswith("lr")) and value < 0:
            raise ConfigError(f"{name} must not be negative, got {value}")
        if "drop_prob" in name and not 0 <= value < 1:
            raise ConfigError(f"{name} must lie in [0, 1), got {value}")
    batch_size = getattr(cfg, "batch_size", None)
    for name in _DATA_SIZES:
        size = getattr(cfg, name, None)
        if batch_size and size and batch_size > size:      # max_examples=0 means the whole data set
            raise ConfigError(f"batch_size {batch_size} is larger than the data ({name}={size})",
                              f"use --batch-size {size} or less, or more data (--{name.replace('_', '-')})")
