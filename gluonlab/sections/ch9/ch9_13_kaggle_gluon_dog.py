"""9.13 Kaggle: dog breed identification (ImageNet Dogs), the book's tiny sample. Book: d2l-zh v1 §9.13
(demo = True: train_valid_test_tiny.zip; get_net, train, the submission's probabilities)."""
import io
from dataclasses import dataclass

from mxnet import nd
from mxnet.gluon import data as gdata

from ...config import RunConfig
from ...registry import Result, section
from ...vision import kaggle_dog as kd
from ...vision.files import resolve_large, weights_file
from ...vision.images import zip_image_folder

ID, SLUG, TITLE = "9.13", "kaggle-gluon-dog", "Kaggle: dog breed identification (ImageNet Dogs)"
ROOT = 'train_valid_test_tiny'


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 1            # the tiny sample's (the full contest set: 128)
    num_epochs: int = 1
    lr: float = 0.01
    wd: float = 1e-4
    lr_period: int = 10
    lr_decay: float = 0.1


def _net(cfg, ctx, num_classes):
    net = kd.get_net(ctx, num_classes)
    if cfg.hybridize:
        net.hybridize()
    return net


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    path = resolve_large(f'kaggle_dog/{ROOT}.zip')
    weights_file('resnet34_v2')                      # both needed: say so before any work
    ds = {part: zip_image_folder(path, f'{ROOT}/{part}') for part in ('train', 'valid', 'train_valid', 'test')}
    report(', '.join(f'{part} {len(d)}' for part, (d, _) in ds.items()))

    def loader(part, train, shuffle):
        return gdata.DataLoader(ds[part][0].transform_first(kd.transforms(train)), cfg.batch_size, shuffle=shuffle,
                                last_batch='keep')
    ctx, synsets = cfg.context(), ds['train_valid'][1]
    args = (cfg.num_epochs, cfg.lr, cfg.wd, ctx, cfg.lr_period, cfg.lr_decay, cfg.batch_size)
    history = kd.train(_net(cfg, ctx, 120), loader('train', True, True),
                       loader('valid', False, True), *args, report=report)
    net = _net(cfg, ctx, 120)
    kd.train(net, loader('train_valid', True, True), None, *args, report=report)
    preds = [nd.softmax(net.output_new(net.features(X.as_in_context(ctx)))).asnumpy()
             for X, _ in loader('test', False, False)]
    ids = sorted(name.split('/')[-1] for name in _test_names(path))
    csv = io.StringIO()
    csv.write('id,' + ','.join(synsets) + '\n')
    for i, output in zip(ids, [row for batch in preds for row in batch]):     # 120 outputs, one per breed named
        csv.write(i.split('.')[0] + ',' + ','.join([str(num) for num in output[:len(synsets)]]) + '\n')
    return Result(history=history, final={"n_test": len(ids), "num_classes": len(synsets)},
                  files={"submission.csv": csv.getvalue()})


def _test_names(path):
    import zipfile
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith(f'{ROOT}/test/') and n[-1] != '/']
