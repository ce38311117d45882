"""One way to write a file so that a crash or a kill never leaves it partial or empty. Pure Python.

A temporary file in the same folder (`.NAME.RANDOM.tmp`), flushed and fsynced, renamed over the
target, then the folder fsynced. With `backup=True` the previous version is first copied to
NAME.bak the same way. Leftover temporaries from a killed run are removed by `remove_leftovers`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from actor_trainer.files import read_regular, refuse_special

TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
# What the app makes is its user's alone, whatever the umask (a school login with umask 000 included): a new
# file 0600, a new folder 0700. A file that exists keeps its mode; a folder that exists is left as it is.
FILE_MODE, FOLDER_MODE = 0o600, 0o700
MAX_BACKUP_BYTES = 64 * 2**20  # the file a backup copies is read within this (a pack is at most 1 MB)


def backup_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + BACKUP_SUFFIX)


def write_bytes(path: Path, data: bytes, backup: bool = False, mode: int | None = None,
                suffix: str = TEMP_SUFFIX) -> None:
    """Replace `path` with `data` atomically. `mode` sets the permissions (default: keep the old file's,
    FILE_MODE for a new one). `suffix` keeps a real extension for loaders that choose by it. The rename
    replaces a symbolic link at `path` itself, never the file it points to; a FIFO, a device or a folder
    at `path` is refused (files.NotARegularFile) before anything is written."""
    path = Path(path)
    make_folder(path.parent)
    refuse_special(path)
    if mode is None and path.is_file() and not path.is_symlink():
        mode = path.stat().st_mode & 0o777
    if backup and path.is_file() and not path.is_symlink():
        write_bytes(backup_path(path), read_regular(path, MAX_BACKUP_BYTES), mode=mode)
    temporary = _fsynced_temporary(path, data, mode, suffix)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def write_new(path: Path, data: bytes, mode: int | None = None) -> bool:
    """Write `data` to `path` only if no file has that name; False (nothing written) when one has.
    The finished, fsynced temporary is hard-linked to the name, which fails when the name is taken, so
    no reader or crash ever sees a partial or empty file under it."""
    path = Path(path)
    make_folder(path.parent)
    temporary = _fsynced_temporary(path, data, mode, TEMP_SUFFIX)
    try:
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (FAT): the exists check leaves a small race
            if path.exists():
                return False
            os.replace(temporary, path)
        fsync_folder(path.parent)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _fsynced_temporary(path: Path, data: bytes, mode: int | None, suffix: str) -> Path:
    """`data` in a new, flushed and fsynced `.NAME.RANDOM.SUFFIX` beside `path`, with its final permissions."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=suffix, delete=False)
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode if mode is not None else FILE_MODE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def make_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each FOLDER_MODE whatever the umask; existing ones stay as
    they are (a USB stick's, the home folder)."""
    folder = Path(folder)
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made by another process meanwhile
            continue
        created.chmod(FOLDER_MODE)


def write_text(path: Path, text: str, backup: bool = False, mode: int | None = None) -> None:
    write_bytes(path, text.encode("utf-8"), backup=backup, mode=mode)


def temporary_path(path: Path, suffix: str = TEMP_SUFFIX) -> Path:
    """A name for a file another library writes itself before `commit` renames it (e.g. np.savez)."""
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}{suffix}")


def commit(temporary: Path, path: Path) -> None:
    """fsync a finished temporary file and rename it over `path`."""
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    fsync_folder(Path(path).parent)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete `.NAME.*.tmp` files a killed writer left in `folder`; returns what was removed."""
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for candidate in folder.glob(".*.tmp*"):
        if candidate.is_file():
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def fsync_folder(folder: Path) -> None:
    """Make a rename durable where the platform allows opening a folder (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)

