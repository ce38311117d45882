"""`python -m training tune`: Keras Tuner searches over the report's two search spaces.

A hypermodel only samples a plain config dict (see `models.build_from_config`) and builds it, so
the best trial is written as JSON that `train --model tuned|pyramid --model-config FILE` accepts.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import keras
import keras_tuner as kt

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.preprocessing import INPUT_SIZE
from training import models

SEARCHES = ("tuner-v1", "tuner-v2")
ALGORITHMS = ("random", "hyperband", "bayesian")
OBJECTIVE = "val_accuracy"
BEST_FILE = "best_hyperparameters.json"


def _fits(size: int, kernel_size: int, convs: int, padding: str) -> bool:
    """Whether `convs` convolutions with this padding leave a feature map of at least 2x2."""
    return padding == "same" or size - convs * (kernel_size - 1) >= 2


def _next_size(size: int, kernel_size: int, convs: int, padding: str) -> int:
    if padding == "valid":
        size -= convs * (kernel_size - 1)
    return size // 2 if size >= 2 else size


def config_v1(hp: kt.HyperParameters) -> dict:
    """The report's first space: up to 5 conv blocks, each tuned, then tuned dense blocks."""
    size, conv = INPUT_SIZE, []
    for index in range(hp.Int("conv_blocks", 2, 5, default=3)):
        block = {
            "filters": hp.Choice(f"filters_{index}", [32, 64, 128, 256]),
            "kernel_size": hp.Choice(f"kernel_size_{index}", [3, 5]),
            "activation": hp.Choice(f"activation_{index}", ["relu", "elu", "swish"]),
            "padding": hp.Choice(f"padding_{index}", ["same", "valid"]),
            "batch_norm": hp.Boolean(f"batch_norm_{index}", default=True),
            "pooling": hp.Choice(f"pooling_{index}", ["max", "avg"]),
            "dropout": hp.Float(f"dropout_{index}", 0.0, 0.5, step=0.1),
        }
        # Valid padding on a small map would leave nothing to convolve: fall back to "same".
        if not _fits(size, block["kernel_size"], 1, block["padding"]):
            block["padding"] = "same"
        size = _next_size(size, block["kernel_size"], 1, block["padding"])
        conv.append(block)
    dense = [
        {
            "units": hp.Choice(f"units_{index}", [64, 128, 256, 512]),
            "batch_norm": hp.Boolean(f"dense_batch_norm_{index}", default=True),
            "dropout": hp.Float(f"dense_dropout_{index}", 0.0, 0.6, step=0.1),
        }
        for index in range(hp.Int("dense_blocks", 0, 3, default=1))
    ]
    return {"conv": conv, "dense": dense}


def config_v2(hp: kt.HyperParameters) -> dict:
    """The report's second, lighter space: narrower blocks of several convs, at most one dense layer."""
    activation = hp.Choice("activation", ["relu", "elu", "swish"])
    batch_norm = hp.Boolean("batch_norm", default=True)
    conv = [
        {
            "filters": hp.Choice(f"filters_{index}", [16, 32, 64, 128]),
            "kernel_size": 3,
            "convs": hp.Int(f"convs_{index}", 1, 3, default=2),
            "activation": activation,
            "batch_norm": batch_norm,
            "pooling": "max",
            "dropout": hp.Float(f"dropout_{index}", 0.0, 0.4, step=0.1),
        }
        for index in range(hp.Int("conv_blocks", 2, 4, default=3))
    ]
    dense = [
        {"units": hp.Choice("units", [64, 128]), "batch_norm": batch_norm,
         "dropout": hp.Float("dense_dropout", 0.0, 0.5, step=0.1)}
        for _ in range(hp.Int("dense_blocks", 0, 1, default=1))
    ]
    return {"conv": conv, "dense": dense, "global_pool": hp.Boolean("global_pool", default=False)}


SPACES = {"tuner-v1": config_v1, "tuner-v2": config_v2}


class ExpressionHyperModel(kt.HyperModel):
    """Samples a config from one search space, builds it with `build_from_config`, compiles it."""

    def __init__(self, search: str, num_classes: int = len(EXPRESSIONS), label_smoothing: float = 0.1):
        super().__init__(name=search)
        self.search, self.num_classes, self.label_smoothing = search, num_classes, label_smoothing

    def config(self, hp: kt.HyperParameters) -> dict:
        return SPACES[self.search](hp)

    def build(self, hp: kt.HyperParameters) -> keras.Model:
        model = models.build_from_config(self.config(hp), self.num_classes, name=self.search.replace("-", "_"))
        rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log", default=1e-3)
        model.compile(optimizer=keras.optimizers.Adam(rate),
                      loss=keras.losses.CategoricalCrossentropy(label_smoothing=self.label_smoothing),
                      metrics=["accuracy"])
        return model


class _WithoutTensorBoard:
    """keras-tuner imports tensorboard before every trial under the TensorFlow backend, even without a
    TensorBoard callback (we pass none), and TensorFlow 2.21 no longer installs tensorboard."""

    def _configure_tensorboard_dir(self, callbacks, trial, execution=0):
        return None


class RandomSearch(_WithoutTensorBoard, kt.RandomSearch):
    pass


class BayesianOptimization(_WithoutTensorBoard, kt.BayesianOptimization):
    pass


class Hyperband(_WithoutTensorBoard, kt.Hyperband):
    pass


def make_tuner(search: str, algorithm: str, directory: Path, max_trials: int, epochs: int, seed: int):
    """The Keras Tuner for `search`; reloads an existing search directory (overwrite=False)."""
    if search not in SEARCHES:
        raise ValueError(f"unknown search '{search}' (choose from {', '.join(SEARCHES)})")
    common = dict(hypermodel=ExpressionHyperModel(search), objective=OBJECTIVE, seed=seed,
                  directory=str(directory), project_name=f"{search}-{algorithm}", overwrite=False)
    if algorithm == "random":
        return RandomSearch(max_trials=max_trials, **common)
    if algorithm == "bayesian":
        return BayesianOptimization(max_trials=max_trials, **common)
    if algorithm == "hyperband":
        tuner = Hyperband(max_epochs=max(epochs, 2), factor=3, **common)
        tuner.oracle.max_trials = max_trials  # Hyperband has no argument for it; the oracle honours it
        return tuner
    raise ValueError(f"unknown algorithm '{algorithm}' (choose from {', '.join(ALGORITHMS)})")


def search_callbacks(search: str, patience: int) -> list:
    # v2 searches without early stopping, as in the report.
    if search == "tuner-v1":
        return [keras.callbacks.EarlyStopping(monitor=OBJECTIVE, mode="max", patience=patience)]
    return []


def run_search(tuner, search: str, train_split, validation, epochs: int, batch_size: int,
               class_weight_power: float, patience: int, seed: int, verbose="auto") -> None:
    from training.keras_adapters import KerasBatches
    from training.train import make_batches

    batches, validation_batches, _ = make_batches(train_split, validation, batch_size, class_weight_power, seed)
    tuner.search(KerasBatches(batches), validation_data=KerasBatches(validation_batches), epochs=epochs,
                 verbose=verbose,
                 callbacks=search_callbacks(search, patience))


def trial_rows(tuner) -> list[dict]:
    """All trials, best first: completed ones by score, then the rest."""
    hypermodel = tuner.hypermodel
    trials = sorted(tuner.oracle.trials.values(),
                    key=lambda t: (t.score is None, -(t.score or 0.0), t.trial_id))
    rows = []
    for rank, trial in enumerate(trials, start=1):
        config = hypermodel.config(trial.hyperparameters.copy())
        rows.append({
            "rank": rank,
            "trial": trial.trial_id,
            "status": str(trial.status),
            "val_accuracy": trial.score,
            "best_epoch": None if trial.best_step is None else int(trial.best_step) + 1,
            "learning_rate": trial.hyperparameters.values.get("learning_rate"),
            "conv": describe_conv(config["conv"]),
            "dense": describe_dense(config.get("dense", []), config.get("global_pool", False)),
            "config": config,
        })
    return rows


def describe_conv(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        kernel = block.get("kernel_size", 3)
        text = f"{block.get('convs', 1)}x{block['filters']}@{kernel}x{kernel} {block.get('activation', 'relu')}"
        text += f" {block.get('padding', 'same')}{' bn' if block.get('batch_norm', True) else ''}"
        text += f" {block.get('pooling', 'max')} d{block.get('dropout', 0):.1f}"
        parts.append(text)
    return "; ".join(parts)


def describe_dense(blocks: list[dict], global_pool: bool) -> str:
    head = "gap" if global_pool else "flatten"
    return "; ".join([head] + [f"{b['units']}{' bn' if b.get('batch_norm', True) else ''} d{b.get('dropout', 0):.1f}"
                                for b in blocks])


def write_results(tuner, out_dir: Path, search: str, algorithm: str) -> dict:
    """best_hyperparameters.json (with the buildable "config"), trials.csv and trials.md."""
    rows = trial_rows(tuner)
    completed = [row for row in rows if row["val_accuracy"] is not None]
    if not completed:
        raise ValueError(f"no completed trial in {out_dir}")
    best_trial = tuner.oracle.trials[completed[0]["trial"]]
    best = {
        "search": search,
        "algorithm": algorithm,
        "trial": completed[0]["trial"],
        "val_accuracy": completed[0]["val_accuracy"],
        "learning_rate": completed[0]["learning_rate"],
        "hyperparameters": best_trial.hyperparameters.values,
        "config": completed[0]["config"],
        "trials": len(rows),
    }
    atomic.write_text(out_dir / BEST_FILE, json.dumps(best, indent=2, default=str))
    atomic.write_text(out_dir / "trials.md", render_trials(rows, search, algorithm))
    columns = ["rank", "trial", "status", "val_accuracy", "best_epoch", "learning_rate", "conv", "dense", "config"]
    table = io.StringIO(newline="")
    writer = csv.DictWriter(table, columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "config": json.dumps(row["config"])})
    atomic.write_text(out_dir / "trials.csv", table.getvalue())
    return best


def render_trials(rows: list[dict], search: str, algorithm: str) -> str:
    lines = [f"# {search} ({algorithm} search): {len(rows)} trials, best first", "",
             "| rank | trial | val accuracy | best epoch | learning rate | conv blocks | head |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        score = "-" if row["val_accuracy"] is None else f"{row['val_accuracy']:.4f}"
        rate = "-" if row["learning_rate"] is None else f"{row['learning_rate']:.2e}"
        lines.append(f"| {row['rank']} | {row['trial']} | {score} | {row['best_epoch'] or '-'} | {rate} "
                     f"| {row['conv']} | {row['dense']} |")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    import importlib.util
    import sys

    from training.train import TrainConfig, load_data

    if args.algorithm == "bayesian" and importlib.util.find_spec("scipy") is None:
        print("error: Bayesian optimisation needs scipy: pip install 'keras-tuner[bayesian]'", file=sys.stderr)
        return 2
    config = TrainConfig(data=[str(p) for p in args.data], subset=args.subset, seed=args.seed,
                         cache_dir=args.cache_dir, subject_folds=args.subject_folds, holdout_fold=args.holdout_fold)
    train_split, validation = load_data(config)
    keras.utils.set_random_seed(args.seed)
    tuner = make_tuner(args.search, args.algorithm, args.dir, args.max_trials, args.epochs, args.seed)
    run_search(tuner, args.search, train_split, validation, args.epochs, args.batch_size,
               args.class_weight_power, args.patience, args.seed, verbose=2 if args.quiet else "auto")
    out_dir = Path(tuner.project_dir)
    best = write_results(tuner, out_dir, args.search, args.algorithm)
    print((out_dir / "trials.md").read_text())
    rate = f" --learning-rate {best['learning_rate']:.2e}" if best["learning_rate"] else ""
    print(f"best val_accuracy {best['val_accuracy']:.4f} (trial {best['trial']}); train it with:\n"
          f"python -m training train --data DIR --model tuned --model-config {out_dir / BEST_FILE}{rate}")
    return 0
