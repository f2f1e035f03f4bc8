"""Chapter 9's loaders on stand-ins in the real formats, the message and exit status without the data, and the
augmentation and contest pipelines' pieces."""
import tarfile

import numpy as np
import pytest
from mxnet import nd

from gluonlab import cli
from gluonlab.data import resolve as res
from gluonlab.vision import cifar10, files, kaggle_cifar10, standins


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    """No copy anywhere and no downloads: an empty GLUONLAB_DATA, no system places, GLUONLAB_OFFLINE=1."""
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("GLUONLAB_OFFLINE", "1")
    monkeypatch.setattr(res, "REPO_DATA", tmp_path / "repo-data")
    for name, spec in list(files.LARGE.items()):
        monkeypatch.setitem(files.LARGE, name, files.DataFile(spec.name, spec.sha1, spec.urls))
    monkeypatch.setattr(files, "WEIGHT_DIRS", ())
    return tmp_path


def test_without_cifar10_run_says_where_and_exits_2(no_data, capsys):
    assert cli.main(["run", "9.1", "--quick", "--out", str(no_data / "out")]) == 2
    err = capsys.readouterr().err
    assert "cifar-10-binary.tar.gz was not found" in err
    assert "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/gluon/dataset/cifar10/" in err
    assert "GLUONLAB_DATA" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("sid, missing", [("9.2", "hotdog.zip"), ("9.6", "pikachu/train.rec"),
                                          ("9.7", "pikachu/train.rec"), ("9.9", "VOCtrainval_11-May-2012.tar"),
                                          ("9.10", "VOCtrainval_11-May-2012.tar"), ("9.11", "vgg19-ad2f660d.params"),
                                          ("9.13", "kaggle_dog/train_valid_test_tiny.zip")])
def test_every_section_that_needs_a_download_says_which_and_exits_2(no_data, capsys, sid, missing):
    assert cli.main(["run", sid, "--quick", "--out", str(no_data / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{missing} was not found" in err and "fix: copy" in err and len(err.strip().splitlines()) == 1


def test_without_weights_the_message_names_the_file(no_data):
    with pytest.raises(files.DataError, match=r"models/vgg19-ad2f660d\.params was not found") as e:
        files.weights_file("vgg19")
    assert "get_model('vgg19', pretrained=True)" in str(e.value)


def test_cifar10_archive_is_read_as_gluon_lays_it_out(tmp_path):
    path = standins.cifar10(tmp_path / "c.tar.gz", n_train=10, n_test=4)
    with tarfile.open(path) as tar:
        first = np.frombuffer(tar.extractfile("cifar-10-batches-bin/data_batch_1.bin").read(), np.uint8)
    X, y = cifar10.read_cifar10(True, archive=path)
    assert X.shape == (10, 32, 32, 3) and X.dtype == np.uint8 and y.dtype == np.int32
    assert y[0].asscalar() == first[0]
    np.testing.assert_array_equal(X[0].asnumpy(), first[1:3073].reshape(3, 32, 32).transpose(1, 2, 0))
    assert cifar10.read_cifar10(False, archive=path)[0].shape[0] == 4
    (tmp_path / "bad.tar.gz").write_bytes(b"not a tar")
    with pytest.raises(files.DataError, match="not CIFAR-10's binary archive"):
        cifar10.read_cifar10(True, archive=tmp_path / "bad.tar.gz")


def test_flip_in_bulk_mirrors_each_image_or_keeps_it(seed):
    X = nd.array(np.random.RandomState(0).randint(0, 256, (64, 8, 8, 3)), dtype="uint8")
    Y = cifar10.flip_aug(X)
    T = cifar10.to_tensor(X)
    flipped = [np.array_equal(Y[i].asnumpy(), T[i].asnumpy()[:, :, ::-1]) for i in range(64)]
    kept = [np.array_equal(Y[i].asnumpy(), T[i].asnumpy()) for i in range(64)]
    assert all(f or k for f, k in zip(flipped, kept)) and 10 < sum(flipped) < 54
    assert Y.shape == (64, 3, 8, 8) and float(T.max().asscalar()) <= 1.0


def test_standin_weights_load_into_the_model_zoo_net(tmp_path):
    from mxnet.gluon.model_zoo import vision
    with standins.patched(tmp_path):
        path = files.weights_file("resnet18_v2")
        net = vision.resnet18_v2()
        net.load_parameters(str(path))
        assert net(nd.zeros((1, 3, 32, 32))).shape == (1, 1000)


def test_kaggle_split_follows_the_book():
    train, test, idx_label = kaggle_cifar10.read_contest()
    folders = kaggle_cifar10.split(list(train), idx_label, 0.1)
    counts = {part: sum(map(len, f.values())) for part, f in folders.items()}
    assert counts == {"train": 90, "valid": 10, "train_valid": 100} and len(test) == 1
    assert all(len(names) <= 9 for names in folders["train"].values())       # n_train // 10 labels per label
    ds, synsets = kaggle_cifar10.image_folder(folders["train"], train)
    assert synsets == sorted(synsets) and len(synsets) == 10 and ds[0][0].shape == (32, 32, 3)


@pytest.mark.parametrize("sid, options, stages", [
    ("9.1", ["--max-examples", "40", "--batch-size", "16"], 2),     # ResNet-18 with Adam, flip then no augmentation
    pytest.param("9.2", ["--batch-size", "4"], 2, marks=pytest.mark.slow),   # fine-tuned, then from scratch (80 s)
    ("9.10", ["--batch-size", "2", "--crop-height", "64", "--crop-width", "96"], 1)])   # FCN on ResNet-18 v2
def test_chapter_9_training_resumes_exactly(sid, options, stages, tmp_path, monkeypatch):
    """Stopped right after its last training's first epoch, the run resumes to the uninterrupted run's history
    and parameters, bit for bit (the random crops and flips included)."""
    from test_robust_training import assert_same, final_params, history, manifest
    from gluonlab.train import checkpoint
    args = ["run", sid, "--quick", "--epochs", "2", *options]
    with standins.patched(tmp_path / "standins"):
        assert cli.main(args + ["--out", str(tmp_path / "full")]) == 0
        saves, real_save = [], checkpoint.Stage.save

        def save_then_stop(stage, epoch, hist):
            real_save(stage, epoch, hist)
            saves.append((stage.k, epoch))
            if len(saves) == 2 * stages - 1:         # the earlier trainings done, the last one at epoch 1
                raise KeyboardInterrupt
        monkeypatch.setattr(checkpoint.Stage, "save", save_then_stop)
        assert cli.main(args + ["--out", str(tmp_path / "cut")]) == 130
        monkeypatch.setattr(checkpoint.Stage, "save", real_save)
        assert manifest(tmp_path / "cut", sid, stages - 1)["epoch"] == 1
        assert cli.main(args + ["--out", str(tmp_path / "cut"), "--resume"]) == 0
    for k in range(stages):
        assert_same(final_params(tmp_path / "full", sid, k)[1], final_params(tmp_path / "cut", sid, k)[1])
    assert history(tmp_path / "full", sid) == history(tmp_path / "cut", sid)


def test_compare_calls_a_missing_download_no_data_not_a_failure(no_data, tmp_path):
    from gluonlab.compare import _error_verdict
    from gluonlab.compare.jobs import Job, run_here
    from gluonlab.compare.verdicts import FAILING
    ran = run_here(Job("9.6", 0, True, "cpu", str(tmp_path / "out")))
    assert ran["no_data"] and "pikachu/train.rec was not found" in ran["error"]
    assert _error_verdict([ran]) == "NO DATA" not in FAILING
    assert _error_verdict([ran, {"error": "ValueError: x"}]) == "ERROR"
