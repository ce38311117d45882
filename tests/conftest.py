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


# FER+ columns: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF
FERPLUS_ROWS = [
    ("fer0.png", [6, 2, 0, 0, 0, 0, 0, 2, 0, 0]),  # contempt votes are dropped: 6/8 neutral
    ("fer1.png", [0, 10, 0, 0, 0, 0, 0, 0, 0, 0]),
    ("fer2.png", [1, 0, 0, 0, 0, 0, 0, 0, 4, 5]),  # mostly unknown / not a face: skipped, counted
    ("fer3.png", [0, 0, 3, 0, 0, 0, 7, 0, 0, 0]),
]


def make_ferplus(root, rows=FERPLUS_ROWS, broken_line: str | None = None):
    rng = np.random.default_rng(0)
    for split in ("FER2013Train", "FER2013Valid"):
        folder = root / split
        folder.mkdir(parents=True)
        lines = []
        for index, (name, votes) in enumerate(rows):
            cv2.imwrite(str(folder / name), synthetic_face(index % 7, rng))
            lines.append(f'{name},"(0, 0, 48, 48)",' + ",".join(str(v) for v in votes))
        if broken_line is not None:
            lines.insert(1, broken_line)
        (folder / "label.csv").write_text("\n".join(lines) + "\n")
    return root


def make_posed(root, subjects=("S010", "S012", "S014", "S016"), per_subject=3):
    rng = np.random.default_rng(1)
    for label, name in enumerate(("angry", "happy", "surprise")):
        folder = root / name
        folder.mkdir(parents=True)
        for subject in subjects:
            for frame in range(per_subject):
                cv2.imwrite(str(folder / f"{subject}_00{label}_0000001{frame}.png"), synthetic_face(label, rng))
    return root



def make_suite(root: Path) -> Path:
    """A tiny stand-in for ../shared/datasets: fer2013/, ferplus/ and ckplus-dev/."""
    make_class_folders(root / "fer2013" / "train", per_class=2, seed=5)
    make_class_folders(root / "fer2013" / "validation", per_class=2, seed=6)
    make_ferplus(root / "ferplus")
    make_posed(root / "ckplus-dev")
    return root


@pytest.fixture(autouse=True)
def no_real_speech_engine(request, monkeypatch):
    """Windows in Qt tests find a machine without speech engines unless the test gives its own (ui/speech.py
    `qt_engines`; the speech tests do): what the test machine has installed must not change what a test
    sees, and a real engine starting in the speech thread can deadlock against a window being built
    (a PySide lock-order problem, docs/reliability.md "Read-aloud")."""
    if "qtbot" in request.fixturenames:
        from actor_trainer.ui import speech

        monkeypatch.setattr(speech, "qt_engines", lambda: ([], None))
