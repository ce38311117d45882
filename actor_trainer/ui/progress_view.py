"""The Progress tab of the teacher's area: each child's figures per expression and trend, the class
overview, CSV export and deleting a child's history. The figures come from actor_trainer.people.progress."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from actor_trainer import atomic
from actor_trainer.labels import EMOJI
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.progress import (
    class_overview,
    csv_rows,
    csv_style,
    csv_text,
    expression_figures,
    trend,
)
from actor_trainer.people.records import GameRecord
from actor_trainer.ui.i18n import decimal, expression_name, name_order, tr, tr_count

CLASS_ROW = None  # the "whole class" entry's data in the player list


class ProgressView(QWidget):
    history_deleted = Signal(str)

    def __init__(self, players: PlayerStore, language: str = "en", parent=None):
        """`players`: the one PlayerStore (the game window's)."""
        super().__init__(parent)
        self.players = players
        self.language = language
        self.histories: dict[str, list[GameRecord]] = {}
        self.damage: list = []  # players.Damage: files and games that were skipped
        self._build()
        self.reload()

    def _t(self, key: str, **values) -> str:
        return tr(f"pr_{key}", self.language, **values)

    def _build(self) -> None:
        self.player_list = QListWidget()
        self.player_list.currentRowChanged.connect(lambda _row: self._show_selected())
        self.heading = QLabel()
        self.heading.setObjectName("progressHeading")  # big and bold by the editor's style sheet
        self.subheading = QLabel()
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.chart = QChart()
        self.chart.legend().setVisible(False)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(200)
        self.chart.plotAreaChanged.connect(self.fit_marker_room)
        self.export_button = QPushButton(self._t("export"))
        self.export_button.clicked.connect(self.export_csv)
        self.delete_button = QPushButton(self._t("delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        details = QWidget()
        column = QVBoxLayout(details)
        column.addWidget(self.heading)
        column.addWidget(self.subheading)
        column.addWidget(self.table, 1)
        column.addWidget(self.chart_view, 1)
        column.addLayout(buttons)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(QLabel(self._t("players")))
        left_column.addWidget(self.player_list, 1)
        self.damage_note = QLabel()  # damaged player files and games: named, never hidden
        self.damage_note.setTextFormat(Qt.TextFormat.PlainText)
        self.damage_note.setWordWrap(True)
        left_column.addWidget(self.damage_note)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(details)
        splitter.setSizes([260, 940])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ------------------------------------------------------------ data

    def reload(self, select: str | None = None) -> None:
        """Read every child's history again (after a game, or when the tab is shown)."""
        previous = select if select is not None else self.selected_player()
        store = self.players
        players = sorted(store.players(), key=name_order(self.language))
        self.histories, self.damage = store.histories()
        self.player_list.blockSignals(True)
        self.player_list.clear()
        self.player_list.addItem(self._item(f"\N{BUSTS IN SILHOUETTE} {self._t('class')}", CLASS_ROW))
        for player in players:
            if player.name in self.histories:
                self.player_list.addItem(self._item(f"{player.avatar} {player.name}", player.name))
        for damaged in (item for item in self.damage if item.game is None):
            row = self._item(f"\N{WARNING SIGN} {self._t('damaged_file', file=damaged.path.name)}", None)
            row.setFlags(Qt.ItemFlag.NoItemFlags)  # listed, not selectable
            row.setToolTip(damaged.reason)
            self.player_list.addItem(row)
        games = [str(item) for item in self.damage if item.game is not None]
        self.damage_note.setText("\n".join([self._t("damaged_games", count=len(games)), *games]) if games else "")
        self.damage_note.setVisible(bool(games))
        names = [self.player_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.player_list.count())]
        self.player_list.setCurrentRow(names.index(previous) if previous in names else 0)
        self.player_list.blockSignals(False)
        self._show_selected()

    @staticmethod
    def _item(text: str, name: str | None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, name)
        return item

    def selected_player(self) -> str | None:
        item = self.player_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    # ------------------------------------------------------------ showing

    def _show_selected(self) -> None:
        name = self.selected_player()
        if name is None:
            self._show_class()
        else:
            self._show_player(name)
        self.delete_button.setVisible(name is not None)
        self.export_button.setEnabled(bool(self.histories))

    def _show_player(self, name: str) -> None:
        games = self.histories.get(name, [])
        self.heading.setText(name)
        self.subheading.setText(games_text(len(games), sum(g.stopped for g in games), self.language))
        rows = [(self._expression(f.expression), str(f.practised), f"{f.success_rate:.0%}",
                 _seconds(f.median_seconds, self.language), str(f.stars))
                for f in expression_figures(games)]
        self._fill_table(("col_expression", "col_practised", "col_success", "col_median", "col_stars"), rows)
        self._show_trend(games)

    def _show_class(self) -> None:
        self.heading.setText(self._t("class"))
        if not self.histories:
            self.subheading.setText(self._t("no_players"))
        else:
            self.subheading.setText(self._t("class_title"))
        rows = [(self._expression(f.expression), str(f.players), str(f.players_finding_it_hard),
                 f"{f.success_rate:.0%}", _seconds(f.median_seconds, self.language))
                for f in class_overview(self.histories)]
        self._fill_table(("col_expression", "col_children", "col_hard_for", "col_success", "col_median"), rows)
        self.chart_view.setVisible(False)

    def _expression(self, name: str) -> str:
        return f"{EMOJI.get(name, '')} {expression_name(name, self.language)}"

    def _fill_table(self, header_keys: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(header_keys))
        self.table.setHorizontalHeaderLabels([self._t(key) for key in header_keys])
        self.table.setRowCount(len(rows))
        for row_index, row in enumerate(rows):
            for column, text in enumerate(row):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row_index, column, item)

    def _show_trend(self, games: list[GameRecord]) -> None:
        for series in self.chart.series():
            self.chart.removeSeries(series)
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        points = trend(games)
        series = QLineSeries()
        series.setName(self._t("chart_series"))
        series.setPointsVisible(True)
        font = QFont(self.font())  # the window's type size (the editor's style sheet grows it with the screen)
        series.setMarkerSize(max(10, round(0.9 * QFontMetrics(font).height())))
        for number, point in enumerate(points, start=1):
            if point.success_rate is not None:  # a game stopped before any try has no share to draw
                series.append(number, round(100 * point.success_rate))
        self.chart.addSeries(series)
        self.chart.setTitle(self._t("chart_title"))
        title_font = QFont(font)
        title_font.setBold(True)
        self.chart.setTitleFont(title_font)
        # half a step of room on every side, so that a first game at 100 % is a dot, not a corner
        x_axis = QValueAxis()
        x_axis.setRange(0.5, len(points) + 0.5)
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(1)
        x_axis.setTickInterval(max(1, math.ceil(len(points) / 10)))
        x_axis.setLabelFormat("%d")
        x_axis.setTitleText(self._t("chart_axis"))
        y_axis = QValueAxis()
        y_axis.setRange(-5, 105)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(0)
        y_axis.setTickInterval(25)
        y_axis.setLabelFormat("%d%%")
        for axis in (x_axis, y_axis):
            axis.setLabelsFont(font)
            axis.setTitleFont(font)
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self.chart_view.setVisible(bool(points))
        self.fit_marker_room()

    def fit_marker_room(self, *_) -> None:
        """Room above 100 % and below 0 % for a whole marker at the plot's height now (a 100 % point was cut
        in half at 1024x600 and 1280x800 with a fixed 5 % margin)."""
        series = self.chart.series()
        axes = self.chart.axes(Qt.Orientation.Vertical)
        height = self.chart.plotArea().height()
        if not series or not axes or height <= 0:
            return
        room = (series[0].markerSize() / 2 + 3) / height  # of the axis' span, which is 100 + 2 rooms
        margin = min(30.0, max(5.0, 100 * room / (1 - 2 * room))) if room < 0.4 else 30.0
        if abs(axes[0].max() - (100 + margin)) > 0.5:
            axes[0].setRange(-margin, 100 + margin)

    # ------------------------------------------------------------ actions

    def export_csv(self) -> None:
        name = self.selected_player()
        histories = self.histories if name is None else {name: self.histories.get(name, [])}
        suggested = str(Path.home() / ("class-results.csv" if name is None else "results.csv"))
        chosen, _ = QFileDialog.getSaveFileName(self, self._t("export_title"), suggested, self._t("csv_filter"))
        if not chosen:
            return
        target = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".csv")
        try:
            atomic.write_text(target, csv_text(histories, csv_style(self.language)), mode=0o600)
        except OSError as error:
            QMessageBox.warning(self, self._t("export_title"), self._t("failed", error=error.strerror or error))
            return
        QMessageBox.information(self, self._t("export_title"),
                                tr_count("csv_rows", len(csv_rows(histories)), self.language, path=target))

    def delete_selected(self) -> None:
        name = self.selected_player()
        if name is None:
            return
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, self._t("delete_title"), self._t("delete_text", name=name),
                                      buttons.Yes | buttons.No, buttons.No)
        if answer != buttons.Yes:
            return
        try:
            self.players.delete(name)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, self._t("delete_title"), self._t("failed", error=error))
            return
        self.reload(select=CLASS_ROW)
        self.history_deleted.emit(name)


def _seconds(value: float | None, lang: str) -> str:
    """Seconds with one decimal as the language writes them (6,3 in Swedish), a dash when none."""
    return "–" if value is None else decimal(value, lang)


def games_text(games: int, stopped: int, lang: str) -> str:
    """"1 game" / "3 games, 1 of them stopped early" (the stopped part only when there is one)."""
    text = tr_count("games", games, lang)
    return tr("pr_games", lang, games=text, stopped=tr_count("stopped_games", stopped, lang)) if stopped else text
