"""The figures every model gets, side by side: FER2013 validation (original labels), FER+ validation
(majority of the crowd votes), CK+ posed adults (ckplus-dev) and CAFE children (cafe-dev), the last two
only for the held-out subjects when the model trained on them, each with per-class recall and
calibration (ECE with 15 bins, NLL).

A FER+ face's majority label is its most voted expression (ties go to the first in EXPRESSIONS order).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from actor_trainer.labels import EXPRESSIONS
from training.datasets.posed import Folds, load_posed
from training.datasets.specs import load_split, parse_data_spec
from training.datasets.split import Split
from training.metrics import calibration_figures, summarize

SUITE = (
    ("fer2013", "fer2013", "FER2013 validation (original labels)"),
    ("ferplus", "ferplus", "FER+ validation (majority vote)"),
    ("ckplus", "ckplus-dev", "CK+ posed (ckplus-dev)"),
    ("cafe", "cafe-dev", "CAFE children (cafe-dev)"),
)
# Unsplit datasets of people (subject-wise folds), and how a held-out fold is labelled.
PEOPLE = {"ckplus": "CK+ held-out subjects", "cafe": "CAFE held-out children"}


@dataclass
class SuitePart:
    key: str
    label: str
    split: Split


def default_datasets_root() -> Path:
    """ACTOR_TRAINER_DATA, else ../shared/datasets beside the checkout or the working directory."""
    if os.environ.get("ACTOR_TRAINER_DATA"):
        return Path(os.environ["ACTOR_TRAINER_DATA"])
    beside_checkout = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
    return beside_checkout if beside_checkout.is_dir() else Path("../shared/datasets")


def posed_holdout(data_specs, folds: Folds | None, root: Path) -> tuple[frozenset[str], Folds | None]:
    """(the suite's people datasets a run's --data list trained on, e.g. {"ckplus", "cafe"}, the folds
    that hold their subjects out)."""
    used = {parse_data_spec(spec).path.resolve() for spec in data_specs or []}
    trained = frozenset(key for key, folder, _ in SUITE if key in PEOPLE and (Path(root) / folder).resolve() in used)
    return trained, folds if trained else None


def suite_parts(root: Path | None = None, cache_dir: Path | None = None, trained_on_posed=frozenset(),
                folds: Folds | None = None) -> list[SuitePart]:
    """The suite's datasets that exist under `root`; a people dataset the model trained on (keys in
    `trained_on_posed`; True means CK+, for older callers) becomes its held-out subjects."""
    root = Path(root or default_datasets_root())
    trained = {"ckplus"} if trained_on_posed is True else set(trained_on_posed or ())
    parts = []
    for key, folder, label in SUITE:
        path = root / folder
        if not path.exists():
            continue
        if key in trained:
            if folds is None:
                continue  # every subject was trained on: no honest figure exists
            split = load_posed(path, "validation", cache_dir, folds)
            label = f"{PEOPLE[key]} (fold {folds.held_out} of {folds.count})"
        else:
            split = load_split(path, "validation", cache_dir)
        parts.append(SuitePart(key, label, split))
    return parts


def relabel(split: Split, classes: list[str]) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Images and labels re-indexed to the model's class order; images of classes it lacks are dropped."""
    index_of = {name: classes.index(name) for name in classes}
    names = [split.classes[label] for label in split.labels]
    keep = np.array([name in index_of for name in names], dtype=bool)
    dropped: dict[str, int] = {}
    for name in np.array(names, dtype=object)[~keep]:
        dropped[name] = dropped.get(name, 0) + 1
    labels = np.array([index_of[name] for name, kept in zip(names, keep, strict=True) if kept], dtype=np.int32)
    return split.images[keep], labels, dropped


def evaluate_parts(predict: Callable[[np.ndarray], np.ndarray], parts: list[SuitePart],
                   classes: tuple[str, ...], perturbation: str | None = None) -> dict:
    """Metrics per suite dataset for a function (N, 48, 48) uint8 -> (N, classes) probabilities, on the
    crops as they are or under a perturbation of training.perturb."""
    from training.perturb import perturb

    results = {}
    for part in parts:
        images, labels, _ = relabel(part.split, list(classes))
        if not len(labels):
            continue
        if perturbation:
            images = perturb(images, perturbation)
        probs = predict(images)
        metrics = summarize(labels, probs, tuple(classes))
        results[part.key] = {
            "label": part.label, "n": metrics["n"], "accuracy": metrics["accuracy"],
            "macro_recall": metrics["macro_recall"],
            "recall": {name: row["recall"] for name, row in metrics["per_class"].items()},
            **calibration_figures(labels, probs),
        }
    return results


def render_suite(results: dict) -> str:
    """A markdown table: one column per dataset."""
    if not results:
        return "(no suite datasets found)"
    keys = list(results)
    names = sorted({name for key in keys for name in results[key]["recall"]},
                   key=lambda name: list(EXPRESSIONS).index(name))
    lines = ["| | " + " | ".join(results[key]["label"] for key in keys) + " |",
             "|---|" + "---|" * len(keys),
             "| images | " + " | ".join(str(results[key]["n"]) for key in keys) + " |"]
    for field, title in (("accuracy", "**accuracy**"), ("macro_recall", "macro recall")):
        lines.append(f"| {title} | " + " | ".join(f"{results[key][field]:.3f}" for key in keys) + " |")
    for name in names:
        cells = [f"{results[key]['recall'][name]:.2f}" if name in results[key]["recall"] else "-" for key in keys]
        lines.append(f"| recall {name} | " + " | ".join(cells) + " |")
    for field, title in (("ece", "ECE (15 bins)"), ("nll", "NLL")):
        lines.append(f"| {title} | " + " | ".join(f"{results[key][field]:.3f}" for key in keys) + " |")
    return "\n".join(lines)
