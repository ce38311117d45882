"""Coaching: which part of the face the child should move, and when to say so. Pure Python.

Each expression is made of facial actions (`EXPECTED`, after Ekman and Friesen's FACS prototypes:
brows raised and mouth opened for surprise, lip corners up for happy ...). Only an action that was
*measured* to move the expected way in at least `MIN_RELIABILITY` of that expression's photos is ever
coached (`RELIABILITY`, from benchmarks/coaching.py); an action that does not hold (sad's lip corners,
for one) is never said to a child, because a cue the face-mesh cannot check would praise or nag at
random.

`Cues.update` turns the child's movements (play/actions.py `movements`, against their calm face) into at
most one new cue every `interval` seconds: the one or two coached actions the child is missing most,
missing meaning moved less than `DONE_SHARE` of the typical movement measured for that expression.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The actions each expression is made of (FACS prototypes, Ekman & Friesen), the most telling first.
EXPECTED: dict[str, tuple[str, ...]] = {
    "happy": ("lip_corners_up", "mouth_widened"),
    "surprise": ("brows_raised", "mouth_opened", "eyes_widened"),
    "fear": ("brows_raised", "mouth_widened", "eyes_widened", "mouth_opened"),
    "angry": ("brows_lowered", "brows_together", "eyes_narrowed", "lips_pressed"),
    "disgust": ("nose_wrinkled", "upper_lip_raised", "brows_lowered", "eyes_narrowed"),
    "sad": ("lip_corners_down", "brows_together"),
}

MIN_RELIABILITY = 0.85  # the share of an expression's photos in which an action must move the expected way

# Measured by benchmarks/coaching.py on cafe-dev (children acting each expression against their own calm
# photo). (expression, action): (share of photos moving the expected way, median movement in eye distances).
# Chosen and measured on the same children (CAFE's even-numbered ones): the split-half shares that
# benchmark prints (docs/game.md) show how far each holds on other children.
RELIABILITY_SOURCE = ("python benchmarks/coaching.py --data ../shared/datasets/cafe-dev ../shared/datasets/ckplus-dev, "
                      "2026-12-07 23:23 UTC: 67 children of cafe-dev with a calm photo; ckplus-dev has no calm faces")
RELIABILITY: dict[tuple[str, str], tuple[float, float]] = {
    ("happy", "lip_corners_up"): (0.882, 0.0792),
    ("happy", "mouth_widened"): (1.000, 0.2508),
    ("surprise", "brows_raised"): (0.864, 0.0548),
    ("surprise", "mouth_opened"): (1.000, 0.2228),
    ("surprise", "eyes_widened"): (0.705, 0.0047),
    ("fear", "brows_raised"): (0.922, 0.0526),
    ("fear", "mouth_widened"): (0.812, 0.0666),
    ("fear", "eyes_widened"): (0.578, 0.0025),
    ("fear", "mouth_opened"): (0.969, 0.1324),
    ("angry", "brows_lowered"): (0.945, 0.0531),
    ("angry", "brows_together"): (0.747, 0.0090),
    ("angry", "eyes_narrowed"): (0.912, 0.0141),
    ("angry", "lips_pressed"): (0.538, 0.0021),
    ("disgust", "nose_wrinkled"): (0.849, 0.0316),
    ("disgust", "upper_lip_raised"): (0.733, 0.0138),
    ("disgust", "brows_lowered"): (0.965, 0.0541),
    ("disgust", "eyes_narrowed"): (0.826, 0.0131),
    ("sad", "lip_corners_down"): (0.755, 0.0462),
    ("sad", "brows_together"): (0.547, 0.0010),
}

DONE_SHARE = 0.5  # an action is done once it moved this share of the typical (median) movement
FIRST_CUE_SECONDS = 3.0  # a cue only after the child has tried this long in a situation
CUE_INTERVAL = 4.0  # at most one new cue this often
CALM_FIRST_CUE_SECONDS = 6.0  # calm mode: later, rarer, one action at a time
CALM_CUE_INTERVAL = 8.0


def coached_actions(expression: str, reliability: Mapping = RELIABILITY,
                    min_reliability: float = MIN_RELIABILITY) -> tuple[str, ...]:
    """The actions of `expression` the game may coach: expected, measured, and reliable enough."""
    return tuple(action for action in EXPECTED.get(expression, ())
                 if reliability.get((expression, action), (0.0, 0.0))[0] >= min_reliability
                 and reliability[(expression, action)][1] > 0)


def missing_actions(expression: str, moved: Mapping[str, float] | None, reliability: Mapping = RELIABILITY,
                    min_reliability: float = MIN_RELIABILITY) -> list[str]:
    """The coached actions of `expression` not yet made (moved under DONE_SHARE of the typical movement),
    the one missing most first (least of its typical movement)."""
    if not moved:
        return []
    progress = {action: moved[action] / reliability[(expression, action)][1]
                for action in coached_actions(expression, reliability, min_reliability) if action in moved}
    return sorted((action for action, share in progress.items() if share < DONE_SHARE), key=progress.get)


@dataclass(frozen=True)
class Cue:
    """What to tell the child: one or two actions (ACTION_NAMES) of `expression`, shown since `since`."""

    expression: str
    actions: tuple[str, ...]
    since: float


class Cues:
    """The cue timing for one situation at a time: nothing for the first `first_after` seconds, then at
    most one new cue every `interval` seconds; a cue goes away as soon as its actions are made, the child
    is close to passing (`trying` False), or the face is lost. Calm mode: later, rarer, one action."""

    def __init__(self, calm: bool = False, reliability: Mapping = RELIABILITY):
        self.reliability = reliability
        self.calm = calm
        self.cue: Cue | None = None
        self._started: float | None = None
        self._last_new: float | None = None

    @property
    def first_after(self) -> float:
        return CALM_FIRST_CUE_SECONDS if self.calm else FIRST_CUE_SECONDS

    @property
    def interval(self) -> float:
        return CALM_CUE_INTERVAL if self.calm else CUE_INTERVAL

    def reset(self) -> None:
        """A new situation (or a retry): no cue, and the first one waits `first_after` again."""
        self.cue, self._started, self._last_new = None, None, None

    def update(self, expression: str, moved: Mapping[str, float] | None, timestamp: float,
               trying: bool = True) -> Cue | None:
        """The cue to show now. `moved`: movements against the calm face (None: no face measured);
        `trying`: the child is still far from passing (no cue distracts a child about to pass)."""
        if self._started is None:
            self._started = timestamp
        missing = missing_actions(expression, moved, self.reliability)
        if self.cue is not None and (not trying or not set(self.cue.actions) & set(missing)
                                     or self.cue.expression != expression):
            self.cue = None  # made, or close enough: the feedback word takes over
        if not trying or not missing or timestamp - self._started < self.first_after:
            return self.cue
        if self._last_new is not None and timestamp - self._last_new < self.interval:
            return self.cue
        actions = tuple(missing[:1 if self.calm else 2])
        if self.cue is None or self.cue.actions != actions:
            self.cue, self._last_new = Cue(expression, actions, timestamp), timestamp
        return self.cue

