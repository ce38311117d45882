"""Every screen at 1024x600 (the smallest supported), 1280x800 and 1920x1080: no button or label text cut,
nothing overlapping, everything inside the window."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

from actor_trainer.packs.scenarios import Problem
from actor_trainer.ui.main_window import MainWindow
from actor_trainer.ui.mascot import Mascot
from actor_trainer.ui.rewards import Celebration, JourneyMap, StickerSheet
from actor_trainer.ui.widgets import FeedbackWord, HoldRing, Meter, MirrorView, TargetGauge
from tests.test_app import PACK, Director, make_services

SIZES = [(1024, 600), (1280, 800), (1920, 1080)]
PAINTED = (MirrorView, FeedbackWord, HoldRing, Meter, TargetGauge, Celebration, Mascot, JourneyMap, StickerSheet)
PROBLEMS = [Problem(Path("/home/teacher/packs/zoo.toml"), 12, "unknown expression 'hapy' (did you mean happy?)"),
            Problem(Path("/home/teacher/packs/zoo.toml"), 30, "a situation needs a text"),
            Problem(Path("/home/teacher/packs/trip.toml"), 1, "not a TOML file: expected '=' after a key"),
            Problem(Path("/home/teacher/packs/trip2.toml"), 4, "a situation needs a text")]


def inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def shown_parts(window) -> list[QWidget]:
    """Buttons, labels with text and painted widgets that are visible on the current screen."""
    parts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() == 0:
            continue
        if isinstance(widget, QScrollArea):
            parts.append(widget)
        elif inside_scroll_area(widget):
            continue
        elif isinstance(widget, (QAbstractButton, *PAINTED)) or isinstance(widget, QLabel) and (
                widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull()):
            parts.append(widget)
    return parts


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
    return f"{type(widget).__name__} {text!r}" if text else type(widget).__name__


def rect_in_window(widget: QWidget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def problems_on_screen(window, name: str) -> list[str]:
    found = []
    parts = shown_parts(window)
    frame = window.rect()
    for widget in parts:
        where = f"{name}: {describe(widget)}"
        if not frame.contains(rect_in_window(widget, window)):
            found.append(f"{where} sticks out of the window")
        if isinstance(widget, QAbstractButton) and widget.width() < widget.sizeHint().width():
            found.append(f"{where} is cut: {widget.width()} < {widget.sizeHint().width()} px")
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap() and widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{where} is cut: {widget.height()} < {widget.heightForWidth(widget.width())} px high")
            if not widget.wordWrap() and widget.width() < widget.sizeHint().width():
                found.append(f"{where} is cut: {widget.width()} < {widget.sizeHint().width()} px wide")
    for first, second in itertools.combinations(parts, 2):
        if first.isAncestorOf(second) or second.isAncestorOf(first):
            continue
        if rect_in_window(first, window).intersects(rect_in_window(second, window)):
            found.append(f"{name}: {describe(first)} overlaps {describe(second)}")
    return found





@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_screen_fits(qtbot, tmp_path, store, size, lang):
    director = Director()
    services = make_services(director, tmp_path, celebration_ms=60_000, discover_packs=lambda: ([PACK], PROBLEMS))
    window = MainWindow(services, store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(*size)
    window.start.language.setCurrentIndex(window.start.language.findData(lang))
    window.players.add("Alexandra", "🦄")
    window.reload_players("Alexandra")
    problems = []

    def check(name):
        qtbot.wait(60)
        problems.extend(problems_on_screen(window, name))

    check("start")
    assert "zoo.toml, line 12: unknown expression 'hapy'" in window.start.problems.text() or lang == "sv"
    assert "/home/teacher" not in window.start.problems.text()
    window.start.show_settings()
    check("settings")
    window.start.show_new_player()
    check("new player")
    window.start.show_main()
    window.start.start.click()
    qtbot.waitUntil(lambda: window.play.mirror.image is not None, timeout=10000)
    check("calibration")
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    qtbot.wait(100)
    check("play")
    window.play.toggle_teacher_view()
    check("play with the teacher view")
    window.play.toggle_teacher_view()
    window.toggle_pause()
    check("pause")
    window.toggle_pause()
    window.ask_to_stop()
    check("stop?")
    window.ask_to_stop()
    director.expression = "sad"
    qtbot.waitUntil(lambda: window.play.pages.currentIndex() == window.play.SUCCESS, timeout=10000)
    check("success")
    window.advance()
    window.ask_to_stop()
    window.stop_game()
    check("summary")
    window.error.show_error("no_camera", "No camera found at index 0.", lang)
    window.stack.setCurrentWidget(window.error)
    check("no camera")
    window.close()
    assert problems == []


@pytest.fixture
def store(tmp_path):
    from PySide6.QtCore import QSettings

    from actor_trainer.ui.main_window import SettingsStore
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
