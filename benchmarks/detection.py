"""Face detection in webcam-like frames: found, right face, expression, and the pipeline's speed.

    python benchmarks/detection.py [--model DIR] [--data ../shared/datasets] [--per-source 80] [--no-save]

Faces from cafe-dev (children), photos-dev and yale-faces-dev are pasted (soft-edged) into varied
640x480 frames (gradients, blurred noise, furniture-like blocks) under these conditions:

    upright      face 130-220 px high, near the middle
    tilt15/30    the same, turned 15 or 30 degrees in the image plane (left or right)
    small        face about 85 px high
    dim          40 % exposure with sensor noise (should still be judged)
    dark         20 % exposure with sensor noise (should be refused as too dark, not judged)
    edge         the face near the middle, a 1.4x larger photos-dev face at the frame's left or right edge

and, with the default detector only, what gets in the way (the same faces; `clean` is the upright frame):

    backlit      a bright window behind (room 215-250), the face at 25-50 % exposure with glare
    covered      a hand (skin-toned, fingers as lines), a mask or a scarf over the mouth
    fingers      fingers spread across the mouth (skin-toned bars, upright or slanted; no palm)
    scarf        a patterned scarf (checks, diagonal or upright stripes in two colours) up to the nose
    brows        the brows hidden: a fringe of hair (black to fair, strands, a jagged edge), a hat band (flat,
                 striped or knitted, any colour) or a cap's dark band, its lower edge 0.1-0.22 eye distances
                 above the eyes (where BlazeFace puts them on the clean frame)
    glare        a lamp on glasses: a bright oval (gray 225-255, 70-100 % opaque, soft edge) over one or both
                 eyes, with or without a thin frame drawn round the lenses
    too_close    the face 1.4-1.7 x the frame's height, forehead and chin cut off
    blur         the upright frame blurred: out of focus (Gaussian) or moving (a 9-17 px streak)
    4k           the upright frame scaled up 4.5x into a 3840x2160 frame (a 4K webcam)

Per condition: `found`, `message` (the share of frames with a camera message, and the most common one),
`held` (judged with the same expression as on the clean frame) and the per-frame cost (CPU ms, p50), and
on the plain, tilted, small and dim frames the share with a camera message (false alarms).

Each frame goes through the app's FramePipeline as `actor-trainer predict` runs it on a still
(fresh search), once with each detector: `before` (the Haar cascade without eyes and the old
largest-and-central pick, as the game shipped before), `haar` (the cascade as the fallback now
runs it: smaller faces, eye landmarks, rotate-and-retry) and `blazeface` (the default). Per
condition: `found` (a face found on the pasted one), `right` (the judged face is the pasted one),
`accuracy` (the judged expression is the label; a miss counts as wrong; cafe-dev and photos-dev
only) and `not_judged`. Speed: every frame of the upright, tilt and small conditions shown 5 times
in a row at 30 fps like a camera, p50/p95 wall ms and process CPU ms per frame. Appends everything
to benchmarks/results/detection.jsonl and prints the previous run's headline figures.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "detection.jsonl"
FRAME_SHAPE = (480, 640)
CONDITIONS = ("upright", "tilt15", "tilt30", "small", "dim", "dark", "edge")
IN_THE_WAY = ("backlit", "covered", "fingers", "scarf", "brows", "glare", "too_close", "blur", "4k")
OVER_THE_FACE = ("fingers", "scarf", "brows", "glare")  # drawn where BlazeFace finds the eyes on the clean frame
PLAIN = ("upright", "tilt15", "tilt30", "small", "dim")  # a camera message on these is a false alarm
FACE_FRACTION = {"cafe-dev": 0.85, "photos-dev": 0.9, "yale-faces-dev": 1 / 1.6}  # face height / photo side


def background(rng: np.random.Generator, shape: tuple[int, int] = FRAME_SHAPE) -> np.ndarray:
    """A varied BGR uint8 room-like frame: a lit gradient, blurred blotches and a few flat blocks."""
    height, width = shape
    xs, ys = np.linspace(0, 1, width)[None, :], np.linspace(0, 1, height)[:, None]
    image = rng.uniform(40, 200) + rng.uniform(-60, 60) * xs + rng.uniform(-60, 60) * ys
    blotches = cv2.GaussianBlur(rng.normal(0, 40, (height // 8, width // 8)).astype(np.float32), (0, 0), 2)
    image = np.repeat((image + cv2.resize(blotches, (width, height)))[:, :, None], 3, axis=2)
    for _ in range(int(rng.integers(2, 6))):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = rng.integers(40, 300, 2)
        cv2.rectangle(image, (x0, y0), (x0 + int(size[0]), y0 + int(size[1])), rng.uniform(20, 235, 3).tolist(), -1)
    return np.clip(image + rng.normal(0, 4, image.shape), 0, 255).astype(np.uint8)


def paste_face(frame: np.ndarray, photo: np.ndarray, centre: tuple[float, float], face_px: float,
               angle: float = 0.0, face_fraction: float = 0.85) -> tuple[float, float, float, float]:
    """Paste a face photo into `frame` (in place) with a soft oval edge, turned `angle` degrees
    (positive: counter-clockwise on screen), so that the face is about `face_px` high around `centre`.
    Returns the face's upright box (x, y, w, h) in frame pixels."""
    side = max(8, int(round(face_px / face_fraction)))
    photo = photo if photo.ndim == 3 else cv2.cvtColor(photo, cv2.COLOR_GRAY2BGR)
    photo = cv2.resize(photo, (side, side), interpolation=cv2.INTER_AREA if side < photo.shape[0] else cv2.INTER_LINEAR)
    mask = np.zeros((side, side), np.float32)
    cv2.ellipse(mask, (side // 2, side // 2), (int(side * 0.48), int(side * 0.5)), 0, 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), side * 0.03 + 0.5)
    big = int(math.ceil(side * 1.5))
    pad = (big - side) // 2
    turn = cv2.getRotationMatrix2D((big / 2, big / 2), angle, 1.0)
    photo = cv2.warpAffine(cv2.copyMakeBorder(photo, pad, big - side - pad, pad, big - side - pad,
                                              cv2.BORDER_CONSTANT), turn, (big, big))
    mask = cv2.warpAffine(cv2.copyMakeBorder(mask, pad, big - side - pad, pad, big - side - pad,
                                             cv2.BORDER_CONSTANT), turn, (big, big))
    cx, cy = centre
    x0, y0 = int(round(cx - big / 2)), int(round(cy - big / 2))
    height, width = frame.shape[:2]
    fx0, fy0, fx1, fy1 = max(0, x0), max(0, y0), min(width, x0 + big), min(height, y0 + big)
    if fx1 > fx0 and fy1 > fy0:
        inside = (slice(fy0 - y0, fy1 - y0), slice(fx0 - x0, fx1 - x0))
        alpha = mask[inside][:, :, None]
        frame[fy0:fy1, fx0:fx1] = (frame[fy0:fy1, fx0:fx1] * (1 - alpha) + photo[inside] * alpha).astype(np.uint8)
    return cx - face_px / 2, cy - face_px / 2, face_px, face_px


def darken(frame: np.ndarray, exposure: float, noise: float, rng: np.random.Generator) -> np.ndarray:
    """The frame at `exposure` (0..1) of its light, with Gaussian sensor noise of `noise` gray levels."""
    dim = frame.astype(np.float32) * exposure + rng.normal(0, noise, frame.shape)
    return np.clip(dim, 0, 255).astype(np.uint8)


def scene(condition: str, photo: np.ndarray, seed: int, face_fraction: float = 0.85,
          other: np.ndarray | None = None) -> tuple[np.ndarray, tuple]:
    """(frame, face box) for one face under `condition` (see the module's docstring)."""
    rng = np.random.default_rng(seed)
    frame = background(rng)
    centre = (rng.uniform(250, 390), rng.uniform(190, 290))
    size = rng.uniform(130, 220)
    angle = 0.0
    if condition.startswith("tilt"):
        angle = float(condition[4:]) * (1 if seed % 2 else -1)
    elif condition == "small":
        size = rng.uniform(80, 90)
    elif condition == "edge":
        size = rng.uniform(110, 150)
    if condition == "edge" and other is not None:
        side = 1 if seed % 2 else -1
        edge_x = FRAME_SHAPE[1] / 2 + side * (FRAME_SHAPE[1] / 2 - rng.uniform(40, 90))
        paste_face(frame, other, (edge_x, rng.uniform(170, 300)), size * 1.4, 0.0, 0.9)
        centre = (rng.uniform(290, 350), centre[1])
    box = paste_face(frame, photo, centre, size, angle, face_fraction)
    if condition == "dim":
        frame = darken(frame, 0.4, 2.0, rng)
    elif condition == "dark":
        frame = darken(frame, 0.2, 3.0, rng)
    return frame, box


def in_the_way(condition: str, photo: np.ndarray, seed: int, face_fraction: float = 0.85) -> np.ndarray:
    """The upright frame of `scene(... seed ...)` with something in the way (see the module's docstring)."""
    rng = np.random.default_rng(seed + 1000)
    frame, _ = scene("upright", photo, seed, face_fraction)
    if condition == "blur":
        if seed % 2:
            return cv2.GaussianBlur(frame, (0, 0), rng.uniform(2.0, 3.5))
        length = int(rng.integers(9, 18))
        streak = np.zeros((length, length), np.float32)
        streak[length // 2] = 1.0 / length
        turn = cv2.getRotationMatrix2D((length / 2, length / 2), rng.uniform(0, 180), 1.0)
        streak = cv2.warpAffine(streak, turn, (length, length))
        return cv2.filter2D(frame, -1, streak / max(streak.sum(), 1e-6))
    if condition in OVER_THE_FACE:
        landmarks = clean_landmarks(frame)
        if landmarks is None:
            return frame
        return {"fingers": fingers_across, "scarf": patterned_scarf, "brows": over_the_brows,
                "glare": glare_on_glasses}[condition](frame, landmarks, rng)
    if condition == "4k":  # 4.5x each way, the 4:3 picture in the middle of a 16:9 frame
        return cv2.copyMakeBorder(cv2.resize(frame, (2880, 2160), interpolation=cv2.INTER_LINEAR), 0, 0, 480, 480,
                                  cv2.BORDER_REPLICATE)
    photo = photo if photo.ndim == 3 else cv2.cvtColor(photo, cv2.COLOR_GRAY2BGR)
    size, centre = rng.uniform(150, 230), (rng.uniform(260, 380), rng.uniform(200, 280))
    if condition == "too_close":
        room = background(rng)
        paste_face(room, photo, (rng.uniform(280, 360), rng.uniform(220, 280)), rng.uniform(1.4, 1.7) * 480, 0.0,
                   face_fraction)
        return room
    if condition == "covered":
        room = background(rng)
        paste_face(room, cover_mouth(photo, rng, face_fraction), centre, size, rng.uniform(-10, 10), face_fraction)
        return room
    window = rng.uniform(215, 250)  # backlit
    room = np.clip(np.full((*FRAME_SHAPE, 3), window, np.float32) + rng.normal(0, 3, (*FRAME_SHAPE, 3)), 0, 255)
    room = room.astype(np.uint8)
    paste_face(room, photo, centre, size, 0.0, face_fraction)
    face = np.zeros(FRAME_SHAPE, np.float32)
    cv2.ellipse(face, (int(centre[0]), int(centre[1])), (int(size * 0.45), int(size * 0.6)), 0, 0, 360, 1.0, -1)
    face = cv2.GaussianBlur(face, (0, 0), size * 0.05)[:, :, None]
    dark = room.astype(np.float32) * rng.uniform(0.25, 0.5) + rng.uniform(10, 35)
    return np.clip(face * dark + (1 - face) * window + rng.normal(0, 2, room.shape), 0, 255).astype(np.uint8)


def cover_mouth(photo: np.ndarray, rng: np.random.Generator, face_fraction: float) -> np.ndarray:
    """The photo with the mouth covered: a skin-toned hand (fingers as darker lines, upright or slanted),
    a plain mask, or a hand in a flat colour; drawn on a copy."""
    photo = photo.copy()
    side = photo.shape[0]
    top = (1 - face_fraction) / 2 * side
    mouth_y, half = int(top + 0.78 * face_fraction * side), int(0.3 * face_fraction * side)
    skin = photo[int(side * 0.4):int(side * 0.6), int(side * 0.3):int(side * 0.7)].reshape(-1, 3).mean(0)
    kind = int(rng.integers(0, 3))
    if kind == 2:  # a mask in its own colour over nose tip to chin
        colour = rng.uniform(90, 250, 3)
        cv2.rectangle(photo, (side // 2 - half - half // 4, mouth_y - half // 2), (side // 2 + half + half // 4,
                      min(side - 1, mouth_y + half)), colour.tolist(), -1)
        return cv2.GaussianBlur(photo, (3, 3), 0)
    colour = skin * rng.uniform(0.85, 1.15) if kind == 0 else rng.uniform(60, 220, 3)
    cv2.ellipse(photo, (side // 2, mouth_y), (half + half // 6, int(half * 0.6)), rng.uniform(-15, 15), 0, 360,
                colour.tolist(), -1)
    slant = int(rng.uniform(-0.3, 0.3) * half)
    for k in range(4):
        x = side // 2 - half + half // 4 + k * half // 2
        cv2.line(photo, (x, mouth_y - half // 2), (x + slant, mouth_y + half // 2), (colour * 0.7).tolist(), 2)
    return cv2.GaussianBlur(photo, (3, 3), 0)


_DETECTOR = []  # BlazeFace, made on first use


def clean_landmarks(frame: np.ndarray) -> np.ndarray | None:
    """BlazeFace's (6, 2) landmarks of the face the game would follow in `frame`, or None."""
    from actor_trainer.vision.faces import FaceTracker, make_detector

    if not _DETECTOR:
        _DETECTOR.append(make_detector("blazeface"))
    tracker = FaceTracker()
    return None if tracker.update(_DETECTOR[0].detect(frame), frame.shape, 0.0) is None else tracker.face.landmarks


def _face_axes(landmarks: np.ndarray):
    """A function (a, b) -> frame pixel (int x, int y): a eye distances along the eye line from the point between
    the eyes, b down from it; and the eye distance in pixels."""
    (lx, ly), (rx, ry) = landmarks[0], landmarks[1]
    distance = math.hypot(rx - lx, ry - ly)
    along = np.array([rx - lx, ry - ly]) / max(distance, 1e-6)
    down, middle = np.array([-along[1], along[0]]), np.array([(lx + rx) / 2, (ly + ry) / 2])

    def at(a: float, b: float) -> tuple[int, int]:
        x, y = middle + distance * (a * along + b * down)
        return int(round(x)), int(round(y))
    return at, distance


HAIR = ((20, 20, 25), (30, 45, 70), (40, 80, 130), (90, 150, 200), (60, 90, 160), (15, 15, 15), (120, 170, 210))


def over_the_brows(frame: np.ndarray, landmarks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The brows hidden: a fringe (strands in a hair colour, a jagged lower edge), a hat band (flat, striped or
    knitted, any colour) or a cap's dark band, down to 0.1-0.22 eye distances above the eyes."""
    at, distance = _face_axes(landmarks)
    low, half = rng.uniform(-0.22, -0.1), rng.uniform(1.0, 1.5)
    kind = int(rng.integers(0, 3))
    if kind == 0:  # a fringe
        out = frame.astype(np.float32)
        colour = np.array(HAIR[int(rng.integers(len(HAIR)))], np.float32) * rng.uniform(0.8, 1.2)
        edge = [at(a, low + rng.uniform(-0.06, 0.06)) for a in np.linspace(-half, half, 14)]
        mask = np.zeros(frame.shape[:2], np.uint8)
        cv2.fillPoly(mask, [np.array([at(-half, -2.0), *edge, at(half, -2.0)], np.int32)], 255)
        hair = np.zeros_like(out)
        hair[:] = colour
        for _ in range(int(distance * 3)):
            a = rng.uniform(-half, half)
            shade = (colour * rng.uniform(0.6, 1.5)).clip(0, 255).tolist()
            cv2.line(hair, at(a + rng.uniform(-0.2, 0.2), -2.0), at(a, low), shade, max(1, int(distance / 30)))
        alpha = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), 1.0)[:, :, None]
        return np.clip(out * (1 - alpha) + hair * alpha, 0, 255).astype(np.uint8)
    out = frame.copy()
    colour = rng.uniform(20, 240, 3) if kind == 1 else rng.uniform(15, 70, 3)
    high = low - rng.uniform(0.5, 1.2)
    cv2.fillPoly(out, [np.array([at(-half, high), at(half, high), at(half, low), at(-half, low)], np.int32)],
                 colour.tolist())
    if kind == 2:  # a cap: its brim a darker band along the lower edge
        cv2.fillPoly(out, [np.array([at(-half, low - 0.15), at(half, low - 0.15), at(half, low), at(-half, low)],
                                    np.int32)], (colour * 0.6).tolist())
    elif rng.integers(0, 2):  # stripes across the band
        for k in range(1, 6):
            b = low + (high - low) * k / 6
            cv2.line(out, at(-half, b), at(half, b), (colour * 0.6).tolist(), max(1, int(distance / 12)))
    else:  # knitted: little slanted stitches
        for a in np.arange(-half, half, 0.12):
            for b in np.arange(high, low, 0.15):
                cv2.line(out, at(a, b), at(a + 0.04, b + 0.1), (colour * 0.75).tolist(), 1)
    return cv2.GaussianBlur(out, (3, 3), 0)


def glare_on_glasses(frame: np.ndarray, landmarks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A lamp shining on glasses: a soft bright oval over one or both eyes, sometimes inside a drawn frame."""
    at, distance = _face_axes(landmarks)
    out = frame.copy()
    if rng.integers(0, 2):  # the glasses' frame
        for a in (-0.5, 0.5):
            cv2.ellipse(out, at(a, 0.0), (int(0.4 * distance), int(0.28 * distance)), 0, 0, 360,
                        rng.uniform(10, 90, 3).tolist(), max(1, int(distance / 25)))
    eyes = (0, 1) if rng.integers(0, 2) else (int(rng.integers(0, 2)),)
    light = np.zeros(frame.shape[:2], np.float32)
    for eye in eyes:
        x, y = landmarks[eye] + rng.uniform(-0.08, 0.08, 2) * distance
        width = rng.uniform(0.22, 0.35) * distance
        cv2.ellipse(light, (int(x), int(y)), (int(width), int(width * rng.uniform(0.5, 0.9))), rng.uniform(-30, 30),
                    0, 360, 1.0, -1)
    light = cv2.GaussianBlur(light, (0, 0), max(0.5, distance * 0.04))[:, :, None] * rng.uniform(0.7, 1.0)
    return np.clip(out * (1 - light) + rng.uniform(225, 255) * light, 0, 255).astype(np.uint8)


def fingers_across(frame: np.ndarray, landmarks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Three or four skin-toned fingers (the cheek's colour, a darker line down each) spread across the mouth."""
    at, distance = _face_axes(landmarks)
    out = frame.copy()
    x, y = at(-0.5, 0.5)
    skin = frame[max(0, y - 2):y + 3, max(0, x - 2):x + 3].reshape(-1, 3).mean(0) * rng.uniform(0.85, 1.15)
    count, width, slant = int(rng.integers(3, 5)), rng.uniform(0.16, 0.24), rng.uniform(-0.3, 0.3)
    for k in range(count):
        a = -0.55 + k * 1.1 / (count - 1)
        cv2.line(out, at(a - slant / 2, 0.6), at(a + slant / 2, 1.6), skin.tolist(), max(2, int(width * distance)))
        cv2.line(out, at(a - slant / 2, 0.6), at(a + slant / 2, 1.6), (skin * 0.75).tolist(), 1)
    return cv2.GaussianBlur(out, (3, 3), 0)


def patterned_scarf(frame: np.ndarray, landmarks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A scarf in two colours (checks, diagonal or upright stripes) from just under the nose to below the chin."""
    at, distance = _face_axes(landmarks)
    out = frame.copy()
    outline = np.array([at(-1.3, rng.uniform(0.55, 0.8)), at(1.3, rng.uniform(0.55, 0.8)), at(1.3, 2.2),
                        at(-1.3, 2.2)], np.int32)
    mask = np.zeros(frame.shape[:2], np.uint8)
    cv2.fillPoly(mask, [outline], 1)
    step = max(3, int(distance * rng.uniform(0.12, 0.3)))
    ys, xs = np.mgrid[:frame.shape[0], :frame.shape[1]]
    kind = int(rng.integers(0, 3))
    pattern = ((xs // step + ys // step) % 2 == 0) if kind == 0 else ((xs + ys) // step % 2 == 0) if kind == 1 \
        else (xs // step % 2 == 0)
    out[mask > 0] = rng.uniform(30, 230, 3)
    out[(mask > 0) & pattern] = rng.uniform(30, 230, 3)
    return cv2.GaussianBlur(out, (3, 3), 0)


def on_face(box, truth) -> bool:
    """A box on the pasted face: centre within 0.35 of the face's size, size within 2x."""
    if box is None:
        return False
    x, y, w, h = box
    tx, ty, tw, th = truth
    return abs(x + w / 2 - tx - tw / 2) < 0.35 * tw and abs(y + h / 2 - ty - th / 2) < 0.35 * th and 0.5 < w / tw < 2


def load_faces(data: Path, per_source: int, seed: int) -> dict[str, list[tuple[np.ndarray, str | None]]]:
    """{source: [(photo, expression or None)]}, a seeded sample of each source."""
    from actor_trainer.labels import canonical_expression
    from actor_trainer.vision.frames import image_files
    from actor_trainer.vision.images import read_image

    rng = np.random.default_rng(seed)
    sources = {}
    for name in FACE_FRACTION:
        files = image_files(data / name)
        if not files:
            continue
        chosen = [files[i] for i in sorted(rng.choice(len(files), min(per_source, len(files)), replace=False))]
        faces = [(read_image(path), canonical_expression(path.parent.name)) for path in chosen]
        if name == "yale-faces-dev":
            faces = [(yale_face(image), None) for image, _ in faces]
        sources[name] = [(image, label if name != "yale-faces-dev" else None) for image, label in faces
                         if image is not None]
    return sources


def yale_face(frame: np.ndarray) -> np.ndarray | None:
    """A Yale full frame cut to the square around its (only) face, 1.6 x the cascade's box."""
    from actor_trainer.vision.faces import HaarDetector, crop_face

    boxes = HaarDetector().detect(frame)
    return crop_face(frame, max(boxes, key=lambda b: b[2] * b[3]), margin=0.3) if boxes else None


def legacy_priority(box, frame_shape) -> float:
    """The pick before this benchmark: area weighted down linearly with the distance from the centre."""
    height, width = frame_shape[:2]
    x, y, w, h = box
    distance = math.hypot(x + w / 2 - width / 2, y + h / 2 - height / 2) / (math.hypot(width, height) / 2)
    return w * h * (1.0 - 0.5 * distance)


def pipelines(classifier) -> dict:
    from actor_trainer.vision.faces import FaceTracker, HaarDetector, PaddedRetry, fallback_haar, make_detector
    from actor_trainer.vision.pipeline import FramePipeline

    return {
        "before": FramePipeline(classifier, PaddedRetry(HaarDetector(eyes=False)),
                                tracker=FaceTracker(priority=legacy_priority)),
        "haar": FramePipeline(classifier, PaddedRetry(fallback_haar())),
        "blazeface": FramePipeline(classifier, make_detector("blazeface")),
    }


def judge_conditions(pipeline, sources, others) -> dict:
    """{source: {condition: {found, right, accuracy, not_judged, n}}} with fresh searches (predict on stills)."""
    table = {}
    for source, faces in sources.items():
        table[source] = {}
        for condition in CONDITIONS:
            counts = {"found": 0, "right": 0, "correct": 0, "not_judged": 0, "labelled": 0, "message": 0}
            messages = {}
            for index, (photo, label) in enumerate(faces):
                other = others[(index * 7 + 3) % len(others)] if condition == "edge" else None
                frame, truth = scene(condition, photo, index, FACE_FRACTION[source], other)
                pipeline.reset()
                result = pipeline.process(frame, 0.0)
                counts["found"] += any(on_face(box, truth) for box in result.faces)
                right = on_face(result.box, truth)
                counts["right"] += right
                counts["not_judged"] += result.box is not None and result.probs is None
                counts["message"] += result.camera is not None
                if result.camera is not None:
                    messages[result.camera] = messages.get(result.camera, 0) + 1
                if label is not None:
                    counts["labelled"] += 1
                    counts["correct"] += bool(right and result.label == label)
            n = len(faces)
            table[source][condition] = {
                "n": n, "found": round(counts["found"] / n, 3), "right": round(counts["right"] / n, 3),
                "not_judged": round(counts["not_judged"] / n, 3), "message": round(counts["message"] / n, 3),
                "messages": messages,
                "accuracy": round(counts["correct"] / counts["labelled"], 3) if counts["labelled"] else None}
    return table


def judge_in_the_way(pipeline, sources) -> dict:
    """{source: {condition: {n, found, message, messages, held, cpu_ms}}}: each face's clean (upright) frame and
    the same face with something in the way, fresh searches as `predict` runs on stills."""
    from collections import Counter

    from results_log import percentiles  # beside this script (tests import this module without it)

    table = {}
    for source, faces in sources.items():
        table[source] = {}
        clean = []
        for index, (photo, _) in enumerate(faces):
            pipeline.reset()
            clean.append(pipeline.process(scene("upright", photo, index, FACE_FRACTION[source])[0], 0.0).label)
        for condition in IN_THE_WAY:
            found = held = 0
            messages, cpu = Counter(), []
            for index, (photo, _) in enumerate(faces):
                frame = in_the_way(condition, photo, index, FACE_FRACTION[source])
                pipeline.reset()
                start = time.process_time()
                result = pipeline.process(frame, 0.0)
                cpu.append((time.process_time() - start) * 1e3)
                found += result.box is not None
                held += result.label is not None and result.label == clean[index]
                messages[result.camera or "none"] += 1
            n = len(faces)
            table[source][condition] = {
                "n": n, "found": round(found / n, 3), "message": round(1 - messages["none"] / n, 3),
                "messages": dict(messages.most_common()), "held": round(held / n, 3),
                "cpu_ms": percentiles(cpu, 2)}
    return table


def stream_speed(pipeline, frames, repeat: int = 5) -> dict:
    """Each frame shown `repeat` times in a row at 30 fps (a camera watching a still child)."""
    from results_log import percentiles  # beside this script (tests import this module without it)

    wall, cpu, clock = [], [], 0.0
    for frame in frames:
        pipeline.reset()
        for _ in range(repeat):
            clock += 1 / 30
            start, start_cpu = time.perf_counter(), time.process_time()
            pipeline.process(frame, clock)
            wall.append((time.perf_counter() - start) * 1e3)
            cpu.append((time.process_time() - start_cpu) * 1e3)
    return {"wall_ms": percentiles(wall, 2), "cpu_ms": percentiles(cpu, 2), "frames": len(wall)}


def checks_cost(frames, repeat: int = 20) -> dict:
    """CPU ms of `visibility.unreadable` (too close, back light, mouth, brows, glare) per frame, on each frame's face as
    BlazeFace finds it, `repeat` times each (it is too quick to time once)."""
    from results_log import percentiles  # beside this script (tests import this module without it)

    from actor_trainer.vision import visibility
    from actor_trainer.vision.faces import FaceTracker, make_detector

    detector, cpu = make_detector("blazeface"), []
    for frame in frames:
        tracker = FaceTracker()
        box = tracker.update(detector.detect(frame), frame.shape, 0.0)
        if box is None:
            continue
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        start = time.process_time()
        for _ in range(repeat):
            visibility.unreadable(gray, box, tracker.face.landmarks, frame)
        cpu.append((time.process_time() - start) / repeat * 1e3)
    return percentiles(cpu, 3)


def print_table(figures: dict) -> None:
    for source in figures["sources"]:
        print(f"\n{source} (n={figures['sources'][source]})   found / right / accuracy / not judged")
        print("condition  " + "".join(f"{name:>30}" for name in figures["detectors"]))
        for condition in CONDITIONS:
            cells = []
            for name in figures["detectors"]:
                c = figures["detectors"][name]["conditions"][source][condition]
                accuracy = "-" if c["accuracy"] is None else f"{c['accuracy']:.2f}"
                cells.append(f"{c['found']:.2f} / {c['right']:.2f} / {accuracy} / {c['not_judged']:.2f}")
            print(f"{condition:<11}" + "".join(f"{cell:>30}" for cell in cells))
    way = figures.get("in_the_way")
    if way:
        print("\nin the way (blazeface): found / message / held / CPU ms p50; the most common message")
        for source, conditions in way.items():
            for condition, c in conditions.items():
                top = max((m for m in c["messages"] if m != "none"), key=c["messages"].get, default="-")
                print(f"  {source:<15}{condition:<10} {c['found']:.2f} / {c['message']:.2f} / {c['held']:.2f} / "
                      f"{c['cpu_ms']['p50']:.1f}   {top}")
        print("false alarms (blazeface, a camera message on a plain, tilted, small or dim frame):")
        for source, conditions in figures["detectors"]["blazeface"]["conditions"].items():
            print(f"  {source:<15}" + "  ".join(f"{c} {conditions[c]['message']:.3f}" for c in PLAIN))
            said = {}
            for c in PLAIN:
                for name, count in conditions[c].get("messages", {}).items():
                    said[name] = said.get(name, 0) + count
            print(f"  {'':<15}messages: {said or 'none'}")
    print("\nwhole pipeline per 640x480 frame, stream (p50 / p95 ms):")
    for name, d in figures["detectors"].items():
        s = d["stream"]
        print(f"  {name:<10} wall {s['wall_ms']['p50']} / {s['wall_ms']['p95']}   "
              f"CPU {s['cpu_ms']['p50']} / {s['cpu_ms']['p95']}")
        if "checks_cpu_ms" in d:
            print(f"  {'':<10} of which the checks of what is in the way: CPU {d['checks_cpu_ms']['p50']} / "
                  f"{d['checks_cpu_ms']['p95']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="model folder, as the app loads it (default: assets)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/datasets")
    parser.add_argument("--per-source", type=int, default=80, help="faces sampled from each source (default 80)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-save", action="store_true", help="do not append to benchmarks/results/detection.jsonl")
    parser.add_argument("--detectors", default="before,haar,blazeface",
                        help="comma-separated detectors to measure (default all three; blazeface adds 'in the way')")
    args = parser.parse_args()

    from results_log import append_run, previous_run  # beside this script (tests import this module without it)

    from actor_trainer.vision.classifier import ExpressionClassifier

    sources = load_faces(args.data, args.per_source, args.seed)
    if not sources:
        parser.error(f"no faces found under {args.data}")
    others = [photo for photo, _ in sources.get("photos-dev", next(iter(sources.values())))]
    classifier = ExpressionClassifier.load(args.model)
    speed_frames = [scene(c, photo, i, FACE_FRACTION[s])[0] for s, faces in sources.items()
                    for i, (photo, _) in enumerate(faces[:6]) for c in ("upright", "tilt15", "tilt30", "small")]
    load_before = os.getloadavg()[0]
    detectors = {}
    way = None
    for name, pipeline in pipelines(classifier).items():
        if name not in args.detectors.split(","):
            continue
        detectors[name] = {"conditions": judge_conditions(pipeline, sources, others),
                           "stream": stream_speed(pipeline, speed_frames)}
        if name == "blazeface":
            way = judge_in_the_way(pipeline, sources)
            detectors[name]["checks_cpu_ms"] = checks_cost(speed_frames)
    figures = {"when": time.strftime("%Y-%m-%d %H:%M:%S"),
               "machine": f"{platform.processor() or platform.machine()} x{os.cpu_count()}",
               "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
               "model": str(args.model or "assets"), "sources": {s: len(f) for s, f in sources.items()},
               "detectors": detectors, "in_the_way": way}
    print_table(figures)
    before = previous_run(RESULTS)
    if before:
        print("\nprevious run:", before["when"], "load", before["load_average_1min"],
              {name: d["stream"]["cpu_ms"] for name, d in before["detectors"].items()})
    if not args.no_save:
        append_run(RESULTS, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
