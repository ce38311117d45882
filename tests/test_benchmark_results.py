"""benchmarks/results_log.py: the one percentiles and results-file writer every benchmark uses."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("results_log", REPO / "benchmarks" / "results_log.py")
results_log = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(results_log)


def test_percentiles_are_rounded_p50_and_p95():
    assert results_log.percentiles(range(101)) == {"p50": 50.0, "p95": 95.0}
    assert results_log.percentiles([1.23456, 1.23456], 2) == {"p50": 1.23, "p95": 1.23}


def test_runs_are_appended_one_a_line_and_the_previous_one_read_back(tmp_path):
    path = tmp_path / "new" / "pipeline.jsonl"
    assert results_log.runs(path) == [] and results_log.previous_run(path) is None
    results_log.append_run(path, {"data": "a", "ms": 1})
    results_log.append_run(path, {"data": "b", "ms": 2})
    path.write_text(path.read_text() + "\n")  # a blank line is skipped
    assert [json.loads(line) for line in path.read_text().split("\n")[:2]] == results_log.runs(path)
    assert results_log.previous_run(path) == {"data": "b", "ms": 2}
    assert results_log.previous_run(path, lambda run: run["data"] == "a") == {"data": "a", "ms": 1}
    assert results_log.results_file("judge") == REPO / "benchmarks" / "results" / "judge.jsonl"


def test_every_benchmark_writes_through_it():
    """No benchmark opens its results file or computes p50/p95 itself."""
    for script in sorted((REPO / "benchmarks").glob("*.py")):
        text = script.read_text()
        if script.name == "results_log.py" or "results" not in text:
            continue
        assert '.open("a")' not in text and 'open(RESULTS, "a")' not in text, script.name
        assert "np.percentile(values, 95)" not in text and "np.percentile(times, 95)" not in text, script.name
