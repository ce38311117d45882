"""Where the game's frames come from, parsed once: a camera by its index, or a path. Pure Python, no OpenCV.

The command line (`--source`, `--camera`), the window (its file dialogs, the worker's idea of a camera) and
the frame sources (vision/frames.py `open_source`, `source_kind`) all read a source through `SourceSpec.parse`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceSpec:
    """`camera`: the camera's index (0 the first), or None; `path`: a video file, a picture or a folder of
    pictures, or None. Which kind of path it is, frames.source_kind reads from the disk when the source opens
    (a folder made after the start plays too)."""

    camera: int | None = None
    path: Path | None = None

    @classmethod
    def parse(cls, spec: SourceSpec | int | str | Path) -> SourceSpec:
        """An int or a string of digits ("1", " 2 ") is a camera index; anything else a path."""
        if isinstance(spec, SourceSpec):
            return spec
        if isinstance(spec, int):
            return cls(camera=spec)
        if isinstance(spec, str) and spec.strip().isdigit():
            return cls(camera=int(spec.strip()))
        return cls(path=Path(spec))

    @property
    def is_camera(self) -> bool:
        return self.camera is not None

    def __int__(self) -> int:
        """The camera's index, for code written when a camera source was an int (`int(spec)`, as scripts that
        replace `Services.open_source` do). Raises TypeError for a path."""
        if not self.is_camera:
            raise TypeError(f"{self.path} is a path, not a camera number")
        return self.camera

    def __str__(self) -> str:
        return f"camera {self.camera}" if self.is_camera else str(self.path)
