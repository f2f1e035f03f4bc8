"""Bad input at the CLI: one line naming the problem and the fix, exit status 2, and nothing written."""
import json

import pytest

from gluonlab import catalog, cli, registry


def not_implemented_id(monkeypatch):
    """A catalog id without a registered section (every section is implemented now: unregister 3.1 for the test)."""
    done = {s.id for s in registry.all_sections()}
    missing = [sid for sid, _, _ in catalog.SECTIONS if sid not in done]
    if missing:
        return missing[0]
    monkeypatch.delitem(registry._SECTIONS, "3.1")
    return "3.1"


CASES = [
    (["run", "3.77"], "unknown section '3.77'", "did you mean 3.7"),
    (["run", "mlp-gluom"], "unknown section 'mlp-gluom'", "did you mean mlp-gluon"),
    (["run", "NOT_IMPLEMENTED"], "is not implemented yet", "gluonlab list"),
    (["run", "3.7", "--ctx", "tpu"], "bad context 'tpu'", "gpu:N"),
    (["run", "3.7", "--ctx", "gpu:x"], "bad context 'gpu:x'", "gpu:N"),
    (["run", "3.7", "--ctx", ","], "empty context", "cpu, gpu"),
    (["run", "3.7", "--ctx", "gpu:99"], "gpu(99) is not available", "--gpu-fallback"),
    (["run", "3.7", "--lr", "-0.1"], "--lr must not be negative, got -0.1", "fix: give --lr"),
    (["run", "3.7", "--epochs", "-2"], "--epochs must be an integer from 1 to 2147483647, got -2", "fix: give --epochs"),
    (["run", "3.7", "--lr", "fast"], "--lr expects a finite number of at least 0, got 'fast'", "fix: give --lr"),
    (["run", "3.7", "--quick", "--batch-size", "4096"],
     "--batch-size 4096 is larger than the data (--max-examples 2048)", "--batch-size 2048"),
    (["run", "3.7", "--batch-size", "70000"], "--batch-size 70000 is larger than the 60000 training examples",
     "use --batch-size 60000 or less"),
    (["run", "3.2", "--batch-size", "2000"], "--batch-size 2000 is larger than the data (--num-examples 1000)", ""),
    (["run", "3.13", "--drop-prob1", "1"], "--drop-prob1 must lie in [0, 1), got 1.0", ""),
    (["run", "3.13", "--drop-prob2", "-0.5"], "--drop-prob2 must lie in [0, 1), got -0.5", ""),
    (["run", "3.7", "--no-such-option", "1"], "section 3.7 has no option --no-such-option", "its options:"),
    (["run", "3.7", "stray"], "unknown section 'stray'", ""),
]


@pytest.mark.parametrize("argv,said,fix", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_is_one_line_and_writes_nothing(argv, said, fix, tmp_path, capsys, monkeypatch):
    argv = [not_implemented_id(monkeypatch) if a == "NOT_IMPLEMENTED" else a for a in argv]
    out = tmp_path / "out"
    assert cli.main(argv + ["--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith("gluonlab: error: ")
    assert said in captured.err and fix in captured.err and "Traceback" not in captured.err
    assert not out.exists(), "a refused run writes nothing"


def test_missing_gpu_falls_back_to_cpu_when_allowed(tmp_path, capsys):
    assert cli.main(["run", "3.7", "--quick", "--ctx", "gpu:99", "--gpu-fallback", "--out", str(tmp_path)]) == 0
    assert "gpu(99) is not available" in capsys.readouterr().err
    record = json.loads((tmp_path / "3.7" / "metrics.json").read_text())
    assert record["ctx"] == ["cpu(0)"] and record["config"]["ctx"] == "cpu:0"


def test_argparse_errors_are_usage_messages(capsys):
    assert cli.main(["run", "3.7", "--epochs", "many"]) == 2
    err = capsys.readouterr().err
    assert err == ("gluonlab: error: --epochs expects an integer, got 'many'; "
                   "fix: give --epochs an integer from 1 to 2147483647\n")
