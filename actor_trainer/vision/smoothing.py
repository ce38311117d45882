"""Temporal smoothing of class probabilities so the game's meter is steady but responsive. Pure NumPy.

Exponential smoothing with a time constant instead of a per-frame factor, so the meter behaves the
same at 10 and at 30 frames per second: after a sudden change of expression the smoothed value has
moved 63% of the way after one time constant and 95% after three. With the default 0.25 s the meter
ignores single-frame flickers yet follows a new expression within about 0.75 s.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_TIME_CONSTANT = 0.25  # seconds


class ProbabilitySmoother:
    def __init__(self, classes, time_constant: float = DEFAULT_TIME_CONSTANT):
        self.classes = tuple(classes)
        self.time_constant = time_constant
        self.reset()

    def reset(self) -> None:
        self._value: np.ndarray | None = None
        self._time: float | None = None

    def update(self, probs, timestamp: float) -> dict[str, float]:
        """Blend in this frame's probabilities (array in `classes` order or dict) seen at `timestamp` seconds."""
        probs = self._as_array(probs)
        if self._value is None or self._time is None:
            self._value = probs
        else:
            dt = max(0.0, timestamp - self._time)
            alpha = 1.0 - math.exp(-dt / self.time_constant) if self.time_constant > 0 else 1.0
            self._value = self._value + alpha * (probs - self._value)
        self._time = timestamp
        return self.current()

    def current(self) -> dict[str, float] | None:
        if self._value is None:
            return None
        return {name: float(p) for name, p in zip(self.classes, self._value, strict=True)}

    def _as_array(self, probs) -> np.ndarray:
        if isinstance(probs, dict):
            return np.array([probs.get(name, 0.0) for name in self.classes], dtype=np.float64)
        array = np.asarray(probs, dtype=np.float64).reshape(-1)
        if array.shape != (len(self.classes),):
            raise ValueError(f"expected {len(self.classes)} probabilities, got {array.shape}")
        return array
