"""Waiting on what a Qt test needs instead of sleeping a fixed time: here, for a window's layout to settle."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSlider, QApplication, QWidget


def layout_snapshot(window: QWidget) -> list[tuple]:
    """Where every widget of `window` (itself included) is, whether it is shown, and how far each scroll bar
    scrolls: what a layout pass can change."""
    snapshot = []
    for widget in (window, *window.findChildren(QWidget)):
        extent = widget.maximum() if isinstance(widget, QAbstractSlider) else None
        snapshot.append((widget.geometry().getRect(), widget.isVisible(), extent))
    return snapshot


def wait_until_settled(qtbot, window: QWidget, rounds: int = 2, timeout: int = 5000) -> None:
    """Process events until no widget of `window` moves, resizes, appears, disappears or changes its scroll range
    for `rounds` polls in a row: the posted layout requests, the deferred updateGeometry calls and the window
    system's resize events have all been handled."""
    seen: list[list[tuple]] = []

    def settled() -> bool:
        QApplication.processEvents()
        seen.append(layout_snapshot(window))
        del seen[:-(rounds + 1)]
        return len(seen) == rounds + 1 and all(each == seen[-1] for each in seen)

    qtbot.waitUntil(settled, timeout=timeout)
