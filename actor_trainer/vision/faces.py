"""Face detection (Haar cascade or YuNet), following one face across frames, and the 48x48 crop."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

from actor_trainer.vision.preprocessing import preprocess_face

Box = tuple[int, int, int, int]  # x, y, w, h in frame pixels

# Chosen with benchmarks/crop_margin.py on photos-dev (table in docs/vision.md): the square crop is
# the detected box grown by this fraction of its size on every side.
DEFAULT_MARGIN = 0.1
# frontalface_default found more of the yale-faces-dev faces than alt2 (tests/test_faces.py reports both).
DEFAULT_CASCADE = "haarcascade_frontalface_default.xml"


class DetectorError(Exception):
    """A detector that cannot be built, with a message meant for the user."""


class HaarDetector:
    """OpenCV's Haar cascade on a downscaled grayscale frame (faces in front of a webcam are large).

    While a face is followed, `detect(frame, near=box)` first searches only a small window around it
    at a scale where the face is about `near_face_px` wide, which costs a fraction of a full search;
    the full (downscaled) frame is searched when that finds nothing.
    """

    def __init__(self, cascade: str = DEFAULT_CASCADE, detect_width: int = 240, min_face_fraction: float = 0.2,
                 scale_factor: float = 1.1, min_neighbors: int = 5, near_face_px: int = 64):
        path = Path(cascade) if Path(cascade).is_file() else Path(cv2.data.haarcascades) / cascade
        self.cascade = cv2.CascadeClassifier(str(path))
        if self.cascade.empty():
            raise DetectorError(f"Cannot load the Haar cascade {path}.")
        self.detect_width = detect_width
        self.min_face_fraction = min_face_fraction
        self.scale_factor = scale_factor
        self.min_neighbors = min_neighbors
        self.near_face_px = near_face_px

    def detect(self, frame: np.ndarray, near: Box | None = None) -> list[Box]:
        gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if near is not None:
            found = self._detect_near(gray, near)
            if found:
                return found
        return self._detect_full(gray)

    def _detect_full(self, gray: np.ndarray) -> list[Box]:
        scale = min(1.0, self.detect_width / gray.shape[1])
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1.0 else gray
        min_side = max(20, int(self.min_face_fraction * min(small.shape)))
        return self._run(small, scale, (0, 0), min_side, 0)

    def _detect_near(self, gray: np.ndarray, near: Box) -> list[Box]:
        x, y, w, h = near
        side = max(w, h)
        left, top = max(0, x - side // 2), max(0, y - side // 2)
        right, bottom = min(gray.shape[1], x + w + side // 2), min(gray.shape[0], y + h + side // 2)
        if right - left < 8 or bottom - top < 8:
            return []
        scale = self.near_face_px / side
        window = cv2.resize(gray[top:bottom, left:right], None, fx=scale, fy=scale,
                            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        return self._run(window, scale, (left, top), int(self.near_face_px * 0.6), int(self.near_face_px * 1.6))

    def _run(self, image: np.ndarray, scale: float, offset: tuple[int, int], min_side: int, max_side: int) -> list[Box]:
        found = self.cascade.detectMultiScale(cv2.equalizeHist(image), scaleFactor=self.scale_factor,
                                              minNeighbors=self.min_neighbors, minSize=(min_side, min_side),
                                              maxSize=(max_side, max_side))
        ox, oy = offset
        return [(round(bx / scale) + ox, round(by / scale) + oy, round(bw / scale), round(bh / scale))
                for bx, by, bw, bh in np.asarray(found).reshape(-1, 4).tolist()]


class YuNetDetector:
    """OpenCV's DNN face detector (cv2.FaceDetectorYN) from a YuNet ONNX file the user supplies."""

    def __init__(self, model_path: str | Path, score_threshold: float = 0.8, detect_width: int = 320):
        model_path = Path(model_path)
        if not model_path.is_file():
            raise DetectorError(f"YuNet model not found: {model_path}. Download face_detection_yunet_*.onnx "
                                "from the OpenCV model zoo or use the Haar detector.")
        try:
            self.net = cv2.FaceDetectorYN.create(str(model_path), "", (320, 240), score_threshold)
        except cv2.error as error:
            raise DetectorError(f"Cannot load the YuNet model {model_path}: {error}") from error
        self.detect_width = detect_width
        self._input_size: tuple[int, int] | None = None

    def detect(self, frame: np.ndarray, near: Box | None = None) -> list[Box]:
        image = frame if frame.ndim == 3 else cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        scale = min(1.0, self.detect_width / image.shape[1])
        if scale < 1.0:
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        size = (image.shape[1], image.shape[0])
        if size != self._input_size:
            self.net.setInputSize(size)
            self._input_size = size
        _, faces = self.net.detect(image)
        if faces is None:
            return []
        return [tuple(int(round(v / scale)) for v in face[:4]) for face in faces]


class PaddedRetry:
    """A detector that looks again with a border around the frame when it finds nothing.

    Detectors miss faces that fill the whole picture (photos cropped tight to the face, and videos made
    from them): the cascade's windows need some context around the face. A plain grey border gives it;
    the boxes found are mapped back to frame pixels. A frame without a face still finds nothing.
    """

    def __init__(self, detector, pad_fraction: float = 0.3):
        self.detector = detector
        self.pad_fraction = pad_fraction

    def detect(self, frame: np.ndarray, near: Box | None = None) -> list[Box]:
        found = self.detector.detect(frame, near=near)
        if found or (near is not None and not self._fills_frame(near, frame)):
            return found  # a followed face of ordinary size that left: no need to look closer
        return self._detect_padded(frame)

    def _fills_frame(self, box: Box, frame: np.ndarray) -> bool:
        return box[2] * box[3] >= 0.25 * frame.shape[0] * frame.shape[1]

    def _detect_padded(self, frame: np.ndarray) -> list[Box]:
        height, width = frame.shape[:2]
        pad = max(1, int(round(self.pad_fraction * max(height, width))))
        fill = 128  # mid grey: no edge of its own against light or dark skin
        padded = cv2.copyMakeBorder(frame, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                    value=(fill, fill, fill) if frame.ndim == 3 else fill)
        boxes = []
        for x, y, w, h in self.detector.detect(padded):
            left, top = max(0, x - pad), max(0, y - pad)
            right, bottom = min(width, x - pad + w), min(height, y - pad + h)
            if right - left >= w // 2 and bottom - top >= h // 2:  # mostly inside the real frame
                boxes.append((left, top, right - left, bottom - top))
        return boxes


def make_detector(kind: str = "haar", yunet_model: str | Path | None = None):
    """"haar" (default) or "yunet" (needs the ONNX file); a given YuNet path implies YuNet. Either one
    looks again with a padded border when a frame shows no face (see PaddedRetry)."""
    if kind == "yunet" or (yunet_model and kind != "haar"):
        if not yunet_model:
            raise DetectorError("The YuNet detector needs its ONNX file (--yunet-model PATH).")
        return PaddedRetry(YuNetDetector(yunet_model))
    if kind != "haar":
        raise DetectorError(f"Unknown face detector '{kind}' (use haar or yunet).")
    return PaddedRetry(HaarDetector())


def iou(a: Box, b: Box) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = min(ax + aw, bx + bw) - max(ax, bx)
    h = min(ay + ah, by + bh) - max(ay, by)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / (aw * ah + bw * bh - inter)


def pick_main_face(boxes: list[Box], frame_shape: tuple[int, ...]) -> Box | None:
    """The largest face, preferring central ones: area weighted down by the distance from the centre."""
    if not boxes:
        return None
    height, width = frame_shape[:2]
    half_diagonal = math.hypot(width, height) / 2

    def score(box: Box) -> float:
        x, y, w, h = box
        distance = math.hypot(x + w / 2 - width / 2, y + h / 2 - height / 2) / half_diagonal
        return w * h * (1.0 - 0.5 * distance)

    return max(boxes, key=score)


class FaceTracker:
    """Follows one face across frames and smooths its box so the crop does not jitter.

    The followed face is the detection overlapping the current box best; a new face is only picked
    (largest / most central) when the followed one has been missing for `hold_seconds`. The box is
    smoothed exponentially with time constant `smoothing_seconds`, independent of the frame rate.
    """

    def __init__(self, smoothing_seconds: float = 0.08, hold_seconds: float = 0.4, min_iou: float = 0.2):
        self.smoothing_seconds = smoothing_seconds
        self.hold_seconds = hold_seconds
        self.min_iou = min_iou
        self.reset()

    def reset(self) -> None:
        self._box: np.ndarray | None = None  # centre x, centre y, width, height (floats)
        self._last_seen = 0.0
        self._last_time: float | None = None

    @property
    def box(self) -> Box | None:
        if self._box is None:
            return None
        cx, cy, w, h = self._box
        return int(round(cx - w / 2)), int(round(cy - h / 2)), int(round(w)), int(round(h))

    def update(self, boxes: list[Box], frame_shape: tuple[int, ...], timestamp: float) -> Box | None:
        """Feed this frame's detections; returns the followed face's smoothed box or None."""
        dt = 0.0 if self._last_time is None else max(0.0, timestamp - self._last_time)
        self._last_time = timestamp
        match = self._match(boxes, frame_shape)
        if match is None:
            if self._box is not None and timestamp - self._last_seen > self.hold_seconds:
                self._box = None
            return self.box
        x, y, w, h = match
        target = np.array([x + w / 2, y + h / 2, w, h], dtype=np.float64)
        if self._box is None:
            self._box = target
        else:
            alpha = 1.0 - math.exp(-dt / self.smoothing_seconds) if self.smoothing_seconds > 0 else 1.0
            self._box += alpha * (target - self._box)
        self._last_seen = timestamp
        return self.box

    def _match(self, boxes: list[Box], frame_shape: tuple[int, ...]) -> Box | None:
        if not boxes:
            return None
        current = self.box
        if current is not None:
            best = max(boxes, key=lambda b: iou(b, current))
            if iou(best, current) >= self.min_iou:
                return best
            return None  # other faces only: keep holding ours until hold_seconds have passed
        return pick_main_face(boxes, frame_shape)


def square_crop_box(box: Box, margin: float) -> Box:
    """The square around `box`'s centre, its side the box's larger side grown by `margin` on each side."""
    x, y, w, h = box
    side = max(1, int(round(max(w, h) * (1.0 + 2.0 * margin))))
    left = int(round(x + w / 2 - side / 2))
    top = int(round(y + h / 2 - side / 2))
    return left, top, side, side


def crop_face(frame: np.ndarray, box: Box, margin: float = DEFAULT_MARGIN) -> np.ndarray:
    """The square crop around a face; parts outside the frame repeat the border pixels."""
    left, top, side, _ = square_crop_box(box, margin)
    height, width = frame.shape[:2]
    pad = max(0, -left, -top, left + side - width, top + side - height)
    if pad:
        frame = cv2.copyMakeBorder(frame, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        left, top = left + pad, top + pad
    return frame[top:top + side, left:left + side]


def face_input(frame: np.ndarray, box: Box, margin: float = DEFAULT_MARGIN) -> np.ndarray:
    """The model input for a face: the square crop through the shared preprocess_face, (48, 48) uint8."""
    return preprocess_face(crop_face(frame, box, margin))
