"""Which photometric normalisation of the 48x48 crop holds a face's reading in a dim room.

Each face photo is resized to 48x48 (as preprocess_face does, without its normalisation), then every
candidate normalisation is applied to the crop of the photo as it is and of the same photo darkened at
its own resolution (exposure x0.35 with Gaussian sensor noise sigma 6, and x0.25 with sigma 8, quantised
to 8 bits, as a webcam would record it). Reported per candidate: the model's accuracy on each, and the
mean pixel correlation between the normalised plain and dim crops (1.0: the dim crop is the same input).
The model judges through the app's classifier, so run it with a model trained *without* normalisation
(model v2: `git worktree add /tmp/v2 356cef0`, then `--model /tmp/v2/assets`) for a fair comparison.

    python benchmarks/normalisation.py --data ../shared/datasets/cafe-dev --model /tmp/v2/assets
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import cv2
import numpy as np
from results_log import append_run, results_file  # beside this script

from actor_trainer.labels import canonical_expression
from actor_trainer.vision.classifier import ExpressionClassifier
from actor_trainer.vision.images import IMAGE_SUFFIXES, read_image
from actor_trainer.vision.preprocessing import INPUT_SIZE, standardise

RESULTS = results_file("normalisation")
CONDITIONS = {"plain": (1.0, 0.0), "exposure 0.35 + noise 6": (0.35, 6.0), "exposure 0.25 + noise 8": (0.25, 8.0)}


def _clahe(gray: np.ndarray) -> np.ndarray:
    return cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4)).apply(gray)


CANDIDATES = {
    "none": lambda gray: gray,
    "histogram equalisation": cv2.equalizeHist,
    "CLAHE (clip 2, 4x4 tiles)": _clahe,
    "per-crop standardisation": standardise,
    "CLAHE + standardisation": lambda gray: standardise(_clahe(gray)),
}


def faces_and_labels(root: Path, classes) -> tuple[list[np.ndarray], np.ndarray]:
    """Grayscale photos of the classes the model knows, with labels indexing `classes`."""
    images, labels = [], []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        expression = canonical_expression(folder.name)
        if expression not in classes:
            continue
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            images.append(cv2.cvtColor(read_image(path), cv2.COLOR_BGR2GRAY))
            labels.append(list(classes).index(expression))
    return images, np.array(labels)


def darkened(gray: np.ndarray, exposure: float, sigma: float, rng: np.random.Generator) -> np.ndarray:
    pixels = gray.astype(np.float32) * exposure + rng.normal(0.0, sigma, gray.shape)
    return np.clip(np.rint(pixels), 0, 255).astype(np.uint8)


def measure(classifier, images, labels, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    crops = {name: [cv2.resize(darkened(image, *setting, rng), (INPUT_SIZE, INPUT_SIZE), interpolation=cv2.INTER_AREA)
                    for image in images] for name, setting in CONDITIONS.items()}
    table = {}
    for candidate, normalise in CANDIDATES.items():
        inputs = {name: np.stack([normalise(crop) for crop in batch]) for name, batch in crops.items()}
        plain = inputs["plain"].astype(np.float32)
        row = {}
        for name, batch in inputs.items():
            accuracy = float((classifier.predict_batch(batch).argmax(axis=1) == labels).mean())
            pairs = zip(plain, batch, strict=True)
            correlation = float(np.mean([np.corrcoef(a.ravel(), b.ravel())[0, 1] for a, b in pairs]))
            row[name] = {"accuracy": round(accuracy, 4), "correlation": round(correlation, 4)}
        table[candidate] = row
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="class folders of face photos (e.g. cafe-dev)")
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped assets)")
    args = parser.parse_args(argv)
    classifier = ExpressionClassifier.load(args.model)
    images, labels = faces_and_labels(args.data, classifier.classes)
    table = measure(classifier, images, labels)
    print(f"{len(images)} faces from {args.data}, model {args.model or 'assets'}")
    print(f"{'candidate':<28}" + "".join(f"{name:>28}" for name in CONDITIONS))
    for candidate, row in table.items():
        print(f"{candidate:<28}" + "".join(f"{cell['accuracy']:>14.3f} (r {cell['correlation']:.3f})"
                                           for cell in row.values()))
    append_run(RESULTS, {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "data": str(args.data),
                         "model": str(args.model or "assets"), "table": table})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
