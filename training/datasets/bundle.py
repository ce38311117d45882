"""The .npz bundle of both splits that `python -m training pack` writes, for moving data to another machine.

It holds `train_images`, `train_labels`, `validation_images`, `validation_labels` and, for datasets with
vote distributions (FER+), `train_targets` / `validation_targets`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from training.datasets.cache import savez_atomic
from training.datasets.split import DatasetError, Split


def write_bundle(splits: dict[str, Split], path: Path) -> None:
    """Write each split's images (N, 48, 48) uint8, labels (N,) and targets (N, 7) if any to one .npz."""
    arrays = {}
    for name, split in splits.items():
        arrays[f"{name}_images"], arrays[f"{name}_labels"] = split.images, split.labels
        if split.targets is not None:
            arrays[f"{name}_targets"] = split.targets
    savez_atomic(path, **arrays)


def load_bundle(path: Path, split: str) -> Split:
    """One split of a bundle. Raises DatasetError when the file is missing or holds no such split (a
    single folder's cache file is not a bundle)."""
    if not path.exists():
        raise DatasetError(f"dataset file does not exist: {path}")
    with np.load(path) as bundle:
        if f"{split}_images" not in bundle:
            raise DatasetError(f"{path} holds no '{split}' split (make one with `python -m training pack`)")
        targets = bundle[f"{split}_targets"] if f"{split}_targets" in bundle else None
        return Split(bundle[f"{split}_images"], bundle[f"{split}_labels"].astype(np.int32), targets=targets)
