"""Every registered section runs with --quick and writes a record that follows the schema; every section that
trains writes at least one PNG, and one with a per-epoch history its learning curves, listed in metrics.json."""
import contextlib
import dataclasses
import json

import pytest

from gluonlab import registry
from gluonlab.runner import run_section
from gluonlab.vision import standins
from text_stand_ins import STAND_INS       # sections whose data are downloads run on small stand-ins


def trains(sec):
    """A section trains when its config counts epochs."""
    return "num_epochs" in {f.name for f in dataclasses.fields(sec.config_cls)}


@pytest.mark.parametrize("sec", registry.all_sections(), ids=lambda s: s.id)
def test_section_quick(sec, tmp_path):
    cfg = sec.make_config(quick=True, **(STAND_INS[sec.id](tmp_path) if sec.id in STAND_INS else {}))
    # chapter 9's downloads: small stand-ins in the real formats show the code path
    with standins.patched(tmp_path / "standins", standins.WEIGHTS_OF.get(sec.id, ())) \
            if sec.id in standins.SECTIONS else contextlib.nullcontext():
        record, result = run_section(sec, cfg, out_root=tmp_path, echo=None)
    path = tmp_path / sec.id / "metrics.json"
    written = json.loads(path.read_text())
    assert written["section"]["id"] == sec.id
    assert (tmp_path / sec.id / "log.txt").exists()
    for name in result.plots:
        assert (tmp_path / sec.id / f"{name}.png").stat().st_size > 0
    assert written["plots"] == sorted(f"{name}.png" for name in result.plots)
    if trains(sec):
        assert written["plots"], f"{sec.id} trains but writes no PNG"
    if any("epoch" in row for row in written["epochs"]):
        assert "learning_curves.png" in written["plots"], f"{sec.id} has a per-epoch history but no learning curves"
