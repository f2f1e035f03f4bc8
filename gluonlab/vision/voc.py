"""Pascal VOC2012 semantic segmentation: the book's reader, label colours and random crops.
Book: d2l-zh v1 §9.9 (d2lzh.download_voc_pascal, read_voc_images, voc_label_indices, voc_rand_crop,
VOCSegDataset, VOC_CLASSES, VOC_COLORMAP)."""
import os
import tarfile

from mxnet import image, nd
from mxnet.gluon import data as gdata

from .files import LARGE, resolve_large

VOC_CLASSES = ['background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
               'diningtable', 'dog', 'horse', 'motorbike', 'person', 'potted plant', 'sheep', 'sofa', 'train',
               'tv/monitor']
VOC_COLORMAP = [[0, 0, 0], [128, 0, 0], [0, 128, 0], [128, 128, 0], [0, 0, 128], [128, 0, 128], [0, 128, 128],
                [128, 128, 128], [64, 0, 0], [192, 0, 0], [64, 128, 0], [192, 128, 0], [64, 0, 128],
                [192, 0, 128], [64, 128, 128], [192, 128, 128], [0, 64, 0], [128, 64, 0], [0, 192, 0],
                [128, 192, 0], [0, 64, 128]]
TAR = "VOCtrainval_11-May-2012.tar"


def download_voc_pascal(data_dir='../data'):
    """data_dir/VOCdevkit/VOC2012, extracted from the verified tar: data_dir's own copy, else one gluonlab
    resolves ($GLUONLAB_DATA, data/, or the book's URL when online). A tree already extracted there is used as is
    (the book extracts again every call)."""
    voc_dir = os.path.join(data_dir, 'VOCdevkit/VOC2012')
    if os.path.isdir(os.path.join(voc_dir, 'ImageSets', 'Segmentation')):
        return voc_dir
    own = os.path.join(data_dir, TAR)
    fname = own if os.path.isfile(own) and _has_sha1(own) else resolve_large(TAR)
    with tarfile.open(fname, 'r') as f:
        f.extractall(data_dir)
    return voc_dir


def voc_dir():
    """VOC2012 for gluonlab's sections: an extracted VOCdevkit/VOC2012 in $GLUONLAB_DATA or data/, else the
    verified tar (found or downloaded by resolve) extracted beside itself."""
    from ..data.resolve import REPO_DATA, search_dirs
    for d in search_dirs(LARGE[TAR]):
        if os.path.isdir(os.path.join(d, 'VOCdevkit', 'VOC2012', 'ImageSets', 'Segmentation')):
            return os.path.join(d, 'VOCdevkit', 'VOC2012')
    tar = resolve_large(TAR)
    return download_voc_pascal(str(tar.parent)) if os.access(tar.parent, os.W_OK) else \
        download_voc_pascal(str(REPO_DATA))


def _has_sha1(path):
    from mxnet.gluon.utils import check_sha1
    return check_sha1(path, LARGE[TAR].sha1)


def read_voc_images(root='../data/VOCdevkit/VOC2012', is_train=True):
    """(images, label images): HWC uint8 NDArrays of the train (or val) segmentation list, in its order."""
    txt_fname = '%s/ImageSets/Segmentation/%s' % (root, 'train.txt' if is_train else 'val.txt')
    with open(txt_fname, 'r') as f:
        images = f.read().split()
    features, labels = [None] * len(images), [None] * len(images)
    for i, fname in enumerate(images):
        features[i] = image.imread('%s/JPEGImages/%s.jpg' % (root, fname))
        labels[i] = image.imread('%s/SegmentationClass/%s.png' % (root, fname))
    return features, labels


def colormap2label():
    """The book's lookup table: 256^3 entries, colour (r * 256 + g) * 256 + b -> class index."""
    table = nd.zeros(256 ** 3)
    for i, colormap in enumerate(VOC_COLORMAP):
        table[(colormap[0] * 256 + colormap[1]) * 256 + colormap[2]] = i
    return table


def voc_label_indices(colormap, colormap2label):
    """Class indices (h, w) of a label image (h, w, 3): one table lookup for all pixels."""
    colormap = colormap.astype('int32')
    idx = ((colormap[:, :, 0] * 256 + colormap[:, :, 1]) * 256 + colormap[:, :, 2])
    return colormap2label[idx]


def voc_rand_crop(feature, label, height, width):
    """The same random (height, width) crop of an image and its label image."""
    feature, rect = image.random_crop(feature, (width, height))
    label = image.fixed_crop(label, *rect)
    return feature, label


class VOCSegDataset(gdata.Dataset):
    """VOC2012 segmentation examples of at least crop_size, normalized with ImageNet's mean and std, each read as
    a random crop (CHW image, class indices); prints how many were read."""

    def __init__(self, is_train, crop_size, voc_dir, colormap2label, report=print):
        self.rgb_mean = nd.array([0.485, 0.456, 0.406])
        self.rgb_std = nd.array([0.229, 0.224, 0.225])
        self.crop_size = crop_size
        data, labels = read_voc_images(root=voc_dir, is_train=is_train)
        self.data = [self.normalize_image(im) for im in self.filter(data)]
        self.labels = self.filter(labels)
        self.colormap2label = colormap2label
        report('read ' + str(len(self.data)) + ' examples')

    def normalize_image(self, data):
        return (data.astype('float32') / 255 - self.rgb_mean) / self.rgb_std

    def filter(self, images):
        return [im for im in images if (im.shape[0] >= self.crop_size[0] and im.shape[1] >= self.crop_size[1])]

    def __getitem__(self, idx):
        data, labels = voc_rand_crop(self.data[idx], self.labels[idx], *self.crop_size)
        return data.transpose((2, 0, 1)), voc_label_indices(labels, self.colormap2label)

    def __len__(self):
        return len(self.data)
