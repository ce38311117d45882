"""Training throughput (images/s) of every model in training.models, on a few hundred images.

    nice -n 15 python benchmarks/training_throughput.py [--models actor baseline] [--images 384]

Each model is compiled exactly as `python -m training train` compiles it, fitted once to warm up,
then timed over `--epochs` epochs of random 48x48 images (throughput does not depend on content;
augmentation is measured separately in data_loading.py). Appends to
benchmarks/results/training_throughput.jsonl and prints the previous figure of each model.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from results_log import append_run, results_file, runs  # noqa: E402 (beside this script)

RESULTS = results_file("training_throughput")


def measure(name: str, images: int, batch_size: int, epochs: int) -> dict:
    import keras
    import numpy as np

    from training import models
    from training.train import TrainConfig, build_model, compile_model

    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (images, 48, 48, 1)).astype(np.float32)
    y = np.eye(models.NUM_CLASSES, dtype=np.float32)[rng.integers(0, models.NUM_CLASSES, images)]
    config = TrainConfig(data=[], model=name, batch_size=batch_size, epochs=epochs)
    keras.utils.set_random_seed(0)
    model = build_model(config, models.NUM_CLASSES)
    compile_model(model, config, steps_per_epoch=-(-images // batch_size))
    model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)
    started = time.perf_counter()
    model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0)
    seconds = time.perf_counter() - started
    return {"model": name, "parameters": int(model.count_params()), "images_per_s": round(images * epochs / seconds, 1)}


def previous_figures() -> dict[str, dict]:
    """The last run of each model."""
    return {row["model"]: row for row in runs(RESULTS)}


def main() -> int:
    from training.models import BUILDERS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(BUILDERS))
    parser.add_argument("--images", type=int, default=384)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--note", default="", help="free text stored with the figures (e.g. 'machine busy')")
    args = parser.parse_args()

    import keras

    previous = previous_figures()
    for name in args.models:
        row = measure(name, args.images, args.batch_size, args.epochs)
        row.update(timestamp=time.strftime("%Y-%m-%dT%H:%M:%S"), backend=keras.backend.backend(),
                   images=args.images, batch_size=args.batch_size, note=args.note)
        before = previous.get(name)
        before_text = f"(previous {before['images_per_s']} images/s, {before['timestamp']})" if before else ""
        print(f"{name:>9}: {row['images_per_s']:>7.1f} images/s, {row['parameters']:>9,} parameters {before_text}")
        append_run(RESULTS, row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
