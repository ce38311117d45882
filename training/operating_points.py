"""Operating points: for every expression and level, the lowest threshold whose false passes stay
within the level's budget on development data the model did not train on.

Each development face becomes a few seconds of webcam-like frames: jittered copies of the crop (small
shifts, rotation, scale and lighting changes) in random order, with some frames where the face is lost.
The app's classifier (int8 file, flip average, temperature) judges every frame, the game's smoothing
runs over them, and the game's judge decides when a target would pass. A *false pass* is a pass of an
expression the face does not show; a *true pass* is a pass of the one it shows. The judge is replayed for
a whole grid of thresholds at once (`pass_times`, checked against actor_trainer.play.judge.Judge in the tests).

Budgets per level (the share of other expressions' faces that may pass): easy 0.10, normal 0.05,
hard 0.02; the threshold must keep within the budget on every development dataset separately.
Children (CAFE held-out children) are judged as the game judges them: each child's own neutral photo
gives the calm-face baseline (actor_trainer.play.baseline) for that child's other photos.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from actor_trainer.play.judge import DIP_TOLERANCE, MAX_FRAME_GAP
from actor_trainer.settings import LEVELS
from actor_trainer.vision.smoothing import DEFAULT_TIME_CONSTANT

LEVEL_BUDGETS = {"easy": 0.10, "normal": 0.05, "hard": 0.02}
FPS = 15
WINDOW_SECONDS = 5.0  # how long a face is given to pass (or to falsely pass)
VARIANTS = 12  # jittered copies of each face, shown in random order
NO_FACE_SHARE = 0.08
OOF_FILE = "oof.npz"  # training/crossval.py writes both into its --out folder
SUMMARY_FILE = "crossval.json"
GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


@dataclass
class DevSet:
    """Smoothed probability streams (S, T, C) of one development dataset (NaN rows: no face) and labels."""

    name: str
    streams: np.ndarray
    labels: np.ndarray


def jittered(face: np.ndarray, rng: np.random.Generator, count: int = VARIANTS) -> np.ndarray:
    """`count` slightly moved, turned, scaled and relit copies of one 48x48 face (the first unchanged),
    each standardised again as the app's preprocessing would."""
    from actor_trainer.vision.preprocessing import standardise
    from training.augment import random_affine

    copies = [face]
    for _ in range(count - 1):
        moved = random_affine(face, rng, max_rotation=6.0, max_scale=0.06, max_shift=0.04).astype(np.float32)
        relit = np.clip(moved * rng.uniform(0.85, 1.15) + rng.uniform(-15, 15), 0, 255).astype(np.uint8)
        copies.append(standardise(relit))
    return np.stack(copies)


def smoothed_streams(frame_probs: np.ndarray, present: np.ndarray, fps: float = FPS,
                     time_constant: float = DEFAULT_TIME_CONSTANT) -> np.ndarray:
    """The game's exponential smoothing over (S, T, C) per-frame probabilities; it restarts after a lost face
    (as the pipeline's smoother does), and frames without a face come back as NaN rows."""
    alpha = 1.0 - np.exp(-(1.0 / fps) / time_constant)
    out = np.full(frame_probs.shape, np.nan)
    value = frame_probs[:, 0].astype(np.float64)
    fresh = np.ones(len(frame_probs), dtype=bool)
    for t in range(frame_probs.shape[1]):
        current = frame_probs[:, t].astype(np.float64)
        value = np.where(fresh[:, None], current, value + alpha * (current - value))
        seen = present[:, t]
        out[seen, t] = value[seen]
        fresh = ~seen
    return out


def dev_streams(predict, faces: np.ndarray, rng: np.random.Generator, seconds: float = WINDOW_SECONDS,
                fps: float = FPS) -> np.ndarray:
    """(S, T, C) smoothed streams for S faces; `predict` maps (N, 48, 48) uint8 to probabilities."""
    frames = int(seconds * fps)
    streams = []
    for start in range(0, len(faces), 256):
        chunk = faces[start:start + 256]
        variants = np.concatenate([jittered(face, rng) for face in chunk])
        probs = np.asarray(predict(variants), dtype=np.float64).reshape(len(chunk), VARIANTS, -1)
        order = rng.integers(0, VARIANTS, (len(chunk), frames))
        order[:, 0] = 0
        present = rng.random((len(chunk), frames)) >= NO_FACE_SHARE
        per_frame = np.take_along_axis(probs, order[:, :, None], axis=1)
        streams.append(smoothed_streams(per_frame, present, fps))
    return np.concatenate(streams)


def pass_times(streams: np.ndarray, target: int, thresholds: np.ndarray, hold_seconds: float,
               require_top: bool = True, fps: float = FPS, dip_tolerance: float = DIP_TOLERANCE) -> np.ndarray:
    """Seconds until actor_trainer.play.judge.Judge would pass `target` in each stream at each threshold
    (S, G); inf when it never does. The same arithmetic as Judge.update, vectorised."""
    count, frames = streams.shape[:2]
    shape = (count, len(thresholds))
    held, below = np.zeros(shape), np.zeros(shape)
    passed_at = np.full(shape, np.inf)
    for t in range(frames):
        dt = 0.0 if t == 0 else min(max(t / fps - (t - 1) / fps, 0.0), MAX_FRAME_GAP)
        probs = streams[:, t]
        face = ~np.isnan(probs[:, 0])
        value = np.nan_to_num(probs[:, target])
        meets = (value[:, None] >= thresholds[None, :]) & face[:, None]
        if require_top:
            others = np.nan_to_num(np.delete(probs, target, axis=1)).max(axis=1)
            meets &= (value > others)[:, None]
        active = np.isinf(passed_at)
        held = np.where(active & meets, held + dt, held)
        below = np.where(active & meets, 0.0, np.where(active, below + dt, below))
        held = np.where(active & ~meets & (below > dip_tolerance), 0.0, held)
        newly = active & meets & (held >= hold_seconds)
        passed_at = np.where(newly, t / fps, passed_at)
    return passed_at


def level_rates(dev: DevSet, target: int, thresholds: np.ndarray, hold: float, require_top: bool) -> tuple:
    """(true pass, false pass, median seconds of true passes) per threshold for one dataset."""
    times = pass_times(dev.streams, target, thresholds, hold, require_top)
    own = dev.labels == target
    passed = np.isfinite(times)
    true = passed[own].mean(axis=0) if own.any() else np.full(len(thresholds), np.nan)
    false = passed[~own].mean(axis=0) if (~own).any() else np.zeros(len(thresholds))
    medians = np.array([np.median(times[own, g][passed[own, g]]) if passed[own, g].any() else np.nan
                        for g in range(len(thresholds))]) if own.any() else np.full(len(thresholds), np.nan)
    return true, false, medians


def choose_thresholds(devs: list[DevSet], classes, level: str, require_top: bool,
                      constrain: tuple[str, ...] | None = None) -> tuple[dict, dict]:
    """(expression -> threshold, expression -> {dataset: {true_pass, false_pass, median_seconds}}) for one level.

    The lowest grid threshold whose false passes stay within the level's budget on each dataset named in
    `constrain` (default: all)."""
    budget, hold = LEVEL_BUDGETS[level], LEVELS[level].hold_seconds
    thresholds, figures = {}, {}
    for index, expression in enumerate(classes):
        rates = {dev.name: level_rates(dev, index, GRID, hold, require_top) for dev in devs}
        allowed = np.ones(len(GRID), dtype=bool)
        for dev in devs:
            if constrain is None or dev.name in constrain:
                allowed &= rates[dev.name][1] <= budget
        chosen = int(np.argmax(allowed)) if allowed.any() else len(GRID) - 1
        thresholds[expression] = float(GRID[chosen])
        figures[expression] = {name: {"true_pass": _number(true[chosen]), "false_pass": _number(false[chosen]),
                                      "median_seconds": _number(median[chosen])}
                               for name, (true, false, median) in rates.items()}
    return thresholds, figures


def _number(value) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)


def measure_levels(devs: list[DevSet], classes, constrain: tuple[str, ...] | None = None) -> dict:
    """model.json's "levels": per level, whichever of require_top on/off passes more of the faces' own
    expressions (mean true pass over expressions and datasets) at the same budget, with the figures."""
    levels = {}
    for level in LEVEL_BUDGETS:
        options = {}
        for require_top in (True, False):
            thresholds, figures = choose_thresholds(devs, classes, level, require_top, constrain)
            trues = [row["true_pass"] for per_set in figures.values() for row in per_set.values()
                     if row["true_pass"] is not None]
            options[require_top] = (float(np.mean(trues)) if trues else 0.0, thresholds, figures)
        best = max(options, key=lambda flag: (options[flag][0], flag))
        mean_true, thresholds, figures = options[best]
        levels[level] = {"false_pass_budget": LEVEL_BUDGETS[level], "hold_seconds": LEVELS[level].hold_seconds,
                         "require_top": best, "thresholds": thresholds, "measured": figures,
                         "mean_true_pass": {"require_top": round(options[True][0], 4),
                                            "any_rank": round(options[False][0], 4)}}
    return levels


def detected_faces(folder: Path, classes) -> tuple[np.ndarray, np.ndarray]:
    """48x48 faces found in full photos (class folders) by the game's own detector and crop, with labels."""
    import cv2

    from actor_trainer.labels import canonical_expression
    from actor_trainer.vision.faces import face_input, make_detector

    detector, faces, labels = make_detector(), [], []
    for class_dir in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
        expression = canonical_expression(class_dir.name)
        if expression not in classes:
            continue
        for path in sorted(class_dir.iterdir()):
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            boxes = detector.detect(image) if image is not None else []
            if boxes:
                faces.append(face_input(image, max(boxes, key=lambda box: box[2] * box[3])))
                labels.append(list(classes).index(expression))
    return np.array(faces, dtype=np.uint8).reshape(-1, 48, 48), np.array(labels, dtype=np.int64)


PHOTOS_FOLDER = "photos-dev"


FRAME_SIZE = (480, 360)  # a webcam-like frame around each development face, as benchmarks/judge.py uses
FACE_HEIGHT = 170


def game_crops(faces: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """What the game's crop makes of each 48x48 face: the face enlarged into a webcam-sized frame, found
    by the game's detector (BlazeFace) and cropped as the game crops (eye-levelled, the app's margin; the
    dataset's own crop when none is found), so thresholds are measured on the framing the game feeds the model."""
    import cv2

    from actor_trainer.vision.faces import face_input, make_detector

    detector = make_detector()
    width, height = FRAME_SIZE
    crops = []
    for face in faces:
        background = cv2.GaussianBlur(rng.normal(120, 25, (height, width)).clip(0, 255).astype(np.uint8), (0, 0), 6)
        side = FACE_HEIGHT
        big = cv2.resize(face, (side, side), interpolation=cv2.INTER_LINEAR)
        y, x = (height - side) // 2, (width - side) // 2
        background[y:y + side, x:x + side] = big
        boxes = detector.detect(background)
        crops.append(face_input(background, max(boxes, key=lambda b: b[2] * b[3])) if boxes else face)
    return np.stack(crops) if crops else faces


# Suite datasets whose crops are the game's own already (training/crops.py): no second "-game" crop.
GAME_CROPPED = ("cafe",)
# People datasets whose neutral photo gives each person's calm-face baseline, as the game's does.
BASELINE_PER_SUBJECT = ("cafe",)


def baseline_per_subject(dev: DevSet, subjects: list[str], classes, reference=None) -> DevSet:
    """Each subject's first neutral stream gives the calm-face baseline (actor_trainer.play.baseline.fit_baseline)
    for that subject's other streams, and is left out; subjects without a neutral stream are left as they are."""
    from actor_trainer.play.baseline import fit_baseline

    neutral = list(classes).index("neutral") if "neutral" in classes else None
    own: dict[str, int] = {}
    for index, (label, subject) in enumerate(zip(dev.labels, subjects, strict=True)):
        if label == neutral:
            own.setdefault(subject, index)
    streams, keep = dev.streams.copy(), np.ones(len(dev.labels), dtype=bool)
    for subject, index in own.items():
        frames = dev.streams[index][~np.isnan(dev.streams[index][:, 0])]
        weights = fit_baseline([dict(zip(classes, row, strict=True)) for row in frames.tolist()], reference).weights
        if not weights:
            continue
        vector = np.array([weights[name] for name in classes])
        members = np.array([s == subject for s in subjects])
        weighted = streams[members] * vector
        streams[members] = weighted / weighted.sum(axis=-1, keepdims=True)
        keep[index] = False
    return DevSet(dev.name, streams[keep], dev.labels[keep])


def dev_sets(runtime, parts, root: Path, rng: np.random.Generator, reference=None) -> list[DevSet]:
    """Streams of the suite's FER+ validation, CK+ and CAFE (held-out) faces, each both as the dataset crops
    them and as the game's detector and crop frame them (named KEY-game; CAFE is game-cropped already),
    and of photos-dev's detected faces; CAFE's children are corrected by their own neutral photo's baseline."""
    from training.datasets.posed import subject_of
    from training.evaluate import predict_in_batches
    from training.suite import relabel

    classes = list(runtime.classes)
    devs = []
    for part in parts:
        if part.key == "fer2013":
            continue  # the same images as FER+ validation, with the noisier single labels
        images, labels, _ = relabel(part.split, classes)
        variants = [(part.key, images)]
        if part.key not in GAME_CROPPED:
            variants.append((f"{part.key}-game", game_crops(images, rng)))
        for name, faces in variants:
            dev = DevSet(name, dev_streams(lambda x: predict_in_batches(runtime, x), faces, rng), labels)
            if part.key in BASELINE_PER_SUBJECT and part.split.names is not None:
                known = [n for n, label in zip(part.split.names, part.split.labels, strict=True)
                         if part.split.classes[label] in classes]
                dev = baseline_per_subject(dev, [subject_of(str(n)) for n in known], classes, reference)
            devs.append(dev)
    photos = Path(root) / PHOTOS_FOLDER
    if photos.is_dir():
        faces, labels = detected_faces(photos, classes)
        if len(faces):
            devs.append(DevSet("photos", dev_streams(lambda x: predict_in_batches(runtime, x), faces, rng), labels))
    return devs


def out_of_fold_devs(oof: dict[str, dict[str, np.ndarray]], classes, reference=None) -> list[DevSet]:
    """Development sets from cross-validation's out-of-fold streams (training/crossval.py `oof.npz`): every
    person's frames were judged by the fold model that never saw them, so thresholds chosen on these are
    cross-fitted. CAFE's children get their own calm-face baseline, as in `dev_sets`."""
    devs = []
    for key, arrays in sorted(oof.items()):
        if "streams" not in arrays or not len(arrays["labels"]):
            continue
        dev = DevSet(f"{key}-oof", arrays["streams"], arrays["labels"].astype(np.int64))
        if key in BASELINE_PER_SUBJECT:
            dev = baseline_per_subject(dev, [str(s) for s in arrays["subjects"]], classes, reference)
        devs.append(dev)
    return devs


def load_oof(path: Path) -> dict[str, dict[str, np.ndarray]]:
    """oof.npz back as {dataset key: {probs, labels, subjects, folds[, streams]}}."""
    with np.load(path) as data:
        keys = {name.split("_", 1)[0] for name in data.files if name != "classes"}
        return {key: {name.split("_", 1)[1]: data[name] for name in data.files if name.startswith(key + "_")}
                for key in keys}
