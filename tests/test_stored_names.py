"""Names on disk outlive names in code: the level is `difficulty` in every file a user or teacher already has
(the QSettings key, a player's file, the progress CSV, a pack's TOML, the old results files)."""

import json
from datetime import datetime

from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.packs.toml_format import load_pack, save_pack
from actor_trainer.people.players import PlayerStore, import_old_results
from actor_trainer.people.progress import CSV_COLUMNS, csv_text
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult
from actor_trainer.settings import Settings

RESULTS = [ScenarioResult("ice", "Your ice cream fell", "sad", True, 2.0, 1, 0.8)]


def test_the_settings_keep_their_difficulty_key():
    stored = Settings(level="hard").to_dict()
    assert stored["difficulty"] == "hard" and "level" not in stored
    assert Settings.from_dict({"difficulty": "easy"}).level == "easy"


def test_a_players_file_and_the_csv_keep_difficulty(tmp_path):
    store = PlayerStore(tmp_path / "players")
    store.add("Alva", "a")
    record = summarise(RESULTS, "Alva", "School", level="hard", now=datetime(2024, 5, 1)).record
    path = store.record_game("Alva", record)
    game = json.loads(path.read_text(encoding="utf-8"))["games"][0]
    assert game["difficulty"] == "hard" and "level" not in game
    assert list(game)[:5] == ["player", "date", "pack", "difficulty", "stopped"]  # where it always was
    assert store.history("Alva")[0].level == "hard"
    assert "difficulty" in CSV_COLUMNS and ",hard," in csv_text(store.histories()[0])


def test_an_old_results_file_keeps_difficulty(tmp_path):
    summary = summarise(RESULTS, "Bo", "School", level="easy", now=datetime(2024, 5, 2))
    assert summary.to_dict()["difficulty"] == "easy" and "level" not in summary.to_dict()
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "bo.json").write_text(json.dumps(summary.to_dict()), encoding="utf-8")
    store = PlayerStore(tmp_path / "players")
    assert import_old_results(folder, store).imported == 1
    assert store.history("Bo")[0].level == "easy"


def test_a_packs_file_keeps_difficulty_for_the_min_level(tmp_path):
    path = tmp_path / "pack.toml"
    save_pack(Pack("Ours", "en", [Scenario("ghost", "A ghost!", "fear", min_level="hard")]), path)
    text = path.read_text(encoding="utf-8")
    assert 'difficulty = "hard"' in text and "min_level" not in text
    assert load_pack(path)[0].scenarios[0].min_level == "hard"
