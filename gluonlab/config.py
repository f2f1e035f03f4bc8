"""RunConfig: what every run shares; sections subclass it with the book's hyperparameters as defaults.

Every field is a command-line option of `gluonlab run ID` (num_epochs is --epochs, other names with dashes:
batch_size is --batch-size). What a field accepts is derived from its definition, so a new field is checked
without new code: its type (int, float, bool, str, a tuple of them, Optional), a Literal[...] annotation (the
listed choices), its default (an int that defaults to 1 or more counts something: at least 1), the field's name
for the few rules a type cannot say (learning rates and weight decays are not negative, dropout probabilities
lie in [0, 1)), the field metadata "min"/"max" when a field states its own bounds, and "fixed" for a field the
data sets (3.6's num_inputs: the images' pixels), which keeps its default. What each option means is
in MEANINGS (a test checks that every field of every registered section has one).
"""
import dataclasses
import difflib
import math
import typing
from dataclasses import dataclass, field
from typing import ClassVar

from .errors import ConfigError
from .validate import FLAG, INT_MAX, SEED_MAX, float32_problem, text_problem


@dataclass(frozen=True)
class RunConfig:
    """Shared run settings. `QUICK` holds a subclass's overrides for --quick smoke runs."""

    seed: int = field(default=0, metadata={"min": 0, "max": SEED_MAX})
    ctx: str = "cpu"
    hybridize: bool = True
    quick: bool = False
    QUICK: ClassVar[dict] = {}

    def contexts(self):
        """Every context named by `ctx`."""
        from . import devices          # here: devices loads MXNet, which a refused command line never needs
        return devices.parse_ctx(self.ctx)

    def context(self):
        """The first context named by `ctx`."""
        return self.contexts()[0]


# One line per field name: what the option means (shown by `gluonlab run ID --help`).
MEANINGS = {
    "seed": "seed for every random number generator (an integer from 0 to 2^32 - 1)",
    "ctx": "where to compute: cpu, gpu, gpu:N or a comma list such as gpu:0,gpu:1",
    "hybridize": "compile the network into one graph before training (faster; same numbers)",
    "quick": "small epochs and data for a smoke run",
    "activation": "activation function of the recurrent layer",
    "batch_size": "examples per minibatch",
    "bias": "initial bias of every hidden layer",
    "clipping_theta": "gradient clipping threshold (none: no clipping)",
    "cpu_contexts": "CPU devices that stand in for GPUs when the machine has none",
    "depth": "number of layers in the numerical-stability demonstration",
    "drop_prob1": "dropout probability after the first hidden layer",
    "drop_prob2": "dropout probability after the second hidden layer",
    "faithful": "order the vocabulary exactly as the book's code does (it follows the hash seed)",
    "gluon_lr": "learning rate of the Gluon run (none: the same as --lr)",
    "in_units": "inputs of the layer in the initialization demonstration",
    "init_sigma": "standard deviation of the initial weights (0: the default initializer)",
    "k": "number of folds in k-fold cross-validation",
    "lambd": "weight decay coefficient (the L2 penalty's lambda)",
    "lambds": "weight decay coefficients to compare, a comma list",
    "loader": "how minibatches are read: fast (preloaded arrays) or gluon (the book's DataLoader)",
    "log_epochs": "print a progress line every N epochs (0: none)",
    "lr": "learning rate",
    "max_examples": "use only the first N training examples (0: the whole data set)",
    "n": "number of elements in the demonstration",
    "n_samples": "number of points to draw",
    "n_test": "number of test examples",
    "n_train": "number of training examples",
    "nets": "which networks to train, a comma list",
    "noise": "standard deviation of the noise added to the data",
    "num_batches": "number of minibatches in the demonstration",
    "num_chars": "characters of the corpus to use",
    "num_epochs": "number of passes over the training data",
    "num_examples": "number of examples to generate",
    "num_hiddens": "hidden units per layer",
    "num_hiddens1": "units of the first hidden layer",
    "num_hiddens2": "units of the second hidden layer",
    "num_inputs": "number of input features",
    "num_iters": "iterations of the timed loop",
    "num_layers": "numbers of hidden layers to compare, a comma list",
    "num_outputs": "number of output classes",
    "num_steps": "time steps per minibatch",
    "optimizer": "optimizer of the Gluon run",
    "pred_len": "characters to predict for each prefix",
    "pred_period": "predict sample text every N epochs",
    "prefixes": "text the model continues when it predicts, a comma list",
    "ratio": "divide every VGG block's channels by this (the book trains VGG-11 with 4)",
    "resize": "side of the square images the network sees (Fashion-MNIST's 28 x 28 resized to it)",
    "reset_gate": "where the scratch GRU applies its reset gate: before (the book) or after the recurrent product",
    "runs": "which implementations to train, a comma list",
    "sampling": "minibatch sampling methods to train with, a comma list",
    "size": "side of the square matrix in the timing demonstration",
    "start": "left end of the plotted range",
    "step": "spacing of the plotted points",
    "stop": "right end of the plotted range",
    "units": "units of the layer in the initialization demonstration",
    "wd": "weight decay coefficient",
    "weight_decay": "weight decay coefficient",
    "width": "channels of the network's first stage (the rest scale with it)",
    # chapter 9
    "nms_threshold": "IoU above which non maximum suppression drops the box with the lower score",
    "lr_period": "multiply the learning rate by the decay factor every N epochs",
    "lr_decay": "factor applied to the learning rate at the end of each decay period",
    "valid_ratio": "share of the training images held out for validation",
    "scratch_lr": "learning rate of the network trained from scratch",
    "lr_decay_epoch": "multiply the learning rate by 0.1 every N epochs",
    "img_width": "width of the generated image (the second pass doubles it)",
    "img_height": "height of the generated image (the second pass doubles it)",
    "threshold": "lowest score of a detection that is drawn",
    "edge_size": "height and width of the detection images",
    "crop_height": "height of the random crops",
    "crop_width": "width of the random crops",
    "train": "also train on the data set after the demonstrations (false: the demonstrations only)",
    # chapter 10
    "embed_size": "length of each word vector",
    "max_window_size": "largest context window (each centre word draws a window from 1 to this)",
    "num_noise_words": "noise words sampled per context word (negative sampling's K)",
    "min_count": "keep only tokens seen at least this often",
    "subsample_t": "subsampling threshold t (a word of frequency f is dropped with probability 1 - sqrt(t / f))",
    "query": "words whose nearest neighbours are printed, a comma list",
    "max_seq_len": "tokens per sequence with EOS and padding; longer pairs are skipped",
    "attention_size": "hidden units of the attention's scoring network",
    "drop_prob": "dropout probability between the recurrent layers",
    "beam_size": "prefixes kept at each step of the beam search",
    "data_dir": "folder holding the data set or vectors file (none: $GLUONLAB_DATA, data/ and the book's places)",
    "pretrained_file": "file of pretrained word vectors (MXNet's names: glove.6B.50d.txt, wiki.en.vec, ...)",
    "analogies": "analogies a:b:c to complete (a is to b as c is to ?), a comma list",
    "kernel_sizes": "widths of the 1-D convolution kernels, a comma list",
    "num_channels": "output channels of each convolution",
}

ALIASES = {"num_epochs": "epochs"}   # option spellings that differ from the field's name

# Rules a type cannot say, by field name.
_NON_NEGATIVE = ("lr", "wd", "weight_decay", "lambd", "lambds", "clipping_theta", "noise", "init_sigma",
                 "gluon_lr")
_POSITIVE_FLOAT = ("step",)
_ZERO_ALLOWED = {"max_examples": "the whole data set", "log_epochs": "no progress lines"}
_DATA_SIZES = ("num_examples", "n_train", "max_examples")
_NONE = ("none", "null")


def option_name(name):
    """The command-line spelling of a field: --epochs, --batch-size."""
    return "--" + ALIASES.get(name, name).replace("_", "-")


def field_names(cfg_cls):
    return [f.name for f in dataclasses.fields(cfg_cls)]


def _fields(cfg_cls):
    return {f.name: f for f in dataclasses.fields(cfg_cls)}


class Domain:
    """What one field accepts: a scalar kind (bool, int, float, str), choices, bounds, a tuple of them, None."""

    def __init__(self, cfg_cls, name):
        self.name, self.option = name, option_name(name)
        f = _fields(cfg_cls)[name]
        hint = typing.get_type_hints(cfg_cls)[name]
        self.default = f.default if f.default is not dataclasses.MISSING else None
        self.optional = False
        if typing.get_origin(hint) is typing.Union:
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            self.optional, hint = type(None) in typing.get_args(hint), args[0]
        self.is_tuple = (typing.get_origin(hint) or hint) in (tuple, list)
        sample = self.default
        if self.is_tuple:
            args = [a for a in typing.get_args(hint) if a is not Ellipsis]
            hint = args[0] if args else (type(self.default[0]) if self.default else str)
            sample = self.default[0] if self.default else None
        self.choices = None
        if typing.get_origin(hint) is typing.Literal:
            self.choices = tuple(typing.get_args(hint))
            hint = type(self.choices[0])
        self.kind = hint if hint in (bool, int, float, str) else str
        self.min, self.max = f.metadata.get("min"), f.metadata.get("max")
        self.fixed = f.metadata.get("fixed")     # set by the data: the default is the only value that works
        self.exclusive_min = False
        if self.kind is int:
            if self.min is None:
                self.min = 0 if name in _ZERO_ALLOWED or (isinstance(sample, int) and sample < 1) else 1
                if isinstance(sample, int) and sample < 0:
                    self.min = None
            if self.max is None:
                self.max = INT_MAX
        elif self.kind is float and self.min is None:
            if name in _NON_NEGATIVE or name.startswith("lr"):
                self.min = 0.0
            elif name in _POSITIVE_FLOAT:
                self.min, self.exclusive_min = 0.0, True
            elif "drop_prob" in name:
                self.min, self.max = 0.0, 1.0

    def describe(self):
        """'an integer of at least 1', 'one of fast, gluon', ... (for messages and --help)."""
        if self.fixed:
            return f"fixed by the data: {self.fixed}"
        if self.kind is bool:
            what = "true or false"
        elif self.choices:
            what = "one of " + ", ".join(map(str, self.choices))
        elif self.kind is int:
            what = "an integer"
            if self.min is not None and self.max is not None:
                what += f" from {self.min} to {self.max}"
            elif self.min is not None:
                what += f" of at least {self.min}"
        elif self.kind is float:
            what = "a finite number"
            if "drop_prob" in self.name:
                what = "a number in [0, 1)"
            elif self.min is not None:
                what += " greater than 0" if self.exclusive_min else " of at least 0"
        else:
            what = "a text"
        if self.is_tuple:
            what = f"a comma list of distinct values, each {what}"
        return what + (" or none" if self.optional else "")

    def fix(self):
        if self.fixed:
            return f"leave {self.option} out (it is {self.default}, set by the data)"
        shown = ",".join(map(str, self.default)) if self.is_tuple and self.default else self.default
        book = "" if shown is None or self.name in ("seed", "ctx", "quick") else f" (the book uses {shown})"
        return f"give {self.option} {self.describe()}{book}"

    def error(self, problem):
        return ConfigError(f"{self.option} {problem}", self.fix())

    def convert(self, value):
        """A command-line string (or a Python value) to the field's value, checked; ConfigError if it is not one."""
        if value is FLAG:
            if self.kind is bool and not self.is_tuple:
                return True
            raise self.error("needs a value")
        if isinstance(value, str):
            if text_problem(value):
                raise self.error(text_problem(value))
            if self.optional and value.strip().lower() in _NONE:
                return None
            if self.is_tuple:
                parts = [p.strip() for p in value.split(",")]
                if not value.strip() or any(p == "" for p in parts):
                    raise self.error(f"expects {self.describe()}, got {value!r}")
                value = tuple(self._scalar(p) for p in parts)
            else:
                value = self._scalar(value)
        elif value is None and not self.optional:
            raise self.error("cannot be none")
        self.check(value)
        return value

    def _scalar(self, text):
        try:
            if self.kind is bool:
                low = text.strip().lower()
                if low in ("1", "true", "yes", "on"):
                    return True
                if low in ("0", "false", "no", "off"):
                    return False
                raise ValueError(text)
            if self.kind is int:
                return int(text.strip())
            if self.kind is float:
                return float(text.strip())
        except ValueError:
            raise self.error(f"expects {self.describe()}, got {text!r}") from None
        return text

    def check(self, value):
        """Refuse a value outside the domain (a ConfigError naming the option)."""
        if value is None:
            if not self.optional:
                raise self.error("cannot be none")
            return
        if self.is_tuple:
            if not isinstance(value, (tuple, list)) or not value:
                raise self.error(f"expects {self.describe()}, got {value!r}")
            repeated = sorted({str(v) for v in value if list(value).count(v) > 1})
            if repeated:
                raise self.error(f"lists {', '.join(repeated)} more than once")
            for v in value:
                self._check_scalar(v)
        else:
            self._check_scalar(value)

    def _check_scalar(self, v):
        if self.fixed and v != self.default:
            raise self.error(f"is set by the data ({self.fixed}), got {v}")
        if self.kind is bool:
            if not isinstance(v, bool):
                raise self.error(f"expects true or false, got {v!r}")
            return
        if self.choices is not None:
            if v not in self.choices:
                close = difflib.get_close_matches(str(v), [str(c) for c in self.choices], n=1)
                raise ConfigError(f"{self.option} has no choice {v!r}" + (f" (did you mean {close[0]}?)" if close
                                                                          else ""),
                                  f"choose one of {', '.join(map(str, self.choices))}")
            return
        if self.kind in (int, float):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or (self.kind is int and isinstance(v, float)):
                raise self.error(f"expects {self.describe()}, got {v!r}")
            if not math.isfinite(v):
                raise self.error(f"must be finite, got {v}")
            if self.kind is float and float32_problem(v):
                raise self.error(f"{v} {float32_problem(v)}")
            if "drop_prob" in self.name and not 0 <= v < 1:
                raise self.error(f"must lie in [0, 1), got {v}")
            below = self.min is not None and (v < self.min or self.exclusive_min and v <= self.min)
            if self.kind is int and self.min is not None and self.max is not None and (below or v > self.max):
                zero = f" ({_ZERO_ALLOWED[self.name]})" if self.name in _ZERO_ALLOWED else ""
                raise self.error(f"must be an integer from {self.min}{zero} to {self.max}, got {v}")  # both bounds
            if below:
                raise self.error(f"must be {'greater than' if self.exclusive_min else 'at least'} {self.min}, "
                                 f"got {v}" if self.min else f"must not be negative, got {v}")
            if self.max is not None and v > self.max:
                raise self.error(f"must be at most {self.max}, got {v}")
        elif self.kind is str and not isinstance(v, str):
            raise self.error(f"expects a text, got {v!r}")


def domain(cfg_cls, name):
    return Domain(cfg_cls, name)


def _convert(cfg_cls, name, value):
    """Turn a CLI string into the field's type; a wrong type is a ConfigError naming the option."""
    return Domain(cfg_cls, name).convert(value)


def unknown_options(cfg_cls, names, what):
    """A ConfigError for options the config does not have, with the closest and the valid spellings."""
    valid = [option_name(n) for n in field_names(cfg_cls)]
    asked = [option_name(n) for n in names]
    close = [c for a in asked for c in difflib.get_close_matches(a, valid, n=1)]
    hint = f"did you mean {', '.join(dict.fromkeys(close))}? " if close else ""
    return ConfigError(f"{what} has no option {', '.join(asked)}",
                       f"{hint}its options: {', '.join(sorted(valid))}")


def make_config(cfg_cls, quick=False, what=None, **overrides):
    """Build a config: defaults, then QUICK overrides if quick, then explicit overrides (validated)."""
    names = field_names(cfg_cls)
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise unknown_options(cfg_cls, unknown, what or "this section")
    values = dict(cfg_cls.QUICK) if quick else {}
    values.update({k: _convert(cfg_cls, k, v) for k, v in overrides.items()})
    cfg = cfg_cls(quick=quick, **values)
    validate(cfg)
    return cfg


def config_for(sec, quick=False, **overrides):
    """The section's config with CLI overrides; `epochs` is an alias of `num_epochs`."""
    if "epochs" in overrides:
        overrides["num_epochs"] = overrides.pop("epochs")
    names = {f.name for f in dataclasses.fields(sec.config_cls)}
    if "num_epochs" in overrides and "num_epochs" not in names:
        overrides.pop("num_epochs")   # sections without epochs ignore --epochs
    return sec.make_config(quick=quick, **overrides)


def validate(cfg):
    """Refuse impossible settings with a message naming the option (every field against its domain)."""
    cls = type(cfg)
    for name in field_names(cls):
        if name != "ctx":
            Domain(cls, name).check(getattr(cfg, name))
    batch_size = getattr(cfg, "batch_size", None)
    for name in _DATA_SIZES:
        size = getattr(cfg, name, None)
        if batch_size and size and batch_size > size:      # max_examples=0 means the whole data set
            raise ConfigError(f"--batch-size {batch_size} is larger than the data ({option_name(name)} {size})",
                              f"use --batch-size {size} or less, or {option_name(name)} {batch_size} or more")
    start, stop = getattr(cfg, "start", None), getattr(cfg, "stop", None)
    if isinstance(start, (int, float)) and isinstance(stop, (int, float)) and not start < stop:
        raise ConfigError(f"--start {start} is not below --stop {stop}", "give --start a value below --stop")
    step = getattr(cfg, "step", None)
    if isinstance(start, (int, float)) and isinstance(step, (int, float)) and step > 0 \
            and (stop - start) / step > _ARRAY_MAX:
        raise ConfigError(f"--step {step:g} makes {(stop - start) / step:.3g} points from --start {start:g} to --stop "
                          f"{stop:g}, more than MXNet's {_ARRAY_MAX:,} elements per array",
                          f"give --step at least {(stop - start) / _ARRAY_MAX:.3g}")
    _check_sequence(cfg)


_ARRAY_MAX = 2 ** 31 - 2      # MXNet's largest array (gluonlab.limits.LIMIT)


def _check_sequence(cfg):
    """A language model's minibatches must fit the corpus: batch_size * (num_steps + 1) characters (the
    consecutive sampler's need; the random one's is one less)."""
    steps, chars, batch = (getattr(cfg, n, None) for n in ("num_steps", "num_chars", "batch_size"))
    if steps and chars and batch and batch * (steps + 1) > chars:
        raise ConfigError(f"--num-steps {steps} with --batch-size {batch} needs {batch * (steps + 1):,} characters "
                          f"(--batch-size times --num-steps + 1), more than --num-chars {chars}",
                          f"give --num-steps at most {max(chars // batch - 1, 0)} (with --batch-size {batch})"
                          + (f", --batch-size at most {chars // (steps + 1)}" if chars // (steps + 1) else "")
                          + ", or a larger --num-chars")


# The optimizers a section's `optimizer` option offers (MXNet's names; the book uses sgd, the course adam).
Optimizer = typing.Literal["sgd", "nag", "adam", "adagrad", "rmsprop", "adadelta", "adamax", "nadam", "signum",
                           "ftml"]
