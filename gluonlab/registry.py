"""Section registry: `@section(...)` beside each section's `run`; ids and slugs checked against the catalog."""
import dataclasses
import difflib
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import catalog
from .errors import UnknownSectionError


@dataclass
class Result:
    """What a section run returns: per-epoch history, end figures, figures by name, and output files
    (name -> str or bytes, e.g. 3.16's submission.csv) that the runner writes atomically."""

    history: list = field(default_factory=list)
    final: dict = field(default_factory=dict)
    plots: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    id: str
    slug: str
    title: str
    config_cls: type
    run: Callable
    module: str
    base: Optional[str] = None          # for course variants: the book section they re-run
    overrides: tuple = ()               # (name, value) pairs applied over the base config
    resumable: bool = False             # trains only through train.fit, so `run --resume` continues it

    @property
    def stem(self):
        return catalog.stem(self.id)

    def make_config(self, quick=False, **overrides):
        from .config import make_config
        return make_config(self.config_cls, quick=quick, what=f"section {self.id}",
                           **{**dict(self.overrides), **overrides})


_SECTIONS = {}


def _check_catalog(sid, slug, title):
    if sid not in catalog.BY_ID:
        raise ValueError(f"section id {sid!r} is not in gluonlab.catalog")
    if catalog.BY_ID[sid][1:] != (slug, title):
        raise ValueError(f"section {sid}: slug/title {slug!r}/{title!r} differ from the catalog's "
                         f"{catalog.BY_ID[sid][1:]!r}")
    if sid in _SECTIONS:
        raise ValueError(f"section {sid} registered twice ({_SECTIONS[sid].module})")


def section(sid, slug, title, config_cls, resumable=False):
    """Register `run(cfg, report=print) -> Result` as book section `sid`.

    resumable=True: every piece of training state lives in train.fit's checkpoints (train/checkpoint.py).
    """
    def wrap(run):
        _check_catalog(sid, slug, title)
        _SECTIONS[sid] = Section(sid, slug, title, config_cls, run, run.__module__, resumable=resumable)
        return run
    return wrap


def variant(sid, slug, title, base, **overrides):
    """Register a course variant: section `base` re-run with config `overrides` (no copied code)."""
    _check_catalog(sid, slug, title)
    b = _SECTIONS[base]
    names = {f.name for f in dataclasses.fields(b.config_cls)}
    bad = set(overrides) - names
    if bad:
        raise ValueError(f"variant {sid}: {sorted(bad)} are not fields of {base}'s Config")
    _SECTIONS[sid] = Section(sid, slug, title, b.config_cls, b.run, b.module, base, tuple(overrides.items()),
                             b.resumable)


def load_all():
    """Import every module of gluonlab.sections (one package per chapter) so each registers itself."""
    from . import sections
    for info in pkgutil.walk_packages(sections.__path__, prefix=f"{sections.__name__}."):
        importlib.import_module(info.name)
    return dict(_SECTIONS)


def all_sections():
    """Registered sections in book order."""
    load_all()
    return [_SECTIONS[k] for k in sorted(_SECTIONS, key=catalog.sort_key)]


def get(key):
    """A registered section by id ('3.7') or slug ('softmax-regression-gluon')."""
    load_all()
    key = str(key).strip()
    sid = canonical(key)
    if sid in _SECTIONS:
        return _SECTIONS[sid]
    if sid in catalog.BY_ID:
        raise UnknownSectionError(f"section {sid} ({catalog.BY_ID[sid][2]}) is not implemented yet",
                                  "see `gluonlab list` for the implemented sections")
    raise unknown(key)


def unknown(key):
    """The UnknownSectionError for a key that names no section of gluonlab's catalog (raised here when the key
    names a book section outside gluonlab's scope)."""
    key = str(key).strip()
    sid = canonical(key)
    check_scope(sid)
    choices = list(catalog.BY_ID) + list(catalog.BY_SLUG)
    close = difflib.get_close_matches(key, choices, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return UnknownSectionError(f"unknown section {key!r}", hint + "`gluonlab list` shows every id and slug")


def canonical(key):
    """A section id from an id, a gluonlab slug or the book's page name ('lenet' -> '5.5'); else `key` itself."""
    key = str(key).strip()
    if key in catalog.BY_SLUG:
        return catalog.BY_SLUG[key][0]
    if key not in catalog.BY_ID and key in catalog.BOOK_BY_PAGE:
        return catalog.BOOK_BY_PAGE[key][0]
    return key


def check_scope(key):
    """Raise UnknownSectionError saying so when `key` names a section of the book outside gluonlab's scope."""
    sid = canonical(key)
    if sid in catalog.BOOK_BY_ID and not catalog.in_scope(sid):
        _, _, title, title_zh = catalog.BOOK_BY_ID[sid]
        what = "chapter" if "." not in sid else "section"
        where = f"{catalog.book_page(sid)} in github.com/d2l-ai/d2l-zh, branch v1"
        prose = sid in catalog.PROSE
        fix = (f"read it in the book ({where})" if prose else
               f"the book's own notebook runs it ({where}, with d2lzh==1.0.0)")
        why = "it is prose without code, so there is nothing to run" if prose else "gluonlab does not implement it"
        raise UnknownSectionError(
            f"{what} {sid} of the book ({title}; {title_zh}) is outside gluonlab's scope: {why}",
            fix + "; `gluonlab list` shows the sections gluonlab runs, `gluonlab list --all` the whole book")
