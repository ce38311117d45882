"""No file of the project keeps the markers of an unfinished merge (they once reached docs/game.md)."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIPPED = {".git", ".venv", "build", "dist", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}
TEXT = {".py", ".md", ".toml", ".txt", ".json", ".spec", ".desktop", ".cfg", ".yml", ".yaml", ".csv", ""}
MARKER = re.compile(r"^(<{7}|>{7}) \S", re.MULTILINE)


def project_text_files():
    for folder, folders, names in os.walk(REPO):
        folders[:] = [name for name in folders if name not in SKIPPED]
        yield from (Path(folder) / name for name in names if Path(name).suffix in TEXT)


def markers_in(text: str) -> list[int]:
    """The line numbers (from 1) of merge markers in `text`."""
    return [text[:match.start()].count("\n") + 1 for match in MARKER.finditer(text)]


def test_no_file_holds_a_merge_conflict_marker():
    found = [f"{path.relative_to(REPO)}:{line}" for path in project_text_files()
             for line in markers_in(path.read_text(encoding="utf-8", errors="replace"))]
    assert found == []


def test_the_markers_of_a_real_conflict_are_found_and_a_heading_is_not():
    assert markers_in("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> issue-20e\n") == [2, 6]
    assert markers_in("A title\n=======\n\nquoted: >>>>>>>\n") == []
