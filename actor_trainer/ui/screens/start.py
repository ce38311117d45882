"""The start screen: who plays, which pack, which level; the settings and new-player pages behind it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from actor_trainer.play.coach import Coach
from actor_trainer.settings import LEVEL_NAMES, Settings
from actor_trainer.ui.i18n import LANGUAGE_NAMES, name_order, problem_text, tr, tr_count
from actor_trainer.ui.pack_pictures import DEFAULT_PACK_PICTURE as DEFAULT_PACK_PICTURE  # one home: pack_pictures.py
from actor_trainer.ui.pack_pictures import pack_image, pack_picture
from actor_trainer.ui.screens.common import ReadOnHover, key_button, scaled_margins, text_label
from actor_trainer.ui.widgets import ChoiceButtons, ChoiceGrid, ChoiceRow, emoji_icon, emoji_icon_size

AVATARS = ("🦊", "🐻", "🐼", "🐸", "🐯", "🦁", "🐰", "🐨", "🐵", "🦄", "🐙", "🐢")
LEVEL_ICONS = {"easy": "⭐", "normal": "⭐⭐", "hard": "⭐⭐⭐"}
MAX_PROBLEM_LINES = 3
PLAYER_PICTURE_SIZE = 48  # the players' cards and the new-player card, at scale 1
NEW_PLAYER_PICTURE = "➕"
FOCUS_COLOUR = "#ef6c00"  # the keyboard's frame: orange, never the green of the chosen card
# The start screen's buttons all wear a frame, so that the keyboard's can change colour without the button
# changing size. This sheet is nearer the buttons than the window's, so it wins: it repeats the primary colour.
START_STYLE = f"""
QPushButton {{ border: 3px solid #b0bec5; border-radius: 10px; background: #fafafa; }}
QPushButton:pressed {{ background: #e0e0e0; }}
QPushButton#primary {{ background: #2e7d32; border-color: #2e7d32; }}
QPushButton#primary:disabled {{ background: #a5d6a7; border-color: #a5d6a7; }}
QToolButton#newPlayer {{ background: #e3f2fd; border-color: #90caf9; }}
QPushButton:focus, QPushButton#primary:focus, QToolButton[choice="true"]:focus, QToolButton#newPlayer:focus,
QToolButton[choice="true"][keyfocus="true"] {{ border-color: {FOCUS_COLOUR}; }}
"""


def card_growth(scale: float) -> float:
    """How much bigger than the screen's scale the player and pack cards' pictures are drawn: 1 up to the
    design size (1280x800), then growing to 1.5 at a 1920x1080 screen (scale 1.35), where the cards used half
    the width and left rows of empty room between them."""
    return min(1.5, 1.0 + max(0.0, scale - 1.0) * 1.5)


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


class EnterClicks(QObject):
    """Enter on a focused button clicks that button, not the screen's Enter shortcut (Start, Add)."""

    def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
        enter = (event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
                 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if enter and isinstance(watched, QAbstractButton) and watched.hasFocus():
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                watched.animateClick()
            return True
        return super().eventFilter(watched, event)


class NoteLabel(QLabel):
    """A wrapped note that takes no room while it says nothing (the pack problems, most of the time)."""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override; the window sets it too)
        super().setText(text)
        self.setVisible(bool(text))


def new_player_card() -> QToolButton:
    """The "new player" card, drawn like the players' (Ctrl+N clicks it)."""
    button = QToolButton()
    button.setObjectName("newPlayer")  # light blue: a card that makes one, not one to choose
    button.setProperty("choice", True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    QShortcut(QKeySequence("Ctrl+N"), button, button.animateClick)
    button.setIcon(emoji_icon(NEW_PLAYER_PICTURE, PLAYER_PICTURE_SIZE))
    button.setIconSize(emoji_icon_size(NEW_PLAYER_PICTURE, PLAYER_PICTURE_SIZE))
    return button


class StartScreen(QWidget):
    start_requested = Signal()
    teacher_requested = Signal()
    quit_requested = Signal()
    language_changed = Signal(str)
    add_player_requested = Signal(str, str)  # name, avatar
    settings_changed = Signal()
    camera_changed = Signal(int)  # the camera number on the settings page (already in the Settings object)
    camera_requested = Signal()  # back from a chosen video file or picture folder to the camera
    say_requested = Signal(str)  # a card's name under the pointer, read aloud when read-aloud is on

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = "sv"
        self.scale = 1.0
        self.speech_problem = ""  # why read-aloud is not offered, in the game's language ("" = it speaks)
        self.plan = Coach().plan  # (pack, player, level) -> the coach's Plan; the window's coach knows the players
        self.players_problem = ""  # the system's reason why players cannot be saved ("" = they can)
        self.settings = Settings()  # what the settings page edits: the window's own (bind_settings)
        self.title = text_label("title")
        self.settings_button = key_button()
        self.settings_button.setObjectName("corner")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.settings_button)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._main_page())
        self.pages.addWidget(self._settings_page())
        self.pages.addWidget(self._new_player_page())
        self.start, self.teacher, self.quit = key_button("Return", "Enter"), key_button("Ctrl+T"), key_button()
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
        self.level.changed.connect(lambda _: self.show_counts())
        self.pack.changed.connect(lambda _: self.show_counts())
        self.player.changed.connect(lambda _: self.show_counts())
        for name in ("read_aloud", "sound", "calm"):  # the page edits the Settings object (bind_settings)
            getattr(self, name).toggled.connect(lambda checked, name=name: self._edit(name, checked))
        self.camera.valueChanged.connect(lambda value: self._edit("camera", value))
        self.setStyleSheet(START_STYLE)
        self.enter_clicks = EnterClicks(self)
        for button in (self.settings_button, self.new_player, self.teacher, self.quit, self.settings_done,
                       self.cancel_player):
            button.installEventFilter(self.enter_clicks)
        # Tab: the players, the new-player card, the packs, the levels, then the buttons (arrows move inside a row)
        order = (self.player, self.new_player, self.pack, self.level, self.start, self.teacher, self.quit,
                 self.settings_button)
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ pages
    def _main_page(self) -> QWidget:
        page = QWidget()
        self.player_heading, self.pack_heading = text_label("heading"), text_label("heading")
        self.level_heading, self.level_note = text_label("heading"), text_label("note", wrap=True)
        self.player = ChoiceButtons(flow=True)  # a whole class: rows of cards, scrolled a row at a time
        self.new_player = new_player_card()
        self.player_grid = ChoiceGrid(self.player, lead=self.new_player)  # the new-player card never scrolls away
        self.reader = ReadOnHover(self.say_requested.emit, self)  # the cards a child picks, read aloud
        self.new_player.installEventFilter(self.reader)
        self.pack = ChoiceButtons()
        self.level = ChoiceButtons()
        for name in LEVEL_NAMES:
            self.level.add("", name, picture=LEVEL_ICONS[name], picture_size=28)
        self.problems = NoteLabel()
        self.problems.setObjectName("note")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setText("")
        levels = QHBoxLayout()
        levels.addWidget(self.level_heading)
        levels.addWidget(self.level)
        levels.addWidget(self.level_note, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.player_heading)
        layout.addWidget(self.player_grid)
        self.players_note = text_label("note", wrap=True)  # the players folder opened read-only
        self.players_note.hide()
        layout.addWidget(self.players_note)
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
        self.settings_title = text_label("heading")
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.read_aloud, self.sound, self.calm = QCheckBox(), QCheckBox(), QCheckBox()
        self.camera = QSpinBox()
        self.camera.setRange(0, 9)
        self.settings_done = key_button("Escape")
        self.form = QFormLayout()
        self.form_labels = {"language": QLabel(), "camera": QLabel()}
        self.form.addRow(self.form_labels["language"], self.language)
        self.form.addRow(self.sound)
        self.sound_note = text_label("note", wrap=True)  # why Sound is off and greyed (nothing can play)
        self.sound_note.hide()
        self.form.addRow(self.sound_note)
        self.form.addRow(self.read_aloud)
        self.speech_note = text_label("note", wrap=True)  # why read-aloud is greyed: wraps, however long
        self.form.addRow(self.speech_note)
        self.form.addRow(self.calm)
        self.form.addRow(self.form_labels["camera"], self.camera)
        self.form_labels["source"], self.source_value = QLabel(), text_label()  # what plays instead of the camera
        self.use_camera = key_button()  # the way back to the camera
        self.use_camera.clicked.connect(self.camera_requested)
        self.source_row = QWidget()
        source_row = QHBoxLayout(self.source_row)
        source_row.setContentsMargins(0, 0, 0, 0)
        source_row.addWidget(self.source_value, 1)
        source_row.addWidget(self.use_camera)
        self.form.addRow(self.form_labels["source"], self.source_row)
        self.form.setRowVisible(self.source_row, False)
        layout = QVBoxLayout(page)
        layout.addWidget(self.settings_title)
        layout.addLayout(self.form)
        layout.addStretch()
        layout.addWidget(self.settings_done, 0, Qt.AlignmentFlag.AlignRight)
        self.settings_done.clicked.connect(self.show_main)
        return page

    def _new_player_page(self) -> QWidget:
        page = QWidget()
        self.new_player_title, self.avatar_heading = text_label("heading"), text_label()
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(40)
        self.avatars = ChoiceButtons(columns=len(AVATARS) // 2)  # two rows: every animal in view
        for avatar in AVATARS:
            self.avatars.add("", avatar, picture=avatar, picture_size=72)
        self.new_player_error = text_label("warning", wrap=True)
        self.add_player, self.cancel_player = key_button("Return", "Enter"), key_button("Escape")
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
        self.new_name.textChanged.connect(lambda _text: self._forget_player_error(name_given=True))
        self.avatars.changed.connect(lambda _avatar: self._forget_player_error(name_given=False))
        self.cancel_player.clicked.connect(self.show_main)
        return page

    def show_main(self) -> None:
        self.pages.setCurrentIndex(0)
        self.bottom.setVisible(True)
        self.settings_button.setVisible(True)
        self.player.setFocus()  # arrows move the child's own card first; Enter still starts (its shortcut)

    def show_settings(self) -> None:
        self.pages.setCurrentIndex(1)
        self.bottom.setVisible(False)
        self.settings_button.setVisible(False)

    def show_new_player(self) -> None:
        self.new_name.clear()
        problem = self.players_problem  # why no player can be saved here (None when they can), in today's language
        self.new_player_error.setText(tr("players_unsaved", self.lang, error=problem) if problem else "")
        self.add_player.setEnabled(not problem)
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

    def _forget_player_error(self, name_given: bool) -> None:
        """The red message goes as soon as what it asked for is given: a picture for "Pick a picture", a new
        name for anything about the name."""
        shown = self.new_player_error.text()
        about_picture = shown == tr("player_needs_avatar", self.lang)
        if shown and about_picture != name_given:
            self.new_player_error.setText("")

    # ------------------------------------------------------------------ contents
    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(tr("welcome", lang))
        self.settings_button.setText("⚙ " + tr("settings_button", lang))
        self.player_heading.setText(tr("who_plays", lang))
        self.pack_heading.setText(tr("choose_pack", lang))
        self.level_heading.setText(tr("choose_level", lang))
        self.new_player.setText(tr("new_player", lang))
        if self.player.count():
            self.player.setItemText(0, tr("guest", lang))
        for index in range(self.level.count()):
            self.level.setItemText(index, tr(f"level_{self.level.itemData(index)}", lang))
        self.show_counts()
        self.settings_title.setText(tr("settings_title", lang))
        self.form_labels["language"].setText(tr("language", lang))
        self.form_labels["camera"].setText(tr("camera", lang))
        self.read_aloud.setText(tr("read_aloud", lang))
        self.speech_note.setText(self.speech_problem)
        self.speech_note.setVisible(bool(self.speech_problem))
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
        scaled_margins(self.layout(), scale, 32, 16, 32, 16)
        self.scale = scale
        cards = card_growth(scale)
        for choices in (self.level, self.avatars):
            choices.set_picture_scale(scale)
        for choices in (self.player, self.pack):  # the cards a child picks from: bigger where there is room
            choices.set_picture_scale(scale * cards)
        size = round(PLAYER_PICTURE_SIZE * scale * cards)
        self.new_player.setIcon(emoji_icon(NEW_PLAYER_PICTURE, size))
        self.new_player.setIconSize(emoji_icon_size(NEW_PLAYER_PICTURE, size))
        for button in self.findChildren(QPushButton):
            button.setMinimumHeight(round(48 * scale))
        self.widen_pack_cards()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.widen_pack_cards()

    def read_cards(self, choices) -> None:
        """Each card of `choices` is read aloud when the pointer comes onto it (a pack: its title and count)."""
        for button in choices.buttons:
            button.removeEventFilter(self.reader)
            button.installEventFilter(self.reader)

    def widen_pack_cards(self) -> None:
        """On a wide screen the pack cards share the row's width (up to twice their own), instead of leaving
        half of it empty (1920x1080); where they do not all fit, each keeps its own width and the row scrolls."""
        cards = [button for button in self.pack.buttons if not button.isHidden()]
        if not cards:
            return
        margins = self.layout().contentsMargins()
        spacing = max(self.pack.layout().spacing(), 0)
        room = self.width() - margins.left() - margins.right() - spacing * (len(cards) - 1) - 8
        natural = max(button.sizeHint().width() for button in cards)  # as wide as its text (never elided)
        share = room // len(cards)
        self.pack.set_card_width(min(share, 2 * natural) if share > natural and card_growth(self.scale) > 1.0 else 0)

    def bind_settings(self, settings: Settings, speaks: bool) -> None:
        """The settings page shows and edits `settings` (the window's: the one truth) from now on: each box and
        the camera number show its value (read-aloud checked only where it `speaks`), and each change the user
        makes is written into it before `settings_changed`. A box greyed for a missing voice or sound output is
        unchecked without touching the saved choice."""
        self.settings = settings
        widgets = (self.read_aloud, self.sound, self.calm, self.camera)
        for widget in widgets:
            widget.blockSignals(True)
        self.read_aloud.setChecked(settings.read_aloud and speaks)
        self.sound.setChecked(settings.sound and self.sound.isEnabled())
        self.calm.setChecked(settings.calm)
        self.camera.setValue(settings.camera)
        for widget in widgets:
            widget.blockSignals(False)

    def _edit(self, name: str, value) -> None:
        """A box or the camera number changed by the user: into the Settings object, then `settings_changed`."""
        setattr(self.settings, name, value)
        if name == "camera":
            self.camera_changed.emit(value)
        self.settings_changed.emit()

    def set_sound_problem(self, problem: str) -> None:
        """`problem`: why no sound can play ("" when one can); the box is then off and greyed, the saved choice
        stays."""
        self.sound_note.setText(problem)
        self.sound_note.setVisible(bool(problem))
        self.sound.setEnabled(not problem)
        if problem:
            self.sound.blockSignals(True)
            self.sound.setChecked(False)
            self.sound.blockSignals(False)

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
        level = self.level.currentData()
        for index in range(self.pack.count()):
            pack = self.pack.itemData(index)
            played = self.plan(pack, "", level).at_level if level else len(pack.scenarios)
            total = len(pack.scenarios)
            count = tr_count("situations", total, self.lang) if played == total else \
                tr("pack_count_left_out", self.lang, count=played, total=total)
            self.pack.setItemText(index, f"{pack.title}\n{count}")
        lines = [tr(f"level_{level}_note", self.lang)] if level else []
        pack = self.pack.currentData()
        if level and pack is not None:
            plan = self.plan(pack, self.player.currentData() or "", level)
            if plan.left_out:
                lines.append(tr_count("left_out_note", plan.left_out, self.lang))
            if plan.extra:
                lines.append(tr_count("practice_note", plan.extra, self.lang))
        self.level_note.setText("\n".join(lines))  # a sentence a line, each wrapped where the screen is narrow

    def set_players(self, players, selected: str) -> None:
        """Guest first, then every player as avatar + name; `selected` is a name ("" = guest)."""
        self.player.clear()
        self.player.add(tr("guest", self.lang), "", picture="🙂", picture_size=PLAYER_PICTURE_SIZE)
        for player in sorted(players, key=name_order(self.lang)):
            self.player.add(player.name, player.name, picture=player.avatar, picture_size=PLAYER_PICTURE_SIZE)
        index = self.player.findData(selected)
        self.player.setCurrentIndex(index if index >= 0 else 0)
        self.read_cards(self.player)

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
        self.read_cards(self.pack)
        notes = [tr("no_packs", lang)] if not packs else []
        files = len({problem.path for problem in problems})
        if problems:  # the child's screen: one short line; the files and what is wrong are the teacher's
            notes.append("⚠ " + tr_count("broken_pack_files", files, lang))
        self.problems.setText("\n".join(notes))
        self.problems.setToolTip(problem_lines(problems, lang))
        self.start.setEnabled(bool(packs))

    def show_source(self, description: str, lang: str) -> None:
        """The video file or picture folder the game plays from (`description`; "" when it is the camera), shown
        in the settings beside the camera number, which is then not used and greyed."""
        self.form_labels["source"].setText(tr("source_in_use", lang))
        self.source_value.setText(description)
        self.use_camera.setText("📷 " + tr("use_camera_again", lang))
        self.form.setRowVisible(self.source_row, bool(description))
        self.camera.setEnabled(not description)
        self.camera.setToolTip(tr("source_camera_unused", lang) if description else "")
