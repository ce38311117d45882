"""Issue 30's front door, without Qt: the coach finishes a game (one typed record saved through the one
PlayerStore, the save's outcome as data); the record goes to the file and back with the old names on disk;
files written by older versions still load; housekeeping is a start-up call, never a constructor's."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
from datetime import datetime

import pytest

from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.people import records
from actor_trainer.people.players import PlayerError, PlayerStore, import_old_results
from actor_trainer.people.records import GameRecord, SituationRecord
from actor_trainer.people.results import summarise
from actor_trainer.people.saving import FAILED, GUEST, NO_SPACE, SAVED, start_up
from actor_trainer.play.coach import Coach
from actor_trainer.play.game import ScenarioResult
from actor_trainer.vision.source_spec import SourceSpec

PACK = Pack("Zoo", "en", [Scenario("ice", "Ice cream fell.", "sad"), Scenario("gift", "A puppy!", "happy")])
RESULTS = [ScenarioResult("ice", "Ice cream fell.", "sad", True, 2.0, 1, 0.8),
           ScenarioResult("gift", "A puppy!", "happy", False, 6.0, 2, 0.3)]


def stopped_session(coach: Coach, player: str = ""):
    """A game over PACK stopped at once (no face time: nothing tried)."""
    session = coach.start(PACK, player, "normal")
    session.skip_baseline()
    session.ask_to_stop()
    session.confirm_stop()
    return session


class FullDisk(PlayerStore):
    def __init__(self, folder):
        super().__init__(folder)
        self.full = True

    def record_game(self, player_name, game):
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().record_game(player_name, game)


def test_the_coach_finishes_a_game_into_the_players_history(tmp_path):
    store = PlayerStore(tmp_path / "players")
    store.add("Alva", "a")
    coach = Coach(store, baseline_seconds=0.0)
    finished = coach.finish(stopped_session(coach, "Alva"), "Alva", PACK.title)
    assert finished.save.status == SAVED and finished.save.saved and not finished.save.can_retry
    assert finished.game == finished.summary.record and finished.game.stopped
    (saved,) = store.history("Alva")
    assert saved == finished.game  # from the game to the file and back: the same typed record
    assert coach.finish(None, "Alva", PACK.title) is None


def test_a_guests_game_is_not_saved_and_a_failed_save_is_offered_again(tmp_path):
    coach = Coach(None, baseline_seconds=0.0)
    guest = coach.finish(stopped_session(coach), "", PACK.title)
    assert guest.save.status == GUEST and guest.save.guest and coach.save_again(guest) is guest
    store = FullDisk(tmp_path / "players")
    store.add("Alva", "a")
    coach = Coach(store, baseline_seconds=0.0, pending=tmp_path / "pending")
    failed = coach.finish(stopped_session(coach, "Alva"), "Alva", PACK.title)
    assert failed.save.status == FAILED and failed.save.reason == NO_SPACE and failed.save.can_retry
    assert failed.save.pending is not None and store.history("Alva") == []
    store.full = False
    again = coach.save_again(failed)
    assert again.save.saved and again.save.pending is None and not list((tmp_path / "pending").iterdir())
    assert store.history("Alva") == [failed.game]


def test_add_player_says_a_full_disk_as_a_reason(tmp_path):
    class NoRoom(PlayerStore):
        def add(self, name, avatar):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(PlayerError) as caught:
        Coach(NoRoom(tmp_path)).add_player("Alva", "a")
    assert caught.value.reason == NO_SPACE
    assert Coach(PlayerStore(tmp_path)).add_player("Bo", "b").name == "Bo"


def test_the_record_is_frozen_and_its_stars_are_computed_once():
    game = summarise(RESULTS, "Alva", "Zoo", "normal", now=datetime(2024, 5, 1, 9)).record
    with pytest.raises(dataclasses.FrozenInstanceError):
        game.pack = "Other"
    assert [s.stars for s in game.situations] == [3, 0] and (game.stars, game.max_stars) == (3, 6)
    assert isinstance(game.situations, tuple) and isinstance(game.situations[0], SituationRecord)
    unfinished = dataclasses.replace(game, situations=(game.situations[0], dataclasses.replace(
        game.situations[1], unfinished=True)))
    assert (unfinished.stars, unfinished.max_stars) == (3, 3)  # the situation stopped in is no star lost


def test_the_serialiser_keeps_the_names_on_disk():
    game = summarise(RESULTS, "Alva", "Zoo", "hard", now=datetime(2024, 5, 1, 9), total=4).record
    stored = records.to_stored(game)
    assert list(stored) == ["player", "date", "pack", "difficulty", "stopped", "situations", "stars", "max_stars",
                            "planned", "stopped_at"]
    assert list(stored["situations"][0]) == ["expression", "passed", "seconds", "attempts", "text", "unfinished"]
    assert records.from_stored("Alva", json.loads(json.dumps(stored))) == game
    results = records.to_results(game)
    assert {"finished_at", "pack_title", "difficulty", "total_scenarios"} <= set(results)
    assert results["scenarios"][0]["target"] == "sad" and "expression" not in results["scenarios"][0]
    assert records.from_results(json.loads(json.dumps(results))) == game


def test_files_of_older_versions_still_load(tmp_path):
    """A results file of a version before issue 21 (no `unfinished`, `stopped_at`, `total_scenarios`; a row
    without `attempts`), and a pending copy as issue 29 wrote it (the Summary's whole dict)."""
    oldest = {"player": "Bo", "pack_title": "School", "difficulty": "easy", "finished_at": "2023-09-01T10:00:00",
              "scenarios": [{"scenario_id": "a", "text": "Sun", "target": "happy", "passed": True, "seconds": 2,
                             "best_probability": 0.9, "stars": 3},
                            {"scenario_id": "b", "text": "Rain", "target": "sad", "passed": False, "seconds": 4.5,
                             "attempts": 2, "best_probability": 0.2, "stars": 0}],
              "stars": 3, "max_stars": 6, "easy_expressions": ["happy"], "hard_expressions": ["sad"]}
    game = records.from_results(oldest)
    assert (game.player, game.pack, game.level, game.date, game.planned) == ("Bo", "School", "easy",
                                                                              "2023-09-01T10:00:00", 2)
    assert [(s.expression, s.attempts, s.unfinished) for s in game.situations] == [("happy", 1, False),
                                                                                   ("sad", 2, False)]
    pending_of_issue_29 = summarise(RESULTS, "Bo", "Zoo", "normal", now=datetime(2024, 5, 2, 9)).to_dict()
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "old.json").write_text(json.dumps(oldest), encoding="utf-8")
    (folder / "pending.json").write_text(json.dumps(pending_of_issue_29), encoding="utf-8")
    store = PlayerStore(tmp_path / "players")
    assert import_old_results(folder, store).imported == 2
    assert [g.pack for g in store.history("Bo")] == ["School", "Zoo"]
    with pytest.raises(ValueError, match="no player"):
        records.from_results({"player": "", "finished_at": "2024-01-01T00:00:00"})


def test_a_players_file_of_an_older_version_reads_with_its_stored_stars_ignored(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Old", "o")
    path = next(tmp_path.glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["games"] = [{"date": "2023-01-02T09:00:00", "pack": "School", "difficulty": "normal", "stopped": False,
                      "situations": [{"expression": "happy", "passed": True, "seconds": 12.0, "attempts": 1}],
                      "stars": 3, "max_stars": 3}]  # no planned, no stopped_at, no text, no unfinished
    path.write_text(json.dumps(data), encoding="utf-8")
    (game,) = store.history("Old")
    assert game == GameRecord("Old", "2023-01-02T09:00:00", "School", "normal", False,
                              (SituationRecord("happy", True, 12.0, 1),), planned=1)
    assert (game.stars, game.max_stars) == (2, 3)  # 12 s: two stars by the one rule, whatever the file said


def test_the_store_does_no_housekeeping_until_start_up(tmp_path):
    folder = tmp_path / "players"
    PlayerStore(folder).add("Alva", "a")
    leftover = folder / ".alva.json.x1.tmp"  # a temporary atomic.write_text left when killed
    leftover.write_text("half a save")
    store = PlayerStore(folder)  # building the store touches nothing
    assert leftover.exists()
    assert start_up(store, tmp_path / "pending", tmp_path / "results") == []
    assert not leftover.exists() and [p.name for p in store.players()] == ["Alva"]
    assert start_up(None, tmp_path / "pending") == []  # no store (the folder could not be made): nothing to do


def test_start_up_adds_a_game_kept_aside(tmp_path):
    store = FullDisk(tmp_path / "players")
    store.add("Alva", "a")
    coach = Coach(store, baseline_seconds=0.0, pending=tmp_path / "pending")
    coach.finish(stopped_session(coach, "Alva"), "Alva", PACK.title)
    store.full = False
    assert start_up(PlayerStore(tmp_path / "players"), tmp_path / "pending") == []
    assert len(store.history("Alva")) == 1 and not list((tmp_path / "pending").iterdir())


@pytest.mark.parametrize(("spec", "kind"), [(2, "camera"), ("clip.mp4", "video"), ("face.PNG", "picture"),
                                            ("clip.weird", "video")])
def test_a_source_names_its_kind_without_opening_it(spec, kind):
    assert SourceSpec.parse(spec).named_kind == kind


def test_a_folder_source_is_a_folder(tmp_path):
    assert SourceSpec(path=tmp_path).named_kind == "folder"


def test_the_app_builds_one_store_for_the_game_and_the_teachers_window(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6")
    from actor_trainer.ui.app import default_services

    monkeypatch.setenv("ACTOR_TRAINER_HOME", str(tmp_path))
    services = default_services()
    assert isinstance(services.players, PlayerStore) and services.players_error is None

    editor = services.open_editor(None)
    qtbot.addWidget(editor)
    assert editor.progress_view.players is services.players  # the store of this start, not one of its own
    editor.close()


def test_the_settings_page_edits_the_one_settings_object(qtbot, tmp_path):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from tests.test_app import Director, make_services

    store = SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                          first_language=lambda: "en")
    window = MainWindow(make_services(Director(), tmp_path), store)
    qtbot.addWidget(window)
    assert window.start.settings is window.settings  # the page holds the window's object, not a copy
    window.start.calm.setChecked(not window.settings.calm)
    assert window.settings.calm == window.start.calm.isChecked() and store.load().calm == window.settings.calm
    window.start.camera.setValue(3)
    assert window.settings.camera == 3 and window.source_spec == SourceSpec(camera=3)
    window.settings.calm = False  # the window reads the settings, never the boxes
    window.start_game()
    assert not window.play.feedback.calm and not window.session.cues.calm
    window.close()


def test_the_window_reads_no_box_of_the_settings_page():
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "actor_trainer" / "ui" / "main_window.py").read_text("utf-8")
    for box in ("read_aloud", "sound", "calm"):
        assert f"start.{box}.isChecked" not in source and f"start.{box}.setChecked" not in source
    assert "start.camera.value" not in source
