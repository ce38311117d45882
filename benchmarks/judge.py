"""Judging quality: true and false pass rates per expression and difficulty level, through the real pipeline.

Each labelled image becomes a few seconds of synthetic webcam frames: the face pasted into a larger
frame (so detection runs), with small shifts, scale and brightness changes, and a few frames with no
face. The pipeline (detection, crop, model, smoothing) runs once over those frames; the judge then
replays the smoothed probabilities once with the image's own class as the target (a pass is a *true
pass*) and once with each other class (a pass is a *false pass*), for every difficulty level.

    python benchmarks/judge.py --data ../shared/datasets/photos-dev --model DIR --limit 20
    python benchmarks/judge.py --data ../shared/datasets/fer2013/validation --limit 20 --sweep

--sweep also prints the rates for a grid of thresholds and hold times at the normal level's settings.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import cv2
import numpy as np

from actor_trainer.judge import Judge  # noqa: E402
from actor_trainer.labels import EXPRESSIONS, canonical_expression  # noqa: E402
from actor_trainer.settings import DIFFICULTIES  # noqa: E402

FPS = 15
FRAME_SIZE = (480, 360)  # width, height of the synthetic webcam frame
FACE_HEIGHT = 170
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}


def labelled_images(root: Path, limit: int, seed: int) -> list[tuple[Path, str]]:
    rng = np.random.default_rng(seed)
    chosen = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        expression = canonical_expression(folder.name)
        if expression is None:
            continue
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        picked = rng.permutation(len(files))[:limit] if limit else range(len(files))
        chosen += [(files[index], expression) for index in sorted(picked)]
    return chosen


def synthetic_frames(face: np.ndarray, seconds: float, rng: np.random.Generator, no_face_share: float = 0.08):
    """The face jittering in front of a textured background, as a child in front of a webcam."""
    width, height = FRAME_SIZE
    background = rng.normal(120, 25, (height, width, 3)).clip(0, 255).astype(np.uint8)
    background = cv2.GaussianBlur(background, (0, 0), 6)
    if face.ndim == 2:
        face = cv2.cvtColor(face, cv2.COLOR_GRAY2BGR)
    base_scale = FACE_HEIGHT / face.shape[0]
    for _ in range(int(seconds * FPS)):
        if rng.random() < no_face_share:
            yield background.copy()
            continue
        scale = base_scale * rng.uniform(0.9, 1.1)
        resized = cv2.resize(face, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
        h, w = resized.shape[:2]
        x = int(np.clip((width - w) // 2 + rng.integers(-12, 13), 0, max(width - w, 0)))
        y = int(np.clip((height - h) // 2 + rng.integers(-10, 11), 0, max(height - h, 0)))
        frame = background.copy()
        frame[y:y + h, x:x + w] = resized[:height - y, :width - x]
        gain, offset = rng.uniform(0.85, 1.15), rng.uniform(-20, 20)
        yield np.clip(frame.astype(np.float32) * gain + offset, 0, 255).astype(np.uint8)


def stream(pipeline, frames) -> tuple[list[dict | None], list[float], int]:
    """Smoothed probabilities per frame (None: no face), per-frame ms, and how many frames found a face."""
    pipeline.reset()
    probabilities, times, found = [], [], 0
    for index, frame in enumerate(frames):
        started = time.perf_counter()
        result = pipeline.process(frame, index / FPS)
        times.append((time.perf_counter() - started) * 1000)
        probabilities.append(result.probs)
        found += result.box is not None
    return probabilities, times, found


def passes(probabilities, target: str, threshold: float, hold_seconds: float) -> float | None:
    """Seconds until the judge passed the target, or None when it never did."""
    judge = Judge(target, threshold, hold_seconds)
    for index, probs in enumerate(probabilities):
        if judge.update(probs, index / FPS).status.value == "passed":
            return index / FPS
    return None


def rates(runs, classes, threshold: float, hold_seconds: float) -> dict[str, dict]:
    table = {}
    for expression in classes:
        own = [probs for probs, label in runs if label == expression]
        if not own:
            continue
        true_pass = [passes(probs, expression, threshold, hold_seconds) for probs in own]
        false_pass = [passes(probs, expression, threshold, hold_seconds) is not None
                      for probs, label in runs if label != expression]
        table[expression] = {
            "images": len(own),
            "true_pass": float(np.mean([t is not None for t in true_pass])),
            "false_pass": float(np.mean(false_pass)) if false_pass else float("nan"),
            "median_seconds": float(np.median([t for t in true_pass if t is not None])) if any(
                t is not None for t in true_pass) else float("nan"),
        }
    return table


def print_table(title: str, table: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"{'expression':<10} {'images':>6} {'true pass':>9} {'false pass':>10} {'median s':>8}")
    for expression, row in table.items():
        print(f"{expression:<10} {row['images']:>6} {row['true_pass']:>9.2f} {row['false_pass']:>10.2f} "
              f"{row['median_seconds']:>8.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="class-folder dataset")
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped assets)")
    parser.add_argument("--limit", type=int, default=20, help="images per class (0: all)")
    parser.add_argument("--seconds", type=float, default=5.0, help="time limit per image and target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sweep", action="store_true", help="also try a grid of thresholds and hold times")
    parser.add_argument("--json", type=Path, help="write all figures here")
    args = parser.parse_args(argv)

    from actor_trainer.pipeline import build_pipeline
    pipeline = build_pipeline(model_dir=args.model)
    rng = np.random.default_rng(args.seed)
    runs, frame_ms, found, total, skipped = [], [], 0, 0, 0
    for path, expression in labelled_images(args.data, args.limit, args.seed):
        face = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if face is None:
            skipped += 1
            continue
        probabilities, times, seen = stream(pipeline, synthetic_frames(face, args.seconds, rng))
        runs.append((probabilities, expression))
        frame_ms += times
        found, total = found + seen, total + len(times)
    classes = [name for name in EXPRESSIONS if any(label == name for _, label in runs)]
    print(f"{len(runs)} images ({skipped} unreadable skipped), {total} frames, face found in {found / total:.1%}; "
          f"pipeline p50 {np.percentile(frame_ms, 50):.1f} ms, p95 {np.percentile(frame_ms, 95):.1f} ms per frame")
    report = {"data": str(args.data), "images": len(runs), "face_found": found / total, "levels": {}}
    for name, level in DIFFICULTIES.items():
        table = rates(runs, classes, level.threshold, level.hold_seconds)
        report["levels"][name] = table
        print_table(f"{name}: threshold {level.threshold}, hold {level.hold_seconds} s, "
                    f"within {args.seconds} s", table)
    if args.sweep:
        report["sweep"] = sweep(runs, classes)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


def sweep(runs, classes) -> list[dict]:
    print(f"\n{'threshold':>9} {'hold':>5} {'mean true':>9} {'mean false':>10} {'worst false':>11}")
    rows = []
    for threshold in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        for hold in (0.5, 1.0, 1.5):
            table = rates(runs, classes, threshold, hold)
            true = np.mean([row["true_pass"] for row in table.values()])
            false = [row["false_pass"] for row in table.values()]
            rows.append({"threshold": threshold, "hold": hold, "mean_true": float(true),
                         "mean_false": float(np.mean(false)), "worst_false": float(np.max(false))})
            print(f"{threshold:>9.2f} {hold:>5.1f} {true:>9.2f} {np.mean(false):>10.2f} {np.max(false):>11.2f}")
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
