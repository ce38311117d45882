"""The calm-face baseline: adapt the judge to the child in front of the camera. Pure Python.

For a few seconds the child rests their face. The model's average output over those frames is the
child's *baseline* b. We want that resting face to read like a typical neutral face, the *reference*
r. Every later probability vector p is corrected class by class,

    p'_c  proportional to  p_c * w_c,   w_c = clip((r_c / b_c) ** strength, 1 / max_ratio, max_ratio)

then renormalised. The reference is the model's own average output on calm faces of its development
data (model.json "neutral_reference", written by `python -m training export`), or, for a model without
one, 60 % neutral with the rest spread evenly. This is a per-child prior (label-shift) correction: a
child whose resting face reads 60 % "sad" gets "sad" damped and "neutral" boosted, so they neither pass
"sad" without acting nor fail "neutral" while calm. `strength` < 1 and the clip keep a short or imperfect baseline
(a giggle, a turned head) from making any expression trivial or impossible. (Not to be confused with
probability calibration, the model's temperature scaling: training/metrics.py, vision/classifier.py.)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from actor_trainer.labels import EXPRESSIONS

REFERENCE_NEUTRAL_SHARE = 0.6
STRENGTH = 0.5
MAX_RATIO = 3.0
MIN_FRAMES = 8
PROBABILITY_FLOOR = 1e-3


def reference_neutral(classes=EXPRESSIONS, neutral_share: float = REFERENCE_NEUTRAL_SHARE) -> dict[str, float]:
    """What a typical calm face should read as: mostly neutral, the rest spread evenly."""
    others = [name for name in classes if name != "neutral"]
    reference = {name: (1.0 - neutral_share) / len(others) for name in others}
    reference["neutral"] = neutral_share
    return reference


def model_reference(metadata: dict) -> dict[str, float] | None:
    """model.json's "neutral_reference" when it is a usable distribution over the model's classes."""
    reference = metadata.get("neutral_reference")
    classes = metadata.get("classes") or []
    if not isinstance(reference, dict) or set(reference) != set(classes):
        return None
    values = list(reference.values())
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in values) \
            or not 0.99 <= sum(values) <= 1.01:
        return None
    return {name: float(value) for name, value in reference.items()}


@dataclass(frozen=True)
class CalmBaseline:
    weights: dict[str, float] = field(default_factory=dict)  # empty: no correction
    frames_used: int = 0

    @property
    def active(self) -> bool:
        return bool(self.weights)

    def apply(self, probs: dict[str, float] | None) -> dict[str, float] | None:
        if probs is None or not self.weights:
            return probs
        weighted = {name: value * self.weights.get(name, 1.0) for name, value in probs.items()}
        total = sum(weighted.values())
        if total <= 0:
            return dict(probs)
        return {name: value / total for name, value in weighted.items()}


def fit_baseline(samples: list[dict[str, float]], reference: dict[str, float] | None = None, strength: float = STRENGTH,
                 max_ratio: float = MAX_RATIO, min_frames: int = MIN_FRAMES) -> CalmBaseline:
    """The correction for a child from the probability vectors of their resting face.

    With fewer than `min_frames` samples (the face was hardly seen) no correction is applied.
    """
    if len(samples) < min_frames:
        return CalmBaseline(frames_used=len(samples))
    classes = list(samples[0])
    reference = reference or reference_neutral(classes)
    weights = {}
    for name in classes:
        baseline = max(sum(sample.get(name, 0.0) for sample in samples) / len(samples), PROBABILITY_FLOOR)
        ratio = (reference.get(name, PROBABILITY_FLOOR) / baseline) ** strength
        weights[name] = min(max(ratio, 1.0 / max_ratio), max_ratio)
    return CalmBaseline(weights=weights, frames_used=len(samples))


class BaselineCollector:
    """Collects resting-face probabilities for `seconds` of time in which a face was seen."""

    def __init__(self, seconds: float = 3.0, max_gap: float = 0.5, reference: dict[str, float] | None = None):
        self.seconds = seconds
        self.reference = reference  # the model's calm face (model_reference); None: the default
        self.max_gap = max_gap
        self.samples: list[dict[str, float]] = []
        self.face_seconds = 0.0
        self._last_time: float | None = None

    def add(self, probs: dict[str, float] | None, timestamp: float) -> None:
        """Frames without a face do not count, so the countdown waits for the child."""
        previous, self._last_time = self._last_time, timestamp
        if probs is None:
            return
        self.samples.append(dict(probs))
        if previous is not None:
            self.face_seconds += min(max(timestamp - previous, 0.0), self.max_gap)

    @property
    def progress(self) -> float:
        return min(self.face_seconds / self.seconds, 1.0) if self.seconds > 0 else 1.0

    @property
    def done(self) -> bool:
        """Enough face time, and enough frames for a usable average even on a slow computer."""
        return self.progress >= 1.0 and len(self.samples) >= MIN_FRAMES

    def result(self) -> CalmBaseline:
        return fit_baseline(self.samples, self.reference)
