"""`--data` entries: a path (and weight) to the loader its layout needs, several merged into one Split, and
`pack`'s bundle of a dataset's two splits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from training.datasets.bundle import load_bundle, write_bundle
from training.datasets.fer2013_csv import load_csv
from training.datasets.ferplus import FERPLUS_SPLITS, find_ferplus_split, is_ferplus, load_ferplus_folder
from training.datasets.folders import find_split_dir, is_unsplit_class_folder, load_folder
from training.datasets.posed import Folds, load_posed
from training.datasets.split import DatasetError, Split


@dataclass(frozen=True)
class DataSpec:
    """One `--data` entry: a dataset path and how many times per epoch its images are sampled."""

    path: Path
    weight: float = 1.0

    def __str__(self) -> str:
        return str(self.path) if self.weight == 1 else f"{self.path}:{self.weight:g}"


def parse_data_spec(text: str | Path) -> DataSpec:
    """`DIR` or `DIR:WEIGHT` (WEIGHT > 0, e.g. ckplus-dev:10). Raises DatasetError for a weight of 0."""
    text = str(text)
    head, _, tail = text.rpartition(":")
    if head and re.fullmatch(r"\d+(\.\d*)?|\.\d+", tail):
        weight = float(tail)
        if weight <= 0:
            raise DatasetError(f"--data {text}: the weight after ':' must be above 0")
        return DataSpec(Path(head), weight)
    return DataSpec(Path(text))


def load_split(root: Path, split: str, cache_dir: Path | None = None, folds: Folds | None = None) -> Split:
    """Load `split` from a dataset root, a FER+ root, a class-folder folder, an .npz bundle or a FER2013 CSV.

    Raises DatasetError when the path is missing or has no such split."""
    root = Path(root)
    if root.suffix.lower() == ".csv":
        if not root.exists():
            raise DatasetError(f"dataset file does not exist: {root}")
        return load_csv(root, split)
    if root.suffix.lower() == ".npz":
        return load_bundle(root, split)
    if is_ferplus(root):
        folder = find_ferplus_split(root, split)
        if folder is None:
            raise DatasetError(f"no FER+ '{split}' split ({', '.join(FERPLUS_SPLITS[split])}) under {root}")
        return load_ferplus_folder(folder, cache_dir)
    if is_unsplit_class_folder(root) and (split == "train" or folds is not None):
        return load_posed(root, split, cache_dir, folds)
    return load_folder(find_split_dir(root, split), cache_dir)


def load_training_part(root: Path, split: str, cache_dir: Path | None, folds: Folds | None) -> Split:
    """As `load_split`, except that an unsplit (posed) folder gives no validation images unless subjects
    are held out: its images are training images."""
    if is_unsplit_class_folder(Path(root)):
        return load_posed(Path(root), split, cache_dir, folds)
    return load_split(root, split, cache_dir, folds)


def load_sources(specs, split: str, cache_dir: Path | None = None, folds: Folds | None = None) -> Split:
    """Load and merge several datasets (paths, `DIR:WEIGHT` texts or DataSpecs); classes merge by name,
    images are counted per source, every image keeps a target distribution, and training images are
    sampled their dataset's weight times per epoch. A dataset without a validation part adds none.

    Raises DatasetError when the datasets together hold no image of `split`."""
    specs = [spec if isinstance(spec, DataSpec) else parse_data_spec(spec) for spec in specs]
    parts = [load_training_part(spec.path, split, cache_dir, folds) for spec in specs]
    pairs = list(zip(specs, parts, strict=True))
    merged = Split(
        np.concatenate([p.images for p in parts]),
        np.concatenate([p.labels for p in parts]),
        sources=np.concatenate([np.full(len(p), i, np.int32) for i, p in enumerate(parts)]),
        source_names=[str(spec) for spec in specs],
        skipped=[s for p in parts for s in p.skipped],
        targets=np.concatenate([p.target_matrix() for p in parts]),
        repeats=np.concatenate([np.full(len(p), spec.weight, np.float32) for spec, p in pairs]),
        excluded={f"{spec}: {reason}": count for spec, p in pairs for reason, count in p.excluded.items()},
    )
    if not len(merged):
        raise DatasetError(f"no '{split}' images in {', '.join(str(spec) for spec in specs)}")
    return merged


def save_bundle(root: Path, path: Path, cache_dir: Path | None = None) -> dict[str, int]:
    """Write both splits of a dataset into one compact .npz that `--data` accepts (for another machine):
    images, labels and, where the dataset has them (FER+), the vote distributions training uses.
    Returns the image count per split; `pack_bundle` also returns the splits (for their skipped rows)."""
    return {name: len(split) for name, split in pack_bundle(root, path, cache_dir).items()}


def pack_bundle(root: Path, path: Path, cache_dir: Path | None = None) -> dict[str, Split]:
    """Load the train and validation splits of `root`, write them to the bundle `path` and return them.

    Raises DatasetError as `load_split`."""
    splits = {name: load_split(root, name, cache_dir) for name in ("train", "validation")}
    write_bundle(splits, path)
    return splits
