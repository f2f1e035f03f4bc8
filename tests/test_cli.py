"""The gluonlab command: list, run, data; errors are messages with exit status 2, never tracebacks."""
import json

import pytest

from gluonlab import catalog, cli
from gluonlab.data import resolve as res


def test_list_json_has_every_section(capsys):
    assert cli.main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [s[0] for s in catalog.SECTIONS]
    assert {"id", "slug", "title", "script", "status"} <= set(rows[0])
    assert {r["status"] for r in rows} <= {"implemented", "not implemented"}
    assert any(r["status"] == "implemented" for r in rows)


def test_run_quick_writes_a_record(tmp_path, capsys):
    assert cli.main(["run", "softmax-regression-gluon", "--quick", "--seed", "3", "--out", str(tmp_path),
                     "--lr", "0.2"]) == 0
    record = json.loads((tmp_path / "3.7" / "metrics.json").read_text())
    assert record["seed"] == 3 and record["config"]["lr"] == 0.2 and record["config"]["quick"] is True
    assert (tmp_path / "3.7" / "log.txt").read_text().startswith("epoch 1, loss ")
    assert "epoch 1, loss" in capsys.readouterr().out


def test_same_seed_same_numbers(tmp_path):
    for name in ("a", "b"):
        assert cli.main(["run", "3.7", "--quick", "--out", str(tmp_path / name)]) == 0
    a, b = (json.loads((tmp_path / n / "3.7" / "metrics.json").read_text())["final"] for n in "ab")
    assert a == b


@pytest.mark.parametrize("argv,fragment", [
    (["run", "3.77"], "did you mean"),
    (["run", "3.7", "--ctx", "tpu"], "bad context"),
    (["run", "3.7", "--lr", "-1"], "--lr must not be negative"),
    (["run", "3.7", "--bogus", "1"], "section 3.7 has no option --bogus"),
    (["run", "3.7", "--epochs", "0"], "--epochs must be an integer from 1 to 2147483647"),
])
def test_bad_input_is_a_message(argv, fragment, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_data_check(capsys):
    assert cli.main(["data", "check"]) == 0
    assert capsys.readouterr().out.count("sha1 verified") == len(res.FILES)
