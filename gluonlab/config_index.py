"""Each section's Config, read from the sections' source without importing them (they load MXNet, 5-15 s).

`gluonlab run ID --typo` and `gluonlab run ID --help` are answered from here in a fraction of a second. Nothing is
copied: every Config class statement is executed as written, with its base classes (RunConfig, a chapter's
FashionConfig, LMConfig, ...) resolved through the module's own imports, so the classes here have the same fields,
types, defaults, metadata and QUICK as the real ones, and config.make_config checks a command line against them
with the same code. A section whose module cannot be read this way (a Config built by a function call, say) is
absent from the index, and the command line is checked after the real import instead, as before.
tests/test_config_index.py checks that every registered section is here with the same Config.
"""
import ast
import dataclasses
import typing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from . import catalog, config

SECTIONS_DIR = Path(__file__).resolve().parent / "sections"
_PACKAGE = "gluonlab.sections"
# What a Config statement may name besides its own module's classes and constants.
_GIVEN = {**{n: getattr(typing, n) for n in typing.__all__}, "dataclass": dataclass, "field": dataclasses.field,
          "dataclasses": dataclasses, "typing": typing, "RunConfig": config.RunConfig,
          "Optimizer": config.Optimizer}


@dataclass(frozen=True)
class IndexedSection:
    """What the command line needs of a section: registry.Section's fields, without `run`."""
    id: str
    slug: str
    title: str
    config_cls: type
    base: typing.Optional[str] = None
    overrides: tuple = ()
    resumable: bool = False

    def make_config(self, quick=False, **overrides):
        """config.make_config on the indexed Config: the same checks, the same ConfigError for a wrong option."""
        return config.make_config(self.config_cls, quick=quick, what=f"section {self.id}",
                                  **{**dict(self.overrides), **overrides})


def _module_name(node, current):
    """The absolute module name of a `from X import ...` in module `current`."""
    if not node.level:
        return node.module or ""
    parts = current.split(".")[:len(current.split(".")) - node.level]
    return ".".join(parts + ([node.module] if node.module else []))


@lru_cache(maxsize=None)
def _namespace(module):
    """The names module `module` of gluonlab.sections defines that a Config can use: its Config classes, its
    literal constants, and what it imports from other section modules or gluonlab.config; plus the sections it
    registers, under "__sections__"."""
    path = SECTIONS_DIR.joinpath(*module.split(".")[2:])
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    ns, found = {**_GIVEN, "__name__": module}, []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        try:
            _statement(node, module, ns, found)
        except Exception:           # noqa: BLE001  (a statement this index cannot follow: the names stay unbound)
            continue
    ns["__sections__"] = found
    return ns


def _statement(node, module, ns, found):
    if isinstance(node, ast.ImportFrom):
        source = _module_name(node, module)
        for alias in node.names:
            name = alias.asname or alias.name
            if source.startswith(_PACKAGE) and (SECTIONS_DIR.joinpath(*f"{source}.{alias.name}".split(".")[2:])
                                                .with_suffix(".py").is_file()):
                ns[name] = SimpleNamespace(**_namespace(f"{source}.{alias.name}"))   # from . import _lm
            elif source.startswith(_PACKAGE):
                if alias.name in _namespace(source):
                    ns[name] = _namespace(source)[alias.name]
            elif source in ("gluonlab.config", "typing", "dataclasses"):
                ns[name] = getattr(__import__(source, fromlist=[alias.name]), alias.name)
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], _value(node.value, ns)       # ID, SLUG, TITLE = "3.7", ...; X = Y
        names = [target] if isinstance(target, ast.Name) else list(target.elts)
        ns.update(zip((n.id for n in names), [value] if isinstance(target, ast.Name) else value))
    elif isinstance(node, ast.ClassDef):
        exec(compile(ast.Module([node], []), f"<{module}>", "exec"), ns)        # the statement as written
    elif isinstance(node, ast.FunctionDef):
        for deco in node.decorator_list:
            if isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == "section":
                sid, slug, title, cls = (_value(a, ns) for a in deco.args[:4])
                kw = {k.arg: _value(k.value, ns) for k in deco.keywords}
                found.append(IndexedSection(sid, slug, title, cls, resumable=bool(kw.get("resumable"))))
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
            getattr(node.value.func, "id", None) == "variant":
        sid, slug, title, base = (_value(a, ns) for a in node.value.args[:4])
        over = {k.arg: _value(k.value, ns) for k in node.value.keywords}
        b = next(s for s in found if s.id == base)
        found.append(IndexedSection(sid, slug, title, b.config_cls, base, tuple(over.items()), b.resumable))


def _value(node, ns):
    return ns[node.id] if isinstance(node, ast.Name) else ast.literal_eval(node)


@lru_cache(maxsize=None)
def sections():
    """{id: IndexedSection} for every section module that could be read."""
    out = {}
    for path in sorted(SECTIONS_DIR.rglob("*.py")):
        if path.name.startswith("_"):
            continue
        module = ".".join((_PACKAGE, *path.relative_to(SECTIONS_DIR).with_suffix("").parts))
        for sec in _namespace(module)["__sections__"]:
            if sec.id in catalog.BY_ID and catalog.BY_ID[sec.id][1:] == (sec.slug, sec.title):
                out[sec.id] = sec
    return out


def get(key):
    """The indexed section for an id or slug, or None (not implemented, or not readable here). Only the section's
    own module (catalog.package/stem) is read when the section is there; a course variant, defined beside the
    section it re-runs, is found by reading them all."""
    from .registry import canonical
    sid = canonical(key)
    if sid not in catalog.BY_ID:
        return None
    if (SECTIONS_DIR / catalog.package(sid) / f"{catalog.stem(sid)}.py").is_file():
        own = {s.id: s for s in _namespace(f"{_PACKAGE}.{catalog.package(sid)}.{catalog.stem(sid)}")["__sections__"]}
        if sid in own:
            return own[sid]
    return sections().get(sid)

