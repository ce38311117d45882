"""Read-aloud never holds up the game (issue 29): the engine runs in its own thread, a request it leaves
unanswered turns read-aloud off for the session with one line in the settings, and the window opens before
the engines are checked. A real speech-dispatcher client against a server that never answers runs in a
subprocess: the window opens, a whole game plays, the process ends."""

from __future__ import annotations

import ctypes.util
import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt

from actor_trainer.ui import speech
from actor_trainer.ui.main_window import MainWindow
from actor_trainer.ui.speech import Speaker
from tests.test_app import PACK, Director, make_services, press
from tests.test_speech_and_language import ENGLISH, SWEDISH, FakeEngine, engines

REPO = Path(__file__).resolve().parents[1]


class BlockingEngine(FakeEngine):
    """An engine whose `say` (or start) blocks like a speech-dispatcher client whose server stopped answering,
    until the test lets it go."""

    def __init__(self, block_from: int = 0, **kwargs):
        super().__init__(locales=[ENGLISH, SWEDISH], **kwargs)
        self.block_from, self.release = block_from, threading.Event()

    def say(self, text):
        super().say(text)
        if len(self.said) > self.block_from:
            self.release.wait(30)


@pytest.fixture
def blocking():
    engine = BlockingEngine(block_from=1)
    yield engine
    engine.release.set()  # the speech thread may end


def test_say_returns_at_once_and_a_request_left_unanswered_turns_read_aloud_off(qtbot, blocking):
    speaker = Speaker(engines=engines(speechd=blocking), answer_timeout_ms=300)
    qtbot.waitUntil(lambda: not speaker.checking)
    assert speaker.available_for("sv")
    speaker.say("Först", "sv")
    qtbot.waitUntil(lambda: blocking.said == ["Först"])
    with qtbot.waitSignal(speaker.changed, timeout=5000):
        speaker.say("Sedan", "sv")  # the engine blocks in this one; the window does not
        speaker.say("Till sist", "sv")
    assert speaker.stuck and speaker.problem("sv") == speech.NOT_ANSWERING and not speaker.available
    speaker.say("Aldrig", "sv")
    speaker.stop()
    assert blocking.said == ["Först", "Sedan"]


def test_an_engine_that_never_starts_leaves_read_aloud_off_and_the_window_opens(qtbot, tmp_path, monkeypatch):
    never = threading.Event()

    def start(name, parent=None):
        never.wait(30)  # a speech server that takes the connection and never answers
        return FakeEngine(locales=[SWEDISH])
    monkeypatch.setattr(speech, "qt_engines", lambda: (["speechd"], start))
    monkeypatch.setattr(speech, "START_TIMEOUT_MS", 300)
    try:
        window = MainWindow(make_services(Director(), tmp_path), _store(tmp_path, read_aloud=True))
        qtbot.addWidget(window)
        assert window.speaker.checking and not window.start.read_aloud.isEnabled()
        assert window.start.speech_problem == "(letar efter en röst …)"
        qtbot.waitUntil(lambda: window.speaker.stuck, timeout=5000)
        assert window.start.speech_problem.startswith("(talsyntesen svarar inte")
        assert not window.reading_aloud()
        window.close()
    finally:
        never.set()


def _store(tmp_path, read_aloud: bool):
    from PySide6.QtCore import QSettings

    from actor_trainer.ui.main_window import SettingsStore
    store = SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                          first_language=lambda: "sv")
    settings = store.load()
    settings.read_aloud = read_aloud
    store.save(settings)
    return store


def test_a_game_plays_to_its_end_when_the_engine_blocks_while_reading(qtbot, tmp_path, monkeypatch, blocking):
    monkeypatch.setattr(speech, "qt_engines", engines(speechd=blocking))
    monkeypatch.setattr(speech, "ANSWER_TIMEOUT_MS", 300)
    window = MainWindow(make_services(Director(), tmp_path), _store(tmp_path, read_aloud=True))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.speaker.checking)
    assert window.reading_aloud()
    window.start_game()
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.speaker.stuck, timeout=10000)  # the second situation's text blocked it
    for _ in PACK.scenarios:
        if window.stack.currentWidget() is window.play:
            press(qtbot, window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary_screen, timeout=10000)
    assert not window.reading_aloud() and window.play.read_again.isHidden()
    assert not window.start.read_aloud.isEnabled() and not window.start.read_aloud.isChecked()
    assert window.settings.read_aloud  # the teacher's choice stays for the next start
    window.close()


SILENT_SERVER_GAME = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from actor_trainer.ui import speech
    speech.START_TIMEOUT_MS = 1500
    from actor_trainer.ui.app import leave_without_speech
    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from tests.test_app import make_services, Director
    store = SettingsStore(QSettings(sys.argv[1] + "/settings.ini", QSettings.Format.IniFormat))
    settings = store.load(); settings.read_aloud = True; store.save(settings)
    started = time.monotonic()
    window = MainWindow(make_services(Director(), __import__("pathlib").Path(sys.argv[1])), store)
    window.show()
    print("window", round(time.monotonic() - started, 2), window.speaker.problem("sv"), flush=True)
    def step():
        if window.stack.currentWidget() is window.summary_screen:
            print("summary", window.speaker.problem("sv"), flush=True)
            window.close()
            app.quit()
        elif window.session is None and window.speaker.stuck:
            window.start_game()
        elif window.session is not None:
            window.skip()
    timer = QTimer(); timer.timeout.connect(step); timer.start(100)
    code = app.exec()
    leave_without_speech(window.speaker, code)
""")


def speechd_client_loads() -> bool:
    """Whether Qt's speech-dispatcher plug-in and its client library load here."""
    probe = "from PySide6.QtTextToSpeech import QTextToSpeech; print('speechd' in QTextToSpeech.availableEngines())"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    return found.stdout.strip() == "True" and ctypes.util.find_library("speechd") is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="speech-dispatcher is Linux's")
def test_a_speech_server_that_never_answers_freezes_nothing(tmp_path):
    """The speech-dispatcher client connects to a socket whose server takes the connection and never answers:
    the client blocks for good (measured; docs/reliability.md). The window opens, the game plays to its
    summary, and the process ends on its own."""
    if not speechd_client_loads():
        pytest.skip("no speech-dispatcher client (libspeechd2) here")
    address = tmp_path / "speechd.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(address))
    server.listen(8)
    taken = []
    accepting = threading.Thread(target=lambda: [taken.append(server.accept()) for _ in range(8)], daemon=True)
    accepting.start()
    env = {**os.environ, "SPEECHD_ADDRESS": f"unix_socket:{address}", "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(REPO)}
    try:
        done = subprocess.run([sys.executable, "-c", SILENT_SERVER_GAME, str(tmp_path)], capture_output=True,
                              text=True, timeout=120, env=env, cwd=REPO)
    finally:
        server.close()
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("window") and lines[0].endswith(speech.CHECKING)
    assert lines[-1] == f"summary {speech.NOT_ANSWERING}"
    assert taken  # the client really connected


@pytest.mark.parametrize(("problem", "checked"), [("sound_unavailable", False), ("", True)])
def test_sound_shows_off_and_says_why_when_nothing_can_play(qtbot, tmp_path, monkeypatch, problem, checked):
    """Without libpulse (Qt Multimedia does not load) or without an audio output the box is off and greyed with
    a note; the teacher's saved choice stays for a computer that can play."""
    from actor_trainer.ui import main_window
    monkeypatch.setattr(main_window, "sound_problem", lambda: problem)
    store = _store(tmp_path, read_aloud=False)
    window = MainWindow(make_services(Director(), tmp_path), store)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.start.sound.isEnabled() is checked)
    assert window.start.sound.isChecked() is checked and window.start.sound.isEnabled() is checked
    assert window.start.sound_note.isHidden() is checked
    if problem:
        assert window.start.sound_note.text() == "(inget ljud kan spelas på den här datorn)"
    window.save_settings()
    assert store.load().sound  # a default of True, never overwritten by a box greyed out
    window.close()


def test_without_qt_multimedia_no_sound_is_offered(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_multimedia(name, *args, **kwargs):
        if name.startswith("PySide6.QtMultimedia"):
            raise ImportError("libpulse.so.0: cannot open shared object file")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_multimedia)
    assert speech.sound_problem() == "sound_unavailable"
