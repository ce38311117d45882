"""The on-disk cache of decoded folders: one compressed .npz per folder state, written atomically.

A cache file is named by a key over CACHE_VERSION, the preprocessing, the folder's resolved path and an
entry per file (name, size, mtime), so any change decodes again. It holds `images`, `labels`, `skipped`,
`excluded` (`reason\\tcount` lines) and, where the dataset has them, `targets` and `names`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from actor_trainer.vision import faces
from actor_trainer.vision.preprocessing import PREPROCESSING_NAME
from training.datasets.split import Split

# 4: photos cropped as the game crops them (training/crops.py); 5: BlazeFace + eye-levelled crop;
# 6: the crop cut from the grayscale frame as the pipeline cuts it, and named (faces.crop_identity) in the key
CACHE_VERSION = "6"


def default_cache_dir() -> Path:
    """ACTOR_TRAINER_CACHE, else $XDG_CACHE_HOME/actor-trainer (~/.cache/actor-trainer)."""
    base = os.environ.get("ACTOR_TRAINER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache")), "actor-trainer"
    )
    return Path(base)


def cache_key(source: Path, entries: list[str]) -> str:
    """20 hex digits naming the cache file of `source` in the state that `entries` describe."""
    crop = faces.crop_identity()
    digest = hashlib.sha1(f"{CACHE_VERSION}|{crop['id']}:{crop['version']}:{crop['margin']}|{PREPROCESSING_NAME}|"
                          f"{source.resolve()}".encode())
    for entry in entries:
        digest.update(entry.encode())
    return digest.hexdigest()[:20]


def cache_file(cache_dir: Path | None, source: Path, entries: list[str]) -> Path | None:
    """CACHE_DIR/KEY.npz for `source` in this state; None when caching is off (no cache_dir)."""
    return None if cache_dir is None else Path(cache_dir) / f"{cache_key(source, entries)}.npz"


def save_cache(split: Split, path: Path) -> None:
    """Write one split's images, labels, skipped and excluded notes (targets and names if any) to `path`."""
    optional = {key: value for key, value in (("targets", split.targets), ("names", split.names))
                if value is not None}
    excluded = np.array([f"{reason}\t{count}" for reason, count in split.excluded.items()], dtype=str)
    savez_atomic(path, images=split.images, labels=split.labels, skipped=np.array(split.skipped, dtype=str),
                 excluded=excluded, **optional)


def savez_atomic(path: Path, **arrays) -> None:
    """np.savez_compressed into `path` through a temporary file, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = atomic.temporary_path(path, suffix=".tmp.npz")  # np.savez adds .npz to other names
    try:
        np.savez_compressed(temporary, **arrays)
        atomic.commit(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load_cache(path: Path) -> Split:
    """The split `save_cache` wrote (labels as int32, excluded counts as int)."""
    with np.load(path) as data:
        excluded = dict(line.rsplit("\t", 1) for line in data["excluded"]) if "excluded" in data else {}
        return Split(data["images"], data["labels"].astype(np.int32), skipped=list(data["skipped"]),
                     targets=data["targets"] if "targets" in data else None,
                     names=data["names"] if "names" in data else None,
                     excluded={reason: int(count) for reason, count in excluded.items()})


def cached_split(cache_dir: Path | None, source: Path, entries: list[str], decode: Callable[[], Split]) -> Split:
    """The cached Split of `source` when its `entries` (what the cache key covers) are unchanged, else
    `decode()`, saved to the cache for next time. `cache_dir` None: no cache, always decode."""
    cached = cache_file(cache_dir, source, entries)
    if cached is not None and cached.exists():
        return load_cache(cached)
    split = decode()
    if cached is not None:
        save_cache(split, cached)
    return split
