import json
from datetime import datetime

from actor_trainer.people.results import save_summary, stars_for, summarise
from actor_trainer.play.game import ScenarioResult


def result(target, passed, seconds, scenario_id="s"):
    return ScenarioResult(scenario_id, f"text {scenario_id}", target, passed, seconds, 1, 0.8 if passed else 0.2)


RESULTS = [result("happy", True, 2.0, "a"), result("happy", True, 3.0, "b"), result("sad", True, 12.0, "c"),
           result("fear", False, 20.0, "d"), result("angry", True, 40.0, "e")]


def test_stars_reward_quick_passes():
    assert [stars_for(r) for r in RESULTS] == [3, 3, 2, 0, 1]


def test_summary_names_easy_and_hard_expressions():
    summary = summarise(RESULTS, player="Alva", pack_title="School", difficulty="normal")
    assert summary.stars == 9 and summary.max_stars == 15 and summary.passed_count == 4
    assert summary.easy_expressions == ["happy"]
    assert summary.hard_expressions == ["angry", "fear"]
    assert [row["seconds"] for row in summary.scenarios] == [2.0, 3.0, 12.0, 20.0, 40.0]


def test_saved_only_with_a_player_name(tmp_path):
    assert save_summary(summarise(RESULTS, player="  "), tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    summary = summarise(RESULTS, player="Ö/../x", pack_title="School", now=datetime(2024, 5, 1, 10, 0))
    path = save_summary(summary, tmp_path / "results")
    assert path.parent == tmp_path / "results" and path.suffix == ".json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["player"] == "Ö/../x" and saved["stars"] == 9
    assert set(saved["scenarios"][0]) == {"scenario_id", "text", "target", "passed", "seconds", "attempts",
                                          "best_probability", "stars", "unfinished"}
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left behind


def test_two_games_finished_in_the_same_second_keep_both_results(tmp_path):
    when = datetime(2024, 5, 1, 10, 0)
    first = save_summary(summarise(RESULTS, player="Alva", now=when), tmp_path)
    second = save_summary(summarise(RESULTS[:1], player="Alva", now=when), tmp_path)
    assert first != second
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])
    assert json.loads(first.read_text(encoding="utf-8"))["stars"] == 9


def test_a_stopped_game_keeps_the_unfinished_situation_and_says_where_it_stopped(tmp_path):
    stopped = summarise(RESULTS[:3] + [result("fear", False, 4.0, "d")], player="Alva", total=14, stopped_at=4,
                        unfinished_last=True, now=datetime(2024, 5, 1, 10, 0))
    assert stopped.stopped and stopped.stopped_at == 4 and stopped.total_scenarios == 14
    assert [row["unfinished"] for row in stopped.scenarios] == [False, False, False, True]
    assert "fear" not in stopped.hard_expressions  # stopping is not failing
    saved = json.loads(save_summary(stopped, tmp_path).read_text(encoding="utf-8"))
    assert saved["stopped_at"] == 4 and saved["total_scenarios"] == 14 and saved["scenarios"][-1]["unfinished"]
    finished = summarise(RESULTS)
    assert not finished.stopped and finished.total_scenarios == len(RESULTS)


def test_results_folder_and_files_are_private(tmp_path):
    import stat

    folder = tmp_path / "results"
    folder.mkdir(mode=0o755)
    path = save_summary(summarise(RESULTS, player="Alva"), folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
