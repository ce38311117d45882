"""Classifier runtimes for one face: why the app runs the int8 LiteRT file.

    python benchmarks/runtimes.py [--model assets] [--repeat 500]

Times one call (p50/p95 wall ms) for one image and for the flip-average batch of two, through:
LiteRT int8 (the exported model.tflite) with 1 and 2 threads, LiteRT float32 (converted here from
model.keras) and the Keras model in a tf.function (the app's path for folders without a .tflite).
Appends the figures to benchmarks/results/runtimes.jsonl and shows the previous run's.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from results_log import append_run, percentiles, previous_run, results_file  # beside this script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = results_file("runtimes")


def time_calls(batch_fn, batch: int, repeat: int) -> dict:
    x = np.random.default_rng(0).integers(0, 256, (batch, 48, 48, 1)).astype(np.float32)
    for _ in range(20):
        batch_fn(x)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        batch_fn(x)
        times.append((time.perf_counter() - start) * 1e3)
    return percentiles(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "assets", help="exported model folder")
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()

    from actor_trainer.vision import classifier

    metadata = classifier.read_metadata(args.model)
    figures = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "load_average_1min": round(os.getloadavg()[0], 2),
               "model": str(args.model), "ms_per_call": {}}

    def measure(name, batch_fn):
        row = {"1 image": time_calls(batch_fn, 1, args.repeat),
               "batch of 2 (flip average)": time_calls(batch_fn, 2, args.repeat)}
        figures["ms_per_call"][name] = row
        print(f"{name:<26} 1 image {row['1 image']}   flip batch of 2 {row['batch of 2 (flip average)']}")

    # LiteRT first, before TensorFlow is imported: its idle thread pools would slow what follows
    for threads in (1, 2):
        measure(f"litert-int8-{threads}-threads",
                classifier.litert_function(args.model / metadata["runtime_file"], threads)[0])

    from training.quantize import to_litert

    keras_model = classifier.load_keras_model(args.model / metadata.get("model_file", "model.keras"))
    with tempfile.TemporaryDirectory() as folder:
        float_file = Path(folder) / "float32.tflite"
        float_file.write_bytes(to_litert(keras_model))
        float_fn = classifier.litert_function(float_file, 2)[0]
    measure("keras-tf-function", classifier.keras_function(keras_model))
    time.sleep(1)
    measure("litert-float32-2-threads", float_fn)
    before = previous_run(RESULTS)
    if before:
        print("previous run:", json.dumps(before)[:400])
    if not args.no_save:
        append_run(RESULTS, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
