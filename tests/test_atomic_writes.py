"""atomic.write_new and its users: never overwrite, never leave a temporary; the app tidies at start."""

from __future__ import annotations

import sys

import pytest

from actor_trainer import atomic
from actor_trainer.cli.predict import _write_unique


def test_write_new_refuses_a_taken_name_and_leaves_nothing_behind(tmp_path):
    path = tmp_path / "result.json"
    assert atomic.write_new(path, b"first")
    assert not atomic.write_new(path, b"second")
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_annotated_copies_never_overwrite(tmp_path):
    written = [_write_unique(tmp_path / "face.jpg", bytes([n])) for n in range(3)]
    assert [p.name for p in written] == ["face.jpg", "face_1.jpg", "face_2.jpg"]
    assert [p.read_bytes() for p in written] == [b"\0", b"\1", b"\2"]


def test_the_app_removes_what_a_killed_save_left_behind(tmp_path, monkeypatch):
    from actor_trainer.ui.app import default_services

    monkeypatch.setenv("ACTOR_TRAINER_HOME", str(tmp_path))
    leftovers = [tmp_path / "packs" / ".mine.toml.x1.tmp", tmp_path / "results" / ".2024-Alva.json.x2.tmp"]
    kept = [tmp_path / "packs" / "mine.toml", tmp_path / "results" / "2024-Alva.json"]
    for path in leftovers + kept:
        path.parent.mkdir(exist_ok=True)
        path.write_text("x")
    default_services()
    assert [path.exists() for path in leftovers + kept] == [False, False, True, True]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_results_are_readable_only_by_their_user(tmp_path):
    from actor_trainer.people.results import save_summary, summarise
    from actor_trainer.play.game import ScenarioResult

    rows = [ScenarioResult("a", "text", "happy", True, 2.0, 1, 0.9)]
    path = save_summary(summarise(rows, player="Alva"), tmp_path / "results")
    assert (tmp_path / "results").stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
