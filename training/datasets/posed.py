"""Posed datasets of people without splits (CK+ adults in ckplus-dev, CAFE children in cafe-dev): who a
file shows, from its name, and subject-wise folds so a person is never split between training and
validation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from training.datasets.folders import load_folder
from training.datasets.split import DatasetError, Split

# How a file name names its person, tried in order; group 1 is the subject. A dataset may declare its
# own in SUBJECT_PATTERN_FILE (one regular expression, first line) beside its class folders.
SUBJECT_PATTERNS = (
    re.compile(r"^(S\d+)_", re.IGNORECASE),  # CK+: S010_004_00000019.png
    re.compile(r"_([MF]-[A-Z]+-\d+)\.\w+$"),  # CAFE: angry_F-AA-02.jpg, happyopen_M-C-12.jpg
)
SUBJECT_PATTERN_FILE = "subject-pattern.txt"


@dataclass(frozen=True)
class Folds:
    """Hold out whole subjects of unsplit (posed) datasets: subjects are sorted and dealt into `count`
    folds in turn; fold `held_out` becomes validation, the rest trains. Raises DatasetError unless
    count >= 2 and 0 <= held_out < count."""

    count: int
    held_out: int = 0

    def __post_init__(self):
        if self.count < 2 or not 0 <= self.held_out < self.count:
            raise DatasetError(f"subject folds: need at least 2 folds and 0 <= fold < {self.count}")


def subject_patterns(root: Path | None = None) -> tuple[re.Pattern, ...]:
    """The dataset's own pattern (first line of ROOT/subject-pattern.txt, group 1 = subject) before the
    built-in ones. Raises DatasetError when that file is not a regular expression with a group."""
    declared = Path(root) / SUBJECT_PATTERN_FILE if root is not None else None
    if declared is None or not declared.is_file():
        return SUBJECT_PATTERNS
    text = declared.read_text(encoding="utf-8-sig").strip().splitlines()
    try:
        pattern = re.compile(text[0].strip() if text else "")
    except re.error as error:
        raise DatasetError(f"{declared}:1: not a regular expression ({error})") from error
    if pattern.groups < 1:
        raise DatasetError(f"{declared}:1: the pattern needs a group (...) around the subject")
    return (pattern, *SUBJECT_PATTERNS)


def subject_of(file_name: str, patterns: tuple[re.Pattern, ...] = SUBJECT_PATTERNS) -> str:
    """The person a file shows, from its name (`S010_004_00000019.png` -> `S010`, `angry_F-AA-02.jpg` ->
    `F-AA-02`); the name itself when no pattern matches (each such file is its own subject)."""
    name = Path(file_name).name
    for pattern in patterns:
        match = pattern.search(name)
        if match:
            return match.group(1).upper()
    return name


def subject_fold_of(subjects, folds: Folds) -> dict[str, int]:
    """Subject -> fold index (0..count-1): the sorted distinct subjects dealt into the folds in turn."""
    return {subject: index % folds.count for index, subject in enumerate(sorted(set(subjects)))}


def load_posed(folder: Path, split: str, cache_dir: Path | None, folds: Folds | None) -> Split:
    """A folder of class folders without splits: all of it trains, or the held-out subjects validate.

    Without folds the validation split is empty. Raises DatasetError as `load_folder` and `subject_patterns`."""
    everything = load_folder(folder, cache_dir)
    if folds is None:
        return everything if split == "train" else everything.subset(np.zeros(0, dtype=np.int64))
    patterns = subject_patterns(folder)
    subjects = [subject_of(str(name), patterns) for name in everything.names]
    fold_of = subject_fold_of(subjects, folds)
    held_out = np.array([fold_of[subject] == folds.held_out for subject in subjects], dtype=bool)
    return everything.subset(np.flatnonzero(held_out if split == "validation" else ~held_out))
