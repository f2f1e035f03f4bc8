"""Sections: catalog consistency, registration rules, lookups with suggestions, one script per section."""
import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from gluonlab import catalog, registry
from gluonlab.config import RunConfig
from gluonlab.errors import UnknownSectionError

ROOT = Path(__file__).resolve().parents[1]


def test_catalog_ids_and_slugs_unique():
    ids = [s[0] for s in catalog.SECTIONS]
    slugs = [s[1] for s in catalog.SECTIONS]
    assert len(set(ids)) == len(ids) and len(set(slugs)) == len(slugs)
    assert ids == sorted(ids, key=catalog.sort_key)


def test_lookup_by_id_and_slug():
    assert registry.get("3.7") is registry.get("softmax-regression-gluon")


@pytest.mark.parametrize("key,hint", [("3.77", "did you mean"), ("softmax-regresion-gluon", "softmax-regression")])
def test_unknown_section_suggests(key, hint):
    with pytest.raises(UnknownSectionError) as e:
        registry.get(key)
    assert hint in str(e.value)


def test_registration_refuses_duplicates_and_foreign_ids():
    @dataclass(frozen=True)
    class C(RunConfig):
        pass
    with pytest.raises(ValueError, match="registered twice"):
        registry.section("3.7", "softmax-regression-gluon", "Concise softmax regression (Gluon)", C)(lambda c: 0)
    with pytest.raises(ValueError, match="not in gluonlab.catalog"):
        registry.section("9.99", "nine", "Nine", C)(lambda c: 0)
    with pytest.raises(ValueError, match="differ from the catalog"):
        registry.section("3.1", "wrong-slug", "Linear regression", C)(lambda c: 0)


@pytest.mark.parametrize("sec", registry.all_sections(), ids=lambda s: s.id)
def test_section_module_and_script(sec):
    if sec.base is None:
        assert sec.module == f"gluonlab.sections.{catalog.package(sec.id)}.{sec.stem}", \
            "section module named after its id and slug, in its chapter's package"
    script = ROOT / catalog.script(sec.id)
    assert script.is_file(), f"missing launcher {script}"
    tree = ast.parse(script.read_text())
    stmts = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))]
    assert len(stmts) == 0 and f'"run", "{sec.id}"' in script.read_text(), "a script is one cli.main call"
