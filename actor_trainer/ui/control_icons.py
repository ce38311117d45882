"""Pictures for the controls a child uses (Start, Stop, Retry, Pause, Resume, Skip, Next, Read again, and the
stop question's two answers), drawn with QPainter so that they look the same on every machine, with or without
an emoji font: a child who cannot read yet knows a button by its picture and its colour.

`control_icon(kind, size)`: a QIcon of one of KINDS, `size` px square (its disabled look greyed by Qt).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

GREEN, RED, BLUE, ORANGE, PURPLE = "#2e7d32", "#c62828", "#1565c0", "#ef6c00", "#6a1b9a"
KINDS = ("start", "stop", "retry", "pause", "resume", "skip", "next", "read", "yes_stop", "no_play", "back")


def control_icon(kind: str, size: int = 48) -> QIcon:
    """The picture of control `kind` (one of KINDS) on a white disc with a coloured ring."""
    if kind not in KINDS:
        raise ValueError(f"no picture for {kind!r}; one of {', '.join(KINDS)}")
    pixmap = QPixmap(max(8, size), max(8, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(pixmap.width() / 100.0, pixmap.height() / 100.0)
    colour = QColor(_COLOURS[kind])
    painter.setPen(QPen(colour, 6))
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QRectF(4, 4, 92, 92))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    _DRAW[kind](painter, colour)
    painter.end()
    return QIcon(pixmap)


def _triangle(painter: QPainter, left: float, top: float, width: float, height: float) -> None:
    painter.drawPolygon(QPolygonF([QPointF(left, top), QPointF(left + width, top + height / 2),
                                   QPointF(left, top + height)]))


def _play(painter, colour) -> None:
    _triangle(painter, 36, 26, 36, 48)


def _stop(painter, colour) -> None:
    painter.drawRoundedRect(QRectF(30, 30, 40, 40), 6, 6)


def _pause(painter, colour) -> None:
    painter.drawRoundedRect(QRectF(30, 27, 14, 46), 4, 4)
    painter.drawRoundedRect(QRectF(56, 27, 14, 46), 4, 4)


def _skip(painter, colour) -> None:
    _triangle(painter, 24, 30, 24, 40)
    _triangle(painter, 46, 30, 24, 40)
    painter.drawRect(QRectF(70, 30, 7, 40))


def _next(painter, colour) -> None:
    painter.drawRect(QRectF(22, 43, 34, 14))
    _triangle(painter, 52, 26, 28, 48)


def _back(painter, colour) -> None:
    painter.drawRect(QRectF(44, 43, 34, 14))
    painter.drawPolygon(QPolygonF([QPointF(48, 26), QPointF(20, 50), QPointF(48, 74)]))


def _retry(painter, colour) -> None:
    painter.setPen(QPen(colour, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(27, 27, 46, 46), 100 * 16, 280 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    tip = QPointF(50 + 23 * math.cos(math.radians(100)), 50 - 23 * math.sin(math.radians(100)))
    painter.drawPolygon(QPolygonF([tip + QPointF(-2, -12), tip + QPointF(14, 0), tip + QPointF(-2, 12)]))


def _read(painter, colour) -> None:
    painter.drawPolygon(QPolygonF([QPointF(22, 40), QPointF(34, 40), QPointF(50, 26), QPointF(50, 74),
                                   QPointF(34, 60), QPointF(22, 60)]))
    painter.setPen(QPen(colour, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (12, 24):
        painter.drawArc(QRectF(50 - radius, 50 - radius, 2 * radius, 2 * radius), -45 * 16, 90 * 16)


def _yes_stop(painter, colour) -> None:
    """Stop playing: a house (going home) with the stop square's colour."""
    roof = QPainterPath()
    roof.moveTo(20, 50)
    roof.lineTo(50, 22)
    roof.lineTo(80, 50)
    roof.closeSubpath()
    painter.drawPath(roof)
    painter.drawRect(QRectF(30, 48, 40, 30))
    painter.setBrush(QColor("white"))
    painter.drawRect(QRectF(44, 58, 12, 20))


_DRAW = {"start": _play, "resume": _play, "no_play": _play, "stop": _stop, "pause": _pause, "skip": _skip,
         "next": _next, "back": _back, "retry": _retry, "read": _read, "yes_stop": _yes_stop}
_COLOURS = {"start": GREEN, "resume": GREEN, "no_play": GREEN, "next": GREEN, "stop": RED, "yes_stop": RED,
            "pause": BLUE, "back": BLUE, "skip": ORANGE, "retry": ORANGE, "read": PURPLE}
