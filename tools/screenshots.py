"""Screenshots of the real app (start, play, success) for the README, from a folder of face pictures.

Run on a virtual display, e.g.:

    QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1280x720x24" \
        python tools/screenshots.py --source ../shared/datasets/photos-dev/happy --out docs/screenshots

Settings go to a temporary file, so the user's own settings are untouched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def wait_until(app, condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="folder of face pictures (or a video) to play from")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--model", type=Path)
    parser.add_argument("--language", default="en", choices=("sv", "en"))
    parser.add_argument("--target", default="happy", help="expression the pictures show")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from actor_trainer.ui.app import default_services
    from actor_trainer.ui.main_window import MainWindow, SettingsStore

    app = QApplication(sys.argv[:1])
    settings_file = Path(tempfile.mkdtemp()) / "settings.ini"
    store = SettingsStore(QSettings(str(settings_file), QSettings.Format.IniFormat))
    services = default_services(args.model)
    services.celebration_ms = 60_000  # keep the success screen up until it is captured
    window = MainWindow(services, store, source=args.source)
    window.resize(1280, 720)
    window.show()
    window.start.language.setCurrentIndex(window.start.language.findData(args.language))
    window.start.player.setText("Alva")
    args.out.mkdir(parents=True, exist_ok=True)
    wait_until(app, lambda: False, 1.0)
    window.grab().save(str(args.out / "start.png"))

    window.start_game()
    if not wait_until(app, lambda: window.play.mirror.box is not None or window.stack.currentWidget() is window.error,
                      120):
        print("no face was found in the source", file=sys.stderr)
        return 1
    if window.stack.currentWidget() is window.error:
        print("error screen: " + window.error.details.text(), file=sys.stderr)
        return 1
    window.skip()  # the pictures are not a resting face, so no calibration
    while window.game.current is not None and window.game.current.target != args.target:
        window.skip()
    if window.game.current is None:
        print(f"the pack has no {args.target} scenario", file=sys.stderr)
        return 1
    holding = wait_until(app, lambda: 0.2 < window.play.hold.fraction < 0.9 or window.game.celebrating, 60)
    if holding and not window.game.celebrating:
        window.play.pages.currentWidget().repaint()
        window.grab().save(str(args.out / "play.png"))
    if not wait_until(app, lambda: window.game.celebrating, 60):
        print("the target was never passed", file=sys.stderr)
        return 1
    wait_until(app, lambda: False, 0.8)  # let the stars fly out
    window.grab().save(str(args.out / "success.png"))
    window.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
