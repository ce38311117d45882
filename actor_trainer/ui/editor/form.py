"""The editor's form: the pack's fields, its situation list, the situation's fields and the child's preview.

PackForm is a part of TeacherEditor (ui/editor/window.py): it builds these widgets, shows the window's
PackDraft in them and hands every edit to the draft. The draft (actor_trainer.packs.draft) holds the rules.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from actor_trainer.labels import EMOJI, EXPRESSIONS
from actor_trainer.packs.scenarios import LANGUAGES, LEVEL_NAMES, MAX_HOLD_SECONDS, Scenario
from actor_trainer.packs.validation import screen_issues
from actor_trainer.ui.i18n import LANGUAGE_NAMES, expression_name, tr

# the pictures a teacher picks a pack's from (the start screen shows it; "" = the default theatre masks)
PACK_PICTURES = ("", "🏠", "🏫", "🌳", "🎈", "🏖️", "🐾", "⚽", "🚀", "🎄", "🍎", "🎵")
WARNING = "\N{WARNING SIGN}"
PRESSED_STYLE = "QToolButton:checked { background: #cfe3ff; border: 1px solid #1565c0; border-radius: 3px; }"


class PackForm:
    """The form part of TeacherEditor. It expects the window's `draft` (a PackDraft or None), `language`,
    `file_problems`, `_t`, `_message` and `_changed` (called after every edit)."""

    # ------------------------------------------------------------ building

    def _build_builtin_banner(self) -> QFrame:
        """Over a built-in pack's form: it cannot be changed, and the button that makes the teacher's own copy."""
        self.builtin_note = QFrame()
        self.builtin_note.setObjectName("builtinBanner")
        note = QLabel(f"\N{LOCK} {self._t('builtin_note')}")
        note.setWordWrap(True)
        self.duplicate_to_edit_button = QPushButton(self._t("duplicate_to_edit"))
        self.duplicate_to_edit_button.setObjectName("duplicateToEdit")
        row = QHBoxLayout(self.builtin_note)
        row.addWidget(note, 1)
        row.addWidget(self.duplicate_to_edit_button)
        return self.builtin_note

    def _build_pack_box(self) -> QGroupBox:
        self.title_edit = QLineEdit()
        self.language_combo = QComboBox()
        for code in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.age_edit = QLineEdit()
        self.author_edit = QLineEdit()
        self.description_edit = QLineEdit()
        pictures = self._build_picture_row()
        self.picture_label = QLabel(self._t("picture"))
        box = QGroupBox(self._t("pack"))
        grid = QGridLayout(box)  # two fields a row: the situation below keeps the height
        grid.addWidget(self._build_builtin_banner(), 0, 0, 1, 4)
        for index, (key, widget) in enumerate((("title", self.title_edit), ("language", self.language_combo),
                                               ("age_range", self.age_edit), ("author", self.author_edit))):
            grid.addWidget(buddy_label(self._t(key), widget), 1 + index // 2, 2 * (index % 2))
            grid.addWidget(widget, 1 + index // 2, 2 * (index % 2) + 1)
        # the description and the picture share a row: the form fits a 1280x800 screen without scrolling
        grid.addWidget(buddy_label(self._t("description"), self.description_edit), 3, 0)
        grid.addWidget(self.description_edit, 3, 1)
        grid.addWidget(self.picture_label, 3, 2)
        grid.addWidget(pictures, 3, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        return box

    def _build_picture_row(self) -> QWidget:
        """One button per picture in PACK_PICTURES, and beside them the name of a picture outside the set."""
        self.picture_buttons: dict[str, QToolButton] = {}
        pictures = QWidget()
        row = QHBoxLayout(pictures)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.picture_group = QButtonGroup(self)
        for picture in PACK_PICTURES:
            button = QToolButton()
            button.setText(picture or "🎭")
            button.setCheckable(True)
            button.setToolTip(self._t("picture_default") if not picture else picture)
            self.picture_group.addButton(button)
            self.picture_buttons[picture] = button
            row.addWidget(button)
        self.picture_file_label = QLabel()
        row.addWidget(self.picture_file_label)
        row.addStretch(1)
        pictures.setStyleSheet(PRESSED_STYLE)
        return pictures

    def _build_situation_list_box(self) -> QGroupBox:
        self.scenario_list = CompactList()
        self.scenario_list.setMinimumHeight(160)
        self.scenario_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scenario_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.add_button = QPushButton(self._t("add"))
        self.add_button.setShortcut(QKeySequence("Ctrl+N"))
        self.remove_button = QPushButton(self._t("remove"))
        self.up_button = QPushButton(self._t("up"))
        self.up_button.setShortcut(QKeySequence("Alt+Up"))
        self.down_button = QPushButton(self._t("down"))
        self.down_button.setShortcut(QKeySequence("Alt+Down"))
        remove_key = QShortcut(QKeySequence.StandardKey.Delete, self.scenario_list)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_scenario)
        box = QGroupBox(self._t("situations"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.scenario_list, 1)
        buttons = QGridLayout()  # two by two under the list: the list keeps the height
        for index, button in enumerate((self.add_button, self.remove_button, self.up_button, self.down_button)):
            buttons.addWidget(button, index // 2, index % 2)
        layout.addLayout(buttons)
        return box

    def _build_situation_box(self) -> QGroupBox:
        self.id_edit = QLineEdit()
        self._build_text_edit()
        self.target_combo = QComboBox()
        for name in EXPRESSIONS:
            self.target_combo.addItem(f"{EMOJI[name]}  {expression_name(name, self.language)}", name)
        also = self._build_also_buttons()
        self.also_label = QLabel(self._t("also"))
        self.also_label.setToolTip(self._t("also_tip"))
        self.hint_edit = QLineEdit()
        self.hold_spin = QDoubleSpinBox()
        self.hold_spin.setRange(0.0, MAX_HOLD_SECONDS)
        self.hold_spin.setSingleStep(0.5)
        self.hold_spin.setDecimals(1)
        self.hold_spin.setSpecialValueText(self._t("hold_default"))
        self.min_level_combo = QComboBox()
        self.min_level_combo.addItem(self._t("min_level_any"), None)
        for name in LEVEL_NAMES:
            self.min_level_combo.addItem(tr(f"level_{name}", self.language), name)
        box = QGroupBox(self._t("situation"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(buddy_label(self._t("text"), self.text_edit), self.text_edit)
        form.addRow(buddy_label(self._t("target"), self.target_combo), self.target_combo)
        form.addRow(self.also_label)  # the buttons under their label, across the whole form: the form stays
        form.addRow(also)  # narrow enough for the situation list beside it to show its texts
        for key, widget in (("hint", self.hint_edit), ("id", self.id_edit)):
            form.addRow(buddy_label(self._t(key), widget), widget)
        hold_and_level = QHBoxLayout()  # one row for two short fields: the height the buttons' label took
        hold_and_level.addWidget(self.hold_spin, 1)
        hold_and_level.addSpacing(12)
        hold_and_level.addWidget(buddy_label(self._t("min_level"), self.min_level_combo))
        hold_and_level.addWidget(self.min_level_combo, 1)
        form.addRow(buddy_label(self._t("hold"), self.hold_spin), hold_and_level)
        self._read_only_typing = ReadOnlyTyping(self._nudge_duplicate, box)
        return box

    def _build_text_edit(self) -> None:
        self.text_edit = CompactTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.text_edit.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)

    def _build_also_buttons(self) -> QWidget:
        """One button per expression: pressed ones pass too ("also accepted")."""
        self.also_buttons: dict[str, QToolButton] = {}
        also = QWidget()
        also_grid = QGridLayout(also)
        also_grid.setContentsMargins(0, 0, 0, 0)
        also.setStyleSheet(PRESSED_STYLE)
        for index, name in enumerate(EXPRESSIONS):
            button = WholeButton()
            button.setText(f"{EMOJI[name]} {expression_name(name, self.language)}")
            button.setCheckable(True)
            button.setToolTip(self._t("also_tip"))
            button.setMinimumHeight(button.sizeHint().height() + 4)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.also_buttons[name] = button
            also_grid.addWidget(button, index // 4, index % 4)
        return also

    def _build_preview_box(self) -> QGroupBox:
        self.preview_emoji = QLabel()
        self.preview_emoji.setObjectName("previewEmoji")
        self.preview_text = wrapping_label()
        self.preview_text.setObjectName("previewText")
        self.preview_hint = wrapping_label()
        self.preview_also = wrapping_label()
        box = QGroupBox(self._t("preview"))
        layout = QHBoxLayout(box)
        layout.addWidget(self.preview_emoji, 0, Qt.AlignmentFlag.AlignTop)
        text_column = QVBoxLayout()
        text_column.addWidget(self.preview_text)
        text_column.addWidget(self.preview_hint)
        text_column.addWidget(self.preview_also)
        layout.addLayout(text_column, 1)
        return box

    def _connect_form(self) -> None:
        for edit in self._text_fields():
            edit.installEventFilter(self._read_only_typing)
        self.duplicate_to_edit_button.clicked.connect(self.duplicate_pack)
        self.scenario_list.currentRowChanged.connect(self._show_scenario)
        self.add_button.clicked.connect(self.add_scenario)
        self.remove_button.clicked.connect(self.remove_scenario)
        self.up_button.clicked.connect(lambda: self.move_scenario(-1))
        self.down_button.clicked.connect(lambda: self.move_scenario(1))
        for edit in (self.title_edit, self.age_edit, self.author_edit, self.description_edit):
            edit.textEdited.connect(self._pack_fields_edited)
        self.language_combo.activated.connect(self._pack_fields_edited)
        self.picture_group.buttonClicked.connect(self._pack_fields_edited)
        for edit in (self.id_edit, self.hint_edit):
            edit.textEdited.connect(self._scenario_fields_edited)
        self.text_edit.textChanged.connect(self._scenario_fields_edited)
        self.hold_spin.valueChanged.connect(self._scenario_fields_edited)
        for combo in (self.target_combo, self.min_level_combo):
            combo.currentIndexChanged.connect(self._scenario_fields_edited)
        for button in self.also_buttons.values():
            button.toggled.connect(self._scenario_fields_edited)

    # ------------------------------------------------------------ showing the draft

    def _fill_pack_form(self, scenario_row: int = 0) -> None:
        pack = self.current
        self._filling = True
        self.title_edit.setText(pack.title if pack else "")
        self._show_language(pack.language if pack else "")
        self.age_edit.setText(pack.age_range if pack else "")
        self.author_edit.setText(pack.author if pack else "")
        self.description_edit.setText(pack.description if pack else "")
        self._show_picture(pack.picture if pack else "")
        self._filling = False
        self._fill_scenario_list(scenario_row)
        self._update_enabled()
        self._refresh_messages()
        self._show_file_problems()

    def _show_picture(self, picture: str) -> None:
        """The pack's picture pressed; an image file (or an emoji outside the set) is named beside the set."""
        self.picture_group.setExclusive(False)
        for name, button in self.picture_buttons.items():
            button.setChecked(name == picture)
        self.picture_group.setExclusive(True)
        self.picture_file_label.setText(picture if picture not in self.picture_buttons else "")

    def _show_language(self, code: str) -> None:
        """A language the game does not know ("fr") is shown as it is, never as English."""
        for index in range(self.language_combo.count() - 1, len(LANGUAGES) - 1, -1):
            self.language_combo.removeItem(index)
        if code not in LANGUAGES:
            self.language_combo.addItem(self._t("unknown_language", code=code or "?"), code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(code))

    def _show_file_problems(self) -> None:
        """What the file said when it was read; hidden once the teacher edits (the list below follows the edits)."""
        pack = self.current
        problems = self.file_problems.get(pack.path, []) if pack and not self.dirty else []
        self.file_problems_label.setText(
            "\n".join([self._t("file_problems"), *(f"{p.line}: {self._message(p.message)}" for p in problems)])
            if problems else "")
        self.file_problems_label.setVisible(bool(problems))
        self.fit_status()

    def _fill_scenario_list(self, select: int) -> None:
        scenarios = self.current.scenarios if self.current else []
        self.scenario_list.blockSignals(True)
        self.scenario_list.clear()
        for index, scenario in enumerate(scenarios):
            self.scenario_list.addItem(self._scenario_item_text(index, scenario))
        self.scenario_list.setCurrentRow(min(select, len(scenarios) - 1))
        self.scenario_list.blockSignals(False)
        self._show_scenario(self.scenario_list.currentRow())

    @staticmethod
    def _scenario_item_text(index: int, scenario: Scenario) -> str:
        emoji = "".join(EMOJI.get(name, WARNING) for name in scenario.targets)
        first_line = scenario.text.strip().splitlines()[0] if scenario.text.strip() else "…"
        return f"{index + 1}. {emoji} {first_line}"

    def _show_scenario(self, row: int) -> None:
        scenario = self._scenario_at(row)
        self._filling = True
        self.id_edit.setText(scenario.id if scenario else "")
        if scenario is None or self.text_edit.toPlainText() != scenario.text:
            self.text_edit.setPlainText(scenario.text if scenario else "")
        self.target_combo.setCurrentIndex(self.target_combo.findData(scenario.target) if scenario else -1)
        for button in self.also_buttons.values():
            button.setChecked(False)
        self._show_also_buttons()
        self.hint_edit.setText(scenario.hint if scenario else "")
        self.hold_spin.setValue(scenario.hold_seconds or 0.0 if scenario else 0.0)
        self.min_level_combo.setCurrentIndex(max(0, self.min_level_combo.findData(scenario.min_level))
                                              if scenario else 0)
        self._filling = False
        self._update_enabled()
        self._update_preview()

    def _show_also_buttons(self) -> None:
        """The shown expression is always accepted: its button stays pressed and cannot be released."""
        shown = self.target_combo.currentData()
        scenario = self._scenario_at(self.scenario_list.currentRow())
        editable = scenario is not None and self.draft.editable
        for name, button in self.also_buttons.items():
            button.blockSignals(True)
            if name == shown:
                button.setChecked(True)
            elif scenario is not None:
                button.setChecked(name in scenario.alternatives)
            button.blockSignals(False)
            button.setEnabled(editable and name != shown)

    def _scenario_at(self, row: int) -> Scenario | None:
        return self.draft.scenario(row) if self.draft is not None else None

    def _update_preview(self) -> None:
        scenario = self._scenario_at(self.scenario_list.currentRow())
        self.preview_emoji.setText(EMOJI.get(scenario.target, "") if scenario else "")
        self.preview_text.setText(scenario.text if scenario else "")
        self.preview_hint.setText(scenario.hint if scenario else "")
        others = [f"{EMOJI.get(n, '')} {expression_name(n, self.language)}" for n in scenario.alternatives] \
            if scenario else []
        self.preview_also.setText(self._t("preview_also", names=", ".join(others)) if others else "")
        self.preview_also.setVisible(bool(others))

    def _refresh_messages(self) -> None:
        repairs = self.draft.repairs() if self.draft is not None and self.draft.editable else []
        self.repair_button.setText(self._t("repair", keys=", ".join(f"{key} → {meant}" for _, key, meant in repairs)))
        self.repair_button.setVisible(bool(repairs))
        if self.draft is None:
            self.messages_label.setText("")
            return
        messages = self.draft.problems()
        warnings = [f"⚠ {self._message(issue.message)}" for issue in screen_issues(self.draft.pack)]
        if messages:
            self.messages_label.setText("\n".join([self._t("game_skips"),
                                                   *(f"• {self._message(m)}" for m in messages), *warnings]))
            self.messages_label.setStyleSheet("color: #b00020;")
        elif warnings:
            self.messages_label.setText("\n".join([self._t("plays_but"), *warnings]))
            self.messages_label.setStyleSheet("color: #8a4b00;")
        else:
            self.messages_label.setText(self._t("no_problems"))
            self.messages_label.setStyleSheet("color: #1b5e20;")
        self.fit_status()

    def _enable_form(self, editable: bool) -> None:
        """Fields read-only or disabled unless the pack (and, for a situation's fields, a situation) is editable."""
        row = self.scenario_list.currentRow()
        situation = editable and self._scenario_at(row) is not None
        builtin = self.draft is not None and not self.draft.editable
        self.builtin_note.setVisible(builtin)
        if not builtin:
            set_flag(self.builtin_note, "nudged", False)
        for edit in (self.title_edit, self.age_edit, self.author_edit, self.description_edit):
            lock(edit, not editable, self._t("read_only_tip") if builtin else "")
        for edit in (self.id_edit, self.hint_edit, self.text_edit):
            lock(edit, not situation, self._t("read_only_tip") if builtin else "")
        self.language_combo.setEnabled(editable)
        for button in self.picture_buttons.values():
            button.setEnabled(editable)
        for widget in (self.target_combo, self.hold_spin, self.min_level_combo, self.remove_button):
            widget.setEnabled(situation)
        self._show_also_buttons()
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < len(self.draft.scenarios) - 1)
        self.add_button.setEnabled(editable)

    def _text_fields(self) -> tuple:
        return (self.title_edit, self.age_edit, self.author_edit, self.description_edit, self.id_edit, self.hint_edit,
                self.text_edit)

    def _nudge_duplicate(self, field: QWidget) -> None:
        """Typing into a built-in pack's field: the banner lights up and says how to change the pack."""
        if self.draft is None or self.draft.editable:
            return
        set_flag(self.builtin_note, "nudged", True)
        QToolTip.showText(field.mapToGlobal(field.rect().center()), self._t("read_only_tip"), field)

    # ------------------------------------------------------------ editing

    def _editing(self) -> bool:
        """True when an edit of the form should reach the draft (not while the form is being filled)."""
        return not self._filling and self.draft is not None and self.draft.editable

    def _pack_fields_edited(self, *_) -> None:
        if not self._editing():
            return
        fields = {"title": self.title_edit.text(), "language": self.language_combo.currentData(),
                  "age_range": self.age_edit.text(), "author": self.author_edit.text(),
                  "description": self.description_edit.text()}
        chosen = next((picture for picture, button in self.picture_buttons.items() if button.isChecked()), None)
        if chosen is not None:
            fields["picture"] = chosen
        self.draft.edit_pack(**fields)
        self._changed()

    def _scenario_fields_edited(self, *_) -> None:
        row = self.scenario_list.currentRow()
        scenario = self._scenario_at(row)
        if not self._editing() or scenario is None:
            return
        self.draft.edit_scenario(row, id=self.id_edit.text(), text=self.text_edit.toPlainText(),
                                 hint=self.hint_edit.text(), hold_seconds=self.hold_spin.value() or None,
                                 min_level=self.min_level_combo.currentData())
        pressed = [name for name, button in self.also_buttons.items() if button.isChecked()]
        self.draft.set_targets(row, self.target_combo.currentData() or scenario.target, pressed)
        self._show_also_buttons()
        self.scenario_list.item(row).setText(self._scenario_item_text(row, scenario))
        self._update_preview()
        self._changed()

    def add_scenario(self) -> None:
        """A new empty situation at the end, selected, with the keyboard in its text."""
        if self.draft is None or not self.draft.editable:
            return
        self._fill_scenario_list(self.draft.add_scenario())
        self._changed()
        self.text_edit.setFocus()

    def remove_scenario(self) -> None:
        """Remove the selected situation (no question: the file keeps it until the pack is saved)."""
        row = self.scenario_list.currentRow()
        if self._scenario_at(row) is None or not self.draft.editable:
            return
        self.draft.remove_scenario(row)
        self._fill_scenario_list(row)
        self._changed()

    def move_scenario(self, step: int) -> None:
        """Move the selected situation `step` places (-1 up, 1 down); it stays selected."""
        if self.draft is None or not self.draft.editable:
            return
        moved = self.draft.move_scenario(self.scenario_list.currentRow(), step)
        if moved is not None:
            self._fill_scenario_list(moved)
            self._changed()


class CompactList(QListWidget):
    """A list that asks for no more height than its minimum: in the form's scroll area the preferred heights
    add up, so a list that wants more makes the form scroll where it would fit; it still grows into free room."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(super().sizeHint().width(), self.minimumHeight())


class WholeButton(QToolButton):
    """A button never narrower than its label: the layout gives the row more room instead of cutting the text."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()


class CompactTextEdit(QPlainTextEdit):
    """The situation's text field: LINES lines of its own font high at least and at most (taller than any situation
    needs, the preview stays in view); it asks for its minimum height (see CompactList) and grows into free room."""

    LINES = (3, 9)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fit_lines()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the editor's style sheet follows the screen's size
            self._fit_lines()

    def _fit_lines(self) -> None:
        line = self.fontMetrics().lineSpacing()
        self.setMinimumHeight(line * self.LINES[0] + 12)
        self.setMaximumHeight(line * self.LINES[1] + 12)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(super().sizeHint().width(), self.minimumHeight())


class ReadOnlyTyping(QObject):
    """Calls `nudge(field)` when a key that would type a character reaches a read-only field (a built-in pack's):
    the typing is never silently lost."""

    def __init__(self, nudge, parent=None):
        super().__init__(parent)
        self.nudge = nudge

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and watched.isReadOnly() and event.text().isprintable() \
                and event.text().strip():
            self.nudge(watched)
        return False


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """A style-sheet property of `widget` (EDITOR_STYLE in window.py selects on it), drawn at once."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def lock(field: QWidget, locked: bool, tip: str = "") -> None:
    """A text field read-only and greyed (property "locked", EDITOR_STYLE), with `tip` saying why; or editable."""
    field.setReadOnly(locked)
    set_flag(field, "locked", locked)
    field.setToolTip(tip if locked else "")


def scrolling(widget: QWidget, max_height: int) -> QScrollArea:
    """Long text scrolls inside its own area instead of making the window taller."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMaximumHeight(max_height)
    area.setWidget(widget)
    return area


def wrapping_label() -> QLabel:
    """A label for a pack's text: shown as written (never as HTML), wrapped, selectable."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # a pack's text is shown as written, never as HTML
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A form label whose &-mnemonic (Alt+letter) moves the keyboard focus to its field."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
