"""Limits checked before work, a verified cache, messages that name the cause, gluonlab.d2l refusing nonsense.

- sizes: a parameter too large for MXNet (2^31 - 2 elements) or for the memory is refused before MXNet allocates
  it, MXNet's own size error becomes the same line; both name the option and its largest value;
- MXNet's environment variables are checked before MXNet is imported; a closed stdout or stderr ends at once; a
  full stdout is one line naming stdout;
- the decoded cache carries a content hash: a changed cache is rebuilt with one line; a killed build's temp file
  is removed by the next build; a full disk names GLUONLAB_CACHE;
- an unreadable data file or folder is not called corrupt;
- gluonlab.d2l: nonsense arguments are a ValueError or TypeError naming the argument, before any work.
"""
import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from mxnet import autograd, gluon, nd

from gluonlab import cli, d2l, limits, models, mxnet_env, registry, runner
from gluonlab.data import cache, resolve
from gluonlab.errors import DataError, OutputError

ROOT = Path(__file__).resolve().parents[1]
ERROR_LINE = re.compile(r"^gluonlab: error: [^\n]+; fix: [^\n]+\n$")


def config(sid, **overrides):
    return runner.config_for(registry.get(sid), quick=True, **overrides)


# --- sizes ---

def test_a_parameter_beyond_mxnets_limit_is_refused_before_it_is_allocated():
    cfg = config("3.10", num_hiddens=3_000_000)
    net = models.get("mlp", num_hiddens=cfg.num_hiddens)
    net.initialize()
    with pytest.raises(limits.SizeError) as err, limits.guard(cfg):
        net(nd.ones((2, 784)))
    said = str(err.value)
    assert "(3000000, 784) has 2,352,000,000 elements, more than MXNet's limit of 2,147,483,646" in said
    assert "give --num-hiddens at most 2,739,137 (it is 3,000,000)" in said and "--batch-size" not in said


def test_a_bias_sized_at_initialize_does_not_hide_the_weights_tighter_bound():
    """The bias (num_hiddens,) is allocated at initialize(), the weight (num_hiddens, 784) at the first forward:
    the message names the weight and the bound it sets, not the bias's 2^31 - 2."""
    cfg = config("3.10", num_hiddens=2 ** 31 - 1)
    net = models.get("mlp", num_hiddens=cfg.num_hiddens)
    with pytest.raises(limits.SizeError) as err, limits.guard(cfg):
        net.initialize()
        net(nd.ones((2, 784)))
    said = str(err.value)
    assert re.search(r"dense\d+_weight of shape \(2147483647, 784\) has 1,683,627,179,248 elements", said), said
    assert "give --num-hiddens at most 2,739,137 (it is 2,147,483,647)" in said, said


def test_an_oversized_parameter_is_refused_even_when_nothing_uses_it():
    cfg = config("3.10", num_hiddens=2 ** 31 - 1)
    with pytest.raises(limits.SizeError, match=r"at most 214,748,364 \(it is 2,147,483,647\)"), limits.guard(cfg):
        gluon.nn.Dense(10, in_units=cfg.num_hiddens).initialize()     # never called: the guard's end refuses it


def test_parameters_beyond_the_memory_are_refused_before_they_are_allocated(monkeypatch):
    monkeypatch.setattr(limits, "available_bytes", lambda: 2 ** 30)         # a machine with 1 GiB free
    cfg = config("3.10", num_hiddens=200_000)
    net = models.get("mlp", num_hiddens=cfg.num_hiddens)
    net.initialize()
    with pytest.raises(limits.SizeError, match=r"more than the 0.9 GiB of memory this run can use\s+fix: give "
                                               r"--num-hiddens at most \d"), limits.guard(cfg):
        net(nd.ones((2, 784)))


def test_mxnets_own_size_error_becomes_the_same_line():
    cfg = config("6.4", num_hiddens=50_000)
    with pytest.raises(limits.SizeError, match="give --num-hiddens at most 46,340 .it is 50,000."), \
            limits.guard(cfg):
        nd.zeros((cfg.num_hiddens, cfg.num_hiddens)).wait_to_read()     # H x H, as the scratch RNN's W_hh


def test_the_guard_leaves_sizes_that_fit_alone():
    cfg = config("3.10")
    net = models.get("mlp", num_hiddens=cfg.num_hiddens)
    net.initialize()
    with limits.guard(cfg):
        assert net(nd.ones((2, 784))).shape == (2, 10)
    assert gluon.Parameter._finish_deferred_init.__name__ == "_finish_deferred_init", "restored"


# --- the environment and the standard streams ---

@pytest.mark.parametrize("name", sorted(mxnet_env.VARIABLES))
def test_every_mxnet_variable_mxnet_would_stop_on_is_one_line(name, monkeypatch, capsys):
    monkeypatch.setenv(name, "abc")
    assert cli.main(["run", "3.7", "--quick"]) == 2
    err = capsys.readouterr().err
    assert ERROR_LINE.match(err) and f"{name}='abc'" in err and f"unset {name}" in err, err


@pytest.mark.parametrize("name,value", [("MXNET_ENGINE_TYPE", "ThreadedEnginePerDevice"), ("OMP_NUM_THREADS", "2"),
                                        ("MXNET_EXEC_BULK_EXEC_TRAIN", "0"), ("MXNET_MKLDNN_CACHE_NUM", "-1")])
def test_valid_values_pass(name, value):
    assert mxnet_env.problem(name, value, mxnet_env.VARIABLES[name][0]) == ""


def run_cli(shell_tail, env=None):
    return subprocess.run(["bash", "-c", f'"{sys.executable}" -m gluonlab {shell_tail}'], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_a_variable_that_aborts_mxnet_is_refused_before_mxnet_loads(tmp_path):
    res = run_cli(f"run 3.7 --quick --out {tmp_path}", {"MXNET_CPU_WORKER_NTHREADS": "abc"})
    assert res.returncode == 2 and ERROR_LINE.match(res.stderr), (res.returncode, res.stderr)   # not 134
    assert not any(tmp_path.iterdir())


def test_a_closed_stdout_ends_at_once(tmp_path):
    res = run_cli(f"run 3.7 --quick --out {tmp_path} >&-")
    assert res.returncode == 2 and ERROR_LINE.match(res.stderr) and "stdout is closed" in res.stderr, res.stderr
    assert not any(tmp_path.iterdir()), "nothing ran"


def test_a_closed_stderr_ends_at_once(tmp_path):
    res = run_cli(f"run 3.7 --quick --out {tmp_path} 2>&-")
    assert res.returncode == 2 and res.stdout == "" and not any(tmp_path.iterdir())


def test_a_full_stdout_is_one_line_naming_stdout():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    res = run_cli("list > /dev/full")
    assert res.returncode == 2 and ERROR_LINE.match(res.stderr), res.stderr
    assert "cannot write to stdout: No space left on device" in res.stderr and "--out" not in res.stderr


# --- the decoded cache ---

@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    return tmp_path


def test_a_cache_changed_on_disk_is_rebuilt_with_one_line(cache_dir, capsys):
    X, y = cache.load_tensors(train=False)
    saved = nd.load(str(cache.cache_path(False)))
    saved["y"] = nd.zeros_like(saved["y"])                 # the test labels overwritten, key and shapes kept
    nd.save(str(cache.cache_path(False)), saved)
    capsys.readouterr()
    X2, y2 = cache.load_tensors(train=False)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not match the content hash" in err and "rebuilding" in err, err
    np.testing.assert_array_equal(y2.asnumpy(), y.asnumpy())
    assert cache.load_tensors(train=False)[1].sum().asscalar() == y.sum().asscalar()
    assert capsys.readouterr().err == "", "the rebuilt cache is trusted again"


def test_an_interrupted_builds_temp_file_is_removed_by_the_next_build(cache_dir):
    left = cache_dir / f".{cache.cache_path(False).name}.k1ll3d00.tmp"
    left.write_bytes(b"\0" * 4096)
    cache.load_tensors(train=False)
    assert not left.exists()
    assert sorted(p.name for p in cache_dir.iterdir()) == [cache.cache_path(False).name]


def test_a_full_disk_while_building_the_cache_names_gluonlab_cache(cache_dir, monkeypatch):
    from gluonlab import records
    def full(path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
    monkeypatch.setattr(records, "sync", full)
    with pytest.raises(OutputError) as err:
        cache.load_tensors(train=False)
    assert "No space left on device" in err.value.message and "GLUONLAB_CACHE" in err.value.fix
    assert list(cache_dir.iterdir()) == []


def test_a_file_in_the_way_of_the_cache_folder_names_gluonlab_cache(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("in the way")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "file" / "cache"))
    with pytest.raises(OutputError) as err:
        cache.load_tensors(train=False)
    assert str(tmp_path / "file") in err.value.message and "GLUONLAB_CACHE" in err.value.fix
    assert "--out" not in str(err.value)


# --- unreadable is not corrupt ---

def test_an_unreadable_data_file_is_not_called_corrupt(tmp_path):
    folder = tmp_path / "x.gz"
    folder.mkdir()                                        # reading it fails with EISDIR, as a denied read would
    with pytest.raises(DataError) as err:
        resolve.content_sha1(folder)
    assert f"cannot read {folder}" in err.value.message and "corrupt" not in str(err.value)
    assert "GLUONLAB_DATA" in err.value.fix
    (tmp_path / "bad.gz").write_bytes(b"not gzip")
    with pytest.raises(DataError, match="corrupt or truncated"):
        resolve.content_sha1(tmp_path / "bad.gz")


def test_a_data_folder_that_cannot_be_looked_into_names_gluonlab_data(tmp_path, monkeypatch):
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path))
    real = Path.is_file

    def denied(self):
        if self.parent == tmp_path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)
    monkeypatch.setattr(Path, "is_file", denied)
    with pytest.raises(DataError) as err:
        resolve.resolve("kaggle_house_pred_train.csv", download=False)
    assert f"cannot read {tmp_path}: Permission denied" in err.value.message and "--out" not in str(err.value)
    assert "GLUONLAB_DATA" in err.value.fix


def test_data_check_says_unreadable_not_missing_or_write_for_a_folder_it_cannot_look_into(tmp_path, monkeypatch,
                                                                                           capsys):
    """`gluonlab data` on a GLUONLAB_DATA folder without permission: each file UNREADABLE with the read fix (it
    said `cannot use ...; fix: choose a folder you can write to`, from a raw PermissionError)."""
    monkeypatch.setenv("GLUONLAB_DATA", str(tmp_path))
    real = Path.is_file

    def denied(self):
        if tmp_path in self.parents:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)
    monkeypatch.setattr(Path, "is_file", denied)
    assert cli.main(["data"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert err == "" and len(lines) == len(resolve.FILES), (out, err)
    assert all(f"UNREADABLE cannot read {tmp_path}: Permission denied; fix: make it readable" in line
               and "GLUONLAB_DATA" in line and "can write to" not in line for line in lines), out


# --- gluonlab.d2l refuses nonsense, before any work ---

def grads(n=1):
    """n parameters as the book's scratch code has them: NDArrays with gradients attached and computed."""
    params = [nd.ones((2, 3)) for _ in range(n)]
    for p in params:
        p.attach_grad()
    with autograd.record():
        sum((p * p).sum() for p in params).backward()
    return params


NONSENSE = [
    (lambda: d2l.load_data_fashion_mnist(2.5), TypeError, "batch_size"),
    (lambda: d2l.load_data_fashion_mnist(0), ValueError, "batch_size"),
    (lambda: d2l.load_data_fashion_mnist(256, resize=-5), ValueError, "resize"),
    (lambda: d2l.load_data_fashion_mnist(256, resize=0), ValueError, "resize"),
    (lambda: d2l.load_data_fashion_mnist(256, resize=(28, 28, 1)), ValueError, "resize"),
    (lambda: d2l.data_iter_consecutive(list(range(10)), 20, 2), ValueError, "batch_size"),
    (lambda: d2l.data_iter_consecutive(list(range(10)), 2, 0), ValueError, "num_steps"),
    (lambda: d2l.data_iter_random(list(range(10)), 0, 2), ValueError, "batch_size"),
    (lambda: d2l.data_iter_random(list(range(10)), 2, 0), ValueError, "num_steps"),
    (lambda: d2l.data_iter_random(list(range(10)), 2, 1.5), TypeError, "num_steps"),
    (lambda: d2l.data_iter(0, nd.ones((4, 2)), nd.ones(4)), ValueError, "batch_size"),
    (lambda: d2l.grad_clipping([], 1.0, None), ValueError, "params"),
    (lambda: d2l.grad_clipping(grads(), -1.0, None), ValueError, "theta"),
    (lambda: d2l.grad_clipping(grads(), float("nan"), None), ValueError, "theta"),
    (lambda: d2l.grad_clipping(grads(), "1", None), TypeError, "theta"),
]


@pytest.mark.parametrize("call,kind,name", NONSENSE)
def test_d2l_refuses_nonsense_naming_the_argument(call, kind, name, monkeypatch):
    monkeypatch.setattr(cache, "load_tensors", lambda *a: pytest.fail("loaded data before refusing"))
    with pytest.raises(kind, match=rf"\b{name}\b"):
        call()


def test_d2l_keeps_what_d2lzh_handles_sensibly():
    """A corpus too short for one minibatch yields none (as d2lzh); a (width, height) resize is the book's
    Resize's; theta 0 zeroes the gradients (as d2lzh's theta / norm does)."""
    assert list(d2l.data_iter_consecutive(list(range(10)), 2, 9)) == []
    assert list(d2l.data_iter_random(list(range(10)), 8, 2)) == []
    X, _ = next(iter(d2l.load_data_fashion_mnist(4, resize=(32, 24))[1]))
    assert X.shape == (4, 1, 24, 32)
    params = grads(2)
    d2l.grad_clipping(params, 0, None)
    assert all(p.grad.abs().sum().asscalar() == 0 for p in params)
