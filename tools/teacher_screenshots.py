"""Screenshots of the teacher's area (pack editor and Progress) for the docs, from the real app.

Run on a virtual display (names get -WxH unless it is 1280x800), e.g.:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
        python tools/teacher_screenshots.py --out docs/screenshots --language en

Everything goes to a temporary ACTOR_TRAINER_HOME: two children's made-up histories, a teacher's pack with a
long situation and one with a problem. The user's own packs and players are untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from app_waits import settle  # beside this script

LONG_TEXT = ("You built the tallest tower of blocks in the whole class. Your little brother runs in, trips over "
             "the rug and the whole tower comes crashing down, just as your teacher comes to look at it.")


def make_history(players_dir: Path) -> None:
    """Two children, a few games each over two weeks, getting better at some expressions."""
    from actor_trainer.people.players import PlayerStore
    from actor_trainer.people.results import summarise
    from actor_trainer.play.game import ScenarioResult

    store = PlayerStore(players_dir)
    start = datetime(2026, 11, 2, 9, 30)
    plans = {
        ("Alva", "\N{FROG FACE}"): [(["happy", "sad", "fear", "surprise"], [True, False, False, True], 9.0),
                                   (["happy", "sad", "fear", "angry"], [True, True, False, True], 7.0),
                                   (["happy", "fear", "surprise", "sad"], [True, True, True, True], 5.0),
                                   (["fear", "sad", "disgust", "happy"], [True, True, False, True], 4.0)],
        ("Bo", "\N{TIGER FACE}"): [(["happy", "angry", "fear"], [True, True, False], 8.0),
                                   (["surprise", "fear", "sad"], [True, False, True], 6.0),
                                   (["happy", "fear", "disgust"], [True, False, False], 6.5)],
    }
    for (name, avatar), games in plans.items():
        store.add(name, avatar)
        for number, (targets, passed, seconds) in enumerate(games):
            results = [ScenarioResult(f"s{i}", "text", target, ok, seconds + 3 * i * (not ok), 1 + (not ok), 0.6)
                       for i, (target, ok) in enumerate(zip(targets, passed, strict=True))]
            summary = summarise(results, name, "School", "normal", now=start + timedelta(days=3 * number))
            summary.stopped = name == "Bo" and number == 1
            store.record_game(name, summary.record)


def make_packs(packs_dir: Path) -> None:
    from actor_trainer.packs.scenarios import Pack, Scenario
    from actor_trainer.packs.toml_format import save_pack

    pack = Pack("Our class", "en", [
        Scenario("tower", LONG_TEXT, "sad", alternatives=("angry",), hint="Think of your tower falling."),
        Scenario("bang", "A balloon pops right behind you!", "surprise", alternatives=("fear",)),
        Scenario("cake", "It is your birthday and there is cake.", "happy"),
    ], age_range="6-8", author="Ms Berg", description="Made for class 1B")
    save_pack(pack, packs_dir / "our-class.toml")
    broken = Pack("Half finished", "en", [Scenario("x", "", "sleepy"), Scenario("x", "A dog licks you.", "happy")])
    save_pack(broken, packs_dir / "half-finished.toml")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--language", default="en", choices=("sv", "en"))
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp())
    os.environ["ACTOR_TRAINER_HOME"] = str(home)

    from PySide6.QtWidgets import QApplication

    from actor_trainer.ui.app import default_services
    from actor_trainer.user_paths import players_dir, user_packs_dir

    app = QApplication(sys.argv[:1])
    make_history(players_dir())
    make_packs(user_packs_dir())
    editor = default_services(None).open_editor(None, args.language)
    editor.show()
    paths = [pack.path for pack in editor.packs]
    editor.pack_list.setCurrentRow(paths.index(user_packs_dir() / "our-class.toml"))
    editor.scenario_list.setCurrentRow(0)
    settle(app, 1.0)
    args.out.mkdir(parents=True, exist_ok=True)
    screen = app.primaryScreen()
    size = screen.size()
    suffix = ("" if args.language == "en" else f"-{args.language}") + \
        ("" if (size.width(), size.height()) == (1280, 800) else f"-{size.width()}x{size.height()}")
    screen.grabWindow(0).save(str(args.out / f"editor{suffix}.png"))
    editor.tabs.setCurrentIndex(1)
    view = editor.progress_view
    view.player_list.setCurrentRow(1)
    settle(app, 1.0)
    screen.grabWindow(0).save(str(args.out / f"progress{suffix}.png"))
    view.player_list.setCurrentRow(0)
    settle(app, 0.5)
    screen.grabWindow(0).save(str(args.out / f"progress-class{suffix}.png"))
    print(f"editor window {editor.width()}x{editor.height()} on a {screen.size().width()}x{screen.size().height()}"
          f" screen; screenshots in {args.out}")
    editor.dirty = False
    editor.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
