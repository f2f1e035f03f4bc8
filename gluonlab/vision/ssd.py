"""Training and prediction of the book's TinySSD on the Pikachu set. Book: d2l-zh v1 §9.7 (calc_loss, cls_eval,
bbox_eval, the training loop, predict, display)."""
import time

from mxnet import autograd, contrib, gluon, nd
from mxnet.gluon import loss as gloss

from .boxes import image_figure, show_bboxes

cls_loss = gloss.SoftmaxCrossEntropyLoss()
bbox_loss = gloss.L1Loss()


def calc_loss(cls_preds, cls_labels, bbox_preds, bbox_labels, bbox_masks):
    """Class cross-entropy plus L1 of the offsets, counting only anchors assigned to an object."""
    cls = cls_loss(cls_preds, cls_labels)
    bbox = bbox_loss(bbox_preds * bbox_masks, bbox_labels * bbox_masks)
    return cls + bbox


def train_ssd(net, train_iter, num_epochs, lr, wd, batch_size, ctx, report=print, log_every=5):
    """The book's loop: MultiBoxTarget labels the anchors each minibatch; SGD with weight decay. Class error and
    box MAE are summed on the device and read once an epoch (the book reads them every minibatch)."""
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr, 'wd': wd})
    history = []
    for epoch in range(num_epochs):
        acc_sum, mae_sum, n, m = nd.zeros(1, ctx), nd.zeros(1, ctx), 0, 0
        train_iter.reset()
        start = time.time()
        for batch in train_iter:
            X, Y = batch.data[0].as_in_context(ctx), batch.label[0].as_in_context(ctx)
            with autograd.record():
                anchors, cls_preds, bbox_preds = net(X)
                bbox_labels, bbox_masks, cls_labels = contrib.nd.MultiBoxTarget(
                    anchors, Y, cls_preds.transpose((0, 2, 1)))
                l = calc_loss(cls_preds, cls_labels, bbox_preds, bbox_labels, bbox_masks)
            l.backward()
            trainer.step(batch_size)
            acc_sum += (cls_preds.argmax(axis=-1) == cls_labels).sum()
            mae_sum += ((bbox_labels - bbox_preds) * bbox_masks).abs().sum()
            n, m = n + cls_labels.size, m + bbox_labels.size
        row = {"epoch": epoch + 1, "class_err": 1 - acc_sum.asscalar() / n, "bbox_mae": mae_sum.asscalar() / m}
        history.append(row)
        if (epoch + 1) % log_every == 0:
            report('epoch %2d, class err %.2e, bbox mae %.2e, time %.1f sec' % (
                epoch + 1, row["class_err"], row["bbox_mae"], time.time() - start))
    return history


def predict(net, X, ctx):
    """The detections MultiBoxDetection keeps (class not -1) for one image X (1, 3, h, w)."""
    anchors, cls_preds, bbox_preds = net(X.as_in_context(ctx))
    cls_probs = cls_preds.softmax().transpose((0, 2, 1))
    output = contrib.nd.MultiBoxDetection(cls_probs, bbox_preds, anchors)
    idx = [i for i, row in enumerate(output[0].asnumpy()) if row[0] != -1]
    return output[0, idx] if idx else output[0, :0]


def display(img, output, threshold):
    """A Figure of img with every detection scoring at least threshold, labelled with its score."""
    fig, ax = image_figure(img.asnumpy(), figsize=(5, 5))
    h, w = img.shape[0:2]
    for row in output:
        score = row[1].asscalar()
        if score < threshold:
            continue
        show_bboxes(ax, [row[2:6] * nd.array((w, h, w, h), ctx=row.context)], '%.2f' % score, 'w')
    return fig
