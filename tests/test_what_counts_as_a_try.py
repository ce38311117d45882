"""A stopped game in the figures: the situation the child stopped in, and one with no face time, count
neither as passed nor as failed, in the summary and in every figure progress.py makes (results.is_a_try).

The two stories are the tester's: Alva stops on the angry situation after passing angry and happy; Leo,
with nobody in front of the camera, stops at "1 of 14". Their games are played through a real Session,
saved through the PlayerStore and read back, as the app does."""

from __future__ import annotations

import ast
import csv
import io
import json
from datetime import datetime
from pathlib import Path

from actor_trainer.cli import main
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs.scenarios import Scenario
from actor_trainer.people import progress
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.progress import class_overview, csv_rows, expression_figures, order_for_practice, trend
from actor_trainer.people.records import SituationRecord
from actor_trainer.people.results import is_a_try
from actor_trainer.play.levels import OperatingPoint
from actor_trainer.play.session import Phase, Session
from actor_trainer.settings import level_named

POINT = OperatingPoint("normal", {name: 0.4 for name in EXPRESSIONS})
ALVAS_PACK = [Scenario("gift", "A puppy!", "happy"), Scenario("queue", "Someone pushes in.", "angry"),
              Scenario("tower", "Your tower is knocked down.", "angry"), Scenario("ice", "Your ice cream fell.", "sad")]
LEOS_FIRST = [Scenario("gift", "A puppy!", "happy"), Scenario("queue", "Someone pushes in.", "angry"),
              Scenario("cake", "Cake for you!", "happy"), Scenario("ice", "Your ice cream fell.", "sad")]
LEOS_LONG = [Scenario(f"s{n}", "A situation.", ("happy", "sad", "angry", "surprise")[n % 4]) for n in range(14)]


def showing(expression: str | None) -> dict[str, float] | None:
    if expression is None:
        return None
    return {name: 0.85 if name == expression else 0.025 for name in EXPRESSIONS}


class Child:
    """Plays one game through a Session, frame by frame (10 frames a second)."""

    def __init__(self, scenarios):
        self.session = Session(list(scenarios), level_named("normal"), POINT, baseline_seconds=0.0)
        self.session.skip_baseline()
        self.now = 0.0

    def show(self, expression: str | None, seconds: float) -> None:
        for _ in range(round(seconds * 10)):
            self.now += 0.1
            self.session.feed(showing(expression), self.now)

    def pass_one(self, expression: str) -> None:
        while self.session.phase is Phase.PLAYING:
            self.show(expression, 0.1)
        self.session.advance()

    def skip(self) -> None:
        self.session.skip()

    def stop(self) -> None:
        self.session.ask_to_stop()
        self.session.confirm_stop()

    def save(self, store: PlayerStore, name: str, day: int):
        summary = self.session.summary(name, "School", now=datetime(2024, 5, day, 9))
        store.record_game(name, summary.record)
        return summary


def alvas_story(store: PlayerStore):
    """Alva passes happy and angry, tries the next angry one for 4 s, then Esc, Yes."""
    alva = Child(ALVAS_PACK)
    alva.pass_one("happy")
    alva.pass_one("angry")
    alva.show("neutral", 4.0)
    alva.stop()
    return alva.save(store, "Alva", 1)


def leos_story(store: PlayerStore):
    """Leo passes everything in a first game; in the next one nobody is in view and he stops at 1 of 14."""
    first = Child(LEOS_FIRST)
    for scenario in LEOS_FIRST:
        first.pass_one(scenario.target)
    earlier = first.save(store, "Leo", 1)
    second = Child(LEOS_LONG)
    second.show(None, 6.0)
    second.stop()
    return earlier, second.save(store, "Leo", 2)


def class_of(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    store.add("Leo", "l")
    summaries = {"Alva": [alvas_story(store)], "Leo": list(leos_story(store))}
    return store, summaries, store.histories()[0]


def figures(games) -> dict[str, tuple]:
    return {f.expression: (f.practised, f.passed, f.success_rate, f.hard) for f in expression_figures(games)}


def test_the_rule():
    assert is_a_try(SituationRecord("sad", True, 3.0, 1))
    assert is_a_try(SituationRecord("sad", False, 7.0, 2))  # skipped after trying: not passed
    assert not is_a_try(SituationRecord("sad", False, 4.0, 1, unfinished=True))  # stopped in it
    assert not is_a_try(SituationRecord("sad", False, 0.0, 1))  # no face time: nobody in front of the camera
    assert not is_a_try(SituationRecord("sad", False, 0.0, 0))


def test_alvas_summary_and_her_progress_say_the_same(tmp_path):
    store, summaries, histories = class_of(tmp_path)
    (summary,) = summaries["Alva"]
    assert summary.stopped_at == 3 and summary.scenarios[-1]["unfinished"] and summary.scenarios[-1]["seconds"] > 3
    assert (summary.easy_expressions, summary.hard_expressions) == (["happy", "angry"], [])  # the game's order
    assert (summary.stars, summary.max_stars) == (6, 6)  # the stopped situation is no star lost
    assert figures(histories["Alva"]) == {"angry": (1, 1, 1.0, False), "happy": (1, 1, 1.0, False)}
    assert [point.success_rate for point in trend(histories["Alva"])] == [1.0]


def test_leos_empty_stop_changes_none_of_his_figures(tmp_path):
    _, summaries, histories = class_of(tmp_path)
    earlier, stopped = summaries["Leo"]
    assert (earlier.easy_expressions, earlier.hard_expressions) == (["happy", "angry", "sad"], [])
    assert stopped.stopped_at == 1 and stopped.total_scenarios == 14 and len(stopped.scenarios) == 1
    assert (stopped.easy_expressions, stopped.hard_expressions, stopped.max_stars) == ([], [], 0)
    assert figures(histories["Leo"]) == {"angry": (1, 1, 1.0, False), "happy": (2, 2, 1.0, False),
                                         "sad": (1, 1, 1.0, False)}
    assert [point.success_rate for point in trend(histories["Leo"])] == [1.0, None]  # no share, not 0 %


def test_the_class_overview_finds_nothing_hard(tmp_path):
    _, _, histories = class_of(tmp_path)
    overview = {row.expression: (row.players, row.players_finding_it_hard, row.success_rate)
                for row in class_overview(histories)}
    assert overview == {"happy": (2, 0, 1.0), "sad": (1, 0, 1.0), "angry": (2, 0, 1.0)}


def test_practice_sends_nobody_back_to_what_they_passed(tmp_path):
    store, _, histories = class_of(tmp_path)
    assert order_for_practice(ALVAS_PACK, histories["Alva"]) == ALVAS_PACK
    assert order_for_practice(LEOS_LONG, histories["Leo"]) == LEOS_LONG
    from actor_trainer.play.coach import Coach

    assert [s.id for s in Coach(store).start(_Pack(ALVAS_PACK), "Alva").scenarios] == [s.id for s in ALVAS_PACK]


class _Pack:
    def __init__(self, scenarios):
        self.scenarios = scenarios


def test_games_without_a_try_do_not_push_a_hard_expression_out_of_practice(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Cy", "c")
    pack = [Scenario("ice", "t", "sad"), Scenario("gift", "t", "happy"), Scenario("queue", "t", "angry")]
    cy = Child(pack)
    cy.show("happy", 8.0)  # tries sad for 8 s, cannot, skips: a real failure
    cy.skip()
    cy.pass_one("happy")
    cy.pass_one("angry")
    cy.save(store, "Cy", 1)
    for day in range(2, 8):  # six games left at once with nobody in view
        empty = Child(pack)
        empty.skip()  # Skip with no face time: not a try
        empty.stop()
        empty.save(store, "Cy", day)
    history = store.history("Cy")
    assert figures(history) == {"happy": (1, 1, 1.0, False), "sad": (1, 0, 0.0, True), "angry": (1, 1, 1.0, False)}
    order = order_for_practice(pack, history)
    assert [s.id for s in order] == ["ice", "gift", "ice", "queue"]


def test_csv_rows_count_the_tries_only(tmp_path):
    _, _, histories = class_of(tmp_path)
    rows = [(r["player"], r["date"][:10], r["expression"], r["situations"], r["passed"], r["attempts"])
            for r in csv_rows(histories)]
    assert rows == [("Alva", "2024-05-01", "angry", 1, 1, 1), ("Alva", "2024-05-01", "happy", 1, 1, 1),
                    ("Leo", "2024-05-01", "angry", 1, 1, 1), ("Leo", "2024-05-01", "happy", 2, 2, 2),
                    ("Leo", "2024-05-01", "sad", 1, 1, 1)]  # Leo's empty stop has no row
    alvas_angry = csv_rows(histories)[0]
    passed_seconds = histories["Alva"][0].situations[1].seconds
    assert alvas_angry["seconds"] == round(passed_seconds, 1)  # not the 4 s of the stopped one


def test_the_results_command_says_the_same(tmp_path, capsys):
    class_of(tmp_path)
    assert main(["results", "--folder", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Leo: 2 games (1 stopped early)" in out
    leo = [line.split() for line in out.split("Leo: ")[1].split("Class overview")[0].splitlines()]
    assert ["happy", "2", "2", "100%"] == next(line for line in leo if line[:1] == ["happy"])[:4]
    class_lines = out.split("Class overview")[1].splitlines()[2:]
    assert all(line.split()[2] == "0" and line.split()[3] == "100%" for line in class_lines)
    assert main(["results", "--folder", str(tmp_path), "--csv", "-"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5 and {row["passed"] for row in rows if row["player"] == "Alva"} == {"1"}


def test_the_summary_and_the_figures_count_the_same_situations(tmp_path):
    store, summaries, histories = class_of(tmp_path)
    for name, games in histories.items():
        for summary, game in zip(summaries[name], games, strict=True):
            mine = {f.expression: f for f in expression_figures([game])}
            assert set(summary.easy_expressions) | set(summary.hard_expressions) == set(mine)
            assert not any(mine[expression].hard for expression in summary.easy_expressions)
            assert summary.max_stars == 3 * sum(f.practised for f in mine.values())


def test_an_older_file_without_unfinished_reads_as_it_says(tmp_path):
    """Nothing is inferred from `stopped`: a not-passed situation with face time stays a failure; one with
    no face time was never a try, in old files as in new."""
    store = PlayerStore(tmp_path)
    store.add("Old", "o")
    path = next(tmp_path.glob("*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["games"] = [{"date": "2024-01-02T09:00:00", "pack": "School", "difficulty": "normal", "stopped": True,
                      "situations": [{"expression": "happy", "passed": True, "seconds": 2.0, "attempts": 1},
                                     {"expression": "sad", "passed": False, "seconds": 6.0, "attempts": 1},
                                     {"expression": "angry", "passed": False, "seconds": 0.0, "attempts": 1}],
                      "stars": 3, "max_stars": 9}]
    path.write_text(json.dumps(data), encoding="utf-8")
    (game,) = store.history("Old")
    assert [s.unfinished for s in game.situations] == [False, False, False]
    assert (game.stars, game.max_stars) == (3, 6)  # computed by the one rule (two tries), not the file's 9
    assert figures([game]) == {"happy": (1, 1, 1.0, False), "sad": (1, 0, 0.0, True)}


def test_progress_reads_situations_through_the_one_rule_only():
    """Every `.situations` progress.py reads goes through results.tries (is_a_try's list)."""
    tree = ast.parse(Path(progress.__file__).read_text(encoding="utf-8"))
    through_tries = {id(node.args[0]) for node in ast.walk(tree)
                     if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tries" and node.args}
    reads = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "situations"]
    assert reads and all(id(node) in through_tries for node in reads)


def test_the_progress_tab_shows_the_same(qtbot, tmp_path):
    from actor_trainer.ui.progress_view import ProgressView

    class_of(tmp_path)
    view = ProgressView(PlayerStore(tmp_path), "en")
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    table = view.table

    def shown():
        return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]

    assert all(row[2] == "0" and row[3] == "100%" for row in shown())  # the class: nothing hard
    view.player_list.setCurrentRow(2)
    assert view.heading.text() == "Leo"
    assert [row[1:3] for row in shown()] == [["1", "100%"], ["2", "100%"], ["1", "100%"]]
    assert [(p.x(), p.y()) for p in view.chart.series()[0].points()] == [(1, 100)]  # game 2 had no try
