"""Output folders: checked before any work (probe) and held by one run at a time (lock). No mxnet import.

probe(folder): the folder is, or can be made, a directory this process can write: every existing part of the path
is a directory, and a probe file is written and removed in the deepest existing one (or the folder itself).
Nothing is created: a refused run leaves no trace. A failure is an OutputError naming the path and the OS's reason.

lock(folder): an exclusive fcntl.flock on the folder itself (made if missing), taken without waiting; a second run
on the same folder (in this process or another) is refused at once. The kernel drops the lock when its process
ends, however it ends, so a killed run never leaves a stale lock.

A run's folder is a closed room: check_tree(root, folder) refuses a folder below the one the user chose (--out)
that is reached through a symbolic link or through something that is not a folder, and check_file(path) refuses
an output path where something other than a regular file sits (a folder, a FIFO, a device, a socket, a link).
So nothing a run writes, reads or deletes lies outside the folder it was given, whatever was planted in it.
"""
import errno
import fcntl
import os
import stat
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


_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISREG, "a regular file"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
REGULAR = "a regular file"


def what_is(path):
    """None when nothing is at `path`, else what is there ('a regular file', 'a folder', 'a symbolic link',
    'a FIFO (named pipe)', ...); a link is not followed."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as e:
        if e.errno == errno.ENOTDIR:        # a file where a folder of the path should be: nothing can be there
            return None
        raise
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def check_tree(root, folder, option="--out"):
    """Refuse (OutputError) `folder` when a part of its path below `root` (folder included) is a symbolic link or
    something other than a folder; parts that do not exist yet are fine (they are made as real folders). `root`
    is the user's choice and may itself be a link. Returns folder."""
    root, folder = Path(os.path.abspath(root)), Path(os.path.abspath(folder))
    part = root
    for name in folder.relative_to(root).parts:
        part = part / name
        kind = what_is(part)
        if kind is None:
            break
        if kind != "a folder":
            raise OutputError(f"cannot write into {folder}: {part} is not a folder (it is {kind})"
                              + (" (gluonlab does not follow links out of a run's folder)" if "link" in kind else ""),
                              f"remove {part}, or {_elsewhere(option)}")
    return folder


def check_room(folder, outputs=("metrics.json", "log.txt")):
    """Refuse, before any work, a run folder holding a symbolic link or a special file (FIFO, device, socket), or
    a folder where one of `outputs` is written. Returns folder."""
    if what_is(folder) != "a folder":
        return folder
    for entry in sorted(Path(folder).iterdir()):
        kind = what_is(entry)
        if kind not in (REGULAR, "a folder") or (kind == "a folder" and entry.name in outputs):
            raise OutputError(f"the run's folder {folder} holds {entry}, which is {kind}"
                              + (" where a file is written" if kind == "a folder" else ""),
                              "a run's folder holds only its own files and folders (no link is followed out "
                              f"of it): remove {entry.name}, or {_elsewhere('--out')}")
    return folder


def check_file(path, fix=None):
    """Refuse (OutputError) an output file `path` where something other than a regular file sits; nothing there
    is fine. A file is only ever replaced (records.atomic_path), never written through a link or into a FIFO or
    a device. `fix`: what to do instead (default: remove it, or write elsewhere with --out)."""
    kind = what_is(path)
    if kind not in (None, REGULAR):
        raise OutputError(f"cannot write {path}: it is {kind}, not a regular file (gluonlab writes only those)",
                          fix or f"remove it, or {_elsewhere('--out')}")
    return path


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
