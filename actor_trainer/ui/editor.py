"""The teacher's area: situation packs (list, create, duplicate, rename, delete, import, export, edit) and,
in a second tab, each child's progress.

Built-in packs are read-only (duplicate one to change it). The file work happens in actor_trainer.packs.packs;
this window asks, shows and never drops unsaved changes without asking. It fits a 1280x800 screen: the
columns sit in a splitter and the forms in a scroll area, so nothing makes the window grow by itself.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt, QTranslator, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from actor_trainer.labels import EMOJI, EXPRESSIONS
from actor_trainer.packs import packs as pack_files
from actor_trainer.packs.scenarios import (
    DIFFICULTIES,
    LANGUAGES,
    MAX_HOLD_SECONDS,
    Pack,
    Problem,
    Scenario,
    backup_path,
    validate_pack,
)
from actor_trainer.ui.i18n import LANGUAGE_NAMES, expression_name, problem_text, tr

LOCK = "\N{LOCK}"
WARNING = "\N{WARNING SIGN}"
PREFERRED_SIZE = (1240, 760)  # shrunk to the screen's free area when that is smaller


class TeacherEditor(QDialog):
    """Teachers' own packs live in `user_packs_dir`; the built-in ones in `builtin_dir` are shown read-only.
    `players_dir` holds the children's histories for the Progress tab (default: the app's own)."""

    packs_changed = Signal()

    def __init__(self, user_packs_dir: Path, builtin_dir: Path, parent=None, language: str = "en",
                 players_dir: Path | None = None):
        super().__init__(parent)
        self.user_packs_dir = Path(user_packs_dir)
        self.builtin_dir = Path(builtin_dir)
        self.players_dir = players_dir
        self.language = language if language in LANGUAGES else "en"
        self.packs: list[Pack] = []
        self.file_problems: dict[Path, list[Problem]] = {}
        self.current: Pack | None = None  # working copy of the selected pack
        self.dirty = False
        self._current_row = -1
        self._filling = False
        self.setWindowTitle(self._t("window_title"))
        use_qt_translation(self.language)
        self._build()
        self._connect()
        self._fit_to_screen()
        self.reload_packs()

    def _t(self, key: str, **values) -> str:
        return tr(f"ed_{key}", self.language, **values)

    def _message(self, message: str) -> str:
        return problem_text(message, self.language)

    def _problem(self, problem: Problem, short: bool = False) -> str:
        """FILE:LINE: message, in the app's language (`short`: the file's name only)."""
        where = Path(problem.path).name if short else problem.path
        return f"{where}:{problem.line}: {self._message(problem.message)}"

    def _fit_to_screen(self) -> None:
        screen = self.screen() or (self.parent().screen() if self.parent() else None)
        free = screen.availableGeometry() if screen else None
        width, height = PREFERRED_SIZE
        if free is not None:
            width, height = min(width, free.width() - 20), min(height, free.height() - 40)
        self.setMinimumSize(min(720, width), min(520, height))
        self.resize(width, height)
        if free is not None:
            self.move(free.center().x() - width // 2, free.center().y() - height // 2)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_packs_tab(), self._t("tab_packs"))
        self.progress_view = None
        self.tabs.addTab(self._build_progress_tab(), self._t("tab_progress"))
        self.save_button = QPushButton(self._t("save"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.close_button = QPushButton(self._t("close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.tabs.currentChanged.connect(self._tab_changed)

    def _build_progress_tab(self) -> QWidget:
        from actor_trainer.ui.progress_view import ProgressView

        folder = self.players_dir
        if folder is None:
            from actor_trainer.ui.user_paths import players_dir
            folder = players_dir()
        self.progress_view = ProgressView(Path(folder), self.language)
        return self.progress_view

    def _tab_changed(self, index: int) -> None:
        self.save_button.setVisible(index == 0)
        if index == 1:
            self.progress_view.reload()

    def _build_packs_tab(self) -> QWidget:
        self.pack_list = QListWidget()
        self.new_button = QPushButton(self._t("new_pack"))
        self.duplicate_button = QPushButton(self._t("duplicate"))
        self.rename_button = QPushButton(self._t("rename"))
        self.delete_button = QPushButton(self._t("delete_pack"))
        self.import_button = QPushButton(self._t("import"))
        self.export_button = QPushButton(self._t("export"))
        self.unreadable_label = _wrapping_label()
        self.unreadable_label.setStyleSheet("color: #b00020;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self._t("packs")))
        left_layout.addWidget(self.pack_list, 1)
        grid = QGridLayout()
        for index, button in enumerate((self.new_button, self.duplicate_button, self.rename_button,
                                        self.delete_button, self.import_button, self.export_button)):
            grid.addWidget(button, index // 2, index % 2)
        left_layout.addLayout(grid)
        self.unreadable_area = _scrolling(self.unreadable_label, max_height=110)
        left_layout.addWidget(self.unreadable_area)

        form = QWidget()
        right = QVBoxLayout(form)
        right.addWidget(self._build_pack_box())
        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.setChildrenCollapsible(False)
        middle.addWidget(self._build_situation_list_box())
        middle.addWidget(self._build_situation_box())
        middle.setStretchFactor(0, 2)
        middle.setStretchFactor(1, 3)
        right.addWidget(middle, 1)
        right.addWidget(self._build_preview_box())
        self.messages_label = _wrapping_label()
        self.file_problems_label = _wrapping_label()
        self.file_problems_label.setStyleSheet("color: #8a4b00;")
        right.addWidget(self.messages_label)
        right.addWidget(self.file_problems_label)

        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidget(form)
        columns = QSplitter(Qt.Orientation.Horizontal)
        columns.setChildrenCollapsible(False)
        columns.addWidget(left)
        columns.addWidget(self.form_scroll)
        columns.setStretchFactor(0, 1)
        columns.setStretchFactor(1, 3)
        columns.setSizes([300, 900])
        return columns

    def _build_pack_box(self) -> QGroupBox:
        self.builtin_note = QLabel(self._t("builtin_note"))
        self.builtin_note.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.language_combo = QComboBox()
        for code in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.age_edit = QLineEdit()
        self.author_edit = QLineEdit()
        self.description_edit = QLineEdit()
        box = QGroupBox(self._t("pack"))
        form = QFormLayout(box)
        form.addRow(self.builtin_note)
        for key, widget in (("title", self.title_edit), ("language", self.language_combo),
                            ("age_range", self.age_edit), ("author", self.author_edit),
                            ("description", self.description_edit)):
            form.addRow(_buddy_label(self._t(key), widget), widget)
        return box

    def _build_situation_list_box(self) -> QGroupBox:
        self.scenario_list = QListWidget()
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
        grid = QGridLayout()
        for index, button in enumerate((self.add_button, self.remove_button, self.up_button, self.down_button)):
            grid.addWidget(button, index // 2, index % 2)
        layout.addLayout(grid)
        return box

    def _build_situation_box(self) -> QGroupBox:
        self.id_edit = QLineEdit()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        line = self.text_edit.fontMetrics().lineSpacing()
        self.text_edit.setMinimumHeight(line * 3 + 12)
        self.text_edit.setMaximumHeight(line * 9 + 12)  # taller than any situation needs; the preview stays in view
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.text_edit.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.target_combo = QComboBox()
        for name in EXPRESSIONS:
            self.target_combo.addItem(f"{EMOJI[name]}  {expression_name(name, self.language)}", name)
        self.also_buttons: dict[str, QToolButton] = {}
        also = QWidget()
        also_grid = QGridLayout(also)
        also_grid.setContentsMargins(0, 0, 0, 0)
        also.setStyleSheet("QToolButton:checked { background: #cfe3ff; border: 1px solid #1565c0; "
                           "border-radius: 3px; }")
        for index, name in enumerate(EXPRESSIONS):
            button = QToolButton()
            button.setText(f"{EMOJI[name]} {expression_name(name, self.language)}")
            button.setCheckable(True)
            button.setToolTip(self._t("also_tip"))
            button.setMinimumHeight(button.sizeHint().height() + 4)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.also_buttons[name] = button
            also_grid.addWidget(button, index // 4, index % 4)
        self.also_label = QLabel(self._t("also"))
        self.also_label.setToolTip(self._t("also_tip"))
        self.hint_edit = QLineEdit()
        self.hold_spin = QDoubleSpinBox()
        self.hold_spin.setRange(0.0, MAX_HOLD_SECONDS)
        self.hold_spin.setSingleStep(0.5)
        self.hold_spin.setDecimals(1)
        self.hold_spin.setSpecialValueText(self._t("hold_default"))
        self.difficulty_combo = QComboBox()
        self.difficulty_combo.addItem(self._t("difficulty_any"), None)
        for name in DIFFICULTIES:
            self.difficulty_combo.addItem(tr(f"level_{name}", self.language), name)
        box = QGroupBox(self._t("situation"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_buddy_label(self._t("text"), self.text_edit), self.text_edit)
        form.addRow(_buddy_label(self._t("target"), self.target_combo), self.target_combo)
        form.addRow(self.also_label, also)
        for key, widget in (("hint", self.hint_edit), ("id", self.id_edit), ("hold", self.hold_spin),
                            ("difficulty", self.difficulty_combo)):
            form.addRow(_buddy_label(self._t(key), widget), widget)
        return box

    def _build_preview_box(self) -> QGroupBox:
        self.preview_emoji = QLabel()
        self.preview_emoji.setFont(_font(40))
        self.preview_text = _wrapping_label()
        self.preview_text.setFont(_font(18, bold=True))
        self.preview_hint = _wrapping_label()
        self.preview_also = _wrapping_label()
        box = QGroupBox(self._t("preview"))
        layout = QHBoxLayout(box)
        layout.addWidget(self.preview_emoji, 0, Qt.AlignmentFlag.AlignTop)
        text_column = QVBoxLayout()
        text_column.addWidget(self.preview_text)
        text_column.addWidget(self.preview_hint)
        text_column.addWidget(self.preview_also)
        layout.addLayout(text_column, 1)
        return box

    def _connect(self) -> None:
        self.pack_list.currentRowChanged.connect(self._on_pack_row_changed)
        self.scenario_list.currentRowChanged.connect(self._show_scenario)
        self.new_button.clicked.connect(self.new_pack)
        self.duplicate_button.clicked.connect(self.duplicate_pack)
        self.rename_button.clicked.connect(self.rename_pack)
        self.delete_button.clicked.connect(self.delete_pack)
        self.import_button.clicked.connect(self.import_pack)
        self.export_button.clicked.connect(self.export_pack)
        self.add_button.clicked.connect(self.add_scenario)
        self.remove_button.clicked.connect(self.remove_scenario)
        self.up_button.clicked.connect(lambda: self.move_scenario(-1))
        self.down_button.clicked.connect(lambda: self.move_scenario(1))
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        for edit in (self.title_edit, self.age_edit, self.author_edit, self.description_edit):
            edit.textEdited.connect(self._pack_fields_edited)
        self.language_combo.activated.connect(self._pack_fields_edited)
        for edit in (self.id_edit, self.hint_edit):
            edit.textEdited.connect(self._scenario_fields_edited)
        self.text_edit.textChanged.connect(self._scenario_fields_edited)
        self.hold_spin.valueChanged.connect(self._scenario_fields_edited)
        for combo in (self.target_combo, self.difficulty_combo):
            combo.currentIndexChanged.connect(self._scenario_fields_edited)
        for button in self.also_buttons.values():
            button.toggled.connect(self._scenario_fields_edited)

    # ------------------------------------------------------------ the pack list

    def reload_packs(self, select: Path | None = None, scenario_row: int = 0) -> None:
        """Read the built-in and the user's packs from disk and select `select` (or the first pack)."""
        library = pack_files.discover(self.builtin_dir, self.user_packs_dir)
        self.packs = library.packs
        self.file_problems = library.problems
        unreadable = library.unreadable
        self.unreadable_label.setText("\n".join([self._t("unreadable"), *map(self._problem, unreadable)])
                                      if unreadable else "")
        self.unreadable_area.setVisible(bool(unreadable))
        self.pack_list.blockSignals(True)
        self.pack_list.clear()
        for pack in self.packs:
            self.pack_list.addItem(self._pack_item_text(pack))
        self.pack_list.blockSignals(False)
        paths = [pack.path for pack in self.packs]
        row = paths.index(select) if select in paths else (0 if self.packs else -1)
        self._select_pack_row(row, scenario_row)

    def _pack_item_text(self, pack: Pack, dirty: bool = False) -> str:
        prefix = f"{LOCK} " if pack.builtin else ""
        broken = f" {WARNING}" if self.file_problems.get(pack.path) else ""
        marker = self._t("unsaved_marker") if dirty else ""
        return f"{prefix}{pack.title or '…'}  ({pack.language}, {len(pack.scenarios)}){broken}{marker}"

    def _select_pack_row(self, row: int, scenario_row: int = 0) -> None:
        self.pack_list.blockSignals(True)
        self.pack_list.setCurrentRow(row)
        self.pack_list.blockSignals(False)
        self._open_row(row, scenario_row)

    def _on_pack_row_changed(self, row: int) -> None:
        if row == self._current_row:
            return
        if not self.confirm_discard_or_save():
            self.pack_list.blockSignals(True)
            self.pack_list.setCurrentRow(self._current_row)
            self.pack_list.blockSignals(False)
            return
        self._open_row(row)

    def _open_row(self, row: int, scenario_row: int = 0) -> None:
        self._current_row = row
        self.current = copy.deepcopy(self.packs[row]) if 0 <= row < len(self.packs) else None
        self.dirty = False
        self._fill_pack_form(scenario_row)

    def selected_pack(self) -> Pack | None:
        return self.packs[self._current_row] if 0 <= self._current_row < len(self.packs) else None

    # ------------------------------------------------------------ showing the working copy

    def _fill_pack_form(self, scenario_row: int = 0) -> None:
        pack = self.current
        self._filling = True
        self.title_edit.setText(pack.title if pack else "")
        self._show_language(pack.language if pack else "")
        self.age_edit.setText(pack.age_range if pack else "")
        self.author_edit.setText(pack.author if pack else "")
        self.description_edit.setText(pack.description if pack else "")
        self._filling = False
        self._fill_scenario_list(scenario_row)
        self._update_enabled()
        self._refresh_messages()
        self._show_file_problems()

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
        self.difficulty_combo.setCurrentIndex(max(0, self.difficulty_combo.findData(scenario.difficulty))
                                              if scenario else 0)
        self._filling = False
        self._update_enabled()
        self._update_preview()

    def _show_also_buttons(self) -> None:
        """The shown expression is always accepted: its button stays pressed and cannot be released."""
        shown = self.target_combo.currentData()
        scenario = self._scenario_at(self.scenario_list.currentRow())
        editable = scenario is not None and self.current is not None and not self.current.builtin
        for name, button in self.also_buttons.items():
            button.blockSignals(True)
            if name == shown:
                button.setChecked(True)
            elif scenario is not None:
                button.setChecked(name in scenario.alternatives)
            button.blockSignals(False)
            button.setEnabled(editable and name != shown)

    def _scenario_at(self, row: int) -> Scenario | None:
        if self.current is None or not 0 <= row < len(self.current.scenarios):
            return None
        return self.current.scenarios[row]

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
        if self.current is None:
            self.messages_label.setText("")
            return
        messages = validate_pack(self.current)
        if messages:
            self.messages_label.setText("\n".join([self._t("game_skips"),
                                                   *(f"• {self._message(m)}" for m in messages)]))
            self.messages_label.setStyleSheet("color: #b00020;")
        else:
            self.messages_label.setText(self._t("no_problems"))
            self.messages_label.setStyleSheet("color: #1b5e20;")

    def _update_enabled(self) -> None:
        pack = self.current
        editable = pack is not None and not pack.builtin
        has_scenario = self._scenario_at(self.scenario_list.currentRow()) is not None
        row = self.scenario_list.currentRow()
        self.builtin_note.setVisible(bool(pack and pack.builtin))
        for edit in (self.title_edit, self.age_edit, self.author_edit, self.description_edit):
            edit.setReadOnly(not editable)
        for edit in (self.id_edit, self.hint_edit):
            edit.setReadOnly(not (editable and has_scenario))
        self.text_edit.setReadOnly(not (editable and has_scenario))
        self.language_combo.setEnabled(editable)
        for widget in (self.target_combo, self.hold_spin, self.difficulty_combo, self.remove_button):
            widget.setEnabled(editable and has_scenario)
        self._show_also_buttons()
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < len(pack.scenarios) - 1 if pack else False)
        for widget in (self.add_button, self.rename_button, self.delete_button):
            widget.setEnabled(editable)
        self.save_button.setEnabled(editable and self.dirty)
        self.duplicate_button.setEnabled(pack is not None)
        self.export_button.setEnabled(pack is not None)

    # ------------------------------------------------------------ editing

    def _pack_fields_edited(self, *_) -> None:
        if self._filling or self.current is None or self.current.builtin:
            return
        self.current.title = self.title_edit.text()
        self.current.language = self.language_combo.currentData()
        self.current.age_range = self.age_edit.text()
        self.current.author = self.author_edit.text()
        self.current.description = self.description_edit.text()
        self._changed()

    def _scenario_fields_edited(self, *_) -> None:
        row = self.scenario_list.currentRow()
        scenario = self._scenario_at(row)
        if self._filling or scenario is None or self.current.builtin:
            return
        scenario.id = self.id_edit.text()
        scenario.text = self.text_edit.toPlainText()
        previous, scenario.target = scenario.target, self.target_combo.currentData() or scenario.target
        # the old shown expression's button was pressed only because it was shown: it does not stay accepted
        scenario.alternatives = tuple(name for name, button in self.also_buttons.items()
                                      if button.isChecked() and name not in (scenario.target, previous))
        self._show_also_buttons()
        scenario.hint = self.hint_edit.text()
        scenario.hold_seconds = self.hold_spin.value() or None
        scenario.difficulty = self.difficulty_combo.currentData()
        self.scenario_list.item(row).setText(self._scenario_item_text(row, scenario))
        self._update_preview()
        self._changed()

    def _changed(self) -> None:
        self.dirty = True
        item = self.pack_list.item(self._current_row)
        if item is not None:
            item.setText(self._pack_item_text(self.current, dirty=True))
        self._refresh_messages()
        self._show_file_problems()
        self._update_enabled()

    def add_scenario(self) -> None:
        if self.current is None or self.current.builtin:
            return
        used = {scenario.id for scenario in self.current.scenarios}
        number = len(self.current.scenarios) + 1
        while f"situation-{number}" in used:
            number += 1
        self.current.scenarios.append(Scenario(id=f"situation-{number}", text="", target="happy"))
        self._fill_scenario_list(len(self.current.scenarios) - 1)
        self._changed()
        self.text_edit.setFocus()

    def remove_scenario(self) -> None:
        row = self.scenario_list.currentRow()
        if self._scenario_at(row) is None or self.current.builtin:
            return
        del self.current.scenarios[row]
        self._fill_scenario_list(row)
        self._changed()

    def move_scenario(self, step: int) -> None:
        row = self.scenario_list.currentRow()
        other = row + step
        if self.current is None or self.current.builtin or self._scenario_at(row) is None \
                or self._scenario_at(other) is None:
            return
        scenarios = self.current.scenarios
        scenarios[row], scenarios[other] = scenarios[other], scenarios[row]
        self._fill_scenario_list(other)
        self._changed()

    # ------------------------------------------------------------ saving and closing

    def save(self) -> bool:
        """Write the working copy over its file (renamed when the title changed); False (with a message) if that
        failed. The selected situation and the keyboard focus stay where they were."""
        if self.current is None or self.current.builtin or self.current.path is None:
            return True
        row = self.scenario_list.currentRow()
        focused = self.focusWidget()
        try:
            saved = self.selected_pack()
            path = pack_files.save(self.current, saved.title if saved is not None else None)
        except (OSError, UnicodeError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return False
        self.dirty = False
        self.reload_packs(select=path, scenario_row=max(row, 0))
        if focused is not None:
            focused.setFocus()
        self.packs_changed.emit()
        return True

    def confirm_discard_or_save(self) -> bool:
        """Ask before unsaved changes would go; True when it is fine to move on."""
        if not self.dirty or self.current is None:
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, self._t("unsaved_title"), self._t("unsaved_text", title=self.current.title),
                                      buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Save:
            return self.save()
        if answer == buttons.Discard:
            self.dirty = False
            return True
        return False

    def done(self, result: int) -> None:
        if self.confirm_discard_or_save():
            super().done(result)

    # ------------------------------------------------------------ pack actions

    def _after_new_file(self, action) -> None:
        try:
            pack = action()
        except (OSError, UnicodeError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return
        self.reload_packs(select=pack.path)
        self.packs_changed.emit()

    def new_pack(self) -> None:
        if not self.confirm_discard_or_save():
            return
        self._after_new_file(lambda: pack_files.create(self.user_packs_dir, self._t("new_title"), self.language))
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def duplicate_pack(self) -> None:
        if self.current is None or not self.confirm_discard_or_save():
            return
        source = self.selected_pack()
        self._after_new_file(lambda: pack_files.duplicate(source, self.user_packs_dir,
                                                          source.title + self._t("copy_suffix")))

    def rename_pack(self) -> None:
        if self.current is None or self.current.builtin:
            return
        title, accepted = QInputDialog.getText(self, self._t("rename_title"), self._t("rename_label"),
                                               QLineEdit.EchoMode.Normal, self.current.title)
        if not accepted or not title.strip():
            return
        self.current.title = title.strip()
        self._changed()
        self.save()

    def delete_pack(self) -> None:
        pack = self.current
        if pack is None or pack.builtin or pack.path is None:
            return
        buttons = QMessageBox.StandardButton
        backup = backup_path(pack.path)
        answer = QMessageBox.question(self, self._t("delete_title"),
                                      self._t("delete_text", title=pack.title, backup=backup.name),
                                      buttons.Yes | buttons.No, buttons.No)
        if answer != buttons.Yes:
            return
        try:
            pack_files.delete(pack)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), str(error))
            return
        self.dirty = False
        self.reload_packs()
        self.packs_changed.emit()

    def import_pack(self) -> None:
        if not self.confirm_discard_or_save():
            return
        chosen, _ = QFileDialog.getOpenFileName(self, self._t("import_title"), str(Path.home()),
                                                self._t("file_filter"))
        if not chosen:
            return
        pack, problems = pack_files.check_import(Path(chosen))
        listed = "\n".join(self._problem(p, short=True) for p in problems)
        if pack is None:
            QMessageBox.warning(self, self._t("error_title"), self._t("import_failed", problems=listed))
            return
        buttons = QMessageBox.StandardButton
        if problems and QMessageBox.question(self, self._t("import_ask_title"), self._t("import_ask", problems=listed),
                                             buttons.Yes | buttons.No, buttons.No) != buttons.Yes:
            return
        try:
            target = pack_files.import_pack(Path(chosen), self.user_packs_dir)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, self._t("error_title"), str(error))
            return
        self.reload_packs(select=target)
        self.packs_changed.emit()

    def export_pack(self) -> None:
        if self.current is None:
            return
        suggested = str(Path.home() / (self.current.path.name if self.current.path else "pack.toml"))
        chosen, _ = QFileDialog.getSaveFileName(self, self._t("export_title"), suggested, self._t("file_filter"))
        if not chosen:
            return
        try:
            written = pack_files.export(self.current, Path(chosen))
        except (OSError, UnicodeError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return
        QMessageBox.information(self, self._t("exported_title"), self._t("exported", path=written))


_qt_translators: dict[str, QTranslator] = {}


def use_qt_translation(language: str) -> None:
    """Qt's own words (Save, Discard, Cancel, the file dialogs) in the app's language."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in _qt_translators.values():
        app.removeTranslator(translator)
    if language == "en":
        return
    translator = _qt_translators.get(language)
    if translator is None:
        translator = QTranslator(app)
        if not translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            return
        _qt_translators[language] = translator
    app.installTranslator(translator)


def _scrolling(widget: QWidget, max_height: int) -> QScrollArea:
    """Long text scrolls inside its own area instead of making the window taller."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMaximumHeight(max_height)
    area.setWidget(widget)
    return area


def _wrapping_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _buddy_label(text: str, widget: QWidget) -> QLabel:
    """A form label whose &-mnemonic (Alt+letter) moves the keyboard focus to its field."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _font(point_size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(point_size)
    font.setBold(bold)
    return font
