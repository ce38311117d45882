"""Judging quality: true and false pass rates per expression and level, through the real pipeline.

Each labelled image becomes a few seconds of synthetic webcam frames: the face pasted into a larger
frame (so detection runs), with small shifts, scale and brightness changes, and a few frames with no
face. The pipeline (detection, crop, model, smoothing) runs once over those frames; the judge then
replays the smoothed probabilities once with the image's own class as the target (a pass is a *true
pass*) and once with each other class (a pass is a *false pass*), for every level, with the
model's own operating points (model.json "levels": a threshold per expression, require_top) and the
level's hold time. The calm-face baseline (`--baseline`, also spelled `--calibration`) is found first, as
the game's is:
- `subject` (default): each person's own neutral photo (for datasets whose file names name the person:
  CAFE, CK+, training/datasets/posed.py subject patterns) gives the baseline for that person's other photos,
  and is then left out of the rates; people without a neutral photo fall back to `first`, and the output
  says how many did;
- `first`: the first few neutral images of the whole dataset give everyone's baseline (and are left out);
- `none`: no baseline correction.
The results line keeps its keys "calibrated" and "calibration" (benchmarks/results/judge.jsonl compares runs).
Images of subjects the model trained on (model.json "posed_subjects_trained") are left out.

    python benchmarks/judge.py --data ../shared/datasets/cafe-dev --limit 0 --baseline subject
    python benchmarks/judge.py --data ../shared/datasets/ckplus-dev --limit 0
    python benchmarks/judge.py --data ../shared/datasets/photos-dev --model DIR --limit 30 --json out.json
    python benchmarks/judge.py --data ../shared/datasets/cafe-dev --limit 0 --out-of-fold runs/v4-fold0 \
        runs/v4-fold1 runs/v4-fold2 runs/v4-fold3

--out-of-fold RUN_DIR ... (cross-validation's fold runs, training/crossval.py): each person is judged by the
fold model that never saw them (its last epoch, int8, flip-averaged, temperature fitted on FER+ validation),
with the operating points of --model (the shipped model.json, set on out-of-fold streams by export
--out-of-fold); people no fold held out are left out.

--sweep also prints the rates for a grid of single thresholds and hold times (the old one-threshold judge).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import cv2
import numpy as np

from actor_trainer.labels import EXPRESSIONS, canonical_expression
from actor_trainer.play.baseline import CalmBaseline, fit_baseline, model_reference
from actor_trainer.play.judge import Judge
from actor_trainer.play.levels import OperatingPoint, model_levels
from actor_trainer.settings import LEVELS

BASELINE_IMAGES = 5  # neutral images whose frames give the calm-face baseline (and are then left out)
RESULTS = Path(__file__).resolve().parent / "results" / "judge.jsonl"

FPS = 15
FRAME_SIZE = (480, 360)  # width, height of the synthetic webcam frame
FACE_HEIGHT = 170
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}


def subject_of(name: str) -> str:
    from training.datasets.posed import subject_of as posed_subject

    return posed_subject(name)


def ferplus_images(root: Path, limit: int, seed: int) -> list[tuple[Path, str]]:
    """A FER+ folder (label.csv) or root (its FER2013Valid): images with their majority-vote expression."""
    from training.datasets.ferplus import (
        FERPLUS_LABEL_FILE,
        find_ferplus_split,
        read_ferplus_votes,
        votes_to_distribution,
    )

    folder = find_ferplus_split(root, "validation")
    rows, _ = read_ferplus_votes(folder / FERPLUS_LABEL_FILE)
    by_class: dict[str, list[Path]] = {}
    for name, votes in rows:
        distribution = votes_to_distribution(votes)
        if distribution is not None:
            by_class.setdefault(EXPRESSIONS[int(distribution.argmax())], []).append(folder / name)
    rng = np.random.default_rng(seed)
    chosen = []
    for expression in EXPRESSIONS:
        files = by_class.get(expression, [])
        picked = rng.permutation(len(files))[:limit] if limit else range(len(files))
        chosen += [(files[index], expression) for index in sorted(picked)]
    return chosen


def labelled_images(root: Path, limit: int, seed: int, leave_out_subjects=()) -> list[tuple[Path, str]]:
    from training.datasets.ferplus import is_ferplus

    if is_ferplus(root):
        return ferplus_images(root, limit, seed)
    rng = np.random.default_rng(seed)
    chosen = []
    left_out = set(leave_out_subjects)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        expression = canonical_expression(folder.name)
        if expression is None:
            continue
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES
                       and subject_of(p.name) not in left_out)
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


def passes(probabilities, target: str, point: OperatingPoint, hold_seconds: float) -> float | None:
    """Seconds until the judge passed the target, or None when it never did."""
    judge = Judge(target, point.threshold(target), hold_seconds, require_top=point.require_top)
    for index, probs in enumerate(probabilities):
        if judge.update(probs, index / FPS).status.value == "passed":
            return index / FPS
    return None


def rates(runs, classes, point: OperatingPoint, hold_seconds: float) -> dict[str, dict]:
    table = {}
    for expression in classes:
        own = [probs for probs, label in runs if label == expression]
        if not own:
            continue
        true_pass = [passes(probs, expression, point, hold_seconds) for probs in own]
        false_pass = [passes(probs, expression, point, hold_seconds) is not None
                      for probs, label in runs if label != expression]
        table[expression] = {
            "images": len(own),
            "true_pass": float(np.mean([t is not None for t in true_pass])),
            "false_pass": float(np.mean(false_pass)) if false_pass else float("nan"),
            "median_seconds": float(np.median([t for t in true_pass if t is not None])) if any(
                t is not None for t in true_pass) else float("nan"),
        }
    return table


def print_table(title: str, table: dict[str, dict], point: OperatingPoint) -> None:
    print(f"\n{title}")
    print(f"{'expression':<10} {'threshold':>9} {'images':>6} {'true pass':>9} {'false pass':>10} {'median s':>8}")
    for expression, row in table.items():
        print(f"{expression:<10} {point.threshold(expression):>9.2f} {row['images']:>6} {row['true_pass']:>9.2f} "
              f"{row['false_pass']:>10.2f} {row['median_seconds']:>8.2f}")
    summary = level_summary(table)
    print(f"{'mean':<10} {'':>9} {'':>6} {summary['mean_true_pass']:>9.2f} {summary['mean_false_pass']:>10.2f}")
    print(f"worst: true pass {summary['worst_true_pass']:.2f} ({summary['worst_true_expression']}), "
          f"false pass {summary['worst_false_pass']:.2f} ({summary['worst_false_expression']})")


def level_summary(table: dict[str, dict]) -> dict:
    """Mean and worst expression of a level's table."""
    true = {name: row["true_pass"] for name, row in table.items()}
    false = {name: row["false_pass"] for name, row in table.items() if not np.isnan(row["false_pass"])}
    worst_true = min(true, key=true.get)
    worst_false = max(false, key=false.get) if false else worst_true
    return {"mean_true_pass": float(np.mean(list(true.values()))),
            "mean_false_pass": float(np.mean(list(false.values()))) if false else float("nan"),
            "worst_true_pass": true[worst_true], "worst_true_expression": worst_true,
            "worst_false_pass": false.get(worst_false, float("nan")), "worst_false_expression": worst_false}


def baseline_from_neutral(runs, reference=None) -> tuple[CalmBaseline, list]:
    """The calm-face baseline from the first neutral images' frames; the rest of the runs, corrected by it.
    A run is (frames, label) or (frames, label, subject)."""
    neutral = [index for index, run in enumerate(runs) if run[1] == "neutral"][:BASELINE_IMAGES]
    if not neutral:
        return CalmBaseline(), runs
    samples = [probs for index in neutral for probs in runs[index][0] if probs is not None]
    baseline = fit_baseline(samples, reference)
    rest = [([baseline.apply(probs) for probs in run[0]], *run[1:])
            for index, run in enumerate(runs) if index not in set(neutral)]
    return baseline, rest


def baseline_per_subject(runs, reference=None) -> tuple[dict, list]:
    """Each person's first neutral photo gives the baseline for that person's other photos (as the game finds
    each child's own calm face) and is left out; runs are (frames, label, subject). People without a
    neutral photo get `baseline_from_neutral` over the dataset instead. Returns
    ({"subjects": n corrected by their own face, "fallback": n people without one}, corrected runs)."""
    own_neutral: dict[str, int] = {}
    for index, (_, label, subject) in enumerate(runs):
        if label == "neutral":
            own_neutral.setdefault(subject, index)
    baselines = {subject: fit_baseline([p for p in runs[index][0] if p is not None], reference)
                 for subject, index in own_neutral.items()}
    used = set(own_neutral.values())
    own = [([baselines[run[2]].apply(p) for p in run[0]], *run[1:])
           for index, run in enumerate(runs) if run[2] in baselines and index not in used]
    others = [run for run in runs if run[2] not in baselines]
    _, fallback = baseline_from_neutral(others, reference)
    counts = {"subjects": len(baselines), "fallback": len({run[2] for run in others})}
    return counts, own + fallback


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True,
                        help="class-folder dataset, or a FER+ root/folder (majority-vote labels of FER2013Valid)")
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped assets)")
    parser.add_argument("--limit", type=int, default=20, help="images per class (0: all)")
    parser.add_argument("--seconds", type=float, default=5.0, help="time limit per image and target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sweep", action="store_true", help="also try a grid of thresholds and hold times")
    parser.add_argument("--json", type=Path, help="write all figures here")
    parser.add_argument("--baseline", "--calibration", dest="baseline", choices=["subject", "first", "none"],
                        default="subject", help="calm-face baseline: each person's own neutral photo (subject), "
                                                "the dataset's first neutral images (first), or none")
    parser.add_argument("--no-baseline", "--no-calibration", dest="no_baseline", action="store_true",
                        help="the same as --baseline none")
    parser.add_argument("--out-of-fold", nargs="+", type=Path, metavar="RUN_DIR",
                        help="fold runs: judge each person with the fold model that never saw them")
    args = parser.parse_args(argv)
    if args.no_baseline:
        args.baseline = "none"

    from actor_trainer.vision.pipeline import build_pipeline
    pipeline = build_pipeline(model_dir=args.model)
    metadata = pipeline.classifier.metadata
    points = model_levels(metadata)
    trained_subjects = metadata.get("posed_subjects_trained") or []
    fold_models = fold_classifiers(args.out_of_fold, args.data) if args.out_of_fold else None
    if fold_models is not None:
        trained_subjects = []
    rng = np.random.default_rng(args.seed)
    runs, frame_ms, found, total, skipped = [], [], 0, 0, 0
    for path, expression in labelled_images(args.data, args.limit, args.seed, trained_subjects):
        face = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if face is None:
            skipped += 1
            continue
        if fold_models is not None:
            if subject_of(path.name) not in fold_models:
                continue
            pipeline.classifier = fold_models[subject_of(path.name)]
        probabilities, times, seen = stream(pipeline, synthetic_frames(face, args.seconds, rng))
        runs.append((probabilities, expression, subject_of(path.name)))
        frame_ms += times
        found, total = found + seen, total + len(times)
    print(f"{len(runs)} images ({skipped} unreadable skipped, subjects the model trained on left out: "
          f"{len(trained_subjects)}), {total} frames, face found in {found / total:.1%}; "
          f"pipeline p50 {np.percentile(frame_ms, 50):.1f} ms, p95 {np.percentile(frame_ms, 95):.1f} ms per frame")
    baseline = apply_baseline(args.baseline, runs, model_reference(metadata))
    runs = baseline.pop("runs")
    runs = [run[:2] for run in runs]
    classes = [name for name in EXPRESSIONS if any(label == name for _, label in runs)]
    model_name = str(args.model or "assets") + (" out-of-fold" if fold_models is not None else "")
    report = {"data": str(args.data), "model": model_name, "images": len(runs),
              "face_found": found / total, "calibrated": baseline["active"], "calibration": baseline,
              "levels_from": "model.json" if points["normal"].measured else "settings.py defaults",
              "levels": {}, "summary": {}}
    for name, level in LEVELS.items():
        point = points[name]
        table = rates(runs, classes, point, level.hold_seconds)
        report["levels"][name] = table
        report["summary"][name] = level_summary(table)
        print_table(f"{name}: {report['levels_from']} thresholds, top class required: {point.require_top}, "
                    f"hold {level.hold_seconds} s, within {args.seconds} s", table, point)
    if args.sweep:
        report["sweep"] = sweep(runs, classes)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    append_result(report)
    return 0


def fold_classifiers(run_dirs: list[Path], data: Path) -> dict:
    """Person -> the classifier of the fold run that held that person out of `data` (training/crossval.py)."""
    from training.crossval import fold_of_run, fold_runtime
    from training.datasets.cache import default_cache_dir
    from training.datasets.posed import load_posed
    from training.export import read_run
    from training.suite import default_datasets_root, suite_parts

    cache = default_cache_dir()
    ferplus = next((part.split for part in suite_parts(default_datasets_root(), cache) if part.key == "ferplus"), None)
    chosen = {}
    for run_dir in run_dirs:
        config = read_run(run_dir)[1]
        folds = fold_of_run(config)
        runtime = fold_runtime(run_dir, config, cache, ferplus)
        for name in load_posed(Path(data), "validation", cache, folds).names:
            chosen[subject_of(str(name))] = runtime
    print(f"out of fold: {len(run_dirs)} fold models, {len(chosen)} people each judged by the one that never saw them")
    return chosen


def apply_baseline(mode: str, runs, reference) -> dict:
    """Apply the chosen calm-face baseline; prints what it did and returns it with the runs."""
    if mode == "subject":
        counts, runs = baseline_per_subject(runs, reference)
        print(f"calm-face baseline: {counts['subjects']} people on their own neutral photo (then left out)"
              + (f"; {counts['fallback']} without one fell back to the dataset's first neutral images"
                 if counts["fallback"] else ""))
        return {"mode": mode, **counts, "active": counts["subjects"] > 0, "runs": runs}
    if mode == "first":
        baseline, runs = baseline_from_neutral(runs, reference)
        if baseline.active:
            print(f"calm-face baseline from {BASELINE_IMAGES} neutral images ({baseline.frames_used} "
                  "frames), then left out")
        else:
            print("calm-face baseline: no neutral images in this data, none applied")
        return {"mode": mode, "active": baseline.active, "runs": runs}
    return {"mode": "none", "active": False, "runs": runs}


def append_result(report: dict) -> None:
    """One line per run in benchmarks/results/judge.jsonl, so figures can be compared over time."""
    from results_log import append_run, previous_run  # beside this script (tests import this module without it)

    line = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), **{k: report[k] for k in ("data", "model", "images",
                                                                                 "calibrated", "levels_from")},
            "calibration": {k: v for k, v in report["calibration"].items() if k != "runs"},
            "summary": report["summary"], "levels": report["levels"]}
    previous = previous_run(RESULTS, lambda row: Path(row.get("data", "")).name == Path(report["data"]).name
                            and "summary" in row)
    if previous:
        print(f"\nprevious run on this data ({previous.get('date', '?')}): normal level mean true pass "
              f"{previous['summary']['normal']['mean_true_pass']:.2f}, worst false pass "
              f"{previous['summary']['normal']['worst_false_pass']:.2f}")
    append_run(RESULTS, line)


def sweep(runs, classes) -> list[dict]:
    print(f"\n{'threshold':>9} {'hold':>5} {'mean true':>9} {'mean false':>10} {'worst false':>11}")
    rows = []
    for threshold in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        for hold in (0.5, 1.0, 1.5):
            table = rates(runs, classes, OperatingPoint("sweep", {name: threshold for name in classes}), hold)
            true = np.mean([row["true_pass"] for row in table.values()])
            false = [row["false_pass"] for row in table.values()]
            rows.append({"threshold": threshold, "hold": hold, "mean_true": float(true),
                         "mean_false": float(np.mean(false)), "worst_false": float(np.max(false))})
            print(f"{threshold:>9.2f} {hold:>5.1f} {true:>9.2f} {np.mean(false):>10.2f} {np.max(false):>11.2f}")
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
