"""One resolver for every dataset file: $GLUONLAB_DATA, then the repo's data/, then system places,
then a checked download into data/ (sha1 verified, atomic rename, safe against a concurrent fetch)."""
import contextlib
import fcntl
import gzip
import hashlib
import os
import shutil
import urllib.request
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DataError
from ..records import atomic_path

REPO_DATA = Path(__file__).resolve().parents[2] / "data"
FIX = "make data   (or: gluonlab data fetch; or point GLUONLAB_DATA at a folder holding the file)"


@dataclass(frozen=True)
class DataFile:
    name: str
    sha1: str                 # of the content; for .gz files, of the decompressed content
    url: str
    system_dirs: tuple = ()

    @property
    def gz(self):
        return self.name.endswith(".gz")


_FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
_FASHION_DIRS = ("/usr/share/datasets/fashion-mnist", "~/.mxnet/datasets/fashion-mnist")
_D2L_URL = "http://d2l-data.s3-accelerate.amazonaws.com/"
_D2LZH_URL = "https://raw.githubusercontent.com/d2l-ai/d2l-zh/e72511f705e393ec589ebd2afe1a063f2fcdef91/data/"

FILES = {f.name: f for f in [
    DataFile("train-images-idx3-ubyte.gz", "b9bd999c0106c9b8b4b0cefce58c9a6060f27095",
             _FASHION_URL + "train-images-idx3-ubyte.gz", _FASHION_DIRS),
    DataFile("train-labels-idx1-ubyte.gz", "4bccf37222e01638381eaa326bf730337a597267",
             _FASHION_URL + "train-labels-idx1-ubyte.gz", _FASHION_DIRS),
    DataFile("t10k-images-idx3-ubyte.gz", "880056926db704f9f713097915f99da346f5b1d1",
             _FASHION_URL + "t10k-images-idx3-ubyte.gz", _FASHION_DIRS),
    DataFile("t10k-labels-idx1-ubyte.gz", "958122e8b4b97fd4e71eca2d08ef754ed77c3ad9",
             _FASHION_URL + "t10k-labels-idx1-ubyte.gz", _FASHION_DIRS),
    DataFile("kaggle_house_pred_train.csv", "585e9cc93e70b39160e7921475f9bcd7d31219ce",
             _D2L_URL + "kaggle_house_pred_train.csv"),
    DataFile("kaggle_house_pred_test.csv", "fa19780a7b011d9b009e8bff8e99922a8ee2eb90",
             _D2L_URL + "kaggle_house_pred_test.csv"),
    DataFile("jaychou_lyrics.txt.zip", "9529987e701a4f37048ab778270a5dde9a762a0b",
             _D2LZH_URL + "jaychou_lyrics.txt.zip"),
]}


def search_dirs(spec):
    """Folders searched for `spec`, in order."""
    dirs = []
    if os.environ.get("GLUONLAB_DATA"):
        # absolute, so a resolved path stays valid after a chdir when GLUONLAB_DATA is relative
        dirs.append(Path(os.environ["GLUONLAB_DATA"]).expanduser().absolute())
    dirs.append(REPO_DATA)
    dirs.extend(Path(d).expanduser() for d in spec.system_dirs)
    return dirs


def content_sha1(path, gz=None):
    """sha1 of the file's content (decompressed for .gz); DataError for a truncated or bad gzip."""
    h = hashlib.sha1()
    gz = str(path).endswith(".gz") if gz is None else gz
    opener = gzip.open if gz else open
    try:
        with opener(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except (EOFError, OSError, zlib.error) as e:
        raise DataError(f"{path} is corrupt or truncated ({type(e).__name__}: {e})",
                        f"delete it and fetch it again: {FIX}") from None
    return h.hexdigest()


@lru_cache(maxsize=None)
def _verified(path, size, mtime_ns, sha1):
    return content_sha1(path) == sha1


def verify(spec, path):
    """Raise DataError unless the file at `path` has the expected content sha1."""
    st = os.stat(path)
    if not _verified(str(path), st.st_size, st.st_mtime_ns, spec.sha1):
        raise DataError(f"{path} has the wrong sha1 (expected content sha1 {spec.sha1})",
                        f"delete it and fetch it again: {FIX}")


def resolve(name, download=None):
    """Path of a verified copy of dataset file `name`; downloads into data/ if allowed and needed.

    download: None means allowed unless GLUONLAB_OFFLINE=1.
    """
    spec = FILES[name]
    dirs = search_dirs(spec)
    for d in dirs:
        path = d / spec.name
        if path.is_file():
            verify(spec, path)
            return path
    if download is None:
        download = os.environ.get("GLUONLAB_OFFLINE", "0") != "1"
    if download:
        try:
            return fetch(spec)
        except OSError as e:
            raise DataError(f"{spec.name} was not found in {', '.join(map(str, dirs))} and the download "
                            f"from {spec.url} failed ({e})", FIX) from None
    raise DataError(f"{spec.name} was not found; searched {', '.join(map(str, dirs))}", FIX)


def fetch(spec, dest_dir=None, opener=urllib.request.urlopen):
    """Download spec.url into dest_dir (default data/), check the sha1, then rename into place.

    The final name never holds a partial file. A lock on the folder makes a second process fetching the same file
    wait, then use the first one's verified file; temp files left by a killed download are removed.
    """
    dest = Path(dest_dir or REPO_DATA) / spec.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _locked(dest.parent):
        if dest.is_file():
            try:
                verify(spec, dest)
                return dest                      # another process fetched it while we waited
            except DataError:
                pass                             # a bad copy: download over it
        for stale in dest.parent.glob(f".{spec.name}.*.tmp"):
            stale.unlink(missing_ok=True)        # no one else holds the lock: these are from a killed fetch
        with atomic_path(dest) as tmp:
            with opener(spec.url, timeout=60) as resp, open(tmp, "wb") as f:
                shutil.copyfileobj(resp, f)
            got = content_sha1(tmp, gz=spec.gz)
            if got != spec.sha1:
                raise DataError(f"download of {spec.url} has content sha1 {got}, expected {spec.sha1}",
                                "try again later, or copy a good file into data/")
    return dest


@contextlib.contextmanager
def _locked(folder):
    """Hold an exclusive advisory lock on `folder` itself (no lock file is left behind) inside the block."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)                             # closing releases the lock


def check_all():
    """(name, path or None, status) for every known file, without downloading."""
    rows = []
    for name, spec in FILES.items():
        try:
            rows.append((name, str(resolve(name, download=False)), "ok: sha1 verified"))
        except DataError as e:
            rows.append((name, None, str(e.message)))
    return rows
