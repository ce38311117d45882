"""Where the game's frames come from, parsed once: a camera by its index, or a path. Pure Python, no OpenCV.

The command line (`--source`, `--camera`), the window (its file dialogs, the worker's idea of a camera) and
the frame sources (vision/frames.py `open_source`, `source_kind`) all read a source through `SourceSpec.parse`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# pictures every reader takes (vision/images.py); known video suffixes skip frames.py's probe, and any other
# file OpenCV plays with more than one frame is a video too
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".pgm", ".ppm", ".tif", ".tiff", ".webp"}
VIDEO_SUFFIXES = {".avi", ".mp4", ".mov", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg", ".wmv", ".3gp", ".3g2",
                  ".flv", ".ogv", ".ts", ".mts", ".m2ts", ".mjpeg", ".mjpg"}


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

    @property
    def named_kind(self) -> str:
        """What the settings call the source, from its name and the disk without opening it: "camera",
        "folder", "picture" (an IMAGE_SUFFIXES file) or "video" (any other file)."""
        if self.is_camera:
            return "camera"
        if self.path.is_dir():
            return "folder"
        return "picture" if self.path.suffix.lower() in IMAGE_SUFFIXES else "video"

    def __int__(self) -> int:
        """The camera's index, for code written when a camera source was an int (`int(spec)`, as scripts that
        replace `Services.open_source` do). Raises TypeError for a path."""
        if not self.is_camera:
            raise TypeError(f"{self.path} is a path, not a camera number")
        return self.camera

    def __str__(self) -> str:
        return f"camera {self.camera}" if self.is_camera else str(self.path)
