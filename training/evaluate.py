"""`python -m training evaluate`: measure a model (by default the one the app ships) on a dataset.

A model folder is loaded by the app's own `ExpressionClassifier` (the int8 LiteRT file when model.json
names one) with the flip averaging model.json asks for, so the figures describe what the game sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision import classifier
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError
from training.datasets.cache import default_cache_dir
from training.datasets.posed import subject_of
from training.datasets.specs import load_split
from training.datasets.split import DatasetError, Split
from training.metrics import calibration_figures, summarize
from training.suite import relabel

METADATA_FILE = "model.json"


def default_model_path() -> Path:
    from actor_trainer.resources import assets_dir

    return assets_dir()


def read_metadata(model_path: Path) -> dict:
    """model.json beside a model file; without one, the FER2013 class order and no flip averaging."""
    folder = Path(model_path).parent
    if not (folder / METADATA_FILE).exists():
        return {"classes": list(EXPRESSIONS), "flip_average": False}
    return classifier.read_metadata(folder)


def load_classifier(model_path: Path) -> ExpressionClassifier:
    """A model folder loaded exactly as the app loads it, or one .keras / .tflite file."""
    model_path = Path(model_path)
    if model_path.is_dir():
        return ExpressionClassifier.load(model_path)
    if not model_path.is_file():
        raise ModelError(f"no model at {model_path} (train one, then `python -m training export RUN_DIR`)")
    return ExpressionClassifier.from_file(model_path, read_metadata(model_path))


def predict_in_batches(classifier: ExpressionClassifier, images: np.ndarray, batch_size: int = 256) -> np.ndarray:
    return np.concatenate([classifier.predict_batch(images[start:start + batch_size])
                           for start in range(0, len(images), batch_size)])


def evaluate(model_path: Path, dataset: Path, split: str = "validation", cache_dir: Path | None = None,
             flip_average: bool | None = None, batch_size: int = 256, perturbations=()) -> dict:
    """Metrics of the model at `model_path` on `split` of `dataset` (a root, class folders or CSV);
    `perturbations` (names in training.perturb) add the same metrics on perturbed crops under
    result["perturbed"][name]."""
    classifier = load_classifier(model_path)
    if flip_average is not None:
        classifier.flip_average = flip_average
    samples = load_split(Path(dataset), split, cache_dir)
    samples, left_out = leave_out_trained_subjects(samples, classifier.metadata.get("posed_subjects_trained"))
    if left_out and not len(samples):
        raise DatasetError(f"every image in {dataset} ({left_out}) is of a person this model trained on, so it "
                           "says nothing about people it has not seen; score the model by person with `python -m "
                           "training crossval FOLD_RUN...` (assets/MODEL_CARD.md, \"Recipe\")")
    result = evaluate_classifier(classifier, samples, batch_size, source=str(dataset))
    if perturbations:
        result["perturbed"] = {kind: evaluate_classifier(classifier, samples, batch_size, str(dataset), kind)
                               for kind in perturbations}
    result["trained_subject_images_left_out"] = left_out
    result.update({"model": str(model_path), "data": str(dataset), "split": split})
    return result


def evaluate_classifier(classifier: ExpressionClassifier, samples: Split, batch_size: int = 256,
                        source: str = "the data", perturbation: str | None = None) -> dict:
    from training.perturb import perturb

    classes = list(classifier.classes)
    images, labels, dropped = relabel(samples, classes)
    if not len(labels):
        raise DatasetError(f"no images of the model's classes ({', '.join(classes)}) in {source}")
    if perturbation:
        images = perturb(images, perturbation)
    probs = predict_in_batches(classifier, images, batch_size)
    result = summarize(labels, probs, tuple(classes))
    result.update(calibration_figures(labels, probs))
    result.update({
        "runtime": classifier.backend,
        "flip_average": classifier.flip_average,
        "skipped_files": samples.skipped,
        "images_of_unknown_classes": dropped,
    })
    return result


def render_text(result: dict) -> str:
    lines = [
        f"model: {result['model']}",
        f"data: {result['data']} ({result['split']}), n = {result['n']}, runtime: {result['runtime']}, "
        f"flip averaging: {result['flip_average']}",
        f"accuracy: {result['accuracy']:.4f}   macro recall: {result['macro_recall']:.4f}   "
        f"macro F1: {result['macro_f1']:.4f}   ECE (15 bins): {result['ece']:.4f}   NLL: {result['nll']:.4f}",
        "",
        f"{'class':<10} {'recall':>7} {'precision':>9} {'support':>8}",
    ]
    for name, row in result["per_class"].items():
        lines.append(f"{name:<10} {row['recall']:>7.3f} {row['precision']:>9.3f} {row['support']:>8}")
    classes = result["classes"]
    width = max(8, *(len(name) + 1 for name in classes))
    lines += ["", "confusion matrix (rows: true, columns: predicted)",
              " " * 10 + "".join(f"{name[:width - 1]:>{width}}" for name in classes)]
    for name, row in zip(classes, result["confusion"], strict=True):
        if sum(row):
            lines.append(f"{name:<10}" + "".join(f"{value:>{width}}" for value in row))
    if result["skipped_files"]:
        lines.append(f"\nskipped {len(result['skipped_files'])} unreadable files, e.g. {result['skipped_files'][0]}")
    if result.get("trained_subject_images_left_out"):
        lines.append(f"left out {result['trained_subject_images_left_out']} images of subjects the model trained on")
    if result["images_of_unknown_classes"]:
        lines.append(f"ignored images of classes the model lacks: {result['images_of_unknown_classes']}")
    for kind, other in result.get("perturbed", {}).items():
        recalls = ", ".join(f"{name} {row['recall']:.2f}" for name, row in other["per_class"].items())
        lines.append(f"\nperturbed ({kind}): accuracy {other['accuracy']:.4f} "
                     f"({other['accuracy'] - result['accuracy']:+.4f} against plain), ECE {other['ece']:.4f}; "
                     f"recall {recalls}")
    return "\n".join(lines)


def add_arguments(parser) -> None:
    parser.add_argument("--model", type=Path,
                        help="model folder (as the app loads it) or a .keras/.tflite file; default: the shipped model")
    parser.add_argument("--data", type=Path,
                        help="dataset root (its validation/test split), a FER+ root, one folder of class folders, "
                             "or a CSV; without it: FER2013, FER+ and CK+ side by side (see --datasets)")
    parser.add_argument("--datasets", type=Path,
                        help="folder holding fer2013/, ferplus/ and ckplus-dev/ for the side-by-side figures "
                             "(default: ACTOR_TRAINER_DATA or ../shared/datasets)")
    parser.add_argument("--split", choices=["validation", "train"], default="validation",
                        help="which split of a dataset root to use")
    parser.add_argument("--flip-average", choices=["auto", "on", "off"], default="auto",
                        help="auto: as model.json says the app does")
    parser.add_argument("--cache-dir", type=Path, help="where decoded datasets are cached (default: user cache)")
    parser.add_argument("--no-cache", action="store_true", help="decode the images without caching them")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--perturb", action="append", choices=["dim", "tilt"], default=[],
                        help="also measure on perturbed crops (dim: exposure x0.35 + noise; tilt: +-20 degrees), "
                             "reported beside the plain figure; repeatable")


def leave_out_trained_subjects(split: Split, subjects) -> tuple[Split, int]:
    """Drop posed images of subjects the model trained on (model.json's posed_subjects_trained)."""
    if not subjects or split.names is None:
        return split, 0
    trained = set(subjects)
    keep = np.array([subject_of(str(name)) not in trained for name in split.names], dtype=bool)
    return split.subset(np.flatnonzero(keep)), int((~keep).sum())


def evaluate_suite(model_path: Path, root: Path | None, cache_dir: Path | None, flip_average: bool | None,
                   perturbations=()) -> dict:
    """FER2013, FER+, CK+ and CAFE side by side through the app's classifier, people datasets without the
    subjects the model trained on; each perturbation adds the same table on perturbed crops."""
    from training import suite

    classifier = load_classifier(model_path)
    if flip_average is not None:
        classifier.flip_average = flip_average
    parts = suite.suite_parts(root, cache_dir)
    trained = classifier.metadata.get("posed_subjects_trained") or []
    for part in parts:
        if part.key in suite.PEOPLE:
            part.split, left_out = leave_out_trained_subjects(part.split, trained)
            if left_out:
                who = "children" if part.key == "cafe" else "subjects"
                part.label = f"{part.label}: {who} it never saw ({left_out} images of trained {who} left out)"
    if not parts:
        where = root or suite.default_datasets_root()
        raise DatasetError(f"none of fer2013/, ferplus/, ckplus-dev/, cafe-dev/ under {where}")
    results = suite.evaluate_parts(lambda x: predict_in_batches(classifier, x), parts, classifier.classes)
    perturbed = {kind: suite.evaluate_parts(lambda x: predict_in_batches(classifier, x), parts, classifier.classes,
                                            perturbation=kind) for kind in perturbations}
    return {"model": str(model_path), "runtime": classifier.backend, "flip_average": classifier.flip_average,
            "temperature": classifier.temperature, "datasets": results, "perturbed": perturbed}


def run(args) -> int:
    cache_dir = None if args.no_cache else (args.cache_dir or default_cache_dir())
    flip = {"auto": None, "on": True, "off": False}[args.flip_average]
    if args.data is None:
        from training.suite import render_suite

        result = evaluate_suite(args.model or default_model_path(), args.datasets, cache_dir, flip, args.perturb)
        tables = [render_suite(result["datasets"])] + [f"perturbed: {kind}\n\n" + render_suite(table)
                                                       for kind, table in result["perturbed"].items()]
        print(json.dumps(result) if args.json else
              f"model: {result['model']} ({result['runtime']}, flip averaging {result['flip_average']}, "
              f"temperature {result['temperature']:g})\n\n" + "\n\n".join(tables))
        return 0
    result = evaluate(args.model or default_model_path(), args.data, args.split, cache_dir, flip,
                      perturbations=args.perturb)
    print(json.dumps(result) if args.json else render_text(result))
    return 0
