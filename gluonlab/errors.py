"""User-facing errors: each says what went wrong and how to fix it."""


class GluonlabError(Exception):
    """Base class: `str(err)` is the whole message a user sees, fix included."""

    def __init__(self, message, fix=None):
        self.message, self.fix = message, fix
        super().__init__(message + (f"\n  fix: {fix}" if fix else ""))


class ConfigError(GluonlabError):
    """A bad option, hyperparameter or section id."""


class UnknownSectionError(ConfigError):
    """A section id or slug that is not in the book's table of contents."""


class DataError(GluonlabError):
    """A dataset file that is missing, corrupt or malformed."""


class DeviceError(GluonlabError):
    """A context that cannot be used on this machine."""


class NonFiniteLossError(GluonlabError):
    """Training produced NaN or inf; carries where it first appeared (batch None: seen in the parameters)."""

    def __init__(self, epoch, batch, value, kept=None):
        self.epoch, self.batch, self.value, self.kept = epoch, batch, value, kept
        what = (f"loss became {value} at epoch {epoch}, batch {batch}" if batch is not None else
                f"parameters became {value} during epoch {epoch} while the loss stayed finite")
        super().__init__(
            what, "lower the learning rate (--lr) or check the input data; "
            + (f"the last good checkpoint is kept: {kept}" if kept else "no checkpoint was written"))


class OutputError(GluonlabError):
    """A file or folder that cannot be written: no space left, no permission, not a folder, a busy folder."""


# The OS's reasons a write can fail for that are about the machine, not the code: each is one line and a fix.
# {elsewhere} is how to write somewhere else: "choose another folder with --out" for a run's outputs.
_IO_FIXES = {
    "ENOSPC": "free some space on that filesystem, or {elsewhere}",
    "EDQUOT": "free some space (your disk quota is used up), or {elsewhere}",
    "EFBIG": "the filesystem does not take files this large: {elsewhere}",
    "EACCES": "choose a folder you can write to, or change its permissions: {elsewhere}",
    "EPERM": "choose a folder you can write to, or change its permissions: {elsewhere}",
    "EROFS": "the filesystem is read-only: {elsewhere}",
    "ENOTDIR": "a file sits where a folder is needed: name a folder (or a path where one can be made), or "
               "{elsewhere}",
    "EISDIR": "a folder sits where a file is written: remove or rename it, or {elsewhere}",
    "EEXIST": "remove what is in the way, or {elsewhere}",
    "ENAMETOOLONG": "use a shorter path: {elsewhere}",
    "ELOOP": "the path has a symbolic link loop: {elsewhere}",
    "EIO": "the disk reported an I/O error: check it, or {elsewhere}",
    "EMFILE": "too many files are open: close other programs, or raise the limit (ulimit -n)",
}
OUT_ELSEWHERE = "choose another folder with --out"


def io_error_fix(errno_value, elsewhere=OUT_ELSEWHERE):
    """The fix for an OSError's errno when it is one of the environment's reasons above, else None."""
    import errno
    fix = _IO_FIXES.get(errno.errorcode.get(errno_value or 0, ""))
    return fix.format(elsewhere=elsewhere) if fix else None


def output_error(path, err, doing="write", elsewhere=OUT_ELSEWHERE):
    """An OutputError for an OSError `err` met while writing `path`: the path, the OS's reason, the fix.
    `elsewhere` says how to write somewhere else (a run's outputs: --out)."""
    import os
    reason = (err.strerror or (os.strerror(err.errno) if err.errno else str(err))) if isinstance(err, OSError) \
        else str(err)
    fix = io_error_fix(getattr(err, "errno", None), elsewhere) or f"check the folder, or {elsewhere}"
    return OutputError(f"cannot {doing} {path}: {reason}", fix)
