"""What every benchmark shares: p50/p95 of its timings, and its results file, one JSON object a line under
benchmarks/results/, with the previous run read back so a run is compared with the one before it.

Imported by the scripts beside it (`from results_log import ...`: the script's folder is on the path when it
runs). A module that tests import too (detection.py, judge.py) imports it inside the functions that run only
as a script.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def results_file(name: str) -> Path:
    """benchmarks/results/NAME.jsonl."""
    return RESULTS_DIR / f"{name}.jsonl"


def percentiles(values, digits: int = 3) -> dict[str, float]:
    """{"p50": ..., "p95": ...} of `values` (milliseconds or seconds, as given), rounded to `digits`."""
    values = np.asarray(values, dtype=np.float64)
    return {"p50": round(float(np.percentile(values, 50)), digits),
            "p95": round(float(np.percentile(values, 95)), digits)}


def runs(path: Path) -> list[dict]:
    """Every run in the results file, oldest first (none when the file is absent; blank lines skipped)."""
    path = Path(path)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def previous_run(path: Path, matching: Callable[[dict], bool] | None = None) -> dict | None:
    """The last run in the results file (the last one `matching` accepts), or None."""
    found = [run for run in runs(path) if matching is None or matching(run)]
    return found[-1] if found else None


def append_run(path: Path, record: dict) -> None:
    """Add one run as the file's last line (the folder is made when missing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as out:
        out.write(json.dumps(record) + "\n")
