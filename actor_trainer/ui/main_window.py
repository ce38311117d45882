"""The main window: screens in a stack, the frame worker, and the session's views rendered on them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMainWindow, QStackedWidget

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.people.progress import order_for_practice
from actor_trainer.people.results import save_summary
from actor_trainer.play.calibration import model_reference
from actor_trainer.play.game import scenarios_for_level
from actor_trainer.play.levels import LevelsError, model_levels
from actor_trainer.play.session import Phase, Session, View
from actor_trainer.resources import assets_dir
from actor_trainer.settings import Settings, difficulty
from actor_trainer.ui.i18n import tr
from actor_trainer.ui.rewards import success_sound
from actor_trainer.ui.screens import ErrorScreen, PlayScreen, StartScreen, SummaryScreen
from actor_trainer.ui.speech import Sounds, Speaker
from actor_trainer.ui.worker import CAMERA_LOST, RUNNING, FrameWorker

STYLE = """
QWidget { font-size: 16pt; }
QLabel#title { font-size: 26pt; font-weight: bold; color: #1a237e; }
QLabel#big { font-size: 40pt; font-weight: bold; color: #1a237e; }
QLabel#heading { font-size: 15pt; font-weight: bold; color: #37474f; }
QLabel#situation { font-size: 24pt; font-weight: bold; color: #1a237e; }
QLabel#target { font-size: 20pt; }
QLabel#stars { font-size: 22pt; }
QLabel#note { font-size: 12pt; color: #455a64; }
QLabel#warning { font-size: 14pt; color: #c62828; }
QPushButton { padding: 6px 16px; }
QPushButton#primary { background: #2e7d32; color: white; font-weight: bold; }
QPushButton#primary:disabled { background: #a5d6a7; }
QToolButton[choice="true"], QPushButton#choice { font-size: 14pt; padding: 6px 12px; border: 3px solid #cfd8dc;
    border-radius: 14px; background: #fafafa; min-width: 84px; }
QToolButton[choice="true"]:checked { border: 4px solid #2e7d32; background: #c8e6c9; }
"""

@dataclass
class Services:
    """Everything the window needs from outside; tests replace the camera, model and clock."""

    open_source: Callable[[object], object]  # spec (camera index or path) -> FrameSource
    build_pipeline: Callable[[], object]  # runs in the worker thread
    discover_packs: Callable[[], tuple[list, list]]
    results_dir: Callable[[], Path]
    open_editor: Callable[[object], object] | None = None  # parent -> TeacherEditor (not yet shown)
    player_store: Callable[[], object] | None = None  # -> actor_trainer.people.players.PlayerStore
    choose_video_file: Callable[[object, str], str | None] | None = None
    clock: Callable[[], float] = time.monotonic
    min_frame_interval: float = 1 / 30
    reconnect_interval: float = 0.2  # how often a lost camera is polled
    celebration_ms: int = 2500
    calibration_seconds: float = 3.0


def ask_for_video_file(parent, title: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", "Video (*.mp4 *.avi *.mov *.mkv *.webm);;* (*)")
    return path or None


class SettingsStore:
    def __init__(self, qsettings: QSettings):
        self.qsettings = qsettings

    def load(self) -> Settings:
        return Settings.from_dict({key: self.qsettings.value(key) for key in self.qsettings.allKeys()})

    def save(self, settings: Settings) -> None:
        for key, value in settings.to_dict().items():
            # plain strings: the same in every QSettings backend, read back by Settings.from_dict
            self.qsettings.setValue(key, str(value).lower() if isinstance(value, bool) else str(value))
        self.qsettings.sync()


PLAYER_ERRORS = {"duplicate": "player_exists", "empty": "player_needs_name", "no_avatar": "player_needs_avatar",
                 "too_long": "player_name_too_long"}


def operating_points(pipeline) -> dict:
    """The model's levels from its metadata (model.json), or the defaults for a model without them."""
    metadata = getattr(getattr(pipeline, "classifier", None), "metadata", None) or {}
    try:
        return model_levels({"classes": list(EXPRESSIONS), **metadata})
    except LevelsError:
        return model_levels({"classes": list(EXPRESSIONS)})


class MainWindow(QMainWindow):
    def __init__(self, services: Services, store: SettingsStore, source=None):
        super().__init__()
        self.services, self.store = services, store
        self.settings = store.load()
        self.lang = self.settings.language
        self.source_spec = source if source is not None else self.settings.camera
        self.worker: FrameWorker | None = None
        self._retired_workers: list[FrameWorker] = []
        self.pipeline = None
        self.levels = operating_points(None)
        self.calm_reference = None  # the model's calm face (model.json), once the model is loaded
        self.session: Session | None = None
        self.scenarios, self.pack, self.player, self.level = [], None, "", difficulty(self.settings.difficulty)
        self.summary, self.saved_path = None, None
        self._shown: tuple | None = None  # (phase, index) last rendered
        self.paused_by_user = False
        self.players = self._open_players()
        self.speaker = Speaker(self)
        self.sounds = Sounds(assets_dir() / "sounds", self)
        self.advance_timer = QTimer(self)
        self.advance_timer.setSingleShot(True)
        self.advance_timer.setInterval(services.celebration_ms)
        self.advance_timer.timeout.connect(self.advance)
        self._build_screens()
        self.setStyleSheet(STYLE)
        icon = assets_dir() / "icons" / "actor-trainer.png"
        if icon.is_file():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(self.settings.window_width, self.settings.window_height)
        self.setMinimumSize(1000, 580)
        QShortcut(QKeySequence("F11"), self, self.toggle_fullscreen)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)  # every game screen (the editor keeps its own keys)
        self.reload_packs()
        self.reload_players()
        self.apply_settings_to_start()
        self.retranslate()
        self.show_start()

    @property
    def game(self):
        return self.session.game if self.session is not None else None

    # ------------------------------------------------------------------ screens
    def _build_screens(self) -> None:
        self.stack = QStackedWidget()
        self.start, self.play = StartScreen(), PlayScreen()
        self.summary_screen, self.error = SummaryScreen(), ErrorScreen()
        for screen in (self.start, self.play, self.summary_screen, self.error):
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)
        self.start.speech_available = self.speaker.available
        self.play.read_again.setVisible(self.speaker.available)
        self.start.start_requested.connect(self.start_game)
        self.start.teacher_requested.connect(self.open_teacher)
        self.start.quit_requested.connect(self.close)
        self.start.language_changed.connect(self.set_language)
        self.start.add_player_requested.connect(self.add_player)
        self.start.settings_changed.connect(self.save_settings)
        self.play.skip_requested.connect(self.skip)
        self.play.retry_requested.connect(self.retry)
        self.play.pause_requested.connect(self.toggle_pause)
        self.play.stop_requested.connect(self.ask_to_stop)
        self.play.stop_confirmed.connect(self.stop_game)
        self.play.next_requested.connect(self.advance)
        self.play.read_again_requested.connect(self.read_current)
        self.summary_screen.play_again_requested.connect(self.start_game)
        self.summary_screen.back_requested.connect(self.show_start)
        self.error.retry_requested.connect(self.retry_source)
        self.error.video_requested.connect(self.play_from_video)
        self.error.back_requested.connect(self.show_start)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("app_title", self.lang))
        self.start.retranslate(self.lang)
        self.play.retranslate(self.lang, self.session is not None and self.session.paused)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()
        self.reload_packs()
        self.save_settings()

    def show_start(self) -> None:
        self.stop_worker()
        self.advance_timer.stop()
        self.speaker.stop()
        self.session = None
        self.stack.setCurrentWidget(self.start)
        self.start.show_main()

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # ------------------------------------------------------------------ packs, players and settings
    def reload_packs(self) -> None:
        """Keep the chosen pack, unless the language changed away from it: then the first pack in the new one."""
        packs, problems = self.services.discover_packs()
        current = self.start.pack.currentData()
        selected = current.title if current is not None else self.settings.last_pack
        if current is not None and current.language != self.lang:
            selected = ""
        self.start.set_packs(packs, selected, problems, self.lang)

    def _open_players(self):
        if self.services.player_store is None:
            return None
        try:
            return self.services.player_store()
        except OSError:  # the players folder cannot be made: play as guests
            return None

    def reload_players(self, selected: str | None = None) -> None:
        players = []
        if self.players is not None:
            players = self.players.players()
        self.start.set_players(players, self.settings.player if selected is None else selected)
        self.start.new_player.setVisible(self.players is not None)

    def add_player(self, name: str, avatar: str) -> None:
        try:
            player = self.players.add(name, avatar)
        except ValueError as error:  # players.PlayerError: its reason, said in the child's language
            key = PLAYER_ERRORS.get(getattr(error, "reason", ""), "player_exists")
            self.start.new_player_error.setText(tr(key, self.lang, name=name))
            return
        except OSError as error:
            self.start.new_player_error.setText(tr("player_problem", self.lang, error=error))
            return
        self.reload_players(player.name)
        self.start.show_main()
        self.save_settings()

    def apply_settings_to_start(self) -> None:
        fields = (self.start.language, self.start.read_aloud, self.start.sound, self.start.calm, self.start.camera)
        for widget in fields:
            widget.blockSignals(True)  # no save_settings() while the widgets are half filled in
        self.start.language.setCurrentIndex(max(self.start.language.findData(self.settings.language), 0))
        self.start.difficulty.setCurrentIndex(max(self.start.difficulty.findData(self.settings.difficulty), 0))
        self.start.read_aloud.setChecked(self.settings.read_aloud and self.speaker.available)
        self.start.sound.setChecked(self.settings.sound)
        self.start.calm.setChecked(self.settings.calm)
        self.start.camera.setValue(self.settings.camera)
        for widget in fields:
            widget.blockSignals(False)

    def save_settings(self) -> None:
        pack = self.start.pack.currentData()
        self.settings.language = self.lang
        self.settings.difficulty = self.start.difficulty.currentData() or self.settings.difficulty
        if self.speaker.available:
            self.settings.read_aloud = self.start.read_aloud.isChecked()
        self.settings.sound = self.start.sound.isChecked()
        self.settings.calm = self.start.calm.isChecked()
        self.settings.player = self.start.player.currentData() or ""
        self.settings.last_pack = pack.title if pack is not None else self.settings.last_pack
        if self.start.camera.value() != self.settings.camera:
            self.settings.camera = self.start.camera.value()
            if isinstance(self.source_spec, int):
                self.source_spec = self.settings.camera
        elif isinstance(self.source_spec, int):
            self.settings.camera = self.source_spec
        if not self.isFullScreen():
            self.settings.window_width, self.settings.window_height = self.width(), self.height()
        self.store.save(self.settings)

    def open_teacher(self) -> None:
        try:
            dialog = self.services.open_editor(self)
        except Exception as error:  # the editor failed to build: say so, keep the game usable
            self.start.problems.setText(tr("editor_missing", self.lang, error=error))
            return
        dialog.packs_changed.connect(self.reload_packs)
        dialog.finished.connect(lambda _result: self.reload_packs())
        dialog.open()  # window-modal but never blocks the event loop
        self.editor = dialog

    # ------------------------------------------------------------------ the worker
    def start_worker(self) -> None:
        if self.worker is not None:
            return
        spec = self.source_spec
        worker = FrameWorker(lambda: self.services.open_source(spec), self.services.build_pipeline, self.pipeline,
                             clock=self.services.clock, min_interval=self.services.min_frame_interval,
                             reconnect_interval=self.services.reconnect_interval, is_camera=isinstance(spec, int))
        worker.result_ready.connect(self.on_result)
        worker.status_changed.connect(self.on_status)
        worker.pipeline_ready.connect(self.keep_pipeline)
        self._retired_workers = [old for old in self._retired_workers if not old.isFinished()]
        self.worker = worker
        worker.request_reset()
        worker.start()

    def stop_worker(self) -> None:
        """Ask the worker to end without waiting for it (the GUI never blocks on the camera or model)."""
        if self.worker is None:
            return
        worker, self.worker = self.worker, None
        worker.result_ready.disconnect(self.on_result)
        worker.status_changed.disconnect(self.on_status)
        worker.stop()
        self._retired_workers.append(worker)  # dropped once finished, never while its thread still runs

    def practice_order(self, scenarios: list) -> list:
        """Adaptive practice: expressions this player found hard come back once more (progress.py)."""
        if not self.player or self.players is None:
            return scenarios
        try:
            return order_for_practice(scenarios, self.players.history(self.player))
        except (OSError, ValueError):
            return scenarios

    def keep_pipeline(self, pipeline) -> None:
        """The model is loaded: its own operating points judge from now on (the first game included)."""
        self.pipeline = pipeline
        self.levels = operating_points(pipeline)
        self.calm_reference = model_reference(getattr(getattr(pipeline, "classifier", None), "metadata", None) or {})
        if self.session is not None and self.session.game is None:
            self.session.operating_point = self.levels[self.level.name]

    def on_status(self, kind: str, message: str) -> None:
        if kind == RUNNING:
            if self.stack.currentWidget() in (self.error, self.play):
                self.stack.setCurrentWidget(self.play)
                self._resume_after_source_trouble()
            return
        if self.session is not None:
            self.session.set_paused(True)
        self.advance_timer.stop()
        if kind != CAMERA_LOST:
            self.stop_worker()
        self.error.show_error(kind, message, self.lang)
        self.stack.setCurrentWidget(self.error)
        self.error.retry.setFocus()

    def _resume_after_source_trouble(self) -> None:
        """The camera or video is back: undo the automatic pause (never the child's own pause)."""
        if self.session is None:
            return
        self.session.set_paused(self.paused_by_user)
        if self.session.phase is Phase.CELEBRATING and not self.advance_timer.isActive():
            self.advance_timer.start()

    def retry_source(self) -> None:
        self.stop_worker()
        self.stack.setCurrentWidget(self.play)
        self.play.mirror.set_message(tr("getting_ready", self.lang))
        self.start_worker()

    def play_from_video(self) -> None:
        choose = self.services.choose_video_file or ask_for_video_file
        path = choose(self, tr("choose_video", self.lang))
        if path:
            self.source_spec = path
            self.retry_source()

    # ------------------------------------------------------------------ the game
    def start_game(self) -> None:
        pack = self.start.pack.currentData()
        if pack is None:
            return
        self.save_settings()
        self.pack, self.player = pack, self.start.player.currentData() or ""
        self.level = difficulty(self.start.difficulty.currentData())
        self.scenarios = self.practice_order(scenarios_for_level(pack.scenarios, self.level.name))
        self.summary, self.saved_path = None, None
        self.session = Session(self.scenarios, self.level, self.levels[self.level.name],
                               self.services.calibration_seconds, calm_reference=self.calm_reference)
        self.paused_by_user = False
        self._shown = None
        self.play.set_calm(self.start.calm.isChecked())
        self.play.retranslate(self.lang)
        self.play.show_calibration(len(self.scenarios))
        self.play.mirror.set_message(tr("getting_ready", self.lang))
        self.stack.setCurrentWidget(self.play)
        self.start_worker()

    def on_result(self) -> None:
        item = self.worker.take() if self.worker is not None else None
        if item is None or self.stack.currentWidget() is not self.play or self.session is None:
            return
        result, timestamp = item
        self.play.mirror.show_frame(result.frame, result.box)
        self.render(self.session.feed(result.probs, timestamp))

    def render(self, view: View) -> None:
        """Show what the session says; screen changes (a new situation, success, the end) happen once."""
        key = (view.phase, view.index)
        changed, self._shown = key != self._shown, key
        if changed and self.session is not None and self.session.game is not None:
            self.play.mark_journey(self.session.game.results)
        if view.phase in (Phase.FINISHED, Phase.STOPPED):
            self.finish_game()
        elif view.phase is Phase.CELEBRATING:
            if changed:
                self.celebrate(view)
        elif view.phase is Phase.PLAYING:
            if changed:
                self.play.show_scenario(view, self.level.show_target)
                self.read_current()
            if not view.paused:
                self.play.show_live(view)
        elif not view.paused:
            self.play.show_live(view)

    def read_current(self) -> None:
        view = self.session.view if self.session is not None else None
        if view is not None and view.scenario is not None and self.start.read_aloud.isChecked():
            self.speaker.say(view.scenario.text, self.lang)

    def celebrate(self, view: View) -> None:
        variant = self.play.show_success(view.expression or view.targets[0])
        if self.start.sound.isChecked():
            self.sounds.play(success_sound(variant, calm=self.start.calm.isChecked()))
        self.advance_timer.start()

    def advance(self) -> None:
        self.advance_timer.stop()
        if self.session is not None and not self.session.paused:
            self.render(self.session.advance())

    def skip(self) -> None:
        if self.session is not None and not self.session.paused:
            self.advance_timer.stop()
            self.render(self.session.skip())

    def retry(self) -> None:
        if self.session is not None and not self.session.paused:
            self.render(self.session.retry())
            self.play.hint.setText("")
            self.play.mascot.encourage()

    def toggle_pause(self) -> None:
        if self.session is None or self.session.over:
            return
        self.paused_by_user = not self.session.paused
        self.session.set_paused(self.paused_by_user)
        if self.paused_by_user:
            self.advance_timer.stop()
            self.speaker.stop()
        elif self.session.phase is Phase.CELEBRATING:
            self.advance_timer.start()
        self.play.show_paused(self.paused_by_user, self.session.phase is Phase.CELEBRATING)

    def ask_to_stop(self) -> None:
        """Esc: ask first; Esc again (or "No") goes back to the game."""
        if self.session is None:
            return
        if self.play.asking_to_stop:
            self.play.cancel_stop()
            self.session.set_paused(self.paused_by_user)
            if self.session.phase is Phase.CELEBRATING and not self.paused_by_user:
                self.advance_timer.start()
            return
        self.session.set_paused(True)
        self.advance_timer.stop()
        self.play.ask_to_stop()

    def stop_game(self) -> None:
        if self.session is not None:
            self.play.cancel_stop()
            self.render(self.session.stop())

    def finish_game(self) -> None:
        self.advance_timer.stop()
        self.speaker.stop()
        session, self.session = self.session, None
        self.stop_worker()
        summary = session.summary(self.player, self.pack.title) if session is not None else None
        if summary is None:
            self.show_start()
            return
        self.summary = summary
        self.summary_screen.show_summary(summary, self._save_summary(), self.lang)
        self.stack.setCurrentWidget(self.summary_screen)
        self.summary_screen.play_again.setFocus()

    def _save_summary(self) -> str:
        """Finished and stopped games alike go into the player's history (and the teacher's results)."""
        if not self.summary.player:
            return tr("guest_note", self.lang)
        try:
            self.saved_path = save_summary(self.summary, self.services.results_dir())
            if self.players is not None:
                self.players.record_game(self.summary.player, self.summary)
        except (OSError, ValueError) as error:
            return tr("save_failed", self.lang, error=error)
        return tr("summary_saved_for", self.lang, player=self.summary.player)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event):  # noqa: N802 (Qt override)
        if self.session is not None and not self.session.over:
            self.session.stop()  # a game left with Ctrl+Q is kept as stopped, like one left with Esc
            self.finish_game()
        self.save_settings()
        self.stop_worker()
        for worker in list(self._retired_workers):
            worker.wait()  # a worker may still be loading the model; Qt aborts on a running QThread
        super().closeEvent(event)
