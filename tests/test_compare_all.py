"""`gluonlab compare --all` and --jobs: every book section, each section's wall time, runs in worker processes."""
import json
import os
import sys

import pytest

from gluonlab import cli, compare
from gluonlab.compare import jobs, report
from gluonlab.errors import ConfigError


@pytest.mark.slow      # every one of the ~95 sections again, in quick form: over 10 minutes on 2 cores; the default run
def test_all_quick_runs_every_book_section_and_times_each(tmp_path):   # has each in test_sections and in test_compare
    rows, status, text = compare.run_compare(quick=True, out=tmp_path, every=True, jobs=2)
    sections = compare.book_sections()
    doc = json.loads((tmp_path / "compare.json").read_text())
    assert status == 0 and set(doc["timing"]["sections"]) == set(sections)
    assert {r["section"] for r in rows} == set(sections)
    assert all(r["verdict"] == "RAN" for r in rows if r["metric"] == "runs to the end")
    assert {r["section"] for r in rows if r["verdict"] == "RAN"} >= {"4.1", "6.9", "8.5"}
    assert doc["timing"]["jobs"] == 2 and doc["timing"]["threads_per_job"] >= 1
    assert doc["timing"]["wall_s"] > 0 and doc["timing"]["sum_s"] >= max(doc["timing"]["sections"].values())
    assert "## Time" in text and f"| total | {len(sections)} sections |" in text
    assert text.index("## Time") > text.index("## 8.5")


def test_worker_processes_give_the_in_process_numbers(tmp_path):
    here, _, _ = compare.run_compare(["3.7"], quick=True, seeds=2, out=tmp_path / "a", jobs=1)
    there, _, _ = compare.run_compare(["3.7"], quick=True, seeds=2, out=tmp_path / "b", jobs=2)
    assert [r["metric"] for r in here] == [r["metric"] for r in there]
    for a, b in zip(here, there):
        assert a["ours"] == pytest.approx(b["ours"], rel=1e-5), a["metric"]
    assert (tmp_path / "b" / "runs" / "seed1" / "3.7" / "metrics.json").is_file()


class _Dying(jobs.Worker):
    COMMAND = (sys.executable, "-c", "import sys; sys.stdin.readline(); sys.stderr.write('boom\\n'); sys.exit(3)")


def test_a_worker_that_dies_is_an_error_row_and_is_replaced(tmp_path):
    (tmp_path / "w").mkdir()
    worker = _Dying(tmp_path / "w", dict(os.environ))
    job = jobs.Job("3.2", 0, True, "cpu", str(tmp_path / "runs"))
    record, lines = worker.run(job)
    assert "exit status 3" in record["error"] and "boom" in record["error"] and lines == []
    first = worker.proc.pid
    assert "exit status 3" in worker.run(job)[0]["error"] and worker.proc.pid != first
    worker.close()


def test_all_leaves_gpu_sections_out_without_a_gpu_and_takes_no_ids():
    _, todo, skipped, _ = compare._wanted(None, True, "cpu:0", quick=False)
    assert "8.5" in skipped and "8.5" not in todo and "6.9" in todo and "4.1" in todo
    assert "8.5" in compare._wanted(None, True, "cpu:0", quick=True)[1]
    assert "8.5" in compare._wanted(None, True, "gpu:0", quick=False)[1]
    with pytest.raises(ConfigError, match="takes no section ids"):
        compare._wanted(["3.7"], True, "cpu:0", quick=False)


def test_longest_runs_start_first_and_an_earlier_run_s_times_win(tmp_path):
    work = [jobs.Job(s, 0, False, "cpu", "x") for s in ("3.2", "6.8", "5.10")]
    assert [j.sid for j in jobs.expected_order(work)] == ["6.8", "5.10", "3.2"]
    (tmp_path / "compare.json").write_text(json.dumps({"timing": {"sections": {"3.2": 500}}}))
    assert [j.sid for j in jobs.expected_order(work, jobs.previous_times(tmp_path))][0] == "3.2"
    assert jobs.previous_times(tmp_path / "nothing") == {}


def test_time_table_is_slowest_first_with_the_total_and_what_was_left_out():
    timing = {"sections": {"3.2": 1.0, "6.8": 90.0}, "wall_s": 80.0, "sum_s": 91.0, "jobs": 2,
              "threads_per_job": 1, "skipped": {"8.5": "no GPU here"},
              "machine": {"cpu": "X", "cores": 2, "python": "3.11", "mxnet": "1.9.1"}}
    text = report.timing_markdown(timing)
    assert text.index("| 6.8 |") < text.index("| 3.2 |")
    assert "| total | 2 sections | 80.0 |" in text and "add up to 91.0 s" in text
    assert "2 runs at a time" in text and "Not run: 8.5" in text and "no GPU here" in text


def test_jobs_must_be_positive(tmp_path, capsys):
    assert cli.main(["compare", "3.2", "--quick", "--jobs", "0", "--out", str(tmp_path)]) == 2
    assert "--jobs" in capsys.readouterr().err
