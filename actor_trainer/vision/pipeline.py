"""One camera frame in, the followed face's box and its (smoothed) expression probabilities out,
with every face found and what the camera sees (too dark, too close, lit from behind, mouth hidden,
brows hidden, glare on the eyes, too far, turned away, two faces)."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from actor_trainer.vision import visibility
from actor_trainer.vision.faces import DEFAULT_MARGIN, FaceTracker, drop_nested, face_input, gray_frame, make_detector
from actor_trainer.vision.images import fit_frame
from actor_trainer.vision.smoothing import DEFAULT_TIME_CONSTANT, ProbabilitySmoother

log = logging.getLogger(__name__)

# What the camera sees, worst first (FrameResult.camera). Thresholds measured in docs/vision.md.
# too_dark and those of visibility.UNREADABLE (too_close, backlit, covered, brows_hidden, glare): found, not judged.
TOO_DARK, TOO_FAR, TURNED_AWAY, TWO_FACES = "too_dark", "too_far", "turned_away", "two_faces"
TOO_CLOSE, BACKLIT, COVERED, BROWS_HIDDEN, GLARE = visibility.UNREADABLE
CAMERA_CONDITIONS = (TOO_DARK, *visibility.UNREADABLE, TOO_FAR, TURNED_AWAY, TWO_FACES)
NOT_JUDGED = (TOO_DARK, *visibility.UNREADABLE)
DARK_FACE_P90 = 50  # gray level: 90th percentile of the face's middle below this is too dark to judge
DARK_FRAME_MEAN = 30  # gray level: a frame this dark with no face found: the room is too dark
FAR_FACE_FRACTION = 0.14  # face box height / frame height below this: come closer (67 px at 480)
TURNED_NOSE_OFFSET = 0.45  # nose off the eyes' midpoint, in eye distances, along the eye line
# A condition is reported for this long after it was last seen: other faces are only looked for on
# every few frames while one is followed, and a message must not flicker.
CONDITION_HOLD_SECONDS = 0.5
# Coaching reads the face mesh this often (4 a second): enough for a cue every few seconds, and about a
# tenth of the frames at 30 per second (its cost per frame in benchmarks/pipeline.py).
MESH_INTERVAL = 0.25


@dataclass
class FrameResult:
    frame: np.ndarray
    box: tuple[int, int, int, int] | None  # followed face (x, y, w, h) in frame pixels
    probs: dict[str, float] | None  # smoothed over time; None when no face or not judged
    raw_probs: dict[str, float] | None  # this frame only
    timings_ms: dict[str, float] = field(default_factory=dict)  # detect, crop, classify, total
    face48: np.ndarray | None = None  # the model input, for display or debugging
    faces: list[tuple[int, int, int, int]] = field(default_factory=list)  # every face, the judged one first
    camera: str | None = None  # one of CAMERA_CONDITIONS, or None when the view is fine
    problem: str | None = None  # why this frame was not searched (too thin, or the search failed)
    mesh: np.ndarray | None = None  # (468, 3) face-mesh landmarks, frame pixels, on the frames coaching reads

    @property
    def label(self) -> str | None:
        return max(self.probs, key=self.probs.get) if self.probs else None

    @property
    def judged(self) -> bool:
        """A face was found and read (a face too dark to judge is found, not judged)."""
        return self.probs is not None


class FramePipeline:
    """detect -> follow one face -> aligned square crop -> preprocess_face -> classify -> smooth.

    `classifier` needs only `.classes` and `.predict(face48)`; `detector` only `.detect(frame, near=None)`.
    `face_mesh` (vision/face_mesh.py `FaceMesh`, or None: no coaching) reads the judged face's landmarks for
    coaching at most once every `mesh_interval` seconds of frame time (`FrameResult.mesh`; timing "mesh").
    """

    def __init__(self, classifier, detector=None, smoothing_seconds: float = DEFAULT_TIME_CONSTANT,
                 margin: float = DEFAULT_MARGIN, tracker: FaceTracker | None = None, face_mesh=None,
                 mesh_interval: float = MESH_INTERVAL):
        self.classifier = classifier
        self.face_mesh = face_mesh
        self.mesh_interval = mesh_interval
        self._last_mesh = -math.inf
        self.detector = detector if detector is not None else make_detector()
        self.margin = margin
        self.tracker = tracker or FaceTracker()
        self.smoother = ProbabilitySmoother(classifier.classes, smoothing_seconds)
        self._seen: dict[str, float] = {}  # condition -> when it was last seen

    def reset(self) -> None:
        """Forget the followed face, the smoothed probabilities and the camera conditions seen
        (new player, new video, new image)."""
        self.tracker.reset()
        self.smoother.reset()
        self._seen.clear()
        self._last_mesh = -math.inf

    def _held_condition(self, condition: str | None, timestamp: float) -> str | None:
        """The worst condition seen in the last CONDITION_HOLD_SECONDS (this frame's included)."""
        if condition is not None:
            self._seen[condition] = timestamp
        recent = [condition for condition in CAMERA_CONDITIONS
                  if 0 <= timestamp - self._seen.get(condition, -math.inf) <= CONDITION_HOLD_SECONDS]
        return recent[0] if recent else None

    def process(self, frame: np.ndarray, timestamp: float | None = None) -> FrameResult:
        """A frame of any size or shape gives a result: one that cannot show a face, or on which the face
        search fails, is "no face" with `problem` saying why (images.fit_frame bounds the pixels searched;
        `result.frame` is the frame the box refers to)."""
        timestamp = time.monotonic() if timestamp is None else timestamp
        start = time.perf_counter()
        original, frame = frame, fit_frame(frame)
        if frame is None:
            return self._no_face(original, start, f"a {_size(original)} frame cannot show a face")
        gray = gray_frame(frame)  # once: detection and crop
        try:
            found = self.detector.detect(gray if getattr(self.detector, "sees_gray", False) else frame,
                                         near=self.tracker.box)
        except cv2.error:
            return self._no_face(frame, start, f"the face search failed on this {_size(frame)} frame")
        found = drop_nested(list(found))  # a box inside another is part of that face, never a second one
        box = self.tracker.update(found, frame.shape, timestamp)
        face = self.tracker.face
        others = [tuple(f) for f in found if f is not self.tracker.matched]
        faces = ([box] if box is not None else []) + others
        detected = time.perf_counter()
        timings = {"detect": (detected - start) * 1e3}
        if box is None or face_too_dark(gray, box):
            self.smoother.reset()
            timings["total"] = timings["detect"]
            camera = None if box is None and not frame_too_dark(gray) else TOO_DARK
            if box is not None and visibility.backlit(gray, box):
                camera = BACKLIT  # dark because a window behind it is bright: a lamp would not help
            return FrameResult(frame, box, None, None, timings, faces=faces,
                               camera=self._held_condition(camera, timestamp))
        hidden = visibility.unreadable(gray, box, face.landmarks, frame)
        if hidden is not None:
            self.smoother.reset()
            timings["total"] = (time.perf_counter() - start) * 1e3
            return FrameResult(frame, box, None, None, timings, faces=faces,
                               camera=self._held_condition(hidden, timestamp))
        face48 = face_input(gray, box, self.margin, face.landmarks)
        cropped = time.perf_counter()
        raw = np.asarray(self.classifier.predict(face48), dtype=np.float64)
        classified = time.perf_counter()
        raw_probs = {name: float(p) for name, p in zip(self.classifier.classes, raw, strict=True)}
        probs = self.smoother.update(raw, timestamp)
        timings.update(crop=(cropped - detected) * 1e3, classify=(classified - cropped) * 1e3,
                       total=(time.perf_counter() - start) * 1e3)
        camera = self._held_condition(view_condition(box, face.landmarks, len(faces), frame.shape), timestamp)
        mesh = self._mesh(frame, face, timestamp, timings)
        return FrameResult(frame, box, probs, raw_probs, timings, face48, faces, camera, mesh=mesh)

    def _mesh(self, frame: np.ndarray, face, timestamp: float, timings: dict) -> np.ndarray | None:
        """The face's landmarks when coaching reads them and `mesh_interval` has passed since the last ones."""
        if self.face_mesh is None or 0 <= timestamp - self._last_mesh < self.mesh_interval:
            return None
        self._last_mesh = timestamp
        start = time.perf_counter()
        mesh = self.face_mesh.landmarks(frame, face)
        timings["mesh"] = (time.perf_counter() - start) * 1e3
        timings["total"] += timings["mesh"]
        return mesh

    def _no_face(self, frame, start: float, problem: str) -> FrameResult:
        self.tracker.reset()
        self.smoother.reset()
        elapsed = (time.perf_counter() - start) * 1e3
        return FrameResult(frame, None, None, None, {"detect": elapsed, "total": elapsed}, problem=problem)


def _size(frame) -> str:
    shape = getattr(frame, "shape", ())
    return f"{shape[1]}x{shape[0]}" if len(shape) >= 2 else "empty"


def face_too_dark(frame: np.ndarray, box) -> bool:
    """Whether the middle of the face box (its central 60 %) is too dark to read an expression:
    its 90th-percentile gray level is below DARK_FACE_P90 (a 25 %-exposure face with sensor noise
    is; a 35 %-exposure face is not, ../shared/cases/dim-light)."""
    x, y, w, h = box
    height, width = frame.shape[:2]
    x0, y0 = max(0, x + w // 5), max(0, y + h // 5)
    x1, y1 = min(width, x + w - w // 5), min(height, y + h - h // 5)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return False
    step = max(1, min(x1 - x0, y1 - y0) // 48)  # about 48x48 samples are plenty for a percentile
    middle = gray_frame(frame[y0:y1:step, x0:x1:step])
    return float(np.percentile(middle, 90)) < DARK_FACE_P90


def frame_too_dark(frame: np.ndarray) -> bool:
    """A frame so dark overall (mean gray below DARK_FRAME_MEAN) that a missing face may be the light's fault."""
    return float(gray_frame(frame)[::4, ::4].mean()) < DARK_FRAME_MEAN


def turned_away(landmarks: np.ndarray | None) -> bool:
    """Whether the nose tip (landmark 2) lies far to one side of the eyes' midpoint along the eye line:
    the head is turned (yaw) enough that the expression is hard to read. False without a nose landmark."""
    if landmarks is None or len(landmarks) < 3:
        return False
    left, right, nose = landmarks[0], landmarks[1], landmarks[2]
    eyes = right - left
    distance = math.hypot(*eyes)
    if distance < 1e-3:
        return False
    offset = float(np.dot(nose - (left + right) / 2, eyes)) / distance ** 2
    return abs(offset) > TURNED_NOSE_OFFSET


def view_condition(box, landmarks, face_count: int, frame_shape: tuple[int, ...]) -> str | None:
    """What the child (and teacher) should hear about a judged face, the most important first:
    too far (box under FAR_FACE_FRACTION of the frame's height), turned away, two faces; None: fine."""
    if box[3] < FAR_FACE_FRACTION * frame_shape[0]:
        return TOO_FAR
    if turned_away(landmarks):
        return TURNED_AWAY
    return TWO_FACES if face_count > 1 else None


def build_pipeline(model_dir=None, detector: str = "blazeface", yunet_model: Path | None = None,
                   coaching: bool = False, **kwargs) -> FramePipeline:
    """The real pipeline: the installed (or given) model and the chosen face detector; `coaching` adds the
    face mesh that the game's coaching reads (the game; not the command line's predictions).

    Raises classifier.ModelError or faces.DetectorError with a message for the user."""
    from actor_trainer.vision.classifier import ExpressionClassifier

    face_detector = make_detector(detector, yunet_model)
    if coaching:
        kwargs.setdefault("face_mesh", coaching_mesh())
    return FramePipeline(ExpressionClassifier.load(model_dir), face_detector, **kwargs)


def coaching_mesh():
    """The shipped face mesh for coaching, or None (logged) when it cannot load: the game plays on uncoached."""
    from actor_trainer.vision.face_mesh import FaceMesh, FaceMeshError

    try:
        return FaceMesh()
    except FaceMeshError as error:
        log.warning("no coaching of the parts of the face: %s", error)
        return None
