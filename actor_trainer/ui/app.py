"""`actor-trainer` (or `actor-trainer play`): the game window.

Imports Qt, OpenCV and the model only inside run(), so the command line stays quick.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", metavar="FILE_OR_DIR", help="play from a video file or a folder of pictures")
    parser.add_argument("--camera", type=int, metavar="N", help="camera number (remembered)")
    parser.add_argument("--model", type=Path, metavar="DIR",
                        help="model folder written by `python -m training export --dest DIR`")
    parser.add_argument("--language", choices=("sv", "en"), help="language of the game (remembered)")
    parser.add_argument("--fullscreen", action="store_true", help="start full screen (F11 toggles)")


def default_services(model_dir: Path | None = None):
    """What the window needs from outside; first tidies what a save killed half-way left behind."""
    from actor_trainer.ui.main_window import Services
    from actor_trainer.ui.user_paths import remove_leftovers, results_dir, user_packs_dir

    remove_leftovers()

    def open_source(spec):
        from actor_trainer.frames import open_source as open_frames
        from actor_trainer.ui.worker import HeldImages
        source = open_frames(spec)
        return HeldImages(source) if not isinstance(spec, int) and Path(spec).is_dir() else source

    def build_pipeline():
        from actor_trainer.pipeline import build_pipeline as build
        return build(model_dir=model_dir)

    def discover():
        from actor_trainer.resources import builtin_scenarios_dir
        from actor_trainer.scenarios import discover_packs
        return discover_packs(builtin_scenarios_dir(), user_packs_dir())

    def open_editor(parent, language: str | None = None):
        from actor_trainer.resources import builtin_scenarios_dir
        from actor_trainer.ui.editor import TeacherEditor
        from actor_trainer.ui.user_paths import players_dir
        language = language or getattr(parent, "lang", "en")  # the teacher's area speaks the game's language
        return TeacherEditor(user_packs_dir(), builtin_scenarios_dir(), parent, language=language,
                             players_dir=players_dir())

    return Services(open_source=open_source, build_pipeline=build_pipeline, discover_packs=discover,
                    results_dir=results_dir, open_editor=open_editor)


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from actor_trainer.resources import assets_dir
    from actor_trainer.ui.main_window import MainWindow, SettingsStore

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("ActorTrainer")
    app.setApplicationName("actor-trainer")
    icon = assets_dir() / "icons" / "actor-trainer.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    store = SettingsStore(QSettings())
    settings = store.load()
    if args.language:
        settings.language = args.language
    if args.camera is not None:
        settings.camera = args.camera
    store.save(settings)
    window = MainWindow(default_services(args.model), store, source=args.source)
    window.showFullScreen() if args.fullscreen else window.show()
    return app.exec()
