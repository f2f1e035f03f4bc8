"""Run records: OUT/<id>/metrics.json, log.txt and PNGs. Every write is atomic (temp file + os.replace)."""
import contextlib
import errno
import hashlib
import json
import math
import os
import platform
import stat
import tempfile
from importlib import resources
from pathlib import Path

from .errors import OUT_ELSEWHERE, io_error_fix, output_error
from .outdir import check_file, what_is

SCHEMA_VERSION = 1


@contextlib.contextmanager
def atomic_path(path, verify=None, elsewhere=OUT_ELSEWHERE):
    """Yield a temp path beside `path`; on success rename it over `path`, on failure remove it.

    Before the rename the temp file is flushed to disk (fsync: a full disk shows here, not later) and, when
    `verify` is given, `verify(tmp)` checks what was written (it raises on a short or unreadable file). An
    OSError from the filesystem (no space, no permission, not a folder) becomes one OutputError naming the path,
    and nothing incomplete is ever left under `path`. `elsewhere` is the fix's way to write somewhere else.
    Only a regular file (or nothing) at `path` is replaced: a folder, a FIFO, a device or a symbolic link there is
    refused (outdir.check_file) before anything is written.
    """
    path = Path(path)
    check_file(path, f"remove it, or {elsewhere}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as e:
        if io_error_fix(e.errno) is None:
            raise
        raise output_error(e.filename or path, e, elsewhere=elsewhere) from None
    try:
        yield tmp
        sync(tmp)
        if verify is not None:
            verify(tmp)
        os.chmod(tmp, 0o666 & ~_umask())        # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
        _sync_dir(path.parent)
    except OSError as e:                         # the machine's reasons (no space, no permission) become one line
        if io_error_fix(e.errno) is None:
            raise
        raise output_error(path, e, elsewhere=elsewhere) from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:                          # renamed (the usual case), or the folder went away
            pass


def sync(path):
    """Flush a written file to the disk; the OS reports a full disk or an I/O error here at the latest."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_dir(folder):
    """Make a rename durable (best effort: some filesystems cannot fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def file_digest(path):
    """(size, sha1) of a file's bytes, read back from the disk."""
    h, size = hashlib.sha1(), 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


class NotRegularFile(OSError):
    """What read_regular raises for a path that holds something other than a regular file."""


def read_regular(path):
    """The bytes of the regular file at `path`. A symbolic link is not followed and a FIFO or a device is not
    read from (opened without blocking, then refused): each raises NotRegularFile whose strerror says what is
    there. Other failures (missing, no permission) are the OS's OSError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP and os.path.islink(path):
            raise NotRegularFile(errno.ELOOP, "it is a symbolic link, which gluonlab does not follow here",
                                 str(path)) from None
        raise
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, f"it is {what_is(path) or 'not a regular file'}, not a regular file",
                                 str(path))
        return f.read()


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path, data):
    def same(tmp):
        if file_digest(tmp) != (len(data), hashlib.sha1(data).hexdigest()):
            raise OSError(errno.EIO, "the bytes read back differ from the bytes written", str(tmp))
    with atomic_path(path, verify=same) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)


def atomic_write_text(path, text):
    atomic_write_bytes(path, text.encode("utf-8"))


def jsonable(value):
    """Plain JSON types; NaN/inf become strings so the record stays valid JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "asnumpy"):
        value = value.asnumpy()
    if hasattr(value, "tolist"):
        return jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def write_json(path, obj):
    atomic_write_text(path, json.dumps(jsonable(obj), indent=2, ensure_ascii=False) + "\n")


def save_figure(fig, path):
    """Write a matplotlib Figure as PNG atomically."""
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=100, bbox_inches="tight")


def machine():
    """Where a run or benchmark ran: CPU model, cores, host name, platform and library versions."""
    from . import threads
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cpu": cpu, "cores": threads.num_cores(), "hostname": platform.node(), **versions()}


def versions():
    import mxnet
    import numpy
    from . import __version__
    out = {"python": platform.python_version(), "mxnet": mxnet.__version__, "numpy": numpy.__version__,
           "gluonlab": __version__, "platform": platform.platform()}
    for name in ("pandas", "matplotlib"):
        try:
            out[name] = __import__(name).__version__
        except ImportError:
            pass
    return out


def schema():
    """The JSON schema every metrics.json follows."""
    return json.loads(resources.files("gluonlab.schema").joinpath("metrics.schema.json").read_text())


def validate_record(record):
    """Raise jsonschema.ValidationError if `record` does not follow the schema."""
    import jsonschema
    jsonschema.validate(jsonable(record), schema())


def build_record(sec, cfg, result, wall_s, ctx):
    import dataclasses
    return {
        "schema_version": SCHEMA_VERSION,
        "section": {"id": sec.id, "slug": sec.slug, "title": sec.title, "base": sec.base},
        "config": dataclasses.asdict(cfg),
        "seed": cfg.seed,
        "ctx": [str(c) for c in ctx],
        "versions": versions(),
        "epochs": [dict(h) for h in result.history],
        "final": dict(result.final),
        "plots": sorted(f"{name}.png" for name in result.plots),
        "files": sorted(result.files),
        "wall_s": wall_s,
    }


def write_run(out_dir, record, log_lines, plots, files=None):
    """Write metrics.json, log.txt, one PNG per figure and the run's files into out_dir; return the metrics path."""
    out_dir = Path(out_dir)
    validate_record(record)
    for name, fig in plots.items():
        save_figure(fig, out_dir / f"{name}.png")
    for name, content in (files or {}).items():
        if Path(name).name != name:
            raise ValueError(f"output file name {name!r} must be a plain name inside the run directory")
        atomic_write_bytes(out_dir / name, content.encode("utf-8") if isinstance(content, str) else content)
    atomic_write_text(out_dir / "log.txt", "".join(line + "\n" for line in log_lines))
    write_json(out_dir / "metrics.json", record)
    return out_dir / "metrics.json"
