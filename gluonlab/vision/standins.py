"""Small stand-ins for chapter 9's downloads, written in the real files' formats, so that the code paths run
where the data cannot be had (tests, `--quick` in CI): a few CIFAR-10 binary records in gluon's tar.gz, a tiny
Pikachu RecordIO (.rec/.idx with detection labels), a tiny VOC2012 tree (tar), a small hot dog folder tree
(zip) and model-zoo .params files with gluon's parameter names.

`patched(root)` writes them under root and points chapter 9's resolver at them (their own sha1s) for the block.
"""
import contextlib
import hashlib
import io
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from mxnet import nd, recordio

from ..data.resolve import content_sha1
from . import files, voc

SECTIONS = ("9.1", "9.2", "9.6", "9.7", "9.9", "9.10", "9.11", "9.13")     # those that need a download
WEIGHTS_OF = {"9.2": ("resnet18_v2",), "9.10": ("resnet18_v2",), "9.11": ("vgg19",), "9.13": ("resnet34_v2",)}


def _encode(img, fmt):
    """(h, w, 3) uint8 RGB -> JPEG or PNG bytes (PIL: readable by mx.image.imdecode)."""
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format={".jpg": "JPEG", ".png": "PNG"}[fmt])
    return buf.getvalue()


def cifar10(path, n_train=50, n_test=20, seed=0):
    """gluon's cifar-10-binary.tar.gz layout: 5 training batches and a test batch of random records."""
    rng = np.random.RandomState(seed)

    def batch(n):
        return np.concatenate([rng.randint(0, 10, (n, 1)), rng.randint(0, 256, (n, 3072))], 1).astype("uint8")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name, n in [(f"data_batch_{i}.bin", n_train // 5) for i in range(1, 6)] + [("test_batch.bin", n_test)]:
            _add(tar, f"cifar-10-batches-bin/{name}", batch(n).tobytes())
    return path


def _add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def pikachu(folder, n_train=8, n_val=4, edge=256, seed=0):
    """train.rec/.idx and val.rec: edge x edge JPEGs, one box each, label [2, 5, class, xmin, ymin, xmax, ymax]."""
    rng = np.random.RandomState(seed)
    Path(folder).mkdir(parents=True, exist_ok=True)
    for name, n in (("train", n_train), ("val", n_val)):
        rec = recordio.MXIndexedRecordIO(f"{folder}/{name}.idx", f"{folder}/{name}.rec", "w")
        for i in range(n):
            x0, y0 = rng.uniform(0.05, 0.5, 2)
            label = [2, 5, 0, x0, y0, x0 + 0.3, y0 + 0.3]
            rec.write_idx(i, recordio.pack(recordio.IRHeader(0, label, i, 0), _encode(
                rng.randint(0, 256, (edge, edge, 3)).astype("uint8"), ".jpg")))
        rec.close()
    Path(f"{folder}/val.idx").unlink()                   # the book's download has no val.idx
    return folder


def voc_tree(root, n=8, size=(330, 490), seed=0):
    """VOCdevkit/VOC2012 with n JPEGImages, their SegmentationClass PNGs coloured with VOC_COLORMAP, and the
    Segmentation train/val lists; returns the VOC2012 folder."""
    rng = np.random.RandomState(seed)
    voc_dir = Path(root) / "VOCdevkit" / "VOC2012"
    for sub in ("ImageSets/Segmentation", "JPEGImages", "SegmentationClass"):
        (voc_dir / sub).mkdir(parents=True, exist_ok=True)
    names = [f"2007_{i:06d}" for i in range(n)]
    for i, name in enumerate(names):
        h, w = size[0] + 8 * i, size[1] + 8 * i
        (voc_dir / "JPEGImages" / f"{name}.jpg").write_bytes(_encode(rng.randint(0, 256, (h, w, 3)).astype(
            "uint8"), ".jpg"))
        classes = rng.randint(0, len(voc.VOC_COLORMAP), (h // 8 + 1, w // 8 + 1)).repeat(8, 0).repeat(8, 1)[:h, :w]
        colours = np.array(voc.VOC_COLORMAP, dtype="uint8")[classes]
        (voc_dir / "SegmentationClass" / f"{name}.png").write_bytes(_encode(colours, ".png"))
    (voc_dir / "ImageSets/Segmentation/train.txt").write_text("\n".join(names[: n - 2]) + "\n")
    (voc_dir / "ImageSets/Segmentation/val.txt").write_text("\n".join(names[n - 2:]) + "\n")
    return voc_dir


def voc_tar(path, seed=0):
    """VOCtrainval_11-May-2012.tar holding a voc_tree."""
    with tempfile.TemporaryDirectory() as tmp:
        voc_tree(tmp, seed=seed)
        with tarfile.open(path, "w") as tar:
            tar.add(Path(tmp) / "VOCdevkit", arcname="VOCdevkit")
    return path


def hotdog_zip(path, per_class=4, seed=0):
    """hotdog.zip: hotdog/{train,test}/{hotdog,not-hotdog}/*.png."""
    rng = np.random.RandomState(seed)
    with zipfile.ZipFile(path, "w") as z:
        for part in ("train", "test"):
            for cls in ("hotdog", "not-hotdog"):
                for i in range(per_class):
                    z.writestr(f"hotdog/{part}/{cls}/{i}.png", _encode(
                        rng.randint(0, 256, (rng.randint(60, 120), rng.randint(60, 120), 3)).astype("uint8"), ".png"))
    return path


def dog_zip(path, labels=("affenpinscher", "beagle", "boxer"), per_label=3, seed=0):
    """train_valid_test_tiny.zip as the book's: train_valid_test_tiny/{train,valid,train_valid}/<breed>/<id>.jpg
    and test/unknown/<id>.jpg."""
    rng = np.random.RandomState(seed)
    root = "train_valid_test_tiny"
    with zipfile.ZipFile(path, "w") as z:
        for label in labels:
            ids = [f"{label[:3]}{i:04x}" for i in range(per_label)]
            for i, idx in enumerate(ids):
                data = _encode(rng.randint(0, 256, (rng.randint(60, 90), rng.randint(60, 90), 3)).astype("uint8"),
                               ".jpg")
                z.writestr(f"{root}/train_valid/{label}/{idx}.jpg", data)
                z.writestr(f"{root}/{'valid' if i == 0 else 'train'}/{label}/{idx}.jpg", data)
        for i in range(4):
            z.writestr(f"{root}/test/unknown/t{i:04x}.jpg", _encode(rng.randint(0, 256, (70, 80, 3)).astype("uint8"),
                                                                     ".jpg"))
    return path


def weights(path, name):
    """A .params file with the model zoo's parameter names and shapes for `name` (random values). VGG-19's holds
    its features only (20M of its 144M parameters: style transfer uses nothing else)."""
    from mxnet.gluon.model_zoo import vision
    net = vision.get_model(name)
    net.initialize()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    if name.startswith('vgg'):
        net.features(nd.zeros((1, 3, 32, 32)))
        nd.save(str(path), {k: v.data() for k, v in net._collect_params_with_prefix().items()
                            if k.startswith('features.')})
        return path
    net(nd.zeros((1, 3, 224, 224)))
    net.save_parameters(str(path))
    return path


def _sha1(path):
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


def _folder(path):
    Path(path).mkdir(parents=True, exist_ok=True)
    return Path(path)


@contextlib.contextmanager
def patched(root, weight_names=("resnet18_v2",)):
    """Write every stand-in under root; inside the block chapter 9's resolver finds them. Each is known as
    <root's name>/<file> beside root, so a real copy in $GLUONLAB_DATA or data/ is never taken for a stand-in."""
    root = Path(root)
    made = {"cifar10/cifar-10-binary.tar.gz": cifar10(_folder(root / "cifar10") / "cifar-10-binary.tar.gz"),
            "hotdog.zip": hotdog_zip(_folder(root) / "hotdog.zip"),
            "VOCtrainval_11-May-2012.tar": voc_tar(root / "VOCtrainval_11-May-2012.tar"),
            "kaggle_dog/train_valid_test_tiny.zip": dog_zip(_folder(root / "kaggle_dog") / "train_valid_test_tiny.zip"
                                                            )}
    pikachu(root / "pikachu")
    made.update({f"pikachu/{n}": root / "pikachu" / n for n in ("train.rec", "train.idx", "val.rec")})
    old_large, old_weights, old_dirs = dict(files.LARGE), dict(files.WEIGHTS), files.WEIGHT_DIRS
    for name, path in made.items():
        spec = files.LARGE[name]
        files.LARGE[name] = files.DataFile(f"{root.name}/{name}", content_sha1(path, spec.gz, spec.git_blob),
                                           spec.urls, (str(root.parent),), spec.git_blob)
    for name in weight_names:
        tmp = weights(root / "models" / f"{name}.tmp", name)
        sha1 = _sha1(tmp)
        tmp.rename(root / "models" / f"{name}-{sha1[:8]}.params")
        files.WEIGHTS[name] = sha1
    files.WEIGHT_DIRS = (str(root),)
    try:
        yield root
    finally:
        files.LARGE.clear()
        files.LARGE.update(old_large)
        files.WEIGHTS.clear()
        files.WEIGHTS.update(old_weights)
        files.WEIGHT_DIRS = old_dirs
