"""Every camera message at 1024x600, 1280x800 and 1920x1080 in both languages: the child's line fits the band over
the mirror, the teacher view's line is not cut and overlaps nothing, and the "another program" page fits."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics

from actor_trainer.ui.i18n import tr
from actor_trainer.vision.pipeline import CAMERA_CONDITIONS, NOT_JUDGED
from tests.qt_waits import wait_until_settled
from tests.test_app import EXPRESSIONS, FakeResult
from tests.test_layout import SIZE_PARAMS, open_window, problems_on_screen, store  # noqa: F401 (store: a fixture)


@dataclass
class CameraResult(FakeResult):
    camera: str | None = None


class CameraPipeline:
    """The child's face as the director says, with what the camera sees; conditions that cannot be read are
    found and not judged, as the real pipeline does."""

    def __init__(self, director):
        self.director = director

    def process(self, frame, timestamp=None):
        camera = getattr(self.director, "camera", None)
        if camera in NOT_JUDGED:
            return CameraResult(frame, (40, 30, 60, 60), None, None, camera=camera)
        probs = {name: 0.85 if name == "neutral" else 0.025 for name in EXPRESSIONS}
        return CameraResult(frame, (40, 30, 60, 60), probs, probs, camera=camera)

    def reset(self):
        pass


def message_fits(mirror) -> str | None:
    """The band and font MirrorView.paintEvent draws the message with; None when the text fits inside."""
    font = QFont(mirror.font())
    font.setPointSize(mirror.message_point_size())
    font.setBold(True)
    band = QRectF(0, mirror.height() * 0.75, mirror.width(), mirror.height() * 0.2).toRect()
    needed = QFontMetrics(font).boundingRect(band, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                                             mirror.message)
    if needed.height() > band.height() or needed.width() > band.width():
        return f"{mirror.message!r} needs {needed.width()}x{needed.height()} in a {band.width()}x{band.height()} band"
    return None


@pytest.mark.parametrize("size", SIZE_PARAMS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_camera_message_fits_for_the_child_and_the_teacher(qtbot, tmp_path, store, size, lang):  # noqa: F811
    from tests.test_app import Director

    director = Director()
    director.camera = None
    window, _ = open_window(qtbot, tmp_path, store, size, lang, director=director,
                            build_pipeline=lambda: CameraPipeline(director))
    window.start.start.click()
    qtbot.waitUntil(lambda: window.play.mirror.image is not None, timeout=10000)
    window.play.toggle_teacher_view()
    problems = []
    for camera in CAMERA_CONDITIONS:
        director.camera = camera
        qtbot.waitUntil(lambda camera=camera: window.play.mirror.message == tr(f"cam_{camera}", lang), timeout=10000)
        wait_until_settled(qtbot, window)
        assert window.play.camera_note.text() == tr(f"teacher_cam_{camera}", lang)
        problems.extend(problems_on_screen(window, camera))
        problem = message_fits(window.play.mirror)
        if problem:
            problems.append(f"{camera}: {problem}")
    window.error.show_error("camera_busy", "", lang)
    window.stack.setCurrentWidget(window.error)
    wait_until_settled(qtbot, window)
    problems.extend(problems_on_screen(window, "camera busy"))
    window.stop_worker()
    window.close()
    assert problems == [], "\n".join(problems)
