"""Nothing a child plays is thrown away (issue 29): a save that fails keeps the game (in memory and a pending
file) and says why in the child's language with Save again; the next start adds pending games; a deleted child
is gone at once from the start screen and the settings; SIGTERM and SIGHUP keep a game in progress as stopped,
as Ctrl+Q does (subprocesses)."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from actor_trainer.people import saving
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.results import summarise
from actor_trainer.people.saving import FAILED, SAVED, GameSaver
from actor_trainer.play.game import ScenarioResult

REPO = Path(__file__).resolve().parents[1]


def a_summary(player="Alva", pack="Djur", when=None):
    from datetime import datetime
    results = [ScenarioResult("ice", "Glass", "happy", True, 1.5, 1, 0.9),
               ScenarioResult("rain", "Regn", "sad", False, 0.0, 1, 0.2)]
    return summarise(results, player, pack, "normal", now=when or datetime(2026, 12, 7, 10, 0, 0))


class FailingStore(PlayerStore):
    """A real store whose saves fail with `errno` (a full disk, a read-only folder) until `heal()`."""

    def __init__(self, folder, number):
        super().__init__(folder)
        self.number = number

    def record_game(self, player_name, summary):
        if self.number:
            raise OSError(self.number, os.strerror(self.number))
        return super().record_game(player_name, summary)

    def heal(self):
        self.number = 0


@pytest.mark.parametrize(("number", "reason"), [(errno.ENOSPC, saving.NO_SPACE), (errno.EROFS, saving.READ_ONLY),
                                                (errno.EACCES, saving.READ_ONLY), (errno.EIO, saving.OTHER)])
def test_a_failed_save_keeps_the_game_aside_and_the_next_start_adds_it(tmp_path, number, reason):
    store = FailingStore(tmp_path / "players", number)
    store.add("Alva", "🦊")
    saver = GameSaver(store, tmp_path / "pending")
    result = saver.save(a_summary().record)
    assert result.status == FAILED and result.reason == reason and result.kept
    assert stat.S_IMODE(result.pending.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "pending").stat().st_mode) == 0o700
    assert store.history("Alva") == []
    store.heal()
    assert saver.retry_pending() == (1, []) and saver.retry_pending() == (0, [])  # never twice
    assert len(store.history("Alva")) == 1 and not list((tmp_path / "pending").iterdir())


def test_save_again_saves_once_and_removes_the_pending_copy(tmp_path):
    store = FailingStore(tmp_path / "players", errno.ENOSPC)
    store.add("Alva", "🦊")
    saver = GameSaver(store, tmp_path / "pending")
    summary = a_summary()
    first = saver.save(summary.record)
    second = saver.retry(summary.record, first)
    assert second.status == FAILED and second.pending == first.pending
    assert len(list((tmp_path / "pending").iterdir())) == 1  # one copy per game
    store.heal()
    third = saver.retry(summary.record, second)
    assert third.status == SAVED and not list((tmp_path / "pending").iterdir())
    assert len(store.history("Alva")) == 1


def test_when_the_pending_folder_cannot_be_written_either_the_game_stays_in_memory(tmp_path):
    store = FailingStore(tmp_path / "players", errno.ENOSPC)
    store.add("Alva", "🦊")
    (tmp_path / "pending").write_text("a file where the folder should be")
    result = GameSaver(store, tmp_path / "pending").save(a_summary().record)
    assert result.status == FAILED and result.pending is None and not result.kept


def test_a_deleted_players_game_is_not_kept_and_a_pending_one_is_dropped(tmp_path):
    store = PlayerStore(tmp_path / "players")
    saver = GameSaver(store, tmp_path / "pending")
    result = saver.save(a_summary("Noah").record)
    assert result.status == FAILED and result.reason == saving.UNKNOWN_PLAYER and result.pending is None
    (tmp_path / "pending").mkdir()
    (tmp_path / "pending" / "x.json").write_text(json.dumps(a_summary("Noah").to_dict()))
    assert saver.retry_pending() == (0, []) and not list((tmp_path / "pending").iterdir())
    assert store.players() == []  # never brought back


def test_a_damaged_pending_file_stays_and_is_named(tmp_path):
    store = PlayerStore(tmp_path / "players")
    (tmp_path / "pending").mkdir()
    (tmp_path / "pending" / "bad.json").write_text("{")
    added, left = GameSaver(store, tmp_path / "pending").retry_pending()
    assert added == 0 and left and left[0].startswith("bad.json: ")
    assert (tmp_path / "pending" / "bad.json").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_players_folder_is_said_as_such(tmp_path):
    store = PlayerStore(tmp_path / "players")
    store.add("Alva", "🦊")
    (tmp_path / "players").chmod(0o500)
    try:
        result = GameSaver(store, tmp_path / "pending").save(a_summary().record)
    finally:
        (tmp_path / "players").chmod(0o700)
    assert result.reason == saving.READ_ONLY and result.pending is not None


# ---------------------------------------------------------------- the window

pytest.importorskip("PySide6")


@pytest.fixture
def window_with(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from tests.test_app import Director, make_services

    def make(store_factory=None, lang="sv"):
        settings = SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                                 first_language=lambda: lang)
        services = make_services(Director(), tmp_path, pending_dir=tmp_path / "pending",
                                 **({"players": store_factory()} if store_factory else {}))
        window = MainWindow(services, settings)
        qtbot.addWidget(window)
        window.show()
        return window
    return make


def play_and_stop(qtbot, window, player):
    from tests.test_app import start
    start(window, qtbot, player=player)
    window.ask_to_stop()
    window.stop_game()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary_screen)


def test_a_full_disk_at_the_end_says_so_in_swedish_and_save_again_saves(qtbot, tmp_path, window_with):
    store = FailingStore(tmp_path / "players", errno.ENOSPC)
    window = window_with(lambda: store)
    play_and_stop(qtbot, window, "Alva")
    text = window.summary_screen.saved.text()
    assert text.startswith("Resultatet kunde inte sparas: disken är full.")
    assert "läggs till nästa gång" in text and "No space" not in text
    assert window.summary_screen.save_again.isVisible() and window.summary_screen.save_again.text() == \
        "Spara igen (S)"
    store.heal()
    window.summary_screen.save_again.click()
    assert window.summary_screen.saved.text() == "Sparat för Alva." and not window.summary_screen.save_again.isVisible()
    assert len(store.history("Alva")) == 1 and store.history("Alva")[0].stopped
    assert not list((tmp_path / "pending").iterdir())
    window.close()


def test_a_deleted_child_is_gone_from_the_start_screen_and_the_settings(qtbot, tmp_path, window_with):
    window = window_with(lang="sv")
    from tests.test_app import choose_player
    choose_player(window, "Noah")
    window.save_settings()
    assert window.settings.player == "Noah"
    PlayerStore(tmp_path / "players").delete("Noah")  # the teacher's Delete in the Progress tab
    window.forget_player("Noah")
    assert window.start.player.findData("Noah") == -1 and window.start.player.currentData() == ""
    assert window.settings.player == "" and window.store.load().player == ""
    window.close()


def test_a_child_deleted_elsewhere_cannot_start_a_game(qtbot, tmp_path, window_with):
    window = window_with(lang="sv")
    from tests.test_app import choose_player
    choose_player(window, "Noah")
    PlayerStore(tmp_path / "players").delete("Noah")  # another instance, or the teacher's window
    window.start_game()
    assert window.session is None and window.start.player.findData("Noah") == -1
    window.close()


def test_a_child_deleted_during_the_game_gets_a_message_in_swedish(qtbot, tmp_path, window_with):
    window = window_with(lang="sv")
    from tests.test_app import start
    start(window, qtbot, player="Noah")
    PlayerStore(tmp_path / "players").delete("Noah")
    window.ask_to_stop()
    window.stop_game()
    assert window.summary_screen.saved.text() == ("Resultatet sparades inte: Noah finns inte längre (läraren tog "
                                                   "bort spelaren).")
    assert not window.summary_screen.save_again.isVisible()
    window.show_start()
    assert window.start.player.findData("Noah") == -1
    window.close()


SIGNAL_GAME = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from actor_trainer.ui.app import keep_game_on_signals
    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from tests.test_app import Director, make_services, choose_player
    home = Path(sys.argv[1])
    window = MainWindow(make_services(Director(), home), SettingsStore(QSettings(str(home / "s.ini"),
                        QSettings.Format.IniFormat)))
    window.show()
    choose_player(window, "Alva")
    window.start_game()
    keep_game_on_signals(app, window)
    def playing():
        if window.game is not None and window.game.index == 0:
            print("playing", flush=True)
        else:
            QTimer.singleShot(50, playing)
    playing()
    sys.exit(app.exec())
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_keeps_the_game_in_progress_as_stopped(tmp_path, number):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    child = subprocess.Popen([sys.executable, "-c", SIGNAL_GAME, str(tmp_path)], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "playing"
        child.send_signal(number)
        child.wait(60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, child.stderr.read()[-2000:]
    history = PlayerStore(tmp_path / "players").history("Alva")
    assert len(history) == 1 and history[0].stopped


def test_nothing_waits_on_a_signal_before_the_game_starts(tmp_path):
    """A signal at the start screen just closes the window (nothing to keep), within the poll interval."""
    script = SIGNAL_GAME.replace("window.start_game()", "pass").replace(
        "if window.game is not None and window.game.index == 0:", "if True:")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "playing"
        time.sleep(0.1)
        child.send_signal(signal.SIGTERM)
        child.wait(60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0
    assert PlayerStore(tmp_path / "players").history("Alva") == []


def test_a_new_player_on_a_full_disk_says_the_disk_is_full(qtbot, tmp_path, window_with, monkeypatch):
    window = window_with(lang="sv")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(window.players, "add", full)
    window.add_player("Alva", "🦊")
    assert window.start.new_player_error.text() == "Spelaren kunde inte sparas: disken är full."
    window.close()
