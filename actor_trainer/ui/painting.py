"""What the drawn pictures share: the star (journey map, stickers, celebration, the gauge's end) and the pens.

One home, so the star of the gauge is the star the child wins, and every round line is drawn the same way.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen


def star_path(centre: QPointF, radius: float, points: int = 5, inner: float = 0.45, turn: float = 0.0) -> QPainterPath:
    """A star of `points` points around `centre`: the tips at `radius` pixels, the notches at `inner` of it, the
    first tip straight up, turned by `turn` radians clockwise."""
    path = QPainterPath()
    for index in range(points * 2):
        angle = turn - math.pi / 2 + index * math.pi / points
        reach = radius if index % 2 == 0 else radius * inner
        point = QPointF(centre.x() + math.cos(angle) * reach, centre.y() + math.sin(angle) * reach)
        path.moveTo(point) if index == 0 else path.lineTo(point)
    path.closeSubpath()
    return path


def round_pen(colour: QColor | str, width: float) -> QPen:
    """A pen `width` pixels wide with round joins and caps (no sharp corners in a child's picture)."""
    pen = QPen(QColor(colour), width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def scaled_pen(painter: QPainter, colour: QColor | str, width: float) -> QPen:
    """A round pen `width` units of the painter's drawing wide, stroked in device pixels (cosmetic: much faster
    than a pen scaled by the painter's transform; the mascot draws its face in unit coordinates)."""
    transform = painter.worldTransform()
    pen = round_pen(colour, width * math.hypot(transform.m11(), transform.m12()))
    pen.setCosmetic(True)
    return pen


def faded(colour: QColor | str, alpha: float) -> QColor:
    """`colour` at opacity `alpha`, clamped to 0..1."""
    faded = QColor(colour)
    faded.setAlphaF(max(0.0, min(alpha, 1.0)))
    return faded
