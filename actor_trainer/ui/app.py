"""`actor-trainer` (or `actor-trainer play`): the game window.

Imports Qt, OpenCV and the model only inside run(), so the command line stays quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Qt platforms that draw without a window system (screenshots, tests, remote viewers)
HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
NO_DISPLAY_EXIT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", metavar="FILE_DIR_OR_N",
                        help="play from a video file, a folder of pictures, or camera number N (as --camera N)")
    parser.add_argument("--camera", type=int, metavar="N", help="camera number (remembered)")
    parser.add_argument("--model", type=Path, metavar="DIR",
                        help="model folder written by `python -m training export --dest DIR`")
    parser.add_argument("--language", choices=("sv", "en"), help="language of the game (remembered)")
    parser.add_argument("--fullscreen", action="store_true", help="start full screen (F11 toggles)")


def default_services(model_dir: Path | None = None):
    """What the window needs from outside. Builds the one PlayerStore (the game's and the teacher's window's)
    and runs the start-up housekeeping first: what a save killed half-way left behind, an older version's
    results, the games a failed save kept aside (people/saving.py `start_up`)."""
    from actor_trainer.packs import packs
    from actor_trainer.people.saving import start_up
    from actor_trainer.ui.main_window import Services
    from actor_trainer.user_paths import pending_dir, players_dir, results_dir, user_packs_dir

    try:
        packs.remove_leftovers(user_packs_dir())
    except OSError as error:  # a folder this user may not write: nothing to tidy
        print(f"actor-trainer: {error.filename or user_packs_dir()} cannot be written ({error.strerror or error})",
              file=sys.stderr)
    players, players_error = open_players(players_dir())
    if players is not None and players.read_only:
        print(f"actor-trainer: {players_dir()} cannot be written; opened read-only", file=sys.stderr)
    for line in start_up(players, pending_dir(), results_dir()):
        print(f"actor-trainer: {line}", file=sys.stderr)

    def open_source(spec):
        from actor_trainer.ui.worker import HeldImages
        from actor_trainer.vision.frames import open_source as open_frames
        from actor_trainer.vision.frames import source_kind
        kind = source_kind(spec)
        if kind == "video":
            return open_frames(spec, paced=True)  # at the file's own pace, like a camera
        source = open_frames(spec)
        return HeldImages(source) if kind == "folder" else source

    def build_pipeline():
        from actor_trainer.vision.pipeline import build_pipeline as build
        return build(model_dir=model_dir, coaching=True)

    def discover():
        from actor_trainer.packs.packs import discover_packs
        from actor_trainer.resources import builtin_scenarios_dir
        return discover_packs(builtin_scenarios_dir(), user_packs_dir())

    def open_editor(parent, language: str | None = None):
        from actor_trainer.resources import builtin_scenarios_dir
        from actor_trainer.ui.editor import TeacherEditor
        language = language or getattr(parent, "lang", "en")  # the teacher's area speaks the game's language
        store = getattr(parent, "players", players)  # the game window's store: the one store of this start
        return TeacherEditor(user_packs_dir(), builtin_scenarios_dir(), parent, language=language, players=store)

    return Services(open_source=open_source, build_pipeline=build_pipeline, discover_packs=discover,
                    open_editor=open_editor, players=players, players_error=players_error, pending_dir=pending_dir())


def open_players(folder: Path):
    """(the PlayerStore of `folder`, None) or, when the folder cannot be made, (None, the OSError): then
    everyone plays as a guest and New player says why."""
    from actor_trainer.people.players import PlayerStore

    try:
        return PlayerStore(folder), None
    except OSError as error:
        return None, error


def starting_source(args: argparse.Namespace, settings):
    """The source the window starts from, `--source` parsed once: None for a camera, whose number (`--camera N`
    or `--source N`, the latter winning) goes into `settings.camera` and is remembered; else the file's or
    folder's SourceSpec."""
    from actor_trainer.vision.source_spec import SourceSpec

    source = SourceSpec.parse(args.source) if args.source else None
    camera = source.camera if source is not None and source.is_camera else args.camera
    if camera is not None:
        settings.camera = camera
    return None if source is None or source.is_camera else source


def display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why the game window cannot open here (Linux without a display), or None. Checked before Qt starts:
    Qt itself would abort with a misleading hint about missing xcb libraries."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    qpa = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if qpa in HEADLESS_PLATFORMS:
        return None
    wanted = {"xcb": ("DISPLAY",), "wayland": ("WAYLAND_DISPLAY",)}.get(qpa, ("DISPLAY", "WAYLAND_DISPLAY"))
    if any(environ.get(name) for name in wanted):
        return None
    return ("actor-trainer: no display was found, so the game window cannot open.\n"
            "Start it from a desktop session (where DISPLAY or WAYLAND_DISPLAY is set). Over ssh use `ssh -X`; "
            "without a screen use a virtual one: xvfb-run -a actor-trainer\n"
            "actor-trainer: ingen skärm hittades, så spelfönstret kan inte öppnas. Starta spelet från skrivbordet "
            "(där DISPLAY eller WAYLAND_DISPLAY är satt), över ssh med `ssh -X`, eller med xvfb-run -a actor-trainer")


def settings_file(environ=os.environ, platform: str = sys.platform) -> Path | None:
    """Where QSettings() keeps the game's settings on Linux (~/.config/ORGANIZATION/APPLICATION.conf, or under
    XDG_CONFIG_HOME); None elsewhere (the Windows registry, macOS defaults)."""
    if not platform.startswith("linux"):
        return None
    from actor_trainer.app_data import APPLICATION, ORGANIZATION
    xdg = environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config"
    return base / ORGANIZATION / f"{APPLICATION}.conf"


def settings_file_problem(path: Path | None) -> str:
    """Why the settings file cannot be used ("" when it can): a symbolic link (a save would write through it,
    into whatever it points to), a FIFO, a device or a folder (reading it would wait for good)."""
    import stat
    if path is None:
        return ""
    try:
        info = os.lstat(path)
    except OSError:
        return ""  # not there yet: Qt makes it
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link"
    return "" if stat.S_ISREG(info.st_mode) else "not a regular file"


def open_settings():
    """QSettings() for the game; when its file is a link or not a file (settings_file_problem), a fresh
    private file for this session instead, and the reason on stderr (the real file is never touched)."""
    import tempfile

    from PySide6.QtCore import QSettings

    path = settings_file()
    problem = settings_file_problem(path)
    if not problem:
        return QSettings()
    print(f"actor-trainer: the settings file {path} is {problem}; it is left alone and the settings of this "
          "session are not kept / inställningsfilen används inte, så inställningarna sparas inte", file=sys.stderr)
    folder = Path(tempfile.mkdtemp(prefix="actor-trainer-settings-"))
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def run(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return NO_DISPLAY_EXIT
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from actor_trainer.app_data import APPLICATION, ORGANIZATION
    from actor_trainer.resources import assets_dir
    from actor_trainer.ui.main_window import MainWindow, SettingsStore

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    icon = assets_dir() / "icons" / "actor-trainer.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    store = SettingsStore(open_settings())
    settings = store.load()
    if args.language:
        settings.language = args.language
    source = starting_source(args, settings)
    store.save(settings)
    window = MainWindow(default_services(args.model), store, source=source)
    window.showFullScreen() if args.fullscreen else window.showMaximized()  # the screen's free area
    window.activateWindow()  # the child's first key reaches the game, with or without a window manager
    keep_game_on_signals(app, window)
    code = app.exec()
    leave_without_speech(window.speaker, code)
    return code


QUIT_SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")  # logout, shutdown, a task manager, a closed terminal, Ctrl+C
SIGNAL_POLL_MS = 200  # how often Python gets a moment to run its signal handlers while Qt's loop waits


def keep_game_on_signals(app, window):
    """SIGTERM, SIGHUP and SIGINT close the window as Ctrl+Q does: a game in progress is kept as stopped and
    saved, the settings too. Python runs a handler only between Qt's events, so a timer gives it a moment
    every SIGNAL_POLL_MS. Returns the timer."""
    import signal

    from PySide6.QtCore import QTimer

    def close(_number, _frame) -> None:
        QTimer.singleShot(0, window.close)
    for name in QUIT_SIGNALS:
        if hasattr(signal, name):  # Windows has no SIGHUP
            signal.signal(getattr(signal, name), close)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(SIGNAL_POLL_MS)
    return timer


def leave_without_speech(speaker, code: int) -> None:
    """The window has closed and saved everything. A speech thread still blocked in the engine (a speech server
    that stopped answering) would hold Python's clean-up for good, which destroys every Qt object: leave at once
    then, with the window's exit status."""
    if speaker.finished(1.0):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
