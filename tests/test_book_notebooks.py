"""The book's own notebook code on gluonlab.d2l: the runner itself (always), and the real notebooks of a d2l-zh
clone (with GLUONLAB_D2L_ZH set; --runslow for the long ones)."""
import pytest

from gluonlab.reference import notebooks

MD = """Some text.

```{.python .input  n=1}
%matplotlib inline
import d2lzh as d2l
x = 2
```

```python
print('a display-only block, never run')
```

```{.python .input}
print('x is', x)
d2l.squared_loss(d2l.nd.array([3.0]), d2l.nd.array([1.0])) if False else x * 21
```

```{.python .input}
1 / 0
```

```{.python .input}
print('never reached')
```
"""


def test_code_cells_are_the_input_blocks_only():
    cells = notebooks.code_cells(MD)
    assert len(cells) == 4
    assert cells[0].splitlines() == ["%matplotlib inline", "import d2lzh as d2l", "x = 2"]
    assert "display-only" not in "".join(cells)


def test_only_the_import_line_changes():
    cells = notebooks.code_cells(MD)
    ours = notebooks.for_side(cells, "gluonlab")
    assert ours[0].splitlines()[1] == "from gluonlab import d2l"
    assert [c for c in ours[1:]] == cells[1:]
    assert notebooks.for_side(cells, "d2lzh") == cells


def test_a_notebook_without_the_import_gets_it_after_its_magics():
    cells = ["%matplotlib inline\nfrom IPython import display", "display.set_matplotlib_formats('svg')"]
    ours = notebooks.for_side(cells, "gluonlab")
    assert ours[0].splitlines() == ["%matplotlib inline", "from gluonlab import d2l", "from IPython import display"]
    assert ours[1:] == cells[1:] and notebooks.for_side(cells, "d2lzh") == cells
    assert notebooks.for_side(["x = 1"], "gluonlab") == ["from gluonlab import d2l\nx = 1"]


def test_line_templates_hide_numbers_only():
    assert notebooks.template("epoch 3, loss 0.4848, train acc 0.838") == "epoch #, loss #, train acc #"
    assert notebooks.template("epoch 3, perplexity 1.2e+03") != notebooks.template("epoch 3, loss 1.2e+03")


def test_headless_run_stops_at_the_first_failing_cell(tmp_path):
    chapter = tmp_path / "chapter_deep-learning-basics"
    chapter.mkdir()
    (chapter / "softmax-regression-gluon.md").write_text(MD)
    record = notebooks.run("3.7", "gluonlab", tmp_path)
    outputs = [c["output"] for c in record["cells"]]
    assert outputs[:2] == ["", "x is 2\n42\n"]              # the last expression is shown, as in a notebook
    assert record["failed_cell"] == 2 and record["error"].startswith("ZeroDivisionError")
    assert len(record["cells"]) == 3                          # nothing after the failure runs


# ---- the book's own notebooks (needs a d2l-zh clone: GLUONLAB_D2L_ZH) ----

REPO = notebooks.find_repo()
needs_repo = pytest.mark.skipif(REPO is None, reason="GLUONLAB_D2L_ZH does not name a d2l-zh clone (v1 branch)")
# Sections whose notebooks fail on a CPU-only machine with today's IPython, on both sides, at the same cell.
EXPECTED_FAILURES = notebooks.EXPECTED_FAILURES
# Chapter 5's CNNs take hours at the book's settings on a CPU: their notebooks run on a subset for one epoch.
LONG_CNN = ["5.6", "5.7", "5.8", "5.9", "5.11", "5.12"]
QUICK = ["3.1", "3.3", "3.4", "3.5", "3.7", "3.8", "3.14", "3.15", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1",
         "6.3", "6.6", "8.1", "7.1", "7.2", "7.5"]
QUICK += ["2.2", "2.3", "2.4", "3.2", "6.2", "8.3", "8.4"]
QUICK += ["9.3", "9.4", "9.5", "9.8"]
QUICK += ["10.12"]
QUICK += ["5.2", "5.3", "5.4"]


def _check(section, mode):
    record = notebooks.run(section, "gluonlab", REPO, mode)
    if section in EXPECTED_FAILURES:
        error = EXPECTED_FAILURES[section]
        assert record["error"] and record["error"].startswith(error), record["error"]
        if error == "MXNetError":        # it stops where the notebook names a GPU, not anywhere earlier
            cells = notebooks.code_cells(notebooks.book_markdown(section, REPO))
            assert "mx.gpu" in cells[record["failed_cell"]], cells[record["failed_cell"]]
    else:
        assert record["failed_cell"] is None, f"cell {record['failed_cell']}: {record['error']}"
    return record


@needs_repo
@pytest.mark.parametrize("section", QUICK)
def test_book_notebook_runs_headless(section):
    _check(section, "headless")


@needs_repo
@pytest.mark.slow
@pytest.mark.parametrize("section", sorted(set(notebooks.NOTEBOOKS) - set(QUICK) - set(LONG_CNN)))
def test_book_notebook_runs_headless_slow(section):
    _check(section, "headless")


@needs_repo
@pytest.mark.slow
@pytest.mark.parametrize("section", LONG_CNN)
def test_book_cnn_notebook_starts_and_trains_a_few_minibatches(section):
    """The notebook unchanged but for its import line, on the first 256 images of each split for one epoch."""
    record = notebooks.run(section, "gluonlab", REPO, limit={"max_examples": 256, "epochs": 1})
    assert record["failed_cell"] is None, f"cell {record['failed_cell']}: {record['error']}"
    assert [line.split(",")[0] for line in notebooks.epoch_lines(record)] == ["epoch 1"]


@needs_repo
@pytest.mark.parametrize("section", ["3.5", "3.7", "2.2", "2.3", "2.4", "3.2", "6.2", "8.4", "7.2", "7.8"])
def test_book_notebook_runs_in_jupyter(section):
    pytest.importorskip("nbclient")
    record = _check(section, "jupyter")
    if section in ("3.5", "3.2"):    # 3.2's own use_svg_display: IPython.display.set_matplotlib_formats('svg')
        assert any("image/svg+xml" in c["images"] for c in record["cells"])


def test_markdown_table_totals_and_speed_up():
    def rec(seconds, failed=None):
        return {"cells": [{}] * 3, "cells_s": seconds, "failed_cell": failed, "error": failed and "X\nValueError: bad"}
    table = notebooks.markdown_table({"3.7": {"d2lzh": rec(8.0), "gluonlab": rec(1.0)},
                                      "4.6": {"d2lzh": rec(1.0, 2), "gluonlab": rec(1.0, 2)}})
    lines = table.splitlines()
    assert lines[2] == "| 3.7 | 3 | 8.0 | 1.0 | 8.00x | - |"
    assert lines[3] == "| 4.6 | 3 | 1.0 | 1.0 | 1.00x | cell 2: ValueError: bad |"
    assert lines[4] == "| total | | 9.0 | 2.0 | 4.50x | |"


def test_markdown_table_gives_no_ratio_for_instant_notebooks():
    rec = {"cells": [], "cells_s": 0.01, "failed_cell": None, "error": None}
    assert notebooks.markdown_table({"3.4": {"d2lzh": rec, "gluonlab": rec}}).splitlines()[2] == "| 3.4 | 0 | 0.0 | 0.0 | - | - |"


PICKLING = """```{.python .input}
import d2lzh as d2l
import pickle
from multiprocessing import Pool
def batchify(data):
    return sum(data)
```

```{.python .input}
print(len(pickle.dumps(batchify)) > 0)
with Pool(1) as pool:
    print(pool.apply(batchify, ([1, 2, 3],)))
```
"""


def test_headless_cells_define_names_in_main_as_a_kernel_does(tmp_path):
    """10.3's DataLoader sends the notebook's batchify to its worker processes: pickle looks it up in __main__."""
    chapter = tmp_path / "chapter_deep-learning-basics"
    chapter.mkdir()
    (chapter / "softmax-regression-gluon.md").write_text(PICKLING)
    record = notebooks.run("3.7", "gluonlab", tmp_path)
    assert record["failed_cell"] is None, record["error"]
    assert record["cells"][1]["output"] == "True\n6\n"
