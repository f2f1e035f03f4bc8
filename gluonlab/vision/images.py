"""The book's own images (its img/ folder), found and sha1-checked by gluonlab.data.resolve."""
from mxnet import image

from ..data.resolve import resolve


def read_book_image(name):
    """The book's image `name` ('catdog.jpg') as an (h, w, 3) uint8 NDArray: `image.imread('../img/' + name)`."""
    return image.imread(str(resolve(f"img/{name}")))
