"""3.16 Kaggle house prices. Book: d2l-zh v1 §3.16 (log_rmse, get_k_fold_data, k_fold, train_and_pred)."""
from dataclasses import dataclass

from ... import plot
from ...config import RunConfig
from ...data.house import load_house_frames, preprocess
from ...registry import Result, section, variant
from ...train.house import k_fold, train_and_pred

ID, SLUG, TITLE = "3.16", "kaggle-house-price", "Kaggle: house price prediction"


@dataclass(frozen=True)
class Config(RunConfig):
    k: int = 5
    num_epochs: int = 100
    lr: float = 5.0
    weight_decay: float = 0.0
    batch_size: int = 64
    init_sigma: float = 0.0       # 0: the book's default init; 0.01: the course's N(0, 0.01^2) weight and bias
    QUICK = {"num_epochs": 3, "k": 2}


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    train_data, test_data = load_house_frames()
    report(train_data.shape, test_data.shape)
    report(train_data.iloc[0:4, [0, 1, 2, 3, -3, -2, -1]])
    train_features, test_features, train_labels = preprocess(train_data, test_data)
    report("features:", train_features.shape[1], "(the book printed 331 with pandas 0.23; pandas 2 gives 330)")
    hyper = (cfg.num_epochs, cfg.lr, cfg.weight_decay, cfg.batch_size)
    curves = []
    train_l, valid_l = k_fold(cfg.k, train_features, train_labels, *hyper, cfg.init_sigma, report, curves)
    fold0 = list(zip(*curves[0]))
    report("%d-fold validation: avg train rmse %f, avg valid rmse %f" % (cfg.k, train_l, valid_l))
    epochs = range(1, cfg.num_epochs + 1)
    train_ls, preds = train_and_pred(train_features, test_features, train_labels, *hyper, cfg.init_sigma)
    report("train rmse %f" % train_ls[-1])
    test_data = test_data.assign(SalePrice=preds)
    submission = test_data[["Id", "SalePrice"]].to_csv(index=False)
    history = [{"epoch": e, "train_rmse": t, "valid_rmse": v} for e, (t, v) in enumerate(fold0, 1)]
    final = {"avg_train_rmse": train_l, "avg_valid_rmse": valid_l, "full_train_rmse": train_ls[-1],
             "num_features": int(train_features.shape[1]), "min_pred": float(preds.min())}
    plots = {"fold0": plot.semilogy(epochs, [t for t, _ in fold0], "epochs", "rmse", epochs,
                                    [v for _, v in fold0], ["train", "valid"]),
             "full_train": plot.semilogy(epochs, train_ls, "epochs", "rmse")}
    return Result(history, final, plots, files={"submission.csv": submission})


# The course (S4.4) initializes weight and bias N(0, 0.01^2). Its metric sqrt(2 * MSE) doubles a squared error
# that has no 1/2 (the book's L2Loss has one), so it is sqrt(2) times the rmse; gluonlab keeps the book's log-rmse.
variant("S4.4", "course-house-price", "Course variant: house prices (3.16)", ID, init_sigma=0.01)
