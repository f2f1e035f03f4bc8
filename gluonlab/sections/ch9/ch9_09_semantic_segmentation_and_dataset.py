"""9.9 Semantic segmentation and the data set (Pascal VOC2012). Book: d2l-zh v1 §9.9 (d2lzh.download_voc_pascal,
read_voc_images, voc_label_indices, voc_rand_crop, VOCSegDataset)."""
from dataclasses import dataclass

from mxnet.gluon import data as gdata

from ...config import RunConfig
from ...registry import Result, section
from ...vision import voc
from ...vision.augment import images_figure

ID, SLUG, TITLE = "9.9", "semantic-segmentation-and-dataset", "Semantic segmentation and the data set"


@dataclass(frozen=True)
class Config(RunConfig):
    crop_height: int = 320
    crop_width: int = 480
    batch_size: int = 64
    QUICK = {"batch_size": 2}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    voc_dir = voc.voc_dir()
    train_features, train_labels = voc.read_voc_images(voc_dir)
    n = 5
    plots = {"images_and_labels": images_figure(train_features[0:n] + train_labels[0:n], 2, n)}
    colormap2label = voc.colormap2label()
    y = voc.voc_label_indices(train_labels[0], colormap2label)
    report(y[105:115, 130:140], voc.VOC_CLASSES[1])
    imgs = []
    for _ in range(n):
        imgs += voc.voc_rand_crop(train_features[0], train_labels[0], 200, 300)
    plots["random_crops"] = images_figure(imgs[::2] + imgs[1::2], 2, n)
    crop_size = (cfg.crop_height, cfg.crop_width)
    voc_train = voc.VOCSegDataset(True, crop_size, voc_dir, colormap2label, report=report)
    voc_test = voc.VOCSegDataset(False, crop_size, voc_dir, colormap2label, report=report)
    train_iter = gdata.DataLoader(voc_train, cfg.batch_size, shuffle=True, last_batch='discard')
    for X, Y in train_iter:
        report(X.shape)
        report(Y.shape)
        break
    return Result(final={"n_train": len(voc_train), "n_test": len(voc_test), "batch_X": list(X.shape),
                         "batch_Y": list(Y.shape)}, plots=plots)
