"""Chapter 9's large downloads, with the book's (and gluon's) URLs and sha1s: resolved like every data file
($GLUONLAB_DATA, data/, the place gluon or the book keeps them, else a checked download unless
GLUONLAB_OFFLINE=1), but outside resolve.FILES, so `gluonlab data fetch` does not download gigabytes.

Without a copy and without the network, the DataError names the file, its URLs and where to put it; `gluonlab
run` prints it as one line and exits 2.
"""
import os
from pathlib import Path

from ..data.resolve import REPO_DATA, DataFile, resolve_spec
from ..errors import DataError

_GLUON = ("https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/gluon/",
          "https://apache-mxnet.s3-accelerate.amazonaws.com/gluon/")


def _gluon(path, sha1, system_dirs=()):
    return DataFile(path, sha1, tuple(base + "dataset/" + path for base in _GLUON), system_dirs)


LARGE = {f.name: f for f in [
    # 9.1: gluon.data.vision.CIFAR10's archive (gluon keeps it in ~/.mxnet/datasets/cifar10)
    _gluon("cifar10/cifar-10-binary.tar.gz", "fab780a1e191a7eda0f345501ccd62d20f7ed891", ("~/.mxnet/datasets",)),
    # 9.2: the hot dog set (fine-tuning.md)
    _gluon("hotdog.zip", "fba480ffa8aa7e0febbb511d181409f899b9baa5"),
    # 9.6-9.7: Pikachu RecordIO (d2lzh._download_pikachu)
    _gluon("pikachu/train.rec", "e6bcb6ffba1ac04ff8a9b1115e650af56ee969c8"),
    _gluon("pikachu/train.idx", "dcf7318b2602c06428b9988470c731621716c393"),
    _gluon("pikachu/val.rec", "d6c33f799b4d058e82f2cb5bd9a976f69d72d520"),
    # 9.9-9.10: Pascal VOC2012 (d2lzh.download_voc_pascal), the host's URL and a long-lived mirror
    # 9.13: the book's tiny sample of the Kaggle dog contest (its repository's data/ folder; git's blob id)
    DataFile("kaggle_dog/train_valid_test_tiny.zip", "80d196a14338c8074b8b2a61db40e9402ac4d12d",
             tuple(f"{base}data/kaggle_dog/train_valid_test_tiny.zip" for base in (
                 "https://raw.githubusercontent.com/d2l-ai/d2l-zh/abb4113be45cb2d23adeeb7b0e5a350938d7a650/",
                 "https://github.com/d2l-ai/d2l-zh/raw/abb4113be45cb2d23adeeb7b0e5a350938d7a650/")), git_blob=True),
    DataFile("VOCtrainval_11-May-2012.tar", "4e443f8a2eca6b1dac8a6c57641b67dd40621a49",
             ("http://host.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar",
              "https://pjreddie.com/media/files/VOCtrainval_11-May-2012.tar")),
]}

# Pretrained weights of gluon's model zoo: (file name in ~/.mxnet/models, sha1 of the .params).
WEIGHTS = {"resnet18_v2": "a81db45fd7b7a2d12ab97cd88ef0a5ac48b8f657",      # 9.2
           "resnet34_v2": "9d6b80bbc35169de6b6edecffdd6047c56fdd322",      # 9.13
           "vgg19": "ad2f660d101905472b83590b59708b71ea22b2e5"}            # 9.11


WEIGHT_DIRS = ("~/.mxnet",)         # besides $GLUONLAB_DATA and data/: where gluon keeps models/


def resolve_large(name, download=None):
    """Path of a verified copy of chapter 9's file `name` (a key of LARGE)."""
    return resolve_spec(LARGE[name], download)


def weights_file(name, download=None):
    """Path of the model zoo's verified `<name>-<sha1[:8]>.params`: $GLUONLAB_DATA/models, data/models or
    ~/.mxnet/models; else gluon's own download (a zip from its model store) into data/models when allowed."""
    sha1 = WEIGHTS[name]
    spec = DataFile(f"models/{name}-{sha1[:8]}.params", sha1, (), WEIGHT_DIRS)
    try:
        return resolve_spec(spec, download=False)
    except DataError as missing:
        offline = os.environ.get("GLUONLAB_OFFLINE", "0") == "1"
        if download is False or (download is None and offline):
            raise DataError(missing.message, f"copy {Path(spec.name).name} into {REPO_DATA / 'models'}/ or "
                            "$GLUONLAB_DATA/models/; gluon downloads it with mxnet.gluon.model_zoo.vision."
                            f"get_model('{name}', pretrained=True) (into ~/.mxnet/models, also searched)") from None
    from mxnet.gluon.model_zoo import model_store
    try:
        return Path(model_store.get_model_file(name, root=str(REPO_DATA / "models")))
    except Exception as e:                          # noqa: BLE001  (gluon raises plain errors for a failed fetch)
        raise DataError(f"could not download the {name} weights: {e}",
                        f"copy {Path(spec.name).name} into {REPO_DATA / 'models'}/ on a machine with network "
                        "access") from None

