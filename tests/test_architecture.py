"""The layout shows the architecture: no import cycles, imports flow down the layers, scripts hold no logic, README
matches the CLI."""
import ast
import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The layers, lowest first: group -> (the modules it holds, the groups right below it). A module imports its own
# group and the groups below it, theirs in turn and so on, never any other: not one above, nor one beside it (bench
# does not import the sections, the cli none of its verbs: it imports them by name, cli.VERBS). A group names only
# groups listed before it. "pkg.*" holds a package and every module under it, other names one module; the most
# specific name decides, and every module must be held by one.
LAYERS = {
    "base": (("gluonlab", "gluonlab._numpy_compat", "gluonlab._openmp_env", "gluonlab._ipython_compat",
              "gluonlab.errors", "gluonlab.arguments", "gluonlab.catalog", "gluonlab.children", "gluonlab.streams",
              "gluonlab.threads", "gluonlab.outdir", "gluonlab.records", "gluonlab.array_files", "gluonlab.devices",
              "gluonlab.mxnet_env", "gluonlab.plot", "gluonlab.progress", "gluonlab.schema",
              "gluonlab.distributed", "gluonlab.distributed.hosts"), ()),
    "options": (("gluonlab.validate", "gluonlab.config", "gluonlab.limits"), ("base",)),
    "data": (("gluonlab.data.*",), ("options",)),
    "scratch": (("gluonlab.scratch.*",), ("data",)),
    "models": (("gluonlab.models.*",), ("scratch",)),
    "train": (("gluonlab.train.*",), ("models",)),
    "vision": (("gluonlab.vision.*",), ("train",)),
    "nlp": (("gluonlab.nlp.*",), ("train",)),
    "testing": (("gluonlab.testing",), ("models",)),
    "d2l": (("gluonlab.d2l",), ("vision", "nlp")),
    "reference": (("gluonlab.reference.*",), ("d2l",)),
    "sections": (("gluonlab.sections.*", "gluonlab.registry"), ("vision", "nlp")),
    "bench": (("gluonlab.bench.*",), ("reference",)),
    "running": (("gluonlab.runner", "gluonlab.config_index"), ("sections",)),
    "compare": (("gluonlab.compare.*",), ("running", "reference")),
    "cli": (("gluonlab.cli",), ("running",)),
    "launch": (("gluonlab.distributed.launch", "gluonlab.distributed.worker", "gluonlab.__main__"), ("cli",)),
}


def below(group):
    """Every group `group` may import besides its own: those LAYERS lists below it, theirs, and so on."""
    found = set()
    for lower in LAYERS[group][1]:
        assert list(LAYERS).index(lower) < list(LAYERS).index(group), f"{group} lists {lower}, not listed before it"
        found |= {lower} | below(lower)
    return found


def module_files(root):
    """{module name: path} of every module of the gluonlab package under `root`."""
    files = {}
    for path in sorted((root / "gluonlab").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def _statements(tree):
    """Every node of `tree`, imports inside functions included, except those under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield child
                yield from _statements(child)
        else:
            yield node
            yield from _statements(node)


def _is_type_checking(test):
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING"


def _targets(node, package, modules):
    """The gluonlab modules an import statement in `package` names: `from . import x` is the module x when
    there is one, else (a name defined there) the package itself."""
    if isinstance(node, ast.Import):
        return [_module(a.name, modules) for a in node.names]
    base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
    full = ".".join(base + ([node.module] if node.module else []))
    return [f"{full}.{a.name}" if f"{full}.{a.name}" in modules else _module(full, modules) for a in node.names]


def _module(name, modules):
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name


def import_graph(root=ROOT):
    """{module: {imported gluonlab module: line}} over every module of gluonlab/ under `root`."""
    modules, graph = module_files(root), {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = {}
        for node in _statements(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(node, package, modules):
                    if target.startswith("gluonlab"):
                        graph[name].setdefault(target, node.lineno)
    return graph


def find_cycle(graph):
    """One import cycle as [a, b, ..., a], or None (depth-first search; a module importing itself counts)."""
    state, stack = {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in graph[module]:
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[module] = "done"
        stack.pop()
        return None
    return next((c for m in sorted(graph) if m not in state and (c := visit(m))), None)


def layer_of(module):
    """The group of the most specific name in LAYERS that holds `module` (KeyError when none does)."""
    holders = [(len(name), group) for group, (names, _) in LAYERS.items() for name in names
               if module == name.removesuffix(".*") or name.endswith(".*") and module.startswith(name[:-1])]
    if not holders:
        raise KeyError(f"{module} has no layer: add it to LAYERS in tests/test_architecture.py")
    return max(holders)[1]


def layer_violations(graph):
    """'a (group) imports b (group) at line n' for every import of a group neither its own nor below it."""
    bad = []
    for module, targets in sorted(graph.items()):
        group = layer_of(module)
        for target, line in targets.items():
            if layer_of(target) not in {group} | below(group):
                bad.append(f"{module} ({group}) imports {target} ({layer_of(target)}) at line {line}")
    return bad


def _cycle_text(graph, cycle):
    return " -> ".join(f"{a} (line {graph[a][b]})" for a, b in zip(cycle, cycle[1:])) + f" -> {cycle[-1]}"


def test_no_import_cycle():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, f"import cycle: {_cycle_text(graph, cycle)}"


def test_every_module_has_a_layer():
    for module in import_graph():
        layer_of(module)


def test_imports_flow_down_the_layers():
    bad = layer_violations(import_graph())
    assert not bad, "imports against the layering (see LAYERS):\n" + "\n".join(bad)


def _plant(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return import_graph(root)


def test_the_checks_can_fail(tmp_path):
    graph = _plant(tmp_path, {
        "gluonlab/__init__.py": "", "gluonlab/errors.py": "", "gluonlab/data/__init__.py": "from .cache import x\n",
        "gluonlab/data/cache.py": "def f():\n    from . import fashion_mnist\n",     # a lazy import closes it
        "gluonlab/data/fashion_mnist.py": "from .. import errors\nfrom . import cache\n",
        "gluonlab/train/__init__.py": "",
        "gluonlab/scratch/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                        "    from .. import train\nelse:\n    from gluonlab.train import fit\n"})
    assert graph["gluonlab.data.fashion_mnist"] == {"gluonlab.errors": 1, "gluonlab.data.cache": 2}
    assert find_cycle(graph) == ["gluonlab.data.cache", "gluonlab.data.fashion_mnist", "gluonlab.data.cache"]
    assert layer_violations(graph) == ["gluonlab.scratch (scratch) imports gluonlab.train (train) at line 5"]
    graph["gluonlab.vision"] = {"gluonlab.nlp": 1}
    graph["gluonlab.nlp"] = {}
    assert layer_violations(graph)[-1] == "gluonlab.vision (vision) imports gluonlab.nlp (nlp) at line 1"
    with pytest.raises(KeyError, match="gluonlab.train_extra has no layer"):
        layer_of("gluonlab.train_extra")
    del graph["gluonlab.data.fashion_mnist"]["gluonlab.data.cache"]
    assert find_cycle(graph) is None


def test_a_package_importing_what_imports_it_is_a_cycle(tmp_path):
    graph = _plant(tmp_path, {"gluonlab/__init__.py": "", "gluonlab/models/__init__.py": "from .registry import get\n",
                              "gluonlab/models/registry.py": "def get():\n    from .. import models\n",
                              "gluonlab/models/lenet.py": "from . import registry\n"})
    assert find_cycle(graph) == ["gluonlab.models", "gluonlab.models.registry", "gluonlab.models"]


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
