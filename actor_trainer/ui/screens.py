"""The screens of the game: start, play (calibration, feedback, success, pause, stop?), summary, error.
Widgets only: the flow lives in actor_trainer.play.session and main_window.MainWindow."""

from __future__ import annotations

import numpy as np
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
from actor_trainer.play.game import scenarios_for_level
from actor_trainer.play.session import Feedback, Phase, View
from actor_trainer.settings import DIFFICULTIES
from actor_trainer.ui.i18n import LANGUAGE_NAMES, decimal, expression_name, problem_text, tr, tr_count
from actor_trainer.ui.mascot import Mascot, mascot_image
from actor_trainer.ui.rewards import Celebration, JourneyMap, StickerSheet
from actor_trainer.ui.widgets import (
    ChoiceButtons,
    ChoiceRow,
    ExpressionBars,
    FeedbackWord,
    HoldRing,
    Meter,
    MirrorView,
    TargetGauge,
)
from actor_trainer.vision.classifier import scale_temperature

AVATARS = ("🦊", "🐻", "🐼", "🐸", "🐯", "🦁", "🐰", "🐨", "🐵", "🦄", "🐙", "🐢")
DEFAULT_PACK_PICTURE = "🎭"
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
    label.setTextFormat(Qt.TextFormat.PlainText)  # pack texts and names are shown as written, never as HTML
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    if centre:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _scaled_margins(layout, scale: float, left: int, top: int, right: int, bottom: int) -> None:
    layout.setContentsMargins(*(round(value * scale) for value in (left, top, right, bottom)))


MIRROR_TEMPERATURE = 1 / 3  # p ** 3, renormalised: one clear face on the mascot instead of a blur of several


def mirror_probabilities(probs: dict[str, float] | None) -> dict[str, float] | None:
    """The child's probabilities temperature-scaled (T < 1 stresses the leading expression) for the mirrored
    mascot; the judge, meter and gauge still see the real ones."""
    if not probs:
        return probs
    scaled = scale_temperature(np.array(list(probs.values()), dtype=np.float64), MIRROR_TEMPERATURE)
    return dict(zip(probs, scaled.tolist(), strict=True))


def pack_picture(pack) -> str:
    """The pack's own emoji (its `picture`), or the theatre masks when it names none or names an image file."""
    return pack.picture if pack.picture and pack.picture_file() is None else DEFAULT_PACK_PICTURE


def pack_image(pack) -> QPixmap | None:
    """The image file the pack's `picture` names, when it loads."""
    path = pack.picture_file()
    image = QPixmap(str(path)) if path is not None and path.is_file() else None
    return image if image is not None and not image.isNull() else None


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
        self.speech_problem = ""  # why read-aloud is not offered, in the game's language ("" = it speaks)
        self.practice_extras = None  # (pack, level) -> how many situations adaptive practice adds for the player
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
        self.difficulty.changed.connect(lambda _: self.show_counts())
        self.pack.changed.connect(lambda _: self.show_counts())
        self.player.changed.connect(lambda _: self.show_counts())
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
            self.difficulty.add("", name, picture=LEVEL_ICONS[name], picture_size=28)
        self.problems = _label("note", wrap=True)
        levels = QHBoxLayout()
        levels.addWidget(self.level_heading)
        levels.addWidget(self.difficulty)
        levels.addWidget(self.level_note, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.player_heading)
        layout.addWidget(ChoiceRow(self.player))
        layout.addStretch(1)  # on a tall screen the three choices spread out instead of leaving it empty below
        layout.addWidget(self.pack_heading)
        layout.addWidget(ChoiceRow(self.pack))
        layout.addStretch(1)
        layout.addLayout(levels)
        layout.addWidget(self.problems)
        layout.addStretch(2)
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
        self.avatars = ChoiceButtons(columns=len(AVATARS) // 2)  # two rows: every animal in view
        for avatar in AVATARS:
            self.avatars.add("", avatar, picture=avatar, picture_size=72)
        self.new_player_error = _label("warning", wrap=True)
        self.add_player, self.cancel_player = _button("Return", "Enter"), _button("Escape")
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
        layout.addWidget(self.avatars, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.new_player_error)
        layout.addStretch()
        layout.addLayout(buttons)
        self.add_player.clicked.connect(self._ask_to_add_player)  # Enter too, from the name or a picture
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
        self.show_counts()
        self.settings_title.setText(tr("settings_title", lang))
        self.form_labels["language"].setText(tr("language", lang))
        self.form_labels["camera"].setText(tr("camera", lang))
        self.read_aloud.setText(tr("read_aloud", lang) + (" " + self.speech_problem if self.speech_problem else ""))
        self.sound.setText(tr("sound", lang))
        self.calm.setText(tr("calm_mode", lang))
        self.settings_done.setText(tr("settings_done", lang))
        self.new_player_title.setText(tr("new_player", lang))
        self.name_label.setText(tr("new_player_name", lang))
        self.avatar_heading.setText(tr("pick_avatar", lang))
        self.add_player.setText(tr("add_player", lang) + " (Enter)")
        self.cancel_player.setText(tr("cancel", lang) + " (Esc)")
        self.start.setText(tr("start", lang))
        self.teacher.setText(tr("teacher", lang))
        self.quit.setText(tr("quit", lang))

    def apply_scale(self, scale: float) -> None:
        """Pictures and margins for the screen's size (fonts come from the window's style sheet)."""
        _scaled_margins(self.layout(), scale, 32, 16, 32, 16)
        for choices in (self.player, self.pack, self.difficulty, self.avatars):
            choices.set_picture_scale(scale)
        for button in self.findChildren(QPushButton):
            button.setMinimumHeight(round(48 * scale))

    def set_speech_problem(self, problem: str) -> None:
        """`problem`: why read-aloud cannot be offered ("" when it speaks); the box is then off and greyed."""
        self.speech_problem = problem
        self.read_aloud.setEnabled(not problem)
        if problem:
            self.read_aloud.blockSignals(True)  # not a choice of the user's: the saved choice stays
            self.read_aloud.setChecked(False)
            self.read_aloud.blockSignals(False)

    def show_counts(self) -> None:
        """Each pack card's count at the chosen level ("13 at this level (of 15)" when harder ones wait), and
        under the levels what this level means and what it leaves out of the chosen pack."""
        level = self.difficulty.currentData()
        for index in range(self.pack.count()):
            pack = self.pack.itemData(index)
            played = len(scenarios_for_level(pack.scenarios, level)) if level else len(pack.scenarios)
            total = len(pack.scenarios)
            count = tr_count("situations", total, self.lang) if played == total else \
                tr("pack_count_left_out", self.lang, count=played, total=total)
            self.pack.setItemText(index, f"{pack.title}\n{count}")
        note = tr(f"level_{level}_note", self.lang) if level else ""
        pack = self.pack.currentData()
        if level and pack is not None:
            left_out = len(pack.scenarios) - len(scenarios_for_level(pack.scenarios, level))
            if left_out:
                note += " " + tr_count("left_out_note", left_out, self.lang)
            extras = self.practice_extras(pack, level) if self.practice_extras else 0
            if extras:
                note += " " + tr_count("practice_note", extras, self.lang)
        self.level_note.setText(note)

    def set_players(self, players, selected: str) -> None:
        """Guest first, then every player as avatar + name; `selected` is a name ("" = guest)."""
        self.player.clear()
        self.player.add(tr("guest", self.lang), "", picture="🙂", picture_size=48)
        for player in players:
            self.player.add(player.name, player.name, picture=player.avatar, picture_size=48)
        index = self.player.findData(selected)
        self.player.setCurrentIndex(index if index >= 0 else 0)

    def set_packs(self, packs, selected_title: str, problems, lang: str) -> None:
        """The packs in the game's language (all of them when none is in it)."""
        packs = [pack for pack in packs if pack.language == lang] or list(packs)
        self.pack.clear()
        for pack in packs:
            self.pack.add(pack.title, pack, pack.description, picture=pack_picture(pack), picture_size=60,
                          image=pack_image(pack))
        self.show_counts()
        titles = [pack.title for pack in packs]
        same_language = [index for index, pack in enumerate(packs) if pack.language == lang]
        if selected_title in titles:
            self.pack.setCurrentIndex(titles.index(selected_title))
        elif same_language:
            self.pack.setCurrentIndex(same_language[0])
        elif packs:
            self.pack.setCurrentIndex(0)
        self.show_counts()
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
    hint_shown = Signal(str)  # the hint's text, to be read aloud

    LIVE, SUCCESS, PAUSED, CONFIRM = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = "sv"
        self.scale = 1.0
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
        layout.addWidget(self.hint_card)
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
        self.hint_card = QFrame()
        self.hint_card.setObjectName("hintCard")
        self.hint_picture = QLabel()
        self.hint = _label("hint", wrap=True)
        card = QHBoxLayout(self.hint_card)
        card.addWidget(self.hint_picture, 0, Qt.AlignmentFlag.AlignVCenter)
        card.addWidget(self.hint, 1)
        self.hint_card.setVisible(False)
        self.teacher_panel = QWidget()
        self.gauge, self.bars = TargetGauge(), ExpressionBars()
        teacher = QVBoxLayout(self.teacher_panel)
        teacher.setContentsMargins(0, 0, 0, 0)
        self.camera_note = _label("note", wrap=True)  # what the camera sees, for the teacher
        teacher.addWidget(self.gauge)
        teacher.addWidget(self.bars)
        teacher.addWidget(self.camera_note)
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
        self.feedback.set_words(self.feedback_words(), 30 * self.scale)

    def apply_scale(self, scale: float) -> None:
        self.scale = scale
        _scaled_margins(self.layout(), scale, 24, 8, 24, 12)
        self.journey.setFixedHeight(round(56 * scale))
        self.hold.set_size(round(96 * scale))
        self.meter.setMinimumHeight(round(48 * scale))
        self.mirror.setMinimumSize(round(320 * min(scale, 1.0)), round(200 * min(scale, 1.0)))
        self.mascot.setMinimumSize(round(140 * min(scale, 1.0)), round(140 * min(scale, 1.0)))
        self.feedback.set_words(self.feedback_words(), 30 * scale)
        self.hint_picture.setFixedSize(round(72 * scale), round(72 * scale))
        self.celebration.setMinimumHeight(round(100 * min(scale, 1.0)))
        for button in self.findChildren(QPushButton):
            button.setMinimumHeight(round(48 * scale))

    def feedback_words(self) -> list[str]:
        """Every word the feedback may show in this language (the countdown at its widest)."""
        words = [tr(f"fb_{kind}", self.lang) for kind in ("getting_ready", "calm", "try", "bigger", "almost",
                                                          "passed")]
        return [*words, tr("fb_hold", self.lang, count=8), tr("paused", self.lang)]

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
        self.show_hint("")
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
        self.show_hint("")
        self.clear_live()
        self.meter.setVisible(True)
        for button in (self.skip, self.retry, self.pause):
            button.setEnabled(True)

    def target_text(self, targets) -> str:
        """"Show: surprised 😮 or scared 😨"; a name never parts from its emoji at a line break."""
        names = f" {tr('or', self.lang)} ".join(f"{expression_name(name, self.lang)}\u00a0{EMOJI[name]}"
                                               for name in targets)
        return tr("show", self.lang, name=names, emoji="").rstrip() if len(targets) == 1 \
            else tr("show_one_of", self.lang, names=names)

    def show_live(self, view: View) -> None:
        """One frame's feedback: the word, the meter, the countdown ring, the mirror mascot, teacher bars."""
        colour = FEEDBACK_COLOURS.get(view.feedback, "#1a237e")
        self.feedback.set_text(self.feedback_text(view), colour, view.feedback)
        self.mirror.set_message(self.camera_message(view))
        self.camera_note.setText(tr(f"teacher_cam_{view.camera}", self.lang) if view.camera else "")
        if view.phase is Phase.CALIBRATING:
            self.hold.set_fraction(view.calibration_progress)
            self.bars.set_probabilities(view.probs)
            return
        self.meter.set_value(view.meter)
        self.hold.set_fraction(view.hold_fraction, view.countdown)
        self.gauge.set_values(view.probability, view.threshold, view.meets)
        self.bars.set_probabilities(view.probs)
        self.mascot.mirror(mirror_probabilities(view.probs), match=view.meter)
        if view.hint and not self.hint.text():  # a hard one: a hint and a kind word from the mascot
            self.show_hint(view.hint, view.targets[0] if view.targets else "neutral")
            self.mascot.encourage()
            self.hint_shown.emit(view.hint)

    def show_hint(self, hint: str, expression: str = "neutral") -> None:
        """The hint big, beside the mascot making the face (a picture for children who do not read yet)."""
        self.hint.setText(tr("hint", self.lang, hint=hint) if hint else "")
        if hint:
            self.hint_picture.setPixmap(mascot_pixmap(expression, self.hint_picture.width()))
        self.hint_card.setVisible(bool(hint))

    def camera_message(self, view: View) -> str:
        """The child's line over the mirror: what the camera sees first, else "come closer" without a face."""
        if view.camera:
            return tr(f"cam_{view.camera}", self.lang)
        return tr("no_face", self.lang) if view.feedback is Feedback.NO_FACE else ""

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
        passed = sum(1 for row in summary.scenarios if row["passed"])  # one scale: a sticker per situation
        self.stars.setText(tr("summary_all_done", lang, passed=passed, total=len(summary.scenarios)))
        self.mascot.setPixmap(mascot_pixmap("happy" if passed else "neutral", self.mascot.width()))
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
                seconds = tr("seconds_short", lang, seconds=decimal(row["seconds"], lang))
                mark = f'<span style="color:#2e7d32">✔ {seconds}</span>'
            else:
                mark = f'<span style="color:#757575">{tr("skipped", lang)}</span>'
            label = QLabel(f'{EMOJI[row["target"]]} {mark} &nbsp; {_escape(row["text"])}')
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            self.rows.insertWidget(len(self.row_labels), label)
            self.row_labels.append(label)

    def apply_scale(self, scale: float) -> None:
        _scaled_margins(self.layout(), scale, 32, 16, 32, 16)
        self.mascot.setFixedSize(round(120 * scale), round(120 * scale))
        for button in (self.play_again, self.back):
            button.setMinimumHeight(round(48 * scale))

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

    def apply_scale(self, scale: float) -> None:
        _scaled_margins(self.layout(), scale, 48, 32, 48, 24)
        self.picture.setFixedSize(round(120 * scale), round(120 * scale))
        for button in (self.retry, self.video, self.back):
            button.setMinimumHeight(round(48 * scale))

    def show_error(self, kind: str, message: str, lang: str) -> None:
        self.kind = kind
        self.picture.setPixmap(mascot_pixmap("sad" if kind != "camera_lost" else "surprise", self.picture.width()))
        self.title.setText(tr(f"error_{kind}", lang))
        self.help.setText(tr(f"error_{kind}_help", lang))
        self.details.setText(tr("details", lang, message=message) if message else "")
        self.retry.setText(tr("retry_button", lang))
        self.video.setText(tr("video_button", lang))
        self.back.setText(tr("back_to_start", lang))
