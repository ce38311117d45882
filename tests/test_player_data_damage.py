"""Damaged player data (issue 21, items 1 and 2): every reader skips the damaged game or file, names it,
and shows the rest: the store, `actor-trainer results`, `--csv`, the Progress view and the practice order.
Each damage is generated here, the way a hand edit or a broken disk makes it."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path

import pytest

from actor_trainer.cli import main
from actor_trainer.packs.scenarios import Scenario
from actor_trainer.people.players import Damage, PlayerError, PlayerStore, import_old_results
from actor_trainer.people.progress import csv_text, order_for_practice
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult


def good_game(day: int = 1) -> object:
    rows = [ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9), ScenarioResult("b", "t", "fear", False, 20.0, 2, 0.3)]
    return summarise(rows, "Alva", "School", "normal", now=datetime(2024, 5, day, 9))


def store_with_two_players(folder: Path) -> PlayerStore:
    store = PlayerStore(folder)
    for name in ("Alva", "Bo"):
        store.add(name, "a")
        for day in (1, 2):
            store.record_game(name, good_game(day).record)
    return store


def player_file(store: PlayerStore, name: str) -> Path:
    return next(path for path in store.folder.glob("*.json")
                if json.loads(path.read_text(encoding="utf-8"))["name"] == name)


def damage_first_game(store: PlayerStore, change) -> None:
    path = player_file(store, "Alva")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["games"][0] = change(data["games"][0])
    path.write_text(json.dumps(data), encoding="utf-8")


def situation(game: dict, **values) -> dict:
    game["situations"][0].update(values)
    return game


def without(game: dict, key: str) -> dict:
    del game["situations"][0][key]
    return game


# The 13 kinds of damage the probe found, each applied to Alva's first game.
DAMAGE = {
    "game is a number": lambda game: 7,
    "game is null": lambda game: None,
    "game is {}": lambda game: {},
    "situations is text": lambda game: {**game, "situations": "happy"},
    "situations is an object": lambda game: {**game, "situations": {"a": 1}},
    "situation missing expression": lambda game: without(game, "expression"),
    "situation missing passed": lambda game: without(game, "passed"),
    "seconds as text": lambda game: situation(game, seconds="2.0"),
    "seconds null": lambda game: situation(game, seconds=None),
    "attempts as text": lambda game: situation(game, attempts="1"),
    "attempts null": lambda game: situation(game, attempts=None),
    "date a number": lambda game: {**game, "date": 20240501},
    "date null": lambda game: {**game, "date": None},
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_game_is_skipped_and_named_and_the_rest_is_shown(tmp_path, kind, capsys):
    store = store_with_two_players(tmp_path / "players")
    damage_first_game(store, DAMAGE[kind])
    histories, damage = PlayerStore(store.folder).histories()
    assert {name: len(games) for name, games in histories.items()} == {"Alva": 1, "Bo": 2}
    assert [(item.path.name, item.game, item.name) for item in damage] == [(player_file(store, "Alva").name, 1, "Alva")]
    assert len(store.history("Alva")) == 1
    # the command line: every player shown, the damaged game named on stderr, exit 0
    assert main(["results", "--folder", str(store.folder)]) == 0
    out, err = capsys.readouterr()
    assert "Alva: 1 game\n" in out and "Bo: 2 games" in out
    assert f"{player_file(store, 'Alva')}, game 1: damaged game, left out" in err
    assert main(["results", "--folder", str(store.folder), "--csv", "-"]) == 0
    out, _ = capsys.readouterr()
    assert out.count("\nAlva,") == 2 and out.count("\nBo,") == 4  # one game x two expressions, two games x two
    # the practice order reads the same history
    pack = [Scenario("a", "t", "happy"), Scenario("b", "t", "fear"), Scenario("c", "t", "sad")]
    assert len(order_for_practice(pack, store.history("Alva"))) == 4  # fear (failed) comes back once


def test_recording_a_game_keeps_the_damaged_games_in_the_file(tmp_path):
    store = store_with_two_players(tmp_path)
    damage_first_game(store, DAMAGE["seconds as text"])
    store.record_game("Alva", good_game(3).record)
    data = json.loads(player_file(store, "Alva").read_text(encoding="utf-8"))
    assert len(data["games"]) == 3 and data["games"][0]["situations"][0]["seconds"] == "2.0"


def test_a_name_edited_by_hand_still_finds_its_history(tmp_path, capsys):
    store = store_with_two_players(tmp_path)
    path = player_file(store, "Alva")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["name"] = "Alva Berg"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert len(store.history("Alva Berg")) == 2
    store.record_game("Alva Berg", good_game(4).record)
    assert len(store.history("alva berg")) == 3 and len(list(tmp_path.glob("*.json"))) == 2
    assert main(["results", "--folder", str(tmp_path), "--player", "Alva Berg"]) == 0
    assert "Alva Berg: 3 games" in capsys.readouterr().out


@pytest.mark.parametrize("content", [
    "[" * 100_000 + "]" * 100_000,
    '{"name": "Cy", "games": [' + "[" * 5000 + "]" * 5000 + "]}",
    "{not json",
    "\xff\xfe",
    '"just text"',
    '{"name": "Cy", "games": {}}',
    '{"name": "", "games": []}',
])
def test_a_player_file_that_cannot_be_read_is_listed_as_damaged_not_hidden(tmp_path, content, capsys):
    store = store_with_two_players(tmp_path)
    (tmp_path / "cy-00000000.json").write_bytes(content.encode("latin-1") if content == "\xff\xfe"
                                                else content.encode("utf-8"))
    assert [player.name for player in store.players()] == ["Alva", "Bo"]
    assert [item.path.name for item in store.damaged()] == ["cy-00000000.json"]
    assert main(["results", "--folder", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "Alva: 2 games" in out and "cy-00000000.json: damaged player file, not shown" in err


def test_a_player_file_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    from actor_trainer.people import players

    store = store_with_two_players(tmp_path)
    monkeypatch.setattr(players, "MAX_FILE_BYTES", player_file(store, "Alva").stat().st_size - 1)
    assert [player.name for player in store.players()] == ["Bo"]
    assert "too large" in store.damaged()[0].reason
    with pytest.raises(PlayerError, match="damaged") as raised:
        store.record_game("Alva", good_game(5).record)  # never written over
    assert raised.value.reason == "damaged"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")
def test_a_fifo_or_a_symlink_to_dev_zero_as_a_player_file_is_listed_as_damaged(tmp_path):
    store = store_with_two_players(tmp_path)
    os.mkfifo(tmp_path / "fifo-00000000.json")
    (tmp_path / "zero-00000000.json").symlink_to("/dev/zero")
    assert [player.name for player in store.players()] == ["Alva", "Bo"]
    assert sorted((d.path.name, "not a regular file" in d.reason) for d in store.damaged()) == [
        ("fifo-00000000.json", True), ("zero-00000000.json", True)]


def test_the_progress_view_lists_damaged_files_and_games(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from actor_trainer.ui.progress_view import ProgressView

    store = store_with_two_players(tmp_path)
    damage_first_game(store, DAMAGE["date null"])
    alva = player_file(store, "Alva").name
    (tmp_path / "cy-00000000.json").write_text("[" * 100_000, encoding="utf-8")
    view = ProgressView(PlayerStore(tmp_path), "en")
    qtbot.addWidget(view)
    texts = [view.player_list.item(row).text() for row in range(view.player_list.count())]
    assert texts[1:3] == ["a Alva", "a Bo"] and "cy-00000000.json (damaged file, not shown)" in texts[3]
    assert not view.player_list.item(3).flags() & Qt.ItemFlag.ItemIsSelectable
    assert "1 damaged games are not shown" in view.damage_note.text()
    assert f"{alva}, game 1: 'date' must be text, not null" in view.damage_note.text()
    assert len(view.histories["Alva"]) == 1 and len(view.histories["Bo"]) == 2


def test_csv_of_damaged_games_never_reaches_the_file(tmp_path):
    store = store_with_two_players(tmp_path)
    damage_first_game(store, DAMAGE["attempts as text"])
    histories, damage = store.histories()
    assert isinstance(damage[0], Damage) and "'attempts' must be a whole number" in damage[0].reason
    assert csv_text(histories).count("\n") == 1 + 2 + 4


# ------------------------------------------------------------------ the old results folder, imported once


def old_result(folder: Path, name: str, summary) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(summary.to_dict()), encoding="utf-8")
    return path


def test_old_results_are_imported_once_without_doubling_games(tmp_path):
    store = PlayerStore(tmp_path / "players")
    store.add("Alva", "a")
    store.record_game("Alva", good_game(1).record)  # saved twice by the old version: results/ and history
    results = tmp_path / "results"
    old_result(results, "a.json", good_game(1))
    old_result(results, "b.json", good_game(2))  # the kill of issue 21 item 4: only in results/
    bo = good_game(3)
    bo.player = "Bo"
    old_result(results, "c.json", bo)  # a player the store never had
    (results / "d.json").write_text("{broken", encoding="utf-8")
    report = import_old_results(results, store)
    assert (report.imported, report.already, len(report.skipped)) == (2, 1, 1) and "d.json" in report.skipped[0]
    assert not results.exists() and (tmp_path / "results-imported" / "d.json").exists()
    assert len(store.history("Alva")) == 2 and len(store.history("Bo")) == 1
    assert import_old_results(results, store).imported == 0  # once: nothing is left to import


def test_the_app_imports_the_old_results_folder_at_start(tmp_path, monkeypatch):
    from actor_trainer.ui.app import default_services

    monkeypatch.setenv("ACTOR_TRAINER_HOME", str(tmp_path))
    old_result(tmp_path / "results", "a.json", good_game(1))
    default_services()  # the start-up: the one store, the old results folded in
    assert len(PlayerStore(tmp_path / "players").history("Alva")) == 1
    assert not (tmp_path / "results").exists()


def test_a_copy_of_a_players_file_is_named_instead_of_hiding_games(tmp_path):
    """Issue 29: a copy under another name silently hid that copy's games."""
    import shutil

    from actor_trainer.people.players import PlayerStore
    store = PlayerStore(tmp_path)
    store.add("Alva", "🦊")
    own = next(tmp_path.glob("*.json"))
    shutil.copy(own, tmp_path / "alva-copy.json")
    histories, damage = store.histories()
    assert list(histories) == ["Alva"] and [player.name for player in store.players()] == ["Alva"]
    assert len(damage) == 1 and damage[0].path.name == "alva-copy.json" and "a second file for Alva" in str(damage[0])
    assert store._find("Alva")[0] == own


def test_one_game_nested_deeply_is_skipped_alone(tmp_path):
    """Issue 29: one game with a field nested deeper than 8 levels hid the whole player."""
    import json

    from actor_trainer.people.players import PlayerStore
    store = PlayerStore(tmp_path)
    store.add("Alva", "🦊")
    path = next(tmp_path.glob("*.json"))
    data = json.loads(path.read_text())
    nested = "x"
    for _ in range(12):
        nested = [nested]
    data["games"] = [{"date": nested}]
    path.write_text(json.dumps(data))
    histories, damage = store.histories()
    assert histories == {"Alva": []} and len(damage) == 1 and damage[0].game == 1
