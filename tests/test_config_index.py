"""config_index reads every section's Config from source as the import defines it, so the command line can be
refused or explained without loading MXNet."""
import dataclasses
import subprocess
import sys
import typing

import pytest

from gluonlab import config_index, registry
from tests.conftest import ROOT


def _shape(sec):
    cls = sec.config_cls
    return ([(f.name, f.default, dict(f.metadata)) for f in dataclasses.fields(cls)], typing.get_type_hints(cls),
            dict(cls.QUICK), sec.id, sec.slug, sec.title, sec.base, tuple(sec.overrides), sec.resumable)


@pytest.mark.parametrize("sid", [s.id for s in registry.all_sections()])
def test_every_section_is_indexed_with_its_config(sid):
    real = registry.get(sid)
    assert sid in config_index.sections(), f"{real.module}: config_index cannot read this section's Config"
    assert _shape(config_index.sections()[sid]) == _shape(real)
    assert _shape(config_index.get(sid)) == _shape(real)       # the one-module path finds the same


def _cli(*argv):
    """gluonlab's main in a fresh interpreter; (exit status, stderr, stdout's last line: whether mxnet loaded)."""
    code = ("import sys; from gluonlab import cli; status = cli.main(sys.argv[1:]); "
            "print('mxnet loaded:', 'mxnet' in sys.modules); sys.exit(status)")
    p = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT, timeout=120)
    return p.returncode, p.stderr, p.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("argv, said", [
    (("run", "3.7", "--epoch", "5"), "has no option --epoch; fix: did you mean --epochs?"),
    (("run", "S4.3", "--drop-prob1", "1.5"), "--drop-prob1 must lie in [0, 1)"),
    (("run", "6.8", "--optimizer", "adm"), "did you mean adam?"),
    (("run", "3.2", "--resume"), "does not checkpoint"),
    (("run", "3.77"), "unknown section '3.77'"),
    (("compare", "3.77"), "no book reference for section(s) 3.77"),
    (("data", "book"), "needs the book's folder"),
    (("data", "book", "/nonexistent/gluonlab-typo"), "no folder /nonexistent/gluonlab-typo"),
])
def test_a_refused_command_line_does_not_load_mxnet(argv, said):
    """Not a timing: MXNet takes 5-15 s to import, so a refusal that never imports it comes at once."""
    status, err, last = _cli(*argv)
    assert status == 2 and said in err
    assert last == "mxnet loaded: False"


def test_a_sections_help_does_not_load_mxnet():
    status, _, last = _cli("run", "3.7", "--help")
    assert status == 0 and last == "mxnet loaded: False"


def test_the_lm_configs_character_bound_is_the_corpus_length():
    """_lm.LMConfig holds the lyrics' length as a literal (config_index reads it without MXNet): it must stay
    data.lyrics.CHARS."""
    import dataclasses
    from gluonlab.data.lyrics import CHARS
    from gluonlab.sections.ch6._lm import LMConfig
    assert {f.name: f for f in dataclasses.fields(LMConfig)}["num_chars"].metadata["max"] == CHARS
