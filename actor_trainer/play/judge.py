"""Is the target expression held above the threshold long enough? Pure Python.

The judge is fed one probability dict per frame (None when no face was found) with the frame's
timestamp in seconds. Time only runs while a face is seen and the game is not paused, so a child who
steps away is not timed. Short dips below the threshold (a blink, one misread frame) pause the hold
instead of resetting it; a longer dip starts the hold again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

MAX_FRAME_GAP = 0.5  # a stalled frame never counts as more than this much time
DIP_TOLERANCE = 0.3  # seconds below threshold (or without a face) before the hold resets


class Status(Enum):
    NO_FACE = "no_face"
    TRYING = "trying"
    HOLDING = "holding"
    PASSED = "passed"


@dataclass(frozen=True)
class JudgeState:
    status: Status
    target_probability: float  # of the accepted expression nearest its threshold; 0 when no face
    hold_fraction: float  # 0..1, how much of the hold time is done
    active_seconds: float  # time with a face in view for this scenario
    expression: str = ""  # that accepted expression
    threshold: float = 0.5  # its threshold
    meets: bool = False  # the judge's verdict on this frame: an accepted expression passes (require_top included)

    @property
    def meter(self) -> float:
        """0..1 toward passing: the nearest expression's probability over its threshold."""
        return min(self.target_probability / self.threshold, 1.0) if self.threshold > 0 else 0.0


def leading_expression(probs: Mapping[str, float] | None) -> tuple[str, float]:
    """The expression the child shows most (the top class) and its probability; ("", 0.0) without a face.
    The one rule for what the mascot mirrors: never a mix of several expressions."""
    if not probs:
        return "", 0.0
    name = max(probs, key=lambda each: probs[each])
    return name, float(probs[name])


def _as_thresholds(targets: tuple[str, ...], threshold: float | Mapping[str, float]) -> dict[str, float]:
    if isinstance(threshold, Mapping):
        return {name: float(threshold[name]) for name in targets}
    return {name: float(threshold) for name in targets}


class Judge:
    """`targets`: one expression or several accepted ones; `threshold`: one value for all, or one per
    expression (the model's operating point); `require_top`: the expression must also be the most likely."""

    def __init__(self, targets: str | Sequence[str], threshold: float | Mapping[str, float], hold_seconds: float,
                 dip_tolerance: float = DIP_TOLERANCE, require_top: bool = True):
        self.targets = (targets,) if isinstance(targets, str) else tuple(targets)
        if not self.targets:
            raise ValueError("a judge needs at least one target expression")
        self.thresholds = _as_thresholds(self.targets, threshold)
        self.hold_seconds = hold_seconds
        self.dip_tolerance = dip_tolerance
        self.require_top = require_top
        self.reset()

    @property
    def target(self) -> str:
        return self.targets[0]

    def reset(self) -> None:
        self.held = 0.0
        self.below = 0.0
        self.active_seconds = 0.0
        self.passed = False
        self._last_time: float | None = None
        self._state = JudgeState(Status.NO_FACE, 0.0, 0.0, 0.0, self.target, self.thresholds[self.target])

    def pause(self) -> None:
        """Forget the last timestamp so the pause itself is never counted."""
        self._last_time = None

    def meets_target(self, probs: dict[str, float]) -> bool:
        """Any accepted expression at or above its threshold (and, with require_top, the most likely one;
        a tie does not count)."""
        return any(self._meets(name, probs) for name in self.targets)

    def _meets(self, name: str, probs: dict[str, float]) -> bool:
        probability = probs.get(name, 0.0)
        if probability < self.thresholds[name]:
            return False
        if not self.require_top:
            return True
        return probability > max((value for other, value in probs.items() if other != name), default=0.0)

    def nearest(self, probs: dict[str, float]) -> str:
        """The accepted expression closest to passing: the one highest relative to its threshold."""
        return max(self.targets, key=lambda name: probs.get(name, 0.0) / max(self.thresholds[name], 1e-6))

    def update(self, probs: dict[str, float] | None, timestamp: float) -> JudgeState:
        if self.passed:
            return self._state
        dt = self._step(timestamp)
        if probs is None:
            self._dip(dt)
            self._state = JudgeState(Status.NO_FACE, 0.0, self._fraction(), self.active_seconds,
                                     self._state.expression, self._state.threshold)
            return self._state
        self.active_seconds += dt
        meets = self.meets_target(probs)
        if meets:
            self.held += dt
            self.below = 0.0
            self.passed = self.held >= self.hold_seconds
        else:
            self._dip(dt)
        if self.passed:
            status = Status.PASSED
        else:
            status = Status.HOLDING if self.held > 0 and self.below == 0 else Status.TRYING
        nearest = self.nearest(probs)
        self._state = JudgeState(status, probs.get(nearest, 0.0), self._fraction(), self.active_seconds,
                                 nearest, self.thresholds[nearest], meets)
        return self._state

    @property
    def state(self) -> JudgeState:
        return self._state

    def _step(self, timestamp: float) -> float:
        previous, self._last_time = self._last_time, timestamp
        if previous is None:
            return 0.0
        return min(max(timestamp - previous, 0.0), MAX_FRAME_GAP)

    def _dip(self, dt: float) -> None:
        self.below += dt
        if self.below > self.dip_tolerance:
            self.held = 0.0

    def _fraction(self) -> float:
        if self.hold_seconds <= 0:
            return 1.0 if self.passed else 0.0
        return min(self.held / self.hold_seconds, 1.0)
