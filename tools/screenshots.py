"""Screenshots of every screen of the real app for the README and docs, from a folder of face pictures.

Run on a virtual display of the screen size wanted, e.g.:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1024x600x24" \
        python tools/screenshots.py --source ../shared/datasets/photos-dev/happy --out docs/screenshots

The window fills the screen as the app does (MainWindow.fit_to_screen). For each language it saves start,
new_player, calibration, play (the mascot mirroring, the meter and the countdown), almost, hint, teacher
(the bars behind key D), success, pause, summary and no_camera as NAME-LANG.png on a 1280x800 screen and
NAME-LANG-WxH.png on any other. With --calm-picture (one picture of a calm face) it also plays one surprised
situation from that picture alone, with the calm-face baseline taken, and saves coach (the cue showing which
part of the face to move) and coach_teacher (with the measures behind key D). The real model judges the
pictures; the chosen pack is cut to its first --situations situations of --target so the game runs to its
summary. Settings and players go to a
temporary folder, so the user's own are untouched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from app_waits import settle, wait_until  # beside this script


class Camera:
    """Saves screenshots of the window, and the first frame of the play screen showing a given feedback."""

    def __init__(self, app, window, out: Path, lang: str, suffix: str = ""):
        self.app, self.window, self.out, self.lang, self.suffix = app, window, out, lang, suffix
        self.wanted: dict[str, object] = {}  # file name -> Feedback to catch during play
        self.saved: list[str] = []

    def shoot(self, name: str, seconds: float = 0.3) -> None:
        """Save the window as NAME-LANG.png once it settled for `seconds`."""
        settle(self.app, seconds)
        path = self.out / self.file_name(name)
        self.window.grab().save(str(path))
        self.saved.append(path.name)

    def file_name(self, name: str) -> str:
        return f"{name}-{self.lang}{self.suffix}.png"

    def watch(self, render):
        """Wrap MainWindow.render: the moment a wanted feedback shows, the window is grabbed."""
        def watched(view):
            render(view)
            for name, feedback in list(self.wanted.items()):
                if view.feedback is feedback and view.scenario is not None:
                    self.window.play.repaint()
                    self.window.grab().save(str(self.out / self.file_name(name)))
                    self.saved.append(self.file_name(name))
                    del self.wanted[name]
        return watched


def short_pack(packs, lang: str, target: str, count: int):
    """The first pack in `lang` with `target` situations, cut to `count` of them."""
    for pack in packs:
        chosen = [scenario for scenario in pack.scenarios if target in scenario.targets]
        if pack.language == lang and chosen:
            return replace(pack, scenarios=chosen[:count])
    return None


def shoot_coaching(app, window, camera, all_packs, lang: str, picture: Path, home: Path) -> bool:
    """One surprised situation played from a calm face alone (a folder holding only `picture`): the baseline
    is taken, the face does not move, and the cue comes after a few seconds."""
    folder = home / f"calm-{lang}"
    folder.mkdir(exist_ok=True)
    shutil.copy(picture, folder / Path(picture).name)  # a temporary folder: nothing lands in the repository
    packs, problems = all_packs()
    pack = short_pack(packs, lang, "surprise", 1)
    window.services.discover_packs = lambda: ([pack], problems)
    window.reload_packs()
    window.source_spec = str(folder)
    window.start_game()
    if not wait_until(app, lambda: window.play.coach_card.actions != (), 60):
        return False
    window.play.teacher_panel.setVisible(False)
    camera.shoot("coach", 0.6)  # the mascot's part mid-movement
    window.play.teacher_panel.setVisible(True)  # key D
    camera.shoot("coach_teacher", 0.6)
    window.play.teacher_panel.setVisible(False)
    window.ask_to_stop()
    window.stop_game()
    return True


def run_language(app, args, lang: str, home: Path) -> int:
    from PySide6.QtCore import QSettings

    from actor_trainer.people.players import PlayerStore
    from actor_trainer.play.session import Feedback, Phase
    from actor_trainer.ui.app import default_services
    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from actor_trainer.vision.source_spec import SourceSpec

    store = SettingsStore(QSettings(str(home / f"settings-{lang}.ini"), QSettings.Format.IniFormat))
    players = PlayerStore(home / f"players-{lang}")
    for name, avatar in (("Alva", "🦊"), ("Noah", "🐻"), ("Sami", "🦄")):
        players.add(name, avatar)
    services = default_services(args.model)
    all_packs = services.discover_packs
    services.players = players
    services.celebration_ms = 60_000  # the success screen stays up until it is captured
    window = MainWindow(services, store, source=args.source)
    window.showMaximized()
    window.fit_to_screen()  # no window manager on a virtual display: the window takes the screen itself
    window.start.language.setCurrentIndex(window.start.language.findData(lang))
    window.reload_players("Alva")
    free = window.screen().availableGeometry()
    suffix = "" if (free.width(), free.height()) == (1280, 800) else f"-{free.width()}x{free.height()}"
    camera = Camera(app, window, args.out, lang, suffix)
    camera.shoot("start", 1.0)
    window.start.show_new_player()
    window.start.new_name.setText("Maja")
    window.start.avatars.setCurrentIndex(5)
    camera.shoot("new_player")
    window.start.show_main()

    packs, problems = all_packs()
    pack = short_pack(packs, lang, args.target, args.situations)
    if pack is None:
        print(f"no {lang} pack has a {args.target} situation", file=sys.stderr)
        return 1
    services.discover_packs = lambda: ([pack], problems)
    window.reload_packs()
    window.render = camera.watch(window.render)
    window.start_game()
    found = wait_until(app, lambda: window.play.mirror.box is not None or window.stack.currentWidget() is window.error,
                       180)
    if not found or window.stack.currentWidget() is window.error:
        print("no face was found in the source: " + window.error.details.text(), file=sys.stderr)
        return 1
    camera.shoot("calibration", 0.5)
    window.skip()  # the pictures are not a resting face: no calm-face baseline
    camera.wanted = {"almost": Feedback.ALMOST, "play": Feedback.HOLD}
    for index in range(len(pack.scenarios)):
        if not wait_until(app, lambda: window.session.phase is Phase.CELEBRATING, 60):
            print("the target was never passed", file=sys.stderr)
            return 1
        if index == 0:
            camera.shoot("success", 0.8)  # the stars fly out, the mascot bounces
        window.advance()
        if index == 0:
            window.toggle_pause()
            camera.shoot("pause")
            window.toggle_pause()
            hint = next((scenario.hint for scenario in pack.scenarios if scenario.hint), "")
            window.play.show_hint(hint or ("Tänk på något roligt!" if lang == "sv" else "Think of something fun!"),
                                  args.target)
            camera.shoot("hint")
            window.play.toggle_teacher_view()  # key D
            camera.wanted = {"teacher": Feedback.HOLD}
        else:
            window.play.teacher_panel.setVisible(False)
    wait_until(app, lambda: window.stack.currentWidget() is window.summary_screen, 10)
    camera.shoot("summary", 0.5)
    if args.calm_picture and not shoot_coaching(app, window, camera, all_packs, lang, args.calm_picture, home):
        print(f"{lang}: no coaching cue came", file=sys.stderr)

    window.source_spec = SourceSpec(camera=97)  # no camera there
    window.start_game()
    wait_until(app, lambda: window.stack.currentWidget() is window.error, 30)
    camera.shoot("no_camera")
    window.close()
    missing = sorted(set(camera.wanted))
    if missing:
        print(f"{lang}: never saw {', '.join(missing)}", file=sys.stderr)
    print(f"{lang}: saved {', '.join(camera.saved)} to {args.out}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="folder of face pictures (or a video) to play from")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--model", type=Path)
    parser.add_argument("--languages", nargs="+", default=["en", "sv"], choices=("sv", "en"))
    parser.add_argument("--target", default="happy", help="expression the pictures show")
    parser.add_argument("--situations", type=int, default=3, help="situations to play before the summary")
    parser.add_argument("--calm-picture", type=Path, help="a picture of a calm face: also shoot the coaching cue")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp())
    for lang in args.languages:
        code = run_language(app, args, lang, home)
        if code:
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
