"""Checks of how a model holds up in a real room: the same faces dimmed or tilted.

Each perturbation takes the (N, 48, 48) uint8 crops `preprocess_face` made and returns what the app
would hand the model for the same face in worse conditions: the change is applied to the crop's
pixels, and the crop is standardised again by the app's own `preprocessing.standardise`.
- `dim`: exposure x0.35 with Gaussian sensor noise (sigma 4 on the 0..255 scale), quantised to 8 bits,
  as in ../shared/cases/dim-light (a face at about a third of normal exposure).
- `tilt`: the face rotated in the image plane by +20 degrees (even-numbered images) or -20 degrees (odd).
"""

from __future__ import annotations

import cv2
import numpy as np

from actor_trainer.vision.preprocessing import standardise

DIM_EXPOSURE = 0.35
DIM_NOISE_SIGMA = 4.0
TILT_DEGREES = 20.0


def dim(images: np.ndarray, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    dark = images.astype(np.float32) * DIM_EXPOSURE + rng.normal(0.0, DIM_NOISE_SIGMA, images.shape)
    dark = np.clip(np.rint(dark), 0, 255).astype(np.uint8)
    return np.stack([standardise(image) for image in dark]) if len(images) else images


def tilt(images: np.ndarray, seed: int = 0) -> np.ndarray:
    out = []
    for index, image in enumerate(images):
        size = image.shape[0]
        angle = TILT_DEGREES if index % 2 == 0 else -TILT_DEGREES
        matrix = cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), angle, 1.0)
        rotated = cv2.warpAffine(image, matrix, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        out.append(standardise(rotated))
    return np.stack(out) if out else images


PERTURBATIONS = {"dim": dim, "tilt": tilt}


def perturb(images: np.ndarray, kind: str, seed: int = 0) -> np.ndarray:
    """(N, 48, 48) uint8 -> the same shape under perturbation `kind` (see PERTURBATIONS).
    Raises ValueError for an unknown kind."""
    if kind not in PERTURBATIONS:
        raise ValueError(f"unknown perturbation {kind!r} (use {', '.join(PERTURBATIONS)})")
    return PERTURBATIONS[kind](np.asarray(images, np.uint8), seed)
