"""Small file helpers shared by train, report, compare, tune and export (no Keras import).

Every file a run writes goes through actor_trainer.atomic (never partial after a kill)."""

from __future__ import annotations

import csv
from pathlib import Path

HISTORY_FILE = "history.csv"


def read_history(run_dir: Path) -> list[dict]:
    """The per-epoch rows of a run's history.csv as floats; empty when there is none yet."""
    path = Path(run_dir) / HISTORY_FILE
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return [{k: float(v) for k, v in row.items() if v != ""} for row in csv.DictReader(handle)]
