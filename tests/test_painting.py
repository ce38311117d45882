"""One home for the drawn star and the shared pens (actor_trainer/ui/painting.py)."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPainter

from actor_trainer.ui import mascot, painting, rewards, widgets


def test_the_gauge_the_journey_map_and_the_mascot_draw_with_the_one_star_and_pens():
    assert widgets.star_path is painting.star_path and rewards.star_path is painting.star_path
    assert rewards.round_pen is painting.round_pen and rewards.faded is painting.faded
    assert mascot._pen is painting.scaled_pen and mascot._faded is painting.faded


def test_the_star_has_its_first_tip_straight_up_and_its_notches_inside():
    path = painting.star_path(QPointF(50, 50), 40)
    assert path.elementCount() == 11  # ten corners and the closing line
    tip = path.elementAt(0)
    assert (round(tip.x, 6), round(tip.y, 6)) == (50, 10)
    notch = path.elementAt(1)
    assert math.isclose(math.hypot(notch.x - 50, notch.y - 50), 40 * 0.45)
    turned = painting.star_path(QPointF(50, 50), 40, turn=math.pi).elementAt(0)
    assert (round(turned.x, 6), round(turned.y, 6)) == (50, 90)


def test_a_scaled_pen_is_as_wide_as_the_drawing_scale_makes_it_and_round():
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.scale(100, 100)
    pen = painting.scaled_pen(painter, "#000000", 0.05)
    painter.end()
    assert pen.isCosmetic() and math.isclose(pen.widthF(), 5.0)
    assert pen.capStyle() is Qt.PenCapStyle.RoundCap and pen.joinStyle() is Qt.PenJoinStyle.RoundJoin
    assert painting.faded("#ff0000", 1.7).alphaF() == 1.0 and painting.faded("#ff0000", -1).alphaF() == 0.0
