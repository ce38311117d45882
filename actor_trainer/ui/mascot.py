"""The mascot: a round, friendly character face drawn with QPainter that shows the seven expressions.

Each expression is a `FaceFeatures` vector (brows, eyes, mouth, cheeks, tears...); a blend of expressions
is the weighted mean of their vectors, so the face can ease smoothly from one expression to another.
`Mascot` poses a target, mirrors the child's leading expression (`mirrored_face`: that one expression at a
strength from its probability, never a mix that could read as a third), celebrates and encourages, and
waits with a calm face while the game is held; `mascot_image` renders a still face for tests, stickers and
summaries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import astuple, dataclass, fields

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPolygonF, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.ui.painting import faded as _faded  # the shared pens (painting.py), under the names used below
from actor_trainer.ui.painting import scaled_pen as _pen

INK = QColor("#4e342e")
SKIN = QColor("#ffca28")
SKIN_ANGRY = QColor("#ff7043")
SKIN_DISGUST = QColor("#aed581")
EAR_INSIDE = QColor("#ffab91")
MOUTH_INSIDE = QColor("#7b1f1f")
TONGUE = QColor("#ef5f7a")
TEAR = QColor("#4fc3f7")
BLUSH = QColor("#ff8a80")
FEAR_SHADE = QColor("#7e57c2")
GOLD = QColor("#ffc107")
MATCH_GREEN = QColor("#43a047")


@dataclass(frozen=True)
class FaceFeatures:
    """One face as numbers. Every field blends linearly; 0 is "not there" for the optional extras."""

    brow_raise: float = 0.0  # -1 low and heavy .. 1 high
    brow_tilt: float = 0.0  # 1 inner ends down (cross) .. -1 inner ends up (worried)
    brow_skew: float = 0.0  # one brow up, the other down (doubtful, "yuck")
    eye_open: float = 1.0  # height of the eyes: 0.5 squint .. 1.5 wide
    upper_lid: float = 0.0  # how far the upper lids come down
    lid_slant: float = 0.0  # 1 lids slope down towards the nose (cross) .. -1 droopy outer corners
    lower_lid: float = 0.0  # lower lids push up into a smiling crescent
    pupil: float = 1.0  # pupil size
    gaze: float = 0.0  # -1 up .. 1 down
    mouth_curve: float = 0.0  # 1 smile .. -1 frown
    mouth_open: float = 0.0  # 0 closed .. 1 wide open
    mouth_width: float = 0.5  # 0 small .. 1 wide
    mouth_wave: float = 0.0  # a wobbly mouth line
    mouth_skew: float = 0.0  # one corner up, the other down
    teeth: float = 0.0  # upper teeth showing (a grin)
    grit: float = 0.0  # both rows of teeth clenched
    tongue: float = 0.0  # tongue sticking out ("bleh")
    blush: float = 0.0  # pink cheeks
    tears: float = 0.0
    sweat: float = 0.0  # a drop of sweat on the forehead
    shade: float = 0.0  # the forehead goes pale and purple (fright)
    red: float = 0.0  # the face goes red (anger)
    green: float = 0.0  # the face goes green (disgust)
    fume: float = 0.0  # puffs of steam (anger)
    wrinkle: float = 0.0  # a wrinkled nose (disgust)

    def lerp(self, other: FaceFeatures, amount: float) -> FaceFeatures:
        return FaceFeatures(*(a + (b - a) * amount for a, b in zip(astuple(self), astuple(other), strict=True)))

    def distance(self, other: FaceFeatures) -> float:
        return max(abs(a - b) for a, b in zip(astuple(self), astuple(other), strict=True))


EXPRESSION_FACES: dict[str, FaceFeatures] = {
    "angry": FaceFeatures(brow_raise=-0.6, brow_tilt=1.0, eye_open=0.9, upper_lid=0.2, lid_slant=1.0,
                          mouth_curve=-0.55, mouth_open=0.5, mouth_width=0.7, grit=1.0, red=0.85, fume=1.0),
    "disgust": FaceFeatures(brow_raise=-0.2, brow_tilt=0.5, brow_skew=0.8, eye_open=0.9, upper_lid=0.2,
                            lower_lid=0.5, mouth_curve=-0.6, mouth_open=0.12, mouth_width=0.5, mouth_wave=0.7,
                            mouth_skew=0.6, tongue=1.0, green=0.9, wrinkle=1.0),
    "fear": FaceFeatures(brow_raise=0.85, brow_tilt=-0.9, eye_open=1.4, pupil=0.55, mouth_curve=-0.25,
                         mouth_open=0.55, mouth_width=0.85, mouth_wave=0.5, grit=1.0, sweat=1.0, shade=1.0),
    "happy": FaceFeatures(brow_raise=0.35, eye_open=1.0, lower_lid=0.75, mouth_curve=1.0, mouth_open=0.75,
                          mouth_width=1.0, teeth=0.8, blush=1.0),
    "neutral": FaceFeatures(mouth_curve=0.08, mouth_width=0.45),
    "sad": FaceFeatures(brow_raise=0.2, brow_tilt=-1.0, eye_open=0.9, upper_lid=0.25, lid_slant=-0.5, gaze=0.7,
                        mouth_curve=-1.0, mouth_open=0.1, mouth_width=0.55, mouth_wave=0.15, tears=1.0, shade=0.25),
    "surprise": FaceFeatures(brow_raise=1.0, eye_open=1.5, pupil=0.7, mouth_open=1.0, mouth_width=0.3),
}
ENCOURAGING_FACE = FaceFeatures(brow_raise=0.5, brow_tilt=-0.25, eye_open=1.05, lower_lid=0.35, mouth_curve=0.8,
                                mouth_open=0.3, mouth_width=0.7, teeth=0.4, blush=0.7)
NEUTRAL_FACE = EXPRESSION_FACES["neutral"]
WAITING_FACE = FaceFeatures(brow_raise=0.15, lower_lid=0.15, mouth_curve=0.4, mouth_width=0.5)  # calm, kind
CHANCE = 1 / len(EXPRESSIONS)  # a leading expression is never below this: the face starts there from neutral
MIRROR_FULL_AT = 0.6  # the probability from which the mascot mirrors an expression at full strength


def mirror_strength(probability: float) -> float:
    """How strongly the mascot copies the child's leading expression: 0 at chance, 1 from MIRROR_FULL_AT."""
    return max(0.0, min((float(probability) - CHANCE) / (MIRROR_FULL_AT - CHANCE), 1.0))


def mirrored_face(expression: str, probability: float) -> FaceFeatures:
    """The mascot's copy of the child: `expression` alone (the session's View.leading), eased from the neutral
    face by its probability. Only the features of neutral and that one expression: a surprised child with some
    anger in the probabilities gets a surprised face, never frowning brows and gritted teeth."""
    return NEUTRAL_FACE.lerp(features_for(expression), mirror_strength(probability))


def blend(probabilities: Mapping[str, float]) -> FaceFeatures:
    """The face for a mix of expressions: the mean of their features weighted by the probabilities."""
    weights = {name: max(0.0, float(value)) for name, value in probabilities.items() if name in EXPRESSION_FACES}
    total = sum(weights.values())
    if total <= 0:
        return NEUTRAL_FACE
    values = [0.0] * len(fields(FaceFeatures))
    for name, weight in weights.items():
        for index, value in enumerate(astuple(EXPRESSION_FACES[name])):
            values[index] += value * weight / total
    return FaceFeatures(*values)


def features_for(expression_or_probs: str | Mapping[str, float] | FaceFeatures) -> FaceFeatures:
    if isinstance(expression_or_probs, FaceFeatures):
        return expression_or_probs
    if isinstance(expression_or_probs, str):
        if expression_or_probs not in EXPRESSION_FACES:
            raise ValueError(f"unknown expression {expression_or_probs!r}; expected one of {', '.join(EXPRESSIONS)}")
        return EXPRESSION_FACES[expression_or_probs]
    return blend(expression_or_probs)


def _mix(base: QColor, other: QColor, amount: float) -> QColor:
    amount = max(0.0, min(amount, 1.0))
    return QColor.fromRgbF(*(a + (b - a) * amount for a, b in zip(base.getRgbF()[:3], other.getRgbF()[:3],
                                                                    strict=True)))


# The face is drawn in unit coordinates: the head is a circle of radius 1 around (0, 0), y grows downwards.
EYE_X, EYE_Y, EYE_RX, EYE_RY = 0.36, -0.14, 0.165, 0.2
MOUTH_Y = 0.45
SAMPLES = 33


def paint_face(painter: QPainter, face: FaceFeatures) -> None:
    """Draw the whole character in unit coordinates (the caller sets the transform)."""
    _paint_fumes(painter, face)
    _paint_head(painter, face)
    _paint_cheeks(painter, face)
    for side in (-1, 1):
        _paint_eye(painter, face, side)
        _paint_brow(painter, face, side)
    _paint_nose(painter, face)
    _paint_mouth(painter, face)
    _paint_tears(painter, face)
    _paint_sweat(painter, face)


def _skin(face: FaceFeatures) -> QColor:
    colour = _mix(SKIN, SKIN_ANGRY, face.red)
    return _mix(colour, SKIN_DISGUST, face.green)


def _paint_head(painter: QPainter, face: FaceFeatures) -> None:
    skin = _skin(face)
    painter.setPen(_pen(painter, INK, 0.045))
    for side in (-1, 1):
        painter.setBrush(skin)
        painter.drawEllipse(QPointF(side * 0.74, -0.7), 0.28, 0.28)
        painter.setBrush(_mix(EAR_INSIDE, skin, 0.3))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(side * 0.74, -0.7), 0.15, 0.15)
        painter.setPen(_pen(painter, INK, 0.045))
    painter.setBrush(skin)
    painter.drawEllipse(QPointF(0, 0), 1.0, 0.96)
    if face.shade > 0.01:
        gradient = QLinearGradient(0, -1, 0, 0.1)
        gradient.setColorAt(0, _faded(FEAR_SHADE, 0.75 * face.shade))
        gradient.setColorAt(1, _faded(FEAR_SHADE, 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(gradient))
        painter.drawEllipse(QPointF(0, 0), 0.98, 0.94)
        painter.setPen(_pen(painter, _faded(FEAR_SHADE.darker(130), face.shade), 0.035))
        for x in (-0.3, -0.15, 0.0, 0.15, 0.3):
            painter.drawLine(QPointF(x, -0.85 + abs(x) * 0.3), QPointF(x, -0.62 + abs(x) * 0.1))
    # a little curl of hair on top
    painter.setPen(_pen(painter, INK, 0.05))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    curl = QPainterPath(QPointF(-0.02, -0.95))
    curl.cubicTo(QPointF(-0.1, -1.2), QPointF(0.18, -1.25), QPointF(0.14, -1.08))
    painter.drawPath(curl)


def _paint_cheeks(painter: QPainter, face: FaceFeatures) -> None:
    if face.blush <= 0.01:
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_faded(BLUSH, 0.7 * face.blush))
    for side in (-1, 1):
        painter.drawEllipse(QPointF(side * 0.62, 0.22), 0.16, 0.1)


def _eye_outline(face: FaceFeatures, side: int) -> QPainterPath:
    """The visible part of one eye: an ellipse less what the lids cover."""
    # Qt flattens curves for boolean operations at a fixed tolerance, so they are done 100 times larger
    return QTransform.fromScale(0.01, 0.01).map(_eye_outline_scaled(face, side, 100))


def _eye_outline_scaled(face: FaceFeatures, side: int, scale: float) -> QPainterPath:
    centre_x = side * EYE_X * scale
    radius_x, radius_y = EYE_RX * scale, EYE_RY * max(face.eye_open, 0.2) * scale
    eye_y = EYE_Y * scale
    eye = QPainterPath()
    eye.addEllipse(QPointF(centre_x, eye_y), radius_x, radius_y)
    top = eye_y - radius_y
    lid_y = top + 2 * radius_y * max(face.upper_lid, 0.0)
    outer_x, inner_x = centre_x + side * radius_x * 1.4, centre_x - side * radius_x * 1.4
    slope = face.lid_slant * radius_y * 0.9
    upper = QPolygonF([QPointF(outer_x, lid_y - slope), QPointF(inner_x, lid_y + slope),
                       QPointF(inner_x, top - scale), QPointF(outer_x, top - scale)])
    covered = QPainterPath()
    covered.addPolygon(upper)
    if face.lower_lid > 0.01:
        arch = [QPointF(centre_x + radius_x * 1.2 * t,
                        eye_y + radius_y - 2 * radius_y * face.lower_lid * (1 - 0.55 * t * t))
                for t in (i / 10 - 1 for i in range(21))]
        arch += [QPointF(centre_x + radius_x * 1.2, eye_y + scale), QPointF(centre_x - radius_x * 1.2, eye_y + scale)]
        covered.addPolygon(QPolygonF(arch))
    return eye.subtracted(covered.simplified())


def _paint_eye(painter: QPainter, face: FaceFeatures, side: int) -> None:
    visible = _eye_outline(face, side)
    if visible.isEmpty():
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    painter.drawPath(visible)
    painter.save()
    painter.setClipPath(visible, Qt.ClipOperation.IntersectClip)
    radius_y = EYE_RY * max(face.eye_open, 0.2)
    pupil = QPointF(side * EYE_X - side * 0.015, EYE_Y + face.gaze * radius_y * 0.45)
    size = 0.095 * face.pupil
    painter.setBrush(INK.darker(140))
    painter.drawEllipse(pupil, size, size)
    painter.setBrush(QColor("white"))
    painter.drawEllipse(pupil + QPointF(-size * 0.35, -size * 0.4), size * 0.35, size * 0.35)
    painter.restore()
    closed = max(0.0, min((face.lower_lid - 0.55) / 0.2, 1.0))
    painter.setBrush(_faded(INK, closed) if closed > 0 else Qt.BrushStyle.NoBrush)
    painter.setPen(_pen(painter, INK, 0.045))
    painter.drawPath(visible)


def _paint_brow(painter: QPainter, face: FaceFeatures, side: int) -> None:
    base = -0.47 - 0.13 * face.brow_raise - 0.07 * face.brow_skew * side
    inner = QPointF(side * 0.16, base + 0.1 * face.brow_tilt)
    outer = QPointF(side * 0.56, base - 0.08 * face.brow_tilt)
    middle = QPointF((inner.x() + outer.x()) / 2, (inner.y() + outer.y()) / 2 - 0.06 + 0.03 * abs(face.brow_tilt))
    path = QPainterPath(inner)
    path.quadTo(middle, outer)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_pen(painter, INK, 0.085))
    painter.drawPath(path)


def _paint_nose(painter: QPainter, face: FaceFeatures) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_skin(face).darker(135))
    painter.drawEllipse(QPointF(0, 0.16), 0.075, 0.055)
    if face.wrinkle > 0.01:
        painter.setPen(_pen(painter, _faded(INK, face.wrinkle), 0.03))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for offset in (-0.02, 0.04):
            wrinkle = QPainterPath(QPointF(-0.09, 0.04 + offset))
            wrinkle.quadTo(QPointF(0, 0.0 + offset), QPointF(0.09, 0.04 + offset))
            painter.drawPath(wrinkle)


def _mouth_lines(face: FaceFeatures) -> tuple[list[QPointF], list[QPointF]]:
    """The upper and lower lip from the left corner to the right one."""
    half_width = 0.15 + 0.3 * face.mouth_width
    smile = max(face.mouth_curve, 0.0)
    lift = face.mouth_open * (0.15 - 0.12 * smile)
    drop = face.mouth_open * (0.23 + 0.08 * smile)
    upper, lower = [], []
    for index in range(SAMPLES):
        t = 2 * index / (SAMPLES - 1) - 1
        x = half_width * t
        y = (MOUTH_Y - 0.17 * face.mouth_curve * (t * t - 0.3) + 0.07 * face.mouth_skew * t
             + 0.05 * face.mouth_wave * math.sin(3 * math.pi * t) * (1 - t * t))
        bulge = math.sqrt(max(0.0, 1 - t * t))
        upper.append(QPointF(x, y - lift * bulge))
        lower.append(QPointF(x, y + drop * bulge))
    return upper, lower


def _band(upper: list[QPointF], lower: list[QPointF], fraction: float, from_top: bool) -> QPolygonF:
    inner = [QPointF(a.x(), a.y() + (b.y() - a.y()) * (fraction if from_top else 1 - fraction))
             for a, b in zip(upper, lower, strict=True)]
    edge = upper if from_top else lower
    return QPolygonF(edge + inner[::-1])


def _paint_mouth(painter: QPainter, face: FaceFeatures) -> None:
    upper, lower = _mouth_lines(face)
    mouth = QPainterPath()
    mouth.addPolygon(QPolygonF(upper + lower[::-1]))
    mouth.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MOUTH_INSIDE)
    painter.drawPath(mouth)
    painter.save()
    painter.setClipPath(mouth, Qt.ClipOperation.IntersectClip)
    middle = SAMPLES // 2
    painter.setBrush(TONGUE)
    depth = lower[middle].y() - upper[middle].y()
    painter.drawEllipse(QPointF(0, lower[middle].y()), (lower[-1].x() - lower[0].x()) * 0.28, depth * 0.45)
    painter.setBrush(QColor("white"))
    top_fraction = max(0.4 * face.teeth, 0.5 * face.grit)
    if top_fraction > 0.01:
        painter.drawPolygon(_band(upper, lower, top_fraction, from_top=True))
    if face.grit > 0.01:
        painter.drawPolygon(_band(upper, lower, 0.5 * face.grit, from_top=False))
        painter.setPen(_pen(painter, _faded(INK, face.grit * 0.8), 0.02))
        for index in (SAMPLES // 4, middle, 3 * SAMPLES // 4):
            painter.drawLine(upper[index], lower[index])
        painter.drawPolyline(QPolygonF([QPointF(a.x(), (a.y() + b.y()) / 2) for a, b in zip(upper, lower,
                                                                                              strict=True)]))
    painter.restore()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_pen(painter, INK, 0.05))
    painter.drawPath(mouth)
    _paint_tongue_out(painter, face, lower)


def _paint_tongue_out(painter: QPainter, face: FaceFeatures, lower: list[QPointF]) -> None:
    if face.tongue <= 0.01:
        return
    anchor = lower[int(SAMPLES * 0.62)]
    length = 0.2 * face.tongue
    tongue = QPainterPath(QPointF(anchor.x() - 0.09, anchor.y() - 0.01))
    tongue.lineTo(QPointF(anchor.x() - 0.09, anchor.y() + length))
    tongue.cubicTo(QPointF(anchor.x() - 0.09, anchor.y() + length + 0.12),
                   QPointF(anchor.x() + 0.09, anchor.y() + length + 0.12),
                   QPointF(anchor.x() + 0.09, anchor.y() + length))
    tongue.lineTo(QPointF(anchor.x() + 0.09, anchor.y() - 0.01))
    painter.setBrush(_faded(TONGUE, min(1.0, face.tongue * 1.5)))
    painter.setPen(_pen(painter, _faded(INK, face.tongue), 0.04))
    painter.drawPath(tongue)
    painter.setPen(_pen(painter, _faded(TONGUE.darker(140), face.tongue), 0.025))
    painter.drawLine(QPointF(anchor.x(), anchor.y() + 0.02), QPointF(anchor.x(), anchor.y() + length * 0.8))


def _drop(tip: QPointF, size: float) -> QPainterPath:
    path = QPainterPath(tip)
    path.cubicTo(QPointF(tip.x() - size * 0.2, tip.y() + size * 0.5), QPointF(tip.x() - size * 0.65, tip.y() + size),
                 QPointF(tip.x(), tip.y() + size * 1.15))
    path.cubicTo(QPointF(tip.x() + size * 0.65, tip.y() + size), QPointF(tip.x() + size * 0.2, tip.y() + size * 0.5),
                 tip)
    return path


def _paint_tears(painter: QPainter, face: FaceFeatures) -> None:
    if face.tears <= 0.01:
        return
    painter.setPen(_pen(painter, _faded(TEAR.darker(130), face.tears), 0.025))
    painter.setBrush(_faded(TEAR, face.tears))
    for side in (-1, 1):
        x = side * (EYE_X + 0.05)
        top = EYE_Y + EYE_RY * face.eye_open * 0.6
        painter.drawRoundedRect(QRectF(x - 0.035, top, 0.07, 0.3 * face.tears), 0.03, 0.03)
        painter.drawPath(_drop(QPointF(x, top + 0.22 * face.tears), 0.22 * face.tears))


def _paint_sweat(painter: QPainter, face: FaceFeatures) -> None:
    if face.sweat <= 0.01:
        return
    painter.setPen(_pen(painter, _faded(TEAR.darker(130), face.sweat), 0.03))
    painter.setBrush(_faded(TEAR.lighter(115), face.sweat))
    painter.drawPath(_drop(QPointF(0.7, -0.62), 0.26))


def _paint_fumes(painter: QPainter, face: FaceFeatures) -> None:
    if face.fume <= 0.01:
        return
    painter.setPen(_pen(painter, _faded(QColor("#9e9e9e"), face.fume), 0.035))
    painter.setBrush(_faded(QColor("#eeeeee"), face.fume))
    for side in (-1, 1):
        for index, (dx, dy, radius) in enumerate(((1.0, -0.05, 0.1), (1.1, -0.22, 0.13), (1.06, -0.42, 0.1))):
            painter.drawEllipse(QPointF(side * dx, dy - 0.02 * index), radius, radius * 0.85)


def draw_mascot(painter: QPainter, rect: QRectF, face: FaceFeatures, bounce: float = 0.0, tilt: float = 0.0,
                squash: float = 0.0) -> None:
    """Draw the character centred in `rect`; bounce in head radii (up is positive), tilt in degrees."""
    radius = min(rect.width(), rect.height()) * 0.36
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.center().x(), rect.center().y() + radius * (0.12 - bounce * 0.25))
    painter.rotate(tilt)
    painter.scale(radius * (1 + squash), radius * (1 - squash))
    paint_face(painter, face)
    painter.restore()


def mascot_image(expression_or_probs: str | Mapping[str, float] | FaceFeatures, size: int | QSize = 256) -> QImage:
    """A still picture of the mascot on a transparent background (needs a QGuiApplication)."""
    size = QSize(size, size) if isinstance(size, int) else size
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    draw_mascot(painter, QRectF(0, 0, size.width(), size.height()), features_for(expression_or_probs))
    painter.end()
    return image


def _sparkle(centre: QPointF, radius: float) -> QPainterPath:
    path = QPainterPath()
    for index in range(8):
        angle = index * math.pi / 4 - math.pi / 2
        reach = radius if index % 2 == 0 else radius * 0.3
        point = QPointF(centre.x() + math.cos(angle) * reach, centre.y() + math.sin(angle) * reach)
        path.moveTo(point) if index == 0 else path.lineTo(point)
    path.closeSubpath()
    return path


def _heart(centre: QPointF, size: float) -> QPainterPath:
    x, y = centre.x(), centre.y()
    path = QPainterPath(QPointF(x, y + size * 0.9))
    path.cubicTo(QPointF(x - size * 1.3, y), QPointF(x - size * 0.6, y - size), QPointF(x, y - size * 0.35))
    path.cubicTo(QPointF(x + size * 0.6, y - size), QPointF(x + size * 1.3, y), QPointF(x, y + size * 0.9))
    return path


class Mascot(QWidget):
    """The character on the play screen. It poses a target, mirrors the child, celebrates and encourages.

    Motion comes from `advance(seconds)`, which a QTimer calls while something moves; tests call it
    directly to drive the animation deterministically.
    """

    TICK_MS = 33
    EASING_SECONDS = 0.18
    CALM_EASING_SECONDS = 0.6
    TARGET_POSE_SECONDS = 1.5
    CELEBRATE_SECONDS = 1.6
    ENCOURAGE_SECONDS = 1.8

    def __init__(self, parent=None):
        super().__init__(parent)
        self.face = NEUTRAL_FACE
        self.goal = NEUTRAL_FACE
        self.target: str | None = None
        self.calm = False
        self.waiting = False  # the game is held: a calm face, no badge (set_waiting)
        self.match = 0.0  # how much of the target the child shows, for the badge's glow
        self.bounce = self.tilt = self.squash = 0.0
        self._mirror_goal: FaceFeatures | None = None
        self._pose_left = self._celebrate_left = self._encourage_left = 0.0
        self._clock = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._elapsed = QElapsedTimer()
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._badge_cache: tuple[tuple[str, int], QImage] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(360, 360)

    # --- what the game tells the mascot ---------------------------------------------------------
    def show_target(self, expression: str, pose_seconds: float | None = None) -> None:
        """Pose `expression` for the child to copy; mirroring takes over after `pose_seconds`."""
        pose = features_for(expression)
        self.target = expression
        self._mirror_goal = None
        self.match = 0.0
        self._celebrate_left = self._encourage_left = 0.0
        self._pose_left = self.TARGET_POSE_SECONDS if pose_seconds is None else pose_seconds
        self._set_goal(pose)

    def mirror(self, expression: str | None, probability: float = 1.0, match: float | None = None) -> None:
        """Ease towards the child's leading expression at `probability` (`mirrored_face`); None or "" (no face
        seen) goes back to the target pose.

        `match` (0..1) colours the target badge's ring from gold to green; by default `probability` when the
        child leads with the target, else 0 (pass e.g. the session's meter when several expressions count)."""
        self._mirror_goal = mirrored_face(expression, probability) if expression else None
        if match is not None:
            self.match = max(0.0, min(float(match), 1.0))
        elif self.target is not None:
            self.match = max(0.0, min(float(probability), 1.0)) if expression == self.target else 0.0
        if self._pose_left <= 0 and self._celebrate_left <= 0 and self._encourage_left <= 0:
            self._set_goal(self._resting_goal())
        self.update()

    def celebrate(self) -> None:
        """A happy bounce with sparkles (only the happy face in calm mode)."""
        self._encourage_left = self._pose_left = 0.0
        self._celebrate_left = self.CELEBRATE_SECONDS
        self._clock = 0.0
        self.match = 1.0 if self.target else self.match
        self._set_goal(EXPRESSION_FACES["happy"])

    def encourage(self) -> None:
        """A kind, warm smile with a little nod and floating hearts (just the smile in calm mode)."""
        self._celebrate_left = self._pose_left = 0.0
        self._encourage_left = self.ENCOURAGE_SECONDS
        self._clock = 0.0
        self._set_goal(ENCOURAGING_FACE)

    def set_calm(self, calm: bool) -> None:
        """Reduced motion: no bouncing, nodding, sparkles or hearts, and slower, softer easing."""
        self.calm = calm
        if calm:
            self.bounce = self.tilt = self.squash = 0.0
        self.update()

    def set_waiting(self, waiting: bool) -> None:
        """The game is held (the pause, the stop question): a calm, kind face instead of the last one copied,
        and no target badge. Mirroring (or the target pose) comes back when the game goes on."""
        if waiting == self.waiting:
            return
        self.waiting = waiting
        if waiting:
            self._pose_left = self._celebrate_left = self._encourage_left = 0.0
        self._set_goal(self._resting_goal())

    def reset(self) -> None:
        self._timer.stop()
        self.waiting = False
        self.target, self._mirror_goal, self.match = None, None, 0.0
        self._pose_left = self._celebrate_left = self._encourage_left = 0.0
        self.face = self.goal = NEUTRAL_FACE
        self.bounce = self.tilt = self.squash = 0.0
        self.update()

    @property
    def moving(self) -> bool:
        return self._timer.isActive()

    # --- animation ---------------------------------------------------------------------------
    def _resting_goal(self) -> FaceFeatures:
        if self.waiting:
            return WAITING_FACE
        if self._mirror_goal is not None:
            return self._mirror_goal
        return features_for(self.target) if self.target else NEUTRAL_FACE

    def _set_goal(self, goal: FaceFeatures) -> None:
        self.goal = goal
        if not self._timer.isActive():
            self._elapsed.start()
            self._timer.start()
        self.update()

    def _tick(self) -> None:
        seconds = min(self._elapsed.restart() / 1000.0, 0.1)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        """Move the animation on by `seconds`."""
        self._clock += seconds
        self._count_down(seconds)
        easing = self.CALM_EASING_SECONDS if self.calm else self.EASING_SECONDS
        self.face = self.face.lerp(self.goal, 1 - math.exp(-seconds / easing))
        self._update_motion()
        self.update()
        if self._settled():
            self.face = self.goal
            self._timer.stop()

    def _count_down(self, seconds: float) -> None:
        timers_before = (self._pose_left, self._celebrate_left, self._encourage_left)
        self._pose_left = max(0.0, self._pose_left - seconds)
        self._celebrate_left = max(0.0, self._celebrate_left - seconds)
        self._encourage_left = max(0.0, self._encourage_left - seconds)
        ended = any(before > 0 and now == 0 for before, now in zip(
            timers_before, (self._pose_left, self._celebrate_left, self._encourage_left), strict=True))
        if ended and self._celebrate_left <= 0:
            self._set_goal(self._resting_goal())

    def _update_motion(self) -> None:
        if self.calm:
            self.bounce = self.tilt = self.squash = 0.0
            return
        if self._celebrate_left > 0:
            fade = self._celebrate_left / self.CELEBRATE_SECONDS
            hop = abs(math.sin(self._clock * math.pi * 2.5))
            self.bounce, self.squash, self.tilt = hop * fade, (0.5 - hop) * 0.12 * fade, 0.0
        elif self._encourage_left > 0:
            fade = self._encourage_left / self.ENCOURAGE_SECONDS
            self.bounce, self.squash = 0.15 * abs(math.sin(self._clock * math.pi * 1.5)) * fade, 0.0
            self.tilt = 8 * math.sin(self._clock * math.pi * 1.5) * fade
        else:
            self.bounce = self.tilt = self.squash = 0.0

    def _settled(self) -> bool:
        busy = self._pose_left > 0 or self._celebrate_left > 0 or self._encourage_left > 0
        return not busy and self.face.distance(self.goal) < 0.005

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, event):  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        badge_place = self.target is not None and (self._mirror_goal is not None or self._pose_left <= 0)
        badge = badge_place and not self.waiting  # waiting: no badge, but the face stays where it was
        face_rect = rect.adjusted(0, rect.height() * 0.08, -rect.width() * 0.08, 0) if badge_place else rect
        draw_mascot(painter, face_rect, self.face, self.bounce, self.tilt, self.squash)
        if self._encourage_left > 0 and not self.calm:
            self._paint_hearts(painter, face_rect)
        if self._celebrate_left > 0 and not self.calm:
            self._paint_sparkles(painter, face_rect)
        if badge:
            self._paint_target_badge(painter, rect)
        painter.end()

    def _paint_target_badge(self, painter: QPainter, rect: QRectF) -> None:
        """A small bubble in the corner with the face to copy; its ring turns green as the child gets close."""
        side = min(rect.width(), rect.height()) * 0.3
        badge = QRectF(rect.right() - side - 6, rect.top() + 6, side, side)
        ring = _mix(GOLD, MATCH_GREEN, self.match)
        painter.setPen(_pen(painter, ring, 4 + 6 * self.match))
        painter.setBrush(QColor("white"))
        painter.drawEllipse(badge)
        face = badge.adjusted(side * 0.08, side * 0.06, -side * 0.08, -side * 0.1)
        key = (self.target, int(face.width()))
        if self._badge_cache is None or self._badge_cache[0] != key:
            self._badge_cache = key, mascot_image(self.target, key[1])
        painter.drawImage(face.topLeft(), self._badge_cache[1])

    def _paint_sparkles(self, painter: QPainter, rect: QRectF) -> None:
        radius = min(rect.width(), rect.height()) * 0.44
        centre = rect.center()
        fade = self._celebrate_left / self.CELEBRATE_SECONDS
        painter.setPen(Qt.PenStyle.NoPen)
        for index in range(8):
            angle = index * math.tau / 8 + self._clock * 1.5
            twinkle = 0.6 + 0.4 * math.sin(self._clock * 9 + index)
            point = QPointF(centre.x() + math.cos(angle) * radius * 0.95, centre.y() + math.sin(angle) * radius * 0.95)
            painter.setBrush(_faded(QColor.fromHsv(index * 45 % 360, 170, 255), fade))
            painter.drawPath(_sparkle(point, radius * 0.09 * twinkle))

    def _paint_hearts(self, painter: QPainter, rect: QRectF) -> None:
        size = min(rect.width(), rect.height()) * 0.07
        fade = self._encourage_left / self.ENCOURAGE_SECONDS
        painter.setPen(Qt.PenStyle.NoPen)
        for index, x in enumerate((0.1, 0.9)):
            rise = (self._clock * 0.5 + index * 0.4) % 1.0
            point = QPointF(rect.left() + rect.width() * x, rect.bottom() - rect.height() * (0.2 + 0.4 * rise))
            painter.setBrush(_faded(QColor("#f06292"), fade * (1 - rise)))
            painter.drawPath(_heart(point, size))
