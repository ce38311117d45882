"""A camera another program holds: it opens but gives no picture (no frames, or only black ones). The source says
`busy`, the window says "another program may be using the camera" in the child's language, and the game goes on
once the other program lets go. A camera that delivered and then stopped is still "lost", not busy."""

from __future__ import annotations

import time

import numpy as np
import pytest
from test_frames import wait_until

from actor_trainer.vision.frames import SENSIBLE_SIZE, CameraSource, is_black


class HeldCapture:
    """cv2.VideoCapture stand-in. `mode`: "fail" (reads fail: Media Foundation), "black" (black frames:
    DirectShow), "picture" (frames of gray `level`), "then_fail" (pictures, then reads fail)."""

    def __init__(self, mode: str, level: int = 90, width: float = 640):
        self.mode, self.level, self.width = mode, level, width
        self.reads = 0
        self.asked: dict[int, float] = {}

    def isOpened(self):  # noqa: N802 - OpenCV's name
        return True

    def get(self, prop):
        return self.width if prop == 3 else 0.0  # cv2.CAP_PROP_FRAME_WIDTH

    def set(self, prop, value):
        self.asked[prop] = value
        return True

    def read(self):
        self.reads += 1
        time.sleep(0.002)
        if self.mode == "fail" or (self.mode == "then_fail" and self.reads > 3):
            return False, None
        if self.mode == "black":
            return True, np.zeros((48, 64, 3), np.uint8)
        noise = np.random.default_rng(self.reads).integers(0, 3, (48, 64, 3))
        return True, (self.level + noise).astype(np.uint8)

    def release(self):
        pass


def camera_of(*captures, **options) -> tuple[CameraSource, list]:
    opened = []

    def opener(index):
        capture = captures[min(len(opened), len(captures) - 1)]
        opened.append(capture)
        return capture

    return CameraSource(0, opener=opener, reopen_seconds=0.01, **options), opened


def test_a_camera_that_opens_but_never_gives_a_frame_is_busy():
    camera, _ = camera_of(HeldCapture("fail"), failures_before_lost=2)
    try:
        assert wait_until(lambda: camera.busy and camera.lost)
        assert camera.read() is None
    finally:
        camera.close()


def test_a_camera_that_gives_only_black_frames_after_opening_is_busy_and_they_are_not_handed_out():
    camera, _ = camera_of(HeldCapture("black"), busy_seconds=0.1)
    try:
        assert wait_until(lambda: camera.busy and camera.lost)
        assert camera.read() is None and camera.frames_read == 0
    finally:
        camera.close()


def test_once_the_other_program_lets_go_the_camera_is_no_longer_busy():
    camera, opened = camera_of(HeldCapture("black"), HeldCapture("picture"), busy_seconds=0.05)
    try:
        assert wait_until(lambda: camera.busy)
        assert wait_until(lambda: len(opened) >= 2 and not camera.busy and not camera.lost)
        assert wait_until(lambda: camera.read() is not None)
    finally:
        camera.close()


def test_a_camera_that_gave_pictures_and_then_stopped_is_lost_not_busy():
    camera, _ = camera_of(HeldCapture("then_fail"), failures_before_lost=2)
    try:
        assert wait_until(lambda: camera.lost)
        assert not camera.busy
    finally:
        camera.close()


def test_a_dark_room_is_not_a_busy_camera():
    camera, _ = camera_of(HeldCapture("picture", level=1), busy_seconds=0.05)
    try:
        assert wait_until(lambda: camera.read() is not None)
        time.sleep(0.1)
        assert not camera.busy and not camera.lost
    finally:
        camera.close()


def test_black_means_exactly_black():
    assert is_black(np.zeros((480, 640, 3), np.uint8))
    assert not is_black(np.full((480, 640, 3), 1, np.uint8))


@pytest.mark.parametrize(("width", "asked"), [(3840, True), (1920, True), (1280, False), (640, False)])
def test_a_big_camera_is_asked_for_a_sensible_size(width, asked):
    capture = HeldCapture("picture", width=width)
    camera, _ = camera_of(capture)
    camera.close()
    assert (capture.asked == {3: SENSIBLE_SIZE[0], 4: SENSIBLE_SIZE[1]}) == asked


def test_a_camera_without_size_properties_still_opens():
    class Bare:
        def isOpened(self):  # noqa: N802
            return True

        def read(self):
            time.sleep(0.002)
            return True, np.full((48, 64, 3), 90, np.uint8)

        def release(self):
            pass

    camera = CameraSource(0, opener=lambda index: Bare())
    try:
        assert wait_until(lambda: camera.read() is not None)
    finally:
        camera.close()


# ---------------------------------------------------------------- the window


@pytest.mark.parametrize(("lang", "words"), [("en", "another program"), ("sv", "annat program")])
def test_the_window_says_another_program_may_use_the_camera_and_plays_once_it_lets_go(qtbot, tmp_path, lang,
                                                                                     words):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings, Qt

    from actor_trainer.ui.i18n import tr
    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from tests.test_app import Director, make_services

    released = []

    def opener(index):  # held by a video call until it ends
        return HeldCapture("picture", level=90) if released else HeldCapture("fail")

    store = SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                          first_language=lambda: lang)
    services = make_services(Director(), tmp_path, reconnect_interval=0.02,
                             open_source=lambda spec: CameraSource(int(spec), opener=opener, reopen_seconds=0.02))
    window = MainWindow(services, store, source=0)
    qtbot.addWidget(window)
    window.show()
    window.start.language.setCurrentIndex(window.start.language.findData(lang))
    qtbot.mouseClick(window.start.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    assert window.error.kind == "camera_busy"
    assert words in window.error.title.text().lower() or words in window.error.help.text().lower()
    assert tr("error_camera_busy_help", lang) == window.error.help.text()
    assert tr("retry_button", lang).split(" (")[0] in window.error.help.text()  # the button it names exists
    released.append(True)  # the video call ends
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.play, timeout=10000)
    window.stop_worker()
