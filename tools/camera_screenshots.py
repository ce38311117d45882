"""Screenshots of the camera messages (too dark, too far, two faces, too close, back light, mouth covered, brows
hidden, glare on glasses) in the real app, on a virtual display:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \\
        python tools/camera_screenshots.py --faces ../shared/datasets/cafe-dev/happy --out docs/screenshots

For each condition it pastes a face from --faces into a 640x480 frame the way benchmarks/detection.py
does (20 % exposure with noise; a 58 px face; a larger face at the frame's edge; `in_the_way`'s too close,
back-lit, covered, brows and glare frames, the first of a few that the real pipeline reads so;
--conditions picks some), plays it to the
game as a `--source` folder with the real detector and model, and saves the window, with the
teacher view (key D) open, the moment the play screen shows that message: camera_NAME-LANG.png.
The frames stay in a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from app_waits import settle, wait_until  # beside this script

from benchmarks.detection import background, in_the_way, paste_face, scene

CONDITIONS = ("too_dark", "too_far", "two_faces", "too_close", "backlit", "covered", "brows_hidden", "glare")
IN_THE_WAY = {"too_close": "too_close", "backlit": "backlit", "covered": "covered", "brows_hidden": "brows",
              "glare": "glare"}  # condition -> benchmarks/detection.py's in_the_way frames


def frame_for(condition: str, faces: list[np.ndarray], pipeline=None) -> np.ndarray:
    if condition in IN_THE_WAY:
        frames = [in_the_way(IN_THE_WAY[condition], faces[0], seed) for seed in range(40)]
        for frame in frames:
            pipeline.reset()
            if pipeline.process(frame, 0.0).camera == condition:
                return frame
        return frames[0]
    if condition == "too_dark":
        return scene("dark", faces[0], 1)[0]
    if condition == "two_faces":
        return scene("edge", faces[0], 2, other=faces[-1])[0]
    frame = background(np.random.default_rng(3))
    paste_face(frame, faces[0], (330, 250), 58)
    return frame


def shoot(app, args, lang: str, condition: str, folder: Path, home: Path) -> bool:
    from PySide6.QtCore import QSettings

    from actor_trainer.ui.app import default_services
    from actor_trainer.ui.main_window import MainWindow, SettingsStore

    store = SettingsStore(QSettings(str(home / f"settings-{lang}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(default_services(args.model), store, source=str(folder))
    window.resize(*args.size)
    window.show()
    window.start.language.setCurrentIndex(window.start.language.findData(lang))
    from actor_trainer.ui.i18n import tr

    window.start_game()
    window.play.toggle_teacher_view()
    ok = wait_until(app, lambda: window.play.mirror.message == tr(f"cam_{condition}", lang), 120)
    if ok:
        settle(app, 0.4)
        window.grab().save(str(args.out / f"camera_{condition}-{lang}.png"))
    window.close()
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faces", type=Path, required=True, help="folder of face photos (e.g. cafe-dev/happy)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--model", type=Path)
    parser.add_argument("--languages", nargs="+", default=["en", "sv"], choices=("sv", "en"))
    parser.add_argument("--conditions", nargs="+", default=list(CONDITIONS), choices=CONDITIONS)
    parser.add_argument("--size", type=lambda text: tuple(int(v) for v in text.split("x")), default=(1280, 800))
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from actor_trainer.vision.frames import image_files
    from actor_trainer.vision.images import read_image
    from actor_trainer.vision.pipeline import build_pipeline

    faces = [read_image(path) for path in image_files(args.faces)[:2]]
    pipeline = build_pipeline(args.model)
    app = QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp())
    failed = []
    for condition in args.conditions:
        folder = home / condition
        folder.mkdir()
        cv2.imwrite(str(folder / "frame.png"), frame_for(condition, faces, pipeline))
        for lang in args.languages:
            if not shoot(app, args, lang, condition, folder, home):
                failed.append(f"{condition}-{lang}")
    if failed:
        print("never saw: " + ", ".join(failed), file=sys.stderr)
        return 1
    print(f"saved camera_*-{{{','.join(args.languages)}}}.png to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
