"""RunConfig: overrides from strings, QUICK, validation errors that name the field."""
from dataclasses import dataclass
from typing import Optional

import pytest

from gluonlab.config import RunConfig, make_config
from gluonlab.errors import ConfigError


@dataclass(frozen=True)
class Cfg(RunConfig):
    lr: float = 0.1
    num_epochs: int = 5
    drop_prob1: float = 0.2
    clipping_theta: Optional[float] = 0.01
    prefixes: tuple = ("a", "b")
    QUICK = {"num_epochs": 1}


def test_defaults_quick_and_string_overrides():
    assert make_config(Cfg).num_epochs == 5
    assert make_config(Cfg, quick=True).num_epochs == 1
    cfg = make_config(Cfg, quick=True, num_epochs="3", lr="0.5", hybridize="false", clipping_theta="none",
                      prefixes="x,y,z")
    assert (cfg.num_epochs, cfg.lr, cfg.hybridize, cfg.clipping_theta, cfg.prefixes) == \
        (3, 0.5, False, None, ("x", "y", "z"))


def test_unknown_field_lists_valid_ones():
    with pytest.raises(ConfigError) as e:
        make_config(Cfg, learning_rate="1")
    assert "--learning-rate" in str(e.value) and "--epochs" in str(e.value)   # command-line spelling


@pytest.mark.parametrize("name,value,fragment", [
    ("lr", "-1", "--lr must not be negative"),
    ("num_epochs", "0", "--epochs must be an integer from 1 to 2147483647, got 0"),
    ("drop_prob1", "1.0", "--drop-prob1 must lie in [0, 1)"),
    ("num_epochs", "abc", "--epochs expects an integer from 1 to 2147483647, got 'abc'"),
    ("lr", "nan", "--lr must be finite"),
    ("seed", "-1", "--seed must be an integer from 0 to 4294967295, got -1"),
    ("prefixes", "a,a", "--prefixes lists a more than once"),
])
def test_impossible_values(name, value, fragment):
    with pytest.raises(ConfigError, match=fragment.replace("[", r"\[").replace(")", r"\)")):
        make_config(Cfg, **{name: value})
