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
