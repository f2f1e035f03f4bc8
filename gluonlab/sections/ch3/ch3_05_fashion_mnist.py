"""3.5 The Fashion-MNIST data set. Book: d2l-zh v1 §3.5 (get_fashion_mnist_labels, show_fashion_mnist)."""
import time
from dataclasses import dataclass
from typing import Literal

from ...config import RunConfig
from ...data import fashion_mnist
from ...plot import show_fashion_mnist
from ...registry import Result, section

ID, SLUG, TITLE = "3.5", "fashion-mnist", "Image classification data set (Fashion-MNIST)"


@dataclass(frozen=True)
class Config(RunConfig):
    batch_size: int = 256
    loader: Literal["fast", "gluon"] = "fast"
    QUICK = {"loader": "fast"}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    train_images, train_labels = fashion_mnist.load_arrays(True)
    test_images, _ = fashion_mnist.load_arrays(False)
    report(len(train_images), len(test_images))
    report(train_images[0].shape + (1,), train_images.dtype, train_labels[0], train_labels.dtype)
    train_iter, _ = fashion_mnist.load_data_fashion_mnist(cfg.batch_size, loader=cfg.loader)
    start = time.perf_counter()
    for X, y in train_iter:
        continue
    X.wait_to_read()
    read_s = time.perf_counter() - start
    report("%.2f sec" % read_s)
    dataset = fashion_mnist.fashion_mnist_dataset(True)
    X9, y9 = dataset[0:9]
    fig = show_fashion_mnist(X9.astype("float32"), fashion_mnist.get_fashion_mnist_labels(y9))
    return Result(final={"num_train": len(train_images), "num_test": len(test_images), "read_s": read_s,
                         "last_batch": int(X.shape[0])}, plots={"first_nine": fig})
