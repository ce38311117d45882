"""Data-loading figures: FER2013 train first load (decode + write cache) vs cached load, and
augmented FaceBatches batches/s against the model's training images/s.

    nice -n 15 python benchmarks/data_loading.py [--data ../shared/datasets/fer2013] [--batches 60]

Prints the figures and appends them to benchmarks/results/data_loading.jsonl (with the previous
figures for comparison). FaceBatches runs in the training process (one worker), so its cost per image
adds to the epoch: the loader's share of an epoch is training images/s / loader images/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from results_log import append_run, previous_run, results_file  # noqa: E402 (beside this script)

from training.datasets.folders import find_split_dir, load_folder  # noqa: E402

RESULTS = results_file("data_loading")


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def loader_images_per_second(split, batches: int, batch_size: int) -> tuple[float, float]:
    from training.augment import FaceBatches, class_weights

    weights = class_weights(split.labels, len(split.classes), 0.4)
    loader = FaceBatches(split.images, split.labels, len(split.classes), batch_size, augment=True, weights=weights)
    count = min(batches, len(loader))
    loader[0]
    started = time.perf_counter()
    for index in range(1, count + 1):
        loader[index % len(loader)]
    seconds = time.perf_counter() - started
    return count / seconds, count * batch_size / seconds


def training_images_per_second(history_csv: Path) -> float | None:
    """Median training images/s of a run (the actor-main run by default)."""
    if not history_csv.exists():
        return None
    with open(history_csv, newline="") as handle:
        values = [float(row["images_per_second"]) for row in csv.DictReader(handle) if row.get("images_per_second")]
    return statistics.median(values) if values else None


def record(figures: dict) -> None:
    previous = previous_run(RESULTS)
    print("previous:", json.dumps(previous) if previous else "none")
    append_run(RESULTS, figures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "datasets" / "fer2013")
    parser.add_argument("--batches", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--history", type=Path, default=Path("/work/runs/actor-main/history.csv"),
                        help="history.csv whose median training images/s is compared with the loader")
    parser.add_argument("--note", default="", help="free text stored with the figures (e.g. 'machine busy')")
    args = parser.parse_args()

    folder = find_split_dir(args.data, "train")
    with tempfile.TemporaryDirectory() as cache:
        split, first = timed(load_folder, folder, Path(cache))
        _, cached = timed(load_folder, folder, Path(cache))
        cache_bytes = sum(p.stat().st_size for p in Path(cache).iterdir())
    batches_per_second, loader_ips = loader_images_per_second(split, args.batches, args.batch_size)
    training_ips = training_images_per_second(args.history)
    figures = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "images": len(split),
        "first_load_s": round(first, 2),
        "cached_load_s": round(cached, 2),
        "cache_mb": round(cache_bytes / 1e6, 1),
        "augmented_batches_per_s": round(batches_per_second, 1),
        "batch_size": args.batch_size,
        "loader_images_per_s": round(loader_ips),
        "training_images_per_s": None if training_ips is None else round(training_ips),
        "loader_share_of_epoch": None if training_ips is None else round(training_ips / loader_ips, 3),
        "note": args.note,
    }
    for key, value in figures.items():
        print(f"{key:>26}: {value}")
    record(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
