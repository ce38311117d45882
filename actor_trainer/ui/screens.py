"""The screens of the game: start, play (calibration, feedback, success, pause, stop?), summary, error.
Widgets only: the flow lives in actor_trainer.play.session and main_window.MainWindow."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from actor_trainer.labels import EMOJI
from actor_trainer.play.session import Feedback, Phase, View
from actor_trainer.settings import DIFFICULTIES
from actor_trainer.ui.i18n import LANGUAGE_NAMES, expression_name, problem_text, tr
from actor_trainer.ui.mascot import Mascot, mascot_image
from actor_trainer.ui.rewards import Celebration, JourneyMap, StickerSheet
from actor_trainer.ui.widgets import (
    ChoiceButtons,
    ExpressionBars,
    FeedbackWord,
    HoldRing,
    Meter,
    MirrorView,
    TargetGauge,
)

AVATARS = ("🦊", "🐻", "🐼", "🐸", "🐯", "🦁", "🐰", "🐨", "🐵", "🦄", "🐙", "🐢")
PACK_PICTURES = ("🎭", "🏫", "🎈", "🌳", "🚀", "🐾", "🏖️", "🎪")
LEVEL_ICONS = {"easy": "⭐", "normal": "⭐⭐", "hard": "⭐⭐⭐"}
FEEDBACK_COLOURS = {Feedback.ALMOST: "#ef6c00", Feedback.HOLD: "#2e7d32", Feedback.PASSED: "#2e7d32",
                    Feedback.NO_FACE: "#c62828"}
MAX_PROBLEM_LINES = 3


def _button(*shortcuts: str) -> QPushButton:
    """A button with keyboard shortcuts that work while its screen is shown (Qt ignores hidden ones).

    QShortcut rather than setShortcut: QPushButton.setText() would clear a shortcut on every retranslation.
    """
    button = QPushButton()
    button.setMinimumHeight(48)
    for keys in shortcuts:
        QShortcut(QKeySequence(keys), button, button.animateClick)
    return button


def _label(name: str = "", wrap: bool = False, centre: bool = False) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    if centre:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _scrolling_row(widget: QWidget, height: int) -> QScrollArea:
    """A row of big buttons that scrolls sideways when there are more than fit."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFixedHeight(height)
    return area


def sharpened(probs: dict[str, float] | None, power: float = 3.0) -> dict[str, float] | None:
    """The child's probabilities with the leading expression stressed, so the mirrored mascot shows
    one clear face instead of a blur of several (the judge still sees the real ones)."""
    if not probs:
        return probs
    raised = {name: value ** power for name, value in probs.items()}
    total = sum(raised.values()) or 1.0
    return {name: value / total for name, value in raised.items()}


def pack_picture(pack) -> str:
    """The same picture for a pack every time (packs carry no picture of their own)."""
    return PACK_PICTURES[zlib.crc32(pack.title.encode("utf-8")) % len(PACK_PICTURES)]


def mascot_pixmap(expression: str, size: int) -> QPixmap:
    return QPixmap.fromImage(mascot_image(expression, size))


def problem_lines(problems, lang: str) -> str:
    """Broken pack files as a teacher reads them: file name, line, what is wrong; the first few only."""
    if not problems:
        return ""
    lines = [tr("pack_problems_title", lang)]
    for problem in problems[:MAX_PROBLEM_LINES]:
        lines.append("• " + tr("pack_problem_line", lang, file=problem.path.name, line=problem.line,
                               message=problem_text(problem.message, lang)))
    if len(problems) > MAX_PROBLEM_LINES:
        lines.append(tr("pack_problems_more", lang, count=len(problems) - MAX_PROBLEM_LINES))
    return "\n".join(lines)


class StartScreen(QWidget):
    start_requested = Signal()
    teacher_requested = Signal()
    quit_requested = Signal()
    language_changed = Signal(str)
    add_player_requested = Signal(str, str)  # name, avatar
    settings_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = "sv"
        self.speech_available = True
        self.title = _label("title")
        self.settings_button = _button()
        self.settings_button.setObjectName("corner")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.settings_button)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._main_page())
        self.pages.addWidget(self._settings_page())
        self.pages.addWidget(self._new_player_page())
        self.start, self.teacher, self.quit = _button("Return", "Enter"), _button("Ctrl+T"), _button()
        self.start.setObjectName("primary")
        self.bottom = QWidget()
        buttons = QHBoxLayout(self.bottom)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.teacher)
        buttons.addWidget(self.quit)
        buttons.addStretch()
        buttons.addWidget(self.start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.bottom)
        self.start.clicked.connect(self.start_requested)
        self.teacher.clicked.connect(self.teacher_requested)
        self.quit.clicked.connect(self.quit_requested)
        self.settings_button.clicked.connect(self.show_settings)
        self.language.currentIndexChanged.connect(lambda _: self.language_changed.emit(self.language.currentData()))
        self.difficulty.changed.connect(lambda _: self._explain_level())
        for box in (self.read_aloud, self.sound, self.calm):
            box.toggled.connect(lambda _checked: self.settings_changed.emit())
        self.camera.valueChanged.connect(lambda _value: self.settings_changed.emit())

    # ------------------------------------------------------------------ pages
    def _main_page(self) -> QWidget:
        page = QWidget()
        self.player_heading, self.pack_heading = _label("heading"), _label("heading")
        self.level_heading, self.level_note = _label("heading"), _label("note")
        self.player = ChoiceButtons()
        self.new_player = _button("Ctrl+N")
        self.new_player.setObjectName("choice")
        self.player.row.insertWidget(0, self.new_player)
        self.pack = ChoiceButtons()
        self.difficulty = ChoiceButtons()
        for name in DIFFICULTIES:
            self.difficulty.add("", name, picture=LEVEL_ICONS[name], picture_size=24)
        self.problems = _label("note", wrap=True)
        levels = QHBoxLayout()
        levels.addWidget(self.level_heading)
        levels.addWidget(self.difficulty)
        levels.addWidget(self.level_note, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.player_heading)
        layout.addWidget(_scrolling_row(self.player, 90))
        layout.addWidget(self.pack_heading)
        layout.addWidget(_scrolling_row(self.pack, 118))
        layout.addLayout(levels)
        layout.addWidget(self.problems)
        layout.addStretch()
        self.new_player.clicked.connect(self.show_new_player)
        return page

    def _settings_page(self) -> QWidget:
        page = QWidget()
        self.settings_title = _label("heading")
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.read_aloud, self.sound, self.calm = QCheckBox(), QCheckBox(), QCheckBox()
        self.camera = QSpinBox()
        self.camera.setRange(0, 9)
        self.settings_done = _button("Escape")
        self.form = QFormLayout()
        self.form_labels = {"language": QLabel(), "camera": QLabel()}
        self.form.addRow(self.form_labels["language"], self.language)
        self.form.addRow(self.sound)
        self.form.addRow(self.read_aloud)
        self.form.addRow(self.calm)
        self.form.addRow(self.form_labels["camera"], self.camera)
        layout = QVBoxLayout(page)
        layout.addWidget(self.settings_title)
        layout.addLayout(self.form)
        layout.addStretch()
        layout.addWidget(self.settings_done, 0, Qt.AlignmentFlag.AlignRight)
        self.settings_done.clicked.connect(self.show_main)
        return page

    def _new_player_page(self) -> QWidget:
        page = QWidget()
        self.new_player_title, self.avatar_heading = _label("heading"), _label()
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(40)
        self.avatars = ChoiceButtons()
        for avatar in AVATARS:
            self.avatars.add("", avatar, picture=avatar, picture_size=44)
        self.new_player_error = _label("warning", wrap=True)
        self.add_player, self.cancel_player = _button(), _button("Escape")
        self.add_player.setObjectName("primary")
        self.name_label = QLabel()
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.new_name, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_player)
        buttons.addStretch()
        buttons.addWidget(self.add_player)
        layout = QVBoxLayout(page)
        layout.addWidget(self.new_player_title)
        layout.addLayout(name_row)
        layout.addWidget(self.avatar_heading)
        layout.addWidget(_scrolling_row(self.avatars, 80))
        layout.addWidget(self.new_player_error)
        layout.addStretch()
        layout.addLayout(buttons)
        self.add_player.clicked.connect(self._ask_to_add_player)
        self.new_name.returnPressed.connect(self._ask_to_add_player)
        self.cancel_player.clicked.connect(self.show_main)
        return page

    def show_main(self) -> None:
        self.pages.setCurrentIndex(0)
        self.bottom.setVisible(True)
        self.settings_button.setVisible(True)
        self.start.setFocus()

    def show_settings(self) -> None:
        self.pages.setCurrentIndex(1)
        self.bottom.setVisible(False)
        self.settings_button.setVisible(False)

    def show_new_player(self) -> None:
        self.new_name.clear()
        self.new_player_error.setText("")
        self.avatars.group.setExclusive(False)  # nothing chosen yet
        for button in self.avatars.buttons:
            button.setChecked(False)
        self.avatars.group.setExclusive(True)
        self.pages.setCurrentIndex(2)
        self.bottom.setVisible(False)
        self.settings_button.setVisible(False)
        self.new_name.setFocus()

    def _ask_to_add_player(self) -> None:
        name, avatar = self.new_name.text().strip(), self.avatars.currentData()
        if not name:
            self.new_player_error.setText(tr("player_needs_name", self.lang))
        elif not avatar:
            self.new_player_error.setText(tr("player_needs_avatar", self.lang))
        else:
            self.add_player_requested.emit(name, avatar)

    # ------------------------------------------------------------------ contents
    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(tr("welcome", lang))
        self.settings_button.setText("⚙ " + tr("settings_button", lang))
        self.player_heading.setText(tr("who_plays", lang))
        self.pack_heading.setText(tr("choose_pack", lang))
        self.level_heading.setText(tr("choose_level", lang))
        self.new_player.setText("➕ " + tr("new_player", lang))
        if self.player.count():
            self.player.setItemText(0, tr("guest", lang))
        for index in range(self.difficulty.count()):
            self.difficulty.setItemText(index, tr(f"level_{self.difficulty.itemData(index)}", lang))
        self._explain_level()
        self.settings_title.setText(tr("settings_title", lang))
        self.form_labels["language"].setText(tr("language", lang))
        self.form_labels["camera"].setText(tr("camera", lang))
        missing = "" if self.speech_available else " " + tr("read_aloud_missing", lang)
        self.read_aloud.setText(tr("read_aloud", lang) + missing)
        self.read_aloud.setEnabled(self.speech_available)
        if not self.speech_available:
            self.read_aloud.setChecked(False)
        self.sound.setText(tr("sound", lang))
        self.calm.setText(tr("calm_mode", lang))
        self.settings_done.setText(tr("settings_done", lang))
        self.new_player_title.setText(tr("new_player", lang))
        self.name_label.setText(tr("new_player_name", lang))
        self.avatar_heading.setText(tr("pick_avatar", lang))
        self.add_player.setText(tr("add_player", lang))
        self.cancel_player.setText(tr("cancel", lang) + " (Esc)")
        self.start.setText(tr("start", lang))
        self.teacher.setText(tr("teacher", lang))
        self.quit.setText(tr("quit", lang))

    def _explain_level(self) -> None:
        name = self.difficulty.currentData()
        self.level_note.setText(tr(f"level_{name}_note", self.lang) if name else "")

    def set_players(self, players, selected: str) -> None:
        """Guest first, then every player as avatar + name; `selected` is a name ("" = guest)."""
        self.player.clear()
        self.player.add(tr("guest", self.lang), "", picture="🙂")
        for player in players:
            self.player.add(player.name, player.name, picture=player.avatar)
        index = self.player.findData(selected)
        self.player.setCurrentIndex(index if index >= 0 else 0)

    def set_packs(self, packs, selected_title: str, problems, lang: str) -> None:
        """The packs in the game's language (all of them when none is in it)."""
        packs = [pack for pack in packs if pack.language == lang] or list(packs)
        self.pack.clear()
        for pack in packs:
            count = tr("pack_count", lang, count=len(pack.scenarios))
            self.pack.add(f"{pack.title}\n{count}", pack, pack.description, picture=pack_picture(pack),
                          picture_size=44)
        titles = [pack.title for pack in packs]
        same_language = [index for index, pack in enumerate(packs) if pack.language == lang]
        if selected_title in titles:
            self.pack.setCurrentIndex(titles.index(selected_title))
        elif same_language:
            self.pack.setCurrentIndex(same_language[0])
        elif packs:
            self.pack.setCurrentIndex(0)
        notes = [tr("no_packs", lang)] if not packs else []
        if problems:
            notes.append(problem_lines(problems, lang))
        self.problems.setText("\n".join(notes))
        self.start.setEnabled(bool(packs))


class PlayScreen(QWidget):
    skip_requested = Signal()
    retry_requested = Signal()
    pause_requested = Signal()
    stop_requested = Signal()  # Esc: ask first
    stop_confirmed = Signal()
    next_requested = Signal()
    read_again_requested = Signal()

    LIVE, SUCCESS, PAUSED, CONFIRM = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = "sv"
        self.progress = _label("note")
        self.journey = JourneyMap()
        self.journey.setFixedHeight(56)
        self.read_again = _button("L")
        top = QHBoxLayout()
        top.addWidget(self.progress)
        top.addWidget(self.journey, 1)
        top.addWidget(self.read_again)
        self.situation = _label("situation", wrap=True)
        self.mascot = Mascot()
        self.target = _label("target", wrap=True, centre=True)
        mascot_column = QVBoxLayout()
        mascot_column.addWidget(self.mascot, 1)
        mascot_column.addWidget(self.target)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._live_page())
        self.pages.addWidget(self._success_page())
        self.pages.addWidget(self._paused_page())
        self.pages.addWidget(self._confirm_page())
        body = QHBoxLayout()
        body.addLayout(mascot_column, 2)
        body.addWidget(self.pages, 3)
        self.skip, self.retry = _button("S", "Right"), _button("R")
        self.pause, self.stop = _button("Space", "P"), _button("Escape")
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.stop, self.retry, self.pause):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 12)
        layout.addLayout(top)
        layout.addWidget(self.situation)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("D"), self, self.toggle_teacher_view)
        for button, signal in ((self.skip, self.skip_requested), (self.retry, self.retry_requested),
                               (self.pause, self.pause_requested), (self.stop, self.stop_requested),
                               (self.next, self.next_requested), (self.read_again, self.read_again_requested),
                               (self.resume, self.pause_requested), (self.stop_yes, self.stop_confirmed),
                               (self.stop_no, self.stop_requested)):
            button.clicked.connect(signal)

    def _live_page(self) -> QWidget:
        self.mirror = MirrorView()
        self.feedback = FeedbackWord()
        self.hold = HoldRing()
        self.meter = Meter()
        self.hint = _label("note", wrap=True)
        self.teacher_panel = QWidget()
        self.gauge, self.bars = TargetGauge(), ExpressionBars()
        teacher = QVBoxLayout(self.teacher_panel)
        teacher.setContentsMargins(0, 0, 0, 0)
        teacher.addWidget(self.gauge)
        teacher.addWidget(self.bars)
        teacher.addStretch()
        self.teacher_panel.setVisible(False)
        words = QHBoxLayout()
        words.addWidget(self.feedback, 1)
        words.addWidget(self.hold)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.mirror, 1)
        column.addLayout(words)
        column.addWidget(self.meter)
        column.addWidget(self.hint)
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(column, 3)
        row.addWidget(self.teacher_panel, 2)
        return page

    def _success_page(self) -> QWidget:
        self.celebration = Celebration()
        self.celebration.setMinimumHeight(100)
        self.success_title, self.success_sub = _label("title", centre=True), _label("target", wrap=True, centre=True)
        self.next = _button("Return", "Enter")
        self.next.setObjectName("primary")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.success_title)
        layout.addWidget(self.success_sub)
        layout.addWidget(self.celebration, 1)
        layout.addWidget(self.next, 0, Qt.AlignmentFlag.AlignCenter)
        return page

    def _paused_page(self) -> QWidget:
        self.paused_title, self.paused_sub = _label("big", centre=True), _label("target", wrap=True, centre=True)
        self.resume = _button()
        self.resume.setObjectName("primary")
        page = QWidget()
        page.setObjectName("pausedPage")
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.paused_title)
        layout.addWidget(self.paused_sub)
        layout.addWidget(self.resume, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        return page

    def _confirm_page(self) -> QWidget:
        self.confirm_title = _label("title", wrap=True, centre=True)
        self.stop_yes, self.stop_no = _button("Return", "Enter"), _button("Escape")
        self.stop_no.setObjectName("primary")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.confirm_title)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.stop_yes)
        row.addWidget(self.stop_no)
        row.addStretch()
        layout.addLayout(row)
        layout.addStretch()
        return page

    # ------------------------------------------------------------------ language and settings
    def retranslate(self, lang: str, paused: bool = False) -> None:
        self.lang = lang
        self.skip.setText(tr("skip", lang))
        self.retry.setText(tr("retry", lang))
        self.pause.setText(tr("resume" if paused else "pause", lang))
        self.stop.setText(tr("stop", lang))
        self.next.setText(tr("next", lang))
        self.read_again.setText(tr("read_again", lang))
        self.success_title.setText(tr("success", lang))
        self.paused_title.setText("⏸ " + tr("paused_title", lang))
        self.paused_sub.setText(tr("paused_sub", lang))
        self.resume.setText(tr("resume", lang))
        self.confirm_title.setText(tr("confirm_stop_title", lang))
        self.stop_yes.setText(tr("confirm_stop_yes", lang))
        self.stop_no.setText(tr("confirm_stop_no", lang))
        self.teacher_panel.setToolTip(tr("teacher_view", lang))
        self.bars.retranslate(lang)

    def set_calm(self, calm: bool) -> None:
        self.mascot.set_calm(calm)
        self.feedback.calm = calm
        self.celebration.set_calm(calm)
        self.journey.set_calm(calm)

    def toggle_teacher_view(self) -> None:
        self.teacher_panel.setVisible(not self.teacher_panel.isVisible())

    # ------------------------------------------------------------------ what the session says
    def show_calibration(self, situations: int) -> None:
        self.journey.set_situations(situations)
        self.pages.setCurrentIndex(self.LIVE)
        self.buttons.setVisible(True)
        self.progress.setText("")
        self.situation.setText(tr("calibrate_title", self.lang))
        self.target.setText(tr("calibrate_sub", self.lang))
        self.hint.setText("")
        self.skip.setText(tr("calibrate_skip", self.lang))
        self.retry.setEnabled(False)
        self.pause.setEnabled(True)
        self.mascot.reset()
        self.mascot.show_target("neutral")
        self.clear_live()
        self.meter.setVisible(False)  # the ring shows the calibration's progress

    def clear_live(self) -> None:
        """Nothing left over from a previous game or situation: empty meter, ring, gauge and bars."""
        self.meter.set_value(0.0)
        self.hold.set_fraction(0.0)
        self.gauge.set_values(0.0, self.gauge.threshold)
        self.bars.set_probabilities(None)
        self.feedback.set_text("")

    def show_scenario(self, view: View, show_target: bool) -> None:
        self.pages.setCurrentIndex(self.LIVE)
        self.buttons.setVisible(True)
        self.progress.setText(f"{view.index + 1} / {view.total}")
        self.progress.setToolTip(tr("progress", self.lang, index=view.index + 1, total=view.total))
        self.journey.set_current(view.index)
        self.situation.setText(view.scenario.text)
        shown = view.targets[0]
        self.target.setText(self.target_text(view.targets) if show_target else tr("guess", self.lang))
        self.skip.setText(tr("skip", self.lang))
        if show_target:
            self.mascot.show_target(shown)
        else:
            self.mascot.reset()
        self.hint.setText("")
        self.clear_live()
        self.meter.setVisible(True)
        for button in (self.skip, self.retry, self.pause):
            button.setEnabled(True)

    def target_text(self, targets) -> str:
        names = f" {tr('or', self.lang)} ".join(f"{expression_name(name, self.lang)} {EMOJI[name]}"
                                               for name in targets)
        return tr("show", self.lang, name=names, emoji="").rstrip() if len(targets) == 1 \
            else tr("show_one_of", self.lang, names=names)

    def show_live(self, view: View) -> None:
        """One frame's feedback: the word, the meter, the countdown ring, the mirror mascot, teacher bars."""
        self.feedback.set_text(self.feedback_text(view), FEEDBACK_COLOURS.get(view.feedback, "#1a237e"))
        self.mirror.set_message(tr("no_face", self.lang) if view.feedback is Feedback.NO_FACE else "")
        if view.phase is Phase.CALIBRATING:
            self.hold.set_fraction(view.calibration_progress)
            self.bars.set_probabilities(view.probs)
            return
        self.meter.set_value(view.meter)
        self.hold.set_fraction(view.hold_fraction, view.countdown)
        self.gauge.set_values(view.probability, view.threshold)
        self.bars.set_probabilities(view.probs)
        self.mascot.mirror(sharpened(view.probs))
        if view.hint and not self.hint.text():  # a hard one: a hint and a kind word from the mascot
            self.hint.setText(tr("hint", self.lang, hint=view.hint))
            self.mascot.encourage()

    def feedback_text(self, view: View) -> str:
        if view.feedback is Feedback.HOLD:
            return tr("fb_hold", self.lang, count=view.countdown)
        if view.feedback in (Feedback.NO_FACE, Feedback.DONE):
            return ""
        if view.feedback is Feedback.PAUSED:
            return tr("paused", self.lang)
        return tr(f"fb_{view.feedback.value}", self.lang)

    def mark_journey(self, results) -> None:
        """A star flies onto the stone of every situation passed since the last call; skipped ones stay empty."""
        for index, result in enumerate(results):
            if index < len(self.journey.results) and self.journey.results[index] is None:
                self.journey.mark(index, result.passed)

    def show_success(self, expression: str) -> int:
        """Returns the celebration's variant (its sound goes with it)."""
        self.success_sub.setText(tr("success_sub", self.lang,
                                    name=f"{expression_name(expression, self.lang)} {EMOJI[expression]}"))
        self.pages.setCurrentIndex(self.SUCCESS)
        self.retry.setEnabled(False)
        self.pause.setEnabled(False)
        self.meter.set_value(1.0)
        self.next.setFocus()
        self.mascot.celebrate()
        return self.celebration.play()

    def show_paused(self, paused: bool, celebrating: bool = False) -> None:
        self.retranslate(self.lang, paused)
        if paused:
            self.pages.setCurrentIndex(self.PAUSED)
        else:
            self.pages.setCurrentIndex(self.SUCCESS if celebrating else self.LIVE)

    def ask_to_stop(self) -> None:
        self._before_confirm = self.pages.currentIndex()
        self.pages.setCurrentIndex(self.CONFIRM)
        self.buttons.setVisible(False)  # Esc and Enter now answer the question
        self.stop_no.setFocus()

    def cancel_stop(self) -> None:
        self.pages.setCurrentIndex(getattr(self, "_before_confirm", self.LIVE))
        self.buttons.setVisible(True)

    @property
    def asking_to_stop(self) -> bool:
        return self.pages.currentIndex() == self.CONFIRM


class SummaryScreen(QWidget):
    play_again_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title, self.stars = _label("title", wrap=True), _label("stars")
        self.mascot = QLabel()
        self.mascot.setFixedSize(120, 120)
        self.sheet = StickerSheet()
        self.rows = QVBoxLayout()
        self.rows.addStretch()
        rows = QWidget()
        rows.setLayout(self.rows)
        self.rows_area = QScrollArea()
        self.rows_area.setWidget(rows)
        self.rows_area.setWidgetResizable(True)
        self.rows_area.setFrameShape(QFrame.Shape.NoFrame)
        self.notes, self.saved = _label("note", wrap=True), _label("note", wrap=True)
        self.play_again, self.back = _button("Return", "Enter"), _button("Escape")
        self.play_again.setObjectName("primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch()
        buttons.addWidget(self.play_again)
        headline = QVBoxLayout()
        headline.addWidget(self.title)
        headline.addWidget(self.stars)
        headline.addStretch()
        top = QHBoxLayout()
        top.addWidget(self.mascot)
        top.addLayout(headline, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.sheet, 3)
        middle.addWidget(self.rows_area, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.saved)
        layout.addLayout(buttons)
        self.play_again.clicked.connect(self.play_again_requested)
        self.back.clicked.connect(self.back_requested)
        self.row_labels: list[QLabel] = []

    def show_summary(self, summary, saved_note: str, lang: str) -> None:
        if summary.stopped:
            self.title.setText(tr("summary_stopped", lang, index=summary.stopped_at,
                                       total=summary.total_scenarios))
        else:
            self.title.setText(tr("summary_title_named", lang, player=summary.player) if summary.player
                               else tr("summary_title", lang))
        self.sheet.set_results([(row["target"], None if row.get("unfinished") else row["passed"])
                                for row in summary.scenarios])
        self.stars.setText(tr("summary_stars", lang, stars=summary.stars, max_stars=summary.max_stars))
        self.mascot.setPixmap(mascot_pixmap("happy" if summary.stars else "neutral", self.mascot.width()))
        self._show_rows(summary, lang)
        none = tr("summary_none", lang)
        self.notes.setText(tr("summary_easy", lang, names=_names(summary.easy_expressions, lang) or none) + "   "
                           + tr("summary_hard", lang, names=_names(summary.hard_expressions, lang) or none))
        self.saved.setText(saved_note)
        self.play_again.setText(tr("play_again", lang))
        self.back.setText(tr("back_to_start", lang))

    def _show_rows(self, summary, lang: str) -> None:
        for label in self.row_labels:
            label.hide()
            label.deleteLater()
        self.row_labels = []
        for row in summary.scenarios:
            if row.get("unfinished"):
                mark = f'<span style="color:#757575">{tr("unfinished", lang)}</span>'
            elif row["passed"]:
                mark = f'<span style="color:#f9a825">{"★" * row["stars"]}</span>' \
                       f'<span style="color:#e0e0e0">{"★" * (3 - row["stars"])}</span>'
            else:
                mark = f'<span style="color:#757575">{tr("skipped", lang)}</span>'
            label = QLabel(f'{EMOJI[row["target"]]} {mark} &nbsp; {_escape(row["text"])}')
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            self.rows.insertWidget(len(self.row_labels), label)
            self.row_labels.append(label)

    @property
    def row_count(self) -> int:
        return len(self.row_labels)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        self.picture = QLabel()
        self.picture.setFixedSize(QSize(120, 120))
        self.retry, self.video, self.back = _button("R", "Return"), _button("V", "Ctrl+O"), _button("Escape")
        self.retry.setObjectName("primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch()
        buttons.addWidget(self.video)
        buttons.addWidget(self.retry)
        heading = QHBoxLayout()
        heading.addWidget(self.picture)
        heading.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.addLayout(heading)
        layout.addWidget(self.help)
        layout.addWidget(self.details)
        layout.addStretch()
        layout.addLayout(buttons)
        self.retry.clicked.connect(self.retry_requested)
        self.video.clicked.connect(self.video_requested)
        self.back.clicked.connect(self.back_requested)

    def show_error(self, kind: str, message: str, lang: str) -> None:
        self.kind = kind
        self.picture.setPixmap(mascot_pixmap("sad" if kind != "camera_lost" else "surprise", self.picture.width()))
        self.title.setText(tr(f"error_{kind}", lang))
        self.help.setText(tr(f"error_{kind}_help", lang))
        self.details.setText(tr("details", lang, message=message) if message else "")
        self.retry.setText(tr("retry_button", lang))
        self.video.setText(tr("video_button", lang))
        self.back.setText(tr("back_to_start", lang))
