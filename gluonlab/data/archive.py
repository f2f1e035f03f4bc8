"""Archive extraction that refuses members escaping the target folder (zip slip) before writing anything."""
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from ..errors import DataError


def _unsafe(name, info=None):
    """Why member `name` may not be extracted, or None."""
    if info is not None and (info.external_attr >> 16) & 0o170000 == 0o120000:
        return "is a symbolic link"
    path = Path(name.replace("\\", "/"))
    if path.is_absolute() or name.startswith(("/", "\\")) or (path.parts and ":" in path.parts[0]):
        return "has an absolute path"
    if ".." in path.parts:
        return "climbs out with '..'"
    return None


def extract_zip(archive, dest):
    """Extract every member of the zip `archive` into folder `dest`; return the extracted paths.

    A member with an absolute path, a '..' part or a symlink is a DataError naming the member, and nothing is
    written. The members are extracted into a temp folder beside `dest`, then moved in, so a failure halfway
    leaves no partial file in `dest`.
    """
    dest = Path(dest)
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            for info in infos:
                why = _unsafe(info.filename, info)
                if why:
                    raise DataError(f"{archive}: member {info.filename!r} {why}; refusing to extract into {dest}",
                                    "use an archive whose members stay inside the target folder")
            dest.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".extract.", dir=dest))
            try:
                zf.extractall(tmp)
                return [_move_in(tmp, dest, info.filename) for info in infos if not info.is_dir()]
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    except zipfile.BadZipFile as e:
        raise DataError(f"{archive} is not a readable zip archive ({e})", "delete it and fetch it again") from None


def _move_in(tmp, dest, name):
    target = dest / name
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp / name, target)
    return target
