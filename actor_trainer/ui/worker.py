"""Camera and model in a QThread. The GUI thread never waits on either.

The worker keeps only the newest result in a one-slot mailbox: it signals `result_ready` when the slot
turns full and the GUI `take()`s it. If the GUI is busy, older results are overwritten, never queued.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QThread, Signal

log = logging.getLogger(__name__)

RUNNING, NO_CAMERA, CAMERA_LOST, MODEL_ERROR, SOURCE_ERROR = "running", "no_camera", "camera_lost", "model", "source"
CAMERA_BUSY = "camera_busy"  # the camera opens but gives no picture: another program most likely holds it


class FrameWorker(QThread):
    result_ready = Signal()
    # one of the kinds above and the details line: "", a text, or a SourceError (a code and its parameters,
    # said in the window's language by ui/i18n.py source_problem_text)
    status_changed = Signal(str, object)
    pipeline_ready = Signal(object)

    def __init__(self, open_source: Callable[[], object], build_pipeline: Callable[[], object] | None = None,
                 pipeline=None, clock: Callable[[], float] = time.monotonic, min_interval: float = 1 / 30,
                 reconnect_interval: float = 0.2, is_camera: bool = True, parent=None):
        super().__init__(parent)
        self._open_source = open_source
        self._build_pipeline = build_pipeline
        self._pipeline = pipeline
        self._clock = clock
        self._min_interval = min_interval
        self._reconnect_interval = reconnect_interval
        self._is_camera = is_camera
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._latest = None
        self._reset_requested = threading.Event()
        self.frames_dropped = 0
        self._lost: str | bool = False  # False, or the kind said: CAMERA_LOST or CAMERA_BUSY
        self._source = None

    def stop(self) -> None:
        self._stop.set()

    def request_reset(self) -> None:
        """Forget the smoothing history before the next frame (a new game or a new child)."""
        self._reset_requested.set()

    def take(self):
        """The newest (FrameResult, timestamp), or None if nothing new arrived."""
        with self._lock:
            latest, self._latest = self._latest, None
        return latest

    def run(self) -> None:
        pipeline = self._load_pipeline()
        if pipeline is None or self._stop.is_set():  # stopped while the model loaded: leave the camera alone
            return
        self._source = self._open(NO_CAMERA if self._is_camera else SOURCE_ERROR)
        try:
            if self._source is not None:
                self._loop(pipeline)
        finally:
            if self._source is not None:
                self._source.close()

    def _load_pipeline(self):
        if self._pipeline is None:
            try:
                self._pipeline = self._build_pipeline()
            except Exception as error:  # ModelError (said from its code by ui/i18n.py), or a broken file Keras refuses
                self.status_changed.emit(MODEL_ERROR, error if hasattr(error, "code") else str(error))
                return None
            self.pipeline_ready.emit(self._pipeline)
        return self._pipeline

    def _open(self, failure_kind: str):
        try:
            return self._open_source()
        except Exception as error:  # SourceError and whatever the camera driver throws
            self.status_changed.emit(failure_kind, detail_of(error))
            return None

    def _loop(self, pipeline) -> None:
        """Runs until stopped; `self._source` is always the open source, so `run` can close it."""
        self.status_changed.emit(RUNNING, "")
        while not self._stop.is_set():
            started = time.monotonic()
            frame = self._source.read()
            if frame is None:
                self._source = self._handle_missing_frame(self._source)
                if self._source is None:
                    return
                continue
            if self._lost:
                self._lost = False
                self.status_changed.emit(RUNNING, "")
            timestamp = self._clock()
            try:
                if self._reset_requested.is_set():
                    self._reset_requested.clear()
                    pipeline.reset()
                result = pipeline.process(frame, timestamp)
            except Exception as error:
                self.status_changed.emit(MODEL_ERROR, str(error))
                return
            problem = getattr(result, "problem", None)
            if problem and problem != getattr(self, "_last_problem", None):
                log.warning("frame skipped: %s", problem)  # shown as "no face"; the game goes on
            self._last_problem = problem
            self._post(result, timestamp)
            self._stop.wait(max(self._min_interval - (time.monotonic() - started), 0.0))

    def _post(self, result, timestamp: float) -> None:
        with self._lock:
            was_empty = self._latest is None
            self.frames_dropped += 0 if was_empty else 1
            self._latest = (result, timestamp)
        if was_empty:
            self.result_ready.emit()

    def _handle_missing_frame(self, source):
        """Camera lost, or busy (held by another program): say which once and keep polling; the source reopens
        the camera itself (see frames.py). Video or folder ended: play it again."""
        if getattr(source, "lost", False):
            kind = CAMERA_BUSY if getattr(source, "busy", False) else CAMERA_LOST
            if self._lost != kind:
                self._lost = kind
                self.status_changed.emit(kind, "")
            self._stop.wait(self._reconnect_interval)
            return source
        if getattr(source, "ended", False):
            source.close()
            return self._open(SOURCE_ERROR)
        self._stop.wait(0.005)  # no new frame yet
        return source


def detail_of(error: Exception):
    """What the error screen's details line says: a source problem as data (its `code` and `params`, no traceback
    kept alive across threads), any other error as its own text."""
    if getattr(error, "code", None) and isinstance(getattr(error, "params", None), dict):
        return error.with_traceback(None)
    return str(error)


class HeldImages:
    """Shows each picture of a folder source for `seconds`, like a child holding a face, instead of one per frame."""

    def __init__(self, source, seconds: float = 1.5, clock: Callable[[], float] = time.monotonic):
        self.source, self.seconds, self.clock = source, seconds, clock
        self._frame, self._since = None, 0.0

    @property
    def ended(self) -> bool:
        return self.source.ended

    @property
    def lost(self) -> bool:
        return self.source.lost

    def read(self):
        if self._frame is None or self.clock() - self._since >= self.seconds:
            self._frame, self._since = self.source.read(), self.clock()
        return self._frame

    def close(self) -> None:
        self.source.close()
