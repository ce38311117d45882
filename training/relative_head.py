"""`python -m training relative-head RUN_DIR ...`: does reading a face against the same person's calm face pay?

A second head reads the penultimate-layer features of a face minus the features of the same person's calm
(neutral) photo, the "relative" reading the calm-face baseline could give. For each fold run it is fitted
(multinomial logistic regression) on same-person pairs of the children that run trained on, with that run's
own features, and scored on the children it held out, beside the plain head (the model's own output) and
the two fused (mean of log-probabilities), on the same photos. Only datasets whose file names name the
person and that hold a neutral photo give pairs (cafe-dev).

The measurement decides whether the game ships the head (issue 27): see MODEL_CARD.md, "Relative head".
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from actor_trainer.labels import EXPRESSIONS
from training.datasets.posed import Folds, load_posed, subject_of, subject_patterns

NEUTRAL = EXPRESSIONS.index("neutral")


def feature_function(model):
    """(N, 48, 48) uint8 -> ((N, D) penultimate features, (N, C) probabilities), each the mean of the face and
    its mirror image (as the app's flip average)."""
    import keras

    both = keras.Model(model.inputs, [model.get_layer("probs").input, model.outputs[0]])

    def run(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = images.astype(np.float32)[..., None]
        f1, p1 = both.predict(x, batch_size=256, verbose=0)
        f2, p2 = both.predict(x[:, :, ::-1], batch_size=256, verbose=0)
        return (f1 + f2) / 2, (p1 + p2) / 2

    return run


def calm_pairs(subjects: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of each photo, index of its person's calm photo) for every photo of a person who has a neutral
    photo, the calm photo itself left out; the first neutral photo of a person is their calm face."""
    calm = {}
    for index, (subject, label) in enumerate(zip(subjects, labels, strict=True)):
        if label == NEUTRAL:
            calm.setdefault(subject, index)
    photos = [i for i, s in enumerate(subjects) if s in calm and calm[s] != i]
    return np.array(photos, np.int64), np.array([calm[subjects[i]] for i in photos], np.int64)


def fit_head(differences: np.ndarray, labels: np.ndarray, strength: float = 1.0):
    """A multinomial logistic regression on feature differences (standardised): predict_proba -> (N, 7)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    head = make_pipeline(StandardScaler(), LogisticRegression(C=strength, max_iter=2000))
    head.fit(differences, labels)
    return head


def full_probs(head, differences: np.ndarray) -> np.ndarray:
    """The head's probabilities over all seven expressions (classes it never saw get 0)."""
    out = np.zeros((len(differences), len(EXPRESSIONS)))
    out[:, head.classes_] = head.predict_proba(differences)
    return out


def measure_fold(run_dir: Path, folder: Path, folds: Folds, cache) -> dict:
    """Plain, relative and fused accuracy on one fold's held-out children (same photos for all three)."""
    from actor_trainer.vision.classifier import load_keras_model
    from training.suite import relabel

    run = feature_function(load_keras_model(Path(run_dir) / "last.keras"))
    patterns = subject_patterns(folder)
    out = {}
    for part in ("train", "validation"):
        split = load_posed(folder, part, cache, folds)
        images, labels, _ = relabel(split, list(EXPRESSIONS))
        subjects = np.array([subject_of(str(n), patterns) for n, lab in zip(split.names, split.labels, strict=True)
                             if split.classes[lab] in EXPRESSIONS])
        features, probs = run(images)
        photos, calm = calm_pairs(subjects, labels)
        out[part] = (features[photos] - features[calm], labels[photos], probs[photos])
    head = fit_head(out["train"][0], out["train"][1])
    differences, labels, plain = out["validation"]
    relative = full_probs(head, differences)
    fused = np.exp((np.log(plain + 1e-7) + np.log(relative + 1e-7)) / 2)
    return {"n": int(len(labels)), "labels": labels,
            **{name: probs.argmax(1) for name, probs in (("plain", plain), ("relative", relative), ("fused", fused))}}


def summarize(per_fold: list[dict]) -> dict:
    """Pooled accuracy and per-expression recall of the plain, relative and fused heads, with each fold's."""
    labels = np.concatenate([f["labels"] for f in per_fold])
    result = {"n": int(len(labels))}
    for name in ("plain", "relative", "fused"):
        predicted = np.concatenate([f[name] for f in per_fold])
        result[name] = {
            "accuracy": round(float((predicted == labels).mean()), 4),
            "folds": [round(float((f[name] == f["labels"]).mean()), 4) for f in per_fold],
            "recall": {e: round(float((predicted[labels == i] == i).mean()), 3)
                       for i, e in enumerate(EXPRESSIONS) if (labels == i).any()},
        }
    return result


def add_arguments(parser) -> None:
    parser.add_argument("run_dirs", type=Path, nargs="+", metavar="RUN_DIR", help="fold runs, one per fold")
    parser.add_argument("--data", type=Path, help="people with a neutral photo (default: ../shared/datasets/cafe-dev)")
    parser.add_argument("--cache-dir", type=Path)


def run(args) -> int:
    from training.crossval import fold_of_run
    from training.datasets.cache import default_cache_dir
    from training.export import read_run
    from training.suite import default_datasets_root

    folder = Path(args.data or default_datasets_root() / "cafe-dev")
    cache = Path(args.cache_dir or default_cache_dir())
    per_fold = [measure_fold(run_dir, folder, fold_of_run(read_run(run_dir)[1]), cache) for run_dir in args.run_dirs]
    print(json.dumps(summarize(per_fold), indent=2))
    return 0
