"""The Kaggle CIFAR-10 contest's files, read and split as the book does, in memory. Book: d2l-zh v1 §9.12.

The book extracts the zips, then copies every image into train/, valid/, train_valid/<label>/ and test/unknown/
folders (read_label_file, reorg_train_valid, reorg_test) for gluon's ImageFolderDataset. Here the same split is
made from the zips' contents without copying: each data set is the (images, label indices) ImageFolderDataset
would read from those folders (classes in sorted order, files in sorted name order).
"""
import zipfile

from mxnet import image
from mxnet.gluon import data as gdata

from ..data.resolve import resolve

TRANSFORM_MEAN, TRANSFORM_STD = [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010]


def _zip_images(path, folder):
    """{file name: encoded bytes} of the images under folder/ in a zip, in the zip's order."""
    with zipfile.ZipFile(path) as z:
        return {n.split('/')[-1]: z.read(n) for n in z.namelist() if n.startswith(folder + '/') and n[-1] != '/'}


def read_contest(demo=True):
    """(train images, test images, {id: label}) of the tiny set (demo) from the zips, by file name."""
    train_dir, test_dir = ('train_tiny', 'test_tiny') if demo else ('train', 'test')
    train = _zip_images(resolve(f'kaggle_cifar10/{train_dir}.zip'), train_dir)
    test = _zip_images(resolve(f'kaggle_cifar10/{test_dir}.zip'), test_dir)
    with zipfile.ZipFile(resolve('kaggle_cifar10/trainLabels.csv.zip')) as z:
        lines = z.read('trainLabels.csv').decode().splitlines()[1:]        # skip the header line
    idx_label = dict((int(idx), label) for idx, label in (l.rstrip().split(',') for l in lines))
    return train, test, idx_label


def split(train_files, idx_label, valid_ratio):
    """The book's reorg: {'train', 'valid', 'train_valid'}: {label: [file names]}; the first n_train_per_label
    files of each label (in listing order) go to train, the rest to valid."""
    labels = set(idx_label.values())
    n_train = int(len(train_files) * (1 - valid_ratio))
    assert 0 < n_train < len(train_files)
    n_train_per_label = n_train // len(labels)
    folders = {'train': {}, 'valid': {}, 'train_valid': {}}
    for name in train_files:
        label = idx_label[int(name.split('.')[0])]
        folders['train_valid'].setdefault(label, []).append(name)
        part = 'train' if len(folders['train'].get(label, [])) < n_train_per_label else 'valid'
        folders[part].setdefault(label, []).append(name)
    return folders


def image_folder(folder, files):
    """An ArrayDataset of (HWC uint8 image, class index) as ImageFolderDataset(flag=1) reads `folder`
    ({label: [file names]}), and its synsets (sorted labels)."""
    synsets = sorted(folder)
    items = [(files[name], i) for i, label in enumerate(synsets) for name in sorted(folder[label])]
    images = [image.imdecode(data, flag=1) for data, _ in items]
    return gdata.ArrayDataset(images, [label for _, label in items]), synsets


def transforms(train):
    """The book's transform_train (resize 40, random square crop of 0.64-1 of the area to 32, flip) or
    transform_test, both ending with ToTensor and the per-channel normalization."""
    T = gdata.vision.transforms
    augs = [T.Resize(40), T.RandomResizedCrop(32, scale=(0.64, 1.0), ratio=(1.0, 1.0)),
            T.RandomFlipLeftRight()] if train else []
    return T.Compose(augs + [T.ToTensor(), T.Normalize(TRANSFORM_MEAN, TRANSFORM_STD)])
