"""FER+ (FER2013Train/, FER2013Valid/, each with label.csv of 10 crowd votes per face): the votes become a
distribution over the seven expressions, used as soft targets; the majority vote is the label."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.images import ImageError, read_image
from actor_trainer.vision.preprocessing import preprocess_face
from training.datasets.cache import cached_split
from training.datasets.split import DatasetError, Split, make_split

FERPLUS_SPLITS = {"train": ("FER2013Train",), "validation": ("FER2013Valid",)}
FERPLUS_LABEL_FILE = "label.csv"
# label.csv columns after the image name and the box; the last three are not expressions
FERPLUS_VOTES = ("neutral", "happy", "surprise", "sad", "angry", "disgust", "fear", "contempt", "unknown", "NF")
MIN_EXPRESSION_VOTES = 5  # faces with fewer votes left for the seven expressions are skipped and counted
FERPLUS_NEW_HEADER = ("usage", "image name")  # fer2013new.csv: Usage,Image name,neutral,...,NF (no box column)


def is_ferplus(root: Path) -> bool:
    """True when `root` is a FER+ split folder (label.csv) or a FER+ root (FER2013Train/ or FER2013Valid/)."""
    root = Path(root)
    return (root / FERPLUS_LABEL_FILE).is_file() or any(
        (root / name / FERPLUS_LABEL_FILE).is_file() for names in FERPLUS_SPLITS.values() for name in names)


def find_ferplus_split(root: Path, split: str) -> Path | None:
    """FER2013Train (train) or FER2013Valid (validation) under a FER+ root; a folder with label.csv is
    the split itself for evaluation. None when the split is absent."""
    root = Path(root)
    for name in FERPLUS_SPLITS[split]:
        if (root / name / FERPLUS_LABEL_FILE).is_file():
            return root / name
    if split == "validation" and (root / FERPLUS_LABEL_FILE).is_file():
        return root
    return None


def read_ferplus_votes(label_file: Path) -> tuple[list[tuple[str, np.ndarray]], list[str]]:
    """(image name, 10 vote counts as float32) per row of a FER+ label.csv; broken rows come back as
    FILE:LINE problems.

    Two published layouts are read: label.csv (IMAGE,BOX,10 votes; no header) and fer2013new.csv saved as
    label.csv (a header line, then Usage,Image name,10 votes). Raises DatasetError for an unreadable file
    and for another header (at line 1, naming what was found and what is expected)."""
    try:
        text = Path(label_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"cannot read {label_file}: {error}") from error
    lines = list(csv.reader(text.splitlines(), skipinitialspace=True))
    name_column, first_vote, start = _ferplus_layout(label_file, lines)
    rows, problems = [], []
    for line_no, row in enumerate(lines[start:], start=start + 1):
        if not row or not "".join(row).strip():
            continue
        try:
            rows.append(_vote_row(row, name_column, first_vote))
        except ValueError as error:
            problems.append(f"{label_file}:{line_no}: {error}")
    return rows, problems


def _vote_row(row: list[str], name_column: int, first_vote: int) -> tuple[str, np.ndarray]:
    """(image name, votes) of one label file row; ValueError saying what is wrong with it."""
    if len(row) <= name_column:
        raise ValueError("no image name")
    row = [row[name_column], "", *row[first_vote:]]
    votes = np.array([float(value) for value in row[2:]], dtype=np.float32)
    if len(votes) != len(FERPLUS_VOTES):
        raise ValueError(f"expected {len(FERPLUS_VOTES)} vote columns, found {len(votes)}")
    if not np.all(np.isfinite(votes)) or np.any(votes < 0):
        raise ValueError("votes must be counts of 0 or more")
    if not row[0].strip():
        raise ValueError("no image name")
    return row[0].strip(), votes


def _ferplus_layout(label_file: Path, lines: list[list[str]]) -> tuple[int, int, int]:
    """(image name column, first vote column, rows to skip) of a FER+ label file."""
    first = next((row for row in lines if row and "".join(row).strip()), [])
    header = tuple(cell.strip().lower() for cell in first[:2])
    if header == FERPLUS_NEW_HEADER:
        return 1, 2, lines.index(first) + 1
    if len(first) >= 3 and _is_number(first[2]):
        return 0, 2, 0
    found = ",".join(cell.strip() for cell in first[:4]) or "an empty file"
    raise DatasetError(f"{label_file}:{lines.index(first) + 1 if first else 1}: not a FER+ label layout (found "
                       f"{found}...); expected FER+'s label.csv (IMAGE,BOX,{len(FERPLUS_VOTES)} votes) or "
                       "fer2013new.csv (Usage,Image name,neutral,happiness,...)")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def votes_to_distribution(votes: np.ndarray) -> np.ndarray | None:
    """(7,) float32: the seven expressions' share of the (10,) votes (FER+ order -> EXPRESSIONS order); None
    when fewer than MIN_EXPRESSION_VOTES went to them (contempt, unknown and not-a-face are dropped)."""
    counts = np.zeros(len(EXPRESSIONS), np.float32)
    for name, value in zip(FERPLUS_VOTES, votes, strict=True):
        if name in EXPRESSIONS:
            counts[EXPRESSIONS.index(name)] = value
    total = counts.sum()
    if total < MIN_EXPRESSION_VOTES:
        return None
    return counts / total


def load_ferplus_folder(folder: Path, cache_dir: Path | None = None) -> Split:
    """One FER+ split folder: images with label distributions as targets and majority labels.

    Reuses the cache while label.csv is unchanged. Raises DatasetError when no face is usable."""
    folder = Path(folder)
    label_file = folder / FERPLUS_LABEL_FILE
    stat = label_file.stat()
    entries = [f"ferplus:{stat.st_size}:{stat.st_mtime_ns}:{MIN_EXPRESSION_VOTES}"]
    return cached_split(cache_dir, folder, entries, lambda: _decode(folder, label_file))


def _decode(folder: Path, label_file: Path) -> Split:
    """The faces of `label_file` with enough votes, their distributions (N, 7) and names."""
    rows, skipped = read_ferplus_votes(label_file)
    images, targets, names, too_few = [], [], [], 0
    for name, votes in rows:
        distribution = votes_to_distribution(votes)
        if distribution is None:
            too_few += 1
            continue
        try:
            images.append(preprocess_face(read_image(folder / name)))
        except ImageError as error:
            skipped.append(str(error))
            continue
        targets.append(distribution)
        names.append(name)
    if not images:
        first = f"; the first problem: {skipped[0]}" if skipped else ""
        raise DatasetError(f"no usable faces in {label_file}{first}")
    target_array = np.stack(targets)
    split = make_split(images, list(target_array.argmax(axis=1)), skipped)
    split.targets, split.names = target_array, np.array(names, dtype=str)
    if too_few:
        split.excluded = {f"fewer than {MIN_EXPRESSION_VOTES} of the votes for the seven expressions": too_few}
    return split
