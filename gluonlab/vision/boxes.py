"""Bounding boxes and anchor boxes drawn on images. Book: d2l-zh v1 §9.3-9.5 (d2lzh.bbox_to_rect, show_bboxes)."""
from matplotlib.patches import Rectangle
from mxnet import contrib, nd

from .. import plot

DEFAULT_COLORS = ['b', 'g', 'r', 'm', 'k']      # d2lzh's; the 9.4 notebook's own copy ends with 'c'


def bbox_to_rect(bbox, color):
    """A box (upper-left x, y, lower-right x, y) as matplotlib's unfilled Rectangle, line width 2."""
    return Rectangle(xy=(bbox[0], bbox[1]), width=bbox[2] - bbox[0], height=bbox[3] - bbox[1], fill=False,
                     edgecolor=color, linewidth=2)


def _make_list(obj, default_values=None):
    """None -> default_values; a single label or colour -> [it]; a list or tuple unchanged."""
    if obj is None:
        obj = default_values
    elif not isinstance(obj, (list, tuple)):
        obj = [obj]
    return obj


def show_bboxes(axes, bboxes, labels=None, colors=None):
    """Draw each box (an NDArray row, in pixels) on axes, cycling colours, with its label at its upper-left."""
    labels = _make_list(labels)
    colors = _make_list(colors, DEFAULT_COLORS)
    for i, bbox in enumerate(bboxes):
        color = colors[i % len(colors)]
        rect = bbox_to_rect(bbox.asnumpy(), color)
        axes.add_patch(rect)
        if labels and len(labels) > i:
            text_color = 'k' if color == 'w' else 'w'
            axes.text(rect.xy[0], rect.xy[1], labels[i], va='center', ha='center', fontsize=9, color=text_color,
                      bbox=dict(facecolor=color, lw=0))


def image_figure(img, figsize=(3.5, 2.5)):
    """(Figure, Axes) showing img (h, w, 3 numpy array) as the book's `d2l.plt.imshow(img)` does."""
    fig, ax = plot.figure(figsize)
    ax.imshow(img)
    return fig, ax


def boxes_figure(img, groups, figsize=(3.5, 2.5)):
    """A Figure of img with show_bboxes(ax, *group) drawn for each group, in order."""
    fig, ax = image_figure(img, figsize)
    for group in groups:
        show_bboxes(ax, *group)
    return fig


def anchors_of(fmap_w, fmap_h, sizes, ratios=(1, 2, 0.5)):
    """The MultiBoxPrior anchors (1, fmap_h * fmap_w * (len(sizes) + len(ratios) - 1), 4) of a feature map.

    The book builds the map as nd.zeros((1, 10, fmap_w, fmap_h)): its first two dimensions do not matter, and
    its axes 2 and 3 are read as height and width (the book's names are swapped; its maps are square).
    """
    fmap = nd.zeros((1, 10, fmap_w, fmap_h))
    return contrib.nd.MultiBoxPrior(fmap, sizes=sizes, ratios=list(ratios))
