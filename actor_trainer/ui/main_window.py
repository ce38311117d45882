"""The main window: screens in a stack, the frame worker, and the game flow between them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMainWindow, QStackedWidget

from actor_trainer.calibration import CalibrationCollector
from actor_trainer.game import Game, scenarios_for_level
from actor_trainer.judge import Status
from actor_trainer.resources import assets_dir
from actor_trainer.results import save_summary, summarise
from actor_trainer.settings import Settings, difficulty
from actor_trainer.ui.i18n import tr
from actor_trainer.ui.screens import ErrorScreen, PlayScreen, StartScreen, SummaryScreen
from actor_trainer.ui.speech import Chime, Speaker
from actor_trainer.ui.worker import CAMERA_LOST, RUNNING, FrameWorker

STYLE = """
QWidget { font-size: 17pt; }
QLabel#title { font-size: 30pt; font-weight: bold; }
QLabel#situation { font-size: 30pt; font-weight: bold; color: #1a237e; }
QLabel#target { font-size: 22pt; }
QLabel#note { font-size: 14pt; color: #455a64; }
QPushButton { padding: 6px 18px; }
QPushButton#primary { background: #2e7d32; color: white; font-weight: bold; }
"""


@dataclass
class Services:
    """Everything the window needs from outside; tests replace the camera, model and clock."""

    open_source: Callable[[object], object]  # spec (camera index or path) -> FrameSource
    build_pipeline: Callable[[], object]  # runs in the worker thread
    discover_packs: Callable[[], tuple[list, list]]
    results_dir: Callable[[], Path]
    open_editor: Callable[[object], object] | None = None  # parent -> TeacherEditor (not yet shown)
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
        self.game: Game | None = None
        self.collector: CalibrationCollector | None = None
        self.scenarios, self.pack, self.player, self.level = [], None, "", difficulty(self.settings.difficulty)
        self.summary, self.saved_path = None, None
        self.paused_by_user = False
        self.speaker = Speaker(self)
        self.chime = Chime(assets_dir() / "sounds" / "chime.wav", self)
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
        self.setMinimumSize(960, 600)
        QShortcut(QKeySequence("F11"), self, self.toggle_fullscreen)
        self.reload_packs()
        self.apply_settings_to_start()
        self.retranslate()
        self.show_start()

    # ------------------------------------------------------------------ screens
    def _build_screens(self) -> None:
        self.stack = QStackedWidget()
        self.start, self.play = StartScreen(), PlayScreen()
        self.summary_screen, self.error = SummaryScreen(), ErrorScreen()
        for screen in (self.start, self.play, self.summary_screen, self.error):
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)
        self.start.speech_available = self.speaker.available
        self.start.start_requested.connect(self.start_game)
        self.start.teacher_requested.connect(self.open_teacher)
        self.start.quit_requested.connect(self.close)
        self.start.language_changed.connect(self.set_language)
        self.play.skip_requested.connect(self.skip)
        self.play.retry_requested.connect(self.retry)
        self.play.pause_requested.connect(self.toggle_pause)
        self.play.stop_requested.connect(self.finish_game)
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
        self.play.retranslate(self.lang, self.paused_by_user)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()
        self.reload_packs()
        self.save_settings()

    def show_start(self) -> None:
        self.stop_worker()
        self.advance_timer.stop()
        self.speaker.stop()
        self.game, self.collector = None, None
        self.stack.setCurrentWidget(self.start)
        self.start.start.setFocus()

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # ------------------------------------------------------------------ packs and settings
    def reload_packs(self) -> None:
        """Keep the chosen pack, unless the language changed away from it: then the first pack in the new one."""
        packs, problems = self.services.discover_packs()
        current = self.start.pack.currentData()
        selected = current.title if current is not None else self.settings.last_pack
        if current is not None and current.language != self.lang:
            selected = ""
        self.start.set_packs(packs, selected, len(problems), self.lang)

    def apply_settings_to_start(self) -> None:
        self.start.language.blockSignals(True)  # no save_settings() while the widgets are half filled in
        self.start.language.setCurrentIndex(max(self.start.language.findData(self.settings.language), 0))
        self.start.language.blockSignals(False)
        self.start.difficulty.setCurrentIndex(max(self.start.difficulty.findData(self.settings.difficulty), 0))
        self.start.read_aloud.setChecked(self.settings.read_aloud)
        self.start.sound.setChecked(self.settings.sound)

    def save_settings(self) -> None:
        pack = self.start.pack.currentData()
        self.settings.language = self.lang
        self.settings.difficulty = self.start.difficulty.currentData()
        self.settings.read_aloud = self.start.read_aloud.isChecked()
        self.settings.sound = self.start.sound.isChecked()
        self.settings.last_pack = pack.title if pack is not None else self.settings.last_pack
        if isinstance(self.source_spec, int):
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

    def keep_pipeline(self, pipeline) -> None:
        self.pipeline = pipeline

    def on_status(self, kind: str, message: str) -> None:
        if kind == RUNNING:
            if self.stack.currentWidget() in (self.error, self.play):
                self.stack.setCurrentWidget(self.play)
                self._resume_after_source_trouble()
            return
        self._set_game_paused(True)
        self.advance_timer.stop()
        if kind != CAMERA_LOST:
            self.stop_worker()
        self.error.show_error(kind, message, self.lang)
        self.stack.setCurrentWidget(self.error)
        self.error.retry.setFocus()

    def _resume_after_source_trouble(self) -> None:
        """The camera or video is back: undo the automatic pause (never the child's own pause)."""
        self._set_game_paused(self.paused_by_user)
        if self.game is not None and self.game.celebrating and not self.advance_timer.isActive():
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
        self.pack, self.player = pack, self.start.player.text().strip()
        self.level = difficulty(self.start.difficulty.currentData())
        self.scenarios = scenarios_for_level(pack.scenarios, self.level.name)
        self.game, self.summary, self.saved_path = None, None, None
        self.collector = CalibrationCollector(self.services.calibration_seconds)
        self.paused_by_user = False
        self.play.retranslate(self.lang)
        self.play.show_calibration(self.lang)
        self.play.mirror.set_message(tr("getting_ready", self.lang))
        self.stack.setCurrentWidget(self.play)
        self.start_worker()

    def finish_calibration(self) -> None:
        calibration = self.collector.result()
        self.collector = None
        self.game = Game(self.scenarios, self.level, calibration)
        self.play.retranslate(self.lang)
        self.show_current()

    def show_current(self) -> None:
        if self.game.finished:
            self.finish_game()
            return
        self.play.show_scenario(self.game.current, self.game.index, len(self.scenarios), self.level.show_target,
                                self.lang)
        self.play.gauge.set_values(0.0, self.level.threshold)
        self.read_current()

    def read_current(self) -> None:
        if self.game is not None and self.game.current is not None and self.start.read_aloud.isChecked():
            self.speaker.say(self.game.current.text, self.lang)

    def on_result(self) -> None:
        item = self.worker.take() if self.worker is not None else None
        if item is None or self.stack.currentWidget() is not self.play:
            return
        result, timestamp = item
        self.play.mirror.show_frame(result.frame, result.box)
        self.play.mirror.set_message("" if result.probs is not None else tr("no_face", self.lang))
        if self.collector is not None:
            self._calibrate_with(result, timestamp)
        elif self.game is not None and not self.game.finished:
            self._judge(result, timestamp)

    def _calibrate_with(self, result, timestamp: float) -> None:
        self.collector.add(result.probs, timestamp)
        self.play.bars.set_probabilities(result.probs)
        self.play.hold.set_fraction(self.collector.progress)
        if self.collector.done:
            self.finish_calibration()

    def _judge(self, result, timestamp: float) -> None:
        was_celebrating = self.game.celebrating
        state = self.game.update(result.probs, timestamp)
        if self.game.paused or was_celebrating:
            return
        self.play.bars.set_probabilities(self.game.calibrated(result.probs))
        self.play.gauge.set_values(state.target_probability, self.level.threshold)
        self.play.hold.set_fraction(state.hold_fraction)
        if self.game.show_hint and self.game.current.hint:
            self.play.hint.setText(tr("hint", self.lang, hint=self.game.current.hint))
        if state.status is Status.PASSED:
            self.celebrate()

    def celebrate(self) -> None:
        self.play.show_success(self.game.current.target, self.lang)
        if self.start.sound.isChecked():
            self.chime.play()
        self.advance_timer.start()

    def advance(self) -> None:
        self.advance_timer.stop()
        if self.game is not None and self.game.celebrating:
            self.game.advance()
            self.show_current()

    def skip(self) -> None:
        if self.collector is not None:
            self.finish_calibration()
        elif self.game is not None and self.game.celebrating:
            self.advance()
        elif self.game is not None:
            self.game.skip()
            self.show_current()

    def retry(self) -> None:
        if self.game is not None and not self.game.celebrating:
            self.game.retry()
            self.play.hold.set_fraction(0.0)
            self.play.hint.setText("")

    def toggle_pause(self) -> None:
        if self.game is None:
            return
        self.paused_by_user = not self.paused_by_user
        self._set_game_paused(self.paused_by_user)
        self.play.retranslate(self.lang, self.paused_by_user)
        self.play.hint.setText(tr("paused", self.lang) if self.paused_by_user else "")

    def _set_game_paused(self, paused: bool) -> None:
        if self.game is None:
            return
        self.game.pause() if paused else self.game.resume()

    def finish_game(self) -> None:
        self.advance_timer.stop()
        self.speaker.stop()
        results = self.game.results if self.game is not None else []
        self.stop_worker()
        self.game, self.collector = None, None
        if not results:
            self.show_start()
            return
        self.summary = summarise(results, self.player, self.pack.title, self.level.name)
        self.summary_screen.show_summary(self.summary, self._save_summary(), self.lang)
        self.stack.setCurrentWidget(self.summary_screen)
        self.summary_screen.play_again.setFocus()

    def _save_summary(self) -> str:
        if not self.summary.player:
            return tr("not_saved", self.lang)
        try:
            self.saved_path = save_summary(self.summary, self.services.results_dir())
        except OSError as error:
            return tr("save_failed", self.lang, error=error)
        return tr("saved", self.lang, path=self.saved_path)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event):  # noqa: N802 (Qt override)
        self.save_settings()
        self.stop_worker()
        for worker in list(self._retired_workers):
            worker.wait()  # a worker may still be loading the model; Qt aborts on a running QThread
        super().closeEvent(event)
