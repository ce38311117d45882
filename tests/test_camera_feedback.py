"""What the camera sees reaches the child and the teacher: too dark, too far, turned away, two faces."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt

from actor_trainer.play.session import Feedback, Phase, View
from actor_trainer.ui.i18n import tr
from actor_trainer.ui.main_window import MainWindow
from actor_trainer.ui.screens.play import PlayScreen
from actor_trainer.vision.pipeline import CAMERA_CONDITIONS, NOT_JUDGED
from tests.test_app import EXPRESSIONS, Director, FakeResult, make_services, store  # noqa: F401 (store: a fixture)

EMOJI = {"too_dark": "💡", "too_far": "🔍", "turned_away": "👀", "two_faces": "👤", "too_close": "🔙",
         "backlit": "☀️", "covered": "✋", "brows_hidden": "💇", "glare": "👓"}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("camera", CAMERA_CONDITIONS)
def test_each_camera_condition_has_a_short_message_with_a_picture_and_a_teacher_line(qtbot, camera, lang):
    play = PlayScreen()
    qtbot.addWidget(play)
    play.retranslate(lang)
    feedback = Feedback.NO_FACE if camera in NOT_JUDGED else Feedback.TRY
    play.show_live(View(Phase.PLAYING, feedback, total=3, camera=camera))
    message = play.mirror.message
    assert message == tr(f"cam_{camera}", lang) and EMOJI[camera] in message
    assert len([word for word in message.split() if word.isalpha()]) <= 6  # a few words for a child
    assert play.camera_note.text() == tr(f"teacher_cam_{camera}", lang) and play.camera_note.text()
    play.show_live(View(Phase.PLAYING, Feedback.TRY, total=3))  # the camera is fine again
    assert play.mirror.message == "" and play.camera_note.text() == ""


def test_swedish_and_english_messages_differ():
    for camera in CAMERA_CONDITIONS:
        assert tr(f"cam_{camera}", "sv") != tr(f"cam_{camera}", "en")


@dataclass
class CameraResult(FakeResult):
    camera: str | None = None


class CameraPipeline:
    """A child in front of the camera whose light, distance and company the test changes."""

    def __init__(self, director):
        self.director = director

    def process(self, frame, timestamp=None):
        camera = self.director.camera
        if camera == "too_dark":  # found, too dark to judge: no verdict
            return CameraResult(frame, (40, 30, 60, 60), None, None, camera=camera)
        probs = {name: 0.85 if name == "neutral" else 0.025 for name in EXPRESSIONS}
        return CameraResult(frame, (40, 30, 60, 60), probs, probs, camera=camera)

    def reset(self):
        pass


def test_the_game_shows_what_the_camera_sees_and_does_not_judge_a_dark_face(qtbot, tmp_path, store):  # noqa: F811
    director = Director()
    director.camera = "too_dark"
    window = MainWindow(make_services(director, tmp_path, build_pipeline=lambda: CameraPipeline(director)), store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start.language.setCurrentIndex(window.start.language.findData("en"))
    qtbot.mouseClick(window.start.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.play.mirror.message == "Too dark – turn on a light 💡", timeout=10000)
    assert window.play.camera_note.text().startswith("Camera: too dark")
    assert window.game is None  # a face too dark to judge does not count toward the calm-face baseline
    director.camera = "too_far"
    qtbot.waitUntil(lambda: window.play.mirror.message == "Come a little closer 🔍", timeout=10000)
    director.camera = "two_faces"
    qtbot.waitUntil(lambda: window.play.mirror.message == "Just one face, please 👤", timeout=10000)
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)  # judged meanwhile: the baseline found
    director.camera = None
    qtbot.waitUntil(lambda: window.play.mirror.message == "" and window.play.camera_note.text() == "", timeout=10000)
    window.close()
