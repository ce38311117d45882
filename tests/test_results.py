import json
from datetime import datetime

from actor_trainer.people.players import PlayerStore
from actor_trainer.people.results import stars_for, summarise
from actor_trainer.play.game import ScenarioResult


def result(target, passed, seconds, scenario_id="s"):
    return ScenarioResult(scenario_id, f"text {scenario_id}", target, passed, seconds, 1, 0.8 if passed else 0.2)


RESULTS = [result("happy", True, 2.0, "a"), result("happy", True, 3.0, "b"), result("sad", True, 12.0, "c"),
           result("fear", False, 20.0, "d"), result("angry", True, 40.0, "e")]


def test_stars_reward_quick_passes():
    assert [stars_for(r) for r in RESULTS] == [3, 3, 2, 0, 1]


def test_summary_names_easy_and_hard_expressions():
    summary = summarise(RESULTS, player="Alva", pack_title="School", level="normal")
    assert summary.stars == 9 and summary.max_stars == 15 and summary.passed_count == 4
    # the Progress tab's rule (results.is_hard): passed under 70 % of the time, or a median face time over 10 s;
    # in the game's order
    assert summary.easy_expressions == ["happy"]
    assert summary.hard_expressions == ["sad", "fear", "angry"]
    assert [row["seconds"] for row in summary.scenarios] == [2.0, 3.0, 12.0, 20.0, 40.0]


def test_the_players_history_is_the_one_record_of_a_game(tmp_path):
    store = PlayerStore(tmp_path / "players")
    store.add("Ö/../x", "a")
    summary = summarise(RESULTS, player="Ö/../x", pack_title="School", now=datetime(2024, 5, 1, 10, 0))
    path = store.record_game(summary.player, summary.record)
    assert path.parent == tmp_path / "players"  # the name never escapes the folder
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["name"] == "Ö/../x" and saved["games"][0]["stars"] == 9
    assert [p.name for p in path.parent.iterdir() if p.name != ".players.lock"] == [path.name]


def test_two_games_finished_in_the_same_second_by_one_player_keep_both(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    when = datetime(2024, 5, 1, 10, 0)
    store.record_game("Alva", summarise(RESULTS, player="Alva", now=when).record)
    store.record_game("Alva", summarise(RESULTS[:1], player="Alva", now=when).record)
    history = PlayerStore(tmp_path).history("Alva")
    assert [record.date for record in history] == ["2024-05-01T10:00:00"] * 2
    assert sorted(len(record.situations) for record in history) == [1, 5]


def test_a_stopped_game_keeps_the_unfinished_situation_and_says_where_it_stopped(tmp_path):
    stopped = summarise(RESULTS[:3] + [result("fear", False, 4.0, "d")], player="Alva", total=14, stopped_at=4,
                        unfinished_last=True, now=datetime(2024, 5, 1, 10, 0))
    assert stopped.stopped and stopped.stopped_at == 4 and stopped.total_scenarios == 14
    assert [row["unfinished"] for row in stopped.scenarios] == [False, False, False, True]
    assert "fear" not in stopped.hard_expressions  # stopping is not failing
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    store.record_game("Alva", stopped.record)
    (saved,) = store.history("Alva")
    assert saved.stopped_at == 4 and saved.planned == 14 and saved.situations[-1].unfinished
    finished = summarise(RESULTS)
    assert not finished.stopped and finished.total_scenarios == len(RESULTS)


def test_the_summary_and_the_progress_tab_call_the_same_expressions_hard(tmp_path):
    """One rule (results.is_hard): a pass in 12 s is slow, hard in both; a pass in 8 s is easy in both (the
    summary's old star rule called both neither, while Progress called the first hard)."""
    from actor_trainer.people.progress import expression_figures

    results = [result("surprise", True, 8.0, "a"), result("sad", True, 12.0, "b"), result("happy", False, 3.0, "c"),
               result("happy", True, 2.0, "d"), result("happy", True, 2.0, "e"), result("happy", True, 3.0, "f")]
    summary = summarise(results, player="Alva", now=datetime(2024, 5, 1, 10, 0))
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    store.record_game("Alva", summary.record)
    figures = {f.expression: f.hard for f in expression_figures(store.history("Alva"))}
    assert summary.hard_expressions == ["sad"] and summary.easy_expressions == ["surprise", "happy"]
    assert figures == {"surprise": False, "sad": True, "happy": False}
