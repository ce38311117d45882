"""`python -m training average RUN_DIR`: stochastic weight averaging (SWA) of a run's last epochs.

The weights of the last epochs (`train --keep-epochs` saves one file per epoch in RUN_DIR/epochs/)
are averaged, batch normalisation statistics are recomputed on clean training images (an average of
weights has no statistics of its own), and the result becomes a new run directory with its own
report, ready for `compare` and `export`. Averaging the end of a run usually lands in a flatter,
better-generalising point than any single epoch; the report says whether it did.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.classifier import ModelError, load_keras_model
from training.runfiles import EPOCHS_DIR, HISTORY_FILE

BATCH_NORM_SAMPLE = 6000


def epoch_snapshots(run_dir: Path, last: int) -> list[Path]:
    snapshots = sorted((Path(run_dir) / EPOCHS_DIR).glob("epoch-*.weights.h5"))
    if not snapshots:
        raise ModelError(f"no epoch snapshots in {Path(run_dir) / EPOCHS_DIR} (train with --keep-epochs), "
                         "or name the files with --snapshots")
    return snapshots[-last:]


def snapshot_weights(model, path: Path) -> list[np.ndarray]:
    """The weights stored in a .weights.h5 or .keras file of the same architecture as `model`."""
    if path.name.endswith(".weights.h5"):
        model.load_weights(path)
        return model.get_weights()
    return load_keras_model(path).get_weights()


def recompute_batch_norm(model, images: np.ndarray, count: int = BATCH_NORM_SAMPLE, seed: int = 0) -> None:
    """Set every BatchNormalization's moving mean and variance to the statistics of its inputs on
    `count` clean images, layer by layer so each sees the already corrected layers before it."""
    import keras

    chosen = np.random.default_rng(seed).permutation(len(images))[:count]
    x = images[chosen].astype(np.float32)[..., None]
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            inputs = keras.Model(model.inputs, layer.input).predict(x, batch_size=256, verbose=0)
            axes = tuple(range(inputs.ndim - 1))
            gamma, beta, _, _ = layer.get_weights()
            layer.set_weights([gamma, beta, inputs.mean(axis=axes), inputs.var(axis=axes)])


def average_run(run_dir: Path, out_dir: Path, snapshots: list[Path]) -> Path:
    from training.report import write_run_report
    from training.train import (
        CONFIG_FILE,
        CROP_FILE,
        MODEL_FILE,
        TrainConfig,
        build_model,
        load_data,
        save_for_inference,
        split_class_weights,
    )

    started = time.perf_counter()
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    config = TrainConfig(**json.loads((run_dir / CONFIG_FILE).read_text()))
    model = build_model(config, len(EXPRESSIONS))
    stacks = [snapshot_weights(model, path) for path in snapshots]
    model.set_weights([np.mean([weights[i] for weights in stacks], axis=0) for i in range(len(stacks[0]))])
    train_split, validation = load_data(config)
    recompute_batch_norm(model, train_split.images)

    out_dir.mkdir(parents=True, exist_ok=True)
    for name in (HISTORY_FILE, CROP_FILE):  # the crop the snapshots trained on travels with them
        if (run_dir / name).exists():
            atomic.write_bytes(out_dir / name, (run_dir / name).read_bytes())
    config.extra = {**config.extra, "averaged_from": [str(path) for path in snapshots], "run": str(run_dir)}
    atomic.write_text(out_dir / CONFIG_FILE, json.dumps(asdict(config), indent=2))
    save_for_inference(model, out_dir / MODEL_FILE)
    write_run_report(out_dir, model, config, train_split, validation, time.perf_counter() - started,
                     weights=split_class_weights(train_split, config.class_weight_power))
    return out_dir


def add_arguments(parser) -> None:
    parser.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="a finished run (its run.json names the data)")
    parser.add_argument("--last", type=int, default=10, help="average the last N epoch snapshots (default 10)")
    parser.add_argument("--snapshots", type=Path, nargs="+", metavar="FILE",
                        help="average these .weights.h5 / .keras files instead")
    parser.add_argument("--out", type=Path, help="new run directory (default: RUN_DIR-swa)")


def run(args) -> int:
    snapshots = args.snapshots or epoch_snapshots(args.run_dir, args.last)
    out_dir = args.out or args.run_dir.with_name(args.run_dir.name + "-swa")
    average_run(args.run_dir, out_dir, snapshots)
    report = json.loads((out_dir / "report.json").read_text())
    print(f"averaged {len(snapshots)} snapshots -> {out_dir}: validation accuracy "
          f"{report['validation']['accuracy']:.4f}, macro recall {report['validation']['macro_recall']:.4f}")
    return 0
