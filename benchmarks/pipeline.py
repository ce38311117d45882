"""Speed of the vision pipeline: detection, crop, classification and the whole frame.

    python benchmarks/pipeline.py [--model DIR] [--data ../shared/datasets/yale-faces-dev] [--repeat 3]

Plays the yale-faces-dev full frames (320x243, and upscaled to 640x480) as a stream, each frame
`--repeat` times in a row like a webcam watching a still child, through the app's FramePipeline.
Prints p50/p95 wall-clock ms per stage (the coaching face mesh, "mesh", runs 4 times a second, and its
average cost per frame is "mesh_per_frame_mean"), the process CPU ms per frame (less sensitive to other
programs on the machine), the full-frame face search on its own, and the start-up time from
launching to the first judged frame. Appends the figures to benchmarks/results/pipeline.jsonl
and shows the previous run's next to them.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
from pathlib import Path  # noqa: E402

from results_log import append_run, percentiles, previous_run, results_file  # noqa: E402 (beside this script)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = results_file("pipeline")


def stream(pipeline, frames, repeat: int) -> dict:
    """p50/p95 ms per stage over the stream at 30 frames per second; the coaching face mesh (stage "mesh",
    run every pipeline.mesh_interval seconds) also as its average cost per frame over every frame."""
    stages = {"detect": [], "crop": [], "classify": [], "mesh": [], "total": [], "cpu_total": []}
    pipeline.reset()
    clock, count = 0.0, 0
    for frame in frames:
        for _ in range(repeat):
            clock += 1 / 30
            count += 1
            cpu = time.process_time()
            result = pipeline.process(frame, clock)
            stages["cpu_total"].append((time.process_time() - cpu) * 1e3)
            for name, ms in result.timings_ms.items():
                stages[name].append(ms)
    figures = {name: percentiles(ms) for name, ms in stages.items() if ms}
    if stages["mesh"]:
        figures["mesh_per_frame_mean"] = round(sum(stages["mesh"]) / count, 3)
    return figures


def full_search(detector, frames) -> dict:
    times = []
    for frame in frames:
        start = time.perf_counter()
        detector.detect(frame)
        times.append((time.perf_counter() - start) * 1e3)
    return percentiles(times)


def classifier_only(classifier, faces) -> dict:
    wall, cpu = [], []
    for face in faces:
        start, start_cpu = time.perf_counter(), time.process_time()
        classifier.predict(face)
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    return {"wall": percentiles(wall), "cpu": percentiles(cpu)}


def mesh_only(mesh, frames, boxes) -> dict:
    """The coaching face mesh on its own (both of its runs), wall and process CPU ms per reading."""
    wall, cpu = [], []
    for frame, box in zip(frames, boxes, strict=True):
        start, start_cpu = time.perf_counter(), time.process_time()
        mesh.landmarks(frame, box)
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    return {"wall": percentiles(wall), "cpu": percentiles(cpu)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="model folder, as the app loads it (default: assets)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/datasets/yale-faces-dev")
    parser.add_argument("--repeat", type=int, default=3, help="times each frame is shown in a row (default 3)")
    parser.add_argument("--no-save", action="store_true", help="do not append to benchmarks/results/pipeline.jsonl")
    args = parser.parse_args()

    import cv2

    from actor_trainer.vision.frames import image_files, open_source
    from actor_trainer.vision.pipeline import build_pipeline

    source = open_source(args.data)
    pipeline = build_pipeline(args.model, coaching=True)  # as the game runs it, coaching's face mesh included
    loaded = time.perf_counter()
    first_judged = None
    while first_judged is None and (frame := source.read()) is not None:
        if pipeline.process(frame).probs is not None:
            first_judged = time.perf_counter()
    startup = {"to_model_loaded_s": round(loaded - STARTED, 2),
               "to_first_judged_frame_s": round((first_judged or float("nan")) - STARTED, 2)}

    frames = [cv2.imread(str(path)) for path in image_files(args.data)]
    large = [cv2.resize(frame, (640, 480), interpolation=cv2.INTER_LINEAR) for frame in frames]
    faces = [r.face48 for r in (pipeline.process(f, i) for i, f in enumerate(frames)) if r.face48 is not None]
    figures = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{platform.processor() or platform.machine()} x{os.cpu_count()}",
        "load_average_1min": round(os.getloadavg()[0], 2),
        "classifier_backend": pipeline.classifier.backend,
        "flip_average": pipeline.classifier.flip_average,
        "startup": startup,
        "classifier_ms": classifier_only(pipeline.classifier, faces * 3),
        "frame_320x243_ms": stream(pipeline, frames, args.repeat),
        "frame_640x480_ms": stream(pipeline, large, args.repeat),
        "full_face_search_640x480_ms": full_search(pipeline.detector, large),
    }
    if pipeline.face_mesh is not None:
        found = [(frame, faces[0]) for frame in large if (faces := pipeline.detector.detect(frame))]
        figures["mesh_ms"] = mesh_only(pipeline.face_mesh, *zip(*found, strict=True))
        figures["mesh_interval_s"] = pipeline.mesh_interval
    before = previous_run(RESULTS)
    print(json.dumps(figures, indent=1))
    if before:
        print("previous run:", json.dumps({k: before.get(k) for k in ("when", "load_average_1min", "startup",
                                                                        "classifier_ms", "frame_640x480_ms")}))
    if not args.no_save:
        append_run(RESULTS, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
