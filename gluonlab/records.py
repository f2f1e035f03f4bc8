"""Run records: OUT/<id>/metrics.json, log.txt and PNGs. Every write is atomic (temp file + os.replace)."""
import contextlib
import json
import math
import os
import platform
import tempfile
from importlib import resources
from pathlib import Path

SCHEMA_VERSION = 1


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temp path beside `path`; on success rename it over `path`, on failure remove it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())        # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path, data):
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())


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
