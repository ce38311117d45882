"""What every screen builds with: buttons with shortcuts, plain-text labels, margins and mascot pictures
drawn to the screen's scale."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QWidget

from actor_trainer.ui.control_icons import control_icon
from actor_trainer.ui.mascot import mascot_image


def key_button(*shortcuts: str) -> QPushButton:
    """A button with keyboard shortcuts that work while its screen is shown (Qt ignores hidden ones).

    QShortcut rather than setShortcut: QPushButton.setText() would clear a shortcut on every retranslation.
    """
    button = QPushButton()
    button.setMinimumHeight(48)
    for keys in shortcuts:
        QShortcut(QKeySequence(keys), button, button.animateClick)
    return button


def text_label(name: str = "", wrap: bool = False, centre: bool = False) -> QLabel:
    """A plain-text label (never HTML), `name` its style-sheet object name."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # pack texts and names are shown as written, never as HTML
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    if centre:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def scaled_margins(layout, scale: float, left: int, top: int, right: int, bottom: int) -> None:
    """The layout's margins, given at scale 1, for the screen's scale."""
    layout.setContentsMargins(*(round(value * scale) for value in (left, top, right, bottom)))


def mascot_pixmap(expression: str, size: int) -> QPixmap:
    """The mascot making `expression`, `size` pixels square."""
    return QPixmap.fromImage(mascot_image(expression, size))


def fit_text(label: QLabel, width: int, max_height: int, smallest: float = 0.5) -> float:
    """Shrink a word-wrapped label's type until its text fits `width` x `max_height` px, down to `smallest` of
    its style sheet's size (a teacher's long story on a 1024x600 screen); a text that fits keeps the style's
    size. Returns the share of the style's size used (1.0: unchanged)."""
    label.setStyleSheet("")
    label.ensurePolished()
    font = QFont(label.font())
    points = font.pointSizeF()
    if width <= 0 or max_height <= 0 or points <= 0 or not label.text():
        return 1.0
    share = 1.0
    while share > smallest:
        font.setPointSizeF(points * share)
        needed = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap),
                                                 label.text()).height()
        if needed <= max_height:
            break
        share = max(smallest, share - 0.05)
    if share < 1.0:
        label.setStyleSheet(f"font-size: {points * share:.1f}pt;")
    return share


def spoken_text(text: str) -> str:
    """A button's label as it is read aloud: without its keys ("Stop (Esc)" -> "Stop"), a card's lines one
    after the other ("At home, 14 at this level (of 15)")."""
    text = re.sub(r"\s*\(\S+\)\s*$", "", text.replace("&", "")).strip()  # a key has no space: "(Ctrl+T)"
    return ", ".join(line.strip() for line in text.splitlines() if line.strip())  # a card's two lines


class ReadOnHover(QObject):
    """Calls `say(label)` when the pointer comes onto a child's button or the keyboard moves to it, so that a
    child who cannot read hears what it does (the window says it only while read-aloud is on)."""

    def __init__(self, say, parent=None):
        super().__init__(parent)
        self.say = say

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(watched, QAbstractButton) and watched.isEnabled() and (
                event.type() == QEvent.Type.Enter or event.type() == QEvent.Type.FocusIn
                and event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)):
            text = spoken_text(watched.text())
            if text:
                self.say(text)
        return False


def picture_buttons(pictures: dict, size: int) -> None:
    """Give each button of `pictures` ({button: control_icons kind}) its picture at `size` px."""
    for button, kind in pictures.items():
        button.setIcon(control_icon(kind, size * 2))  # drawn at twice the size: sharp on a HiDPI screen
        button.setIconSize(QSize(size, size))


def keep_room_when_hidden(widget: QWidget) -> None:
    """A widget that is hidden for a while keeps its room, so that nothing else on the screen moves."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)

