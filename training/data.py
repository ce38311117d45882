"""Loading datasets: FER2013-style class folders or CSV, FER+ vote distributions, posed crops.

Three kinds of dataset, found by their layout:
- class folders with train/ and validation/ (FER2013): one hard label per image;
- the FER+ layout (FER2013Train/ and FER2013Valid/, each with label.csv of 10 crowd votes per face):
  a label distribution per image, used as soft targets;
- one folder of class folders without splits (ckplus-dev, cafe-dev): everything trains, unless whole
  subjects (named by the file name: CK+'s `S###_` prefix, CAFE's `_F-AA-02` suffix, or a dataset's own
  `subject-pattern.txt`) are held out with `Folds`.
`--data DIR:WEIGHT` samples a dataset WEIGHT times per epoch (2 = every image twice, 0.5 = half).

Every image goes through `actor_trainer.vision.preprocessing.preprocess_face`, the same function the app
uses, so the model sees in the game exactly what it saw in training.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS, canonical_expression
from actor_trainer.vision.images import IMAGE_SUFFIXES, ImageError, read_image
from actor_trainer.vision.preprocessing import INPUT_SIZE, PREPROCESSING_NAME, preprocess_face
from training.crops import game_crop

VALIDATION_SPLIT_NAMES = ("validation", "val", "test", "publictest")
CSV_USAGE = {"train": ("training",), "validation": ("publictest", "validation", "val")}
CACHE_VERSION = "5"  # 4: photos cropped as the game crops them (training/crops.py); 5: BlazeFace + eye-levelled crop
FERPLUS_SPLITS = {"train": ("FER2013Train",), "validation": ("FER2013Valid",)}
FERPLUS_LABEL_FILE = "label.csv"
# label.csv columns after the image name and the box; the last three are not expressions
FERPLUS_VOTES = ("neutral", "happy", "surprise", "sad", "angry", "disgust", "fear", "contempt", "unknown", "NF")
MIN_EXPRESSION_VOTES = 5  # faces with fewer votes left for the seven expressions are skipped and counted
# How a file name names its person, tried in order; group 1 is the subject. A dataset may declare its
# own in SUBJECT_PATTERN_FILE (one regular expression, first line) beside its class folders.
SUBJECT_PATTERNS = (
    re.compile(r"^(S\d+)_", re.IGNORECASE),  # CK+: S010_004_00000019.png
    re.compile(r"_([MF]-[A-Z]+-\d+)\.\w+$"),  # CAFE: angry_F-AA-02.jpg, happyopen_M-C-12.jpg
)
SUBJECT_PATTERN_FILE = "subject-pattern.txt"


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
        if self.targets is not None:
            return self.targets.astype(np.float32)
        return np.eye(len(self.classes), dtype=np.float32)[self.labels]

    def repeat_weights(self) -> np.ndarray:
        return np.ones(len(self), np.float32) if self.repeats is None else self.repeats.astype(np.float32)

    def subset(self, index: np.ndarray) -> Split:
        def pick(array):
            return None if array is None else array[index]

        return Split(self.images[index], self.labels[index], self.classes, pick(self.sources), self.source_names,
                     self.skipped, pick(self.targets), pick(self.names), pick(self.repeats), self.excluded)

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
    digest = hashlib.sha1(f"{CACHE_VERSION}|{PREPROCESSING_NAME}|{source.resolve()}".encode())
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
    images, labels, skipped, names = [], [], list(notes), []
    for name, path in readable:
        try:
            images.append(preprocess_face(game_crop(read_image(path))))
        except ImageError as error:
            skipped.append(str(error))
            continue
        labels.append(EXPRESSIONS.index(name))
        names.append(path.name)
    split = _make_split(images, labels, skipped)
    split.names = np.array(names, dtype=str)
    if cache_file is not None:
        save_cache(split, cache_file)
    return split


CSV_COLUMNS = ("emotion", "pixels")  # required; "Usage" is optional
NO_USAGE_NOTE = "the CSV has no Usage column, so every row trains and none validates (no validation split)"


def load_csv(csv_path: Path, split: str) -> Split:
    """Read a FER2013 CSV (emotion,pixels[,Usage] in any order); FER2013 label order is EXPRESSIONS.

    Read as people save it: a UTF-8 BOM (spreadsheet programs) and spaces after the header's commas are
    accepted, column names in any case. Without a Usage column every row is in the train split and the
    validation split is empty, saying so in `excluded`. Bad rows (wrong values, a wrong pixel count, bytes
    that are not UTF-8, a spreadsheet's trailing junk) are skipped with their line; a file without the
    emotion or pixels column is refused at line 1, naming the columns found."""
    usages = CSV_USAGE[split]
    images, labels, skipped = [], [], []
    with open(csv_path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        rows = csv.DictReader(handle, skipinitialspace=True)
        try:
            has_usage = _check_csv_header(csv_path, rows)
            if not has_usage and split != "train":
                count = sum(1 for _ in rows)
                return _make_split_noting([], [], [], {NO_USAGE_NOTE: count})
            for row in rows:
                if has_usage and (row.get("usage") or "").strip().lower() not in usages:
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
        first = f"; the first row refused: {skipped[0]}" if skipped else ""
        raise DatasetError(f"split '{split}' is empty in {csv_path}{first}")
    return _make_split(images, labels, skipped)


def _check_csv_header(csv_path: Path, rows: csv.DictReader) -> bool:
    """Normalise the header (spaces, case); raise DatasetError at line 1 without emotion or pixels.
    Returns whether the file has a Usage column."""
    if rows.fieldnames is None:
        raise DatasetError(f"{csv_path}:1: the file is empty (a FER2013 CSV starts with emotion,pixels,Usage)")
    rows.fieldnames = [(name or "").strip().lower() for name in rows.fieldnames]
    missing = [name for name in CSV_COLUMNS if name not in rows.fieldnames]
    if missing:
        found = ", ".join(name for name in rows.fieldnames if name) or "none"
        raise DatasetError(f"{csv_path}:1: no {' or '.join(missing)} column (columns found: {found}); a FER2013 "
                           "CSV has emotion,pixels and usually Usage")
    return "usage" in rows.fieldnames


def _make_split_noting(images: list, labels: list, skipped: list[str], excluded: dict[str, int]) -> Split:
    split = _make_split(images, labels, skipped)
    split.excluded = excluded
    return split


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
    optional = {key: value for key, value in (("targets", split.targets), ("names", split.names))
                if value is not None}
    excluded = np.array([f"{reason}\t{count}" for reason, count in split.excluded.items()], dtype=str)
    _savez_atomic(path, images=split.images, labels=split.labels, skipped=np.array(split.skipped, dtype=str),
                  excluded=excluded, **optional)


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
        excluded = dict(line.rsplit("\t", 1) for line in data["excluded"]) if "excluded" in data else {}
        return Split(data["images"], data["labels"].astype(np.int32), skipped=list(data["skipped"]),
                     targets=data["targets"] if "targets" in data else None,
                     names=data["names"] if "names" in data else None,
                     excluded={reason: int(count) for reason, count in excluded.items()})


def save_bundle(root: Path, path: Path, cache_dir: Path | None = None) -> dict[str, int]:
    """Write both splits of a dataset into one compact .npz that `--data` accepts (for another machine):
    images, labels and, where the dataset has them (FER+), the vote distributions training uses.
    Returns the image count per split; `pack_bundle` also returns the splits (for their skipped rows)."""
    return {name: len(split) for name, split in pack_bundle(root, path, cache_dir).items()}


def pack_bundle(root: Path, path: Path, cache_dir: Path | None = None) -> dict[str, Split]:
    splits = {name: load_split(root, name, cache_dir) for name in ("train", "validation")}
    arrays = {}
    for name, split in splits.items():
        arrays[f"{name}_images"], arrays[f"{name}_labels"] = split.images, split.labels
        if split.targets is not None:
            arrays[f"{name}_targets"] = split.targets
    _savez_atomic(path, **arrays)
    return splits


def load_bundle(path: Path, split: str) -> Split:
    if not path.exists():
        raise DatasetError(f"dataset file does not exist: {path}")
    with np.load(path) as bundle:
        if f"{split}_images" not in bundle:
            raise DatasetError(f"{path} holds no '{split}' split (make one with `python -m training pack`)")
        targets = bundle[f"{split}_targets"] if f"{split}_targets" in bundle else None
        return Split(bundle[f"{split}_images"], bundle[f"{split}_labels"].astype(np.int32), targets=targets)


@dataclass(frozen=True)
class DataSpec:
    """One `--data` entry: a dataset path and how many times per epoch its images are sampled."""

    path: Path
    weight: float = 1.0

    def __str__(self) -> str:
        return str(self.path) if self.weight == 1 else f"{self.path}:{self.weight:g}"


def parse_data_spec(text: str | Path) -> DataSpec:
    """`DIR` or `DIR:WEIGHT` (WEIGHT > 0, e.g. ckplus-dev:10)."""
    text = str(text)
    head, _, tail = text.rpartition(":")
    if head and re.fullmatch(r"\d+(\.\d*)?|\.\d+", tail):
        weight = float(tail)
        if weight <= 0:
            raise DatasetError(f"--data {text}: the weight after ':' must be above 0")
        return DataSpec(Path(head), weight)
    return DataSpec(Path(text))


@dataclass(frozen=True)
class Folds:
    """Hold out whole subjects of unsplit (posed) datasets: subjects are sorted and dealt into `count`
    folds in turn; fold `held_out` becomes validation, the rest trains."""

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
    return {subject: index % folds.count for index, subject in enumerate(sorted(set(subjects)))}


def is_ferplus(root: Path) -> bool:
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


FERPLUS_NEW_HEADER = ("usage", "image name")  # fer2013new.csv: Usage,Image name,neutral,...,NF (no box column)


def read_ferplus_votes(label_file: Path) -> tuple[list[tuple[str, np.ndarray]], list[str]]:
    """(image name, 10 vote counts) per row of a FER+ label.csv; broken rows come back as FILE:LINE problems.

    Two published layouts are read: label.csv (IMAGE,BOX,10 votes; no header) and fer2013new.csv saved as
    label.csv (a header line, then Usage,Image name,10 votes). Another header is refused at line 1,
    naming what was found and what is expected."""
    rows, problems = [], []
    try:
        text = Path(label_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(f"cannot read {label_file}: {error}") from error
    lines = list(csv.reader(text.splitlines(), skipinitialspace=True))
    name_column, first_vote, start = _ferplus_layout(label_file, lines)
    for line_no, row in enumerate(lines[start:], start=start + 1):
        if not row or not "".join(row).strip():
            continue
        try:
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
        except ValueError as error:
            problems.append(f"{label_file}:{line_no}: {error}")
            continue
        rows.append((row[0].strip(), votes))
    return rows, problems


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
    """The seven expressions' share of the votes (FER+ order -> EXPRESSIONS order); None when fewer than
    MIN_EXPRESSION_VOTES went to them (contempt, unknown and not-a-face are dropped)."""
    counts = np.zeros(len(EXPRESSIONS), np.float32)
    for name, value in zip(FERPLUS_VOTES, votes, strict=True):
        if name in EXPRESSIONS:
            counts[EXPRESSIONS.index(name)] = value
    total = counts.sum()
    if total < MIN_EXPRESSION_VOTES:
        return None
    return counts / total


def load_ferplus_folder(folder: Path, cache_dir: Path | None = None) -> Split:
    """One FER+ split folder: images with label distributions as targets and majority labels."""
    folder = Path(folder)
    label_file = folder / FERPLUS_LABEL_FILE
    stat = label_file.stat()
    cache_file = None
    if cache_dir is not None:
        key = _cache_key(folder, [f"ferplus:{stat.st_size}:{stat.st_mtime_ns}:{MIN_EXPRESSION_VOTES}"])
        cache_file = Path(cache_dir) / f"{key}.npz"
        if cache_file.exists():
            return load_cache(cache_file)
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
    split = _make_split(images, list(target_array.argmax(axis=1)), skipped)
    split.targets, split.names = target_array, np.array(names, dtype=str)
    if too_few:
        split.excluded = {f"fewer than {MIN_EXPRESSION_VOTES} of the votes for the seven expressions": too_few}
    if cache_file is not None:
        save_cache(split, cache_file)
    return split


def _is_unsplit_class_folder(root: Path) -> bool:
    if not root.is_dir():
        return False
    names = {child.name.lower() for child in root.iterdir() if child.is_dir()}
    has_split = names & ({"train", "training"} | set(VALIDATION_SPLIT_NAMES))
    return not has_split and bool(_class_dirs(root))


def load_posed(folder: Path, split: str, cache_dir: Path | None, folds: Folds | None) -> Split:
    """A folder of class folders without splits: all of it trains, or the held-out subjects validate."""
    everything = load_folder(folder, cache_dir)
    if folds is None:
        return everything if split == "train" else everything.subset(np.zeros(0, dtype=np.int64))
    patterns = subject_patterns(folder)
    subjects = [subject_of(str(name), patterns) for name in everything.names]
    fold_of = subject_fold_of(subjects, folds)
    held_out = np.array([fold_of[subject] == folds.held_out for subject in subjects], dtype=bool)
    return everything.subset(np.flatnonzero(held_out if split == "validation" else ~held_out))


def load_split(root: Path, split: str, cache_dir: Path | None = None, folds: Folds | None = None) -> Split:
    """Load `split` from a dataset root, a FER+ root, a class-folder folder, an .npz cache or a FER2013 CSV."""
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
    if _is_unsplit_class_folder(root) and (split == "train" or folds is not None):
        return load_posed(root, split, cache_dir, folds)
    return load_folder(find_split_dir(root, split), cache_dir)


def load_training_part(root: Path, split: str, cache_dir: Path | None, folds: Folds | None) -> Split:
    """As `load_split`, except that an unsplit (posed) folder gives no validation images unless subjects
    are held out: its images are training images."""
    if _is_unsplit_class_folder(Path(root)):
        return load_posed(Path(root), split, cache_dir, folds)
    return load_split(root, split, cache_dir, folds)


def load_sources(specs, split: str, cache_dir: Path | None = None, folds: Folds | None = None) -> Split:
    """Load and merge several datasets (paths, `DIR:WEIGHT` texts or DataSpecs); classes merge by name,
    images are counted per source, every image keeps a target distribution, and training images are
    sampled their dataset's weight times per epoch. A dataset without a validation part adds none."""
    specs = [spec if isinstance(spec, DataSpec) else parse_data_spec(spec) for spec in specs]
    parts = [load_training_part(spec.path, split, cache_dir, folds) for spec in specs]
    merged = Split(
        np.concatenate([p.images for p in parts]),
        np.concatenate([p.labels for p in parts]),
        sources=np.concatenate([np.full(len(p), i, np.int32) for i, p in enumerate(parts)]),
        source_names=[str(spec) for spec in specs],
        skipped=[s for p in parts for s in p.skipped],
        targets=np.concatenate([p.target_matrix() for p in parts]),
        repeats=np.concatenate([np.full(len(p), spec.weight, np.float32) for spec, p in zip(specs, parts,
                                                                                            strict=True)]),
        excluded={f"{spec}: {reason}": count for spec, p in zip(specs, parts, strict=True)
                  for reason, count in p.excluded.items()},
    )
    if not len(merged):
        raise DatasetError(f"no '{split}' images in {', '.join(str(spec) for spec in specs)}")
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
    return split.subset(index)
