"""Transposed convolution shown on small arrays and on an image, and FCN's predictions drawn as VOC colours.
Book: d2l-zh v1 §9.10 (the conv-as-matrix example, bilinear upsampling, predict, label2image)."""
from mxnet import image, init, nd
from mxnet.gluon import nn

from ..models.fcn import bilinear_kernel
from .augment import images_figure
from .boxes import image_figure
from .voc import VOC_COLORMAP


def convolution_as_matrix(report):
    """A 3x3 convolution of a 4x4 input, then the same as a (4, 16) matrix product (returned as a list)."""
    X = nd.arange(1, 17).reshape((1, 1, 4, 4))
    K = nd.arange(1, 10).reshape((1, 1, 3, 3))
    conv = nn.Conv2D(channels=1, kernel_size=3)
    conv.initialize(init.Constant(K))
    report((conv(X), K))
    W, k = nd.zeros((4, 16)), nd.zeros(11)
    k[:3], k[4:7], k[8:] = K[0, 0, 0, :], K[0, 0, 1, :], K[0, 0, 2, :]
    W[0, 0:11], W[1, 1:12], W[2, 4:15], W[3, 5:16] = k, k, k, k
    report((nd.dot(W, X.reshape(16)).reshape((1, 1, 2, 2)), W))
    conv = nn.Conv2D(10, kernel_size=4, padding=1, strides=2)
    conv.initialize()
    Y = conv(nd.random.uniform(shape=(1, 3, 64, 64)))
    report(Y.shape)
    conv_trans = nn.Conv2DTranspose(3, kernel_size=4, padding=1, strides=2)
    conv_trans.initialize()
    report(conv_trans(Y).shape)
    return nd.dot(W, X.reshape(16)).asnumpy().tolist()


def bilinear_upsampling(img, report):
    """img (h, w, 3) upsampled 2x by a transposed conv with the bilinear kernel; returns (figures, out shape)."""
    conv_trans = nn.Conv2DTranspose(3, kernel_size=4, padding=1, strides=2)
    conv_trans.initialize(init.Constant(bilinear_kernel(3, 3, 4)))
    X = img.astype('float32').transpose((2, 0, 1)).expand_dims(axis=0) / 255
    out_img = conv_trans(X)[0].transpose((1, 2, 0))
    report('input image shape:', img.shape)
    report('output image shape:', out_img.shape)
    return {"input": image_figure(img.asnumpy())[0], "upsampled": image_figure(out_img.asnumpy())[0]}, out_img.shape


def predict(net, dataset, img, ctx):
    """Class index per pixel of img, normalized as `dataset` normalizes its images."""
    X = dataset.normalize_image(img).transpose((2, 0, 1)).expand_dims(axis=0)
    pred = nd.argmax(net(X.as_in_context(ctx)), axis=1)
    return pred.reshape((pred.shape[1], pred.shape[2]))


def label2image(pred, ctx):
    """Class indices -> their VOC colours (h, w, 3) uint8."""
    colormap = nd.array(VOC_COLORMAP, ctx=ctx, dtype='uint8')
    return colormap[pred.astype('int32'), :]


def predictions_figure(net, dataset, test_images, test_labels, crop, ctx, n=4):
    """The book's grid: n test crops, their predicted colours, their true colours."""
    imgs = []
    for i in range(n):
        X = image.fixed_crop(test_images[i], 0, 0, crop[1], crop[0])
        imgs += [X, label2image(predict(net, dataset, X, ctx), ctx).as_in_context(X.context),
                 image.fixed_crop(test_labels[i], 0, 0, crop[1], crop[0])]
    return images_figure(imgs[::3] + imgs[1::3] + imgs[2::3], 3, n)
