"""Chapter 10's downloads: GloVe vectors and the IMDB reviews from a local path, extracted when only the archive
is there, refused when its sha1 is wrong, and a clear message (exit 2 from `gluonlab run`) when absent."""
import numpy as np
import pytest

from gluonlab import cli
from gluonlab.data import embeddings, imdb
from gluonlab.errors import DataError
from text_stand_ins import make_glove, make_imdb


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    """No GloVe or IMDB anywhere gluonlab looks, and no downloads."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("GLUONLAB_DATA", str(empty))
    monkeypatch.setenv("GLUONLAB_OFFLINE", "1")
    monkeypatch.setenv("MXNET_HOME", str(empty))
    monkeypatch.setattr(embeddings.base, "data_dir", lambda: str(empty))
    monkeypatch.setattr(imdb, "REPO_DATA", empty)
    monkeypatch.setattr("gluonlab.data.resolve.REPO_DATA", empty)
    monkeypatch.chdir(empty)
    return empty


def test_glove_from_a_local_file(tmp_path):
    make_glove(tmp_path, dims=(50,))
    embed = embeddings.create("glove", "glove.6B.50d.txt", root=tmp_path)
    assert len(embed) == 34 and embed.idx_to_vec.shape == (34, 50)        # '<unk>' + 33 words
    line = (tmp_path / "glove.6B.50d.txt").read_text().splitlines()[0].split(" ")
    np.testing.assert_allclose(embed.get_vecs_by_tokens(["chip"]).asnumpy()[0], [float(v) for v in line[1:]],
                               rtol=1e-5)


def test_glove_through_GLUONLAB_DATA_with_a_vocabulary(tmp_path, monkeypatch):
    from mxnet.contrib import text
    (tmp_path / "glove").mkdir()
    make_glove(tmp_path / "glove", dims=(100,))
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path))
    vocab = text.vocab.Vocabulary(__import__("collections").Counter({"chip": 3, "nonword": 2}))
    vecs = embeddings.create("glove", "glove.6B.100d.txt", vocabulary=vocab).idx_to_vec
    assert vecs.shape == (3, 100) and vecs[2].abs().sum().asscalar() == 0 and vecs[1].abs().sum().asscalar() > 0


def test_imdb_archive_is_extracted_and_read(tmp_path):
    make_imdb(tmp_path / "made", per_label=3, archive=True)
    d = tmp_path / "d"
    d.mkdir()
    (d / imdb.ARCHIVE).write_bytes((tmp_path / "made" / imdb.ARCHIVE).read_bytes())
    with pytest.raises(DataError, match="wrong sha1"):          # a stand-in archive is not the book's file
        imdb.verify(imdb.LARGE[imdb.ARCHIVE], d / imdb.ARCHIVE)
    root = imdb.extract(d / imdb.ARCHIVE, d)
    data = imdb.read_imdb("test", d)
    assert root == d / "aclImdb" and len(data) == 6 and sorted(label for _, label in data) == [0, 0, 0, 1, 1, 1]
    assert all("\n" not in review and review == review.lower() for review, _ in data)


def test_missing_data_names_the_file_and_where_to_put_it(no_data):
    with pytest.raises(DataError) as e:
        embeddings.create("glove", "glove.6B.50d.txt")
    assert "glove.6B.50d.txt" in e.value.message and "glove.6B.zip" in e.value.fix and "GLUONLAB_DATA" in e.value.fix
    with pytest.raises(DataError) as e:
        imdb.read_imdb("train")
    assert "aclImdb" in e.value.message and "aclImdb_v1.tar.gz" in e.value.fix and "GLUONLAB_DATA" in e.value.fix


@pytest.mark.parametrize("sid, name", [("10.6", "glove.6B.50d.txt"), ("10.7", "aclImdb_v1.tar.gz")])
def test_run_without_the_data_says_so_and_exits_2(sid, name, no_data, capsys):
    assert cli.main(["run", sid, "--quick", "--out", str(no_data / "runs")]) == 2
    err = capsys.readouterr().err
    assert name in err and "GLUONLAB_DATA" in err
