"""Every registered section runs with --quick and writes a record that follows the schema."""
import json

import pytest

from gluonlab import registry
from gluonlab.runner import run_section


@pytest.mark.parametrize("sec", registry.all_sections(), ids=lambda s: s.id)
def test_section_quick(sec, tmp_path):
    cfg = sec.make_config(quick=True)
    record, result = run_section(sec, cfg, out_root=tmp_path, echo=None)
    path = tmp_path / sec.id / "metrics.json"
    assert json.loads(path.read_text())["section"]["id"] == sec.id
    assert (tmp_path / sec.id / "log.txt").exists()
    for name in result.plots:
        assert (tmp_path / sec.id / f"{name}.png").stat().st_size > 0
