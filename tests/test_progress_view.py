"""The Progress tab (pytest-qt): per child, the class, CSV export and deleting a child's history."""

import csv
import stat
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from actor_trainer.people.players import PlayerStore
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult
from actor_trainer.ui.progress_view import ProgressView

Button = QMessageBox.StandardButton


@pytest.fixture
def players(tmp_path):
    store = PlayerStore(tmp_path / "players")
    store.add("Alva", "\N{FROG FACE}")
    store.add("Bo", "\N{TIGER FACE}")
    for day, passed in ((1, False), (2, True), (3, True)):
        results = [ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9),
                   ScenarioResult("b", "t", "fear", passed, 6.0, 1, 0.5)]
        store.record_game("Alva", summarise(results, "Alva", "School", "normal", now=datetime(2024, 5, day)).record)
    summary = summarise([ScenarioResult("a", "t", "fear", False, 9.0, 2, 0.3)], "Bo", "School", "easy",
                        now=datetime(2024, 5, 1))
    summary.stopped = True
    store.record_game("Bo", summary.record)
    return tmp_path / "players"


@pytest.fixture
def view(qtbot, players):
    widget = ProgressView(PlayerStore(players), "sv")
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def rows(view):
    columns = range(view.table.columnCount())
    return [[view.table.item(r, c).text() for c in columns] for r in range(view.table.rowCount())]


def test_class_overview_comes_first_with_the_hardest_expression_on_top(view):
    assert view.selected_player() is None
    assert [view.player_list.item(i).text() for i in range(3)][1:] == ["\N{FROG FACE} Alva", "\N{TIGER FACE} Bo"]
    first = rows(view)[0]
    assert first[0].endswith("rädd") and first[1:3] == ["2", "2"]  # both children find fear hard
    assert not view.delete_button.isVisible()


def test_a_child_shows_figures_per_expression_and_a_trend(view):
    view.player_list.setCurrentRow(1)
    assert view.heading.text() == "Alva" and view.subheading.text() == "3 spel"
    assert rows(view) == [["\N{FEARFUL FACE} rädd", "3", "67%", "6,0", "4"],
                          ["\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES} glad", "3", "100%", "2,0", "9"]]
    series = view.chart.series()[0]
    assert [(p.x(), p.y()) for p in series.points()] == [(1, 50), (2, 100), (3, 100)]
    assert view.chart_view.isVisible() and view.delete_button.isVisible()
    view.player_list.setCurrentRow(2)
    assert view.subheading.text() == "1 spel, varav 1 avbrutet"


def test_deleting_a_child_asks_first(view, players, monkeypatch):
    answers = [Button.No, Button.Yes]
    questions = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: questions.append(args[2]) or answers.pop(0))
    view.player_list.setCurrentRow(2)
    view.delete_button.click()
    assert "Bo" in questions[0] and [p.name for p in PlayerStore(players).players()] == ["Alva", "Bo"]
    view.delete_button.click()
    assert [p.name for p in PlayerStore(players).players()] == ["Alva"]
    assert view.player_list.count() == 2 and view.selected_player() is None


def test_csv_export_of_the_class_and_of_one_child(view, tmp_path, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: told.append(args[2]))
    target = tmp_path / "usb" / "class"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    view.export_button.click()
    assert target.with_suffix(".csv").read_bytes().startswith(b"\xef\xbb\xbfplayer;date;")  # Swedish Excel's
    with target.with_suffix(".csv").open(encoding="utf-8-sig") as stream:
        written = list(csv.DictReader(stream, delimiter=";"))
    assert len(written) == 7 and {row["player"] for row in written} == {"Alva", "Bo"}
    assert stat.S_IMODE(target.with_suffix(".csv").stat().st_mode) == 0o600
    assert told == [f"7 rader sparades i {target.with_suffix('.csv')}"]
    view.player_list.setCurrentRow(2)
    view.export_button.click()
    with target.with_suffix(".csv").open(encoding="utf-8-sig") as stream:
        assert [row["player"] for row in csv.DictReader(stream, delimiter=";")] == ["Bo"]
    assert told[-1] == f"1 rad sparades i {target.with_suffix('.csv')}"


def test_no_players_yet_says_so(qtbot, tmp_path):
    widget = ProgressView(PlayerStore(tmp_path / "empty"), "en")
    qtbot.addWidget(widget)
    assert "No children yet" in widget.subheading.text() and not widget.export_button.isEnabled()


def test_the_trend_leaves_room_around_a_first_game_at_full_marks(view):
    view.player_list.setCurrentRow(2)  # Bo: one game
    x_axis, y_axis = (view.chart.axes(orientation)[0] for orientation in (Qt.Orientation.Horizontal,
                                                                           Qt.Orientation.Vertical))
    assert x_axis.min() < 1 < x_axis.max() and y_axis.min() < 0 and y_axis.max() > 100


@pytest.mark.parametrize(("lang", "order"), [("sv", ["Zelda", "Åsa", "Ärla", "Östen"]),
                                             ("en", ["Ärla", "Åsa", "Östen", "Zelda"])])
def test_children_are_listed_in_the_alphabet_of_the_language(qtbot, tmp_path, lang, order):
    store = PlayerStore(tmp_path / "players")
    for name in ("Östen", "Zelda", "Åsa", "Ärla"):
        store.add(name, "\N{FROG FACE}")
        store.record_game(name, summarise([ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9)], name, "School",
                                          "normal", now=datetime(2024, 5, 1)).record)
    widget = ProgressView(PlayerStore(tmp_path / "players"), lang)
    qtbot.addWidget(widget)
    names = [widget.player_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(widget.player_list.count())]
    assert names[1:] == order  # the whole class first


@pytest.mark.parametrize("height", [260, 420])
def test_a_point_at_100_percent_is_drawn_whole_and_the_type_grows_with_the_window(qtbot, view, height):
    """The marker's half fits above 100 % at the plot's height (a fixed 5 % margin cut it in half at 1024x600);
    the chart's labels take the window's type size, as the editor's style sheet sets it for the screen."""
    view.setStyleSheet("QWidget { font-size: 20pt; }")
    view.player_list.setCurrentRow(1)  # Alva: 0 %, 100 %, 100 %
    view.chart_view.setFixedHeight(height)
    qtbot.waitUntil(lambda: view.chart.plotArea().height() > 0)
    view.fit_marker_room()
    y_axis = view.chart.axes(Qt.Orientation.Vertical)[0]
    series = view.chart.series()[0]
    pixels_per_percent = view.chart.plotArea().height() / (y_axis.max() - y_axis.min())
    assert (y_axis.max() - 100) * pixels_per_percent >= series.markerSize() / 2
    assert (0 - y_axis.min()) * pixels_per_percent >= series.markerSize() / 2
    assert y_axis.labelsFont().pointSizeF() >= 19 and view.chart.titleFont().pointSizeF() >= 19
