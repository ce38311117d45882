"""Draw the mascot's contact sheet: the seven expressions (named in both languages) and a face easing
from calm to each of two targets, as the game shows the child's face "landing" on the target.

    python tools/mascot_sheet.py [OUT.png]      (default docs/screenshots/mascot.png)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.ui.i18n import expression_name
from actor_trainer.ui.mascot import mascot_image

CELL = 220
LABEL = 52


def contact_sheet() -> QImage:
    columns = 7
    blends = [("neutral", "happy"), ("neutral", "surprise")]
    steps = (0.0, 0.25, 0.5, 0.75, 1.0)
    small = CELL * 7 // 10
    height = CELL + LABEL + len(blends) * (small + 16) + 24
    sheet = QImage(columns * CELL, height, QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#e3f2fd"))
    painter = QPainter(sheet)
    font = QFont()
    font.setPixelSize(19)
    font.setBold(True)
    painter.setFont(font)
    for index, expression in enumerate(EXPRESSIONS):
        painter.drawImage(index * CELL, 0, mascot_image(expression, CELL))
        painter.setPen(QColor("#37474f"))
        label = f"{expression_name(expression, 'en')}\n{expression_name(expression, 'sv')}"
        painter.drawText(QRectF(index * CELL, CELL - 10, CELL, LABEL + 8), Qt.AlignmentFlag.AlignCenter, label)
    top = CELL + LABEL + 16
    for row, (start, end) in enumerate(blends):
        y = top + row * (small + 16)
        for step, amount in enumerate(steps):
            image = mascot_image({start: 1 - amount, end: amount}, small)
            painter.drawImage(int(CELL * 0.6 + step * small * 1.25), y, image)
        painter.setPen(QColor("#90a4ae"))
        arrow = QRectF(CELL * 0.6 + len(steps) * small * 1.25, y, CELL * 1.5, small)
        painter.drawText(arrow, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         f"{expression_name(start, 'en')} → {expression_name(end, 'en')}")
    painter.end()
    return sheet


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots" / "mascot.png"
    contact_sheet().save(str(out))
    print(out)
