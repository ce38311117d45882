"""Frame sources: a webcam, a video file, or still images played as a stream. One interface for all.

Every source hands out BGR uint8 frames and the newest frame wins: the camera is read in its own
thread into a one-slot buffer, so a slow consumer skips frames instead of queueing them. Frames
stay in memory; nothing here writes to disk.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import cv2
import numpy as np

from actor_trainer.vision import images

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = images.IMAGE_SUFFIXES
VIDEO_SUFFIXES = {".avi", ".mp4", ".mov", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg", ".wmv"}


class SourceError(Exception):
    """A frame source that cannot be opened, with a message meant for the user."""


class FrameSource:
    """Base class: `read()` returns the newest BGR uint8 frame, or None when none is ready."""

    ended: bool = False  # a file or folder source has played out
    lost: bool = False  # a camera disappeared; the source keeps trying to reopen it

    def read(self) -> np.ndarray | None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _as_bgr(frame: np.ndarray | None) -> np.ndarray | None:
    return None if frame is None or frame.size == 0 else images.to_bgr_uint8(frame)


def _quiet_opencv() -> None:
    """OpenCV prints a warning for every camera index that does not exist; we report it ourselves."""
    try:
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    except AttributeError:
        pass


class CameraSource(FrameSource):
    """A webcam read in a background thread; `read()` returns each new frame once.

    When the camera stops delivering (unplugged, taken by another program) the source sets `lost`,
    releases it and tries to reopen it every `reopen_seconds` until it comes back.
    """

    def __init__(self, index: int = 0, opener: Callable[[int], object] | None = None,
                 reopen_seconds: float = 1.0, failures_before_lost: int = 5):
        _quiet_opencv()
        self.index = index
        self._opener = opener or cv2.VideoCapture
        self._reopen_seconds = reopen_seconds
        self._failures_before_lost = failures_before_lost
        self._lock = threading.Lock()
        self._frame: np.ndarray | None = None
        self._stop = threading.Event()
        self.lost = False
        self.ended = False
        self.frames_read = 0
        self.reopen_count = 0
        self._capture = self._open()
        if self._capture is None:
            raise SourceError(f"No camera found at index {index}. Is it plugged in and not in use by another "
                              "program? `actor-trainer cameras` lists the cameras that open.")
        self._thread = threading.Thread(target=self._run, name=f"camera-{index}", daemon=True)
        self._thread.start()

    def _open(self):
        try:
            capture = self._opener(self.index)
            if capture is not None and capture.isOpened():
                return capture
            if capture is not None:
                capture.release()
        except Exception as error:  # a driver error must not kill the reader thread
            log.debug("opening camera %s failed: %s", self.index, error)
        return None

    def _grab(self) -> np.ndarray | None:
        try:
            ok, frame = self._capture.read()
        except Exception as error:
            log.debug("camera %s read failed: %s", self.index, error)
            return None
        return _as_bgr(frame) if ok else None

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            frame = self._grab() if self._capture is not None else None
            if frame is not None:
                failures = 0
                self.lost = False
                with self._lock:
                    self._frame = frame
                self.frames_read += 1
                continue
            failures += 1
            if self._capture is None or failures >= self._failures_before_lost:
                self._reopen()
            else:
                self._stop.wait(0.01)

    def _reopen(self) -> None:
        if not self.lost:
            log.warning("camera %s lost; trying to reopen it", self.index)
        self.lost = True
        if self._capture is not None:
            self._release_capture()
        if self._stop.wait(self._reopen_seconds):
            return
        self._capture = self._open()
        self.reopen_count += 1

    def _release_capture(self) -> None:
        try:
            self._capture.release()
        except Exception as error:
            log.debug("releasing camera %s failed: %s", self.index, error)
        self._capture = None

    def read(self) -> np.ndarray | None:
        with self._lock:
            frame, self._frame = self._frame, None
        return frame

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        if self._capture is not None:
            self._release_capture()


class VideoFileSource(FrameSource):
    """A video file played frame by frame (every `every`-th frame); `ended` once it has played out.

    `paced=True` plays it like a camera, at the file's own frame rate on `clock`: `read()` returns None
    until the next frame is due, and a consumer that falls behind skips to the frame due now.
    """

    def __init__(self, path: str | Path, every: int = 1, paced: bool = False,
                 clock: Callable[[], float] = time.monotonic):
        self.path = Path(path)
        self.every = max(1, int(every))
        self.paced = paced
        self._clock = clock
        self._started: float | None = None
        self._capture = cv2.VideoCapture(str(self.path))
        if not self._capture.isOpened():
            raise SourceError(f"Cannot open video {self.path}: not a video file OpenCV can read.")
        self.fps = self._capture.get(cv2.CAP_PROP_FPS) or 0.0
        self.index = -1  # index of the frame last returned
        self.ended = False
        self.lost = False

    @property
    def rate(self) -> float:
        """Frames per second (30 when the file does not say)."""
        return self.fps if self.fps > 0 else 30.0

    @property
    def timestamp(self) -> float:
        """Seconds into the video of the frame last returned (frame index / fps)."""
        return max(self.index, 0) / self.rate

    def read(self) -> np.ndarray | None:
        if self.ended:
            return None
        if self.paced:
            return self._read_due()
        for _ in range(self.every - 1 if self.index >= 0 else 0):
            if not self._skip_one():
                return self._finish()
        return self._read_one()

    def _read_due(self) -> np.ndarray | None:
        now = self._clock()
        if self._started is None:
            self._started = now
        due = int((now - self._started) * self.rate + 1e-9)  # the frame that should be on screen now
        if due <= self.index:
            return None
        while self.index < due - 1:
            if not self._skip_one():
                return self._finish()
        return self._read_one()

    def _skip_one(self) -> bool:
        if not self._capture.grab():
            return False
        self.index += 1
        return True

    def _read_one(self) -> np.ndarray | None:
        ok, frame = self._capture.read()
        if not ok:
            return self._finish()
        self.index += 1
        return _as_bgr(frame)

    def _finish(self) -> None:
        self.ended = True
        return None

    def close(self) -> None:
        self._capture.release()


class ImageSource(FrameSource):
    """Still images played as a stream, one per `read()`. Unreadable files are skipped and listed."""

    def __init__(self, paths: Iterable[str | Path], loop: bool = False):
        self.paths = [Path(p) for p in paths]
        if not self.paths:
            raise SourceError("No images to play: the folder or list is empty.")
        self.loop = loop
        self.skipped: list[Path] = []
        self.current_path: Path | None = None
        self._next = 0
        self.ended = False
        self.lost = False

    def read(self) -> np.ndarray | None:
        while not self.ended:
            if self._next >= len(self.paths):
                if not self.loop or len(self.skipped) >= len(self.paths):
                    self.ended = True
                    break
                self._next = 0
            path = self.paths[self._next]
            self._next += 1
            frame = read_image(path)
            if frame is not None:
                self.current_path = path
                return frame
            if path not in self.skipped:
                log.warning("skipping unreadable image %s", path)
                self.skipped.append(path)
        return None


def read_image(path: str | Path) -> np.ndarray | None:
    """A BGR uint8 image, or None when it cannot be used (why: `actor_trainer.vision.images.read_image`)."""
    try:
        return images.read_image(path)
    except images.ImageError:
        return None


def image_files(folder: str | Path) -> list[Path]:
    """Image files under `folder` (recursively), sorted."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def is_video(path: str | Path) -> bool:
    return Path(path).suffix.lower() in VIDEO_SUFFIXES


def open_source(spec: str | int | Path | list, **kwargs) -> FrameSource:
    """A camera index (int or digit string), a video file, an image file, a folder of images or a list of images."""
    if isinstance(spec, (list, tuple)):
        return ImageSource(spec, **kwargs)
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
        return CameraSource(int(spec), **kwargs)
    path = Path(spec)
    if path.is_dir():
        files = image_files(path)
        if not files:
            raise SourceError(f"No images found in folder {path}.")
        return ImageSource(files, **kwargs)
    if not path.exists():
        raise SourceError(f"No such file or folder: {path}")
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return ImageSource([path], **kwargs)
    return VideoFileSource(path, **kwargs)


def list_cameras(max_index: int = 8, opener: Callable[[int], object] | None = None) -> list[int]:
    """Indexes of the cameras that open and deliver a frame."""
    _quiet_opencv()
    opener = opener or cv2.VideoCapture
    found = []
    for index in range(max_index):
        capture = None
        try:
            capture = opener(index)
            if capture.isOpened() and capture.read()[0]:
                found.append(index)
        except Exception as error:
            log.debug("camera %s: %s", index, error)
        finally:
            if capture is not None:
                capture.release()
    return found


def wait_for_frame(source: FrameSource, timeout: float = 5.0) -> np.ndarray | None:
    """Block until the source has a frame (for command-line use; the GUI polls `read()` instead)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not source.ended:
        frame = source.read()
        if frame is not None:
            return frame
        time.sleep(0.005)
    return None
