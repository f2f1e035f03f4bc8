"""3.16: k-fold splitting, log-rmse, the submission file, positive prices from a full-data model."""
import csv

import numpy as np
from mxnet import nd

from gluonlab import registry
from gluonlab.data.house import load_house_frames, preprocess
from gluonlab.runner import run_section
from gluonlab.train.house import train_and_pred
from gluonlab.train.regression import get_k_fold_data, log_rmse


def test_get_k_fold_data_folds_in_order():
    X, y = nd.arange(22).reshape((11, 2)), nd.arange(11)
    X_train, y_train, X_valid, y_valid = get_k_fold_data(5, 1, X, y)
    assert y_valid.asnumpy().tolist() == [2, 3]
    assert y_train.asnumpy().tolist() == [0, 1, 4, 5, 6, 7, 8, 9]       # row 10 dropped (11 // 5 = 2)
    assert X_train.shape == (8, 2)


def test_log_rmse_matches_numpy(seed):
    y = nd.random.uniform(1e4, 1e5, shape=(50, 1))
    preds = nd.random.uniform(-5, 1e5, shape=(50, 1))
    expected = np.sqrt(np.mean((np.log(np.clip(preds.asnumpy(), 1, None)) - np.log(y.asnumpy())) ** 2))
    assert abs(log_rmse(lambda X: preds, None, y) - expected) < 1e-5


def test_submission_file(tmp_path):
    sec = registry.get("3.16")
    run_section(sec, sec.make_config(quick=True), out_root=tmp_path, echo=None)
    with open(tmp_path / "3.16" / "submission.csv") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Id", "SalePrice"] and len(rows) == 1 + 1459
    assert rows[1][0] == "1461"


def test_full_data_model_predicts_positive_prices(seed):
    train, test = load_house_frames()
    X_train, X_test, y_train = preprocess(train, test)
    train_ls, preds = train_and_pred(X_train, X_test, y_train, 30, 5.0, 0.0, 64)
    assert preds.shape == (1459,) and (preds > 0).all()
    assert train_ls[-1] < 0.5
