"""9.12 Kaggle: image classification (CIFAR-10), the tiny demo set. Book: d2l-zh v1 §9.12 (demo = True;
d2lzh.mkdir_if_not_exist's folders made in memory)."""
import io
from dataclasses import dataclass

from mxnet import init
from mxnet.gluon import data as gdata

from ...config import RunConfig
from ...models.resnet import resnet18
from ...registry import Result, section
from ...vision import kaggle_cifar10 as kc
from ...vision.train_kaggle import train

ID, SLUG, TITLE = "9.12", "kaggle-gluon-cifar10", "Kaggle: image classification (CIFAR-10)"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 1            # the tiny set's (the full contest set: 128)
    num_epochs: int = 1
    lr: float = 0.1
    wd: float = 5e-4
    lr_period: int = 80
    lr_decay: float = 0.1
    valid_ratio: float = 0.1
    width: int = 64
    QUICK = {"width": 8}


def _net(cfg, ctx):
    net = resnet18(10, cfg.width)
    net.initialize(ctx=ctx, init=init.Xavier())
    if cfg.hybridize:
        net.hybridize()
    return net


def _loader(ds, augment, shuffle, batch_size):
    return gdata.DataLoader(ds.transform_first(kc.transforms(augment)), batch_size, shuffle=shuffle,
                            last_batch='keep')


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    train_files, test_files, idx_label = kc.read_contest(demo=True)
    folders = kc.split(list(train_files), idx_label, cfg.valid_ratio)
    ds = {name: kc.image_folder(folder, train_files) for name, folder in folders.items()}
    test_ds, _ = kc.image_folder({'unknown': list(test_files)}, test_files)
    sizes = {f"n_{name}": len(d) for name, (d, _) in ds.items()} | {"n_test": len(test_ds)}
    report(', '.join(f'{k} {v}' for k, v in sizes.items()))
    train_iter, valid_iter, train_valid_iter = (_loader(ds[name][0], augment, True, cfg.batch_size) for name, augment
                                                in (('train', True), ('valid', False), ('train_valid', True)))
    args = (cfg.num_epochs, cfg.lr, cfg.wd, ctx, cfg.lr_period, cfg.lr_decay, cfg.batch_size)
    history = train(_net(cfg, ctx), train_iter, valid_iter, *args, report=report)

    net, preds = _net(cfg, ctx), []                 # retrain on train + valid, then predict the test set
    full = train(net, train_valid_iter, None, *args, report=report)
    for X, _ in _loader(test_ds, False, False, cfg.batch_size):
        preds.extend(net(X.as_in_context(ctx)).argmax(axis=1).astype(int).asnumpy())
    sorted_ids = sorted(range(1, len(test_ds) + 1), key=str)     # the test files' order: ids sorted as text
    synsets = ds['train_valid'][1]
    csv = io.StringIO()
    csv.write('id,label\n' + ''.join(f'{i},{synsets[p]}\n' for i, p in zip(sorted_ids, preds)))
    final = {**sizes, "num_classes": len(synsets), "submission_rows": len(preds),
             "full_train_acc": full[-1]["train_acc"]}
    return Result(history=history, final=final, files={"submission.csv": csv.getvalue()})
