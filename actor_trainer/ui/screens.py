"""The screens of the game: start, play (with calibration and success), summary, error. Widgets only;
the flow lives in main_window.MainWindow and actor_trainer.game."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from actor_trainer.labels import EMOJI
from actor_trainer.settings import DIFFICULTIES
from actor_trainer.ui.i18n import LANGUAGE_NAMES, expression_name, tr
from actor_trainer.ui.widgets import Celebration, ExpressionBars, HoldRing, MirrorView, TargetGauge


def _button(*shortcuts: str) -> QPushButton:
    """A button with keyboard shortcuts that work while its screen is shown (Qt ignores hidden ones).

    QShortcut rather than setShortcut: QPushButton.setText() would clear a shortcut on every retranslation.
    """
    button = QPushButton()
    button.setMinimumHeight(48)
    for keys in shortcuts:
        QShortcut(QKeySequence(keys), button, button.animateClick)
    return button


def _label(name: str = "", wrap: bool = False) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


class StartScreen(QWidget):
    start_requested = Signal()
    teacher_requested = Signal()
    quit_requested = Signal()
    language_changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title, self.subtitle = _label("title"), _label(wrap=True)
        self.pack = QComboBox()
        self.player = QLineEdit()
        self.player.setMaxLength(40)
        self.player_note = _label("note", wrap=True)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.difficulty = QComboBox()
        for name in DIFFICULTIES:
            self.difficulty.addItem(name, name)
        self.read_aloud, self.sound = QCheckBox(), QCheckBox()
        self.problems = _label("note", wrap=True)
        self.start, self.teacher, self.quit = _button("Return", "Enter"), _button("Ctrl+T"), _button("Ctrl+Q")
        self.form = QFormLayout()
        self.form_labels = {}
        for key, field in (("pack", self.pack), ("player", self.player), ("", self.player_note),
                           ("language", self.language), ("difficulty", self.difficulty), ("", self.read_aloud),
                           ("", self.sound)):
            if key:
                self.form_labels[key] = QLabel()
                self.form.addRow(self.form_labels[key], field)
            else:
                self.form.addRow(field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.teacher)
        buttons.addWidget(self.quit)
        buttons.addStretch()
        buttons.addWidget(self.start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        for widget in (self.title, self.subtitle):
            layout.addWidget(widget)
        layout.addLayout(self.form)
        layout.addWidget(self.problems)
        layout.addStretch()
        layout.addLayout(buttons)
        self.start.setObjectName("primary")
        self.start.clicked.connect(self.start_requested)
        self.player.returnPressed.connect(self.start_requested)
        self.teacher.clicked.connect(self.teacher_requested)
        self.quit.clicked.connect(self.quit_requested)
        self.language.currentIndexChanged.connect(lambda _: self.language_changed.emit(self.language.currentData()))
        self.speech_available = True

    def retranslate(self, lang: str) -> None:
        self.title.setText(tr("welcome", lang))
        self.subtitle.setText(tr("welcome_sub", lang))
        for key, label in self.form_labels.items():
            label.setText(tr(key, lang))
        self.player_note.setText(tr("player_note", lang))
        for index in range(self.difficulty.count()):
            self.difficulty.setItemText(index, tr(f"level_{self.difficulty.itemData(index)}", lang))
        missing = "" if self.speech_available else " " + tr("read_aloud_missing", lang)
        self.read_aloud.setText(tr("read_aloud", lang) + missing)
        self.sound.setText(tr("sound", lang))
        self.start.setText(tr("start", lang))
        self.teacher.setText(tr("teacher", lang))
        self.quit.setText(tr("quit", lang))

    def set_packs(self, packs, selected_title: str, problem_count: int, lang: str) -> None:
        self.pack.clear()
        for pack in packs:
            self.pack.addItem(f"{pack.title}  ({pack.language}, {len(pack.scenarios)})", pack)
        titles = [pack.title for pack in packs]
        same_language = [index for index, pack in enumerate(packs) if pack.language == lang]
        if selected_title in titles:
            self.pack.setCurrentIndex(titles.index(selected_title))
        elif same_language:
            self.pack.setCurrentIndex(same_language[0])
        notes = [tr("no_packs", lang)] if not packs else []
        if problem_count:
            notes.append(tr("pack_problems", lang, count=problem_count))
        self.problems.setText("\n".join(notes))
        self.start.setEnabled(bool(packs))


class PlayScreen(QWidget):
    skip_requested = Signal()
    retry_requested = Signal()
    pause_requested = Signal()
    stop_requested = Signal()
    next_requested = Signal()
    read_again_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.progress = _label("note")
        self.read_again = _button("L")
        top = QHBoxLayout()
        top.addWidget(self.progress)
        top.addStretch()
        top.addWidget(self.read_again)
        self.situation = _label("situation", wrap=True)
        self.target = _label("target")
        self.hint = _label("note", wrap=True)
        self.mirror = MirrorView()
        self.gauge = TargetGauge()
        self.hold = HoldRing()
        self.hold_label = _label("note")
        self.bars = ExpressionBars()
        side = QVBoxLayout()
        side.addWidget(self.gauge)
        hold_row = QHBoxLayout()
        hold_row.addWidget(self.hold)
        hold_row.addWidget(self.hold_label)
        side.addLayout(hold_row)
        side.addWidget(self.bars)
        side.addStretch()
        live = QWidget()
        live_layout = QHBoxLayout(live)
        live_layout.setContentsMargins(0, 0, 0, 0)
        live_layout.addWidget(self.mirror, 3)
        live_layout.addLayout(side, 2)
        self.celebration = Celebration()
        self.success_title, self.success_sub = _label("title"), _label("target")
        self.next = _button("Return", "Enter")
        success = QWidget()
        success_layout = QVBoxLayout(success)
        for widget in (self.success_title, self.success_sub):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            success_layout.addWidget(widget)
        success_layout.addWidget(self.celebration, 1)
        success_layout.addWidget(self.next, 0, Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(live)
        self.pages.addWidget(success)
        self.skip, self.retry = _button("S", "Right"), _button("R")
        self.pause, self.stop = _button("Space", "P"), _button("Escape")
        buttons = QHBoxLayout()
        for button in (self.stop, self.retry, self.pause):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addLayout(top)
        layout.addWidget(self.situation)
        layout.addWidget(self.target)
        layout.addWidget(self.hint)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        for button, signal in ((self.skip, self.skip_requested), (self.retry, self.retry_requested),
                               (self.pause, self.pause_requested), (self.stop, self.stop_requested),
                               (self.next, self.next_requested), (self.read_again, self.read_again_requested)):
            button.clicked.connect(signal)

    def retranslate(self, lang: str, paused: bool = False) -> None:
        self.skip.setText(tr("skip", lang))
        self.retry.setText(tr("retry", lang))
        self.pause.setText(tr("resume" if paused else "pause", lang))
        self.stop.setText(tr("stop", lang))
        self.next.setText(tr("next", lang))
        self.read_again.setText(tr("read_again", lang))
        self.hold_label.setText(tr("hold", lang))
        self.success_title.setText(tr("success", lang))
        self.bars.retranslate(lang)

    def show_scenario(self, scenario, index: int, total: int, show_target: bool, lang: str) -> None:
        self.pages.setCurrentIndex(0)
        self.progress.setText(tr("progress", lang, index=index + 1, total=total))
        self.situation.setText(scenario.text)
        name = expression_name(scenario.target, lang)
        shown = tr("show", lang, name=name, emoji=EMOJI[scenario.target])
        self.target.setText(shown if show_target else tr("guess", lang))
        self.hint.setText("")
        self.gauge.set_values(0.0, self.gauge.threshold)
        self.hold.set_fraction(0.0)
        for button in (self.skip, self.retry, self.pause):
            button.setEnabled(True)

    def show_calibration(self, lang: str) -> None:
        self.pages.setCurrentIndex(0)
        self.progress.setText("")
        self.situation.setText(tr("calibrate_title", lang))
        self.target.setText(tr("calibrate_sub", lang))
        self.hint.setText("")
        self.skip.setText(tr("calibrate_skip", lang))
        self.retry.setEnabled(False)
        self.hold.set_fraction(0.0)

    def show_success(self, target: str, lang: str) -> None:
        self.success_sub.setText(tr("success_sub", lang, name=f"{expression_name(target, lang)} {EMOJI[target]}"))
        self.pages.setCurrentIndex(1)
        self.retry.setEnabled(False)
        self.pause.setEnabled(False)
        self.next.setFocus()
        self.celebration.play()


class SummaryScreen(QWidget):
    play_again_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title, self.stars = _label("title"), _label("target")
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.easy, self.hard, self.saved = _label(wrap=True), _label(wrap=True), _label("note", wrap=True)
        self.play_again, self.back = _button("Return", "Enter"), _button("Escape")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch()
        buttons.addWidget(self.play_again)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        for widget in (self.title, self.stars):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        for widget in (self.easy, self.hard, self.saved):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.play_again.clicked.connect(self.play_again_requested)
        self.back.clicked.connect(self.back_requested)

    def show_summary(self, summary, saved_note: str, lang: str) -> None:
        self.title.setText(tr("summary_title_named", lang, player=summary.player) if summary.player
                           else tr("summary_title", lang))
        self.stars.setText("\u2605" * summary.stars + "  " + tr("summary_stars", lang, stars=summary.stars,
                                                                 max_stars=summary.max_stars))
        self.table.setHorizontalHeaderLabels([tr(key, lang) for key in
                                              ("col_situation", "col_expression", "col_stars", "col_seconds")])
        self.table.setRowCount(len(summary.scenarios))
        for row, item in enumerate(summary.scenarios):
            stars = "\u2605" * item["stars"] + "\u2606" * (3 - item["stars"]) if item["passed"] else tr("skipped", lang)
            cells = (item["text"], f"{EMOJI[item['target']]} {expression_name(item['target'], lang)}", stars,
                     f"{item['seconds']:.1f}")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        none = tr("summary_none", lang)
        self.easy.setText(tr("summary_easy", lang, names=_names(summary.easy_expressions, lang) or none))
        self.hard.setText(tr("summary_hard", lang, names=_names(summary.hard_expressions, lang) or none))
        self.saved.setText(saved_note)
        self.play_again.setText(tr("play_again", lang))
        self.back.setText(tr("back_to_start", lang))


def _names(expressions, lang: str) -> str:
    return ", ".join(f"{EMOJI[name]} {expression_name(name, lang)}" for name in expressions)


class ErrorScreen(QWidget):
    retry_requested = Signal()
    video_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind = ""
        self.title, self.help, self.details = _label("title", wrap=True), _label(wrap=True), _label("note", wrap=True)
        self.retry, self.video, self.back = _button("R", "Return"), _button("V", "Ctrl+O"), _button("Escape")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch()
        buttons.addWidget(self.video)
        buttons.addWidget(self.retry)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        for widget in (self.title, self.help, self.details):
            layout.addWidget(widget)
        layout.addStretch()
        layout.addLayout(buttons)
        self.retry.clicked.connect(self.retry_requested)
        self.video.clicked.connect(self.video_requested)
        self.back.clicked.connect(self.back_requested)

    def show_error(self, kind: str, message: str, lang: str) -> None:
        self.kind = kind
        self.title.setText(tr(f"error_{kind}", lang))
        self.help.setText(tr(f"error_{kind}_help", lang))
        self.details.setText(tr("details", lang, message=message) if message else "")
        self.retry.setText(tr("retry_button", lang))
        self.video.setText(tr("video_button", lang))
        self.back.setText(tr("back_to_start", lang))
