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

from actor_trainer.files import is_hidden
from actor_trainer.vision import images
from actor_trainer.vision.source_spec import IMAGE_SUFFIXES, VIDEO_SUFFIXES, SourceSpec

log = logging.getLogger(__name__)



# Why a source does not open, as data: a code and its parameters (like pack problems, packs/problems.py). The
# English sentence is the command line's (`str(error)`, with its command-line hint); the window says each code
# in its own language and words (ui/i18n.py, `source_problem_text`), never parsing this English back.
SOURCE_PROBLEMS = {
    "no_camera": ("No camera found at index {index}. Is it plugged in and not in use by another program? "
                  "`actor-trainer cameras` lists the cameras that open."),
    "not_a_video": "Cannot open video {path}: not a video file OpenCV can read.",
    "no_images": "No images to play: the folder or list is empty.",
    "no_images_in_folder": "No images found in folder {path}.",
    "no_such_path": "No such file or folder: {path}",
    "not_media": "Cannot open {path}: not an image or a video OpenCV can read.",
    "not_a_file": "Cannot open {path}: it is not a file (a FIFO, a device or a socket would never end).",
}


class SourceError(Exception):
    """A frame source that cannot be opened: `code` (a key of SOURCE_PROBLEMS) and `params` (its values, paths
    as text); `str()` is the English sentence."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, {key: str(value) for key, value in params.items()}
        super().__init__(SOURCE_PROBLEMS[code].format(**self.params))


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


def _quiet_opencv() -> int | None:
    """Silence OpenCV's own log (it prints an error for every camera index that does not exist, and
    for every probe of a file that is no video): we report such problems ourselves. Returns the
    previous level for `_restore_opencv_log`."""
    try:
        return cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    except AttributeError:
        return None


def _restore_opencv_log(level: int | None) -> None:
    if level is not None:
        cv2.utils.logging.setLogLevel(level)


BUSY_SECONDS = 1.5  # a camera giving only black frames this long after opening is held by another program
BLACK_LEVEL = 0  # a frame no brighter than this anywhere is black: DirectShow's busy frames are exactly 0
SENSIBLE_SIZE = (1280, 720)  # a camera opening larger (a 4K webcam) is asked for this: enough for the game


def is_black(frame: np.ndarray) -> bool:
    """Whether a frame is black all over (every 8th pixel at most BLACK_LEVEL): what a camera that another
    program holds sends through DirectShow, made by the driver, not the sensor: a dark room or a covered lens
    still has sensor noise above 0, and is "too dark" (vision/pipeline.py), not busy."""
    return int(frame[::8, ::8].max(initial=0)) <= BLACK_LEVEL


def _ask_sensible_size(capture) -> None:
    """Ask a camera that opened larger than SENSIBLE_SIZE for that size (the face search shrinks any frame
    to 640 pixels anyway, images.fit_frame). Drivers that cannot change it keep theirs; nothing fails."""
    try:
        width = float(capture.get(cv2.CAP_PROP_FRAME_WIDTH) or 0)
        if width > SENSIBLE_SIZE[0]:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, SENSIBLE_SIZE[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, SENSIBLE_SIZE[1])
    except Exception as error:  # a stand-in or driver without these properties
        log.debug("camera size not changed: %s", error)


class CameraSource(FrameSource):
    """A webcam read in a background thread; `read()` returns each new frame once.

    When the camera stops delivering (unplugged, taken by another program) the source sets `lost`,
    releases it and tries to reopen it every `reopen_seconds` until it comes back. A camera that opens
    but gives no picture right after opening (reads fail, or for `busy_seconds` only black frames, which
    are not handed out) is `busy` as well as `lost`: another program (a video call) most likely holds it.
    Media Foundation then fails every read, DirectShow sends black frames (../shared/cases/camera-in-use).
    A camera that opens larger than SENSIBLE_SIZE is asked for that size where its driver allows.
    """

    def __init__(self, index: int = 0, opener: Callable[[int], object] | None = None,
                 reopen_seconds: float = 1.0, failures_before_lost: int = 5, busy_seconds: float = BUSY_SECONDS):
        _quiet_opencv()
        self.index = index
        self._busy_seconds = busy_seconds
        self.busy = False
        self._opened_at = time.monotonic()
        self._pictureless = True  # no picture yet since the camera was (re)opened
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
            raise SourceError("no_camera", index=index)
        self._thread = threading.Thread(target=self._run, name=f"camera-{index}", daemon=True)
        self._thread.start()

    def _open(self):
        try:
            capture = self._opener(self.index)
            if capture is not None and capture.isOpened():
                _ask_sensible_size(capture)
                self._opened_at, self._pictureless = time.monotonic(), True
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
            if frame is not None and self._pictureless and is_black(frame):
                if time.monotonic() - self._opened_at >= self._busy_seconds:
                    self.busy = True  # only black since it opened: held by another program
                    self._reopen()
                continue
            if frame is not None:
                failures = 0
                self.lost = self.busy = self._pictureless = False
                with self._lock:
                    self._frame = frame
                self.frames_read += 1
                continue
            failures += 1
            if self._capture is None or failures >= self._failures_before_lost:
                if self._capture is not None and self._pictureless:
                    self.busy = True  # it opened, but no frame came: held by another program
                failures = 0
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
            raise SourceError("not_a_video", path=self.path)
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
            raise SourceError("no_images")
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
    """Image files under `folder` (recursively), sorted; hidden files and a Mac's `._NAME` copies left out
    (`files.is_hidden`)."""
    return _files_in(folder, IMAGE_SUFFIXES)


def is_video(path: str | Path) -> bool:
    """Whether `path` is a video: a known video suffix, or (whatever the suffix, e.g. an animated GIF)
    a file that OpenCV opens as a video and reads at least two frames from. Still-image suffixes
    other than .gif are images without a probe."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return True
    if suffix in IMAGE_SUFFIXES or not path.is_file():
        return False
    return _plays_as_video(path)


def _plays_as_video(path: Path) -> bool:
    previous = _quiet_opencv()
    capture = cv2.VideoCapture(str(path))
    try:
        return bool(capture.isOpened() and capture.grab() and capture.grab())
    except cv2.error:
        return False
    finally:
        capture.release()
        _restore_opencv_log(previous)


def media_files(folder: str | Path) -> list[Path]:
    """Images and videos under `folder` (recursively), sorted: known suffixes and GIFs, no probing."""
    return _files_in(folder, IMAGE_SUFFIXES | VIDEO_SUFFIXES | {".gif"})


def _files_in(folder: str | Path, suffixes) -> list[Path]:
    folder = Path(folder)
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() in suffixes and not is_hidden(p, folder) and p.is_file())


def source_kind(spec: SourceSpec | str | int | Path) -> str:
    """What `spec` is, read from the disk now: "camera", "folder" (of pictures), "video", "picture", or
    "missing" (no such path)."""
    spec = SourceSpec.parse(spec)
    if spec.is_camera:
        return "camera"
    if spec.path.is_dir():
        return "folder"
    if not spec.path.exists():
        return "missing"
    return "video" if is_video(spec.path) else "picture"


def open_source(spec: SourceSpec | str | int | Path | list, **kwargs) -> FrameSource:
    """A camera index (int or digit string: SourceSpec.parse decides), a video file, an image file, a folder of
    images or a list of images; `kwargs` go to that source's constructor. Raises SourceError saying why not."""
    if isinstance(spec, (list, tuple)):
        return ImageSource(spec, **kwargs)
    spec = SourceSpec.parse(spec)
    return CameraSource(spec.camera, **kwargs) if spec.is_camera else _open_path(spec.path, **kwargs)


def _open_path(path: Path, **kwargs) -> FrameSource:
    if path.is_dir():
        files = image_files(path)
        if not files:
            raise SourceError("no_images_in_folder", path=path)
        return ImageSource(files, **kwargs)
    if not path.exists():
        raise SourceError("no_such_path", path=path)
    if not path.is_file():  # a FIFO or a device (a link to one too): OpenCV would wait on it for good
        raise SourceError("not_a_file", path=path)
    if is_video(path):
        return VideoFileSource(path, **kwargs)
    if path.suffix.lower() not in IMAGE_SUFFIXES and read_image(path) is None:
        raise SourceError("not_media", path=path)
    return ImageSource([path], **kwargs)


def list_cameras(max_index: int = 8, opener: Callable[[int], object] | None = None) -> list[int]:
    """Indexes of the cameras that open and deliver a frame; OpenCV's own log stays silent meanwhile."""
    previous = _quiet_opencv()
    opener = opener or cv2.VideoCapture
    found = []
    try:
        for index in range(max_index):
            if _camera_delivers(opener, index):
                found.append(index)
    finally:
        _restore_opencv_log(previous)
    return found


def _camera_delivers(opener: Callable[[int], object], index: int) -> bool:
    capture = None
    try:
        capture = opener(index)
        return bool(capture.isOpened() and capture.read()[0])
    except Exception as error:
        log.debug("camera %s: %s", index, error)
        return False
    finally:
        if capture is not None:
            capture.release()


def wait_for_frame(source: FrameSource, timeout: float = 5.0) -> np.ndarray | None:
    """Block until the source has a frame (for command-line use; the GUI polls `read()` instead)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not source.ended:
        frame = source.read()
        if frame is not None:
            return frame
        time.sleep(0.005)
    return None
