"""The original FER2013 CSV (`emotion,pixels,Usage`): `Training` rows train, `PublicTest` rows validate."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.preprocessing import preprocess_face
from training.datasets.split import DatasetError, Split, make_split

CSV_USAGE = {"train": ("training",), "validation": ("publictest", "validation", "val")}
CSV_COLUMNS = ("emotion", "pixels")  # required; "Usage" is optional
NO_USAGE_NOTE = "the CSV has no Usage column, so every row trains and none validates (no validation split)"


def load_csv(csv_path: Path, split: str) -> Split:
    """Read a FER2013 CSV (emotion,pixels[,Usage] in any order); FER2013 label order is EXPRESSIONS.

    Read as people save it: a UTF-8 BOM (spreadsheet programs) and spaces after the header's commas are
    accepted, column names in any case. Without a Usage column every row is in the train split and the
    validation split is empty, saying so in `excluded`. Bad rows (wrong values, a wrong pixel count, bytes
    that are not UTF-8, a spreadsheet's trailing junk) are skipped with their line; a file without the
    emotion or pixels column is refused at line 1, naming the columns found. Raises DatasetError then, on
    a row the CSV reader cannot read, and when the split is left empty."""
    usages = CSV_USAGE[split]
    with open(csv_path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        rows = csv.DictReader(handle, skipinitialspace=True)
        try:
            has_usage = _check_csv_header(csv_path, rows)
            if not has_usage and split != "train":
                count = sum(1 for _ in rows)
                return _make_split_noting([], [], [], {NO_USAGE_NOTE: count})
            images, labels, skipped = _read_rows(csv_path, rows, usages if has_usage else None)
        except csv.Error as error:
            line = rows.line_num + 1  # the reader has not counted the line it failed on
            raise DatasetError(f"{csv_path}:{line}: not a readable CSV row ({error})") from error
    if not labels:
        first = f"; the first row refused: {skipped[0]}" if skipped else ""
        raise DatasetError(f"split '{split}' is empty in {csv_path}{first}")
    return make_split(images, labels, skipped)


def _read_rows(csv_path: Path, rows: csv.DictReader, usages: tuple[str, ...] | None) -> tuple[list, list, list]:
    """(faces, labels, FILE:LINE problems) of the rows whose Usage is in `usages` (every row when None)."""
    images, labels, skipped = [], [], []
    for row in rows:
        if usages is not None and (row.get("usage") or "").strip().lower() not in usages:
            continue
        try:
            image, label = _csv_row(row)
        except (ValueError, KeyError, AttributeError, OverflowError) as error:
            skipped.append(f"{csv_path}:{rows.line_num}: {error}")
            continue
        images.append(image)
        labels.append(label)
    return images, labels, skipped


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
    split = make_split(images, labels, skipped)
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
