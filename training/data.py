"""Loading FER2013-style datasets: class folders or the original CSV, cached as compact arrays.

Every image goes through `actor_trainer.preprocessing.preprocess_face`, the same function the app
uses, so the model sees in the game exactly what it saw in training.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from actor_trainer.images import IMAGE_SUFFIXES, ImageError, read_image
from actor_trainer.labels import EXPRESSIONS, canonical_expression
from actor_trainer.preprocessing import INPUT_SIZE, preprocess_face

VALIDATION_SPLIT_NAMES = ("validation", "val", "test", "publictest")
CSV_USAGE = {"train": ("training",), "validation": ("publictest", "validation", "val")}
CACHE_VERSION = "2"  # 2: images read by actor_trainer.images (16-bit scaled, truncated JPEGs skipped)


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

    def __len__(self) -> int:
        return len(self.labels)

    def class_counts(self) -> dict[str, int]:
        counts = np.bincount(self.labels, minlength=len(self.classes))
        return {name: int(n) for name, n in zip(self.classes, counts, strict=False)}

    def source_counts(self) -> dict[str, int]:
        if self.sources is None:
            return {}
        counts = np.bincount(self.sources, minlength=len(self.source_names))
        return {name: int(n) for name, n in zip(self.source_names, counts, strict=False)}


def find_split_dir(root: Path, split: str) -> Path:
    """The folder of class folders for `split` ("train" or "validation") under a dataset root.

    A folder that directly holds class folders counts as the split itself (for evaluation).
    """
    root = Path(root)
    if not root.exists():
        raise DatasetError(f"dataset path does not exist: {root}")
    names = ("train", "training") if split == "train" else VALIDATION_SPLIT_NAMES
    for child in sorted(root.iterdir()) if root.is_dir() else []:
        if child.is_dir() and child.name.lower() in names:
            return child
    if split != "train" and _class_dirs(root):
        return root
    raise DatasetError(f"no '{split}' split (expected one of {', '.join(names)}) under {root}")


def _class_dirs(folder: Path) -> dict[str, Path]:
    found = {}
    for child in _children(folder):
        name = canonical_expression(child.name) if child.is_dir() else None
        if name and name not in found:
            found[name] = child
    return found


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as error:
        raise DatasetError(f"cannot list {folder}: {error.strerror or error}") from error


def _listing(folder: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(class name, image file) pairs, and a note for every folder or file left out and why."""
    classes = _class_dirs(folder)
    if not classes:
        raise DatasetError(f"no class folders ({', '.join(EXPRESSIONS)}) in {folder}")
    notes = [_left_out_folder(child, classes) for child in _children(folder)
             if child.is_dir() and child not in classes.values()]
    files = []
    for name, class_dir in classes.items():
        found = 0
        for path in _children(class_dir):
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            if not path.is_file():  # a dangling symlink, a symlink loop or a folder named like an image
                notes.append(f"{path}: not a readable file (a broken link or a folder?)")
                continue
            files.append((name, path))
            found += 1
        if not found:
            notes.append(f"{class_dir}: empty class folder (no images); {name} gets no examples from {folder}")
    if not files:
        raise DatasetError(f"split is empty (no images in its class folders): {folder}")
    return files, notes


def default_cache_dir() -> Path:
    base = os.environ.get("ACTOR_TRAINER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache")), "actor-trainer"
    )
    return Path(base)


def _cache_key(source: Path, entries: list[str]) -> str:
    digest = hashlib.sha1(f"{CACHE_VERSION}|{source.resolve()}".encode())
    for entry in entries:
        digest.update(entry.encode())
    return digest.hexdigest()[:20]


def _left_out_folder(child: Path, classes: dict[str, Path]) -> str:
    name = canonical_expression(child.name)
    if name:
        return f"{child}: a second {name} folder; only {classes[name]} is read"
    return f"{child}: not a class folder (expected one of {', '.join(EXPRESSIONS)}); left out"


def load_folder(folder: Path, cache_dir: Path | None = None) -> Split:
    """Decode one folder of class folders, reusing the cache when nothing changed. Unreadable images
    and left-out folders are listed in `skipped` with the reason."""
    files, notes = _listing(folder)
    entries, readable = list(notes), []
    for name, path in files:
        try:
            stat = path.stat()
        except OSError as error:  # vanished since the listing
            notes.append(f"{path}: cannot read the file ({error.strerror or error})")
            continue
        entries.append(f"{name}/{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
        readable.append((name, path))
    cache_file = None
    if cache_dir is not None:
        cache_file = Path(cache_dir) / f"{_cache_key(folder, entries)}.npz"
        if cache_file.exists():
            return load_cache(cache_file)
    images, labels, skipped = [], [], list(notes)
    for name, path in readable:
        try:
            images.append(preprocess_face(read_image(path)))
        except ImageError as error:
            skipped.append(str(error))
            continue
        labels.append(EXPRESSIONS.index(name))
    split = _make_split(images, labels, skipped)
    if cache_file is not None:
        save_cache(split, cache_file)
    return split


def load_csv(csv_path: Path, split: str) -> Split:
    """Read the original FER2013 CSV (emotion,pixels,Usage); FER2013 label order is EXPRESSIONS.
    Bad rows (wrong values, a wrong pixel count, bytes that are not UTF-8) are skipped with their line."""
    usages = CSV_USAGE[split]
    images, labels, skipped = [], [], []
    with open(csv_path, newline="", encoding="utf-8", errors="replace") as handle:
        rows = csv.DictReader(handle)
        try:
            for row in rows:
                if (row.get("Usage") or "").strip().lower() not in usages:
                    continue
                try:
                    image, label = _csv_row(row)
                except (ValueError, KeyError, AttributeError, OverflowError) as error:
                    skipped.append(f"{csv_path}:{rows.line_num}: {error}")
                    continue
                images.append(image)
                labels.append(label)
        except csv.Error as error:
            line = rows.line_num + 1  # the reader has not counted the line it failed on
            raise DatasetError(f"{csv_path}:{line}: not a readable CSV row ({error})") from error
    if not labels:
        raise DatasetError(f"split '{split}' is empty in {csv_path}")
    return _make_split(images, labels, skipped)


def _csv_row(row: dict) -> tuple[np.ndarray, int]:
    if any("\ufffd" in (value or "") for value in row.values() if isinstance(value, str)):
        raise ValueError("not UTF-8 text")
    values = np.array(row["pixels"].split(), dtype=np.int64)
    side = int(round(np.sqrt(values.size)))
    if values.size == 0 or side * side != values.size:
        raise ValueError(f"{values.size} pixel values do not make a square image")
    if values.min() < 0 or values.max() > 255:
        raise ValueError(f"pixel values must be 0..255, found {values.min()}..{values.max()}")
    label = int(row["emotion"])
    if not 0 <= label < len(EXPRESSIONS):
        raise ValueError(f"label {label}")
    return preprocess_face(values.astype(np.uint8).reshape(side, side)), label


def _make_split(images: list, labels: list, skipped: list[str]) -> Split:
    if images:
        array = np.stack(images)
    else:
        array = np.zeros((0, INPUT_SIZE, INPUT_SIZE), np.uint8)
    return Split(array, np.asarray(labels, dtype=np.int32), skipped=skipped)


def save_cache(split: Split, path: Path) -> None:
    _savez_atomic(path, images=split.images, labels=split.labels, skipped=np.array(split.skipped, dtype=str))


def _savez_atomic(path: Path, **arrays) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = atomic.temporary_path(path, suffix=".tmp.npz")  # np.savez adds .npz to other names
    try:
        np.savez_compressed(temporary, **arrays)
        atomic.commit(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load_cache(path: Path) -> Split:
    with np.load(path) as data:
        return Split(data["images"], data["labels"].astype(np.int32), skipped=list(data["skipped"]))


def save_bundle(root: Path, path: Path, cache_dir: Path | None = None) -> dict[str, int]:
    """Write both splits of a dataset into one compact .npz that `--data` accepts (for another machine)."""
    splits = {name: load_split(root, name, cache_dir) for name in ("train", "validation")}
    arrays = {}
    for name, split in splits.items():
        arrays[f"{name}_images"], arrays[f"{name}_labels"] = split.images, split.labels
    _savez_atomic(path, **arrays)
    return {name: len(split) for name, split in splits.items()}


def load_bundle(path: Path, split: str) -> Split:
    if not path.exists():
        raise DatasetError(f"dataset file does not exist: {path}")
    with np.load(path) as bundle:
        if f"{split}_images" not in bundle:
            raise DatasetError(f"{path} holds no '{split}' split (make one with `python -m training pack`)")
        return Split(bundle[f"{split}_images"], bundle[f"{split}_labels"].astype(np.int32))


def load_split(root: Path, split: str, cache_dir: Path | None = None) -> Split:
    """Load `split` from a dataset root, a class-folder folder, an .npz cache or a FER2013 CSV."""
    root = Path(root)
    if root.suffix.lower() == ".csv":
        if not root.exists():
            raise DatasetError(f"dataset file does not exist: {root}")
        return load_csv(root, split)
    if root.suffix.lower() == ".npz":
        return load_bundle(root, split)
    return load_folder(find_split_dir(root, split), cache_dir)


def load_sources(roots: list[Path], split: str, cache_dir: Path | None = None) -> Split:
    """Load and merge several datasets; classes merge by name, images are counted per source."""
    parts = [load_split(root, split, cache_dir) for root in roots]
    merged = Split(
        np.concatenate([p.images for p in parts]),
        np.concatenate([p.labels for p in parts]),
        sources=np.concatenate([np.full(len(p), i, np.int32) for i, p in enumerate(parts)]),
        source_names=[str(root) for root in roots],
        skipped=[s for p in parts for s in p.skipped],
    )
    return merged


def stratified_subset(split: Split, fraction: float, seed: int = 0) -> Split:
    """Keep `fraction` of every class (at least one image each), in a reproducible order."""
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
    return Split(
        split.images[index],
        split.labels[index],
        split.classes,
        None if split.sources is None else split.sources[index],
        split.source_names,
        split.skipped,
    )
