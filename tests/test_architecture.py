"""The layout shows the architecture: imports flow one way, scripts hold no logic, README matches the CLI."""
import ast
import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "gluonlab"

# layer -> layers it must not import from (imports flow: data, devices, config <- scratch, models <- train,
# plot <- sections <- cli)
FORBIDDEN = {
    "data": {"scratch", "models", "train", "sections", "cli", "compare", "bench"},
    "scratch": {"train", "sections", "cli", "compare", "bench"},
    "models": {"train", "sections", "cli", "compare", "bench"},
    "train": {"sections", "cli", "compare", "bench"},
    "sections": {"cli", "compare", "bench"},
    # top-level modules and the other packages (a top-level module's layer is its name)
    "reference": {"sections", "cli", "compare", "bench", "distributed"},
    "bench": {"sections", "cli", "compare", "distributed"},
    "compare": {"cli", "bench", "distributed"},
    "cli": {"compare", "bench", "distributed"},       # its verbs import it; it names them as strings (cli.VERBS)
    "d2l": {"sections", "cli", "compare", "bench", "distributed", "reference"},
    "plot": {"train", "sections", "cli", "compare", "bench"},
    "devices": {"scratch", "models", "train", "sections", "cli", "compare", "bench"},
    "records": {"scratch", "models", "train", "sections", "cli", "compare", "bench"},
    "array_files": {"data", "scratch", "models", "train", "sections", "cli", "compare", "bench"},
}


def _layer(path):
    rel = path.relative_to(PKG).parts
    return rel[0] if len(rel) > 1 else path.stem


def _imported_layers(path):
    tree = ast.parse(path.read_text())
    depth = len(path.relative_to(PKG).parts) - 1
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and node.module.startswith("gluonlab."):
                yield node.module.split(".")[1]
            elif node.level and node.level > depth:
                base = (node.module or "").split(".")[0]
                if base:
                    yield base
                else:
                    yield from (a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("gluonlab."):
                    yield a.name.split(".")[1]


@pytest.mark.parametrize("path", sorted(p for p in PKG.rglob("*.py") if _layer(p) in FORBIDDEN),
                         ids=lambda p: str(p.relative_to(PKG)))
def test_imports_flow_one_way(path):
    bad = set(_imported_layers(path)) & FORBIDDEN[_layer(path)]
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)} against the layering"


def test_layering_check_can_fail(tmp_path):
    planted = PKG / "scratch" / "_planted_for_test.py"
    planted.write_text("from ..train import fit\n")
    try:
        assert "train" in set(_imported_layers(planted))
    finally:
        planted.unlink()


def test_readme_coverage_and_section_table_match_list():
    from gluonlab import cli
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["list", "--markdown"]) == 0
    coverage, table = out.getvalue().strip().split("\n\n", 1)
    assert coverage in (ROOT / "README.md").read_text(), "README's coverage line is stale: run `make readme`"
    assert table in (ROOT / "docs" / "sections.md").read_text(), "docs/sections.md's table is stale: `make readme`"


def test_readme_names_every_verb():
    from gluonlab import cli
    verbs = set(cli.build_parser()._subparsers._group_actions[0].choices)
    readme = (ROOT / "README.md").read_text()
    missing = [v for v in verbs if not re.search(rf"gluonlab {v}\b", readme)]
    assert not missing, f"README does not document: {missing}"


def test_readme_lists_the_sections_that_resume():
    from gluonlab import registry
    readme = " ".join((ROOT / "README.md").read_text().split())
    listed = re.search(r"Sections that resume: ([^;]+);", readme).group(1).replace(" and ", ", ").split(", ")
    assert sorted(listed) == sorted(s.id for s in registry.all_sections() if s.resumable)
