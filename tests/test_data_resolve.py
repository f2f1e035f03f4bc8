"""The resolver: search order, sha1 checks, truncated gzip, clear errors, atomic checked downloads."""
import gzip
import hashlib
import io
from pathlib import Path

import pytest

from gluonlab.data import resolve as res
from gluonlab.errors import DataError

PAYLOAD = b"gluonlab test payload\n" * 100


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A fake dataset file 'fake.bin.gz' known to the resolver, with three candidate folders."""
    dirs = {k: tmp_path / k for k in ("env", "repo", "system", "dl")}
    for d in dirs.values():
        d.mkdir()
    spec = res.DataFile("fake.bin.gz", hashlib.sha1(PAYLOAD).hexdigest(), "http://example.invalid/fake.bin.gz",
                        (str(dirs["system"]),))
    monkeypatch.setitem(res.FILES, spec.name, spec)
    monkeypatch.setattr(res, "REPO_DATA", dirs["repo"])
    monkeypatch.setenv("GLUONLAB_DATA", str(dirs["env"]))
    monkeypatch.setenv("GLUONLAB_OFFLINE", "1")
    return spec, dirs


def put(folder, data=PAYLOAD, compress=True):
    path = Path(folder) / "fake.bin.gz"
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def test_order_env_then_repo_then_system(fake):
    spec, dirs = fake
    system, repo, env = put(dirs["system"]), put(dirs["repo"]), put(dirs["env"])
    assert res.resolve(spec.name) == env
    env.unlink()
    assert res.resolve(spec.name) == repo
    repo.unlink()
    assert res.resolve(spec.name) == system


def test_missing_file_names_places_and_fix(fake):
    spec, dirs = fake
    with pytest.raises(DataError) as e:
        res.resolve(spec.name)
    msg = str(e.value)
    assert "fake.bin.gz was not found" in msg
    assert str(dirs["env"]) in msg and str(dirs["repo"]) in msg and str(dirs["system"]) in msg
    assert "GLUONLAB_DATA" in msg and f"into {dirs['repo']}/" in msg and spec.url in msg
    assert "GLUONLAB_OFFLINE=1" in msg and "make data" not in msg, "offline, the fix is not a download"


def test_checksum_failure_is_reported_not_used(fake):
    spec, dirs = fake
    bad = put(dirs["env"], PAYLOAD + b"x")
    put(dirs["repo"])          # a good copy later in the order must not silently win
    with pytest.raises(DataError, match="wrong sha1") as e:
        res.resolve(spec.name)
    assert str(bad) in str(e.value) and "fix:" in str(e.value)


def test_truncated_gzip(fake):
    spec, dirs = fake
    path = put(dirs["env"])
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(DataError, match="corrupt or truncated"):
        res.resolve(spec.name)


def test_download_is_checked_and_atomic(fake):
    spec, dirs = fake
    good = gzip.compress(PAYLOAD)
    path = res.fetch(spec, dirs["dl"], opener=lambda url, timeout: io.BytesIO(good))
    assert path.read_bytes() == good
    path.unlink()
    with pytest.raises(DataError, match="content sha1"):
        res.fetch(spec, dirs["dl"], opener=lambda url, timeout: io.BytesIO(gzip.compress(b"evil")))
    assert list(dirs["dl"].iterdir()) == []          # nothing half-written or wrong left behind


def test_interrupted_download_leaves_nothing(fake):
    spec, dirs = fake

    class Broken(io.BytesIO):
        def read(self, *a):
            raise ConnectionResetError("connection reset halfway")

    with pytest.raises(DataError, match="connection reset halfway"):
        res.fetch(spec, dirs["dl"], opener=lambda url, timeout: Broken())
    assert list(dirs["dl"].iterdir()) == []


def test_real_files_verify():
    rows = res.check_all()
    assert {name for name, _, _ in rows} == set(res.FILES)
    assert all(path is not None for _, path, _ in rows), rows
