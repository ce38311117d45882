"""`python -m training crossval RUN_DIR ...`: figures cross-validated by person, through the app's int8 path.

Each RUN_DIR trained with `--subject-folds K --holdout-fold I` for one I; together they cover the folds. Every
person of cafe-dev (children) and ckplus-dev (posed adults) is scored only by the fold model that never saw
them (out-of-fold predictions), through what the game runs: the run's last epoch (never a checkpoint chosen on
the held-out people) as an int8 LiteRT file, flip-averaged, with its temperature fitted on FER+ validation,
on the game's crop (training/crops.py). The table gives the pooled out-of-fold figures per dataset, each
fold's accuracy, and their mean and standard deviation (the spread between groups of people).

`--out DIR` also writes `crossval.json` (the figures) and `oof.npz`: per dataset the out-of-fold
probabilities, labels, people and folds, and the webcam-like probability streams of every held-out face
(training.operating_points), from which `export --out-of-fold DIR/oof.npz` sets the judge's operating points
(cross-fitting: no threshold is chosen on a person's own model), and `benchmarks/judge.py --out-of-fold`
replays the judge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError
from training.datasets.posed import Folds, load_posed, subject_of, subject_patterns
from training.datasets.split import Split
from training.operating_points import OOF_FILE, SUMMARY_FILE, load_oof  # noqa: F401  (crossval's files)

# The suite's datasets of people, scored out of fold: key -> folder under the datasets root.
PEOPLE_SETS = {"cafe": "cafe-dev", "ckplus": "ckplus-dev"}
LAST_EPOCH = "last.keras"  # a fixed recipe's last epoch: no checkpoint is chosen on held-out people


@dataclass
class OutOfFold:
    """Out-of-fold predictions of one people dataset: probs (N, C) by the model that never saw the person."""
    key: str
    probs: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    folds: list = field(default_factory=list)
    streams: list = field(default_factory=list)

    def arrays(self) -> dict[str, np.ndarray]:
        joined = {"probs": np.concatenate(self.probs) if self.probs else np.zeros((0, len(EXPRESSIONS))),
                  "labels": np.concatenate(self.labels) if self.labels else np.zeros(0, np.int64),
                  "subjects": np.array(sum(self.subjects, []), dtype=str),
                  "folds": np.concatenate(self.folds) if self.folds else np.zeros(0, np.int64)}
        if self.streams:
            joined["streams"] = np.concatenate(self.streams)
        return joined


def fold_of_run(config: dict) -> Folds:
    """The folds a run held out. Raises ModelError for a run that held out no people."""
    count = int(config.get("subject_folds") or 0)
    if count < 2:
        raise ModelError("a cross-validation run must train with --subject-folds K --holdout-fold I")
    return Folds(count, int(config.get("holdout_fold", 0)))


def fold_runtime(run_dir: Path, config: dict, cache: Path, ferplus: Split | None) -> ExpressionClassifier:
    """The run's last epoch as the app runs a model: int8 LiteRT (calibrated on its own training faces),
    flip-averaged when the run was, temperature fitted on FER+ validation (1.0 without it)."""
    import tempfile

    from actor_trainer.vision import classifier
    from training.datasets.specs import load_sources
    from training.export import fit_temperature_on
    from training.quantize import calibration_sample, to_litert
    from training.suite import SuitePart

    model = classifier.load_keras_model(Path(run_dir) / LAST_EPOCH)
    train = load_sources(list(config["data"]), "train", cache, fold_of_run(config))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.tflite"
        path.write_bytes(to_litert(model, calibration_sample(train.images)))
        runtime = ExpressionClassifier.from_file(path, {"classes": list(EXPRESSIONS),
                                                        "flip_average": bool(config.get("flip_average", True))})
        if ferplus is not None:
            runtime.temperature, _ = fit_temperature_on(runtime, SuitePart("ferplus", "FER+", ferplus),
                                                        list(EXPRESSIONS))
    return runtime


def score_fold(runtime: ExpressionClassifier, split: Split, folder: Path, fold: int, oof: OutOfFold,
               rng: np.random.Generator | None) -> None:
    """Add one fold's held-out people of one dataset to `oof` (and their judge streams when `rng` is given)."""
    from training.evaluate import predict_in_batches
    from training.operating_points import dev_streams
    from training.suite import relabel

    images, labels, _ = relabel(split, list(EXPRESSIONS))
    if not len(labels):
        return
    patterns = subject_patterns(folder)
    names = [str(name) for name, label in zip(split.names, split.labels, strict=True)
             if split.classes[label] in EXPRESSIONS]
    oof.probs.append(predict_in_batches(runtime, images))
    oof.labels.append(labels.astype(np.int64))
    oof.subjects.append([subject_of(name, patterns) for name in names])
    oof.folds.append(np.full(len(labels), fold, np.int64))
    if rng is not None:
        oof.streams.append(dev_streams(lambda x: predict_in_batches(runtime, x), images, rng))


def out_of_fold(run_dirs: list[Path], root: Path, cache: Path, streams: bool = True,
                seed: int = 0) -> dict[str, OutOfFold]:
    """Out-of-fold predictions of every people dataset under `root` from fold runs covering every fold once.
    Raises ModelError when the runs do not cover each fold of one K exactly once."""
    from training.export import read_run
    from training.suite import suite_parts

    runs = [(Path(run_dir), read_run(Path(run_dir))[1]) for run_dir in run_dirs]
    folds = [fold_of_run(config) for _, config in runs]
    counts = {fold.count for fold in folds}
    held = sorted(fold.held_out for fold in folds)
    if len(counts) != 1 or held != list(range(next(iter(counts)))):
        raise ModelError(f"the runs must hold out each of K folds once; they hold out {held} of {sorted(counts)}")
    ferplus = next((part.split for part in suite_parts(root, cache) if part.key == "ferplus"), None)
    rng = np.random.default_rng(seed) if streams else None
    results = {key: OutOfFold(key) for key, folder in PEOPLE_SETS.items() if (Path(root) / folder).is_dir()}
    for (run_dir, config), fold in zip(runs, folds, strict=True):
        if not (run_dir / LAST_EPOCH).is_file():
            raise ModelError(f"no {LAST_EPOCH} in {run_dir} (is the run finished?)")
        runtime = fold_runtime(run_dir, config, cache, ferplus)
        for key, oof in results.items():
            folder = Path(root) / PEOPLE_SETS[key]
            score_fold(runtime, load_posed(folder, "validation", cache, fold), folder, fold.held_out, oof, rng)
    return results


def summarize_out_of_fold(results: dict[str, OutOfFold]) -> dict:
    """Per dataset: pooled out-of-fold accuracy, macro recall, per-class recall, ECE and NLL, and each fold's
    accuracy with their mean and standard deviation."""
    from training.metrics import calibration_figures, summarize

    summary = {}
    for key, oof in results.items():
        arrays = oof.arrays()
        labels, probs, folds = arrays["labels"], arrays["probs"], arrays["folds"]
        if not len(labels):
            continue
        pooled = summarize(labels, probs, tuple(EXPRESSIONS))
        per_fold = {int(f): float((probs[folds == f].argmax(1) == labels[folds == f]).mean())
                    for f in np.unique(folds)}
        summary[key] = {
            "n": int(len(labels)), "people": int(len(set(arrays["subjects"]))),
            "accuracy": pooled["accuracy"], "macro_recall": pooled["macro_recall"],
            "recall": {name: row["recall"] for name, row in pooled["per_class"].items() if row["support"]},
            "fold_accuracy": per_fold, "fold_mean": float(np.mean(list(per_fold.values()))),
            "fold_std": float(np.std(list(per_fold.values()))),
            **calibration_figures(labels, probs),
        }
    return summary


def render(summary: dict) -> str:
    """The cross-validated table, one column per people dataset (markdown)."""
    keys = list(summary)
    if not keys:
        return "(no people datasets found)"
    lines = ["| out of fold | " + " | ".join(f"{key} ({summary[key]['people']} people, {summary[key]['n']} images)"
                                            for key in keys) + " |", "|---|" + "---|" * len(keys)]
    lines.append("| **accuracy** (pooled) | " + " | ".join(f"{summary[k]['accuracy']:.3f}" for k in keys) + " |")
    lines.append("| fold mean +- std | " + " | ".join(f"{summary[k]['fold_mean']:.3f} +- {summary[k]['fold_std']:.3f}"
                                                      for k in keys) + " |")
    lines.append("| folds | " + " | ".join(" / ".join(f"{v:.2f}" for v in summary[k]["fold_accuracy"].values())
                                          for k in keys) + " |")
    lines.append("| macro recall | " + " | ".join(f"{summary[k]['macro_recall']:.3f}" for k in keys) + " |")
    for name in EXPRESSIONS:
        cells = [f"{summary[k]['recall'][name]:.2f}" if name in summary[k]["recall"] else "-" for k in keys]
        lines.append(f"| recall {name} | " + " | ".join(cells) + " |")
    lines.append("| ECE | " + " | ".join(f"{summary[k]['ece']:.3f}" for k in keys) + " |")
    return "\n".join(lines)


def save(results: dict[str, OutOfFold], summary: dict, out: Path) -> None:
    """OUT/oof.npz (KEY_probs, KEY_labels, KEY_subjects, KEY_folds, KEY_streams) and OUT/crossval.json."""
    from training.datasets.cache import savez_atomic

    arrays = {f"{key}_{name}": value for key, oof in results.items() for name, value in oof.arrays().items()}
    savez_atomic(Path(out) / OOF_FILE, classes=np.array(EXPRESSIONS, dtype=str), **arrays)
    atomic.write_text(Path(out) / SUMMARY_FILE, json.dumps(summary, indent=2) + "\n")


def add_arguments(parser) -> None:
    parser.add_argument("run_dirs", type=Path, nargs="+", metavar="RUN_DIR",
                        help="fold runs (train --subject-folds K --holdout-fold I), one per fold")
    parser.add_argument("--data-root", type=Path, help="the datasets root (default: ../shared/datasets)")
    parser.add_argument("--cache-dir", type=Path, help="where decoded datasets are cached")
    parser.add_argument("--out", type=Path, help="write crossval.json and oof.npz (with judge streams) here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args) -> int:
    from training.datasets.cache import default_cache_dir
    from training.suite import default_datasets_root

    root = Path(args.data_root or default_datasets_root())
    results = out_of_fold(args.run_dirs, root, Path(args.cache_dir or default_cache_dir()),
                          streams=args.out is not None)
    summary = summarize_out_of_fold(results)
    if args.out:
        save(results, summary, args.out)
    print(json.dumps(summary, indent=2) if args.json else render(summary))
    return 0
