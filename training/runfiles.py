"""Small file helpers shared by train, report, compare, tune and export (no Keras import).

Every file a run writes goes through actor_trainer.atomic (never partial after a kill)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from actor_trainer import atomic

HISTORY_FILE = "history.csv"
LAST_CHECKPOINT = "last.keras"
BEST_CHECKPOINT = "best.keras"
MODEL_FILE = "model.keras"
CONFIG_FILE = "run.json"
CROP_FILE = "crop.json"  # the face crop the run trained on (faces.crop_identity); export copies it
RESUME_FILE = "resume.json"  # what last.keras does not hold: callbacks' counters, dropout seeds (ResumeState)
EPOCHS_DIR = "epochs"  # --keep-epochs snapshots, read by `python -m training average`


def read_history(run_dir: Path) -> list[dict]:
    """The per-epoch rows of a run's history.csv as floats; empty when there is none yet."""
    path = Path(run_dir) / HISTORY_FILE
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return [{k: float(v) for k, v in row.items() if v != ""} for row in csv.DictReader(handle)]


def write_history(run_dir: Path, rows: list[dict]) -> None:
    """Write `rows` (one dict of figures per epoch, `epoch` counted from 0) as history.csv in one atomic
    replace: `epoch` first, then every other column of any row in sorted order, empty where a row lacks
    one. A kill leaves the previous file whole (Keras' CSVLogger appends in place)."""
    columns = ["epoch"] + sorted({key for row in rows for key in row} - {"epoch"})
    table = io.StringIO()
    writer = csv.DictWriter(table, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(key, value) for key, value in row.items()})
    atomic.write_text(Path(run_dir) / HISTORY_FILE, table.getvalue())


def _cell(key: str, value) -> str:
    number = float(value)
    return str(int(number)) if key == "epoch" else repr(number)
