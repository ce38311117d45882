"""Draw the face that `actor-trainer --self-test` runs the model on: the game's own mascot, smiling,
on a dark grey 640x480 frame (a drawing of ours, so it can ship; no dataset image ever does).

    QT_QPA_PLATFORM=offscreen python tools/make_selftest_face.py      (writes assets/selftest-face.png)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

from actor_trainer.ui.mascot import mascot_image

OUT = Path(__file__).resolve().parent.parent / "assets" / "selftest-face.png"
FRAME = (640, 480)
FACE = 300  # pixels; the Haar cascade finds it from 260 to 340 on this background


def selftest_face() -> QImage:
    frame = QImage(*FRAME, QImage.Format.Format_RGB32)
    frame.fill(QColor(60, 60, 60))  # the cascade misses it on light grey
    painter = QPainter(frame)
    painter.drawImage((FRAME[0] - FACE) // 2, (FRAME[1] - FACE) // 2, mascot_image("happy", FACE))
    painter.end()
    return frame


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QPainter needs one)
    if not selftest_face().save(str(out)):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
