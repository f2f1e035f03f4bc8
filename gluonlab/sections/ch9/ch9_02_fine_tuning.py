"""9.2 Fine-tuning: ImageNet ResNet-18 v2 to hot dogs. Book: d2l-zh v1 §9.2 (train_fine_tuning; d2lzh.train)."""
from dataclasses import dataclass
from typing import Literal

from mxnet import gluon, init
from mxnet.gluon import data as gdata, loss as gloss, model_zoo

from ...config import RunConfig
from ...registry import Result, section
from ...train.classify import fit
from ...vision.augment import images_figure
from ...vision.files import resolve_large, weights_file
from ...vision.images import zip_image_folder

ID, SLUG, TITLE = "9.2", "fine-tuning", "Fine-tuning"
T = gdata.vision.transforms
NORMALIZE = T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])


@dataclass(frozen=True)
class Config(RunConfig):
    runs: tuple[Literal["finetune", "scratch"], ...] = ("finetune", "scratch")
    lr: float = 0.01               # fine-tuning; the output layer learns at 10x
    scratch_lr: float = 0.1
    batch_size: int = 128
    num_epochs: int = 5
    QUICK = {"batch_size": 4, "num_epochs": 1}


def _nets(run_name):
    pretrained_net = model_zoo.vision.resnet18_v2()
    pretrained_net.load_parameters(str(weights_file('resnet18_v2')))
    net = model_zoo.vision.resnet18_v2(classes=2)
    if run_name == 'finetune':
        net.features = pretrained_net.features
        net.output.initialize(init.Xavier())
        net.output.collect_params().setattr('lr_mult', 10)    # the new output layer learns 10x faster
    else:
        net.initialize(init=init.Xavier())
    return pretrained_net, net


def train_fine_tuning(cfg, net, learning_rate, data, report):
    train_augs = T.Compose([T.RandomResizedCrop(224), T.RandomFlipLeftRight(), T.ToTensor(), NORMALIZE])
    test_augs = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), NORMALIZE])
    train_iter = gdata.DataLoader(data[0].transform_first(train_augs), cfg.batch_size, shuffle=True)
    test_iter = gdata.DataLoader(data[1].transform_first(test_augs), cfg.batch_size)
    ctx = cfg.contexts()
    net.collect_params().reset_ctx(ctx)
    if cfg.hybridize:
        net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': learning_rate, 'wd': 0.001})
    return fit(net, train_iter, test_iter, gloss.SoftmaxCrossEntropyLoss(), cfg.num_epochs, None, trainer=trainer,
               ctx=ctx, report=report, line="ch5")


@section(ID, SLUG, TITLE, Config, resumable=True)
def run(cfg: Config, report=print) -> Result:
    zip_path = resolve_large('hotdog.zip')
    weights_file('resnet18_v2')                     # both needed: say so before any work
    (train_imgs, _), (test_imgs, _) = (zip_image_folder(zip_path, f'hotdog/{p}') for p in ('train', 'test'))
    n = min(8, len(train_imgs) // 2)
    hotdogs, not_hotdogs = [train_imgs[i][0] for i in range(n)], [train_imgs[-i - 1][0] for i in range(n)]
    plots, history, final = {"hotdogs": images_figure(hotdogs + not_hotdogs, 2, n, scale=1.4)}, [], {}
    for run_name in cfg.runs:
        pretrained_net, net = _nets(run_name)
        if run_name == 'finetune':
            report(pretrained_net.output)
        lr = cfg.lr if run_name == 'finetune' else cfg.scratch_lr
        hist = train_fine_tuning(cfg, net, lr, (train_imgs, test_imgs), report)
        history += [{**row, "run": run_name} for row in hist]
        final.update({f"{run_name}_{k}": hist[-1][k] for k in ("loss", "train_acc", "test_acc")})
    hotdog_w = pretrained_net.output.weight.data()[713:714]      # ImageNet's class 713, 'hotdog'
    report(hotdog_w.shape)
    return Result(history=history, final=final, plots=plots)
