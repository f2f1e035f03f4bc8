"""The book's augmentation demos on one image, and image grids as Figures. Book: d2l-zh v1 §9.1 (apply,
d2lzh.show_images)."""
from mxnet.gluon import data as gdata

from matplotlib.figure import Figure

T = gdata.vision.transforms


def demo_augmenters():
    """The book's demos in order: (name, augmenter) on an (h, w, 3) uint8 image."""
    shape_aug = T.RandomResizedCrop((200, 200), scale=(0.1, 1), ratio=(0.5, 2))
    color_aug = T.RandomColorJitter(brightness=0.5, contrast=0.5, saturation=0.5, hue=0.5)
    return [("flip_left_right", T.RandomFlipLeftRight()), ("flip_top_bottom", T.RandomFlipTopBottom()),
            ("resized_crop", shape_aug), ("brightness", T.RandomBrightness(0.5)), ("hue", T.RandomHue(0.5)),
            ("color_jitter", color_aug), ("flip_color_crop", T.Compose([T.RandomFlipLeftRight(), color_aug,
                                                                        shape_aug]))]


def images_figure(imgs, num_rows, num_cols, scale=2):
    """show_images as a Figure: a num_rows x num_cols grid of (h, w, c) images, axes hidden."""
    fig = Figure(figsize=(num_cols * scale, num_rows * scale))
    axes = fig.subplots(num_rows, num_cols, squeeze=False)
    for i in range(num_rows):
        for j in range(num_cols):
            ax = axes[i][j]
            ax.imshow(imgs[i * num_cols + j].asnumpy())
            ax.axes.get_xaxis().set_visible(False)
            ax.axes.get_yaxis().set_visible(False)
    return fig


def apply(img, aug, num_rows=2, num_cols=4, scale=1.5):
    """The book's apply: aug run num_rows * num_cols times on img, shown as a grid (returns the Figure)."""
    Y = [aug(img) for _ in range(num_rows * num_cols)]
    return images_figure(Y, num_rows, num_cols, scale)
