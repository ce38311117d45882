"""Coaching on the play screen: the card that shows the child which part of the face to move.

`CoachCard` shows the session's `View.cue` (one or two facial actions, play/coaching.py): a short line and
the mascot making that movement over and over, the moving part ringed in light (`ActionPicture`). A new
cue is announced with `cue_shown` (its text, for reading aloud). The card is hidden while there is no cue,
so the play screen is laid out as without coaching (long situations and hints keep their room; the camera
picture gives the card its room while a cue shows). `teacher_lines` gives the teacher view's figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from actor_trainer.play.actions import ACTION_BY_NAME
from actor_trainer.play.coaching import EXPECTED, RELIABILITY, coached_actions
from actor_trainer.ui.i18n import decimal, tr
from actor_trainer.ui.mascot import NEUTRAL_FACE, FaceFeatures, draw_mascot
from actor_trainer.ui.screens.common import text_label

# The mascot's face for each action: the neutral face with only that part moved.
ACTION_FACES: dict[str, dict[str, float]] = {
    "brows_raised": {"brow_raise": 1.0},
    "brows_lowered": {"brow_raise": -0.9},
    "brows_together": {"brow_tilt": 1.0, "brow_raise": -0.3},
    "eyes_widened": {"eye_open": 1.5},
    "eyes_narrowed": {"eye_open": 0.55, "lower_lid": 0.3},
    "nose_wrinkled": {"wrinkle": 1.0},
    "upper_lip_raised": {"mouth_open": 0.15, "mouth_curve": -0.3, "teeth": 0.6},
    "lip_corners_up": {"mouth_curve": 1.0},
    "lip_corners_down": {"mouth_curve": -1.0},
    "mouth_opened": {"mouth_open": 0.9},
    "mouth_widened": {"mouth_width": 1.0},
    "lips_pressed": {"mouth_width": 0.35, "mouth_curve": -0.1},
}
# Where each part of the mascot is, in its unit face (mascot.py: head radius 1 around (0, 0), y down):
# the ring's centre and half-width and half-height.
PART_RINGS: dict[str, tuple[float, float, float, float]] = {
    "brows": (0.0, -0.56, 0.78, 0.2),
    "eyes": (0.0, -0.14, 0.64, 0.3),
    "nose": (0.0, 0.12, 0.22, 0.16),
    "mouth": (0.0, 0.48, 0.52, 0.32),
}
RING = QColor("#1565c0")  # deep blue: seen on the yellow face and the light-blue card
PERIOD_SECONDS, CALM_PERIOD_SECONDS = 1.6, 3.2  # one movement there and back


def action_face(actions, amount: float) -> FaceFeatures:
    """The neutral mascot with `actions`' parts moved `amount` (0..1) of the way."""
    moved = {}
    for action in actions:
        moved.update(ACTION_FACES.get(action, {}))
    goal = replace(NEUTRAL_FACE, **moved)
    return NEUTRAL_FACE.lerp(goal, max(0.0, min(amount, 1.0)))


def swing(seconds: float, calm: bool = False) -> float:
    """How far (0..1) the mascot has moved `seconds` into the cue: there and back once a period, slower when calm."""
    period = CALM_PERIOD_SECONDS if calm else PERIOD_SECONDS
    return 0.5 - 0.5 * math.cos(2 * math.pi * seconds / period)


class ActionPicture(QWidget):
    """The mascot making the cue's movements again and again, the moving parts ringed; still when empty."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.actions: tuple[str, ...] = ()
        self.calm = False
        self.amount = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(33)
        self._timer.timeout.connect(self._tick)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(96, 96)

    def set_actions(self, actions: tuple[str, ...]) -> None:
        self.actions = tuple(actions)
        if self.actions and self.isVisible():
            self._clock.start()
            self._timer.start()
        else:
            self._timer.stop()
        self.amount = 0.0
        self.update()

    def showEvent(self, event):  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.actions:
            self._clock.start()
            self._timer.start()

    def hideEvent(self, event):  # noqa: N802 (Qt override)
        self._timer.stop()
        super().hideEvent(event)

    def _tick(self) -> None:
        self.amount = swing(self._clock.elapsed() / 1000, self.calm)
        self.update()

    def paintEvent(self, event):  # noqa: N802 (Qt override)
        if not self.actions:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        draw_mascot(painter, rect, action_face(self.actions, self.amount))
        radius = min(rect.width(), rect.height()) * 0.36  # draw_mascot's head radius and centre
        centre = QPointF(rect.center().x(), rect.center().y() + radius * 0.12)
        ring = QColor(RING)
        ring.setAlphaF(0.6 + 0.4 * self.amount)
        painter.setPen(QPen(ring, max(2.5, radius * 0.1)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for part in dict.fromkeys(ACTION_BY_NAME[action].part for action in self.actions):
            x, y, half_w, half_h = PART_RINGS[part]
            painter.drawEllipse(centre + QPointF(x * radius, y * radius), half_w * radius, half_h * radius)
        painter.end()


class CoachCard(QFrame):
    """The cue: the picture and one short line; hidden when there is nothing to coach."""

    cue_shown = Signal(str)  # a new cue's text, to be read aloud

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("coachCard")
        self.setStyleSheet("QFrame#coachCard { background: #e1f5fe; border: 3px solid #29b6f6; border-radius: 16px; }")
        self.lang = "sv"
        self.actions: tuple[str, ...] = ()
        self.picture = ActionPicture()
        self.line = text_label("hint", wrap=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.line, 1)
        self.apply_scale(1.0)
        self.setVisible(False)

    def apply_scale(self, scale: float) -> None:
        side = round(96 * scale)
        self.picture.setFixedSize(side, side)

    def set_calm(self, calm: bool) -> None:
        self.picture.calm = calm

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.line.setText(cue_text(self.actions, lang))

    def show_cue(self, actions: tuple[str, ...]) -> None:
        """The session's `View.cue`; nothing changes while it stays the same, a new one is announced."""
        actions = tuple(actions)
        if actions == self.actions:
            return
        self.actions = actions
        self.line.setText(cue_text(actions, self.lang))
        self.setVisible(bool(actions))
        self.picture.set_actions(actions)
        if actions:
            self.cue_shown.emit(self.line.text())


def cue_text(actions, lang: str) -> str:
    """The child's line: each action's short sentence, one after the other ("" for none)."""
    return " ".join(tr(f"coach_{action}", lang) for action in actions)


def teacher_lines(expression: str, moved: Mapping[str, float] | None, lang: str) -> str:
    """The teacher view's figures for the shown expression: each action it is made of, how far the face moved
    it against the calm face (eye distances) of the typical movement, and whether it is reliable enough to coach."""
    actions = EXPECTED.get(expression, ())
    if not actions:
        return ""
    if moved is None:
        return tr("coach_teacher_no_calm", lang)
    coached = coached_actions(expression)
    lines = [tr("coach_teacher_title", lang)]
    for action in actions:
        share, typical = RELIABILITY.get((expression, action), (0.0, 0.0))
        values = {"name": tr(f"coach_name_{action}", lang), "moved": _signed(moved.get(action, 0.0), lang),
                  "typical": _signed(typical, lang), "share": decimal(share, lang, 2)}
        lines.append(tr("coach_teacher_row" if action in coached else "coach_teacher_unreliable", lang, **values))
    return "\n".join(lines)


def _signed(value: float, lang: str) -> str:
    return ("+" if value >= 0 else "−") + decimal(abs(value), lang, 2)

