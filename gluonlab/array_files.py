"""MXNet array files (nd.save's format: arrays only, no code), written atomically and read back before the rename,
and read with a clear error. Below models and data alike: the decoded cache, checkpoints and 4.5's demos use it."""
import errno
import os

import numpy as np
from mxnet import base, nd

from .errors import OUT_ELSEWHERE, DataError, output_error
from .records import atomic_path, file_digest


class ParameterFileError(DataError):
    """A parameter file that does not fit the network it is loaded into."""


def save_ndarrays(obj, path, elsewhere=OUT_ELSEWHERE):
    """nd.save(path, obj) for an NDArray, a list or a dict of them, atomically and checked; returns (size, sha1).
    `elsewhere`: the fix's way to write somewhere else (a run's outputs: --out)."""
    return _save_checked(path, lambda tmp: nd.save(tmp, obj), obj, elsewhere)


def load_ndarrays(data, path):
    """The NDArray list or dict in `data`, the bytes of an nd.save file (`path` names it in messages): MXNet's own
    format, which holds arrays only (no code). ParameterFileError when the bytes are not such a file."""
    try:
        return nd.load_frombuffer(data)
    except (base.MXNetError, ValueError, TypeError) as err:
        raise ParameterFileError(f"{path} is not an MXNet array file, or is truncated or corrupt "
                                 f"({_last_line(err)})", "point to a file written by nd.save, or save it again") \
            from None


def _save_checked(path, write, expected, elsewhere=OUT_ELSEWHERE):
    """Let MXNet `write` the temp file; before the rename confirm that it reads back to the arrays in `expected`
    (names, shapes, dtypes, values) and take its size and sha1. A failed or short write is an OutputError
    naming `path` with the OS's reason; the file under `path`, if any, stays as it was."""
    digest = {}

    def verify(tmp):
        problem = _read_back_problem(tmp, expected)
        if problem:
            raise OSError(errno.ENOSPC if _disk_full(tmp) else errno.EIO, problem, str(tmp))
        digest["size"], digest["sha1"] = file_digest(tmp)

    try:
        with atomic_path(path, verify=verify, elsewhere=elsewhere) as tmp:
            write(tmp)
    except base.MXNetError as err:       # dmlc's FileStream.Write incomplete: the OS refused bytes
        raise output_error(path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) if _disk_full(path) else
                           OSError(errno.EIO, _last_line(err)), elsewhere=elsewhere) from None
    return digest["size"], digest["sha1"]


def _read_back_problem(tmp, expected):
    """'' when the file at tmp holds exactly `expected` (NDArray, list or dict of them), else what differs."""
    try:
        saved = nd.load(str(tmp))
    except (base.MXNetError, ValueError, OSError) as err:
        return f"the file written does not read back ({_last_line(err)})"
    if isinstance(expected, nd.NDArray):
        expected = [expected]
    if isinstance(expected, dict) != isinstance(saved, dict) or len(saved) != len(expected):
        return "the file written holds other arrays than were saved"
    pairs = ([(saved.get(k), v) for k, v in expected.items()] if isinstance(expected, dict)
             else list(zip(saved, expected)))
    for got, want in pairs:
        if got is None or got.shape != want.shape or got.dtype != want.dtype:
            return "the file written holds other arrays than were saved"
        if got.size and not np.array_equal(got.asnumpy(), want.asnumpy(), equal_nan=True):
            return "the file written reads back with other values"
    return ""


def _disk_full(path):
    """True when the filesystem holding `path` has no room left for a small write."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < (1 << 20)


def _last_line(err):
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[-1][:300] if lines else type(err).__name__
