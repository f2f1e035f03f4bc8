"""9.1 Image augmentation. Book: d2l-zh v1 §9.1 (apply, load_cifar10, train_with_data_aug; d2lzh.train)."""
from dataclasses import dataclass
from typing import Literal

from mxnet import gluon, init
from mxnet.gluon import loss as gloss

from ... import devices
from ...config import RunConfig
from ...data.batches import ArrayIter
from ...models.resnet import resnet18
from ...registry import Result, section
from ...train.classify import fit
from ...train.estimate import estimate_run
from ...vision import cifar10
from ...vision.augment import apply, demo_augmenters, images_figure
from ...vision.images import read_book_image

ID, SLUG, TITLE = "9.1", "image-augmentation", "Image augmentation"
AUGS = {"flip": cifar10.flip_aug, "none": cifar10.no_aug}


@dataclass(frozen=True)
class Config(RunConfig):
    train: bool = True             # after the demos, the CIFAR-10 training (needs the data)
    runs: tuple[Literal["flip", "none"], ...] = ("flip", "none")   # the book's flip_aug; "none": its exercise
    batch_size: int = 256
    lr: float = 0.001
    num_epochs: int = 10
    width: int = 64
    max_examples: int = 0
    QUICK = {"num_epochs": 1, "max_examples": 256, "width": 8, "batch_size": 64}


def _cifar(cfg, train):
    X, y = cifar10.read_cifar10(train)
    return (X[:cfg.max_examples], y[:cfg.max_examples]) if cfg.max_examples else (X, y)


def train_with_data_aug(cfg, data, train_augs, test_augs, report):
    """ResNet-18 with Adam on CIFAR-10 (the book's batch size 256, lr 0.001, 10 epochs, Xavier init)."""
    ctx = cfg.contexts()
    net = resnet18(10, cfg.width)
    net.initialize(ctx=ctx, init=init.Xavier())
    if cfg.hybridize:
        net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': cfg.lr})
    (X, y), (Xt, yt) = data
    train_iter = ArrayIter(X, y, cfg.batch_size, shuffle=True, transform=train_augs)
    test_iter = ArrayIter(Xt, yt, cfg.batch_size, transform=test_augs)
    return fit(net, train_iter, test_iter, gloss.SoftmaxCrossEntropyLoss(), cfg.num_epochs, None, trainer=trainer,
               ctx=ctx, report=report, line="ch5")


def estimate(cfg, data):
    """The time both trainings will take, from a warm-up on a throwaway ResNet-18 (re-seeds to cfg.seed after)."""
    (X, _), (Xt, _) = data
    line, _ = estimate_run(lambda: resnet18(10, cfg.width), X.shape[1], cfg.batch_size,
                           cfg.num_epochs * len(cfg.runs), len(X), len(Xt), cfg.contexts()[0], cfg.hybridize,
                           channels=X.shape[3])
    devices.seed(cfg.seed)
    return line + f" ({len(cfg.runs)} trainings of {cfg.num_epochs} epoch(s))"


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    data = (_cifar(cfg, True), _cifar(cfg, False)) if cfg.train else None    # no data: stop before the demos
    img = read_book_image('cat1.jpg')
    plots = {"cat1": images_figure([img], 1, 1, scale=3.5)}
    for name, aug in demo_augmenters():
        plots[name] = apply(img, aug)
    if not cfg.train:
        return Result(plots=plots)
    plots["cifar10_first_32"] = images_figure(data[0][0][0:32], 4, 8, scale=0.8)
    report(estimate(cfg, data))             # gluonlab extra: the book's settings take hours on a CPU
    history, final = [], {}
    for run_name in cfg.runs:
        report(f'train_augs: {run_name}')
        hist = train_with_data_aug(cfg, data, AUGS[run_name], cifar10.no_aug, report)
        history += [{**row, "run": run_name} for row in hist]
        final.update({f"{run_name}_{k}": hist[-1][k] for k in ("loss", "train_acc", "test_acc")})
    return Result(history=history, final=final, plots=plots)
