"""Custom widgets of the play screen: the mirror, the target gauge, the hold ring, the bars, the celebration."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    Property,
    QEasingCurve,
    QEvent,
    QPropertyAnimation,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from actor_trainer.labels import EMOJI, EXPRESSIONS
from actor_trainer.ui.i18n import expression_name
from actor_trainer.ui.painting import star_path

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
        """`box` (x, y, w, h) is in `frame`'s pixels, as the detector saw it (not mirrored)."""
        if frame is not None:
            self.image = bgr_to_qimage(frame)
            self.box = box
        self.update()

    def image_rect(self) -> QRectF:
        """Where the frame is drawn: as large as fits, aspect kept, centred."""
        if self.image is None:
            return QRectF()
        return fitted_rect(self.image.width(), self.image.height(), self.width(), self.height())

    def box_rect(self) -> QRectF | None:
        """The face box in widget coordinates, on the mirrored picture."""
        if self.image is None or self.box is None:
            return None
        return mirrored_box(self.box, self.image.width(), self.image_rect())

    def set_message(self, message: str) -> None:
        self.message = message
        self.update()

    MESSAGE_POINTS = (26, 22, 18, 15, 12)  # the child's line: as big as fits the band, never under 12 points

    def message_band(self) -> QRectF:
        return QRectF(0, self.height() * 0.75, self.width(), self.height() * 0.2)

    def message_point_size(self) -> int:
        """The largest of MESSAGE_POINTS at which the message fits the band over the mirror (bold, wrapped)."""
        band = self.message_band().toRect()
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        font = QFont(self.font())
        font.setBold(True)
        for points in self.MESSAGE_POINTS:
            font.setPointSize(points)
            needed = QFontMetrics(font).boundingRect(band, flags, self.message)
            if needed.height() <= band.height() and needed.width() <= band.width():
                return points
        return self.MESSAGE_POINTS[-1]

    def paintEvent(self, event):  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#263238"))
        if self.image is not None:
            painter.drawImage(self.image_rect(), self.image)
            box = self.box_rect()
            if box is not None:
                painter.setPen(QPen(FACE_BOX, 4))
                painter.drawRoundedRect(box, 8, 8)
        if self.message:
            font = QFont(self.font())
            font.setPointSize(self.message_point_size())
            font.setBold(True)
            painter.setFont(font)
            band = self.message_band()
            painter.fillRect(band, QColor(0, 0, 0, 150))
            painter.setPen(QColor("white"))
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
        painter.end()


def fitted_rect(image_width: int, image_height: int, width: int, height: int) -> QRectF:
    """An image_width x image_height picture scaled to fit width x height (aspect kept) and centred."""
    scale = min(width / image_width, height / image_height)
    drawn = QRectF(0, 0, image_width * scale, image_height * scale)
    drawn.moveCenter(QRectF(0, 0, width, height).center())
    return drawn


def mirrored_box(box, image_width: int, drawn: QRectF) -> QRectF:
    """A face box (x, y, w, h in frame pixels) on the mirrored picture drawn in `drawn` (widget pixels)."""
    x, y, w, h = box
    scale = drawn.width() / image_width
    return QRectF(drawn.x() + (image_width - x - w) * scale, drawn.y() + y * scale, w * scale, h * scale)


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
        self.set_size(96)

    def set_size(self, size: int) -> None:
        self.setFixedSize(size, size)

    def set_fraction(self, fraction: float, count: int = 0) -> None:
        self.fraction = max(0.0, min(fraction, 1.0))
        self.count = count
        self.update()

    def paintEvent(self, event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.width() / 8
        rect = QRectF(self.rect()).adjusted(line * 0.7, line * 0.7, -line * 0.7, -line * 0.7)
        painter.setPen(QPen(QColor("#e0e0e0"), line))
        painter.drawEllipse(rect)
        pen = QPen(ACCENT, line)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(rect, 90 * 16, int(-360 * 16 * self.fraction))
        if self.count:
            font = QFont(self.font())
            font.setPixelSize(max(8, int(self.height() * 0.36)))
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

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(320, self.minimumHeight())

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


class FeedbackWord(QWidget):
    """One big word for the child ("Almost!", "Bigger!") that pops in when the feedback changes (still in calm
    mode). One font size for every word (`set_words`: the longest must fit), so "Hold it… 3" and "… 1" are the
    same size and a countdown never reads as flicker; the pop plays when the kind changes, not the number."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text, self.kind = "", None
        self.colour = QColor("#1a237e")
        self.calm = False
        self.words: list[str] = []
        self.point_size = 30.0
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

    def set_words(self, words: list[str], point_size: float) -> None:
        """Every text this widget may show (for the common size) and the largest point size wanted."""
        self.words, self.point_size = [word for word in words if word], point_size
        self.setMinimumHeight(int(QFontMetrics(self._font(point_size)).height() * 1.25))
        self.update()

    def set_text(self, text: str, colour: str = "#1a237e", kind=None) -> None:
        if text == self.text:
            return
        changed_kind = kind is None or kind != self.kind
        self.text, self.kind, self.colour = text, kind, QColor(colour)
        if text and not self.calm and changed_kind:
            self.animation.stop()
            self.animation.start()
        self.update()

    def common_point_size(self) -> float:
        """The size at which the widest of `words` fits the widget (never above `point_size`)."""
        size = self.point_size
        widest = max((QFontMetrics(self._font(size)).horizontalAdvance(word) for word in self.words or [self.text]),
                     default=0)
        room = self.width() - 8
        return max(8.0, size * room / widest) if widest > room > 0 else size

    def _font(self, point_size: float) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(point_size)
        font.setBold(True)
        return font

    def paintEvent(self, event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font(max(6.0, self.common_point_size() * self._scale)))
        painter.setPen(self.colour)
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.text)
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


class FlowLayout(QLayout):
    """Widgets left to right, wrapping into as many rows as the width needs; every row as tall as the tallest
    widget, so rows are one pitch apart (a scroll area then scrolls by whole rows)."""

    def __init__(self, parent=None, spacing: int = 10):
        super().__init__(parent)
        self.items = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item) -> None:  # noqa: N802 (Qt override)
        self.items.append(item)

    def count(self) -> int:
        return len(self.items)

    def itemAt(self, index: int):  # noqa: N802
        return self.items[index] if 0 <= index < len(self.items) else None

    def takeAt(self, index: int):  # noqa: N802
        return self.items.pop(index) if 0 <= index < len(self.items) else None

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        rows = self.rows_for(width)
        return max(0, rows * self.pitch() - self.spacing())

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        widest = max((item.sizeHint().width() for item in self._shown()), default=0)
        return QSize(widest, self.row_height())

    def setGeometry(self, rect) -> None:  # noqa: N802
        super().setGeometry(rect)
        for item, (x, row) in zip(self._shown(), self._places(rect.width()), strict=True):
            item.setGeometry(QRect(rect.x() + x, rect.y() + row * self.pitch(), item.sizeHint().width(),
                                   self.row_height()))

    def _shown(self) -> list:
        return [item for item in self.items if not item.isEmpty()]

    def _places(self, width: int) -> list[tuple[int, int]]:
        """(x, row) of every shown item when the layout is `width` wide."""
        places, x, row = [], 0, 0
        for item in self._shown():
            item_width = item.sizeHint().width()
            if x > 0 and x + item_width > width:
                x, row = 0, row + 1
            places.append((x, row))
            x += item_width + self.spacing()
        return places

    def row_height(self) -> int:
        return max((item.sizeHint().height() for item in self._shown()), default=0)

    def pitch(self) -> int:
        """From the top of one row to the top of the next."""
        return self.row_height() + self.spacing()

    def rows_for(self, width: int) -> int:
        places = self._places(width)
        return places[-1][1] + 1 if places else 0

    def rows_of_items(self, width: int) -> list[int]:
        """The row of each shown item at `width`."""
        return [row for _x, row in self._places(width)]


class ChoiceButtons(QWidget):
    """Big checkable buttons of which one is chosen (packs, players, levels); `data` per button.

    One stop of the Tab key for all of them: the arrow keys move the choice (left and right to the one beside,
    up and down to the one above or below, else on to the next row of choices), Home and End to the first and
    the last. While the keyboard is here the chosen button wears the focus frame (its `keyfocus` property)."""

    changed = Signal(object)

    def __init__(self, parent=None, columns: int = 0, flow: bool = False):
        """`columns` > 0: the buttons fill a grid of that many columns instead of one row; `flow`: they wrap
        into rows as wide as the widget (FlowLayout)."""
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.columns = columns
        self.row = self.grid = self.flow = None
        if columns:
            self.grid = QGridLayout(self)
            self.grid.setContentsMargins(0, 0, 0, 0)
            self.grid.setSpacing(10)
        elif flow:
            self.flow = FlowLayout(self)
        else:
            self.row = QHBoxLayout(self)
            self.row.setContentsMargins(0, 0, 0, 0)
            self.row.setSpacing(10)
            self.row.addStretch()
        self.buttons: list[QToolButton] = []
        self.pictures: list[tuple] = []  # per button: its emoji, size at scale 1 and image (or None)
        self.picture_scale = 1.0
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.group.idClicked.connect(lambda index: self.changed.emit(self.itemData(index)))
        self.group.idToggled.connect(lambda _index, _checked: self._mark_focus())

    def clear(self) -> None:
        for button in self.buttons:
            self.group.removeButton(button)
            self.layout().removeWidget(button)  # out of the row now, not only when the event loop deletes it
            button.hide()
            button.deleteLater()
        self.buttons, self.pictures = [], []

    def add(self, text: str, data, tooltip: str = "", picture: str = "", picture_size: int = 40,
            image: QPixmap | None = None) -> QToolButton:
        """A button with `text` under a big `picture` (an emoji, drawn as an icon, or an `image`)."""
        button = QToolButton()
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard comes to the row (ChoiceButtons) instead
        button.setToolTip(tooltip)
        button.setProperty("choice", True)
        button.setProperty("keyfocus", False)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon if picture or image is not None
                                  else Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.choice_data = data
        self.group.addButton(button, len(self.buttons))
        if self.columns:
            self.grid.addWidget(button, len(self.buttons) // self.columns, len(self.buttons) % self.columns)
        elif self.flow is not None:
            self.flow.addWidget(button)
        else:
            self.row.insertWidget(self._insert_at(), button)
        self.buttons.append(button)
        self.pictures.append((picture, picture_size, image))
        self._draw_picture(len(self.buttons) - 1)
        self.setItemText(len(self.buttons) - 1, text)
        self._mark_focus()
        return button

    def set_picture_scale(self, scale: float) -> None:
        """Pictures drawn `scale` times their size at scale 1 (the window follows the screen's size)."""
        self.picture_scale = scale
        for index in range(len(self.buttons)):
            self._draw_picture(index)
            self.setItemText(index, self.buttons[index].text())

    def _draw_picture(self, index: int) -> None:
        picture, size, image = self.pictures[index]
        size = round(size * self.picture_scale)
        if image is not None:
            self.buttons[index].setIcon(QIcon(image))
            self.buttons[index].setIconSize(QSize(size, size))
        elif picture:
            self.buttons[index].setIcon(emoji_icon(picture, size))
            self.buttons[index].setIconSize(emoji_icon_size(picture, size))

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
        """Never elided: the button is as wide as its text needs (the row scrolls or wraps instead)."""
        button = self.buttons[index]
        button.setText(text)
        if button.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonTextOnly:  # a picture: under it, or alone
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon if text
                                      else Qt.ToolButtonStyle.ToolButtonIconOnly)
        button.ensurePolished()
        button.setMinimumWidth(max(button.sizeHint().width(), getattr(self, "card_width", 0)))
        self.updateGeometry()

    def set_card_width(self, width: int) -> None:
        """Every button at least `width` px wide (0: as wide as its text), kept when texts or styles change."""
        if width != getattr(self, "card_width", 0):
            self.card_width = width
            for index, button in enumerate(self.buttons):
                self.setItemText(index, button.text())

    # ------------------------------------------------------------------ the keyboard
    def focus_index(self) -> int:
        """The button the keyboard is on: the chosen one, else the first."""
        return self.currentIndex() if self.currentIndex() >= 0 else (0 if self.buttons else -1)

    def keyPressEvent(self, event):  # noqa: N802 (Qt override)
        key, index = event.key(), self.focus_index()
        if index < 0 or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        last = len(self.buttons) - 1
        target = {Qt.Key.Key_Left: index - 1, Qt.Key.Key_Right: index + 1, Qt.Key.Key_Home: 0,
                  Qt.Key.Key_End: last}.get(key)
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            target = self._neighbour(index, -1 if key == Qt.Key.Key_Up else 1)
            if target is None:  # no button above or below: on to the row of choices before or after
                self.focusNextPrevChild(key == Qt.Key.Key_Down)
                return
        elif key == Qt.Key.Key_Space and self.currentIndex() < 0:
            target = index
        if target is None:
            super().keyPressEvent(event)
            return
        if 0 <= target <= last:
            self.setCurrentIndex(target)
        event.accept()

    def _neighbour(self, index: int, step: int) -> int | None:
        """The button in the row above (`step` -1) or below (1) nearest `index`'s middle, None when none is."""
        rows = self.rows()
        here = next(number for number, row in enumerate(rows) if index in row)
        if not 0 <= here + step < len(rows):
            return None
        middle = self.buttons[index].geometry().center().x()
        return min(rows[here + step], key=lambda i: abs(self.buttons[i].geometry().center().x() - middle))

    def rows(self) -> list[list[int]]:
        """The buttons' indexes row by row, as they are shown (the chosen one, its frame thicker, is a little
        taller than the others of its row: rows are told apart by their middles)."""
        rows: list[list[int]] = []
        last = None
        for index in sorted(range(len(self.buttons)), key=lambda i: self.buttons[i].geometry().center().y()):
            geometry = self.buttons[index].geometry()
            if last is None or geometry.center().y() - last > geometry.height() / 2:
                rows.append([])
                last = geometry.center().y()
            rows[-1].append(index)
        return [sorted(row, key=lambda i: self.buttons[i].x()) for row in rows]

    def focusInEvent(self, event):  # noqa: N802
        super().focusInEvent(event)
        self._mark_focus()

    def focusOutEvent(self, event):  # noqa: N802
        super().focusOutEvent(event)
        self._mark_focus()

    def _mark_focus(self) -> None:
        """The focus frame (style sheet: `keyfocus`) on the keyboard's button while the keyboard is here."""
        focused = self.focus_index() if self.hasFocus() else -1
        for index, button in enumerate(self.buttons):
            if button.property("keyfocus") != (index == focused):
                button.setProperty("keyfocus", index == focused)
                button.style().unpolish(button)
                button.style().polish(button)
                button.update()


class ChoiceRow(QScrollArea):
    """A row of big buttons (ChoiceButtons) as tall as they are; it scrolls sideways only when more buttons
    than fit are in it (many packs), never hiding part of one below. The chosen button is scrolled into view."""

    def __init__(self, buttons: QWidget, parent=None):
        super().__init__(parent)
        self.setWidget(buttons)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard goes to the buttons, not the scroll area
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        buttons.installEventFilter(self)
        if isinstance(buttons, ChoiceButtons):
            buttons.changed.connect(lambda _data: QTimer.singleShot(0, self.show_current))

    def show_current(self) -> None:
        buttons = self.widget()
        index = buttons.currentIndex()
        if 0 <= index < buttons.count():
            self.ensureWidgetVisible(buttons.buttons[index], 0, 0)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self.updateGeometry)  # once the buttons' own layout has settled
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget().sizeHint()
        return QSize(inner.width(), inner.height() + self.horizontalScrollBar().sizeHint().height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, self.sizeHint().height())


class ChoiceGrid(QWidget):
    """Many big buttons (a flowing ChoiceButtons: a class of 25 players) wrapped into rows: as many whole rows in
    view as fit, the others one press of the big up and down buttons away (or a swipe, or the wheel), a row at
    a time, so no button is ever half in view. `lead` (the "new player" card) stays first, never scrolled
    away. The chosen button is always scrolled into view."""

    def __init__(self, buttons: ChoiceButtons, lead: QWidget | None = None, parent=None):
        """`buttons` made with `flow=True`."""
        super().__init__(parent)
        if buttons.flow is None:
            raise ValueError("a ChoiceGrid needs flowing ChoiceButtons (flow=True)")
        self.buttons, self.lead = buttons, lead
        self.area = QScrollArea(self)
        self.area.setWidget(buttons)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.viewport().installEventFilter(self)  # the wheel: a row at a time
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.up, self.down = QToolButton(self), QToolButton(self)
        for arrow, text, step in ((self.up, "▲", -1), (self.down, "▼", 1)):
            arrow.setText(text)
            arrow.setProperty("choice", True)
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            arrow.setAutoRepeat(True)
            arrow.clicked.connect(lambda _checked=False, step=step: self.scroll_rows(step))
        if lead is not None:
            lead.setParent(self)
            lead.installEventFilter(self)
        buttons.installEventFilter(self)
        self.area.verticalScrollBar().valueChanged.connect(lambda _value: self._update_arrows())
        self.area.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self.show_current())
        buttons.changed.connect(lambda _data: self.show_current())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.shown_rows = 1
        self._wheel = 0
        self._relayout_posted = False
        self._hint = QSize()

    # ------------------------------------------------------------------ geometry
    def _lead_width(self) -> int:
        return self.lead.sizeHint().width() if self.lead is not None and not self.lead.isHidden() else 0

    def _area_left(self) -> int:
        lead = self._lead_width()
        return lead + self.buttons.flow.spacing() if lead else 0

    def _arrow_width(self) -> int:
        return max(40, round(self.row_height() * 0.7))

    def row_height(self) -> int:
        """The buttons' rows (the lead is made as tall); the lead's own height before any button is there."""
        return self.buttons.flow.row_height() or (self.lead.sizeHint().height() if self.lead is not None else 0)

    def pitch(self) -> int:
        return self.row_height() + self.buttons.flow.spacing()

    def _layout_for(self, width: int, height: int) -> tuple[int, int, int, bool]:
        """(area width, rows in all, rows in view, arrows shown) for a `width` x `height` grid."""
        flow, spacing = self.buttons.flow, self.buttons.flow.spacing()
        fit = max(1, (height + spacing) // max(1, self.pitch()))
        area_width = max(1, width - self._area_left())
        rows = flow.rows_for(area_width)
        arrows = rows > fit
        if arrows:
            area_width = max(1, area_width - self._arrow_width() - spacing)
            rows = flow.rows_for(area_width)
        return area_width, rows, max(1, min(rows, fit)), arrows

    def sizeHint(self) -> QSize:  # noqa: N802
        """Every row (at the width it has now); the page's layout gives less on a small screen."""
        width = self.width() if self.width() > 1 else 1024
        _area_width, rows, _shown, _arrows = self._layout_for(width, 1 << 20)
        height = max(1, rows) * self.pitch() - self.buttons.flow.spacing()
        return QSize(self._area_left() + self.buttons.flow.minimumSize().width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """One row, and room for the widest button beside the lead and the arrows."""
        spacing = self.buttons.flow.spacing()
        return QSize(self._area_left() + self.buttons.flow.minimumSize().width() + spacing + self._arrow_width(),
                     self.row_height())

    def resizeEvent(self, event):  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._relayout()

    def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
        kind = event.type()
        if watched is self.area.viewport() and kind == QEvent.Type.Wheel:
            self._wheel += event.angleDelta().y()
            steps = int(self._wheel / 120)
            if steps:
                self._wheel -= steps * 120
                self.scroll_rows(-steps)
            return True
        if watched in (self.buttons, self.lead) and kind in (QEvent.Type.LayoutRequest, QEvent.Type.Show,
                                                             QEvent.Type.Hide):
            self._post_relayout()
        return super().eventFilter(watched, event)

    def _post_relayout(self) -> None:
        if not self._relayout_posted:
            self._relayout_posted = True
            QTimer.singleShot(0, self._relayout)

    def _relayout(self) -> None:
        """The lead top left, the scroll area beside it showing whole rows, the arrows on the right."""
        self._relayout_posted = False
        spacing, row_height = self.buttons.flow.spacing(), self.row_height()
        area_width, rows, shown, arrows = self._layout_for(self.width(), self.height())
        self.shown_rows = shown
        area_height = shown * self.pitch() - spacing
        if self._lead_width():
            self.lead.setGeometry(0, 0, self._lead_width(), row_height)
        self.area.setGeometry(self._area_left(), 0, area_width, area_height)
        self.up.setVisible(arrows)
        self.down.setVisible(arrows)
        if arrows:
            left, half = self.width() - self._arrow_width(), max(1, (area_height - spacing) // 2)
            self.up.setGeometry(left, 0, self._arrow_width(), half)
            self.down.setGeometry(left, area_height - half, self._arrow_width(), half)
        QScroller.scroller(self.area.viewport()).setSnapPositionsY(
            [float(row * self.pitch()) for row in range(max(1, rows))])  # a swipe ends on a row
        if self.sizeHint() != self._hint:
            self._hint = self.sizeHint()
            self.updateGeometry()
        self.show_current()
        self._update_arrows()

    # ------------------------------------------------------------------ scrolling
    def top_row(self) -> int:
        return round(self.area.verticalScrollBar().value() / max(1, self.pitch()))

    def scroll_rows(self, step: int) -> None:
        """`step` rows down (up when negative), never past the first or the last."""
        bar = self.area.verticalScrollBar()
        bar.setValue(max(0, min((self.top_row() + step) * self.pitch(), bar.maximum())))

    def show_current(self) -> None:
        """Scroll (by whole rows) until the chosen button is in view."""
        index = self.buttons.currentIndex()
        if index < 0:
            return
        rows = self.buttons.flow.rows_of_items(self.area.width())
        if index >= len(rows):
            return
        row, top = rows[index], self.top_row()
        if row < top:
            top = row
        elif row >= top + self.shown_rows:
            top = row - self.shown_rows + 1
        bar = self.area.verticalScrollBar()
        bar.setValue(min(top * self.pitch(), bar.maximum()))

    def _update_arrows(self) -> None:
        bar = self.area.verticalScrollBar()
        self.up.setEnabled(bar.value() > 0)
        self.down.setEnabled(bar.value() < bar.maximum())


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
