"""One resolver for every dataset file: $GLUONLAB_DATA, then the repo's data/, then system places,
then a checked download into data/ from each file's public sources in order (sha1 verified, atomic rename, safe
against a concurrent fetch). When every source fails, the error says why and where to put a copy made by hand."""
import contextlib
import fcntl
import gzip
import hashlib
import os
import shutil
import urllib.error
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
    urls: tuple               # public sources, tried in order (a str is one source)
    system_dirs: tuple = ()
    git_blob: bool = False    # sha1 is git's blob id (of b"blob <size>\0" + content): a file known by its commit

    def __post_init__(self):
        if isinstance(self.urls, str):
            object.__setattr__(self, "urls", (self.urls,))

    @property
    def url(self):
        """The first source."""
        return self.urls[0]

    @property
    def gz(self):
        """A gzip file whose sha1 is of its decompressed content; an archive (.tar.gz) is checked as published."""
        return self.name.endswith(".gz") and not self.name.endswith(".tar.gz")


# Fashion-MNIST: Zalando's own bucket, then MXNet Gluon's dataset mirror (gluon.data.vision.FashionMNIST's source).
# Their gzip bytes may differ; the sha1 checked is of the decompressed content, which is the same.
_FASHION_URLS = ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                 "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/gluon/dataset/fashion-mnist/")
_FASHION_DIRS = ("/usr/share/datasets/fashion-mnist", "~/.mxnet/datasets/fashion-mnist")
# The book's repository at the commit of its v1.0.0 tag (the release d2lzh 1.0.0 comes from); its data/ folder holds
# the house-price CSVs and the lyrics with the sha1s below. GitHub serves it from two hosts.
_D2LZH_COMMIT = "abb4113be45cb2d23adeeb7b0e5a350938d7a650"
_D2LZH_URLS = (f"https://raw.githubusercontent.com/d2l-ai/d2l-zh/{_D2LZH_COMMIT}/data/",
               f"https://github.com/d2l-ai/d2l-zh/raw/{_D2LZH_COMMIT}/data/")
_D2L_URL = "http://d2l-data.s3-accelerate.amazonaws.com/"      # the d2l books' data bucket


def _sources(name, *bases):
    return tuple(base + name for base in bases)


FILES = {f.name: f for f in [
    DataFile("train-images-idx3-ubyte.gz", "b9bd999c0106c9b8b4b0cefce58c9a6060f27095",
             _sources("train-images-idx3-ubyte.gz", *_FASHION_URLS), _FASHION_DIRS),
    DataFile("train-labels-idx1-ubyte.gz", "4bccf37222e01638381eaa326bf730337a597267",
             _sources("train-labels-idx1-ubyte.gz", *_FASHION_URLS), _FASHION_DIRS),
    DataFile("t10k-images-idx3-ubyte.gz", "880056926db704f9f713097915f99da346f5b1d1",
             _sources("t10k-images-idx3-ubyte.gz", *_FASHION_URLS), _FASHION_DIRS),
    DataFile("t10k-labels-idx1-ubyte.gz", "958122e8b4b97fd4e71eca2d08ef754ed77c3ad9",
             _sources("t10k-labels-idx1-ubyte.gz", *_FASHION_URLS), _FASHION_DIRS),
    DataFile("kaggle_house_pred_train.csv", "585e9cc93e70b39160e7921475f9bcd7d31219ce",
             _sources("kaggle_house_pred_train.csv", _D2L_URL, *_D2LZH_URLS)),
    DataFile("kaggle_house_pred_test.csv", "fa19780a7b011d9b009e8bff8e99922a8ee2eb90",
             _sources("kaggle_house_pred_test.csv", _D2L_URL, *_D2LZH_URLS)),
    DataFile("jaychou_lyrics.txt.zip", "9529987e701a4f37048ab778270a5dde9a762a0b",
             _sources("jaychou_lyrics.txt.zip", *_D2LZH_URLS)),
    # Chapter 7's NASA airfoil self-noise table (1503 rows): the same bytes in the d2l books' bucket (d2l-en's
    # DATA_HUB['airfoil'] names this sha1) and in d2l-zh's data/ folder.
    DataFile("airfoil_self_noise.dat", "76e5be1548fd8222e5074cf0faae75edff8cf93f",
             _sources("airfoil_self_noise.dat", *_D2LZH_URLS, _D2L_URL)),

    # chapter 9: the book's own images (its img/ folder) and the tiny Kaggle CIFAR-10 set (its data/ folder)
    *[DataFile(f"img/{name}", sha1, _sources(name, *(u.replace("/data/", "/img/") for u in _D2LZH_URLS)))
      for name, sha1 in [("catdog.jpg", "60b7d540db03eef6b9834329bccc4417ef349bf6"),
                         ("cat1.jpg", "f9c5b905d908b97eeeb64ff34a46fa8b143f88f8"),
                         ("rainier.jpg", "b0193ffd8ecea1631ac1092130017b884faafa30"),
                         ("autumn_oak.jpg", "bbe11f01403b9726bbc625589550e574fc45980a"),
                         ("pikachu.jpg", "fffc89aa84d1869db0c4de82eeabee340d2041f0")]],
    *[DataFile(f"kaggle_cifar10/{name}", sha1, _sources(f"kaggle_cifar10/{name}", *_D2LZH_URLS))
      for name, sha1 in [("train_tiny.zip", "cc9c71aa630e854698c5ae3a9cd486f83d58c101"),
                         ("test_tiny.zip", "13c650bc8e92931df66ef9d3467d92a16c1ef1a9"),
                         ("trainLabels.csv.zip", "27a66502d432e43d91f7506806b930d196ce4a6e")]],
    # chapter 10: the Penn Treebank (10.3) and the 20 French-English pairs (10.12), from the book's data/ folder
    DataFile("ptb.zip", "319d85e578af0cdc590547f26231e4e31cdf1e42", _sources("ptb.zip", *_D2LZH_URLS)),
    DataFile("fr-en-small.txt", "4192ace3405b0b6a2f9761eb6c19494b1f8a9761", _sources("fr-en-small.txt", *_D2LZH_URLS)),
]}


# Large files only some sections read: resolved on demand, never by `gluonlab data fetch` / `make data`.
# 10.7/10.8: the IMDB reviews, the book's URL and sha1 (of the archive's bytes, as for every .tar.gz; gluonlab.data.imdb extracts it).
LARGE = {f.name: f for f in [
    DataFile("aclImdb_v1.tar.gz", "01ada507287d82875905620988597833ad4e0903",
             ("http://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",)),
    # d2lzh.load_data_time_machine's text (the English edition's; the d2l books' bucket and the sha1 they list)
    DataFile("timemachine.txt", "090b5e7e70c295757f55df93cb0a180b9691891a", _sources("timemachine.txt", _D2L_URL)),
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


def content_sha1(path, gz=None, git_blob=False):
    """sha1 of the file's content (decompressed for .gz; as git's blob id with git_blob); DataError for a
    truncated or bad gzip."""
    h = hashlib.sha1(b"blob %d\0" % os.path.getsize(path) if git_blob else b"")
    gz = str(path).endswith(".gz") if gz is None else gz
    opener = gzip.open if gz else open
    try:
        with opener(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as e:
        if e.errno is not None:           # the file could not be read (no permission, an I/O error): not corrupt
            raise unreadable(path, e) from None
        raise DataError(f"{path} is corrupt or truncated ({type(e).__name__}: {e})",
                        f"delete it and fetch it again: {FIX}") from None
    except (EOFError, zlib.error) as e:
        raise DataError(f"{path} is corrupt or truncated ({type(e).__name__}: {e})",
                        f"delete it and fetch it again: {FIX}") from None
    return h.hexdigest()


def unreadable(path, err):
    """The DataError for a data file or folder that exists but cannot be read: its permissions or the disk."""
    return DataError(f"cannot read {path}: {err.strerror or err}",
                     f"make it readable (e.g. chmod a+rX {path}), or point GLUONLAB_DATA at a folder with a "
                     "readable copy")


@lru_cache(maxsize=None)
def _verified(path, size, mtime_ns, sha1, gz, git_blob):
    return content_sha1(path, gz, git_blob) == sha1


def verify(spec, path):
    """Raise DataError unless the file at `path` has the expected content sha1."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise unreadable(path, e) from None
    if not _verified(str(path), st.st_size, st.st_mtime_ns, spec.sha1, spec.gz, spec.git_blob):
        raise DataError(f"{path} has the wrong sha1 (expected content sha1 {spec.sha1})",
                        f"delete it and fetch it again: {FIX}")


def resolve(name, download=None):
    """Path of a verified copy of dataset file `name`; downloads into data/ if allowed and needed.

    download: None means allowed unless GLUONLAB_OFFLINE=1.
    """
    return resolve_spec(FILES[name] if name in FILES else LARGE[name], download)


def resolve_spec(spec, download=None):
    """resolve() for any DataFile, also one outside FILES (chapter 9's large sets, which `data fetch` skips)."""
    dirs = search_dirs(spec)
    for d in dirs:
        path = d / spec.name
        try:
            found = path.is_file()
        except OSError as e:              # a folder we may not look into (GLUONLAB_DATA without x permission)
            raise unreadable(d, e) from None
        if found:
            verify(spec, path)
            return path
    offline = os.environ.get("GLUONLAB_OFFLINE", "0") == "1"
    if download is None:
        download = not offline
    if download:
        try:
            return fetch(spec)
        except DataError as e:
            err = DataError(f"{spec.name} is not in {', '.join(map(str, dirs))}, and {e.message}", e.fix)
            err.reason = getattr(e, "reason", None)
            raise err from None
    again = "gluonlab data fetch" if FILES.get(spec.name) is spec else "run the same command again"
    how = (f"downloads are off (GLUONLAB_OFFLINE=1); with network access, unset it and {again}"
           if offline else f"or download it: {again}")
    raise DataError(f"{spec.name} was not found; searched {', '.join(map(str, dirs))}",
                    f"{put_it_here(spec)}; {how}")


def put_it_here(spec):
    """Where a copy made by hand goes, and where to get one."""
    return (f"copy {spec.name} into {REPO_DATA}/ or into the folder GLUONLAB_DATA names "
            f"(export GLUONLAB_DATA=/path/to/folder); it can be downloaded from {' or '.join(spec.urls)}")


class _SourceFailed(Exception):
    """One source did not give the file: unreachable (no network, reset, timeout) or a wrong answer."""

    def __init__(self, reason, unreachable):
        super().__init__(reason)
        self.reason, self.unreachable = reason, unreachable


def _network(err):
    """_SourceFailed for an error from the network; an HTTP error means the network was reached."""
    reason = getattr(err, "reason", None)
    return _SourceFailed(f"{type(err).__name__}: {reason if reason is not None else err}",
                         not isinstance(err, urllib.error.HTTPError))


def _download(opener, url, tmp):
    """Copy `url` into the file `tmp`; errors of the source become _SourceFailed, those of the disk stay OSError."""
    try:
        resp = opener(url, timeout=60)
    except OSError as e:
        raise _network(e) from None
    with resp, open(tmp, "wb") as f:
        while True:
            try:
                chunk = resp.read(1 << 16)
            except OSError as e:
                raise _network(e) from None
            if not chunk:
                break
            f.write(chunk)


urlopen = urllib.request.urlopen        # the opener fetch uses unless given one (tests replace it)


def fetch(spec, dest_dir=None, opener=None):
    """Download spec's sources in order into dest_dir (default data/) until one gives the file with its sha1.

    Each download goes to a temp file, is checked, then renamed into place: the final name never holds a partial
    or wrong file. A lock on the folder makes a second process fetching the same file wait, then use the first one's
    verified file; temp files left by a killed download are removed. When every source fails: one DataError
    saying why for each, and where to put a copy made by hand.
    """
    opener = opener or urlopen
    dest = Path(dest_dir or REPO_DATA) / spec.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    failures = []
    with locked(dest.parent):
        if dest.is_file():
            try:
                verify(spec, dest)
                return dest                      # another process fetched it while we waited
            except DataError:
                pass                             # a bad copy: download over it
        for stale in dest.parent.glob(f".{dest.name}.*.tmp"):
            stale.unlink(missing_ok=True)        # no one else holds the lock: these are from a killed fetch
        for url in spec.urls:
            try:
                with atomic_path(dest) as tmp:
                    _download(opener, url, tmp)
                    try:
                        got = content_sha1(tmp, gz=spec.gz, git_blob=spec.git_blob)
                    except DataError:
                        raise _SourceFailed("not a readable gzip file", False) from None
                    if got != spec.sha1:
                        raise _SourceFailed(f"content sha1 {got}, expected {spec.sha1}", False)
                return dest
            except _SourceFailed as e:
                failures.append((url, e.reason, e.unreachable))
    raise download_error(spec, failures)


def download_error(spec, failures):
    """The DataError for a file no source gave: the network could not be reached, or what each source answered."""
    tried = "; ".join(f"{url}: {why}" for url, why, _ in failures)
    if failures and all(unreachable for _, _, unreachable in failures):
        reason = "the network could not be reached"
    else:
        reason = "no source gave a good copy"
    err = DataError(f"could not download {spec.name}: {reason} (tried {tried})",
                    put_it_here(spec) + " on a machine with network access")
    err.reason = reason                          # the short form, for a one-line-per-file report
    return err


@contextlib.contextmanager
def locked(folder):
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
