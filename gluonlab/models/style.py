"""The image style transfer trains: its pixels are the model's only parameter. Book: d2l-zh v1 §9.11
(GeneratedImage).

The book's GeneratedImage is an nn.Block whose forward() takes nothing. A HybridBlock needs an input, so this one
takes any array on the image's device (the content image) and adds nothing of it: the output is the weight,
with the same values and gradient, inside a graph that can be cached and exported.
"""
from mxnet import nd
from mxnet.gluon import nn

from .registry import model


class GeneratedImage(nn.HybridBlock):
    """A trainable image of shape img_shape (1, 3, h, w)."""

    def __init__(self, img_shape, **kwargs):
        super().__init__(**kwargs)
        self.weight = self.params.get('weight', shape=img_shape)

    def hybrid_forward(self, F, x, weight):
        return F.broadcast_add(weight, F.zeros_like(F.sum(x)).reshape((1, 1, 1, 1)))


def _image(batch_size=2):
    return (nd.random.uniform(shape=(1, 3, 8, 12)),)


@model("generated_image", example_input=_image)
def generated_image(img_shape=(1, 3, 8, 12)):
    """The book's GeneratedImage for an img_shape image."""
    return GeneratedImage(img_shape)
