"""A newcomer's first hour: the book's whole table of contents, learning curves on disk, data from a second
source or a message that helps."""
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import urllib.error
from pathlib import Path

import pytest

from gluonlab import catalog, cli, plot, registry
from gluonlab.data import resolve as res
from gluonlab.errors import DataError, UnknownSectionError

# ---- the book's table of contents ----


def test_book_toc_covers_chapters_1_to_10_in_order():
    assert [c[0] for c in catalog.CHAPTERS] == [str(n) for n in range(1, 11)]
    ids = [row[0] for row in catalog.BOOK]
    assert len(ids) == len(set(ids)) == 87 and ids[0] == "1" and ids[-1] == "10.12"
    for chapter, *_ in catalog.CHAPTERS[1:]:
        numbers = [int(i.split(".")[1]) for i in ids if i.split(".")[0] == chapter]
        assert numbers == list(range(1, len(numbers) + 1)), chapter
    assert all(title and title_zh for _, _, title, title_zh in catalog.BOOK)
    assert catalog.BOOK_BY_ID["5.5"][1:3] == ("lenet", "Convolutional neural networks (LeNet)")


def test_every_book_section_gluonlab_runs_has_the_same_number_in_the_book():
    for sid, slug, title in catalog.SECTIONS:
        if not sid.startswith("S"):
            _, page, book_title, _ = catalog.BOOK_BY_ID[sid]
            assert book_title == title and page in (slug, "numerical-stability-and-init"), sid


def _clone_toc(repo):
    """{chapter folder: [page, ...]} from the toctrees of a d2l-zh clone's v1 (a checkout or a git dir)."""
    def show(path):
        if (Path(repo) / path).is_file():
            return (Path(repo) / path).read_text(encoding="utf-8")
        return subprocess.run(["git", "--git-dir", str(repo), "show", f"v1:{path}"], check=True,
                              capture_output=True, text=True).stdout
    toc = {}
    for _, _, _, folder in catalog.CHAPTERS[1:]:
        block = show(f"{folder}/index.md").split("toctree::", 1)[1]
        toc[folder] = re.findall(r"^   ([a-z0-9-]+)\s*$", block, re.M)
    return toc


@pytest.mark.skipif(not os.environ.get("GLUONLAB_D2L_ZH"), reason="GLUONLAB_D2L_ZH does not name a d2l-zh clone")
def test_book_toc_matches_the_books_own_index_files():
    toc = _clone_toc(os.environ["GLUONLAB_D2L_ZH"])
    for number, _, _, folder in catalog.CHAPTERS[1:]:
        ours = [row[1] for row in catalog.BOOK if row[0].split(".")[0] == number]
        assert ours == toc[folder], folder


def test_list_all_marks_each_book_section(capsys):
    assert cli.main(["list", "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    book = [r for r in rows if r["book_page"]]
    assert [r["id"] for r in book] == [row[0] for row in catalog.BOOK]
    status = {r["id"]: r["status"] for r in rows}
    assert status["3.7"] == status["5.5"] == status["10.12"] == "implemented" and status["10.1"] == "prose, no code"
    assert {r["id"] for r in book if r["status"] != "implemented"} == catalog.PROSE
    assert [r["id"] for r in rows if not r["book_page"]] == [s[0] for s in catalog.SECTIONS if s[0][0] == "S"]
    assert cli.main(["list", "--all"]) == 0
    text = capsys.readouterr().out
    assert "Chapter 1: Introduction to deep learning" in text and "Chapter 10: Natural language processing" in text
    assert re.search(r"10\.10 +prose, no code +Beam search", text)
    assert re.search(r"3\.7 +implemented +Concise softmax regression \(Gluon\) +\[softmax-regression-gluon\]", text)


@pytest.mark.parametrize("key", ["10.1", "word2vec", "10.10", "2.1", "1"])
def test_run_on_a_section_outside_the_scope_says_so(key, capsys):
    with pytest.raises(UnknownSectionError, match="outside gluonlab's scope"):
        registry.get(key)
    assert cli.main(["run", key]) == 2
    err = capsys.readouterr().err
    assert "of the book" in err and "outside gluonlab's scope" in err and "unknown section" not in err
    assert "gluonlab list --all" in err and "Traceback" not in err


def test_unknown_ids_are_still_unknown():
    with pytest.raises(UnknownSectionError, match="unknown section"):
        registry.get("11.1")


# ---- learning curves ----


def test_learning_curves_one_panel_per_kind_and_one_line_per_run():
    history = [{"epoch": e, "loss": 1 / e, "train_acc": 0.5 + e / 10, "test_acc": 0.4 + e / 10, "wall_s": 1.0,
                "net": net} for net in ("scratch", "gluon") for e in (1, 2, 3)]
    fig = plot.learning_curves(history, title="x")
    axes = fig.get_axes()
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]
    assert [line.get_label() for line in axes[0].get_lines()] == ["loss (scratch)", "loss (gluon)"]
    assert len(axes[1].get_lines()) == 4
    ppl = plot.learning_curves([{"epoch": e, "perplexity": 100 / e, "predictions": "..."} for e in (1, 2)])
    assert [ax.get_yscale() for ax in ppl.get_axes()] == ["log"]
    assert plot.learning_curves([]) is None and plot.learning_curves([{"epoch": 1, "wall_s": 2.0}]) is None
    assert plot.learning_curves([{"epoch": 1, "loss": "nan"}]) is None


def test_run_writes_learning_curves_lists_them_and_says_where(tmp_path, capsys):
    """`gluonlab run 3.7` (quick): learning_curves.png on disk, in metrics.json's plots, its path printed."""
    assert cli.main(["run", "3.7", "--quick", "--out", str(tmp_path)]) == 0
    record = json.loads((tmp_path / "3.7" / "metrics.json").read_text())
    assert "learning_curves.png" in record["plots"]
    png = tmp_path / "3.7" / "learning_curves.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"[3.7] plots: {tmp_path}/3.7/learning_curves.png" in capsys.readouterr().out


# ---- data: two public sources each, then a message that helps ----

PAYLOAD = b"gluonlab source test\n" * 50


def test_every_data_file_has_two_public_sources():
    for spec in res.FILES.values():
        assert len(set(spec.urls)) >= 2, spec.name
        assert all(u.startswith(("http://", "https://")) and u.endswith("/" + spec.name) for u in spec.urls)
    for name in ("kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv", "jaychou_lyrics.txt.zip"):
        assert any(f"d2l-ai/d2l-zh/{res._D2LZH_COMMIT}/data/{name}" in u for u in res.FILES[name].urls)


@pytest.mark.skipif(not os.environ.get("GLUONLAB_D2L_ZH"), reason="GLUONLAB_D2L_ZH does not name a d2l-zh clone")
def test_pinned_d2l_zh_commit_holds_the_files_with_their_sha1():
    repo = os.environ["GLUONLAB_D2L_ZH"]
    git_dir = Path(repo) / ".git" if (Path(repo) / ".git").exists() else Path(repo)
    for name in ("kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv", "jaychou_lyrics.txt.zip"):
        blob = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{res._D2LZH_COMMIT}:data/{name}"],
                              check=True, capture_output=True).stdout
        assert hashlib.sha1(blob).hexdigest() == res.FILES[name].sha1, name


@pytest.fixture
def two_sources(tmp_path, monkeypatch):
    spec = res.DataFile("fake.bin.gz", hashlib.sha1(PAYLOAD).hexdigest(),
                        ("http://first.invalid/fake.bin.gz", "https://second.invalid/fake.bin.gz"))
    monkeypatch.setitem(res.FILES, spec.name, spec)
    monkeypatch.setattr(res, "REPO_DATA", tmp_path / "repo-data")
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path / "env"))
    monkeypatch.delenv("GLUONLAB_OFFLINE", raising=False)
    return spec, tmp_path / "repo-data"


def opener_from(answers, log):
    """A fake urlopen: answers[url] is bytes to serve or an exception to raise."""
    def opener(url, timeout):
        log.append(url)
        answer = answers[url]
        if isinstance(answer, Exception):
            raise answer
        return io.BytesIO(answer)
    return opener


@pytest.mark.parametrize("first", [urllib.error.URLError(OSError("Name or service not known")),
                                   gzip.compress(b"another file"), b"not gzip",
                                   urllib.error.HTTPError("http://first.invalid/fake.bin.gz", 404, "Not Found",
                                                          {}, None)])
def test_a_failing_first_source_falls_through_to_the_second(two_sources, first):
    spec, dest = two_sources
    log = []
    good = gzip.compress(PAYLOAD)
    path = res.fetch(spec, opener=opener_from({spec.urls[0]: first, spec.urls[1]: good}, log))
    assert log == list(spec.urls) and path == dest / spec.name and path.read_bytes() == good
    assert [p.name for p in dest.iterdir()] == [spec.name]


def test_first_source_that_works_is_the_only_one_asked(two_sources):
    spec, dest = two_sources
    log = []
    res.fetch(spec, opener=opener_from({spec.urls[0]: gzip.compress(PAYLOAD)}, log))
    assert log == [spec.urls[0]]


def test_no_network_message_names_the_file_the_folder_and_gluonlab_data(two_sources, monkeypatch, capsys):
    spec, dest = two_sources
    down = urllib.error.URLError(OSError("[Errno -3] Temporary failure in name resolution"))
    monkeypatch.setattr(res, "urlopen", opener_from(dict.fromkeys(spec.urls, down), []))
    with pytest.raises(DataError) as err:
        res.resolve(spec.name)
    msg = str(err.value)
    assert "could not download fake.bin.gz: the network could not be reached" in msg
    assert all(url in msg for url in spec.urls) and "Temporary failure in name resolution" in msg
    assert f"copy fake.bin.gz into {dest}/" in msg and "GLUONLAB_DATA" in msg
    assert "make data" not in msg and "data fetch" not in msg, "never the command that just failed"
    assert not dest.exists() or list(dest.iterdir()) == []


def test_a_source_that_answers_wrongly_is_not_called_a_network_failure(two_sources):
    spec, _ = two_sources
    answers = {spec.urls[0]: urllib.error.HTTPError(spec.urls[0], 404, "Not Found", {}, None),
               spec.urls[1]: gzip.compress(b"evil")}
    with pytest.raises(DataError) as err:
        res.fetch(spec, opener=opener_from(answers, []))
    msg = str(err.value)
    assert "no source gave a good copy" in msg and "network could not be reached" not in msg
    assert "HTTPError: Not Found" in msg and f"content sha1 {hashlib.sha1(b'evil').hexdigest()}" in msg


def test_data_fetch_reports_every_missing_file_without_offering_itself(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(res, "REPO_DATA", tmp_path / "repo-data")
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path / "empty"))
    monkeypatch.delenv("GLUONLAB_OFFLINE", raising=False)
    for name, spec in list(res.FILES.items()):
        monkeypatch.setitem(res.FILES, name, res.DataFile(spec.name, spec.sha1, spec.urls))   # no system places
    down = urllib.error.URLError(OSError("Network is unreachable"))
    monkeypatch.setattr(res, "urlopen", opener_from({u: down for s in res.FILES.values() for u in s.urls}, []))
    assert cli.main(["data", "fetch"]) == 2
    err = capsys.readouterr().err
    assert err.count("the network could not be reached") == len(res.FILES)
    assert "make data" not in err and "data fetch" not in err and "GLUONLAB_DATA" in err
