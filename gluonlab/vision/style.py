"""Neural style transfer on VGG-19 features. Book: d2l-zh v1 §9.11 (preprocess, postprocess, extract_features,
content_loss, gram, style_loss, tv_loss, compute_loss, get_inits, train)."""
import time

from mxnet import autograd, gluon, image, init, nd
from mxnet.gluon import nn

from ..models.style import GeneratedImage

rgb_mean = nd.array([0.485, 0.456, 0.406])
rgb_std = nd.array([0.229, 0.224, 0.225])
style_layers, content_layers = [0, 5, 10, 19, 28], [25]
content_weight, style_weight, tv_weight = 1, 1e3, 10


def preprocess(img, image_shape):
    img = image.imresize(img, *image_shape)
    img = (img.astype('float32') / 255 - rgb_mean) / rgb_std
    return img.transpose((2, 0, 1)).expand_dims(axis=0)


def postprocess(img):
    img = img[0].as_in_context(rgb_std.context)
    return (img.transpose((1, 2, 0)) * rgb_std + rgb_mean).clip(0, 1)


def feature_net(pretrained_net):
    """VGG-19's first 29 layers, up to the deepest style or content layer."""
    net = nn.Sequential()
    for i in range(max(content_layers + style_layers) + 1):
        net.add(pretrained_net.features[i])
    return net


def extract_features(net, X):
    contents, styles = [], []
    for i in range(len(net)):
        X = net[i](X)
        if i in style_layers:
            styles.append(X)
        if i in content_layers:
            contents.append(X)
    return contents, styles


def gram(X):
    num_channels, n = X.shape[1], X.size // X.shape[1]
    X = X.reshape((num_channels, n))
    return nd.dot(X, X.T) / (num_channels * n)


def tv_loss(Y_hat):
    return 0.5 * ((Y_hat[:, :, 1:, :] - Y_hat[:, :, :-1, :]).abs().mean() +
                  (Y_hat[:, :, :, 1:] - Y_hat[:, :, :, :-1]).abs().mean())


def compute_loss(X, contents_Y_hat, styles_Y_hat, contents_Y, styles_Y_gram):
    contents_l = [(Y_hat - Y).square().mean() * content_weight for Y_hat, Y in zip(contents_Y_hat, contents_Y)]
    styles_l = [(gram(Y_hat) - Y).square().mean() * style_weight for Y_hat, Y in zip(styles_Y_hat, styles_Y_gram)]
    tv_l = tv_loss(X) * tv_weight
    return contents_l, styles_l, tv_l, nd.add_n(*styles_l) + nd.add_n(*contents_l) + tv_l


def train(net, X, contents_Y, styles_Y, ctx, lr, max_epochs, lr_decay_epoch, report=print, log_every=50):
    """Adam on the generated image's pixels (started from X); returns (image, history)."""
    gen_img = GeneratedImage(X.shape)
    gen_img.initialize(init.Constant(X), ctx=ctx, force_reinit=True)
    gen_img.hybridize()
    trainer = gluon.Trainer(gen_img.collect_params(), 'adam', {'learning_rate': lr})
    styles_Y_gram = [gram(Y) for Y in styles_Y]
    history = []
    for i in range(max_epochs):
        start = time.time()
        with autograd.record():
            X = gen_img(X)
            contents_Y_hat, styles_Y_hat = extract_features(net, X)
            contents_l, styles_l, tv_l, l = compute_loss(X, contents_Y_hat, styles_Y_hat, contents_Y, styles_Y_gram)
        l.backward()
        trainer.step(1)
        if i % log_every == 0 and i != 0:
            row = {"epoch": i, "content_loss": nd.add_n(*contents_l).asscalar(),
                   "style_loss": nd.add_n(*styles_l).asscalar(), "tv_loss": tv_l.asscalar()}
            history.append(row)
            report('epoch %3d, content loss %.2f, style loss %.2f, TV loss %.2f, %.2f sec' % (
                i, row["content_loss"], row["style_loss"], row["tv_loss"], time.time() - start))
        if i % lr_decay_epoch == 0 and i != 0:
            trainer.set_learning_rate(trainer.learning_rate * 0.1)
            report('change lr to %.1e' % trainer.learning_rate)
    return X.detach(), history
