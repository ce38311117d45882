"""Shared fixtures: tiny generated datasets and the optional ../shared datasets."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from actor_trainer.labels import EXPRESSIONS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_datasets_dir() -> Path:
    return Path(os.environ.get("ACTOR_TRAINER_DATA", REPO_ROOT.parent / "shared" / "datasets"))


@pytest.fixture
def shared_datasets() -> Path:
    """../shared/datasets, or skip the test cleanly when it is not there."""
    root = shared_datasets_dir()
    if not root.is_dir():
        pytest.skip(f"shared datasets not found at {root}")
    return root


def synthetic_face(label: int, rng: np.random.Generator, size: int = 48) -> np.ndarray:
    """A face-like pattern whose mouth shape depends on the class, so tiny models can learn it."""
    image = np.full((size, size), 90, np.uint8)
    cv2.ellipse(image, (size // 2, size // 2), (size // 3, size * 2 // 5), 0, 0, 360, 180, -1)
    for eye_x in (size // 3, size * 2 // 3):
        cv2.circle(image, (eye_x, size * 2 // 5), size // 16 + 1, 40, -1)
    mouth_y = size * 2 // 3
    cv2.ellipse(image, (size // 2, mouth_y), (size // 6, 2 + label), 0, 0, 180 + 25 * label, 30, 2)
    noise = rng.normal(0, 6, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def make_class_folders(root: Path, per_class: int = 4, classes=EXPRESSIONS, seed: int = 0,
                       size: int = 48, colour: bool = False) -> Path:
    rng = np.random.default_rng(seed)
    for label, name in enumerate(EXPRESSIONS):
        if name not in classes:
            continue
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            image = synthetic_face(label, rng, size)
            if colour:
                image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
            cv2.imwrite(str(folder / f"{name}_{index}.png"), image)
    return root


@pytest.fixture
def tiny_dataset(tmp_path) -> Path:
    """A Kaggle-layout dataset root: train/ and validation/ with a few images per class."""
    root = tmp_path / "tiny"
    make_class_folders(root / "train", per_class=6, seed=1)
    make_class_folders(root / "validation", per_class=3, seed=2)
    return root
