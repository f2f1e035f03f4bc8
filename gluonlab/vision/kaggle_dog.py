"""The Kaggle dog-breed contest: an ImageNet ResNet-34 v2's frozen features under a new small output network.
Book: d2l-zh v1 §9.13 (transform_train, transform_test, get_net, evaluate_loss, train)."""
import time

from mxnet import autograd, gluon, init
from mxnet.gluon import data as gdata, loss as gloss, model_zoo, nn

from .files import weights_file

T = gdata.vision.transforms
NORMALIZE = T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
loss = gloss.SoftmaxCrossEntropyLoss()


def transforms(train):
    """transform_train (random crop of 8-100% of the area, ratio 3/4-4/3, to 224; flip; colour jitter; lighting
    noise) or transform_test (resize 256, centre 224), both normalized as ImageNet."""
    if train:
        return T.Compose([T.RandomResizedCrop(224, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0)),
                          T.RandomFlipLeftRight(), T.RandomColorJitter(brightness=0.4, contrast=0.4, saturation=0.4),
                          T.RandomLighting(0.1), T.ToTensor(), NORMALIZE])
    return T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), NORMALIZE])


def get_net(ctx, num_classes=120):
    """resnet34_v2 with the model zoo's ImageNet weights and a new output_new: Dense(256, relu), Dense(classes)."""
    finetune_net = model_zoo.vision.resnet34_v2()
    finetune_net.load_parameters(str(weights_file('resnet34_v2')))
    finetune_net.output_new = nn.HybridSequential(prefix='')
    finetune_net.output_new.add(nn.Dense(256, activation='relu'))
    finetune_net.output_new.add(nn.Dense(num_classes))
    finetune_net.output_new.initialize(init.Xavier(), ctx=ctx)
    finetune_net.collect_params().reset_ctx(ctx)
    return finetune_net


def evaluate_loss(data_iter, net, ctx):
    l_sum, n = 0.0, 0
    for X, y in data_iter:
        y = y.as_in_context(ctx)
        outputs = net.output_new(net.features(X.as_in_context(ctx)))
        l_sum += loss(outputs, y).sum().asscalar()
        n += y.size
    return l_sum / n


def train(net, train_iter, valid_iter, num_epochs, lr, wd, ctx, lr_period, lr_decay, batch_size, report=print):
    """Only output_new trains (momentum SGD, weight decay); the features run outside autograd. Returns history."""
    trainer = gluon.Trainer(net.output_new.collect_params(), 'sgd', {'learning_rate': lr, 'momentum': 0.9, 'wd': wd})
    history = []
    for epoch in range(num_epochs):
        train_l_sum, n, start = 0.0, 0, time.time()
        if epoch > 0 and epoch % lr_period == 0:
            trainer.set_learning_rate(trainer.learning_rate * lr_decay)
        for X, y in train_iter:
            y = y.as_in_context(ctx)
            output_features = net.features(X.as_in_context(ctx))
            with autograd.record():
                l = loss(net.output_new(output_features), y).sum()
            l.backward()
            trainer.step(batch_size)
            train_l_sum = l + train_l_sum            # read once an epoch (the book reads every minibatch)
            n += y.size
        row = {"epoch": epoch + 1, "train_loss": float(train_l_sum.asscalar()) / n}
        epoch_s = "epoch %d, train loss %f, " % (epoch + 1, row["train_loss"])
        if valid_iter is not None:
            row["valid_loss"] = evaluate_loss(valid_iter, net, ctx)
            epoch_s += "valid loss %f, " % row["valid_loss"]
        report(epoch_s + "time %.2f sec" % (time.time() - start) + ', lr ' + str(trainer.learning_rate))
        history.append(row)
    return history
