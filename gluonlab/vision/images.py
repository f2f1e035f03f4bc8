"""The book's own images (its img/ folder), found and sha1-checked by gluonlab.data.resolve."""
from mxnet import image

from ..data.resolve import resolve


def read_book_image(name):
    """The book's image `name` ('catdog.jpg') as an (h, w, 3) uint8 NDArray: `image.imread('../img/' + name)`."""
    return image.imread(str(resolve(f"img/{name}")))


def zip_image_folder(path, folder):
    """(ArrayDataset of (HWC uint8 image, class index), synsets) as gluon's ImageFolderDataset reads
    `folder`/<class>/<file> once the zip at `path` is extracted: classes and files in sorted order."""
    import zipfile
    from mxnet.gluon import data as gdata
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if n.startswith(folder.rstrip('/') + '/') and n[-1] != '/'
                       and n.count('/') == folder.rstrip('/').count('/') + 2)
        synsets = sorted({n.split('/')[-2] for n in names})
        images = [image.imdecode(z.read(n), flag=1) for n in names]
    return gdata.ArrayDataset(images, [synsets.index(n.split('/')[-2]) for n in names]), synsets
