"""Run records: atomic writes, the JSON schema, non-finite values kept valid."""
import json

import jsonschema
import pytest

from gluonlab import records


def test_atomic_write_leaves_old_file_on_failure(tmp_path):
    path = tmp_path / "metrics.json"
    records.write_json(path, {"a": 1})
    with pytest.raises(RuntimeError):
        with records.atomic_path(path) as tmp:
            open(tmp, "w").write("half")
            raise RuntimeError("killed")
    assert json.loads(path.read_text()) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["metrics.json"]


def test_jsonable_nonfinite():
    assert records.jsonable({"x": float("nan"), "y": [1.5, float("inf")]}) == {"x": "nan", "y": [1.5, "inf"]}


def test_schema_rejects_a_bad_record(tmp_path):
    from gluonlab import cli
    assert cli.main(["run", "3.7", "--quick", "--out", str(tmp_path)]) == 0
    record = json.loads((tmp_path / "3.7" / "metrics.json").read_text())
    records.validate_record(record)
    for breaking in ({"seed": "zero"}, {"epochs": [{"loss": 1.0}]}, {"extra": 1}, {"plots": ["../x.png"]}):
        with pytest.raises(jsonschema.ValidationError):
            records.validate_record({**record, **breaking})
