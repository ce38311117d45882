"""What every dataset loader returns: a `Split` of preprocessed faces with labels, and `DatasetError`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.preprocessing import INPUT_SIZE


class DatasetError(Exception):
    """A dataset problem worth one clear line to the user."""


@dataclass
class Split:
    """Images (N, 48, 48) uint8 and labels (N,) int indexing `classes`."""

    images: np.ndarray
    labels: np.ndarray
    classes: tuple[str, ...] = EXPRESSIONS
    sources: np.ndarray | None = None
    source_names: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    targets: np.ndarray | None = None  # (N, classes) label distributions; None: one-hot of labels
    names: np.ndarray | None = None  # file names (for subject-wise folds)
    repeats: np.ndarray | None = None  # per-image samples per epoch (the dataset's weight); None: 1
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> faces left out on purpose

    def __len__(self) -> int:
        return len(self.labels)

    def target_matrix(self) -> np.ndarray:
        """(N, classes) float32: the label distributions, or one-hot labels when there are none."""
        if self.targets is not None:
            return self.targets.astype(np.float32)
        return np.eye(len(self.classes), dtype=np.float32)[self.labels]

    def repeat_weights(self) -> np.ndarray:
        """(N,) float32: how many times per epoch each image is sampled."""
        return np.ones(len(self), np.float32) if self.repeats is None else self.repeats.astype(np.float32)

    def subset(self, index: np.ndarray) -> Split:
        """The images at `index` (int positions or a boolean mask) with their per-image fields."""
        def pick(array):
            return None if array is None else array[index]

        return Split(self.images[index], self.labels[index], self.classes, pick(self.sources), self.source_names,
                     self.skipped, pick(self.targets), pick(self.names), pick(self.repeats), self.excluded)

    def class_counts(self) -> dict[str, int]:
        """Images per class name (every class, 0 included)."""
        counts = np.bincount(self.labels, minlength=len(self.classes))
        return {name: int(n) for name, n in zip(self.classes, counts, strict=False)}

    def source_counts(self) -> dict[str, int]:
        """Images per source name; empty when the split has no sources."""
        if self.sources is None:
            return {}
        counts = np.bincount(self.sources, minlength=len(self.source_names))
        return {name: int(n) for name, n in zip(self.source_names, counts, strict=False)}


def make_split(images: list, labels: list, skipped: list[str]) -> Split:
    """A Split of EXPRESSIONS from lists of (48, 48) uint8 faces and int labels; no faces give (0, 48, 48)."""
    if images:
        array = np.stack(images)
    else:
        array = np.zeros((0, INPUT_SIZE, INPUT_SIZE), np.uint8)
    return Split(array, np.asarray(labels, dtype=np.int32), skipped=skipped)


def stratified_subset(split: Split, fraction: float, seed: int = 0) -> Split:
    """Keep `fraction` of every class (at least one image each), in a reproducible order.

    Raises DatasetError when `fraction` is not in (0, 1]."""
    if not 0 < fraction <= 1:
        raise DatasetError(f"--subset must be in (0, 1], got {fraction}")
    if fraction == 1:
        return split
    rng = np.random.default_rng(seed)
    keep = []
    for label in np.unique(split.labels):
        members = np.flatnonzero(split.labels == label)
        count = max(1, int(round(len(members) * fraction)))
        keep.append(rng.choice(members, count, replace=False))
    index = np.sort(np.concatenate(keep))
    return split.subset(index)
