"""How the crop margin around the detected face changes accuracy on labelled photos.

    python benchmarks/crop_margin.py --model DIR [--data ../shared/datasets/photos-dev]

Every photo goes through the app's own detector and crop (actor_trainer.vision.faces) with each margin;
photos where no face is found are counted and left out. Prints a Markdown table (accuracy and
macro recall over the classes present) for docs/vision.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from actor_trainer.labels import canonical_expression  # noqa: E402
from actor_trainer.vision.classifier import ExpressionClassifier  # noqa: E402
from actor_trainer.vision.faces import HaarDetector, face_input, pick_main_face  # noqa: E402
from actor_trainer.vision.frames import image_files, read_image  # noqa: E402
from actor_trainer.vision.preprocessing import preprocess_face  # noqa: E402

MARGINS = (-0.05, 0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


def labelled_faces(data: Path, detector) -> tuple[list, list[str], int]:
    """(photo, box) pairs and labels for every photo with a detected face, and the count without."""
    pairs, labels, missed = [], [], 0
    for path in image_files(data):
        label = canonical_expression(path.parent.name)
        image = read_image(path)
        if label is None or image is None:
            continue
        box = pick_main_face(detector.detect(image), image.shape)
        if box is None:
            missed += 1
            continue
        pairs.append((image, box))
        labels.append(label)
    return pairs, labels, missed


def scores(classifier, faces: np.ndarray, labels: list[str]) -> tuple[float, float]:
    probs = np.concatenate([classifier.predict_batch(faces[i:i + 64]) for i in range(0, len(faces), 64)])
    predicted = np.array(classifier.classes)[probs.argmax(axis=1)]
    truth = np.array(labels)
    recalls = [np.mean(predicted[truth == name] == name) for name in sorted(set(labels))]
    return float(np.mean(predicted == truth)), float(np.mean(recalls))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="model folder, as the app loads it (default: assets)")
    parser.add_argument("--data", type=Path,
                        default=Path(__file__).resolve().parent.parent.parent / "shared/datasets/photos-dev")
    args = parser.parse_args()
    classifier = ExpressionClassifier.load(args.model)
    pairs, labels, missed = labelled_faces(args.data, HaarDetector())
    print(f"{len(pairs)} photos with a face, {missed} without a detected face (left out); model backend "
          f"{classifier.backend}\n")
    print("| crop | accuracy | macro recall |\n| --- | --- | --- |")
    whole = np.stack([preprocess_face(image) for image, _ in pairs])
    print("| whole photo (no detection) | {:.3f} | {:.3f} |".format(*scores(classifier, whole, labels)))
    for margin in MARGINS:
        faces = np.stack([face_input(image, box, margin) for image, box in pairs])
        print("| margin {:+.2f} | {:.3f} | {:.3f} |".format(margin, *scores(classifier, faces, labels)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
