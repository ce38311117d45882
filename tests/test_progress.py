import csv
import io
from datetime import datetime

from actor_trainer.packs.scenarios import Scenario
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.progress import (
    CSV_COLUMNS,
    CSV_STYLES,
    class_overview,
    csv_rows,
    csv_text,
    expression_figures,
    order_for_practice,
    trend,
)
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult


def result(target, passed, seconds, attempts=1):
    return ScenarioResult(f"id-{target}", "text", target, passed, seconds, attempts, 0.5)


def play(store, name, results, day, stopped=False):
    summary = summarise(results, player=name, pack_title="School", level="normal", now=datetime(2024, 5, day, 9))
    summary.stopped = stopped
    store.record_game(name, summary.record)


def class_of_two(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Alva", "a")
    store.add("Bo", "b")
    play(store, "Alva", [result("happy", True, 2.0), result("fear", False, 20.0, 2), result("happy", True, 4.0)], 1)
    play(store, "Alva", [result("happy", True, 1.0), result("fear", True, 12.0)], 2)
    play(store, "Bo", [result("fear", False, 25.0), result("sad", True, 3.0)], 1, stopped=True)
    return store, {player.name: store.history(player.name) for player in store.players()}


def test_expression_figures_per_child(tmp_path):
    _, histories = class_of_two(tmp_path)
    fear, happy = expression_figures(histories["Alva"])
    assert (fear.expression, fear.practised, fear.passed, fear.success_rate, fear.median_seconds) == (
        "fear", 2, 1, 0.5, 12.0)
    assert (happy.expression, happy.practised, happy.passed, happy.median_seconds, happy.stars) == (
        "happy", 3, 3, 2.0, 9)
    assert fear.hard and not happy.hard


def test_trend_has_one_point_per_game_oldest_first(tmp_path):
    _, histories = class_of_two(tmp_path)
    points = trend(histories["Alva"])
    assert [round(point.success_rate, 2) for point in points] == [0.67, 1.0]
    assert [point.stopped for point in trend(histories["Bo"])] == [True]


def test_class_overview_puts_what_most_children_find_hard_first(tmp_path):
    _, histories = class_of_two(tmp_path)
    overview = class_overview(histories)
    assert overview[0].expression == "fear"
    assert (overview[0].players, overview[0].players_finding_it_hard) == (2, 2)
    assert round(overview[0].success_rate, 2) == 0.33
    assert {row.expression for row in overview} == {"fear", "happy", "sad"}


def test_csv_has_one_row_per_player_game_and_expression(tmp_path):
    _, histories = class_of_two(tmp_path)
    rows = list(csv.DictReader(io.StringIO(csv_text(histories))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {"player", "date", "pack", "expression", "attempts", "passed", "seconds"} <= set(CSV_COLUMNS)
    assert [(row["player"], row["date"][:10], row["expression"]) for row in rows] == [
        ("Alva", "2024-05-01", "fear"), ("Alva", "2024-05-01", "happy"),
        ("Alva", "2024-05-02", "fear"), ("Alva", "2024-05-02", "happy"),
        ("Bo", "2024-05-01", "fear"), ("Bo", "2024-05-01", "sad")]
    first = rows[1]
    assert (first["pack"], first["situations"], first["passed"], first["attempts"], first["seconds"]) == (
        "School", "2", "2", "2", "6.0")
    assert rows[0]["attempts"] == "2" and rows[0]["passed"] == "0" and rows[4]["stopped"] == "yes"
    assert len(csv_rows({"Alva": histories["Alva"]})) == 4


def test_practice_brings_hard_expressions_back(tmp_path):
    store, histories = class_of_two(tmp_path)
    pack = [Scenario(str(n), "t", target) for n, target in enumerate(["happy", "fear", "sad", "happy", "angry"])]
    order = order_for_practice(pack, histories["Bo"])
    assert order[:3] == pack[:3] and len(order) == len(pack) + 1
    assert [s.target for s in order].count("fear") == 2
    assert all(a is not b for a, b in zip(order, order[1:], strict=False))
    assert order_for_practice(pack, []) == pack


def test_practice_counts_alternatives_and_stays_bounded(tmp_path):
    store = PlayerStore(tmp_path)
    store.add("Cy", "c")
    play(store, "Cy", [result(name, False, 20.0) for name in ("fear", "sad", "angry", "disgust", "surprise")], 1)
    pack = [Scenario("bang", "t", "surprise", alternatives=("fear",)), Scenario("x", "t", "sad"),
            Scenario("y", "t", "angry"), Scenario("z", "t", "disgust")]
    order = order_for_practice(pack, store.history("Cy"))
    assert len(order) == len(pack) + 3
    assert all(a is not b for a, b in zip(order, order[1:], strict=False))


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(tmp_path):
    """OWASP "CSV injection": a cell starting with =, +, -, @, tab or CR gets a leading ' in every style."""
    store = PlayerStore(tmp_path)
    names = ["=HYPERLINK(1)", "+Bo", "-Ali", "@Kim", "\tTab", "\rCr", "Björn; \"B\""]
    for name in names:
        store.add(name, "a")
    for name in names:
        summary = summarise([result("happy", True, 2.5)], player=name, pack_title="=cmd|' /C calc'!A0",
                            level="normal", now=datetime(2024, 5, 1, 9))
        store.record_game(name, summary.record)
    histories = {p.name: store.history(p.name) for p in store.players()}
    for style in (*CSV_STYLES.values(),):
        text = csv_text(histories, style)
        assert text.startswith("\ufeffplayer" + style.separator)
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=style.separator))
        players = {row["player"] for row in rows}
        stored = {p.name for p in store.players()}
        assert players == {("'" + n if n[0] in "=+-@\t\r" else n) for n in stored}
        assert {row["pack"] for row in rows} == {"'=cmd|' /C calc'!A0"}
        assert {row["seconds"] for row in rows} == {"2.5" if style.decimal == "." else "2,5"}
