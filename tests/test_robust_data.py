"""Data files: corrupt ones are caught before use, a killed download leaves no partial file, two processes fetching
at once do not corrupt it, and zip extraction refuses members that escape the target folder."""
import gzip
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from gluonlab import cli
from gluonlab.data import resolve as res
from gluonlab.data.archive import extract_zip
from gluonlab.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
LABELS = "t10k-labels-idx1-ubyte.gz"          # the smallest real file (5 kB)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """GLUONLAB_DATA holding a copy of every real file; the repo's data/ and system places hidden."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in res.FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)     # img/... and kaggle_cifar10/... nest
        os.symlink(res.resolve(name, download=False), folder / name)
    monkeypatch.setenv("GLUONLAB_DATA", str(folder))
    monkeypatch.setenv("GLUONLAB_OFFLINE", "1")
    monkeypatch.setattr(res, "REPO_DATA", tmp_path / "repo-data")
    monkeypatch.setitem(res.FILES, LABELS, res.DataFile(LABELS, res.FILES[LABELS].sha1, res.FILES[LABELS].url))
    return folder


def damage(folder, how):
    path = folder / LABELS
    data = Path(os.path.realpath(path)).read_bytes()
    path.unlink()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "wrong checksum":
        path.write_bytes(gzip.compress(gzip.decompress(data)[:-1] + b"\x07"))
    else:
        path.write_bytes(b"not gzip at all")
    return path, path.read_bytes()


@pytest.mark.parametrize("how,said", [("truncated", "corrupt or truncated"), ("wrong checksum", "wrong sha1"),
                                      ("garbage", "corrupt or truncated")])
def test_bad_file_is_reported_before_use_with_the_fix(data_dir, how, said, tmp_path, capsys):
    path, content = damage(data_dir, how)
    with pytest.raises(DataError) as err:
        res.resolve(LABELS)
    assert str(path) in str(err.value) and said in str(err.value) and "make data" in str(err.value)
    out = tmp_path / "out"
    assert cli.main(["run", "3.7", "--quick", "--out", str(out)]) == 2
    e = capsys.readouterr().err
    assert str(path) in e and said in e and "fix: delete it and fetch it again" in e and e.count("\n") == 1
    assert not out.exists()
    assert path.read_bytes() == content, "the bad file is reported, not deleted or rewritten"


# --- downloads in other processes: a slow fake server (file:// URL, read 4 kB at a time) ---

FETCH = '''
import os, sys, time, types, urllib.request
import gluonlab
pkg = types.ModuleType("gluonlab.data")          # skip gluonlab.data's __init__ (it imports mxnet: slow)
pkg.__path__ = [os.path.join(gluonlab.__path__[0], "data")]
sys.modules["gluonlab.data"] = pkg
from gluonlab.data import resolve as res
url, sha1, dest, log, delay = sys.argv[1:6]

class Slow:
    def __init__(self, resp):
        self.resp = resp
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.resp.close()
    def read(self, n=-1):
        time.sleep(float(delay))
        return self.resp.read(4096)

def opener(url, timeout):
    with open(log, "a") as f:
        f.write("download\\n")
    return Slow(urllib.request.urlopen(url, timeout=timeout))

print(res.fetch(res.DataFile("payload.bin.gz", sha1, url), dest, opener=opener))
'''


@pytest.fixture
def server(tmp_path):
    payload = os.urandom(96 * 1024)
    src = tmp_path / "server" / "payload.bin.gz"
    src.parent.mkdir()
    src.write_bytes(gzip.compress(payload))
    script = tmp_path / "fetch.py"
    script.write_text(FETCH)
    dest, log = tmp_path / "dest", tmp_path / "downloads.log"
    dest.mkdir()

    def start(delay):
        return subprocess.Popen([sys.executable, str(script), src.as_uri(), hashlib.sha1(payload).hexdigest(),
                                 str(dest), str(log), str(delay)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return start, src, dest, log


def test_killed_download_leaves_no_partial_file(server):
    start, src, dest, log = server
    proc = start(0.05)                                     # 25 reads: about 1.2 s
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and \
            not any(p.stat().st_size > 0 for p in dest.glob(".payload.bin.gz.*.tmp")):
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL, "the download ended before it could be killed"
    assert not (dest / "payload.bin.gz").exists(), "no partial file under the real name"

    again = start(0)                                       # the next fetch cleans up and completes
    assert again.wait(timeout=120) == 0, again.stderr.read()
    assert [p.name for p in dest.iterdir()] == ["payload.bin.gz"]
    assert (dest / "payload.bin.gz").read_bytes() == src.read_bytes()


def test_two_processes_fetching_at_once_download_once_and_agree(server):
    start, src, dest, log = server
    procs = [start(0.02), start(0.02)]             # 25 reads: about 0.5 s each
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    assert {p.stdout.read().strip() for p in procs} == {str(dest / "payload.bin.gz")}
    assert (dest / "payload.bin.gz").read_bytes() == src.read_bytes()
    assert [p.name for p in dest.iterdir()] == ["payload.bin.gz"]
    assert log.read_text().count("download") == 1, "the second process waited and reused the first one's file"


# --- zip extraction ---

def make_zip(path, members, symlink=None):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize("members,symlink,said", [
    ({"ok.txt": "a", "../evil.txt": "b"}, None, "member '../evil.txt' climbs out with '..'"),
    ({"ok.txt": "a", "sub/../../evil.txt": "b"}, None, "climbs out"),
    ({"/tmp/evil-abs.txt": "b"}, None, "has an absolute path"),
    ({"ok.txt": "a"}, "link", "member 'link' is a symbolic link"),
])
def test_zip_members_escaping_the_target_are_refused_before_any_write(tmp_path, members, symlink, said):
    archive = make_zip(tmp_path / "bad.zip", members, symlink)
    target = tmp_path / "target"
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(DataError, match=said) as err:
        extract_zip(archive, target)
    assert str(archive) in str(err.value) and str(target) in str(err.value)
    assert sorted(tmp_path.rglob("*")) == before and not Path("/tmp/evil-abs.txt").exists()


def test_good_zip_extracts_and_a_corrupt_one_is_a_data_error(tmp_path):
    archive = make_zip(tmp_path / "good.zip", {"a.txt": "alpha", "dir/b.txt": "beta"})
    paths = extract_zip(archive, tmp_path / "target")
    assert sorted(p.relative_to(tmp_path / "target").as_posix() for p in paths) == ["a.txt", "dir/b.txt"]
    assert (tmp_path / "target" / "dir" / "b.txt").read_text() == "beta"
    assert sorted(p.name for p in (tmp_path / "target").iterdir()) == ["a.txt", "dir"]   # no temp folder left
    broken = tmp_path / "broken.zip"
    shutil.copy(archive, broken)
    broken.write_bytes(broken.read_bytes()[:20])
    with pytest.raises(DataError, match="not a readable zip archive"):
        extract_zip(broken, tmp_path / "other")
    assert not (tmp_path / "other").exists()
