"""9.7 Single shot multibox detection (SSD). Book: d2l-zh v1 §9.7 (TinySSD on Pikachu; d2lzh.load_data_pikachu)."""
from dataclasses import dataclass

from mxnet import image, init, nd

from ...config import RunConfig
from ...plot import LEARNING_CURVES, history_curves
from ...models.ssd import TinySSD, cls_predictor, concat_preds, down_sample_blk, base_net
from ...registry import Result, section
from ...vision.images import read_book_image
from ...vision.pikachu import resolved_iters
from ...vision.ssd import display, predict, train_ssd

ID, SLUG, TITLE = "9.7", "ssd", "Single shot multibox detection (SSD)"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 32
    num_epochs: int = 20
    lr: float = 0.2
    wd: float = 5e-4
    edge_size: int = 256
    threshold: float = 0.3
    QUICK = {"batch_size": 4, "num_epochs": 1, "edge_size": 64}


def forward(x, block):
    block.initialize()
    return block(x)


def _shapes(report):
    """The book's shape walk-through of the predictors, the blocks and TinySSD's outputs."""
    Y1 = forward(nd.zeros((2, 8, 20, 20)), cls_predictor(5, 10))
    Y2 = forward(nd.zeros((2, 16, 10, 10)), cls_predictor(3, 10))
    report((Y1.shape, Y2.shape))
    report(concat_preds(nd, [Y1, Y2]).shape)
    report(forward(nd.zeros((2, 3, 20, 20)), down_sample_blk(10)).shape)
    report(forward(nd.zeros((2, 3, 256, 256)), base_net()).shape)
    net = TinySSD(num_classes=1)
    net.initialize()
    anchors, cls_preds, bbox_preds = net(nd.zeros((32, 3, 256, 256)))
    report('output anchors:', anchors.shape)
    report('output class preds:', cls_preds.shape)
    report('output bbox preds:', bbox_preds.shape)
    return {"num_anchors": anchors.shape[1], "bbox_preds": bbox_preds.shape[1]}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    train_iter, _ = resolved_iters(cfg.batch_size, cfg.edge_size)       # no data: stop before any work
    final = _shapes(report)
    ctx, net = cfg.context(), TinySSD(num_classes=1)
    net.initialize(init=init.Xavier(), ctx=ctx)
    if cfg.hybridize:
        net.hybridize()
    history = train_ssd(net, train_iter, cfg.num_epochs, cfg.lr, cfg.wd, cfg.batch_size, ctx, report,
                        log_every=min(5, cfg.num_epochs))
    img = read_book_image('pikachu.jpg')
    feature = image.imresize(img, cfg.edge_size, cfg.edge_size).astype('float32')
    output = predict(net, feature.transpose((2, 0, 1)).expand_dims(axis=0), ctx)
    final.update({"detections": output.shape[0], **{k: history[-1][k] for k in ("class_err", "bbox_mae")}})
    curves = history_curves(history, ["class_err", "bbox_mae"], title=f"{ID} {TITLE}", log=True)
    return Result(history=history, final=final, plots={"pikachu_detections": display(img, output, cfg.threshold),
                                                       LEARNING_CURVES: curves})
