"""9.10 Fully convolutional networks (FCN). Book: d2l-zh v1 §9.10 (bilinear_kernel, FCN on ResNet-18 v2,
VOC2012 training; d2lzh.VOCSegDataset, train)."""
from dataclasses import dataclass

from mxnet import gluon
from mxnet.gluon import data as gdata, loss as gloss, model_zoo

from ...config import RunConfig
from ...models.fcn import fcn_net
from ...registry import Result, section
from ...train.classify import fit
from ...vision import segmentation as seg, voc
from ...vision.files import weights_file
from ...vision.images import read_book_image

ID, SLUG, TITLE = "9.10", "fcn", "Fully convolutional networks (FCN)"


@dataclass(frozen=True)
class Config(RunConfig):
    train: bool = True
    crop_height: int = 320
    crop_width: int = 480
    batch_size: int = 32
    num_epochs: int = 5
    lr: float = 0.1
    wd: float = 1e-3
    QUICK = {"batch_size": 2, "num_epochs": 1}


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    if cfg.train:                                   # no data or weights: say so before any work
        voc_dir, weights = voc.voc_dir(), weights_file('resnet18_v2')
    final = {"conv_as_matrix": seg.convolution_as_matrix(report)}
    plots, out_shape = seg.bilinear_upsampling(read_book_image('catdog.jpg'), report)
    final["upsampled_shape"] = list(out_shape)
    if not cfg.train:
        return Result(final=final, plots=plots)
    pretrained_net = model_zoo.vision.resnet18_v2()
    pretrained_net.load_parameters(str(weights))
    report(pretrained_net.features[-4:], pretrained_net.output)
    net = fcn_net(pretrained_net, num_classes=21)
    crop_size, colormap2label = (cfg.crop_height, cfg.crop_width), voc.colormap2label()
    voc_train, voc_test = (voc.VOCSegDataset(is_train, crop_size, voc_dir, colormap2label, report=report)
                           for is_train in (True, False))
    train_iter = gdata.DataLoader(voc_train, cfg.batch_size, shuffle=True, last_batch='discard')
    test_iter = gdata.DataLoader(voc_test, cfg.batch_size, last_batch='discard')
    ctx = cfg.contexts()
    net.collect_params().reset_ctx(ctx)
    if cfg.hybridize:
        net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': cfg.lr, 'wd': cfg.wd})
    history = fit(net, train_iter, test_iter, gloss.SoftmaxCrossEntropyLoss(axis=1), cfg.num_epochs, None,
                  trainer=trainer, ctx=ctx, report=report, line="ch5")
    test_images, test_labels = voc.read_voc_images(voc_dir, is_train=False)
    plots["predictions"] = seg.predictions_figure(net, voc_test, test_images, test_labels, crop_size, ctx[0],
                                                  n=min(4, len(test_images)))
    final.update({k: history[-1][k] for k in ("loss", "train_acc", "test_acc")})
    return Result(history=history, final=final, plots=plots)
