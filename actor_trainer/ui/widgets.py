"""Custom widgets of the play screen: the mirror, the target gauge, the hold ring, the bars, the celebration."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Property, QEasingCurve, QPropertyAnimation, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from actor_trainer.labels import EMOJI, EXPRESSIONS
from actor_trainer.ui.i18n import expression_name

ACCENT = QColor("#2e7d32")
WARM = QColor("#f9a825")
FACE_BOX = QColor("#00e676")


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    """A mirrored copy of a BGR frame as a QImage that owns its pixels."""
    mirrored = np.ascontiguousarray(frame[:, ::-1] if frame.ndim == 3 else np.dstack([frame[:, ::-1]] * 3))
    height, width = mirrored.shape[:2]
    return QImage(mirrored.data, width, height, 3 * width, QImage.Format.Format_BGR888).copy()


class MirrorView(QWidget):
    """The live mirror with the tracked face box; the frame is flipped so it moves like a mirror."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.image: QImage | None = None
        self.box = None
        self.message = ""
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_frame(self, frame: np.ndarray | None, box) -> None:
        if frame is not None:
            self.image = bgr_to_qimage(frame)
            width = frame.shape[1]
            self.box = None if box is None else (width - box[0] - box[2], box[1], box[2], box[3])
        self.update()

    def set_message(self, message: str) -> None:
        self.message = message
        self.update()

    def paintEvent(self, event):  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#263238"))
        if self.image is not None:
            scale = min(self.width() / self.image.width(), self.height() / self.image.height())
            target = QRectF(0, 0, self.image.width() * scale, self.image.height() * scale)
            target.moveCenter(QRectF(self.rect()).center())
            painter.drawImage(target, self.image)
            if self.box is not None:
                x, y, w, h = self.box
                painter.setPen(QPen(FACE_BOX, 4))
                box = QRectF(target.x() + x * scale, target.y() + y * scale, w * scale, h * scale)
                painter.drawRoundedRect(box, 8, 8)
        if self.message:
            font = QFont(self.font())
            font.setPointSize(26)
            font.setBold(True)
            painter.setFont(font)
            band = QRectF(0, self.height() * 0.75, self.width(), self.height() * 0.2)
            painter.fillRect(band, QColor(0, 0, 0, 150))
            painter.setPen(QColor("white"))
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
        painter.end()


class TargetGauge(QWidget):
    """A wide bar: how much the target expression shows, with a mark at the threshold. Its colour is the
    judge's verdict on the frame (`meets`), never its own comparison: with require_top a value past the mark
    still loses to a stronger expression."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.value = 0.0
        self.threshold = 0.5
        self.meets = False
        self.setMinimumHeight(44)

    def set_values(self, value: float, threshold: float, meets: bool = False) -> None:
        self.value, self.threshold, self.meets = max(0.0, min(value, 1.0)), threshold, meets
        self.update()

    def paintEvent(self, event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e0e0e0"))
        painter.drawRoundedRect(rect, 12, 12)
        painter.setBrush(ACCENT if self.meets else WARM)
        painter.drawRoundedRect(QRectF(rect.x(), rect.y(), rect.width() * self.value, rect.height()), 12, 12)
        mark = rect.x() + rect.width() * self.threshold
        painter.setPen(QPen(QColor("#212121"), 3, Qt.PenStyle.DashLine))
        painter.drawLine(int(mark), int(rect.top()), int(mark), int(rect.bottom()))
        painter.end()


class HoldRing(QWidget):
    """A ring that fills while the target is held above the threshold, the countdown in its middle."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.fraction = 0.0
        self.count = 0
        self.setFixedSize(96, 96)

    def set_fraction(self, fraction: float, count: int = 0) -> None:
        self.fraction = max(0.0, min(fraction, 1.0))
        self.count = count
        self.update()

    def paintEvent(self, event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        painter.setPen(QPen(QColor("#e0e0e0"), 12))
        painter.drawEllipse(rect)
        pen = QPen(ACCENT, 12)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(rect, 90 * 16, int(-360 * 16 * self.fraction))
        if self.count:
            font = QFont(self.font())
            font.setPointSize(26)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(ACCENT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(self.count))
        painter.end()


class Meter(QWidget):
    """The child's meter: a thick bar that fills toward a star at its end (full = the target is reached)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.value = 0.0
        self.setMinimumSize(160, 48)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, value: float) -> None:
        self.value = max(0.0, min(value, 1.0))
        self.update()

    def paintEvent(self, event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        star = self.height()
        bar = QRectF(2, self.height() * 0.2, self.width() - star - 8, self.height() * 0.6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e0e0e0"))
        painter.drawRoundedRect(bar, bar.height() / 2, bar.height() / 2)
        if self.value > 0:
            filled = QRectF(bar.x(), bar.y(), max(bar.height(), bar.width() * self.value), bar.height())
            painter.setBrush(ACCENT if self.value >= 1.0 else WARM)
            painter.drawRoundedRect(filled, bar.height() / 2, bar.height() / 2)
        painter.setBrush(QColor("#fdd835") if self.value >= 1.0 else QColor("#bdbdbd"))
        painter.drawPath(star_path(QRectF(self.width() - star, 0, star, star).center(), star / 2))
        painter.end()


def star_path(centre, radius: float) -> QPainterPath:
    """A five-pointed star."""
    path = QPainterPath()
    for point in range(10):
        reach = radius if point % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + point * math.pi / 5
        x, y = centre.x() + reach * math.cos(angle), centre.y() + reach * math.sin(angle)
        path.moveTo(x, y) if point == 0 else path.lineTo(x, y)
    path.closeSubpath()
    return path


class FeedbackWord(QWidget):
    """One big word for the child ("Almost!", "Bigger!") that pops in when it changes (still in calm mode)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.colour = QColor("#1a237e")
        self.calm = False
        self._scale = 1.0
        self.animation = QPropertyAnimation(self, b"scale", self)
        self.animation.setDuration(350)
        self.animation.setStartValue(0.6)
        self.animation.setEndValue(1.0)
        self.animation.setEasingCurve(QEasingCurve.Type.OutBack)
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def get_scale(self) -> float:
        return self._scale

    def set_scale(self, value: float) -> None:
        self._scale = value
        self.update()

    scale = Property(float, get_scale, set_scale)

    def set_text(self, text: str, colour: str = "#1a237e") -> None:
        if text == self.text:
            return
        self.text, self.colour = text, QColor(colour)
        if text and not self.calm:
            self.animation.stop()
            self.animation.start()
        self.update()

    def paintEvent(self, event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, 30 * self._scale))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.colour)
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text)
        painter.end()


def emoji_icon(emoji: str, size: int) -> QIcon:
    """An emoji drawn big as an icon (text fonts draw it at the label's small size); several side by side."""
    pixmap = QPixmap(*emoji_icon_size(emoji, size * 2).toTuple())
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    font = QFont()
    font.setPixelSize(int(size * 1.5))
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, emoji)
    painter.end()
    return QIcon(pixmap)


def emoji_icon_size(emoji: str, size: int) -> QSize:
    glyphs = sum(1 for character in emoji if character not in "\ufe0f\u200d")  # variation selectors, joiners
    return QSize(size * max(1, glyphs), size)


class ChoiceButtons(QWidget):
    """Big checkable buttons of which one is chosen (packs, players, levels); `data` per button."""

    changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(10)
        self.row.addStretch()
        self.buttons: list[QToolButton] = []
        self.group.idClicked.connect(lambda index: self.changed.emit(self.itemData(index)))

    def clear(self) -> None:
        for button in self.buttons:
            self.group.removeButton(button)
            self.row.removeWidget(button)  # out of the row now, not only when the event loop deletes it
            button.hide()
            button.deleteLater()
        self.buttons = []

    def add(self, text: str, data, tooltip: str = "", picture: str = "", picture_size: int = 40) -> QToolButton:
        """A button with `text` under a big `picture` (an emoji, drawn as an icon)."""
        button = QToolButton()
        button.setCheckable(True)
        button.setToolTip(tooltip)
        button.setProperty("choice", True)
        if picture:
            button.setIcon(emoji_icon(picture, picture_size))
            button.setIconSize(emoji_icon_size(picture, picture_size))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        else:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.choice_data = data
        self.group.addButton(button, len(self.buttons))
        self.row.insertWidget(self._insert_at(), button)
        self.buttons.append(button)
        self.setItemText(len(self.buttons) - 1, text)
        return button

    def _insert_at(self) -> int:
        """After the buttons already there, before anything else in the row (a "new" button, the stretch)."""
        return len(self.buttons)

    def count(self) -> int:
        return len(self.buttons)

    def itemData(self, index: int):  # noqa: N802 (named like QComboBox's)
        return self.buttons[index].choice_data if 0 <= index < len(self.buttons) else None

    def findData(self, data) -> int:  # noqa: N802
        return next((index for index, button in enumerate(self.buttons) if button.choice_data == data), -1)

    def currentIndex(self) -> int:  # noqa: N802
        return self.group.checkedId()

    def currentData(self):  # noqa: N802
        return self.itemData(self.currentIndex())

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        if 0 <= index < len(self.buttons) and index != self.currentIndex():
            self.buttons[index].setChecked(True)
            self.changed.emit(self.itemData(index))

    def setItemText(self, index: int, text: str) -> None:  # noqa: N802
        """Never elided: the button is as wide as its text needs (the row scrolls instead)."""
        button = self.buttons[index]
        button.setText(text)
        button.ensurePolished()
        button.setMinimumWidth(button.sizeHint().width())


class ExpressionBars(QWidget):
    """A small bar for each of the seven expressions."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        self.labels: dict[str, QLabel] = {}
        self.bars: dict[str, QProgressBar] = {}
        for row, name in enumerate(EXPRESSIONS):
            label, bar = QLabel(), QProgressBar()
            bar.setRange(0, 100)
            bar.setTextVisible(False)
            bar.setFixedHeight(14)
            layout.addWidget(label, row, 0)
            layout.addWidget(bar, row, 1)
            self.labels[name], self.bars[name] = label, bar
        self.retranslate("sv")

    def retranslate(self, lang: str) -> None:
        for name, label in self.labels.items():
            label.setText(f"{EMOJI[name]} {expression_name(name, lang)}")

    def set_probabilities(self, probs: dict[str, float] | None) -> None:
        for name, bar in self.bars.items():
            bar.setValue(int(round(100 * (probs or {}).get(name, 0.0))))
