"""Chapter 3 with the book's settings meets fixed bounds near the book's numbers (slow: run with --runslow)."""
import pytest

from gluonlab import registry
from gluonlab.runner import run_section

CASES = [
    ("3.2", lambda f: f["w_error"] < 0.01 and f["b_error"] < 0.01),
    ("3.3", lambda f: f["w_error"] < 0.01 and f["b_error"] < 0.01),
    ("3.6", lambda f: f["test_acc"] >= 0.82),
    ("3.7", lambda f: f["test_acc"] >= 0.82),
    ("3.9", lambda f: f["test_acc"] >= 0.84),
    ("3.10", lambda f: f["test_acc"] >= 0.84),
    ("3.13", lambda f: f["test_acc"] >= 0.83 and f["scratch_test_acc"] >= 0.83),
    ("3.16", lambda f: f["avg_valid_rmse"] < 0.2),
]


@pytest.mark.slow
@pytest.mark.parametrize("sid,accept", CASES, ids=[c[0] for c in CASES])
def test_book_settings(sid, accept, tmp_path):
    sec = registry.get(sid)
    _, result = run_section(sec, sec.make_config(), out_root=tmp_path, echo=None)
    assert accept(result.final), result.final
