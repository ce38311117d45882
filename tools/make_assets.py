"""Regenerate the small original assets: the success chime (numpy + wave) and the PNG app icon (from the SVG).

    python tools/make_assets.py
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

ASSETS = Path(__file__).resolve().parent.parent / "assets"
RATE = 22050


def chime() -> np.ndarray:
    """A rising C-E-G arpeggio of soft bell tones, 0.9 s."""
    notes = (1046.5, 1318.5, 1568.0)
    length = int(0.9 * RATE)
    signal = np.zeros(length)
    for index, frequency in enumerate(notes):
        start = int(index * 0.12 * RATE)
        t = np.arange(length - start) / RATE
        tone = np.sin(2 * np.pi * frequency * t) + 0.3 * np.sin(2 * np.pi * 2 * frequency * t)
        signal[start:] += tone * np.exp(-t * 5.0) * np.minimum(t / 0.005, 1.0)
    return (signal / np.abs(signal).max() * 0.6 * 32767).astype(np.int16)


def write_chime(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(chime().tobytes())


def write_icon_png(svg: Path, png: Path, size: int = 256) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (needed for painting)
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    image.save(str(png))


if __name__ == "__main__":
    write_chime(ASSETS / "sounds" / "chime.wav")
    write_icon_png(ASSETS / "icons" / "actor-trainer.svg", ASSETS / "icons" / "actor-trainer.png")
