"""What every screen builds with: buttons with shortcuts, plain-text labels, margins and mascot pictures
drawn to the screen's scale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton

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
