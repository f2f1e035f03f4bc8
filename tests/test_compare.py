"""`gluonlab compare`: the reference file, the band and verdict logic, and the verb's exit status."""
import json

import pytest

from gluonlab import catalog, cli, compare, reference
from gluonlab.reference import book_code


def test_reference_entries_are_complete():
    doc = reference.load()
    assert doc["edition"] and doc["sources"]["official-build"] and "measured" in doc["band_rules"]
    entries = doc["entries"]
    assert len(entries) > 100
    for e in entries:
        assert {"section", "metric", "epoch", "value", "edition", "tolerance", "basis"} <= set(e), e
        assert e["section"] in catalog.BY_ID, e
        assert isinstance(e["value"], (int, float)) and (e["epoch"] == "final" or isinstance(e["epoch"], int)), e
        assert e["basis"].split(":")[0] in {"measured", "provisional", "exact", "other code"}, e
        tol = e["tolerance"]
        assert tol.get("info") or tol.get("abs", 0) >= 0 and ("abs" in tol or tol["factor"] >= 1), e
    keys = [(e["section"], e["metric"], e["epoch"]) for e in entries]
    assert len(keys) == len(set(keys)), "duplicate reference keys"


def test_every_band_is_measured_or_says_why_not():
    """Measured over seeds, exact, other code, or provisional with its own reason in _build.PROVISIONAL (runs too long
    for seeds on a CPU); never the generic fallback band."""
    from gluonlab.reference import _build
    reasons = {"provisional: " + why for _, why in _build.PROVISIONAL.values()}
    for e in reference.entries():
        assert e["basis"].startswith(("measured", "exact", "printed", "other code: ")) or e["basis"] in reasons, e
        assert bool(e["tolerance"].get("info")) == (e["basis"].startswith("other code") or "unstable" in e["basis"]), e


def test_rebuilding_the_reference_keeps_bands_the_runs_do_not_remeasure(tmp_path):
    """_build over runs of one section re-measures that section's bands and leaves every other entry as it is."""
    from gluonlab.reference import _build
    current = reference.load()
    assert _build.build([], previous=current)["entries"] == current["entries"]      # the file is the builder's
    for seed, rmse in enumerate([0.16, 0.17, 0.18]):
        run = tmp_path / f"seed{seed}" / "3.16"
        run.mkdir(parents=True)
        (run / "metrics.json").write_text(json.dumps({"section": {"id": "3.16"}, "seed": seed,
                                                      "final": {"avg_train_rmse": rmse}, "epochs": []}))
    rebuilt = {(e["section"], e["metric"], e["epoch"]): e for e in _build.build([str(tmp_path)], current)["entries"]}
    for e in current["entries"]:
        new = rebuilt[(e["section"], e["metric"], e["epoch"])]
        if (e["section"], e["metric"]) == ("3.16", "avg_train_rmse"):
            assert "n=3 seeds, mean 0.17" in new["basis"] and new["tolerance"] != e["tolerance"]
        else:
            assert (new["tolerance"], new["basis"]) == (e["tolerance"], e["basis"])
    assert _build.build([], previous=None)["entries"][0]["basis"].startswith("provisional")


def test_the_book_numbers_are_copied_faithfully():
    by_key = {(e["section"], e["metric"], e["epoch"]): e["value"] for e in reference.entries()}
    assert by_key[("3.7", "test_acc", 5)] == 0.841
    assert by_key[("3.2", "loss", 1)] == 0.040678
    assert by_key[("3.13", "scratch_loss", 1)] == 1.1393
    assert by_key[("6.4", "perplexity", 200)] == 1.598483


@pytest.mark.parametrize("tol,book,ours,expected", [
    ({"abs": 0.01}, 0.84, 0.845, True), ({"abs": 0.01}, 0.84, 0.829, False),
    ({"factor": 2.0}, 1e-4, 0.6e-4, True), ({"factor": 2.0}, 1e-4, 2.1e-4, False),
    ({"factor": 1.1}, -3.4, -3.5, True), ({"abs": 0.01}, 0.84, float("nan"), False),
    ({"info": True}, 1.0, 1e9, None),
])
def test_within(tol, book, ours, expected):
    assert reference.within(tol, book, ours) is expected


def _entry(**kw):
    return {"section": "3.7", "metric": "test_acc", "epoch": 5, "value": 0.841, "tolerance": {"abs": 0.01},
            "basis": "measured: test", "quick": False, **kw}


def test_judge_in_band_passes_out_of_band_fails(monkeypatch):
    monkeypatch.setattr(book_code, "load", dict)          # no runs of the book's code on this stack
    assert compare.judge(_entry(), [0.835, 0.84, 0.845])["verdict"] == "PASS"
    row = compare.judge(_entry(), [0.82, 0.825, 0.83])
    assert row["verdict"] == "FAIL" and row["mean"] == pytest.approx(0.825) and row["spread"] == pytest.approx(0.005)
    assert compare.judge(_entry(), [0.84, None])["verdict"] == "MISSING"
    assert compare.judge(_entry(tolerance={"info": True}), [5.0])["verdict"] == "INFO"


def test_a_miss_the_books_own_code_shares_on_this_stack_is_book_code_not_fail(monkeypatch):
    oracle = {("3.7", "test_acc", 5): {"values": [0.826, 0.829, 0.828, 0.827]}}
    monkeypatch.setattr(book_code, "load", lambda: oracle)
    row = compare.judge(_entry(), [0.825, 0.828, 0.829])
    assert row["verdict"] == "BOOK-CODE" and row["book_code_band"][0] < 0.8273 < row["book_code_band"][1]
    assert compare.judge(_entry(), [0.80, 0.80])["verdict"] == "FAIL"      # missed by the book's code too
    assert compare.judge(_entry(epoch=4), [0.827])["verdict"] == "FAIL"    # no oracle for that epoch
    assert compare.FAILING.isdisjoint({"BOOK-CODE"})
    assert "BOOK-CODE:" in compare.markdown([row], 3, False)


def test_markdown_says_why_a_row_is_info(monkeypatch):
    monkeypatch.setattr(book_code, "load", dict)
    why = "other code: the official build ran another cell"
    rows = [compare.judge(_entry(epoch=e, tolerance={"info": True}, basis=why), [0.8]) for e in (4, 5)]
    text = compare.markdown(rows, 1, False)
    assert text.count("INFO test_acc: the book printed a run of other code than its final text, which gluonlab "
                      "follows: the official build ran another cell") == 1
    assert "INFO test_acc" not in compare.markdown([compare.judge(_entry(), [0.84])], 1, False)


def test_markdown_explains_an_unstable_info_row_in_words(monkeypatch):
    monkeypatch.setattr(book_code, "load", dict)
    basis = ("measured: unstable across seeds (n=4 seeds, mean 1.81064e+24, min 0.402737, max 7.24255e+24); "
             "shown, never a failure")
    entry = _entry(section="3.11", metric="overfit_train_loss", epoch="final", value=0.4027369,
                   tolerance={"info": True}, basis=basis)
    text = compare.markdown([compare.judge(entry, [1.81064e+24])], 1, False)
    assert "| overfit_train_loss | final | 0.4027 | 1.811e+24 | info | INFO |" in text
    assert "INFO overfit_train_loss (from 0.4027 to 7.243e+24 over 4 seeds): the overfitting case trains on only " \
           "2 examples" in text and "never a failure" in text and "band `info`" in text


def test_markdown_heads_each_section_and_explains_the_bands_once(monkeypatch):
    monkeypatch.setattr(book_code, "load", dict)
    rows = [compare.judge(_entry(), [0.84]), compare.judge(_entry(epoch=4, tolerance={"factor": 1.658}), [0.84]),
            compare.judge(_entry(section="3.2", metric="loss", epoch=1, value=0.040678,
                                 tolerance={"factor": 1.658}), [0.0406123456])]
    text = compare.markdown(rows, 1, False)
    assert "## 3.7 Concise softmax regression (Gluon)" in text and "## 3.2 Linear regression from scratch" in text
    assert "| loss | 1 | 0.04068 | 0.04061 | x/1.658 | PASS |" in text
    assert text.count("band `x/f`") == 1 and text.count("band `+/-h`") == 1 and "band `info`" not in text
    assert "| test_acc | 5 | 0.841 | 0.84 | +/-0.01 | PASS |" in text, "one seed: no spread"
    assert "+/- 0 " not in text and "0.0406123" not in text


def test_book_code_runs_are_named_by_section_or_section_and_metric():
    assert book_code.units("3.7") == [("3.7", None)]
    assert book_code.units("6.7") == [("6.7", "scratch_perplexity"), ("6.7", "perplexity")]
    assert book_code.units("6.8:perplexity") == [("6.8", "perplexity")]
    for bad in ("6.6", "6.7:loss", "3.7:test_acc"):
        with pytest.raises(SystemExit, match="no run"):
            book_code.units(bad)
    assert all(key in {(e["section"], e["metric"]) for e in reference.entries()} for key in book_code.LM_RUNS)


def test_book_code_records_match_reference_entries():
    keys = {(e["section"], e["metric"], e["epoch"]) for e in reference.entries()}
    for key, rec in book_code.load().items():
        assert key in keys and len(rec["values"]) >= 2, key
        low, high = book_code.band(rec["values"])
        assert low < min(rec["values"]) <= max(rec["values"]) < high


def test_quick_verdict_needs_only_finite_figures_unless_epoch_independent():
    assert compare.judge(_entry(), [0.1], quick=True)["verdict"] == "OK"
    assert compare.judge(_entry(), [float("nan")], quick=True)["verdict"] == "FAIL"
    exact = _entry(metric="demo_accuracy", epoch="final", value=0.5, tolerance={"abs": 0.0}, quick=True)
    assert compare.judge(exact, [0.5], quick=True)["verdict"] == "PASS"
    assert compare.judge(exact, [0.25], quick=True)["verdict"] == "FAIL"


def test_figure_of_reads_history_final_and_indexed_metrics():
    record = {"epochs": [{"epoch": 1, "loss": 2.0}, {"epoch": 2, "loss": 1.0, "test_acc": "nan"}],
              "final": {"w": [1.5, -3.0], "b": 4.2}}
    assert compare.figure_of(record, "loss", 2) == 1.0
    assert compare.figure_of(record, "loss", 3) is None
    assert compare.figure_of(record, "w[1]", "final") == -3.0
    assert compare.figure_of(record, "w[2]", "final") is None
    assert compare.figure_of(record, "b", "final") == 4.2
    assert str(compare.figure_of(record, "test_acc", 2)) == "nan"
    assert compare._last_figure(record, "loss") == 1.0


def test_markdown_table_lists_every_row(monkeypatch):
    monkeypatch.setattr(book_code, "load", dict)
    rows = [compare.judge(_entry(), [0.835, 0.84]), compare.judge(_entry(epoch=4, value=0.9), [0.8, 0.81])]
    text = compare.markdown(rows, 2, False)
    assert "| test_acc | 5 | 0.841 | 0.8375 +/- 0.003536 | +/-0.01 | PASS |" in text
    assert "FAIL 1" in text and "PASS 1" in text


def test_verb_exit_status_follows_the_bands(tmp_path, monkeypatch):
    fake = [_entry(section="3.2", metric="loss", epoch="final", value=1.0, tolerance={"factor": 1e9})]
    monkeypatch.setattr(reference, "entries", lambda sections=None: [e for e in fake if not sections
                                                                   or e["section"] in sections])
    assert cli.main(["compare", "3.2", "--quick", "--out", str(tmp_path)]) == 0
    doc = json.loads((tmp_path / "compare.json").read_text())
    assert doc["rows"][0]["verdict"] == "OK" and (tmp_path / "3.2.png").is_file()
    assert "## 3.2 Linear regression from scratch" in (tmp_path / "compare.md").read_text()
    assert "| loss | final |" in (tmp_path / "compare.md").read_text()
    fake[0].update(quick=True, tolerance={"abs": 0.0})          # quick-checked and far outside its band
    assert cli.main(["compare", "3.2", "--quick", "--out", str(tmp_path)]) == 1
    assert json.loads((tmp_path / "compare.json").read_text())["rows"][0]["verdict"] == "FAIL"


def test_verb_refuses_a_section_without_book_numbers(tmp_path, capsys):
    assert cli.main(["compare", "4.2", "--quick", "--out", str(tmp_path)]) == 2
    listed = capsys.readouterr().err.split("sections with book numbers: ")[1].strip().split(", ")
    assert listed == sorted(set(e["section"] for e in reference.entries()), key=catalog.sort_key)   # book order


def test_verb_says_a_book_section_is_outside_gluonlabs_scope(tmp_path, capsys):
    assert cli.main(["compare", "10.11", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "section 10.11 of the book (Attention mechanism" in err and "outside gluonlab's scope" in err
    assert not tmp_path.joinpath("compare.md").exists()


@pytest.mark.slow
def test_full_compare_reproduces_chapter_3_linear_regression(tmp_path):
    assert cli.main(["compare", "3.2", "3.3", "--seeds", "3", "--out", str(tmp_path)]) == 0


def test_quick_compare_of_every_section_with_book_numbers(tmp_path):
    """`gluonlab compare --quick` over the whole reference: every entry implemented, present and finite."""
    rows, status, text = compare.run_compare(quick=True, out=tmp_path)
    verdicts = {r["verdict"] for r in rows}
    assert {(r["section"], r["metric"]) for r in rows} == {(e["section"], e["metric"]) for e in reference.entries()}
    keys = [(r["section"], r["metric"], r["epoch"]) for r in rows]
    assert len(keys) == len(set(keys)), "a figure shown twice at one epoch"
    for r in (r for r in rows if r["epoch"] != "final"):         # only epochs that ran, each with its own value
        record = json.loads((tmp_path / "runs" / "seed0" / r["section"] / "metrics.json").read_text())
        assert r["mean"] == compare.figure_of(record, r["metric"], r["epoch"]), r
    assert [(m, e) for s, m, e in keys if s == "3.7"] == [("loss", 1), ("train_acc", 1), ("test_acc", 1)]
    assert verdicts <= {"OK", "PASS", "INFO"}, [r for r in rows if r["verdict"] not in {"OK", "PASS", "INFO"}][:3]
    assert status == 0 and (tmp_path / "compare.md").exists()


def test_book_code_runs_extend_with_more_seeds_or_replace():
    doc = {"entries": [{"section": "6.7", "metric": "scratch_perplexity", "epoch": 160, "values": [1.78, 1.79]},
                       {"section": "3.7", "metric": "test_acc", "epoch": 5, "values": [0.82]}],
           "runs": {"6.7 scratch_perplexity": {"command": "first", "seeds": 2, "stack": "old"}}}

    def new(values):
        return [{"section": "6.7", "metric": "scratch_perplexity", "epoch": 160, "values": list(values)}]
    entries, runs = book_code.extend(doc, new([1.70, 1.86]), 2, "second", "now")
    assert [(e["section"], e["values"]) for e in entries] == [("6.7", [1.78, 1.79, 1.70, 1.86]), ("3.7", [0.82])]
    assert runs["6.7 scratch_perplexity"] == {"command": "first; then second", "seeds": 4, "stack": "now"}
    entries, runs = book_code.extend(doc, new([1.5]), 0, "again", "now")
    assert {e["section"]: e["values"] for e in entries} == {"6.7": [1.5], "3.7": [0.82]}
    assert runs["6.7 scratch_perplexity"]["seeds"] == 1
    with pytest.raises(SystemExit, match="extends a run of seeds 0..2; 6.7 scratch_perplexity epoch 160 holds 2"):
        book_code.extend(doc, new([1.7]), 3, "third", "now")


def test_time_table_counts_one_section_in_the_singular():
    from gluonlab import records
    timing = {"sections": {"3.7": 4.0}, "wall_s": 4.0, "sum_s": 4.0, "jobs": 1, "threads_per_job": None,
              "machine": records.machine()}
    assert "| total | 1 section | 4.0 |" in compare.timing_markdown(timing)


def test_verbose_echo_follows_section_order_however_runs_finish():
    from gluonlab.compare.jobs import InOrder, Job
    work = [Job(sid, 0, True, "cpu", "out") for sid in ("3.2", "3.7", "6.8")]
    echoed = []
    in_order = InOrder(work, echoed.append, lambda job: f"== {job.sid}")
    for job in (work[2], work[0], work[1]):                    # 6.8 finishes first
        in_order.done(job, [f"line of {job.sid}"])
    assert echoed == ["== 3.2", "line of 3.2", "== 3.7", "line of 3.7", "== 6.8", "line of 6.8"]


def _row(sid, metric, epoch, book, band=None):
    return {"section": sid, "metric": metric, "epoch": epoch, "book": book, "band": band, "ours": [book * 1.1],
            "tolerance": {"abs": 1}}


def test_compare_pictures_read_like_the_books():
    from gluonlab.compare.report import section_figure
    runs = [{"epochs": [{"epoch": 1, "loss": 0.04}, {"epoch": 2, "loss": 0.0002}, {"epoch": 3, "loss": 5e-5}]}]
    rows = [_row("3.2", "loss", e, v, (v / 2, v * 2)) for e, v in ((1, 0.04), (2, 1.5e-4), (3, 5e-5))]
    fig = section_figure("3.2", rows + [_row("3.2", "b", "final", 4.2)], runs)
    loss, final = fig.axes
    assert loss.get_xlabel() == "epoch" and loss.get_ylabel() == "loss" and list(loss.get_xticks()) == [1, 2, 3]
    assert loss.get_yscale() == "linear", "the book prints 3.2's losses, it plots none on a log scale"
    assert [t.get_text() for t in loss.get_legend().get_texts()] == ["gluonlab", "book"]
    ours, book = loss.get_lines()[:2]
    assert ours.get_zorder() > book.get_zorder() and book.get_markerfacecolor() == "none"   # ours drawn on top
    assert final.get_ylabel() and final.get_legend() is not None
    fig = section_figure("3.11", [_row("3.11", "normal_train_loss", "final", 0.007),
                                  _row("3.11", "underfit_test_loss", "final", 160.7)], [{}])
    assert fig.axes[0].get_yscale() == "log", "3.11's book figures are semilogy"


def test_one_epoch_learning_curve_has_one_whole_tick():
    from gluonlab import plot
    fig = plot.learning_curves([{"epoch": 1, "loss": 1.8, "train_acc": 0.45, "test_acc": 0.64}])
    for ax in fig.axes:
        assert list(ax.get_xticks()) == [1] and ax.get_xlim() == (0.5, 1.5) and ax.get_ylabel()


def test_one_epoch_semilogy_shows_its_points():
    """3.11, 3.12 and 3.16 draw the book's semilogy; after one epoch (--epochs 1) each curve is a single point,
    which a line without markers does not show."""
    from gluonlab import plot
    fig = plot.semilogy([1], [21.9], "epochs", "loss", [1], [61.5], ["train", "test"])
    assert [line.get_marker() not in (None, "None", "", " ") for line in fig.axes[0].get_lines()] == [True, True]
    assert all(h.get_marker() == "o" for h in fig.axes[0].get_legend().get_lines())
    fig = plot.semilogy([1, 2, 3], [3.0, 2.0, 1.0], "epochs", "loss")
    assert fig.axes[0].get_lines()[0].get_marker() in (None, "None", "", " ")      # the book's lines otherwise


def test_final_values_of_several_sizes_are_told_apart():
    """7.4's final numbers run from -1673 (a diverging trace) to 7e-5: on a linear axis every loss and trace end
    lies on the zero line. The panel then uses a symmetric log scale, on which each stands apart."""
    from gluonlab.compare.report import section_figure
    values = {"gd_2d_x2": -7.3e-05, "gd_2d_large_lr_x2": -1673.365109, "momentum_2d_x1": -0.062843,
              "scratch_loss": 0.244321}
    fig = section_figure("7.4", [_row("7.4", m, "final", v) for m, v in values.items()], [{}])
    ax = fig.axes[0]
    assert ax.get_yscale() == "symlog"
    pixels = sorted(ax.transData.transform((0, v))[1] for v in values.values())
    assert min(b - a for a, b in zip(pixels, pixels[1:])) > 5          # every value a few pixels from the next
    fig = section_figure("7.8", [_row("7.8", "scratch_loss", "final", 0.245),
                                 _row("7.8", "gluon_loss", "final", 0.243)], [{}])
    assert fig.axes[0].get_yscale() == "linear"                          # values of one size keep a linear axis
