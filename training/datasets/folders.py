"""Class folders: a dataset root with train/ and validation/ (FER2013's Kaggle layout), or one folder of
class folders (`angry/`, `Happiness/`, ...), decoded through the game's crop and `preprocess_face`."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from actor_trainer.labels import EXPRESSIONS, canonical_expression
from actor_trainer.vision.images import IMAGE_SUFFIXES, ImageError, read_image
from actor_trainer.vision.preprocessing import preprocess_face
from training.crops import game_crop
from training.datasets.cache import cached_split
from training.datasets.split import DatasetError, Split, make_split

TRAIN_SPLIT_NAMES = ("train", "training")
VALIDATION_SPLIT_NAMES = ("validation", "val", "test", "publictest")


def find_split_dir(root: Path, split: str) -> Path:
    """The folder of class folders for `split` ("train" or "validation") under a dataset root.

    A folder that directly holds class folders counts as the split itself (for evaluation). Raises
    DatasetError when the root is missing or has no such split."""
    root = Path(root)
    if not root.exists():
        raise DatasetError(f"dataset path does not exist: {root}")
    names = TRAIN_SPLIT_NAMES if split == "train" else VALIDATION_SPLIT_NAMES
    for child in sorted(root.iterdir()) if root.is_dir() else []:
        if child.is_dir() and child.name.lower() in names:
            return child
    if split != "train" and class_dirs(root):
        return root
    raise DatasetError(f"no '{split}' split (expected one of {', '.join(names)}) under {root}")


def class_dirs(folder: Path) -> dict[str, Path]:
    """Expression name -> its folder in `folder` (names matched with synonyms; the first folder wins).

    Raises DatasetError when `folder` cannot be listed."""
    found = {}
    for child in _children(folder):
        name = canonical_expression(child.name) if child.is_dir() else None
        if name and name not in found:
            found[name] = child
    return found


def is_unsplit_class_folder(root: Path) -> bool:
    """True for a folder of class folders without train/validation splits (posed data such as ckplus-dev)."""
    if not root.is_dir():
        return False
    names = {child.name.lower() for child in root.iterdir() if child.is_dir()}
    has_split = names & (set(TRAIN_SPLIT_NAMES) | set(VALIDATION_SPLIT_NAMES))
    return not has_split and bool(class_dirs(root))


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as error:
        raise DatasetError(f"cannot list {folder}: {error.strerror or error}") from error


def _listing(folder: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(class name, image file) pairs, and a note for every folder or file left out and why."""
    classes = class_dirs(folder)
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


def _left_out_folder(child: Path, classes: dict[str, Path]) -> str:
    name = canonical_expression(child.name)
    if name:
        return f"{child}: a second {name} folder; only {classes[name]} is read"
    return f"{child}: not a class folder (expected one of {', '.join(EXPRESSIONS)}); left out"


def _cache_entries(files: list[tuple[str, Path]], notes: list[str]) -> tuple[list[str], list[tuple[str, Path]]]:
    """The cache key's entries (the notes, then `class/name:size:mtime` per file) and the files still there."""
    entries, readable = list(notes), []
    for name, path in files:
        try:
            stat = path.stat()
        except OSError as error:  # vanished since the listing
            notes.append(f"{path}: cannot read the file ({error.strerror or error})")
            continue
        entries.append(f"{name}/{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
        readable.append((name, path))
    return entries, readable


def _decode(readable: list[tuple[str, Path]], notes: list[str]) -> Split:
    """Faces (N, 48, 48) uint8 with labels and file names; unreadable images are noted in `skipped`."""
    images, labels, skipped, names = [], [], list(notes), []
    for name, path in readable:
        try:
            images.append(preprocess_face(game_crop(read_image(path))))
        except ImageError as error:
            skipped.append(str(error))
            continue
        labels.append(EXPRESSIONS.index(name))
        names.append(path.name)
    split = make_split(images, labels, skipped)
    split.names = np.array(names, dtype=str)
    return split


def load_folder(folder: Path, cache_dir: Path | None = None) -> Split:
    """Decode one folder of class folders, reusing the cache when nothing changed. Unreadable images
    and left-out folders are listed in `skipped` with the reason.

    Raises DatasetError when the folder has no class folders or no images."""
    files, notes = _listing(folder)
    entries, readable = _cache_entries(files, notes)
    return cached_split(cache_dir, folder, entries, lambda: _decode(readable, notes))
