"""Face detection (BlazeFace, Haar cascade or YuNet), following one face across frames, and the
aligned 48x48 crop."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import cv2
import numpy as np

from actor_trainer.vision.crop import (  # noqa: F401  (the crop's name and margin, re-exported)
    CROP_ID,
    CROP_VERSION,
    DEFAULT_MARGIN,
    crop_identity,
    crop_mismatch,
)
from actor_trainer.vision.preprocessing import preprocess_face, to_gray

log = logging.getLogger(__name__)

Box = tuple[int, int, int, int]  # x, y, w, h in frame pixels

def gray_frame(frame: np.ndarray) -> np.ndarray:
    """(H, W) uint8 grayscale of a BGR (H, W, 3), BGRA or grayscale frame: preprocessing's `to_gray`, the one
    conversion the pipeline makes for detection and crop, and training makes for photos."""
    return to_gray(frame)
# frontalface_default found more of the yale-faces-dev faces than alt2 (tests/test_faces.py reports both).
DEFAULT_CASCADE = "haarcascade_frontalface_default.xml"
EYE_CASCADE = "haarcascade_eye.xml"
BLAZEFACE_DIR = "face_detection"  # inside the assets folder
BLAZEFACE_SHORT = "face_detection_short_range.tflite"
BLAZEFACE_BACK = "face_detection_back.tflite"
# BlazeFace boxes are tighter than the cascade's and sit lower on the face; the crop margin was
# tuned on cascade boxes, so BlazeFace boxes are mapped onto the cascade's geometry (median of
# both detectors on 134 upright cafe-dev/photos-dev faces, docs/vision.md).
BLAZE_TO_CASCADE_SCALE = 1.23
BLAZE_TO_CASCADE_RAISE = 0.15  # of the box height, toward the top of the head


class DetectorError(Exception):
    """A detector that cannot be built, with a message meant for the user."""


class Face(tuple):
    """One detected face. Unpacks and compares as its box `(x, y, w, h)` (ints, frame pixels).

    `landmarks`: (K, 2) float32 frame pixels, K >= 2, the eye on the image's left first, then the
    other eye (BlazeFace adds nose tip, mouth, and both ear tragions; YuNet nose and mouth corners);
    None when the detector found no eyes. `score`: the detector's confidence, 0..1.
    """

    def __new__(cls, box, landmarks=None, score: float = 1.0):
        face = super().__new__(cls, (int(round(v)) for v in box))
        face.landmarks = None if landmarks is None else np.asarray(landmarks, np.float32).reshape(-1, 2)
        face.score = float(score)
        return face

    @property
    def box(self) -> Box:
        return tuple(self)

    def moved(self, dx: float, dy: float) -> Face:
        landmarks = None if self.landmarks is None else self.landmarks + np.float32([dx, dy])
        return Face((self[0] + dx, self[1] + dy, self[2], self[3]), landmarks, self.score)


def eye_angle(landmarks: np.ndarray | None) -> float:
    """Degrees the line from the image-left eye to the other eye turns clockwise (y points down);
    0 for level eyes or no landmarks."""
    if landmarks is None or len(landmarks) < 2:
        return 0.0
    (lx, ly), (rx, ry) = landmarks[0], landmarks[1]
    return math.degrees(math.atan2(ry - ly, rx - lx))


class HaarDetector:
    """OpenCV's Haar cascade on a downscaled grayscale frame, with eye landmarks from the eye cascade.

    While a face is followed, `detect(frame, near=box)` first searches only a small window around it
    at a scale where the face is about `near_face_px` wide, which costs a fraction of a full search;
    the full (downscaled) frame is searched when that finds nothing. `rotations` (degrees) are tried
    one after the other on the full frame while nothing is found: a tilted head then gets a box and
    eye landmarks along its tilt.
    """

    sees_gray = True  # a grayscale frame is all it looks at: the pipeline hands it the one it made

    def __init__(self, cascade: str = DEFAULT_CASCADE, detect_width: int = 240, min_face_fraction: float = 0.2,
                 scale_factor: float = 1.1, min_neighbors: int = 5, near_face_px: int = 64,
                 eyes: bool = True, rotations: tuple[float, ...] = ()):
        self.cascade = _load_cascade(cascade)
        self.eyes = _load_cascade(EYE_CASCADE) if eyes else None
        self.detect_width = detect_width
        self.min_face_fraction = min_face_fraction
        self.scale_factor = scale_factor
        self.min_neighbors = min_neighbors
        self.near_face_px = near_face_px
        self.rotations = tuple(rotations)

    def detect(self, frame: np.ndarray, near: Box | None = None) -> list[Face]:
        gray = gray_frame(frame)
        if near is not None:
            found = self._detect_near(gray, near)
            if found:
                return self._with_eyes(gray, found)
        found = self._detect_full(gray)
        if found:
            return self._with_eyes(gray, found)
        for angle in self.rotations:
            found = self._detect_rotated(gray, angle)
            if found:
                return found
        return []

    def _detect_full(self, gray: np.ndarray) -> list[Box]:
        scale = min(1.0, self.detect_width / gray.shape[1])
        if gray.shape[0] * scale < 20:  # a very wide frame: no face fits once shrunk (20000x30)
            return []
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

    def _detect_rotated(self, gray: np.ndarray, angle: float) -> list[Face]:
        """Search the frame turned by `angle` degrees; boxes and eyes are turned back to the frame."""
        height, width = gray.shape
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        turned = cv2.warpAffine(gray, turn, (width, height), borderMode=cv2.BORDER_REPLICATE)
        back = cv2.invertAffineTransform(turn)
        faces = []
        for face in self._with_eyes(turned, self._detect_full(turned)):
            x, y, w, h = face
            eyes = face.landmarks if face.landmarks is not None else _default_eyes(face)
            eyes = cv2.transform(eyes.reshape(-1, 1, 2), back).reshape(-1, 2)
            centre = cv2.transform(np.float32([[[x + w / 2, y + h / 2]]]), back).reshape(2)
            faces.append(Face((centre[0] - w / 2, centre[1] - h / 2, w, h), eyes, face.score))
        return faces

    def _run(self, image: np.ndarray, scale: float, offset: tuple[int, int], min_side: int, max_side: int) -> list[Box]:
        found = self.cascade.detectMultiScale(cv2.equalizeHist(image), scaleFactor=self.scale_factor,
                                              minNeighbors=self.min_neighbors, minSize=(min_side, min_side),
                                              maxSize=(max_side, max_side))
        ox, oy = offset
        return [(round(bx / scale) + ox, round(by / scale) + oy, round(bw / scale), round(bh / scale))
                for bx, by, bw, bh in np.asarray(found).reshape(-1, 4).tolist()]

    def _with_eyes(self, gray: np.ndarray, boxes: list[Box]) -> list[Face]:
        return [Face(box, self._find_eyes(gray, box) if self.eyes is not None else None) for box in boxes]

    def _find_eyes(self, gray: np.ndarray, box: Box) -> np.ndarray | None:
        """The two eye centres (image-left first) in the upper part of the face box, or None."""
        x, y, w, h = box
        top, bottom = max(0, y + h // 6), min(gray.shape[0], y + h * 11 // 20)
        left, right = max(0, x), min(gray.shape[1], x + w)
        if bottom - top < 8 or right - left < 16:
            return None
        scale = 96 / (right - left)  # eyes are then about 20 px wide: cheap and inside the cascade's range
        band = cv2.resize(gray[top:bottom, left:right], None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        found = np.asarray(self.eyes.detectMultiScale(band, 1.1, 3, minSize=(10, 10), maxSize=(40, 40)))
        centres = [((ex + ew / 2) / scale + left, (ey + eh / 2) / scale + top, ew)
                   for ex, ey, ew, eh in found.reshape(-1, 4).tolist()]
        left_eyes = [c for c in centres if c[0] < x + w / 2]
        right_eyes = [c for c in centres if c[0] >= x + w / 2]
        if not left_eyes or not right_eyes:
            return None
        pick = [max(left_eyes, key=lambda c: c[2]), max(right_eyes, key=lambda c: c[2])]
        return np.float32([c[:2] for c in pick])


def _default_eyes(box: Box) -> np.ndarray:
    """Where the eyes sit in an upright cascade box."""
    x, y, w, h = box
    return np.float32([[x + 0.3 * w, y + 0.38 * h], [x + 0.7 * w, y + 0.38 * h]])


def _load_cascade(name: str):
    path = Path(name) if Path(name).is_file() else Path(cv2.data.haarcascades) / name
    cascade = cv2.CascadeClassifier(str(path))
    if cascade.empty():
        raise DetectorError(f"Cannot load the Haar cascade {path}.")
    return cascade


class _BlazeModel:
    """One BlazeFace network: a square (size x size) RGB input in -1..1, SSD anchors, 6 keypoints."""

    def __init__(self, path: Path, size: int, strides: tuple[int, ...], threads: int, score_threshold: float):
        from actor_trainer.vision.classifier import ModelError, _litert_interpreter_class

        try:
            self.interpreter = _litert_interpreter_class()(model_path=str(path), num_threads=threads)
            self.interpreter.allocate_tensors()
        except (ValueError, RuntimeError, ModelError) as error:
            raise DetectorError(f"Cannot load the face detector {path}: {error}") from error
        self.size = size
        self.anchors = _ssd_anchors(size, strides)
        outputs = sorted(self.interpreter.get_output_details(), key=lambda d: -int(d["shape"][-1]))
        self.input_index = self.interpreter.get_input_details()[0]["index"]
        self.boxes_index, self.scores_index = outputs[0]["index"], outputs[1]["index"]
        self.min_logit = math.log(score_threshold / (1.0 - score_threshold))

    def run(self, frame: np.ndarray, left: float, top: float, side: float) -> list[Face]:
        """Faces in the square `side` wide at (left, top) of the frame (parts outside it are black),
        in frame pixels and the cascade's box geometry."""
        scale = self.size / side
        self.interpreter.set_tensor(self.input_index, self._input(frame, left, top, scale))
        self.interpreter.invoke()
        logits = self.interpreter.get_tensor(self.scores_index).reshape(-1)
        keep = np.flatnonzero(logits > self.min_logit)
        if not len(keep):
            return []
        raw = self.interpreter.get_tensor(self.boxes_index).reshape(len(logits), -1, 2)[keep]
        anchors = self.anchors[keep] * self.size
        centres, sizes, points = raw[:, 0] + anchors, raw[:, 1], raw[:, 2:] + anchors[:, None]
        scores = 1.0 / (1.0 + np.exp(-logits[keep]))
        rects = np.concatenate([centres - sizes / 2, sizes], axis=1)
        picked = np.asarray(cv2.dnn.NMSBoxes(rects.tolist(), scores.tolist(), 0.0, 0.3)).reshape(-1)
        faces = []
        for i in picked:
            landmarks = points[i] / scale + np.float32([left, top])
            box = (rects[i] / scale) + np.float32([left, top, 0, 0])
            faces.append(_cascade_geometry(box, landmarks, scores[i]))
        return faces

    def _input(self, frame: np.ndarray, left: float, top: float, scale: float) -> np.ndarray:
        height, width = frame.shape[:2]
        span = self.size / scale
        x0, y0 = max(0, math.ceil(left)), max(0, math.ceil(top))
        x1, y1 = min(width, math.floor(left + span)), min(height, math.floor(top + span))
        canvas = np.zeros((self.size, self.size, 3), np.uint8)
        ox, oy = int(round((x0 - left) * scale)), int(round((y0 - top) * scale))
        w = min(self.size - ox, int(round((x1 - x0) * scale)))
        h = min(self.size - oy, int(round((y1 - y0) * scale)))
        if w > 0 and h > 0:
            region = frame[y0:y1, x0:x1]
            shrink = scale < 1.0
            canvas[oy:oy + h, ox:ox + w] = cv2.resize(region, (w, h), interpolation=cv2.INTER_AREA if shrink
                                                      else cv2.INTER_LINEAR)
        rgb = cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB)
        return (rgb.astype(np.float32) * (1 / 127.5) - 1.0)[None]


def _ssd_anchors(size: int, strides: tuple[int, ...]) -> np.ndarray:
    """Anchor centres (N, 2) in 0..1, as MediaPipe's SsdAnchorsCalculator makes them for BlazeFace
    (two anchors per cell for each layer of the same stride, anchors of fixed size)."""
    anchors = []
    for stride in sorted(set(strides)):
        cells = size // stride
        repeats = 2 * strides.count(stride)
        grid = (np.stack(np.meshgrid(np.arange(cells), np.arange(cells)), -1).reshape(-1, 2) + 0.5) / cells
        anchors.append(np.repeat(grid, repeats, axis=0))
    return np.concatenate(anchors).astype(np.float32)


def _cascade_geometry(box: np.ndarray, landmarks: np.ndarray, score: float) -> Face:
    """A BlazeFace box grown and raised along the face's own up direction to match cascade boxes."""
    x, y, w, h = (float(v) for v in box)
    angle = math.radians(eye_angle(landmarks))
    raise_by = BLAZE_TO_CASCADE_RAISE * h
    cx, cy = x + w / 2 + raise_by * math.sin(angle), y + h / 2 - raise_by * math.cos(angle)
    side_w, side_h = w * BLAZE_TO_CASCADE_SCALE, h * BLAZE_TO_CASCADE_SCALE
    return Face((cx - side_w / 2, cy - side_h / 2, side_w, side_h), landmarks, score)


class BlazeFaceDetector:
    """Google MediaPipe's BlazeFace detectors run with LiteRT; faces with six landmarks.

    A full search runs the 256x256 "back camera" model on the whole (letterboxed) frame, which finds
    faces down to about 50 px in a 640x480 frame, tilted or not; when it finds nothing the 128x128
    short-range model looks again (it is better at faces filling the picture). While a face is
    followed, `detect(frame, near=box)` runs only the short-range model on a square window three
    times the face's size around it (about a millisecond), plus a full search every
    `full_every`-th frame so that other faces (a parent leaning in) are still seen.
    Raises DetectorError when a model file is missing or broken.
    """

    def __init__(self, model_dir: str | Path | None = None, score_threshold: float = 0.5,
                 full_every: int = 6, threads: int = 1):
        model_dir = Path(model_dir) if model_dir is not None else blazeface_dir()
        for name in (BLAZEFACE_SHORT, BLAZEFACE_BACK):
            if not (model_dir / name).is_file():
                raise DetectorError(f"Face detector file missing: {model_dir / name}. Install the game again.")
        self.short = _BlazeModel(model_dir / BLAZEFACE_SHORT, 128, (8, 16, 16, 16), threads, score_threshold)
        self.back = _BlazeModel(model_dir / BLAZEFACE_BACK, 256, (16, 32, 32, 32), threads, score_threshold)
        self.full_every = max(1, int(full_every))
        self._since_full = 0
        self._last_full: list[Face] = []

    def detect(self, frame: np.ndarray, near: Box | None = None) -> list[Face]:
        """Faces in the frame, the one near `near` first when it is found there. Between full
        searches the other faces of the last full search are reported again (they stay in view
        for a few frames; the list is refreshed every `full_every` frames)."""
        frame = frame if frame.ndim == 3 else cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        found: list[Face] = []
        if near is not None:
            self._since_full += 1
            found = self._detect_near(frame, near)
            if found and self._since_full < self.full_every:
                others = [face for face in self._last_full if iou(face, near) < 0.2]
                return _merge(found, others)
        self._since_full = 0
        self._last_full = self._detect_full(frame)
        return _merge(found, self._last_full)

    def _detect_full(self, frame: np.ndarray) -> list[Face]:
        height, width = frame.shape[:2]
        side = max(height, width)
        left, top = (width - side) / 2, (height - side) / 2
        return self.back.run(frame, left, top, side) or self.short.run(frame, left, top, side)

    def _detect_near(self, frame: np.ndarray, near: Box) -> list[Face]:
        x, y, w, h = near
        side = 3.0 * max(w, h, 8)
        return self.short.run(frame, x + w / 2 - side / 2, y + h / 2 - side / 2, side)


def _merge(first: list[Face], second: list[Face], overlap: float = 0.4) -> list[Face]:
    """`first`, then the faces of `second` that overlap none of them."""
    return first + [face for face in second if all(iou(face, kept) < overlap for kept in first)]


def blazeface_dir() -> Path:
    from actor_trainer.resources import assets_dir

    return assets_dir() / BLAZEFACE_DIR


class YuNetDetector:
    """OpenCV's DNN face detector (cv2.FaceDetectorYN) from a YuNet ONNX file the user supplies."""

    sees_gray = False  # it needs the colour frame

    def __init__(self, model_path: str | Path, score_threshold: float = 0.8, detect_width: int = 320):
        model_path = Path(model_path)
        if not model_path.is_file():
            raise DetectorError(f"YuNet model not found: {model_path}. Download face_detection_yunet_*.onnx "
                                "from the OpenCV model zoo or use the built-in detector.")
        try:
            self.net = cv2.FaceDetectorYN.create(str(model_path), "", (320, 240), score_threshold)
        except cv2.error as error:
            raise DetectorError(f"Cannot load the YuNet model {model_path}: {error}") from error
        self.detect_width = detect_width
        self._input_size: tuple[int, int] | None = None

    def detect(self, frame: np.ndarray, near: Box | None = None) -> list[Face]:
        image = frame if frame.ndim == 3 else cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        scale = min(1.0, self.detect_width / image.shape[1])
        if image.shape[0] * scale < 20:  # a very wide frame: no face fits once shrunk
            return []
        if scale < 1.0:
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        size = (image.shape[1], image.shape[0])
        if size != self._input_size:
            self.net.setInputSize(size)
            self._input_size = size
        _, faces = self.net.detect(image)
        if faces is None:
            return []
        return [_yunet_face(face, scale) for face in faces]


def _yunet_face(row: np.ndarray, scale: float) -> Face:
    points = np.asarray(row[4:14], np.float32).reshape(5, 2) / scale
    if not points.any():
        return Face(row[:4] / scale, None, row[-1])
    eyes = points[:2][np.argsort(points[:2, 0])]
    return Face(row[:4] / scale, np.concatenate([eyes, points[2:]]), row[-1])


PADDED_SEARCH_SIDE = 640


class PaddedRetry:
    """A detector that looks again with a border around the frame when it finds nothing.

    Detectors miss faces that fill the whole picture (photos cropped tight to the face, and videos made
    from them): the cascade's windows need some context around the face. A plain grey border gives it;
    the boxes found are mapped back to frame pixels. A frame without a face still finds nothing.
    """

    def __init__(self, detector, pad_fraction: float = 0.3):
        self.detector = detector
        self.pad_fraction = pad_fraction

    @property
    def sees_gray(self) -> bool:
        return getattr(self.detector, "sees_gray", False)

    def detect(self, frame: np.ndarray, near: Box | None = None) -> list[Face]:
        found = self.detector.detect(frame, near=near)
        if found or (near is not None and not self._fills_frame(near, frame)):
            return found  # a followed face of ordinary size that left: no need to look closer
        return self._detect_padded(frame)

    def _fills_frame(self, box: Box, frame: np.ndarray) -> bool:
        return box[2] * box[3] >= 0.25 * frame.shape[0] * frame.shape[1]

    def _detect_padded(self, frame: np.ndarray) -> list[Face]:
        """Searched at most PADDED_SEARCH_SIDE pixels on the long side (the detectors shrink further), so the
        border never multiplies a large frame's pixels; faces come back in frame pixels."""
        scale = min(1.0, PADDED_SEARCH_SIDE / max(frame.shape[:2]))
        if scale < 1.0:
            small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            return [Face(tuple(round(v / scale) for v in face), None if face.landmarks is None
                         else face.landmarks / scale, face.score) for face in self._detect_padded(small)]
        height, width = frame.shape[:2]
        pad = max(1, int(round(self.pad_fraction * max(height, width))))
        fill = 128  # mid grey: no edge of its own against light or dark skin
        padded = cv2.copyMakeBorder(frame, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                    value=(fill, fill, fill) if frame.ndim == 3 else fill)
        faces = []
        for found in self.detector.detect(padded):
            face = found if isinstance(found, Face) else Face(found)
            x, y, w, h = face
            left, top = max(0, x - pad), max(0, y - pad)
            right, bottom = min(width, x - pad + w), min(height, y - pad + h)
            if right - left >= w // 2 and bottom - top >= h // 2:  # mostly inside the real frame
                landmarks = None if face.landmarks is None else face.landmarks - pad
                faces.append(Face((left, top, right - left, bottom - top), landmarks, face.score))
        return faces


DETECTORS = ("blazeface", "haar", "yunet")


def make_detector(kind: str = "blazeface", yunet_model: str | Path | None = None):
    """"blazeface" (default: the shipped model files; OpenCV's Haar cascade with a warning when they
    are missing), "haar", or "yunet" (needs its ONNX file; a given YuNet path implies YuNet). Each one
    looks again with a padded border when a frame shows no face (see PaddedRetry).
    Raises DetectorError with a message for the user."""
    if kind == "yunet" or (yunet_model and kind not in ("haar", "blazeface")):
        if not yunet_model:
            raise DetectorError("The YuNet detector needs its ONNX file (--yunet-model PATH).")
        return PaddedRetry(YuNetDetector(yunet_model))
    if kind == "blazeface":
        try:
            return PaddedRetry(BlazeFaceDetector())
        except DetectorError as error:
            log.warning("%s Falling back to the Haar cascade (misses tilted and small faces).", error)
            return PaddedRetry(fallback_haar())
    if kind != "haar":
        raise DetectorError(f"Unknown face detector '{kind}' (use {', '.join(DETECTORS)}).")
    return PaddedRetry(HaarDetector())


def fallback_haar() -> HaarDetector:
    """The cascade tuned for the game when BlazeFace is missing: smaller faces, tilted heads retried."""
    return HaarDetector(min_face_fraction=0.12, rotations=(-25.0, 25.0))


def iou(a: Box, b: Box) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = min(ax + aw, bx + bw) - max(ax, bx)
    h = min(ay + ah, by + bh) - max(ay, by)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / (aw * ah + bw * bh - inter)


NESTED_FRACTION = 0.6  # a box with this share of its area inside a larger box is part of that face


def drop_nested(faces: list, inside: float = NESTED_FRACTION) -> list:
    """`faces` without the ghosts: a box with at least `inside` of its area within a larger box is a part
    of that face (an eye and cheek seen as a face of their own when the child leans into the camera,
    ../shared/cases/too-close), never a second child. Order kept; the larger box stays."""
    by_size = sorted(faces, key=lambda face: -face[2] * face[3])
    kept = []
    for face in by_size:
        if all(_share_inside(face, larger) < inside for larger in kept):
            kept.append(face)
    return [face for face in faces if any(face is k for k in kept)]


def _share_inside(box: Box, outer: Box) -> float:
    """The share of `box`'s area that lies within `outer` (0..1)."""
    x, y, w, h = box
    ox, oy, ow, oh = outer
    iw = min(x + w, ox + ow) - max(x, ox)
    ih = min(y + h, oy + oh) - max(y, oy)
    return 0.0 if iw <= 0 or ih <= 0 or w * h <= 0 else iw * ih / (w * h)


def face_priority(box: Box, frame_shape: tuple[int, ...]) -> float:
    """How much a face looks like the player: its size (the box's side) weighed down steeply with
    the distance of its centre from the frame's centre (0.35 of the half diagonal: x 0.37;
    a face at the frame's edge: x 0.05 or less). Units: pixels."""
    height, width = frame_shape[:2]
    x, y, w, h = box
    distance = math.hypot(x + w / 2 - width / 2, y + h / 2 - height / 2) / (math.hypot(width, height) / 2)
    return math.sqrt(w * h) * math.exp(-(distance / 0.35) ** 2)


def pick_main_face(boxes: list[Box], frame_shape: tuple[int, ...], priority=face_priority) -> Box | None:
    """The face with the highest `priority` (default `face_priority`: a centred face beats a larger
    one at the edge); None without faces."""
    if not boxes:
        return None
    return max(boxes, key=lambda box: priority(box, frame_shape))


class FaceTracker:
    """Follows one face across frames and smooths its box so the crop does not jitter.

    The followed face is the detection overlapping the current box best. Another face takes over
    only when it is clearly the one in front: its `face_priority` at least `switch_ratio` times the
    followed face's for `switch_seconds` in a row, or the followed face has been missing for
    `hold_seconds`. The box is smoothed exponentially with time constant `smoothing_seconds`,
    independent of the frame rate. `face` is the followed face with its landmarks moved onto the
    smoothed box; `matched` is this frame's detection of it (None while it is held). `priority(box,
    frame_shape)` ranks faces (default `face_priority`).
    """

    def __init__(self, smoothing_seconds: float = 0.08, hold_seconds: float = 0.4, min_iou: float = 0.2,
                 switch_ratio: float = 2.0, switch_seconds: float = 1.0, priority=face_priority):
        self.priority = priority
        self.smoothing_seconds = smoothing_seconds
        self.hold_seconds = hold_seconds
        self.min_iou = min_iou
        self.switch_ratio = switch_ratio
        self.switch_seconds = switch_seconds
        self.reset()

    def reset(self) -> None:
        self._box: np.ndarray | None = None  # centre x, centre y, width, height (floats)
        self._last_seen = 0.0
        self._last_time: float | None = None
        self._face: Face | None = None
        self._challenger: tuple[Box, float] | None = None  # (box, since)
        self.matched: Face | None = None

    @property
    def box(self) -> Box | None:
        if self._box is None:
            return None
        cx, cy, w, h = self._box
        return int(round(cx - w / 2)), int(round(cy - h / 2)), int(round(w)), int(round(h))

    @property
    def face(self) -> Face | None:
        box = self.box
        if box is None or self._face is None:
            return None if box is None else Face(box)
        x, y, w, h = self._face
        moved = self._face.moved(box[0] + box[2] / 2 - x - w / 2, box[1] + box[3] / 2 - y - h / 2)
        return Face(box, moved.landmarks, moved.score)

    def update(self, boxes: list[Box], frame_shape: tuple[int, ...], timestamp: float) -> Box | None:
        """Feed this frame's detections; returns the followed face's smoothed box or None."""
        dt = 0.0 if self._last_time is None else max(0.0, timestamp - self._last_time)
        self._last_time = timestamp
        match, switched = self._match(boxes, frame_shape, timestamp)
        self.matched = match
        if match is None:
            if self._box is not None and timestamp - self._last_seen > self.hold_seconds:
                self._box, self._face = None, None
            return self.box
        x, y, w, h = match
        target = np.array([x + w / 2, y + h / 2, w, h], dtype=np.float64)
        if self._box is None or switched:
            self._box = target
        else:
            alpha = 1.0 - math.exp(-dt / self.smoothing_seconds) if self.smoothing_seconds > 0 else 1.0
            self._box += alpha * (target - self._box)
        self._face = match if isinstance(match, Face) else Face(match)
        self._last_seen = timestamp
        return self.box

    def _match(self, boxes: list[Box], frame_shape: tuple[int, ...], timestamp: float):
        """(this frame's detection of the followed face or None, whether a new face took over)."""
        current = self.box
        if current is None:
            self._challenger = None
            return pick_main_face(boxes, frame_shape, self.priority), False
        ours = max(boxes, key=lambda b: iou(b, current), default=None)
        if ours is not None and iou(ours, current) < self.min_iou:
            ours = None
        rival = pick_main_face([b for b in boxes if b is not ours], frame_shape, self.priority)
        if rival is None or self.priority(rival, frame_shape) < self.switch_ratio * self.priority(current, frame_shape):
            self._challenger = None
            return ours, False
        if self._challenger is None or iou(self._challenger[0], rival) < self.min_iou:
            self._challenger = (rival, timestamp)
        if timestamp - self._challenger[1] >= self.switch_seconds:
            self._challenger = None
            return rival, True
        self._challenger = (rival, self._challenger[1])
        return ours, False


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


def aligned_face_crop(frame: np.ndarray, box: Box, landmarks: np.ndarray | None = None,
                      margin: float = DEFAULT_MARGIN) -> np.ndarray:
    """The square crop around a face, turned about the crop's centre so that the eyes are level.

    `frame`: (H, W) or (H, W, C) image; `box`: (x, y, w, h) frame pixels; `landmarks`: (K, 2) frame
    pixels, the image-left eye first and the other eye second (a `Face`'s landmarks); None or fewer
    than two points: the plain `crop_face`. Returns (side, side[, C]) of the frame's dtype, side =
    the box's larger side x (1 + 2 x margin); parts outside the frame repeat the border pixels.
    Level eyes give exactly `crop_face`'s pixels. This is the crop the game judges; training can call
    it on photos with landmarks from any detector to crop them the same way.
    """
    if landmarks is None or len(landmarks) < 2:
        return crop_face(frame, box, margin)
    left, top, side, _ = square_crop_box(box, margin)
    turn = cv2.getRotationMatrix2D((left + side / 2, top + side / 2), eye_angle(landmarks), 1.0)
    turn[:, 2] -= (left, top)
    return cv2.warpAffine(frame, turn, (side, side), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def model_crop(gray: np.ndarray, face, margin: float = DEFAULT_MARGIN) -> np.ndarray:
    """The game's crop of one found face: (H, W) uint8 grayscale frame, a `Face` (or box; its landmarks
    level the eyes) -> (S, S) uint8, S = the box's larger side x (1 + 2 x margin). The pipeline and
    training (training/crops.py) both cut faces with this; preprocess_face makes it the model input."""
    return aligned_face_crop(gray, tuple(face), getattr(face, "landmarks", None), margin)


def face_input(frame: np.ndarray, box: Box, margin: float = DEFAULT_MARGIN,
               landmarks: np.ndarray | None = None) -> np.ndarray:
    """The model input for a face: the aligned square crop through the shared preprocess_face,
    (48, 48) uint8. A `Face` brings its own landmarks when none are given."""
    if landmarks is None:
        landmarks = getattr(box, "landmarks", None)
    return preprocess_face(aligned_face_crop(frame, tuple(box), landmarks, margin))
