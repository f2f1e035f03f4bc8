"""3.16 Kaggle house prices: raw frames and the book's preprocessing. Book: d2l-zh v1 §3.16."""
import numpy as np
from mxnet import nd

from ..errors import DataError
from .resolve import FIX, resolve

TRAIN_FILE, TEST_FILE = "kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv"
LABEL = "SalePrice"


def _read_csv(name, required):
    import pandas as pd
    path = resolve(name)
    try:
        frame = pd.read_csv(path)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as e:
        raise DataError(f"{path} is not a readable CSV ({e})", FIX) from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(f"{path} lacks column(s) {', '.join(missing)}", FIX)
    return frame


def load_house_frames():
    """(train_data 1460 x 81, test_data 1459 x 80) as pandas DataFrames."""
    train = _read_csv(TRAIN_FILE, ["Id", LABEL])
    test = _read_csv(TEST_FILE, ["Id"])
    features = [c for c in train.columns if c not in ("Id", LABEL)]
    missing = [c for c in features if c not in test.columns]
    if missing:
        raise DataError(f"{TEST_FILE} lacks feature column(s) {', '.join(missing)} of {TRAIN_FILE}", FIX)
    return train, test


def preprocess(train_data, test_data):
    """Book preprocessing -> (train_features (1460, F), test_features (1459, F), train_labels (1460, 1)).

    Standardize numeric columns over train+test together (the book's mild leak: the test rows shape the
    statistics), fill NaN with 0, one-hot with dummy_na=True. pandas 2 and 3 give bool dummies: cast to float32;
    330 features, the book printed 331.
    """
    import pandas as pd
    all_features = pd.concat((train_data.iloc[:, 1:-1], test_data.iloc[:, 1:]))
    # the book's `dtypes != 'object'`: pandas 3 reads text as the str dtype, not object, so ask for numbers
    numeric = [c for c in all_features.columns if pd.api.types.is_numeric_dtype(all_features[c])]
    all_features[numeric] = all_features[numeric].apply(lambda x: (x - x.mean()) / x.std())
    all_features[numeric] = all_features[numeric].fillna(0)
    all_features = pd.get_dummies(all_features, dummy_na=True)
    values = all_features.values.astype(np.float32)
    n_train = train_data.shape[0]
    return (nd.array(values[:n_train]), nd.array(values[n_train:]),
            nd.array(train_data[LABEL].values.astype(np.float32).reshape((-1, 1))))
