"""Rewards that add up: the journey map of a pack, varied celebrations, stickers and the reward sounds' names.

The animated widgets move through `advance(seconds)`, which a QTimer calls while something moves;
tests call it directly. Calm mode (reduced motion) keeps every reward but without movement.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.ui.mascot import draw_mascot, features_for, mascot_image
from actor_trainer.ui.painting import faded, round_pen, star_path

SUCCESS_SOUNDS = ("success_1.wav", "success_2.wav", "success_3.wav", "success_4.wav")
CALM_SUCCESS_SOUND = "success_soft.wav"
ALMOST_SOUND = "almost.wav"
STAR_SOUND = "star.wav"

GOLD = QColor("#ffc107")
GOLD_EDGE = QColor("#e65100")
STONE = QColor("#d7ccc8")
STONE_EDGE = QColor("#8d6e63")
TRAIL = QColor("#bcaaa4")
CURRENT = QColor("#29b6f6")
MISSED = QColor("#b3e5fc")
EXPRESSION_COLOURS = {
    "angry": QColor("#ef5350"), "disgust": QColor("#9ccc65"), "fear": QColor("#9575cd"), "happy": QColor("#ffca28"),
    "neutral": QColor("#90a4ae"), "sad": QColor("#42a5f5"), "surprise": QColor("#ff9800"),
}
STAR_COLOURS = ("#ffc107", "#ff7043", "#ec407a", "#ab47bc", "#42a5f5", "#26a69a", "#9ccc65")


def success_sound(variant: int, calm: bool = False) -> str:
    """The file name in assets/sounds/ to play with celebration `variant`."""
    return CALM_SUCCESS_SOUND if calm else SUCCESS_SOUNDS[variant % len(SUCCESS_SOUNDS)]


def _ease_out(t: float) -> float:
    return 1 - (1 - t) ** 3


class _Ticker:
    """Calls `advance(seconds)` on its owner every frame while `running` says so."""

    def __init__(self, owner: QWidget, advance, interval_ms: int = 33):
        self._advance = advance
        self._timer = QTimer(owner)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()

    def start(self) -> None:
        if not self._timer.isActive():
            self._clock.start()
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def _tick(self) -> None:
        self._advance(min(self._clock.restart() / 1000.0, 0.1))


@dataclass
class _Flight:
    index: int
    start: QPointF
    progress: float = 0.0


class JourneyMap(QWidget):
    """The pack's situations as stepping stones along a winding trail; a star flies onto each one passed."""

    star_landed = Signal(int)
    FLIGHT_SECONDS = 0.9
    POP_SECONDS = 0.4

    def __init__(self, parent=None):
        super().__init__(parent)
        self.results: list[bool | None] = []
        self.current = -1
        self.calm = False
        self.flights: list[_Flight] = []
        self._pops: dict[int, float] = {}
        self._clock = 0.0
        self._player: QImage | None = None
        self._ticker = _Ticker(self, self.advance)
        self.setMinimumSize(200, 64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(800, 96)

    def set_situations(self, count: int) -> None:
        self.results = [None] * max(0, count)
        self.current = 0 if count else -1
        self.flights.clear()
        self._pops.clear()
        self.update()

    def set_current(self, index: int) -> None:
        self.current = index
        self._start_if_moving()
        self.update()

    def mark(self, index: int, passed: bool, fly_from: QPointF | None = None) -> None:
        """Record situation `index`; a pass sends a star flying onto its stone (from `fly_from`, in this
        widget's coordinates; the top middle by default). In calm mode the star is simply there."""
        if not 0 <= index < len(self.results):
            raise IndexError(f"situation {index} is not on the map of {len(self.results)}")
        self.results[index] = passed
        self.flights = [flight for flight in self.flights if flight.index != index]
        if passed and not self.calm:
            start = fly_from if fly_from is not None else QPointF(self.width() / 2, self.star_radius())
            self.flights.append(_Flight(index, self._inside(start)))
            self._ticker.start()
        elif passed:
            self.star_landed.emit(index)
        self.update()

    def set_calm(self, calm: bool) -> None:
        self.calm = calm
        if calm:
            for flight in self.flights:
                self.star_landed.emit(flight.index)
            self.flights.clear()
            self._pops.clear()
        self.update()

    @property
    def stars(self) -> int:
        return sum(1 for result in self.results if result)

    # --- geometry ---------------------------------------------------------------------------
    def stone_radius(self) -> float:
        count = max(len(self.results), 1)
        return max(5.0, min(self.height() * 0.24, self.width() / count * 0.34))

    def star_radius(self) -> float:
        return self.stone_radius() * 0.95

    def stone_centre(self, index: int) -> QPointF:
        count = max(len(self.results), 1)
        margin = self.stone_radius() * 1.4
        spacing = (self.width() - 2 * margin) / max(count - 1, 1)
        x = self.width() / 2 if count == 1 else margin + index * spacing
        wave = (self.height() / 2 - self.stone_radius() * 1.35) * 0.8
        return QPointF(x, self.height() / 2 + wave * math.sin(index * 1.1))

    def _inside(self, point: QPointF) -> QPointF:
        margin = self.star_radius()
        return QPointF(min(max(point.x(), margin), self.width() - margin),
                       min(max(point.y(), margin), self.height() - margin))

    def flight_position(self, flight: _Flight) -> tuple[QPointF, float]:
        """Where a flying star is now and its radius: an arc from its start down onto the stone."""
        t = _ease_out(flight.progress)
        end = self.stone_centre(flight.index)
        x = flight.start.x() + (end.x() - flight.start.x()) * t
        y = flight.start.y() + (end.y() - flight.start.y()) * t
        lift = math.sin(math.pi * t) * self.height() * 0.25
        radius = self.star_radius() * (1.6 - 0.6 * t)
        point = QPointF(x, y - lift)
        return self._inside_for(point, radius), radius

    def _inside_for(self, point: QPointF, radius: float) -> QPointF:
        return QPointF(min(max(point.x(), radius), self.width() - radius),
                       min(max(point.y(), radius), self.height() - radius))

    # --- animation ---------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        self._clock += seconds
        for flight in list(self.flights):
            flight.progress = min(1.0, flight.progress + seconds / self.FLIGHT_SECONDS)
            if flight.progress >= 1.0:
                self.flights.remove(flight)
                self._pops[flight.index] = self.POP_SECONDS
                self.star_landed.emit(flight.index)
        for index in list(self._pops):
            self._pops[index] -= seconds
            if self._pops[index] <= 0:
                del self._pops[index]
        self.update()
        self._start_if_moving()

    def _start_if_moving(self) -> None:
        pulsing = not self.calm and 0 <= self.current < len(self.results) and self.results[self.current] is None
        if self.flights or self._pops or pulsing:
            self._ticker.start()
        else:
            self._ticker.stop()

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, event):  # noqa: N802 (Qt override)
        if not self.results:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_trail(painter)
        self._paint_flag(painter)
        flying = {flight.index for flight in self.flights}
        for index, result in enumerate(self.results):
            self._paint_stone(painter, index, result, index in flying)
        for flight in self.flights:
            centre, radius = self.flight_position(flight)
            painter.setPen(round_pen(GOLD_EDGE, 2))
            painter.setBrush(GOLD)
            painter.drawPath(star_path(centre, radius, turn=flight.progress * math.tau))
        painter.end()

    def _paint_trail(self, painter: QPainter) -> None:
        reached = max([index for index, result in enumerate(self.results) if result is not None], default=-1)
        width = max(3.0, self.stone_radius() * 0.35)
        for index in range(len(self.results) - 1):
            start, end = self.stone_centre(index), self.stone_centre(index + 1)
            done = index < reached
            pen = round_pen(GOLD if done else TRAIL, width)
            if not done:
                pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            path = QPainterPath(start)
            middle_x = (start.x() + end.x()) / 2
            path.cubicTo(QPointF(middle_x, start.y()), QPointF(middle_x, end.y()), end)
            painter.drawPath(path)

    def _paint_player(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        """The mascot's little face on the stone the child is on."""
        side = int(radius * 2.1)
        if self._player is None or self._player.width() != side:
            self._player = mascot_image("happy", side)
        painter.drawImage(QPointF(centre.x() - side / 2, centre.y() - side / 2), self._player)

    def _paint_flag(self, painter: QPainter) -> None:
        """A little flag on the last stone: the end of the journey."""
        foot, radius = self.stone_centre(len(self.results) - 1), self.stone_radius()
        top = max(2.0, foot.y() - radius * 2.6)
        pole_x = foot.x() + radius * 0.5
        painter.setPen(round_pen(STONE_EDGE, max(2.0, radius * 0.12)))
        painter.drawLine(QPointF(pole_x, foot.y()), QPointF(pole_x, top))
        height = min(radius * 0.9, (foot.y() - top) * 0.5)
        flag = QPainterPath(QPointF(pole_x, top))
        flag.lineTo(QPointF(min(pole_x + radius * 1.3, self.width() - 2.0), top + height / 2))
        flag.lineTo(QPointF(pole_x, top + height))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e53935"))
        painter.drawPath(flag)

    def _paint_stone(self, painter: QPainter, index: int, result: bool | None, flying: bool) -> None:
        centre, radius = self.stone_centre(index), self.stone_radius()
        if index == self.current and result is None:
            pulse = 0.0 if self.calm else 0.08 * math.sin(self._clock * 5)
            painter.setPen(round_pen(CURRENT, max(2.0, radius * 0.22)))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(centre, radius * (1.05 + pulse), radius * (1.05 + pulse))
            self._paint_player(painter, centre, radius)
        else:
            painter.setPen(round_pen(STONE_EDGE, max(1.5, radius * 0.1)))
            painter.setBrush(MISSED if result is False else STONE)
            painter.drawEllipse(centre, radius * 0.9, radius * 0.75)
        if result and not flying:
            pop = self._pops.get(index, 0.0) / self.POP_SECONDS
            star_radius = self.star_radius() * (1 + 0.35 * math.sin(math.pi * pop))
            painter.setPen(round_pen(GOLD_EDGE, max(1.5, radius * 0.1)))
            painter.setBrush(GOLD)
            painter.drawPath(star_path(centre, star_radius))
        elif result is False:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STONE_EDGE)
            painter.drawEllipse(centre, radius * 0.18, radius * 0.18)


@dataclass(frozen=True)
class Particle:
    """One piece of a celebration at one moment: where it is (its whole extent), its look."""

    shape: str  # "confetti", "star", "balloon", "spark", "glow"
    bounds: QRectF
    colour: QColor
    angle: float = 0.0
    alpha: float = 1.0


class Celebration(QWidget):
    """A short burst of joy: confetti, stars, balloons or fireworks, always inside the widget's own rect.

    `play()` returns at once; the widget lets clicks through, so it can lie over other widgets.
    """

    finished = Signal()
    CONFETTI, STARS, BALLOONS, FIREWORKS = range(4)
    VARIANTS = 4
    SECONDS = 2.2
    CALM_SECONDS = 2.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.calm = False
        self.variant = -1
        self.phase = 1.0  # 0..1 through the running celebration; 1 when idle
        self._plays = 0
        self._seeds: list[tuple] = []
        self._ticker = _Ticker(self, self.advance)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setMinimumSize(120, 120)

    @property
    def playing(self) -> bool:
        return self.phase < 1.0

    def set_calm(self, calm: bool) -> None:
        """Calm mode: a soft star that gently fades in and out, nothing flies about."""
        self.calm = calm
        self.update()

    def play(self, variant: int | None = None) -> int:
        """Start a celebration (the next variant in turn when None) and return the variant played."""
        self.variant = (self.variant + 1) % self.VARIANTS if variant is None else variant % self.VARIANTS
        self._plays += 1
        self._seeds = self._make_seeds(random.Random(self._plays * 7919 + self.variant))
        self.phase = 0.0
        self._ticker.start()
        self.update()
        return self.variant

    def stop(self) -> None:
        self.phase = 1.0
        self._ticker.stop()
        self.update()

    def advance(self, seconds: float) -> None:
        if not self.playing:
            self._ticker.stop()
            return
        self.phase = min(1.0, self.phase + seconds / (self.CALM_SECONDS if self.calm else self.SECONDS))
        self.update()
        if not self.playing:
            self._ticker.stop()
            self.finished.emit()

    def _make_seeds(self, rng: random.Random) -> list[tuple]:
        counts = {self.CONFETTI: 60, self.STARS: 14, self.BALLOONS: 9, self.FIREWORKS: 4}
        return [(rng.random(), rng.random(), rng.random(), rng.random()) for _ in range(counts[self.variant])]

    # --- where everything is -------------------------------------------------------------------
    def particles(self) -> list[Particle]:
        """Every piece as it is now, each with bounds inside the widget's rect."""
        if not self.playing:
            return []
        if self.calm:
            return [self._calm_glow()]
        makers = {self.CONFETTI: self._confetti, self.STARS: self._stars, self.BALLOONS: self._balloons,
                  self.FIREWORKS: self._fireworks}
        return makers[self.variant]()

    def _scale(self) -> float:
        return min(self.width(), self.height())

    def _place(self, u: float, v: float, half_width: float, half_height: float) -> QRectF:
        """A box centred at the fractions (u, v) of the room left once the box is kept inside the rect."""
        half_width = min(half_width, self.width() / 2 - 1) + 0.5  # half a pixel to spare for rounding
        half_height = min(half_height, self.height() / 2 - 1) + 0.5
        x = half_width + max(0.0, min(u, 1.0)) * (self.width() - 2 * half_width)
        y = half_height + max(0.0, min(v, 1.0)) * (self.height() - 2 * half_height)
        return QRectF(x - half_width + 0.5, y - half_height + 0.5, 2 * half_width - 1, 2 * half_height - 1)

    def _fade(self) -> float:
        return min(1.0, (1 - self.phase) / 0.25)

    def _confetti(self) -> list[Particle]:
        size = max(4.0, self._scale() * 0.025)
        pieces = []
        for index, (a, b, c, d) in enumerate(self._seeds):
            fall = self.phase * (0.9 + 0.5 * b) - 0.15 * c
            u = a + 0.06 * math.sin(self.phase * 12 + index)
            box = self._place(u, fall, size, size)
            pieces.append(Particle("confetti", box, QColor(STAR_COLOURS[index % len(STAR_COLOURS)]),
                                   angle=360 * (d + self.phase * (1 + b)), alpha=self._fade() if fall > 0 else 0))
        return pieces

    def _stars(self) -> list[Particle]:
        stars = []
        reach = _ease_out(min(1.0, self.phase * 1.6))
        for index, (a, b, c, _d) in enumerate(self._seeds):
            angle = index * math.tau / len(self._seeds) + a * 0.4
            size = self._scale() * (0.04 + 0.05 * b)
            u = 0.5 + 0.5 * math.cos(angle) * reach * (0.6 + 0.4 * c)
            v = 0.5 + 0.5 * math.sin(angle) * reach * (0.6 + 0.4 * c)
            stars.append(Particle("star", self._place(u, v, size, size), QColor(STAR_COLOURS[index % 7]),
                                  angle=self.phase * 180 * (1 if index % 2 else -1), alpha=self._fade()))
        return stars

    def _balloons(self) -> list[Particle]:
        balloons = []
        for index, (a, b, c, _d) in enumerate(self._seeds):
            width = self._scale() * (0.06 + 0.03 * b)
            rise = 1.1 - self.phase * (1.3 + 0.5 * c)
            u = (index + 0.5) / len(self._seeds) + 0.03 * math.sin(self.phase * 6 + a * 6)
            # the box holds the balloon and its string below it
            balloons.append(Particle("balloon", self._place(u, rise, width, width * 2.1),
                                     QColor(STAR_COLOURS[index % 7]), alpha=self._fade() if rise < 1.0 else 0))
        return balloons

    def _fireworks(self) -> list[Particle]:
        sparks = []
        for burst, (a, b, c, _d) in enumerate(self._seeds):
            start = burst * 0.18
            local = (self.phase - start) / 0.55
            if not 0 <= local <= 1:
                continue
            centre_u, centre_v = 0.2 + 0.6 * a, 0.25 + 0.4 * b
            reach = 0.25 * _ease_out(local)
            colour = QColor(STAR_COLOURS[(burst * 2 + int(c * 7)) % 7])
            size = max(3.0, self._scale() * 0.028)
            for ray in range(12):
                angle = ray * math.tau / 12
                u = centre_u + math.cos(angle) * reach * self.height() / max(self.width(), 1)
                v = centre_v + math.sin(angle) * reach + 0.1 * local * local
                sparks.append(Particle("spark", self._place(u, v, size, size), colour, alpha=1 - local))
        return sparks

    def _calm_glow(self) -> Particle:
        size = self._scale() * 0.22
        alpha = math.sin(math.pi * self.phase)
        return Particle("glow", self._place(0.5, 0.5, size, size), GOLD, alpha=alpha)

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, event):  # noqa: N802 (Qt override)
        if not self.playing:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(self.rect())
        for particle in self.particles():
            if particle.alpha > 0.01:
                self._paint_particle(painter, particle)
        painter.end()

    def _paint_particle(self, painter: QPainter, particle: Particle) -> None:
        box, colour = particle.bounds, faded(particle.colour, particle.alpha)
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        if particle.shape == "confetti":
            painter.save()
            painter.translate(box.center())
            painter.rotate(particle.angle)
            side = box.width() / math.sqrt(2)  # a rotated square stays inside its box
            painter.drawRect(QRectF(-side / 2, -side / 4, side, side / 2))
            painter.restore()
        elif particle.shape in ("star", "glow"):
            if particle.shape == "glow":
                painter.setBrush(faded(GOLD.lighter(130), particle.alpha * 0.5))
                painter.drawEllipse(box)
            painter.setPen(round_pen(faded(GOLD_EDGE, particle.alpha), 2))
            painter.setBrush(colour)
            painter.drawPath(star_path(box.center(), box.width() / 2 * 0.95, turn=math.radians(particle.angle)))
        elif particle.shape == "balloon":
            self._paint_balloon(painter, box, colour, particle.alpha)
        else:
            painter.drawEllipse(box)

    def _paint_balloon(self, painter: QPainter, box: QRectF, colour: QColor, alpha: float) -> None:
        body = QRectF(box.left(), box.top(), box.width(), box.width() * 1.2)
        painter.drawEllipse(body)
        painter.setBrush(faded("white", alpha * 0.6))
        painter.drawEllipse(QRectF(body.left() + body.width() * 0.2, body.top() + body.height() * 0.15,
                                   body.width() * 0.2, body.height() * 0.25))
        painter.setPen(round_pen(faded("#757575", alpha), 1.5))
        string = QPainterPath(QPointF(body.center().x(), body.bottom()))
        string.cubicTo(QPointF(body.center().x() - body.width() * 0.2, body.bottom() + box.height() * 0.15),
                       QPointF(body.center().x() + body.width() * 0.2, body.bottom() + box.height() * 0.3),
                       QPointF(body.center().x(), box.bottom() - 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(string)


def sticker_for(expression: str, size: int = 128) -> QPixmap:
    """A round die-cut sticker with the mascot showing `expression` on a ring of the expression's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    edge = size * 0.04
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 50))
    painter.drawEllipse(QRectF(edge * 1.5, edge * 2, size - edge * 3, size - edge * 3))
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QRectF(edge, edge, size - edge * 3, size - edge * 3))
    ring = QRectF(edge * 2.2, edge * 2.2, size - edge * 5.4, size - edge * 5.4)
    painter.setBrush(EXPRESSION_COLOURS.get(expression, GOLD).lighter(150))
    painter.setPen(round_pen(EXPRESSION_COLOURS.get(expression, GOLD), edge * 1.2))
    painter.drawEllipse(ring)
    draw_mascot(painter, ring.adjusted(0, size * 0.02, 0, size * 0.02), features_for(expression))
    painter.end()
    return pixmap


def earned_stickers(results: Sequence[tuple[str, bool | None]]) -> list[tuple[str, int]]:
    """(expression, how many times) for each expression acted out successfully, in the order first earned."""
    counts: dict[str, int] = {}
    for expression, passed in results:
        if passed:
            counts[expression] = counts.get(expression, 0) + 1
    return list(counts.items())


class StickerSheet(QWidget):
    """The summary's rewards: a row of big coloured stars (one per situation) and the stickers earned."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.results: list[tuple[str, bool | None]] = []
        self._stickers: dict[tuple[str, int], QPixmap] = {}
        self.setMinimumSize(300, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(800, 360)

    def set_results(self, results: Sequence[tuple[str, bool | None]]) -> None:
        """Each situation's target expression and whether it was passed (None: not reached)."""
        unknown = [expression for expression, _ in results if expression not in EXPRESSIONS]
        if unknown:
            raise ValueError(f"unknown expression {unknown[0]!r}")
        self.results = list(results)
        self.update()

    @property
    def stars(self) -> int:
        return sum(1 for _, passed in self.results if passed)

    def star_rects(self) -> list[QRectF]:
        """One square per situation, in rows across the top part of the sheet."""
        count = len(self.results)
        if not count:
            return []
        width, height = self.width(), self.height() * 0.45
        # as many per row as gives the biggest stars
        per_row = max(range(1, count + 1), key=lambda n: min(width / n, height / math.ceil(count / n)))
        size = min(width / per_row, height / math.ceil(count / per_row))
        rects = []
        for index in range(count):
            row, column = divmod(index, per_row)
            in_row = min(per_row, count - row * per_row)
            left = (self.width() - in_row * size) / 2
            rects.append(QRectF(left + column * size, row * size, size, size))
        return rects

    def sticker_rects(self) -> list[tuple[str, int, QRectF]]:
        earned = earned_stickers(self.results)
        if not earned:
            return []
        top = self.height() * 0.5
        size = min(self.height() - top, self.width() / len(earned), 160)
        left = (self.width() - size * len(earned)) / 2
        return [(expression, times, QRectF(left + index * size, top, size, size))
                for index, (expression, times) in enumerate(earned)]

    def paintEvent(self, event):  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for index, (rect, (_, passed)) in enumerate(zip(self.star_rects(), self.results, strict=True)):
            radius = rect.width() * 0.45
            if passed:
                painter.setPen(round_pen(QColor(STAR_COLOURS[index % 7]).darker(140), max(2.0, radius * 0.08)))
                painter.setBrush(QColor(STAR_COLOURS[index % 7]))
            else:
                painter.setPen(round_pen(QColor("#bdbdbd"), max(2.0, radius * 0.06)))
                painter.setBrush(QColor("#f5f5f5"))
            painter.drawPath(star_path(rect.center(), radius))
        for expression, times, rect in self.sticker_rects():
            side = int(rect.width() * 0.92)
            key = (expression, side)
            if key not in self._stickers:
                self._stickers[key] = sticker_for(expression, max(side, 16))
            painter.drawPixmap(QPointF(rect.left() + (rect.width() - side) / 2, rect.top()), self._stickers[key])
            if times > 1:
                self._paint_count(painter, rect, times)
        painter.end()

    def _paint_count(self, painter: QPainter, rect: QRectF, times: int) -> None:
        badge = QRectF(rect.right() - rect.width() * 0.36, rect.top(), rect.width() * 0.3, rect.width() * 0.3)
        painter.setPen(round_pen(QColor("white"), 3))
        painter.setBrush(GOLD_EDGE)
        painter.drawEllipse(badge)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(10, int(badge.height() * 0.5)))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"\u00d7{times}")


__all__ = ["ALMOST_SOUND", "CALM_SUCCESS_SOUND", "Celebration", "JourneyMap", "Particle", "STAR_SOUND",
           "SUCCESS_SOUNDS", "StickerSheet", "earned_stickers", "star_path", "sticker_for", "success_sound"]
