"""The game window end to end with a scripted camera and a fake classifier (no TensorFlow, no webcam)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.people.players import PlayerStore
from actor_trainer.resources import assets_dir
from actor_trainer.ui.main_window import MainWindow, Services, SettingsStore
from actor_trainer.ui.worker import FrameWorker

NO_FACE_VALUE = 255


@dataclass
class FakeResult:
    frame: np.ndarray
    box: tuple | None
    probs: dict | None
    raw_probs: dict | None = None
    timings_ms: dict = field(default_factory=dict)


class Director:
    """What the child in front of the scripted camera does; the test changes it while the worker runs."""

    def __init__(self):
        self.expression: str | None = "neutral"  # None: nobody in view
        self.lost = False
        self.camera_present = True
        self.opened: list = []


class ScriptedSource:
    ended = False

    def __init__(self, director: Director):
        self.director = director

    @property
    def lost(self) -> bool:
        return self.director.lost

    def read(self):
        if self.director.lost:
            return None
        expression = self.director.expression
        value = NO_FACE_VALUE if expression is None else EXPRESSIONS.index(expression) * 30
        return np.full((120, 160, 3), value, np.uint8)

    def close(self):
        pass


class FakeClassifierPipeline:
    """Reads the scripted expression back out of the frame, as a confident classifier would."""

    def __init__(self):
        self.resets = 0

    def process(self, frame, timestamp=None):
        value = int(frame[0, 0, 0])
        if value == NO_FACE_VALUE:
            return FakeResult(frame, None, None)
        shown = EXPRESSIONS[value // 30]
        probs = {name: 0.85 if name == shown else 0.025 for name in EXPRESSIONS}
        return FakeResult(frame, (40, 30, 60, 60), probs, probs)

    def reset(self):
        self.resets += 1


class FakeClock:
    """Every frame is 0.1 s later, so a 1 s hold takes ten frames, not a second."""

    def __init__(self):
        self.now, self.lock = 0.0, threading.Lock()

    def __call__(self):
        with self.lock:
            self.now += 0.1
            return self.now


PACK = Pack("Test pack", "en", [Scenario("ice", "Your ice cream fell on the ground.", "sad", hint="Think of it!"),
                                Scenario("gift", "You got a puppy!", "happy"),
                                Scenario("boo", "Someone jumps out: boo!", "surprise")])


def make_services(director: Director, tmp_path: Path, pipeline_error: Exception | None = None, **overrides):
    def open_source(spec):  # a SourceSpec; `director.opened` has what it names (camera index or path text)
        if spec.is_camera and not director.camera_present:
            raise OSError(f"camera {spec.camera} did not open")
        director.opened.append(spec.camera if spec.is_camera else str(spec.path))
        return ScriptedSource(director)

    def build_pipeline():
        if pipeline_error is not None:
            raise pipeline_error
        return FakeClassifierPipeline()

    values = dict(open_source=open_source, build_pipeline=build_pipeline, discover_packs=lambda: ([PACK], []),
                  clock=FakeClock(), min_frame_interval=0.005,
                  reconnect_interval=0.02, celebration_ms=30, baseline_seconds=1.0,
                  choose_video_file=lambda parent, title: None,
                  players=PlayerStore(tmp_path / "players"))
    values.update(overrides)
    return Services(**values)


@pytest.fixture(autouse=True)
def sound_can_play(monkeypatch):
    """The window's rewards as on a computer with a sound output (tests/test_speech_never_blocks.py: without)."""
    monkeypatch.setattr("actor_trainer.ui.main_window.sound_problem", lambda: "")


@pytest.fixture
def store(tmp_path):
    """Settings of a first start on a Swedish system (tests/test_speech_and_language.py: other systems)."""
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                         first_language=lambda: "sv")


@pytest.fixture
def director():
    return Director()


@pytest.fixture
def window(qtbot, tmp_path, store, director):
    window = MainWindow(make_services(director, tmp_path), store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keyboard shortcuts need the active window
    window.start.language.setCurrentIndex(window.start.language.findData("en"))
    yield window
    window.close()


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key press; a button's shortcut animates the click, which lands when the button comes up again."""
    qtbot.keyClick(window, key, modifier)
    qtbot.waitUntil(lambda: not any(button.isDown() for button in window.findChildren(QAbstractButton)),
                    timeout=5000)


def next_frames(qtbot, window, count: int = 5) -> None:
    """Wait until the window has rendered `count` more camera frames (in the GUI thread, where they land)."""
    seen = []
    render = window.render
    window.render = lambda view: (seen.append(view), render(view))[1]
    try:
        qtbot.waitUntil(lambda: len(seen) >= count, timeout=10000)
    finally:
        del window.render  # the class's own again


def choose_player(window, name: str, avatar: str = "🦊") -> None:
    if name and name not in [player.name for player in window.players.players()]:
        window.start.show_new_player()
        window.start.new_name.setText(name)
        window.start.avatars.setCurrentIndex(window.start.avatars.findData(avatar))
        window.start.add_player.click()
    window.start.player.setCurrentIndex(window.start.player.findData(name))


def start(window, qtbot, player=""):
    choose_player(window, player)
    qtbot.mouseClick(window.start.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)  # the calm-face baseline found


def test_plays_a_whole_pack_and_saves_only_the_results(window, qtbot, director, tmp_path):
    start(window, qtbot, player="Alva")
    assert window.game.baseline.active
    seen_success = []
    play = window.play.celebration.play
    window.play.celebration.play = lambda: (seen_success.append(window.play.success_sub.text()), play())[1]
    for scenario in PACK.scenarios:
        qtbot.waitUntil(lambda s=scenario: window.game is None or window.game.current is s, timeout=10000)
        assert window.play.situation.text() == scenario.text
        director.expression = scenario.target
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary_screen, timeout=10000)
    assert seen_success == ["You were sad 😢!", "You were happy 😄!", "You were surprised 😮!"]
    summary = window.summary
    assert [row["passed"] for row in summary.scenarios] == [True, True, True]
    assert summary.stars == 9 and summary.player == "Alva"
    saved = json.loads(window.saved_path.read_text(encoding="utf-8"))  # the player's file: the one record
    assert saved["games"][-1]["pack"] == "Test pack" and len(saved["games"][-1]["situations"]) == 3
    assert not (tmp_path / "results").exists()
    assert window.summary_screen.saved.text() == "Saved for Alva."
    assert window.summary_screen.row_count == 3
    history = window.players.history("Alva")
    assert len(history) == 1 and not history[0].stopped and history[0].passed_count == 3
    assert window.play.journey.results == [True, True, True] and window.summary_screen.sheet.stars == 3


def test_nothing_is_saved_without_a_player_name(window, qtbot, director, tmp_path):
    start(window, qtbot)
    for _ in PACK.scenarios:  # each skipped after a moment with a face in view: a try (people/results.is_a_try)
        qtbot.waitUntil(lambda: window.game is not None and window.game.judge.active_seconds > 0, timeout=10000)
        press(qtbot, window, Qt.Key.Key_S)
    assert window.stack.currentWidget() is window.summary_screen
    assert [row["passed"] for row in window.summary.scenarios] == [False, False, False]
    assert window.summary.hard_expressions == [s.target for s in PACK.scenarios]  # in the game's order
    assert not (tmp_path / "results").exists() and window.saved_path is None
    assert window.summary_screen.saved.text() == "Guests are not saved."


def test_no_face_shows_a_prompt_and_the_timer_waits(window, qtbot, director):
    start(window, qtbot)
    director.expression = None
    qtbot.waitUntil(lambda: window.play.mirror.message == "Come closer to the camera 🙂", timeout=10000)
    active = window.game.judge.active_seconds
    for _ in range(5):
        next_frames(qtbot, window, 1)
        assert window.game.judge.active_seconds == active
    director.expression = "neutral"
    qtbot.waitUntil(lambda: window.game.judge.active_seconds > 0.5, timeout=10000)
    assert window.play.mirror.message == ""
    assert window.play.mirror.box is not None


def test_skip_retry_and_pause_from_the_keyboard(window, qtbot, director):
    start(window, qtbot)
    qtbot.waitUntil(lambda: window.game.judge.active_seconds > 0.3, timeout=10000)
    press(qtbot, window, Qt.Key.Key_R)
    assert window.game.attempts == 2
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.game.paused and window.play.pause.text() == "Resume (Space)"
    director.expression = "sad"
    next_frames(qtbot, window, 10)
    assert window.game.index == 0 and window.game.state.hold_fraction == 0.0
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.game.index == 1, timeout=10000)
    assert window.game.results[0].passed and window.game.results[0].attempts == 2
    press(qtbot, window, Qt.Key.Key_S)
    assert window.game.index == 2 and not window.game.results[1].passed
    press(qtbot, window, Qt.Key.Key_Escape)  # asks first
    assert window.play.asking_to_stop and window.stack.currentWidget() is window.play and window.game.paused
    press(qtbot, window, Qt.Key.Key_Escape)  # no: back to the game
    assert not window.play.asking_to_stop and not window.game.paused
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Y)  # yes, stop
    assert window.stack.currentWidget() is window.summary_screen
    assert len(window.summary.scenarios) == 3 and window.summary.stopped_at == 3
    assert window.summary_screen.title.text() == "You stopped at 3 of 3"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Escape])
def test_the_stop_questions_default_is_keep_playing(window, qtbot, director, key):
    """Esc by mistake, then the Enter a child presses on every success screen: the game goes on."""
    start(window, qtbot)
    press(qtbot, window, Qt.Key.Key_Escape)
    play = window.play
    assert play.asking_to_stop and window.game.paused
    assert play.stop_no.objectName() == "primary" and play.stop_no.hasFocus()  # the green one, chosen
    press(qtbot, window, key)
    assert window.stack.currentWidget() is play and window.session is not None and not window.session.over
    assert not play.asking_to_stop
    assert not window.game.paused and not window.session.paused_by_child  # Space answered, it did not pause too
    assert play.stop_no.text() == "No, keep playing (Enter)" and play.stop_yes.text() == "Yes, stop (Y)"
    director.expression = "sad"  # the game goes on and can be won
    qtbot.waitUntil(lambda: bool(window.game.results) and window.game.results[0].passed, timeout=10000)


def test_a_second_click_on_no_never_asks_again(window, qtbot):
    """On a real display Space on the focused No button clicks it twice (its shortcut and its own key
    release): the second click must find no question, not ask again."""
    start(window, qtbot)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.play.asking_to_stop
    window.play.stop_no.click()
    window.play.stop_no.click()
    assert not window.play.asking_to_stop and not window.session.paused


def test_only_yes_stops_by_key_or_click_in_both_languages(window, qtbot):
    start(window, qtbot)
    for key in (Qt.Key.Key_Y, Qt.Key.Key_J):  # without the question, the yes keys do nothing
        press(qtbot, window, key)
        assert window.stack.currentWidget() is window.play and not window.session.over
    for key in (Qt.Key.Key_S, Qt.Key.Key_R, Qt.Key.Key_P, Qt.Key.Key_Right):  # the game's keys rest meanwhile
        press(qtbot, window, Qt.Key.Key_Escape)
        index, attempts = window.game.index, window.game.attempts
        press(qtbot, window, key)
        assert window.play.asking_to_stop and not window.session.paused_by_child
        assert (window.game.index, window.game.attempts) == (index, attempts)
        press(qtbot, window, Qt.Key.Key_Return)
    window.set_language("sv")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.play.stop_yes.text() == "Ja, sluta (J)" and window.play.stop_no.text() == "Nej, spela vidare (Enter)"
    press(qtbot, window, Qt.Key.Key_J)  # J for "Ja"
    assert window.stack.currentWidget() is window.summary_screen and window.summary.stopped_at == 1
    press(qtbot, window, Qt.Key.Key_Escape)  # back to start
    start(window, qtbot)
    press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.mouseClick(window.play.stop_yes, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.summary_screen


@pytest.mark.slow  # 3 s of frames
def test_the_mascot_waits_calmly_while_asked_and_copies_again_after_no(window, qtbot, director):
    start(window, qtbot)
    mascot = window.play.mascot
    director.expression = "happy"  # not the target (sad): no pass, the mascot copies a big laugh
    qtbot.waitUntil(lambda: mascot.goal.teeth > 0.5, timeout=10000)
    copied = mascot.goal
    press(qtbot, window, Qt.Key.Key_Escape)
    next_frames(qtbot, window, 3)
    calm = mascot.goal
    assert calm != copied and calm.teeth == calm.tears == calm.grit == calm.mouth_open == 0
    assert abs(calm.mouth_curve) < 0.5 and calm.eye_open == 1.0

    from actor_trainer.ui.mascot import WAITING_FACE, mirrored_face
    assert mascot.waiting and calm == WAITING_FACE
    press(qtbot, window, Qt.Key.Key_Return)
    assert not mascot.waiting
    next_frames(qtbot, window, 2)
    assert mascot.goal == copied == mirrored_face("happy", 0.85)


def test_camera_loss_pauses_and_recovers(window, qtbot, director):
    start(window, qtbot)
    qtbot.waitUntil(lambda: window.game.judge.active_seconds > 0, timeout=10000)
    director.lost = True
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    assert window.error.kind == "camera_lost" and window.game.paused
    assert window.error.title.text() == "The camera was lost"
    director.lost = False
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.play, timeout=10000)
    assert not window.game.paused
    director.expression = "sad"
    qtbot.waitUntil(lambda: window.game.index == 1, timeout=10000)


def test_retry_after_a_lost_camera_resumes_the_game(window, qtbot, director):
    start(window, qtbot)
    qtbot.waitUntil(lambda: window.game.judge.active_seconds > 0, timeout=10000)
    director.lost = True
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    director.lost = False
    window.retry_source()  # "Try again" instead of waiting for the camera
    qtbot.waitUntil(lambda: not window.game.paused, timeout=10000)
    assert window.stack.currentWidget() is window.play


def test_worker_closes_every_source_it_opened_when_a_video_replays(qtbot):
    opened = []

    class EndingVideo:
        lost = False

        def __init__(self):
            self.ended, self.closed, self.reads = False, False, 0
            opened.append(self)

        def read(self):
            self.reads += 1
            if self.reads > 3:
                self.ended = True
                return None
            return np.zeros((10, 10, 3), np.uint8)

        def close(self):
            self.closed = True

    worker = FrameWorker(EndingVideo, pipeline=FakeClassifierPipeline(), min_interval=0.001, is_camera=False)
    worker.start()
    qtbot.waitUntil(lambda: len(opened) > 2, timeout=5000)
    worker.stop()
    assert worker.wait(5000)
    assert all(video.closed for video in opened)


def test_no_camera_offers_retry_and_a_video_file(qtbot, tmp_path, store, director):
    director.camera_present = False
    services = make_services(director, tmp_path, choose_video_file=lambda parent, title: str(tmp_path / "clip.mp4"))
    window = MainWindow(services, store)
    qtbot.addWidget(window)
    start_button = window.start.start
    qtbot.mouseClick(start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    assert window.error.kind == "no_camera" and "did not open" in window.error.details.text()
    qtbot.mouseClick(window.error.retry, Qt.MouseButton.LeftButton)  # still no camera
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    qtbot.mouseClick(window.error.video, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    assert director.opened == [str(tmp_path / "clip.mp4")]
    window.close()


def test_broken_model_shows_a_friendly_screen(qtbot, tmp_path, store, director):
    window = MainWindow(make_services(director, tmp_path, pipeline_error=RuntimeError("model.keras is corrupt")), store)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.start.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    assert window.error.kind == "model" and "corrupt" in window.error.details.text()
    qtbot.mouseClick(window.error.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.start
    window.close()


SWEDISH_PACK = Pack("Svenska", "sv", [Scenario("glass", "Glassen ramlade i marken.", "sad")])


def test_language_switch_translates_every_screen(window, qtbot):
    window.services.discover_packs = lambda: ([PACK, SWEDISH_PACK], [])
    window.reload_packs()
    assert window.start.start.text() == "Start (Enter)"
    window.start.language.setCurrentIndex(window.start.language.findData("sv"))
    assert window.start.start.text() == "Starta (Enter)"
    assert "Lagom" in window.start.level.buttons[window.start.level.currentIndex()].text()
    assert window.windowTitle() == "Skådespelarträning"
    assert window.start.pack.currentData() is SWEDISH_PACK  # a pack in the new language
    start(window, qtbot)
    assert window.play.skip.text() == "Hoppa över (S)"
    assert window.play.target.text() == "Visa: ledsen\u00a0😢"
    assert window.play.stop.text() == "Sluta (Esc)"
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.play.confirm_title.text() == "Vill du sluta spela?"
    press(qtbot, window, Qt.Key.Key_J)  # "Ja, sluta (J)"
    assert window.summary_screen.title.text() == "Du slutade vid 1 av 1"
    assert window.summary_screen.back.text() == "Till början (Esc)"


def test_hard_level_hides_the_target(window, qtbot):
    window.start.level.setCurrentIndex(window.start.level.findData("hard"))
    start(window, qtbot)
    assert window.play.target.text() == "How would you feel?"


def test_settings_persist_between_runs(qtbot, tmp_path, store, director):
    first = MainWindow(make_services(director, tmp_path), store)
    qtbot.addWidget(first)
    first.start.language.setCurrentIndex(first.start.language.findData("en"))
    first.start.level.setCurrentIndex(first.start.level.findData("hard"))
    first.start.sound.setChecked(False)
    first.close()
    second = MainWindow(make_services(director, tmp_path), store)
    qtbot.addWidget(second)
    assert second.lang == "en" and second.start.start.text() == "Start (Enter)"
    assert second.start.level.currentData() == "hard"
    speaks = second.speaker.available_for(second.lang)
    assert second.start.read_aloud.isChecked() == speaks and not second.start.sound.isChecked()
    assert second.size() == second.screen().availableGeometry().size()  # each start fills the screen it is on
    second.close()


def test_teacher_button_opens_the_editor_without_blocking(window, qtbot):
    opened = []

    class FakeEditor:
        from PySide6.QtCore import QObject, Signal

        def __init__(self):
            self.packs_changed = _Emitter()
            self.finished = _Emitter()

        def open(self):
            opened.append(True)

    window.services.open_editor = lambda parent: FakeEditor()
    press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert opened == [True]


def test_closing_the_teachers_window_gives_the_keys_back_to_the_game(window, qtbot, monkeypatch):
    activated, reloaded = [], []

    class FakeEditor:
        def __init__(self):
            self.packs_changed, self.finished = _Emitter(), _Emitter()

        def open(self):
            pass

    window.services.open_editor = lambda parent: FakeEditor()
    monkeypatch.setattr(window, "activateWindow", lambda: activated.append(True))
    monkeypatch.setattr(window, "reload_packs", lambda *args: reloaded.append(True))
    window.open_teacher()
    assert activated == [] and reloaded == []
    for slot in window.editor.finished.slots:  # the teacher closes the window
        slot(0)
    assert activated == [True] and reloaded == [True]


class _Emitter:
    def __init__(self):
        self.slots = []

    def connect(self, slot):
        self.slots.append(slot)


@pytest.mark.shared
@pytest.mark.slow
def test_real_model_on_real_frames_through_the_worker(qtbot, shared_datasets):
    if not (assets_dir() / "model.keras").is_file():
        pytest.skip("the shipped model assets/model.keras is not there yet")
    frames = pytest.importorskip("actor_trainer.vision.frames")
    pipeline = pytest.importorskip("actor_trainer.vision.pipeline")
    images = sorted((shared_datasets / "yale-faces-dev").glob("*/*.png"))[:12]
    worker = FrameWorker(lambda: frames.open_source(images[0].parent), pipeline.build_pipeline, min_interval=0.0)
    results, problems = [], []
    worker.result_ready.connect(lambda: results.append(worker.take()))
    worker.status_changed.connect(lambda kind, message: problems.append((kind, message)) if kind != "running" else None)
    worker.start()
    try:  # generous: loading TensorFlow and the model takes long on a busy machine
        qtbot.waitUntil(lambda: problems or sum(1 for item in results if item and item[0].probs) >= 5, timeout=300000)
    finally:
        worker.stop()
        worker.wait(30000)
    assert problems == []
    found = [item[0] for item in results if item and item[0].probs]
    for result in found:
        assert result.box is not None
        assert set(result.probs) == set(EXPRESSIONS)
        assert abs(sum(result.probs.values()) - 1.0) < 1e-3


def test_worker_keeps_only_the_newest_result_when_the_gui_is_busy(qtbot, director):
    clock = FakeClock()
    worker = FrameWorker(lambda: ScriptedSource(director), FakeClassifierPipeline, clock=clock, min_interval=0.001)
    signals = []
    worker.result_ready.connect(lambda: signals.append(True))
    worker.start()
    try:
        qtbot.waitUntil(lambda: worker.frames_dropped >= 20, timeout=10000)  # the GUI takes nothing meanwhile
        assert len(signals) == 1
        result, timestamp = worker.take()
        assert worker.take() is None
        assert timestamp > 2.0 and result.probs["neutral"] > 0.5  # the newest frame, not the first
    finally:
        worker.stop()
        worker.wait(5000)


def test_held_images_show_each_picture_for_a_while():
    from actor_trainer.ui.worker import HeldImages

    class Pictures:
        ended = lost = False

        def __init__(self):
            self.count = 0

        def read(self):
            self.count += 1
            return self.count

        def close(self):
            pass

    now = [0.0]
    held = HeldImages(Pictures(), seconds=1.0, clock=lambda: now[0])
    shown = []
    for step in range(30):
        now[0] = step * 0.1
        shown.append(held.read())
    assert shown[:10] == [1] * 10 and shown[10:20] == [2] * 10 and shown[20] == 3


def quit_with_ctrl_q(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_ctrl_q_quits_from_every_screen(qtbot, tmp_path, store, director):
    screens = {"start": lambda w: None,
               "settings": lambda w: w.start.show_settings(),
               "new player": lambda w: w.start.show_new_player(),
               "calm-face baseline": lambda w: w.start_game(),
               "play": lambda w: (w.start_game(), w.skip()),
               "pause": lambda w: (w.start_game(), w.skip(), w.toggle_pause()),
               "stop?": lambda w: (w.start_game(), w.skip(), w.ask_to_stop()),
               "summary": lambda w: (w.start_game(), w.skip(), w.ask_to_stop(), w.stop_game()),
               "error": lambda w: w.on_status("no_camera", "no camera at 0")}
    for name, go_there in screens.items():
        window = MainWindow(make_services(director, tmp_path), store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        go_there(window)
        qtbot.waitUntil(lambda w=window: w.worker is None or w.worker.isRunning())
        quit_with_ctrl_q(qtbot, window)
        assert window.worker is None, name


def test_an_early_stop_is_recorded_as_stopped_with_the_unfinished_situation(window, qtbot, director, tmp_path):
    start(window, qtbot, player="Alva")
    director.expression = "sad"
    qtbot.waitUntil(lambda: window.game.index == 1, timeout=10000)  # the first one passed
    director.expression = "neutral"
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Y)
    assert window.summary_screen.title.text() == "You stopped at 2 of 3"
    assert [(row["scenario_id"], row["passed"], row["unfinished"]) for row in window.summary.scenarios] == [
        ("ice", True, False), ("gift", False, True)]
    # the situation stopped in is no failure: one star for the one tried, no empty one beside it
    assert window.summary_screen.stars.text() == "You did 1 of 1!"
    assert window.summary_screen.sheet.results == [("sad", True)]
    saved = json.loads(window.saved_path.read_text(encoding="utf-8"))["games"][-1]
    assert saved["stopped_at"] == 2 and saved["planned"] == 3 and saved["situations"][-1]["unfinished"]
    history = window.players.history("Alva")
    assert len(history) == 1 and history[0].stopped and len(history[0].situations) == 2
    assert "stopped here" in window.summary_screen.row_labels[-1].text()
    assert str(tmp_path) not in window.summary_screen.saved.text()  # no file paths for a child


def test_quitting_mid_game_keeps_the_game_as_stopped(window, qtbot, director):
    start(window, qtbot, player="Alva")
    quit_with_ctrl_q(qtbot, window)
    history = window.players.history("Alva")
    assert len(history) == 1 and history[0].stopped


def test_the_baseline_starts_with_an_empty_meter_after_a_game(window, qtbot, director):
    window.advance_timer.setInterval(60_000)  # the success page stays until the test looks
    start(window, qtbot)
    director.expression = "sad"
    qtbot.waitUntil(lambda: window.play.pages.currentIndex() == window.play.SUCCESS, timeout=10000)
    assert window.play.meter.value == 1.0
    window.ask_to_stop()
    window.stop_game()
    window.start_game()
    assert window.session.phase.value == "finding_baseline"
    assert (window.play.meter.value, window.play.hold.fraction, window.play.gauge.value) == (0.0, 0.0, 0.0)
    assert all(bar.value() == 0 for bar in window.play.bars.bars.values())


def test_pause_shows_a_pause_screen_and_freezes_the_game(window, qtbot, director):
    start(window, qtbot)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.play.pages.currentIndex() == window.play.PAUSED
    assert window.play.paused_title.isVisible() and "Paused" in window.play.paused_title.text()
    active = window.game.judge.active_seconds
    next_frames(qtbot, window, 10)
    assert window.game.judge.active_seconds == active
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.play.pages.currentIndex() == window.play.LIVE


def test_feedback_words_and_the_teacher_bars_behind_d(window, qtbot, director):
    said, counts = [], []
    set_text, set_fraction = window.play.feedback.set_text, window.play.hold.set_fraction
    window.play.feedback.set_text = lambda text, colour="#1a237e", kind=None: (said.append(text),
                                                                              set_text(text, colour, kind))
    window.play.hold.set_fraction = lambda fraction, count=0: (counts.append(count), set_fraction(fraction, count))
    window.advance_timer.setInterval(60_000)
    start(window, qtbot)
    assert not window.play.teacher_panel.isVisible()
    qtbot.waitUntil(lambda: window.play.feedback.text == "Show me!", timeout=10000)
    press(qtbot, window, Qt.Key.Key_D)
    assert window.play.teacher_panel.isVisible() and window.play.bars.bars["neutral"].value() > 50
    press(qtbot, window, Qt.Key.Key_D)
    assert not window.play.teacher_panel.isVisible()
    director.expression = "sad"
    qtbot.waitUntil(lambda: window.play.pages.currentIndex() == window.play.SUCCESS, timeout=10000)
    assert any(text.startswith("Hold it…") for text in said)  # every count when frames come steadily
    held = [count for count in counts if count]
    assert held and held == sorted(held, reverse=True)  # counts down, never up
    assert window.play.meter.value == 1.0


def test_without_a_speech_engine_read_aloud_is_off_and_hidden(qtbot, tmp_path, store, director, monkeypatch):
    from actor_trainer.ui import speech
    monkeypatch.setattr(speech.Speaker, "problem", lambda self, lang: speech.NO_ENGINE)
    window = MainWindow(make_services(director, tmp_path), store)
    qtbot.addWidget(window)
    window.show()
    assert not window.start.read_aloud.isEnabled() and not window.start.read_aloud.isChecked()
    start(window, qtbot)
    assert not window.play.read_again.isVisible()
    window.close()


TWO_WAY_PACK = Pack("Bang", "en", [Scenario("bang", "A loud bang behind you!", "surprise", alternatives=("fear",))])


def test_a_situation_that_accepts_two_expressions_plays_through(window, qtbot, director):
    window.services.discover_packs = lambda: ([TWO_WAY_PACK], [])
    window.reload_packs()
    start(window, qtbot)
    assert window.play.target.text() == "Show: surprised\u00a0😮 or scared\u00a0😨"
    director.expression = "fear"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary_screen, timeout=10000)
    assert window.summary.scenarios[0]["passed"]


def test_the_game_judges_with_the_models_own_operating_point(qtbot, tmp_path, store, director):
    levels = {name: {"thresholds": {e: 0.9 if e == "sad" else 0.3 for e in EXPRESSIONS}} for name in
              ("easy", "normal", "hard")}

    class ModelPipeline(FakeClassifierPipeline):
        classifier = type("Classifier", (), {"metadata": {"classes": list(EXPRESSIONS), "levels": levels}})()

    window = MainWindow(make_services(director, tmp_path, build_pipeline=ModelPipeline), store)
    qtbot.addWidget(window)
    window.show()
    start(window, qtbot)
    assert window.game.judge.thresholds == {"sad": 0.9}
    director.expression = "sad"  # 0.85 never reaches this model's 0.9 for sad
    qtbot.waitUntil(lambda: window.play.gauge.threshold == 0.9, timeout=10000)
    next_frames(qtbot, window, 20)
    assert window.game.index == 0 and window.play.feedback.text == "Nästan!"  # Swedish on a Swedish system
    window.close()


def test_no_display_prints_a_plain_message_instead_of_aborting(tmp_path):
    import os
    import subprocess
    import sys

    from actor_trainer.ui.app import display_problem

    assert display_problem({}, "linux") and display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environment["ACTOR_TRAINER_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "actor_trainer.cli"], env=environment, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "no display was found" in done.stderr and "xvfb-run" in done.stderr
    assert "xcb" not in done.stderr and "Aborted" not in done.stderr


def test_calm_mode_keeps_rewards_still_and_soft(window, qtbot, director):
    played = []
    window.sounds.play = played.append
    window.start.calm.setChecked(True)
    window.advance_timer.setInterval(60_000)
    start(window, qtbot)
    assert window.play.mascot.calm and window.play.celebration.calm and window.play.journey.calm
    director.expression = "sad"
    qtbot.waitUntil(lambda: window.play.pages.currentIndex() == window.play.SUCCESS, timeout=10000)
    assert played == ["success_soft.wav"]
    assert window.settings.calm  # remembered
