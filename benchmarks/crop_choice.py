"""Which face crop reads children best: each child scored out of fold through several crops of the same photo.

    python benchmarks/crop_choice.py runs/v4-fold0 runs/v4-fold1 runs/v4-fold2 runs/v4-fold3 \
        [--data ../shared/datasets/cafe-dev]

Every cafe-dev photo is put into a 640x480 webcam-like room (the photo at 300 px, the room at the photo's own
border colour) and cut in several ways; each child is read by the fold run that held them out (its last
epoch, Keras, flip-averaged). Crops:
- `game`: the game's pipeline on the room frame (BlazeFace, eye-levelled, margin 0.1): what a child meets;
- `training`: training's crop of the bare photo (training/crops.py: searched in a room-sized canvas);
- `bare-photo`: BlazeFace on the bare photo (the search cache version 5 made);
- `haar`: the Haar cascade on the room frame, not levelled (the crop model v3 trained on);
- `game-m0.2`: the game's box with margin 0.2.
Prints one Markdown row per crop (accuracy, macro recall), and appends the figures to
benchmarks/results/crop_choice.jsonl.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np
from results_log import append_run, results_file  # beside this script

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision import faces
from actor_trainer.vision.preprocessing import preprocess_face

RESULTS = results_file("crop_choice")


def room_frame(photo: np.ndarray) -> np.ndarray:
    """The photo at 300 px in a 640x480 frame of its own border colour."""
    photo = cv2.resize(photo, (300, 300), interpolation=cv2.INTER_AREA)
    border = np.concatenate([photo[0], photo[-1], photo[:, 0], photo[:, -1]])
    frame = np.empty((480, 640, 3), np.uint8)
    frame[...] = np.median(border, axis=0).astype(np.uint8)
    frame[90:390, 170:470] = photo
    return frame


def main_face(detector, frame):
    found = detector.detect(frame)
    box = faces.pick_main_face(found, frame.shape)
    return None if box is None else next((f for f in found if tuple(f) == tuple(box)), box)


def crops_of(photo: np.ndarray, blaze, haar) -> dict[str, np.ndarray | None]:
    """The 48x48 inputs of one photo through every crop (None: no face found)."""
    from training.crops import game_crop

    frame = room_frame(photo)
    gray = faces.gray_frame(frame)
    face = main_face(blaze, frame)
    bare = main_face(blaze, photo)
    cascade = main_face(haar, gray)
    return {
        "game": None if face is None else preprocess_face(faces.model_crop(gray, face)),
        "training": preprocess_face(game_crop(photo)),
        "bare-photo": None if bare is None else preprocess_face(faces.model_crop(faces.gray_frame(photo), bare)),
        "haar": None if cascade is None else preprocess_face(faces.crop_face(gray, tuple(cascade))),
        "game-m0.2": None if face is None else preprocess_face(faces.model_crop(gray, face, margin=0.2)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dirs", type=Path, nargs="+", help="fold runs (train --subject-folds K --holdout-fold I)")
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/cafe-dev"))
    args = parser.parse_args(argv)

    from actor_trainer.vision.classifier import load_keras_model
    from training.crossval import fold_of_run
    from training.datasets.cache import default_cache_dir
    from training.datasets.posed import load_posed, subject_of
    from training.export import read_run

    blaze, haar = faces.make_detector(), faces.HaarDetector()
    hits: dict[str, list[tuple[int, int]]] = {}
    for run_dir in args.run_dirs:
        model = load_keras_model(run_dir / "last.keras")
        folds = fold_of_run(read_run(run_dir)[1])
        held = {subject_of(str(n)) for n in load_posed(args.data, "validation", default_cache_dir(), folds).names}
        for class_dir in sorted(p for p in args.data.iterdir() if p.is_dir()):
            label = EXPRESSIONS.index(class_dir.name) if class_dir.name in EXPRESSIONS else None
            for path in sorted(class_dir.glob("*.jpg")):
                if label is None or subject_of(path.name) not in held:
                    continue
                for name, face48 in crops_of(cv2.imread(str(path)), blaze, haar).items():
                    if face48 is None:
                        hits.setdefault(name, []).append((label, -1))
                        continue
                    x = np.stack([face48, face48[:, ::-1]]).astype(np.float32)[..., None]
                    probs = model.predict(x, verbose=0).mean(axis=0)
                    hits.setdefault(name, []).append((label, int(np.argmax(probs))))
    figures = {}
    print("| crop | photos | face found | accuracy | macro recall |\n|---|---|---|---|---|")
    for name, pairs in hits.items():
        true, predicted = np.array(pairs).T
        recalls = [float((predicted[true == c] == c).mean()) for c in np.unique(true)]
        figures[name] = {"n": len(pairs), "found": float((predicted >= 0).mean()),
                         "accuracy": float((predicted == true).mean()), "macro_recall": float(np.mean(recalls))}
        row = figures[name]
        print(f"| {name} | {row['n']} | {row['found']:.2f} | {row['accuracy']:.3f} | {row['macro_recall']:.3f} |")
    append_run(RESULTS, {"runs": [str(r) for r in args.run_dirs], "data": str(args.data), "crops": figures})
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
