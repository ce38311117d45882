"""Reading a file the project did not write itself, within limits. Pure Python.

`read_regular` reads only a regular file (never a FIFO, a device such as /dev/zero behind a symlink,
or a folder) and never more than a limit; `loads_json` refuses JSON nested deeper than a limit before
the parser recurses into it. Packs, player files, images and model files are read through these.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

JSON_MAX_DEPTH = 32  # player files and model.json need 6


MAC_FOLDERS = {"__MACOSX"}  # what a Mac's zip tool adds beside the real files: AppleDouble copies of each


def is_hidden(path: str | Path, root: str | Path | None = None) -> bool:
    """Whether `path` is something nobody put there to be read: a hidden file or folder (`.DS_Store`,
    `.Trashes`), a Mac's `._NAME` AppleDouble companion of NAME (binary metadata a Mac writes beside every
    file it copies to a USB stick) or anything in a zip's `__MACOSX` folder. With `root`, only the parts
    of `path` below `root` are looked at (a folder the teacher chose may itself sit in a hidden folder)."""
    path = Path(path)
    parts = path.relative_to(root).parts if root is not None else (path.name,)
    return any(part.startswith(".") or part in MAC_FOLDERS for part in parts)


class NotARegularFile(OSError):
    """A path that names a FIFO, a device, a socket or a folder instead of a file."""


def read_regular(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `max_bytes` of them.

    Raises NotARegularFile for anything but a regular file, OSError(EFBIG) for a larger file, and the
    usual OSError when it cannot be opened. A FIFO is opened without blocking, so nothing waits forever.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(errno.EINVAL, f"not a regular file ({_kind(info.st_mode)})", str(path))
        if info.st_size > max_bytes:
            raise OSError(errno.EFBIG, f"file too large ({_size(info.st_size)}; the limit is {_size(max_bytes)})",
                          str(path))
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_bytes:  # the file grew while it was read
        raise OSError(errno.EFBIG, f"file too large (the limit is {_size(max_bytes)})", str(path))
    return data


def refuse_special(path: str | Path) -> None:
    """Raise NotARegularFile when `path` (symlinks followed) is a FIFO, a device, a socket or a folder: a path
    to write to or read from that would block or never end. A missing path or a dangling link passes."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(errno.EINVAL, f"not a regular file ({_kind(info.st_mode)})", str(path))


def loads_json(text: str, max_depth: int = JSON_MAX_DEPTH):
    """json.loads, but a document nested deeper than `max_depth` raises ValueError naming the line
    ("line 3: nested more than 32 levels deep") instead of a RecursionError."""
    line = deep_line(text, max_depth)
    if line is not None:
        raise ValueError(f"line {line}: lists or objects nested more than {max_depth} levels deep")
    return json.loads(text)


def deep_line(text: str, max_depth: int) -> int | None:
    """The line where brackets outside strings first go deeper than `max_depth`, or None."""
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return line
        elif char in "]}":
            depth -= 1
    return None


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a plain file"


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MB" if count >= 2**20 else f"{count / 1000:.0f} KB"
