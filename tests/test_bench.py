"""`gluonlab bench --quick` end to end (JSON, Markdown, PNG), the summary arithmetic and the thread settings.

No timing assertions: the benchmark reports times, tests check the machinery and the metrics.
"""
import json
import os
import re
import subprocess
import sys

import pytest

from gluonlab import cli, threads
from gluonlab.bench import report, runner, suite, workloads
from gluonlab.errors import ConfigError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory, d2lzh):
    path = tmp_path_factory.mktemp("bench") / "bench.json"
    rc = cli.main(["bench", "--quick", "--workload", "softmax", "hybridize_b1", "--json", str(path)])
    return rc, path, json.loads(path.read_text())


def test_quick_bench_writes_json_markdown_png(quick_report):
    rc, path, rep = quick_report
    assert rc == 0
    assert rep["quick"] is True and rep["repeats"] == 1 and rep["machine"]["cores"] >= 1
    assert [w["name"] for w in rep["workloads"]] == ["softmax", "hybridize_b1"]
    md = path.with_suffix(".md").read_text()
    assert "| workload | side |" in md and "| softmax | d2lzh (book) |" in md and rep["command"] in md
    assert path.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_side_reports_the_fields(quick_report):
    for w in quick_report[2]["workloads"]:
        assert [e["side"] for e in w["sides"]] == list(workloads.SIDES)
        for e in w["sides"]:
            assert "error" not in e, e.get("error")
            s = e["s_per_epoch"]
            assert 0 < s["min"] <= s["median"] <= s["max"]
            assert e["examples_per_s"] > 0 and e["ratio_to_d2lzh"] > 0 and e["peak_rss_mb"] > 10
            assert e["gflops"] > 0 and e["gemm_peak_gflops"] > 0 and 0 < e["fraction_of_peak"] <= 1
            assert e["gemm_peak_gflops"] >= e["kernel_peak_gflops"] and e["x_floor"] >= 1
            assert e["floor_s"] == pytest.approx(w["floor_s"]) and 0 < w["floor_s"] <= s["median"]
            assert e["metric"] is not None and e["omp_num_threads"] == str(w["threads"])
        hybrid = w["sides"][-1]
        assert hybrid["speedup_vs_imperative"] > 0


def test_peak_is_measured_at_the_workloads_own_shapes(quick_report):
    for w in quick_report[2]["workloads"]:
        spec = suite.get(w["name"])
        kernels = w["gemm_kernels"]["kernels"]
        assert [tuple(k["shape"]) for k in kernels] == spec.gemm_shapes(spec.settings(quick=True))
        best = max(max(k["dot"], k["fully_connected"]) for k in kernels)
        assert w["gemm_kernels"]["gflops"] == best and w["gemm_peak_gflops"] >= best


def test_same_final_metric_on_every_side(quick_report):
    softmax, micro = quick_report[2]["workloads"]
    acc = [e["metric"] for e in softmax["sides"]]
    assert all(0.3 < a <= 1 for a in acc), acc          # 1024 examples, one epoch: well above chance (0.1)
    out = [e["metric"] for e in micro["sides"]]         # same seed, same net: the same output on all sides
    assert max(out) - min(out) <= 1e-5 * max(1.0, abs(out[0])), out


def test_per_epoch_drops_the_first_epoch():
    assert runner.per_epoch([9.0, 1.0, 3.0, 2.0]) == 2.0
    assert runner.per_epoch([5.0]) == 5.0


def test_mlp_flops_match_hand_count():
    # 784-256-10 on 60000 + 10000 examples: forward 2*N*MACs, backward twice that minus the input gradient
    flops = suite.get("mlp").flops(suite.get("mlp").settings())
    assert 52.5e9 < flops < 53.5e9
    assert workloads.dense_flops([4, 3], 1, 0) == 2 * 12 + 2 * 12     # no input gradient for the first layer
    assert workloads.dense_flops([4, 3, 2], 0, 1) == 2 * (12 + 6)


def test_markdown_shows_a_failed_side():
    rep = {"workloads": [{"name": "w", "threads": 1, "unit": "epoch", "metric": "test_acc",
                          "sides": [{"side": "d2lzh", "error": "exit 1: boom"}]}]}
    assert "failed: exit 1: boom" in report.markdown(rep)


def test_unknown_workload_is_refused(capsys):
    assert cli.main(["bench", "--workload", "nope", "--quick"]) == 2
    assert "unknown workload" in capsys.readouterr().err


def test_child_failure_becomes_an_error_entry():
    res = runner.run_child({"workload": "nope", "side": "d2lzh", "params": {}}, 1, timeout=120)
    assert res["error"].startswith("exit 1")


def test_threads_choice(monkeypatch):
    monkeypatch.delenv(threads.ENV, raising=False)
    assert threads.choose(3, ["small"]) == 3
    assert threads.choose(None, ["small"]) == 1
    assert threads.choose(None, ["small", "matmul"]) == threads.num_cores()
    assert threads.choose(None, [None]) is None
    monkeypatch.setenv(threads.ENV, "2")
    assert threads.choose(None, ["small"]) == 2          # the user's environment wins over the default
    assert threads.section_kind("3.7") == "small" and threads.section_kind("6.8") == "matmul"
    monkeypatch.delenv(threads.ENV)
    assert [threads.section_kind(sid) for sid in ("5.4", "5.5", "5.11", "9.12")] == [None, "conv", "conv", "conv"]
    assert threads.choose(None, ["conv"]) == threads.num_cores()    # not MXNet's x86 default of half the CPUs


def test_threads_refused_once_mxnet_is_loaded(monkeypatch):
    import mxnet  # noqa: F401
    monkeypatch.setenv(threads.ENV, "1")
    with pytest.raises(ConfigError, match="already loaded"):
        threads.apply(2)
    assert threads.apply(1) == 1


def test_run_sets_threads_before_mxnet_loads():
    code = ("import os, sys; from gluonlab import cli; cli._set_threads(3, ['softmax-regression-gluon']);"
            "print(os.environ['OMP_NUM_THREADS'], 'mxnet' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if k != threads.ENV}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["3", "False"]


def test_book_threads_apply_to_the_d2lzh_side_only(monkeypatch):
    seen = {}

    def fake_child(spec, n_threads, timeout=1800):
        seen.setdefault(spec["side"], set()).add(n_threads)
        return {"epoch_s": [1.0, 0.5], "metric": 0.8, "peak_rss_mb": 100.0, "setup_s": 0.1,
                "omp_num_threads": str(n_threads)}
    monkeypatch.setattr(runner, "run_child", fake_child)
    monkeypatch.setattr(runner, "gemm_peak", lambda n, shapes, quick: {"gflops": 100.0, "kernels": []})
    entry = runner.bench_workload("mlp", repeats=2, quick=True, n_threads=2, log=lambda s: None, book_threads=1)
    assert seen == {"d2lzh": {1}, "imperative": {2}, "hybrid": {2}}
    assert {e["side"]: e["omp_num_threads"] for e in entry["sides"]} == {"d2lzh": "1", "imperative": "2",
                                                                          "hybrid": "2"}
    assert "| mlp | d2lzh (book) | 1 |" in report.markdown({"machine": {}, "workloads": [entry], "repeats": 2,
                                                            "command": "gluonlab bench"})


def test_scratch_rnn_sides_agree():
    """The scratch GRU workload's imperative and hybridized (one graph per minibatch) sides, each in its own
    process: the same final perplexity, both better than a uniform guess over the vocabulary (1027)."""
    entry = runner.bench_workload("gru_scratch", repeats=1, quick=True, n_threads=1, sides=["imperative", "hybrid"],
                                  log=lambda s: None)
    imperative, hybrid = (e["metric"] for e in entry["sides"])
    assert imperative == pytest.approx(hybrid, rel=1e-4)
    assert imperative < 1027


def _fake_sides(seconds):
    """A run_child stand-in: each side's epochs take seconds[side]."""
    def fake_child(spec, n_threads, timeout=1800):
        t = seconds[spec["side"]]
        return {"epoch_s": [t, t], "metric": 0.8, "peak_rss_mb": 100.0, "setup_s": 0.1,
                "omp_num_threads": str(n_threads)}
    return fake_child


def test_no_row_can_show_more_than_the_peak(monkeypatch):
    """A side faster than the best kernel raises the peak to its own rate (peak_source 'observed: <side>'): it shows
    100%, the others their share; the peak is never below the best kernel's; the report caps any fed-in row."""
    w = suite.get("mlp")
    flops = w.flops(w.settings(quick=True))
    kernel = flops / 0.1 / 1e9                         # the imperative side runs exactly at the kernel peak
    monkeypatch.setattr(runner, "run_child", _fake_sides({"d2lzh": 1.0, "imperative": 0.1, "hybrid": 0.05}))
    monkeypatch.setattr(runner, "gemm_peak", lambda n, shapes, quick: {"gflops": kernel, "kernels": []})
    entry = runner.bench_workload("mlp", repeats=1, quick=True, n_threads=2, log=lambda s: None)
    sides = {e["side"]: e for e in entry["sides"]}
    assert entry["gemm_peak_gflops"] == pytest.approx(2 * kernel) and entry["floor_s"] == pytest.approx(0.05)
    assert sides["hybrid"]["peak_source"] == "observed: hybrid" and sides["hybrid"]["kernel_peak_gflops"] == kernel
    assert [sides[s]["fraction_of_peak"] for s in ("d2lzh", "imperative", "hybrid")] == pytest.approx([0.05, 0.5, 1])
    assert [sides[s]["x_floor"] for s in ("d2lzh", "imperative", "hybrid")] == pytest.approx([20, 2, 1])
    # above the floor, per training minibatch: 1024 quick examples in minibatches of 256
    assert w.minibatches(w.settings(quick=True)) == 4
    assert [sides[s]["above_floor_ms"] for s in ("d2lzh", "imperative", "hybrid")] == pytest.approx([237.5, 12.5, 0])
    md = report.markdown({"workloads": [entry]})
    assert "| 20.00x | 237.500 |" in md and "| 1.00x | 0.000 |" in md
    assert sorted(int(p) for p in re.findall(r"\((\d+)% of ", md)) == [5, 50, 100]
    assert "| 0.05 | 20.00x |" in md and "| 0.05 | 1.00x |" in md
    fed = dict(sides["hybrid"], gemm_peak_gflops=kernel / 10)            # a hand-made row above its peak
    assert report.of_peak(fed)[2] == 1.0
    assert "(100% of " in report.markdown({"workloads": [dict(entry, sides=[fed])]})


def test_a_kernel_faster_than_every_side_is_the_peak(monkeypatch):
    monkeypatch.setattr(runner, "run_child", _fake_sides({"d2lzh": 1.0, "imperative": 0.5, "hybrid": 0.4}))
    monkeypatch.setattr(runner, "gemm_peak", lambda n, shapes, quick: {"gflops": 1e6, "kernels": []})
    entry = runner.bench_workload("mlp", repeats=1, quick=True, n_threads=2, log=lambda s: None)
    assert entry["gemm_peak_gflops"] == 1e6
    assert all(e["peak_source"] == "kernel" and e["fraction_of_peak"] < 1 for e in entry["sides"])


def test_gemm_kernels_time_dot_and_fully_connected():
    from gluonlab.bench.child import gemm_kernels
    res = gemm_kernels([(4, 8, 3), (16, 16, 16)], repeats=1)
    assert [k["shape"] for k in res["kernels"]] == [[4, 8, 3], [16, 16, 16]]
    assert all(k["dot"] > 0 and k["fully_connected"] > 0 for k in res["kernels"])
    assert res["gemm_gflops"] == max(max(k["dot"], k["fully_connected"]) for k in res["kernels"])


def test_dense_gemm_shapes_are_the_products_dense_flops_counts():
    dims, batch = [784, 256, 256, 10], 256
    shapes = workloads.dense_gemm_shapes(dims, batch)
    assert shapes[:3] == [(256, 784, 256), (256, 256, 784), (256, 256, 256)]   # the first layer: no input gradient
    counts = {s: 0 for s in shapes}
    for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        for s in [(batch, a, b), (b, batch, a)] + ([(batch, b, a)] if i else []):
            counts[s] += 1
    assert sum(2 * m * k * n * c for (m, k, n), c in counts.items()) == workloads.dense_flops(dims, batch, 0)


def test_batch_norm_workload_runs_the_books_ours_and_gluons_layer():
    """The three sides of the 5.10 BatchNorm workload, each in its own process: the same input gradients."""
    entry = runner.bench_workload("batch_norm", repeats=1, quick=True, n_threads=1, log=lambda s: None)
    assert [e["side"] for e in entry["sides"]] == ["d2lzh", "imperative", "gluon"]
    assert all("error" not in e and e["s_per_epoch"]["median"] > 0 for e in entry["sides"]), entry["sides"]
    book, ours, gluon = (e["metric"] for e in entry["sides"])
    assert ours == pytest.approx(book, rel=1e-4) and gluon == pytest.approx(book, rel=1e-3)
    md = report.markdown({"workloads": [entry]})
    assert "| batch_norm | Gluon layer | 1 |" in md



@pytest.mark.parametrize("quick", [True, False])
def test_rnn_minibatches_are_what_the_consecutive_iterator_yields(quick):
    from gluonlab.data.lm_iters import data_iter_consecutive
    w = suite.get("gru_gluon")
    p = w.settings(quick=quick)
    batches = list(data_iter_consecutive(list(range(p["num_chars"])), p["batch_size"], p["num_steps"]))
    assert w.minibatches(p) == len(batches) > 0


def test_airfoil_workload_sides_reach_the_same_loss(d2lzh):
    """Chapter 7's workload: under one seed the book's code and both gluonlab sides print the same last loss."""
    from gluonlab import devices
    w = suite.get("airfoil_adam")
    params = w.settings(quick=True)
    losses = []
    for side in workloads.SIDES:
        devices.seed(0)
        measured = w.run(side, params)
        assert len(measured.epoch_s) == params["epochs"] and 0.2 < measured.metric < 0.4
        losses.append(measured.metric)
    assert max(losses) - min(losses) <= 1e-6, losses
