"""The main window: screens in a stack, the frame worker, and the session's views rendered on them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QRect, QSettings, QTimer
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QMainWindow, QSplitter, QStackedWidget, QTreeView

from actor_trainer.play.coach import Coach, Finished
from actor_trainer.play.session import Phase, Session, View
from actor_trainer.resources import assets_dir
from actor_trainer.settings import Settings, level_named
from actor_trainer.ui.i18n import tr
from actor_trainer.ui.rewards import success_sound
from actor_trainer.ui.screens.common import ReadOnHover, picture_buttons
from actor_trainer.ui.screens.error import ErrorScreen
from actor_trainer.ui.screens.play import PlayScreen
from actor_trainer.ui.screens.start import StartScreen
from actor_trainer.ui.screens.summary import SummaryScreen
from actor_trainer.ui.speech import Sounds, Speaker, sound_problem
from actor_trainer.ui.worker import CAMERA_BUSY, CAMERA_LOST, RUNNING, FrameWorker
from actor_trainer.vision.source_spec import IMAGE_SUFFIXES, VIDEO_SUFFIXES, SourceSpec

# point sizes at scale 1 (a 1280x800 screen); style_sheet() multiplies them by the screen's scale
STYLE = """
QWidget {{ font-size: {base}pt; }}
QLabel#title {{ font-size: {title}pt; font-weight: bold; color: #1a237e; }}
QLabel#big {{ font-size: {big}pt; font-weight: bold; color: #1a237e; }}
QLabel#heading {{ font-size: {heading}pt; font-weight: bold; color: #37474f; }}
QLabel#situation {{ font-size: {situation}pt; font-weight: bold; color: #1a237e; }}
QLabel#target {{ font-size: {target}pt; }}
QLabel#hint {{ font-size: {target}pt; font-weight: bold; color: #4a148c; }}
QLabel#stars {{ font-size: {stars}pt; }}
QLabel#note {{ font-size: {note}pt; color: #455a64; }}
QLabel#warning {{ font-size: {warning}pt; color: #c62828; }}
QFrame#hintCard {{ background: #f3e5f5; border: 3px solid #ab47bc; border-radius: 16px; }}
QPushButton {{ padding: {pad}px {pad_wide}px; }}
QPushButton#primary {{ background: #2e7d32; color: white; font-weight: bold; }}
QPushButton#primary:disabled {{ background: #a5d6a7; }}
QToolButton[choice="true"], QPushButton#choice {{ font-size: {choice}pt; padding: {pad}px {pad_choice}px;
    border: 3px solid #cfd8dc; border-radius: 14px; background: #fafafa; }}
QToolButton[choice="true"]:checked {{ border: 4px solid #2e7d32; background: #c8e6c9; }}
QCheckBox {{ spacing: {pad_wide}px; }}
QCheckBox::indicator {{ width: {box}px; height: {box}px; }}
"""
POINT_SIZES = {"base": 16, "title": 26, "big": 40, "heading": 15, "situation": 24, "target": 20, "stars": 22,
               "note": 12, "warning": 14, "choice": 14}
DESIGN_SIZE = (1280, 800)  # the screen the sizes above are drawn for
SCALE_RANGE = (0.72, 2.0)
SMALLEST_WINDOW = (1024, 600)


def ui_scale(width: int, height: int) -> float:
    """How much bigger than on a 1280x800 screen text and pictures are drawn on a `width` x `height` one."""
    scale = min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1])
    return max(SCALE_RANGE[0], min(scale, SCALE_RANGE[1]))


def style_sheet(scale: float) -> str:
    sizes = {name: round(points * scale, 1) for name, points in POINT_SIZES.items()}
    return STYLE.format(**sizes, pad=round(6 * scale), pad_wide=round(16 * scale), pad_choice=round(12 * scale),
                        box=round(22 * scale))  # a check box as big as its text, at every screen size


@dataclass
class Services:
    """Everything the window needs from outside; tests replace the camera, model and clock."""

    open_source: Callable[[object], object]  # SourceSpec (a camera index or a path) -> FrameSource
    build_pipeline: Callable[[], object]  # runs in the worker thread
    discover_packs: Callable[[], tuple[list, list]]
    open_editor: Callable[[object], object] | None = None  # parent -> TeacherEditor (not yet shown)
    players: object | None = None  # the one people.players.PlayerStore, built at start (app.py); None: guests
    players_error: OSError | None = None  # why there is no store (the folder cannot be made), said on New player
    choose_video_file: Callable[[object, str], str | None] | None = None  # (parent, title) -> path or None
    choose_picture_folder: Callable[[object, str], str | None] | None = None  # (parent, title) -> folder or None
    clock: Callable[[], float] = time.monotonic
    min_frame_interval: float = 1 / 30
    reconnect_interval: float = 0.2  # how often a lost camera is polled
    celebration_ms: int = 2500
    baseline_seconds: float = 3.0  # the calm face at the start of a game
    pending_dir: Path | None = None  # games whose save failed, until the next start (people/saving.py)


DIALOG_SHARE = (0.7, 0.75)  # the file dialog's width and height, as shares of the window's


def source_dialog(parent, title: str, lang: str, folder: bool = False) -> QFileDialog:
    """The dialog that picks a video file (or one picture) or, with `folder`, a folder of pictures; as large as
    DIALOG_SHARE of the window, so that its columns fit at the window's font size."""
    dialog = QFileDialog(parent, title)
    videos = f"{tr('filter_videos', lang)} ({' '.join(f'*{suffix}' for suffix in sorted(VIDEO_SUFFIXES | {'.gif'}))})"
    pictures = f"{tr('filter_pictures', lang)} ({' '.join(f'*{suffix}' for suffix in sorted(IMAGE_SUFFIXES))})"
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setNameFilters([pictures])  # the folders, and the pictures in them: the teacher sees what plays
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([videos, pictures, f"{tr('filter_all', lang)} (*)"])
    if parent is not None:
        dialog.resize(round(parent.width() * DIALOG_SHARE[0]), round(parent.height() * DIALOG_SHARE[1]))
    widen_columns(dialog)
    return dialog


def widen_columns(dialog: QFileDialog) -> None:
    """Qt's own dialog (where the desktop offers none) keeps its columns narrow at a large font: the names take
    the free width, size, kind and date what they need, the places beside them a fifth. A desktop's dialog has
    none of these widgets and sizes itself."""
    files = dialog.findChild(QTreeView, "treeView")
    if files is not None:
        header = files.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    places = dialog.findChild(QSplitter, "splitter")
    if places is not None and places.count() == 2:
        places.setSizes([dialog.width() // 5, dialog.width() - dialog.width() // 5])


def ask_for_source(parent, title: str, lang: str, folder: bool = False) -> str | None:
    """The video file or picture folder the teacher picks, or None."""
    from actor_trainer.ui.editor.qt_translation import use_qt_translation

    use_qt_translation(lang)  # Qt's own words in the dialog (Open, Cancel, File name) in the game's language
    dialog = source_dialog(parent, title, lang, folder)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def source_description(spec, lang: str) -> str:
    """What the settings say the game plays from: "" for a camera, else the file's or folder's name and kind."""
    spec = SourceSpec.parse(spec)
    if spec.is_camera:
        return ""
    return tr(f"source_is_{spec.named_kind}", lang, name=spec.path.name or str(spec.path))


def system_language(locale: QLocale | None = None) -> str:
    """The game's language for the computer's: Swedish for a Swedish system, English for any other."""
    locale = QLocale.system() if locale is None else locale
    return "sv" if locale.language() == QLocale.Language.Swedish else "en"


class SettingsStore:
    """`first_language` is the language of the very first start (before any choice was saved)."""

    def __init__(self, qsettings: QSettings, first_language: Callable[[], str] = system_language):
        self.qsettings = qsettings
        self.first_language = first_language

    def load(self) -> Settings:
        saved = {key: self.qsettings.value(key) for key in self.qsettings.allKeys()}
        if "language" not in saved:
            saved["language"] = self.first_language()
        return Settings.from_dict(saved)

    def save(self, settings: Settings) -> None:
        for key, value in settings.to_dict().items():
            # plain strings: the same in every QSettings backend, read back by Settings.from_dict
            self.qsettings.setValue(key, str(value).lower() if isinstance(value, bool) else str(value))
        self.qsettings.sync()
        restrict_to_user(self.qsettings)


def restrict_to_user(qsettings: QSettings) -> None:
    """The settings file holds the last player's name: readable by this user only (0600), as the players
    folder is. Backends without a file (the Windows registry, macOS defaults) keep their own access."""
    path = Path(qsettings.fileName())
    try:
        if path.is_file() and not path.is_symlink():  # never the mode of what a link points to
            path.chmod(0o600)
    except OSError:
        pass


PLAYER_ERRORS = {"duplicate": "player_exists", "empty": "player_needs_name", "no_avatar": "player_needs_avatar",
                 "too_long": "player_name_too_long", "no_space": "player_problem_no_space",
                 "read_only": "player_problem_read_only"}  # any other reason: "player_problem" and its words


class MainWindow(QMainWindow):
    def __init__(self, services: Services, store: SettingsStore, source=None):
        super().__init__()
        self.services, self.store = services, store
        self.settings = store.load()
        self.lang = self.settings.language
        self.source_spec = SourceSpec.parse(source if source is not None else self.settings.camera)
        if self.source_spec.is_camera:
            self.settings.camera = self.source_spec.camera  # a camera to start from is the settings' camera
        self.worker: FrameWorker | None = None
        self._retired_workers: list[FrameWorker] = []
        self.pipeline = None
        self.session: Session | None = None
        self.scenarios, self.pack, self.player, self.level = [], None, "", level_named(self.settings.level)
        self.finished: Finished | None = None  # the last game, its record and its save (the coach's)
        self._shown: tuple | None = None  # (phase, index) last rendered
        self.players, self.players_error = services.players, services.players_error
        self.coach = Coach(self.players, baseline_seconds=services.baseline_seconds,
                           pending=services.pending_dir)  # the core's front door
        self.speaker = Speaker(self)  # checks the engines in its own thread; `changed` when it knows
        self.speaker.changed.connect(self.speech_changed)
        self.sounds = Sounds(assets_dir() / "sounds", self)
        self.sound_problem = ""  # or why Sound is off: nothing can play here (checked once the window is up)
        QTimer.singleShot(0, self.check_sound)
        self.advance_timer = QTimer(self)
        self.advance_timer.setSingleShot(True)
        self.advance_timer.setInterval(services.celebration_ms)
        self.advance_timer.timeout.connect(self.advance)
        self.scale = 1.0
        self._build_screens()
        icon = assets_dir() / "icons" / "actor-trainer.png"
        if icon.is_file():
            self.setWindowIcon(QIcon(str(icon)))
        self.fit_to_screen()
        QShortcut(QKeySequence("F11"), self, self.toggle_fullscreen)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)  # every game screen (the editor keeps its own keys)
        self.reload_packs()
        self.reload_players()
        self.apply_settings_to_start()
        self.retranslate()
        self.show_start()
        self._screen_signal = None

    def showEvent(self, event):  # noqa: N802 (Qt override)
        """Follow the window to another screen: fonts and sizes are the new screen's."""
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and self._screen_signal is None:
            self._screen_signal = handle.screenChanged.connect(lambda _screen: self.fit_to_screen())

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
        self.start.plan = lambda pack, player, level: self.coach.plan(pack, player, level)  # the coach's one rule
        self.start.start_requested.connect(self.start_game)
        self.start.teacher_requested.connect(self.open_teacher)
        self.start.quit_requested.connect(self.close)
        self.start.language_changed.connect(self.set_language)
        self.start.add_player_requested.connect(self.add_player)
        self.start.settings_changed.connect(self.save_settings)
        self.start.camera_requested.connect(self.use_camera)
        self.start.camera_changed.connect(self.camera_changed)
        self.play.skip_requested.connect(self.skip)
        self.play.retry_requested.connect(self.retry)
        self.play.pause_requested.connect(self.toggle_pause)
        self.play.stop_requested.connect(self.ask_to_stop)
        self.play.stop_confirmed.connect(self.stop_game)
        self.play.stop_cancelled.connect(self.keep_playing)
        self.play.next_requested.connect(self.advance)
        self.play.read_again_requested.connect(self.read_current)
        self.play.hint_shown.connect(self.read_hint)
        self.play.coach_card.cue_shown.connect(self.read_cue)
        self.play.say_requested.connect(self.say_control)
        self.start.say_requested.connect(self.say_control)
        self.start.read_cards(self.start.level)
        self.control_reader = ReadOnHover(self.say_control, self)  # the child's buttons of the other screens
        for button in self.child_pictures():
            button.installEventFilter(self.control_reader)
        self.summary_screen.play_again_requested.connect(self.start_game)
        self.summary_screen.back_requested.connect(self.show_start)
        self.summary_screen.save_again_requested.connect(self.save_again)
        self.error.retry_requested.connect(self.retry_source)
        self.error.video_requested.connect(self.play_from_video)
        self.error.folder_requested.connect(self.play_from_folder)
        self.error.back_requested.connect(self.show_start)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("app_title", self.lang))
        self.start.set_speech_problem(self.speech_problem())
        self.start.set_sound_problem(tr(self.sound_problem, self.lang) if self.sound_problem else "")
        # e.g. back to a language with a voice: the saved choice shows again
        self.start.bind_settings(self.settings, self.speaker.available_for(self.lang))
        self.start.retranslate(self.lang)
        self.start.show_source(source_description(self.source_spec, self.lang), self.lang)
        self.play.read_again.setVisible(self.reading_aloud())
        self.play.retranslate(self.lang, self.session is not None and self.session.paused_by_child)

    def check_sound(self) -> None:
        """Whether a sound can play (Qt Multimedia loads and lists an output): after the first window is drawn,
        since loading Qt Multimedia takes a moment."""
        self.sound_problem = sound_problem()
        if self.sound_problem:
            self.start.set_sound_problem(tr(self.sound_problem, self.lang))

    def speech_changed(self) -> None:
        """Read-aloud became known (or stopped answering): the box, its note and Read again follow."""
        self.retranslate()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()
        self.reload_packs()
        self.reload_players(self.start.player.currentData())
        self.save_settings()

    def speech_problem(self) -> str:
        """Why read-aloud is not offered in the game's language ("" when it speaks)."""
        problem = self.speaker.problem(self.lang)
        return tr(problem, self.lang, error=self.speaker.error) if problem else ""

    def reading_aloud(self) -> bool:
        return self.speaker.available_for(self.lang) and self.settings.read_aloud

    def show_start(self) -> None:
        self.stop_worker()
        self.advance_timer.stop()
        self.speaker.stop()
        self.session = None
        self.reload_players(self.start.player.currentData())  # a player deleted meanwhile is gone from the list
        self.stack.setCurrentWidget(self.start)
        self.start.show_main()

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """Fill the free area of the screen (`available`, default: the one the window is on, less its panels)
        and draw text and pictures to its size; a window manager then maximizes it (app.run)."""
        if available is None:
            screen = self.screen()
            available = screen.availableGeometry() if screen is not None else QRect(0, 0, *DESIGN_SIZE)
        self.apply_scale(ui_scale(available.width(), available.height()))
        self.setMinimumSize(min(SMALLEST_WINDOW[0], available.width()), min(SMALLEST_WINDOW[1], available.height()))
        if not self.isFullScreen():
            self.setGeometry(available)

    def apply_scale(self, scale: float) -> None:
        self.scale = scale
        self.setStyleSheet(style_sheet(scale))
        for screen in (self.start, self.play, self.summary_screen, self.error):
            screen.apply_scale(scale)
        picture_buttons(self.child_pictures(), round(28 * scale))

    def child_pictures(self) -> dict:
        """The buttons a child uses outside the play screen (which draws its own) and their pictures."""
        return {self.start.start: "start", self.summary_screen.play_again: "start", self.summary_screen.back: "back",
                self.error.retry: "retry", self.error.back: "back"}

    def say_control(self, text: str) -> None:
        """Read a control's name or the question on the screen aloud, when read-aloud is on."""
        if text and self.reading_aloud():
            self.speaker.say(text, self.lang)

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

    def _player_list(self) -> list | None:
        """The players, or None when there is no store or its folder cannot be read now (guests until it is)."""
        if self.players is None:
            return None
        try:
            return self.players.players()
        except OSError:
            return None

    def reload_players(self, selected: str | None = None) -> None:
        """The players on the start screen; a name that is no longer there (deleted) is forgotten by the
        settings too. Without a players folder the New player card stays where a child looks for it and says
        why (no store and no error at all: a window without players, as tests and the self-test open it)."""
        listed = self._player_list()
        players = listed or []
        names = {player.name for player in players}
        selected = self.settings.player if selected is None else selected
        self.start.set_players(players, selected if selected in names else "")
        read_only = self.players is not None and getattr(self.players, "read_only", False)
        error = self.players_error
        self.start.players_problem = str(error.strerror or error) if self.players is None and error is not None else ""
        self.start.new_player.setVisible((self.players is not None and not read_only)
                                         or (self.players is None and error is not None))
        self.start.players_note.setText(tr("players_read_only", self.lang) if read_only else "")
        self.start.players_note.setVisible(read_only)
        if listed is not None and self.settings.player and self.settings.player not in names:
            self.settings.player = ""
            self.store.save(self.settings)

    def forget_player(self, name: str) -> None:
        """The teacher deleted `name`: gone at once from the start screen and from the settings."""
        if self.start.player.currentData() == name:
            self.start.player.setCurrentIndex(max(self.start.player.findData(""), 0))
        self.reload_players()

    def add_player(self, name: str, avatar: str) -> None:
        try:
            player = self.coach.add_player(name, avatar)
        except ValueError as error:  # players.PlayerError: its reason, said in the child's language
            key = PLAYER_ERRORS.get(getattr(error, "reason", ""), "player_problem")
            self.start.new_player_error.setText(tr(key, self.lang, name=name, error=error))
            return
        self.reload_players(player.name)
        self.start.show_main()
        self.save_settings()

    def apply_settings_to_start(self) -> None:
        """The start screen shows the settings; its settings page edits the Settings object itself."""
        self.start.language.blockSignals(True)  # no save_settings() while the widgets are half filled in
        self.start.language.setCurrentIndex(max(self.start.language.findData(self.settings.language), 0))
        self.start.language.blockSignals(False)
        self.start.level.setCurrentIndex(max(self.start.level.findData(self.settings.level), 0))
        self.start.bind_settings(self.settings, self.speaker.available_for(self.lang))

    def save_settings(self) -> None:
        """Keep the settings (the settings page has written its boxes and camera number into them already), with
        the choices of the start screen's main page."""
        pack = self.start.pack.currentData()
        self.settings.language = self.lang
        self.settings.level = self.start.level.currentData() or self.settings.level
        self.settings.player = self.start.player.currentData() or ""
        self.settings.last_pack = pack.title if pack is not None else self.settings.last_pack
        if self.source_spec.is_camera:
            self.settings.camera = self.source_spec.camera  # the camera playing is the settings' camera
        if not self.isFullScreen():
            self.settings.window_width, self.settings.window_height = self.width(), self.height()
        self.store.save(self.settings)
        self.play.read_again.setVisible(self.reading_aloud())

    def open_teacher(self) -> None:
        try:
            dialog = self.services.open_editor(self)
        except Exception as error:  # the editor failed to build: say so, keep the game usable
            self.start.problems.setText(tr("editor_missing", self.lang, error=error))
            return
        dialog.packs_changed.connect(self.reload_packs)
        progress = getattr(dialog, "progress_view", None)
        if progress is not None:
            progress.history_deleted.connect(self.forget_player)
        dialog.finished.connect(self._teacher_done)
        dialog.open()  # window-modal but never blocks the event loop
        self.editor = dialog

    def _teacher_done(self, _result=None) -> None:
        """The teacher's window closed: the packs may have changed, and the keys go to the game again
        (without a window manager nobody else gives the focus back)."""
        self.reload_packs()
        self.reload_players(self.start.player.currentData())
        self.activateWindow()

    # ------------------------------------------------------------------ the worker
    def start_worker(self) -> None:
        if self.worker is not None:
            return
        spec = self.source_spec
        worker = FrameWorker(lambda: self.services.open_source(spec), self.services.build_pipeline, self.pipeline,
                             clock=self.services.clock, min_interval=self.services.min_frame_interval,
                             reconnect_interval=self.services.reconnect_interval, is_camera=spec.is_camera)
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
        """The model is loaded: its own profile judges from now on (the first game included)."""
        self.pipeline = pipeline
        self.coach.use_model(pipeline, self.session)

    def on_status(self, kind: str, message) -> None:
        """`message`: the details line ("", a text, or a SourceError that the error screen says in the language)."""
        if kind == RUNNING:
            if self.stack.currentWidget() in (self.error, self.play):
                self.stack.setCurrentWidget(self.play)
                self._resume_after_source_trouble()
            return
        if self.session is not None:
            self.session.set_source_away(True)
        self.advance_timer.stop()
        if kind not in (CAMERA_LOST, CAMERA_BUSY):  # the source keeps trying to reopen those
            self.stop_worker()
        self.error.show_error(kind, message, self.lang)
        self.stack.setCurrentWidget(self.error)
        self.error.retry.setFocus()
        self.say_control(f"{self.error.title.text()} {self.error.help.text()}")  # for a child who cannot read

    def _resume_after_source_trouble(self) -> None:
        """The camera or video is back: undo the automatic pause (never the child's own pause)."""
        if self.session is not None:
            self.render_hold(self.session.set_source_away(False))

    def retry_source(self) -> None:
        self.stop_worker()
        self.stack.setCurrentWidget(self.play)
        self.play.mirror.set_message(tr("getting_ready", self.lang))
        self.start_worker()

    def play_from_video(self) -> None:
        """V on the error screen: a video file (or one picture) instead of the camera."""
        choose = self.services.choose_video_file or (lambda parent, title: ask_for_source(parent, title, self.lang))
        self.use_source(choose(self, tr("choose_video", self.lang)))

    def play_from_folder(self) -> None:
        """F on the error screen: a folder of pictures instead of the camera."""
        choose = self.services.choose_picture_folder or (
            lambda parent, title: ask_for_source(parent, title, self.lang, folder=True))
        self.use_source(choose(self, tr("choose_picture_folder", self.lang)))

    def camera_changed(self, _number: int) -> None:
        """A new camera number on the settings page (in the settings already) plays from now on, unless a video
        file or picture folder is playing."""
        if self.source_spec.is_camera:
            self.source_spec = SourceSpec(camera=self.settings.camera)

    def use_camera(self) -> None:
        """Back from a video file or picture folder to the camera of the settings."""
        self.source_spec = SourceSpec(camera=self.settings.camera)
        self.start.show_source("", self.lang)

    def use_source(self, path: str | None) -> None:
        """Play from `path` from now on (the settings name it); None: nothing was chosen, nothing changes."""
        if path:
            self.source_spec = SourceSpec(path=Path(path))  # chosen in a dialog: a path, even one named "1"
            self.start.show_source(source_description(self.source_spec, self.lang), self.lang)
            self.retry_source()

    # ------------------------------------------------------------------ the game
    def start_game(self) -> None:
        pack = self.start.pack.currentData()
        if pack is None:
            return
        listed = self._player_list()
        if listed is not None and self.start.player.currentData() not in {p.name for p in listed} | {"", None}:
            self.reload_players()  # deleted meanwhile (another window, another instance): nobody plays as them
            return
        self.save_settings()
        self.pack, self.player = pack, self.start.player.currentData() or ""
        self.level = level_named(self.start.level.currentData())
        self.finished = None
        self.session = self.coach.start(pack, self.player, self.level.name)
        self.scenarios = self.session.scenarios
        self._shown = None
        self.play.set_calm(self.settings.calm)
        self.session.set_calm(self.settings.calm)
        self.play.retranslate(self.lang)
        self.play.show_baseline(len(self.scenarios))
        self.say_control(f"{tr('baseline_title', self.lang)}. {tr('baseline_sub', self.lang)}")  # the calm face
        self.play.mirror.set_message(tr("getting_ready", self.lang))
        self.stack.setCurrentWidget(self.play)
        self.start_worker()

    def on_result(self) -> None:
        item = self.worker.take() if self.worker is not None else None
        if item is None or self.stack.currentWidget() is not self.play or self.session is None:
            return
        result, timestamp = item
        self.play.mirror.show_frame(result.frame, result.box)
        mesh = getattr(result, "mesh", None)  # the face mesh, on the few frames coaching reads it
        self.render(self.session.feed(result.probs, timestamp, getattr(result, "camera", None), mesh=mesh))

    def render(self, view: View) -> None:
        """Show what the session says; screen changes (a new situation, success, the end) happen once."""
        key = (view.phase, view.index)
        changed, self._shown = key != self._shown, key
        if changed:
            self.play.mark_journey(view.journey)
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
        self.render_hold(view)

    def render_hold(self, view: View) -> None:
        """The page the session puts over the game (the pause, the stop question); the celebration's timer
        waits while the game is held."""
        self.play.show_overlay(view.overlay, view.phase is Phase.CELEBRATING)
        if view.paused:
            self.advance_timer.stop()
        elif view.phase is Phase.CELEBRATING and not self.advance_timer.isActive():
            self.advance_timer.start()

    def read_current(self) -> None:
        view = self.session.view if self.session is not None else None
        if view is not None and view.scenario is not None and self.reading_aloud():
            self.speaker.say(view.scenario.text, self.lang)

    def read_hint(self, hint: str) -> None:
        if self.reading_aloud():
            self.speaker.say(tr("hint", self.lang, hint=hint), self.lang)

    def read_cue(self, text: str) -> None:
        """Coaching's new cue (which part of the face to move), read aloud when reading aloud is on."""
        if self.reading_aloud():
            self.speaker.say(text, self.lang)

    def celebrate(self, view: View) -> None:
        variant = self.play.show_success(view.expression or view.targets[0])
        if self.settings.sound and not self.sound_problem:
            self.sounds.play(success_sound(variant, calm=self.settings.calm))
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
            self.play.show_hint("")
            self.play.mascot.encourage()

    def toggle_pause(self) -> None:
        """Space, P or Resume."""
        if self.session is None or self.session.over:
            return
        view = self.session.toggle_pause()
        if self.session.paused_by_child:
            self.speaker.stop()
        self.render_hold(view)

    def ask_to_stop(self) -> None:
        """Esc or Stop: ask first; called again while asking, it answers No (the No button itself goes to
        `keep_playing`, which never asks)."""
        if self.session is None or self.session.over:
            return
        session = self.session
        self.render_hold(session.cancel_stop() if session.asking_to_stop else session.ask_to_stop())

    def keep_playing(self) -> None:
        """No (Enter, Space, Esc or a click): back to the game. A key held on the focused No button can
        click it twice (its shortcut and its own key release); the second click finds no question and
        does nothing."""
        if self.session is not None and self.session.asking_to_stop:
            self.render_hold(self.session.cancel_stop())

    def stop_game(self) -> None:
        """Yes, stop (Y or J, or a click on Yes): the summary of a stopped game."""
        if self.session is not None:
            self.render(self.session.confirm_stop())

    def finish_game(self) -> None:
        """The game is over: the coach saves it (`Coach.finish`); the summary shows it and how the save went."""
        self.advance_timer.stop()
        self.speaker.stop()
        session, self.session = self.session, None
        self.stop_worker()
        self.finished = self.coach.finish(session, self.player, self.pack.title if self.pack is not None else "")
        if self.finished is None:
            self.show_start()
            return
        self.summary_screen.show_summary(self.finished.summary, self.save_note(), self.lang)
        self.show_save_result()
        self.stack.setCurrentWidget(self.summary_screen)
        self.summary_screen.play_again.setFocus()

    @property
    def summary(self):
        """The last game's summary (results.Summary), or None."""
        return self.finished.summary if self.finished is not None else None

    @property
    def saved_path(self):
        """The player's file the last game was saved in, or None."""
        return self.finished.save.path if self.finished is not None else None

    def save_note(self) -> str:
        """What the summary says of the last game's save, in the game's language."""
        result, player = self.finished.save, self.finished.game.player
        if result.guest:
            return tr("guest_note", self.lang)
        if result.saved:
            return tr("summary_saved_for", self.lang, player=player)
        note = tr(f"save_failed_{result.reason}", self.lang, player=player, error=result.detail)
        if not result.can_retry:
            return note
        return note + " " + tr("save_kept_pending" if result.pending is not None else "save_kept_memory", self.lang)

    def save_again(self) -> None:
        """S (Save again) on the summary of a game whose save failed."""
        if self.finished is not None and self.finished.save.can_retry:
            self.finished = self.coach.save_again(self.finished)
            self.show_save_result()

    def show_save_result(self) -> None:
        self.summary_screen.show_saved(self.save_note(), self.lang, can_retry=self.finished.save.can_retry)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event):  # noqa: N802 (Qt override)
        if self.session is not None and not self.session.over:
            self.session.stop()  # a game left with Ctrl+Q is kept as stopped, like one left with Esc
            self.finish_game()
        self.save_settings()
        self.stop_worker()
        self.speaker.close()
        for worker in list(self._retired_workers):
            worker.wait()  # a worker may still be loading the model; Qt aborts on a running QThread
        super().closeEvent(event)
