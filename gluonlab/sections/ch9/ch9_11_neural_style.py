"""9.11 Neural style transfer: rainier.jpg in autumn_oak.jpg's style. Book: d2l-zh v1 §9.11 (VGG-19 features)."""
from dataclasses import dataclass

from mxnet.gluon import model_zoo

from ...config import RunConfig
from ...registry import Result, section
from ...vision import style
from ...vision.boxes import image_figure
from ...vision.files import weights_file
from ...vision.images import read_book_image

ID, SLUG, TITLE = "9.11", "neural-style", "Neural style transfer"


@dataclass(frozen=True)
class Config(RunConfig):
    img_width: int = 225           # the first pass's image (225 x 150); the second doubles it
    img_height: int = 150
    num_epochs: int = 500
    lr_decay_epoch: int = 200
    lr: float = 0.01
    log_epochs: int = 50
    QUICK = {"img_width": 48, "img_height": 32, "num_epochs": 3, "lr_decay_epoch": 2, "log_epochs": 1}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    pretrained_net = model_zoo.vision.vgg19()
    # only the features are used: a copy holding just them (as the stand-in does) loads too
    pretrained_net.load_parameters(str(weights_file('vgg19')), allow_missing=True, ignore_extra=True)
    content_img, style_img = read_book_image('rainier.jpg'), read_book_image('autumn_oak.jpg')
    plots = {"content": image_figure(content_img.asnumpy())[0], "style": image_figure(style_img.asnumpy())[0]}
    ctx = cfg.context()
    net = style.feature_net(pretrained_net)
    net.collect_params().reset_ctx(ctx)
    history, X = [], None
    for k, (scale, epochs, decay) in enumerate(((1, cfg.num_epochs, cfg.lr_decay_epoch),
                                                 (2, cfg.num_epochs * 3 // 5, cfg.lr_decay_epoch // 2))):
        image_shape = (cfg.img_width * scale, cfg.img_height * scale)
        content_X = style.preprocess(content_img, image_shape).copyto(ctx)
        contents_Y, _ = style.extract_features(net, content_X)
        _, styles_Y = style.extract_features(net, style.preprocess(style_img, image_shape).copyto(ctx))
        start = content_X if X is None else style.preprocess(style.postprocess(X) * 255, image_shape).copyto(ctx)
        X, hist = style.train(net, start, contents_Y, styles_Y, ctx, cfg.lr, epochs, max(decay, 1), report,
                              cfg.log_epochs)
        history += [{**row, "pass": k + 1} for row in hist]
        plots[f"neural_style_{k + 1}"] = image_figure(style.postprocess(X).asnumpy())[0]
    return Result(history=[{**r, "epoch": i + 1, "pass_epoch": r["epoch"]} for i, r in enumerate(history)],
                  final={k: history[-1][k] for k in ("content_loss", "style_loss", "tv_loss")} if history else {},
                  plots=plots)
