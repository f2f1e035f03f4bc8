"""Output folders: checked before any work (probe) and held by one run at a time (lock). No mxnet import.

probe(folder): the folder is, or can be made, a directory this process can write: every existing part of the path
is a directory, and a probe file is written and removed in the deepest existing one (or the folder itself).
Nothing is created: a refused run leaves no trace. A failure is an OutputError naming the path and the OS's reason.

lock(folder): an exclusive fcntl.flock on the folder itself (made if missing), taken without waiting; a second run
on the same folder (in this process or another) is refused at once. The kernel drops the lock when its process
ends, however it ends, so a killed run never leaves a stale lock.
"""
import errno
import fcntl
import os
import uuid
from pathlib import Path

from .errors import OutputError, output_error

_HELD = {}          # realpath -> fd of the locks this process holds


def probe(folder, option="--out"):
    """Refuse, before any work, an output folder that cannot be created or written (see the module doc)."""
    folder = Path(os.path.abspath(os.path.expanduser(str(folder))))
    if "\x00" in str(folder):
        raise OutputError(f"{option} {str(folder)!r} holds a NUL character", f"give {option} a folder name")
    existing = folder
    while not existing.exists():
        if existing.is_symlink():                # a dangling link: making the folder would fail
            raise output_error(existing, OSError(errno.ENOENT, "it is a symbolic link to nothing"), "create",
                           _elsewhere(option))
        existing = existing.parent
    if not existing.is_dir():
        what = "create" if existing != folder else "write into"
        raise output_error(folder, OSError(errno.ENOTDIR, f"{existing} is not a folder"), what, _elsewhere(option))
    name = existing / f".gluonlab-probe-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, b"probe\n")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        raise output_error(folder, e, "write into" if existing == folder else "create", _elsewhere(option)) from None
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass
    return folder


def _elsewhere(option):
    return f"choose another folder with {option}" if option == "--out" else f"give {option} a path in another folder"


def lock(folder, option="--out"):
    """Hold an exclusive lock on `folder` (made if missing) until release() or the process ends; re-entrant.
    The folders it had to make are removed again by release() if they are still empty (a refused run leaves
    nothing behind)."""
    folder = Path(os.path.abspath(folder))
    made = [p for p in [folder, *folder.parents] if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = os.path.realpath(folder)
        if key in _HELD:
            return key
        fd = os.open(key, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as e:
        raise output_error(e.filename or folder, e, "create", _elsewhere(option)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        _remove_empty(made)
        if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise OutputError(f"another run is writing in {folder} now",
                              f"wait for it to finish, or give this run another {option} folder") from None
        raise output_error(folder, e, "lock", _elsewhere(option)) from None
    _HELD[key] = (fd, made)
    return key


def release(key):
    """Drop a lock taken by lock() (given the key it returned); remove the folders it made if still empty."""
    fd, made = _HELD.pop(key, (None, []))
    if fd is not None:
        os.close(fd)                            # closing the descriptor drops the flock
    _remove_empty(made)


def _remove_empty(folders):
    for folder in folders:                      # deepest first
        try:
            folder.rmdir()                      # only an empty folder goes
        except OSError:
            break


class Locks:
    """Context manager holding the locks of several folders; the ones it took are dropped on exit."""

    def __init__(self, folders, option="--out"):
        self.folders, self.option, self.keys = list(folders), option, []

    def __enter__(self):
        try:
            for folder in self.folders:
                before = set(_HELD)
                key = lock(folder, self.option)
                if key not in before:
                    self.keys.append(key)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        for key in reversed(self.keys):           # the last made first: a shared parent empties last
            release(key)
        self.keys = []
        return False
