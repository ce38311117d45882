"""Coaching on the screen: the cue card with the mascot's moving part, read aloud, calm mode, the teacher view's
measures, and the whole path from the face mesh in the worker to the cue, with a scripted camera."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.play import coaching
from actor_trainer.play.actions import ACTION_NAMES, ACTIONS
from actor_trainer.ui.coaching import (
    ACTION_FACES,
    CALM_PERIOD_SECONDS,
    PART_RINGS,
    PERIOD_SECONDS,
    ActionPicture,
    CoachCard,
    action_face,
    cue_text,
    swing,
    teacher_lines,
)
from actor_trainer.ui.i18n import TEXTS
from actor_trainer.ui.main_window import MainWindow
from actor_trainer.ui.mascot import NEUTRAL_FACE
from tests.face_shapes import synthetic_face
from tests.test_app import Director, FakeClassifierPipeline, make_services, store  # noqa: F401 (a fixture)


def test_every_action_has_words_in_both_languages_a_mascot_face_and_a_part_to_ring():
    for action in ACTION_NAMES:
        for key in (f"coach_{action}", f"coach_name_{action}"):
            swedish, english = TEXTS[key]
            assert swedish and english and swedish != english
        assert action_face((action,), 1.0) != NEUTRAL_FACE  # the mascot shows the movement
        assert action_face((action,), 0.0) == NEUTRAL_FACE
    assert set(ACTION_FACES) == set(ACTION_NAMES)
    assert {action.part for action in ACTIONS} <= set(PART_RINGS)


def test_the_card_announces_each_new_cue_once_and_hides_when_empty(qtbot):
    screen = QWidget()  # the play screen it sits in
    qtbot.addWidget(screen)
    card = CoachCard(screen)
    card.retranslate("en")
    screen.show()
    said = []
    card.cue_shown.connect(said.append)
    assert not card.isVisible()
    card.show_cue(("brows_raised", "mouth_opened"))
    card.show_cue(("brows_raised", "mouth_opened"))  # the same cue on the next frame: said once
    assert said == ["Lift your eyebrows high! Open your mouth!"] and card.isVisible()
    assert card.line.text() == said[0] and card.picture.actions == ("brows_raised", "mouth_opened")
    qtbot.waitUntil(lambda: card.picture.amount > 0.05, timeout=3000)  # the mascot moves its brows and mouth
    card.retranslate("sv")
    assert card.line.text() == "Lyft ögonbrynen högt! Öppna munnen!"
    card.show_cue(())
    assert card.line.text() == "" and card.picture.actions == () and not card.isVisible()
    card.show_cue(("brows_raised",))
    assert said[-1] == "Lyft ögonbrynen högt!"


def test_calm_mode_moves_the_mascot_slower(qtbot):
    assert swing(0.0) == 0.0 and swing(PERIOD_SECONDS / 2) == pytest.approx(1.0)
    assert swing(PERIOD_SECONDS / 2, calm=True) == pytest.approx(0.5)  # half as fast
    assert swing(CALM_PERIOD_SECONDS / 2, calm=True) == pytest.approx(1.0)
    picture = ActionPicture()
    qtbot.addWidget(picture)
    picture.calm = True
    picture.show()
    picture.set_actions(("mouth_opened",))
    qtbot.waitUntil(lambda: picture.amount > 0.02, timeout=3000)
    assert picture.grab().toImage().pixelColor(48, 48).alpha() > 0  # it draws


def test_the_teacher_sees_every_action_of_the_expression_and_which_are_coached():
    moved = {action: 0.0 for action in ACTION_NAMES} | {"brows_raised": 0.031}
    lines = teacher_lines("surprise", moved, "en").splitlines()
    assert lines[0] == "The face against its calm face (eye distances):"
    assert lines[1] == "brows raised: +0.03 of +0.05 · reliable 0.86"
    assert lines[3].startswith("eyes wide: +0.00 · not coached, unreliable (0.70")
    assert teacher_lines("surprise", None, "sv") == "Inget lugnt ansikte uppmätt: ingen coachning."
    assert "−0,01" in teacher_lines("sad", moved | {"lip_corners_down": -0.012}, "sv")
    assert teacher_lines("neutral", moved, "en") == ""


class FakeSpeaker:
    def __init__(self):
        self.said = []

    def available_for(self, lang):
        return True

    def problem(self, lang):
        return ""

    error = ""

    def say(self, text, lang):
        self.said.append(text)

    def stop(self):
        pass

    def close(self):  # the window closes its speaker (issue 29's Speaker ends its speech thread)
        pass


class MeshPipeline(FakeClassifierPipeline):
    """The scripted classifier, with the face mesh of a calm face (or of `director.face_moves`) on every frame."""

    def __init__(self, director):
        super().__init__()
        self.director = director

    def process(self, frame, timestamp=None):
        result = super().process(frame, timestamp)
        result.mesh = synthetic_face(getattr(self.director, "face_moves", None)) if result.probs else None
        return result


BOO = Pack("Boo", "en", [Scenario("boo", "Someone jumps out: boo!", "surprise")])


@pytest.mark.parametrize("calm", [False, True])
def test_a_child_who_does_not_move_hears_which_part_of_the_face_to_move(qtbot, tmp_path, store, calm):  # noqa: F811
    director = Director()
    services = make_services(director, tmp_path, discover_packs=lambda: ([BOO], []),
                             build_pipeline=lambda: MeshPipeline(director))
    window = MainWindow(services, store)
    qtbot.addWidget(window)
    window.show()
    window.fit_to_screen(QRect(0, 0, 1280, 800))
    window.start.language.setCurrentIndex(window.start.language.findData("en"))
    window.speaker.close()  # the real one's speech thread ends; the fake is read back
    window.speaker = FakeSpeaker()
    window.start.read_aloud.setChecked(True)
    window.start.calm.setChecked(calm)
    window.start.start.click()
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    card = window.play.coach_card
    expected = ("brows_raised",) if calm else ("brows_raised", "mouth_opened")
    qtbot.waitUntil(lambda: card.picture.actions == expected, timeout=10000)  # after a few (scripted) seconds
    assert card.line.text() == cue_text(expected, "en") and card.line.isVisible()
    assert window.speaker.said[-1] == card.line.text()  # read aloud
    assert window.session.cues.calm is calm and card.picture.calm is calm
    director.face_moves = {"brow_height": 0.06, "mouth_opening": 0.25}  # the child does it
    qtbot.waitUntil(lambda: card.picture.actions == (), timeout=10000)
    assert coaching.coached_actions("surprise")[:2] == ("brows_raised", "mouth_opened")
    window.close()


def test_no_mesh_no_coaching(qtbot, tmp_path, store):  # noqa: F811
    director = Director()
    services = make_services(director, tmp_path, discover_packs=lambda: ([BOO], []))
    window = MainWindow(services, store)
    qtbot.addWidget(window)
    window.show()
    window.start.start.click()
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    clock = services.clock
    qtbot.waitUntil(lambda: clock.now > 8.0, timeout=10000)  # well past the first cue's wait
    assert window.play.coach_card.actions == () and window.session.view.moved is None
    window.close()

