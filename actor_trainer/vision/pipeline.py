"""One camera frame in, the followed face's box and its (smoothed) expression probabilities out."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from actor_trainer.vision.faces import DEFAULT_MARGIN, FaceTracker, face_input, make_detector
from actor_trainer.vision.smoothing import DEFAULT_TIME_CONSTANT, ProbabilitySmoother


@dataclass
class FrameResult:
    frame: np.ndarray
    box: tuple[int, int, int, int] | None  # followed face (x, y, w, h) in frame pixels
    probs: dict[str, float] | None  # smoothed over time; None when no face
    raw_probs: dict[str, float] | None  # this frame only
    timings_ms: dict[str, float] = field(default_factory=dict)  # detect, crop, classify, total
    face48: np.ndarray | None = None  # the model input, for display or debugging

    @property
    def label(self) -> str | None:
        return max(self.probs, key=self.probs.get) if self.probs else None


class FramePipeline:
    """detect -> follow one face -> square crop -> preprocess_face -> classify -> smooth.

    `classifier` needs only `.classes` and `.predict(face48)`; `detector` only `.detect(frame, near=None)`.
    """

    def __init__(self, classifier, detector=None, smoothing_seconds: float = DEFAULT_TIME_CONSTANT,
                 margin: float = DEFAULT_MARGIN, tracker: FaceTracker | None = None):
        self.classifier = classifier
        self.detector = detector if detector is not None else make_detector("haar")
        self.margin = margin
        self.tracker = tracker or FaceTracker()
        self.smoother = ProbabilitySmoother(classifier.classes, smoothing_seconds)

    def reset(self) -> None:
        """Forget the followed face and the smoothed probabilities (new player, new video, new image)."""
        self.tracker.reset()
        self.smoother.reset()

    def process(self, frame: np.ndarray, timestamp: float | None = None) -> FrameResult:
        timestamp = time.monotonic() if timestamp is None else timestamp
        start = time.perf_counter()
        boxes = self.detector.detect(frame, near=self.tracker.box)
        box = self.tracker.update(boxes, frame.shape, timestamp)
        detected = time.perf_counter()
        timings = {"detect": (detected - start) * 1e3}
        if box is None:
            self.smoother.reset()
            timings["total"] = timings["detect"]
            return FrameResult(frame, None, None, None, timings)
        face48 = face_input(frame, box, self.margin)
        cropped = time.perf_counter()
        raw = np.asarray(self.classifier.predict(face48), dtype=np.float64)
        classified = time.perf_counter()
        raw_probs = {name: float(p) for name, p in zip(self.classifier.classes, raw, strict=True)}
        probs = self.smoother.update(raw, timestamp)
        timings.update(crop=(cropped - detected) * 1e3, classify=(classified - cropped) * 1e3,
                       total=(time.perf_counter() - start) * 1e3)
        return FrameResult(frame, box, probs, raw_probs, timings, face48)


def build_pipeline(model_dir=None, detector: str = "haar", yunet_model: Path | None = None, **kwargs) -> FramePipeline:
    """The real pipeline: the installed (or given) model and the chosen face detector.

    Raises classifier.ModelError or faces.DetectorError with a message for the user."""
    from actor_trainer.vision.classifier import ExpressionClassifier

    face_detector = make_detector(detector, yunet_model)
    return FramePipeline(ExpressionClassifier.load(model_dir), face_detector, **kwargs)
