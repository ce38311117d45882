import json
import stat
from dataclasses import replace
from datetime import datetime

import pytest

from actor_trainer.people.players import FILE_MODE, FOLDER_MODE, Player, PlayerStore
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult


def result(target, passed, seconds, attempts=1):
    return ScenarioResult(f"id-{target}", f"text {target}", target, passed, seconds, attempts, 0.5)


def game(results, when, stopped=None):
    summary = summarise(results, player="Alva", pack_title="School", level="normal", now=when)
    if stopped is not None:
        summary.stopped = stopped  # the start-screen work adds this field to Summary
    return summary


def test_players_are_listed_by_name_with_their_avatar(tmp_path):
    store = PlayerStore(tmp_path / "players")
    store.add("Örjan", "\N{TIGER FACE}")
    store.add("alva", "\N{FROG FACE}")
    store.add("Bo", "\N{DOG FACE}")
    assert store.players() == [Player("alva", "\N{FROG FACE}"), Player("Bo", "\N{DOG FACE}"),
                               Player("Örjan", "\N{TIGER FACE}")]
    assert PlayerStore(tmp_path / "players").players()[0].avatar == "\N{FROG FACE}"  # survives a restart


@pytest.mark.parametrize("name, message, reason", [
    ("  ", "name", "empty"), ("Alva", "already", "duplicate"), (" ALVA ", "already", "duplicate"),
    ("x" * 41, "at most", "too_long")])
def test_bad_names_are_refused_with_a_clear_message(tmp_path, name, message, reason):
    store = PlayerStore(tmp_path)
    store.add("Alva", "\N{FROG FACE}")
    with pytest.raises(ValueError, match=message) as raised:
        store.add(name, "\N{DOG FACE}")
    assert raised.value.reason == reason
    assert [player.name for player in store.players()] == ["Alva"]


def test_names_that_differ_only_in_punctuation_are_two_players(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Ali!", "a")
    store.add("Ali?", "b")
    store.record_game("Ali?", game([result("happy", True, 2.0)], datetime(2024, 5, 1)).record)
    assert store.history("Ali!") == [] and len(store.history("Ali?")) == 1


def test_history_follows_a_child_across_games_oldest_first(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Alva", "\N{FROG FACE}")
    store.record_game("Alva", game([result("happy", True, 2.0), result("fear", False, 20.0, attempts=2)],
                                   datetime(2024, 5, 2, 9, 0)).record)
    store.record_game("Alva", game([result("happy", True, 4.0)], datetime(2024, 5, 1, 9, 0)).record)
    history = PlayerStore(tmp_path).history("alva")
    assert [record.date for record in history] == ["2024-05-01T09:00:00", "2024-05-02T09:00:00"]
    later = history[1]
    assert later.pack == "School" and later.level == "normal" and not later.stopped
    assert [(s.expression, s.passed, s.seconds, s.attempts) for s in later.situations] == [
        ("happy", True, 2.0, 1), ("fear", False, 20.0, 2)]
    assert later.stars == 3 and later.max_stars == 6 and later.passed_count == 1


def test_a_stopped_game_is_recorded_as_stopped(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    summary = game([result("happy", True, 2.0)], datetime(2024, 5, 1), stopped=True)
    summary.total_scenarios = 5
    store.record_game("Alva", summary.record)
    store.record_game("Alva", replace(game([result("sad", True, 3.0)], datetime(2024, 5, 2))).record)
    first, second = store.history("Alva")
    assert first.stopped and first.planned == 5 and len(first.situations) == 1
    assert not second.stopped and second.planned == 1


def test_deleting_a_child_removes_every_trace(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    store.add("Bo", "b")
    store.record_game("Alva", game([result("happy", True, 2.0)], datetime(2024, 5, 1)).record)
    store.delete("Alva")
    assert [player.name for player in store.players()] == ["Bo"]
    assert [p.name for p in tmp_path.iterdir() if p.name != ".players.lock"] == [next(tmp_path.glob("bo-*")).name]
    assert all("Alva" not in path.read_text(encoding="utf-8") for path in tmp_path.iterdir())
    with pytest.raises(ValueError, match="no player"):
        store.history("Alva")


def test_only_the_user_can_read_the_players_folder_and_files(tmp_path):
    folder = tmp_path / "data" / "players"
    folder.mkdir(parents=True, mode=0o755)
    store = PlayerStore(folder)
    store.add("Alva", "a")
    store.record_game("Alva", game([result("happy", True, 2.0)], datetime(2024, 5, 1)).record)
    assert stat.S_IMODE(folder.stat().st_mode) == FOLDER_MODE
    files = list(folder.iterdir())
    assert files and all(stat.S_IMODE(path.stat().st_mode) == FILE_MODE for path in files)
    assert not any(path.name.endswith(".tmp") for path in files)


def test_a_damaged_player_file_is_listed_as_damaged_and_kept(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    (tmp_path / "broken-00000000.json").write_text("{not json", encoding="utf-8")
    assert [player.name for player in store.players()] == ["Alva"]
    assert [(d.path.name, d.game) for d in store.damaged()] == [("broken-00000000.json", None)]
    assert (tmp_path / "broken-00000000.json").exists()
    saved = json.loads(next(p for p in tmp_path.iterdir() if p.name.startswith("alva")).read_text("utf-8"))
    assert saved["name"] == "Alva" and saved["games"] == []
