"""Is the target expression held above the threshold long enough? Pure Python.

The judge is fed one probability dict per frame (None when no face was found) with the frame's
timestamp in seconds. Time only runs while a face is seen and the game is not paused, so a child who
steps away is not timed. Short dips below the threshold (a blink, one misread frame) pause the hold
instead of resetting it; a longer dip starts the hold again.
"""

from __future__ import annotations

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
    target_probability: float  # 0 when no face
    hold_fraction: float  # 0..1, how much of the hold time is done
    active_seconds: float  # time with a face in view for this scenario


class Judge:
    def __init__(self, target: str, threshold: float, hold_seconds: float, dip_tolerance: float = DIP_TOLERANCE):
        self.target = target
        self.threshold = threshold
        self.hold_seconds = hold_seconds
        self.dip_tolerance = dip_tolerance
        self.reset()

    def reset(self) -> None:
        self.held = 0.0
        self.below = 0.0
        self.active_seconds = 0.0
        self.passed = False
        self._last_time: float | None = None
        self._state = JudgeState(Status.NO_FACE, 0.0, 0.0, 0.0)

    def pause(self) -> None:
        """Forget the last timestamp so the pause itself is never counted."""
        self._last_time = None

    def meets_target(self, probs: dict[str, float]) -> bool:
        """Above the threshold and the most likely expression (a tie does not count)."""
        target_probability = probs.get(self.target, 0.0)
        others = max((value for name, value in probs.items() if name != self.target), default=0.0)
        return target_probability >= self.threshold and target_probability > others

    def update(self, probs: dict[str, float] | None, timestamp: float) -> JudgeState:
        if self.passed:
            return self._state
        dt = self._step(timestamp)
        if probs is None:
            self._dip(dt)
            self._state = JudgeState(Status.NO_FACE, 0.0, self._fraction(), self.active_seconds)
            return self._state
        self.active_seconds += dt
        if self.meets_target(probs):
            self.held += dt
            self.below = 0.0
            self.passed = self.held >= self.hold_seconds
        else:
            self._dip(dt)
        if self.passed:
            status = Status.PASSED
        else:
            status = Status.HOLDING if self.held > 0 and self.below == 0 else Status.TRYING
        self._state = JudgeState(status, probs.get(self.target, 0.0), self._fraction(), self.active_seconds)
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
