"""The teacher's editor: list, create, duplicate, rename, delete, import and export packs; edit their situations.

Built-in packs are read-only (duplicate one to change it). Every write goes through scenarios.save_pack (atomic, with
a .bak of the previous version); unsaved changes are never dropped without asking.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from actor_trainer import atomic
from actor_trainer.labels import EMOJI, EXPRESSIONS
from actor_trainer.scenarios import (
    DIFFICULTIES,
    LANGUAGES,
    MAX_HOLD_SECONDS,
    PACK_SUFFIX,
    Pack,
    Problem,
    Scenario,
    backup_path,
    load_pack,
    save_pack,
    unique_pack_path,
    validate_pack,
)
from actor_trainer.ui.i18n import LANGUAGE_NAMES, expression_name, tr

STRINGS = {
    "en": {
        "window_title": "Teacher: situation packs",
        "packs": "Packs",
        "new_pack": "&New pack",
        "duplicate": "D&uplicate",
        "rename": "&Rename…",
        "delete_pack": "Delete pack…",
        "import": "&Import…",
        "export": "&Export…",
        "pack": "Pack",
        "title": "&Title",
        "language": "&Language",
        "age_range": "&Age range",
        "author": "Auth&or",
        "description": "&Description",
        "situations": "Situations",
        "add": "Add situation (Ctrl+N)",
        "remove": "Remove situation (Del)",
        "up": "Move up (Alt+↑)",
        "down": "Move down (Alt+↓)",
        "situation": "Situation",
        "id": "Short na&me (id)",
        "text": "Te&xt",
        "target": "Ex&pression",
        "hint": "&Hint",
        "hold": "Hold se&conds",
        "hold_default": "level's default",
        "difficulty": "Difficult&y",
        "difficulty_any": "any level",
        "preview": "Preview (as the child sees it)",
        "save": "&Save",
        "close": "Close (Esc)",
        "builtin_note": "Built-in pack: read-only. Duplicate it to make your own copy.",
        "no_problems": "No problems: this pack is ready to play.",
        "game_skips": "The game skips this pack until these are fixed:",
        "file_problems": "When this file was opened:",
        "unreadable": "These files could not be opened:",
        "new_title": "New pack",
        "copy_suffix": " (copy)",
        "unsaved_title": "Unsaved changes",
        "unsaved_text": "Save the changes to “{title}”?",
        "delete_title": "Delete pack",
        "delete_text": "Delete “{title}”? A backup stays in the packs folder as {backup}.",
        "rename_title": "Rename pack",
        "rename_label": "New title:",
        "import_title": "Import a pack",
        "export_title": "Export the pack",
        "file_filter": "Scenario packs (*.toml)",
        "error_title": "Problem",
        "save_failed": "The pack could not be saved, nothing was changed on disk:\n{error}",
        "import_failed": "This file cannot be imported:\n{problems}",
        "import_problems": "Imported. Fix these before the game can use it:\n{problems}",
        "unsaved_marker": " •",
    },
    "sv": {
        "window_title": "Lärare: situationspaket",
        "packs": "Paket",
        "new_pack": "&Nytt paket",
        "duplicate": "&Kopiera",
        "rename": "&Byt namn…",
        "delete_pack": "Ta bort paket…",
        "import": "&Importera…",
        "export": "&Exportera…",
        "pack": "Paket",
        "title": "&Titel",
        "language": "&Språk",
        "age_range": "&Ålder",
        "author": "&Författare",
        "description": "Beskri&vning",
        "situations": "Situationer",
        "add": "Lägg till situation (Ctrl+N)",
        "remove": "Ta bort situation (Del)",
        "up": "Flytta upp (Alt+↑)",
        "down": "Flytta ner (Alt+↓)",
        "situation": "Situation",
        "id": "I&d",
        "text": "Te&xt",
        "target": "&Uttryck",
        "hint": "Ti&ps",
        "hold": "Hå&lltid (s)",
        "hold_default": "nivåns standard",
        "difficulty": "Svårig&het",
        "difficulty_any": "alla nivåer",
        "preview": "Förhandsvisning (som barnet ser den)",
        "save": "Spa&ra",
        "close": "Stäng (Esc)",
        "builtin_note": "Inbyggt paket: kan inte ändras. Kopiera det för att göra en egen version.",
        "no_problems": "Inga fel: paketet är klart att spela.",
        "game_skips": "Spelet hoppar över paketet tills detta är rättat:",
        "file_problems": "När filen öppnades:",
        "unreadable": "De här filerna kunde inte öppnas:",
        "new_title": "Nytt paket",
        "copy_suffix": " (kopia)",
        "unsaved_title": "Osparade ändringar",
        "unsaved_text": "Vill du spara ändringarna i ”{title}”?",
        "delete_title": "Ta bort paket",
        "delete_text": "Ta bort ”{title}”? En säkerhetskopia ligger kvar i paketmappen som {backup}.",
        "rename_title": "Byt namn på paketet",
        "rename_label": "Ny titel:",
        "import_title": "Importera ett paket",
        "export_title": "Exportera paketet",
        "file_filter": "Situationspaket (*.toml)",
        "error_title": "Problem",
        "save_failed": "Paketet kunde inte sparas, inget ändrades på disken:\n{error}",
        "import_failed": "Filen kan inte importeras:\n{problems}",
        "import_problems": "Importerat. Rätta detta innan spelet kan använda paketet:\n{problems}",
        "unsaved_marker": " •",
    },
}

LOCK = "\N{LOCK}"
WARNING = "\N{WARNING SIGN}"


class TeacherEditor(QDialog):
    """Teachers' own packs live in `user_packs_dir`; the built-in ones in `builtin_dir` are shown read-only."""

    packs_changed = Signal()

    def __init__(self, user_packs_dir: Path, builtin_dir: Path, parent=None, language: str = "en"):
        super().__init__(parent)
        self.user_packs_dir = Path(user_packs_dir)
        self.builtin_dir = Path(builtin_dir)
        self.language = language if language in STRINGS else "en"
        self.packs: list[Pack] = []
        self.file_problems: dict[Path, list[Problem]] = {}
        self.current: Pack | None = None  # working copy of the selected pack
        self.dirty = False
        self._current_row = -1
        self._filling = False
        self.setWindowTitle(self._t("window_title"))
        self.resize(1100, 720)
        self._build()
        self._connect()
        self.reload_packs()

    def _t(self, key: str, **values) -> str:
        text = STRINGS[self.language][key]
        return text.format(**values) if values else text

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.pack_list = QListWidget()
        self.new_button = QPushButton(self._t("new_pack"))
        self.duplicate_button = QPushButton(self._t("duplicate"))
        self.rename_button = QPushButton(self._t("rename"))
        self.delete_button = QPushButton(self._t("delete_pack"))
        self.import_button = QPushButton(self._t("import"))
        self.export_button = QPushButton(self._t("export"))
        self.unreadable_label = _wrapping_label()
        left = QVBoxLayout()
        left.addWidget(QLabel(self._t("packs")))
        left.addWidget(self.pack_list, 1)
        for first, second in ((self.new_button, self.duplicate_button), (self.rename_button, self.delete_button),
                              (self.import_button, self.export_button)):
            row = QHBoxLayout()
            row.addWidget(first)
            row.addWidget(second)
            left.addLayout(row)
        left.addWidget(self.unreadable_label)

        right = QVBoxLayout()
        right.addWidget(self._build_pack_box())
        middle = QHBoxLayout()
        middle.addWidget(self._build_situation_list_box(), 1)
        middle.addWidget(self._build_situation_box(), 2)
        right.addLayout(middle, 1)
        right.addWidget(self._build_preview_box())
        self.messages_label = _wrapping_label()
        self.file_problems_label = _wrapping_label()
        right.addWidget(self.messages_label)
        right.addWidget(self.file_problems_label)
        self.save_button = QPushButton(self._t("save"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.close_button = QPushButton(self._t("close"))
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        right.addLayout(buttons)

        columns = QHBoxLayout(self)
        left_widget = QWidget()
        left_widget.setLayout(left)
        columns.addWidget(left_widget, 1)
        columns.addLayout(right, 3)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

    def _build_pack_box(self) -> QGroupBox:
        self.builtin_note = QLabel(self._t("builtin_note"))
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
        for first, second in ((self.add_button, self.remove_button), (self.up_button, self.down_button)):
            row = QHBoxLayout()
            row.addWidget(first)
            row.addWidget(second)
            layout.addLayout(row)
        return box

    def _build_situation_box(self) -> QGroupBox:
        self.id_edit = QLineEdit()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMaximumHeight(90)
        self.target_combo = QComboBox()
        for name in EXPRESSIONS:
            self.target_combo.addItem(f"{EMOJI[name]}  {expression_name(name, self.language)}", name)
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
        for key, widget in (("text", self.text_edit), ("target", self.target_combo), ("hint", self.hint_edit),
                            ("id", self.id_edit), ("hold", self.hold_spin), ("difficulty", self.difficulty_combo)):
            form.addRow(_buddy_label(self._t(key), widget), widget)
        return box

    def _build_preview_box(self) -> QGroupBox:
        self.preview_emoji = QLabel()
        self.preview_emoji.setFont(_font(48))
        self.preview_text = _wrapping_label()
        self.preview_text.setFont(_font(22, bold=True))
        self.preview_hint = _wrapping_label()
        box = QGroupBox(self._t("preview"))
        layout = QHBoxLayout(box)
        layout.addWidget(self.preview_emoji)
        text_column = QVBoxLayout()
        text_column.addWidget(self.preview_text)
        text_column.addWidget(self.preview_hint)
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

    # ------------------------------------------------------------ the pack list

    def reload_packs(self, select: Path | None = None) -> None:
        """Read the built-in and the user's packs from disk and select `select` (or the first pack)."""
        self.packs = []
        self.file_problems = {}
        unreadable: list[Problem] = []
        for folder, builtin in ((self.builtin_dir, True), (self.user_packs_dir, False)):
            for path in sorted(folder.glob(f"*{PACK_SUFFIX}")) if folder.is_dir() else []:
                pack, problems = load_pack(path)
                if pack is None:
                    unreadable.extend(problems)
                    continue
                pack.builtin = builtin
                self.packs.append(pack)
                self.file_problems[path] = problems
        self.unreadable_label.setText("\n".join([self._t("unreadable"), *map(str, unreadable)]) if unreadable else "")
        self.unreadable_label.setVisible(bool(unreadable))
        self.pack_list.blockSignals(True)
        self.pack_list.clear()
        for pack in self.packs:
            self.pack_list.addItem(self._pack_item_text(pack))
        self.pack_list.blockSignals(False)
        paths = [pack.path for pack in self.packs]
        row = paths.index(select) if select in paths else (0 if self.packs else -1)
        self._select_pack_row(row)

    def _pack_item_text(self, pack: Pack, dirty: bool = False) -> str:
        prefix = f"{LOCK} " if pack.builtin else ""
        broken = f" {WARNING}" if self.file_problems.get(pack.path) else ""
        marker = self._t("unsaved_marker") if dirty else ""
        return f"{prefix}{pack.title or '…'}  ({pack.language}, {len(pack.scenarios)}){broken}{marker}"

    def _select_pack_row(self, row: int) -> None:
        self.pack_list.blockSignals(True)
        self.pack_list.setCurrentRow(row)
        self.pack_list.blockSignals(False)
        self._open_row(row)

    def _on_pack_row_changed(self, row: int) -> None:
        if row == self._current_row:
            return
        if not self.confirm_discard_or_save():
            self.pack_list.blockSignals(True)
            self.pack_list.setCurrentRow(self._current_row)
            self.pack_list.blockSignals(False)
            return
        self._open_row(row)

    def _open_row(self, row: int) -> None:
        self._current_row = row
        self.current = copy.deepcopy(self.packs[row]) if 0 <= row < len(self.packs) else None
        self.dirty = False
        self._fill_pack_form()

    def selected_pack(self) -> Pack | None:
        return self.packs[self._current_row] if 0 <= self._current_row < len(self.packs) else None

    # ------------------------------------------------------------ showing the working copy

    def _fill_pack_form(self) -> None:
        pack = self.current
        self._filling = True
        self.title_edit.setText(pack.title if pack else "")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(pack.language if pack else "")))
        self.age_edit.setText(pack.age_range if pack else "")
        self.author_edit.setText(pack.author if pack else "")
        self.description_edit.setText(pack.description if pack else "")
        self._filling = False
        self._fill_scenario_list(0)
        self._update_enabled()
        self._refresh_messages()
        problems = self.file_problems.get(pack.path, []) if pack else []
        self.file_problems_label.setText(
            "\n".join([self._t("file_problems"), *(f"{p.line}: {p.message}" for p in problems)]) if problems else "")
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
        emoji = EMOJI.get(scenario.target, WARNING)
        first_line = scenario.text.strip().splitlines()[0] if scenario.text.strip() else "…"
        return f"{index + 1}. {emoji} {first_line}"

    def _show_scenario(self, row: int) -> None:
        scenario = self._scenario_at(row)
        self._filling = True
        self.id_edit.setText(scenario.id if scenario else "")
        if scenario is None or self.text_edit.toPlainText() != scenario.text:
            self.text_edit.setPlainText(scenario.text if scenario else "")
        self.target_combo.setCurrentIndex(self.target_combo.findData(scenario.target) if scenario else -1)
        self.hint_edit.setText(scenario.hint if scenario else "")
        self.hold_spin.setValue(scenario.hold_seconds or 0.0 if scenario else 0.0)
        self.difficulty_combo.setCurrentIndex(max(0, self.difficulty_combo.findData(scenario.difficulty))
                                              if scenario else 0)
        self._filling = False
        self._update_enabled()
        self._update_preview()

    def _scenario_at(self, row: int) -> Scenario | None:
        if self.current is None or not 0 <= row < len(self.current.scenarios):
            return None
        return self.current.scenarios[row]

    def _update_preview(self) -> None:
        scenario = self._scenario_at(self.scenario_list.currentRow())
        self.preview_emoji.setText(EMOJI.get(scenario.target, "") if scenario else "")
        self.preview_text.setText(scenario.text if scenario else "")
        self.preview_hint.setText(scenario.hint if scenario else "")

    def _refresh_messages(self) -> None:
        if self.current is None:
            self.messages_label.setText("")
            return
        messages = validate_pack(self.current)
        if messages:
            self.messages_label.setText("\n".join([self._t("game_skips"), *(f"• {m}" for m in messages)]))
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
        scenario.target = self.target_combo.currentData() or scenario.target
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
        """Write the working copy over its file; False (with a message) if that failed."""
        if self.current is None or self.current.builtin or self.current.path is None:
            return True
        try:
            save_pack(self.current, self.current.path)
        except (OSError, UnicodeError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return False
        self.dirty = False
        self.reload_packs(select=self.current.path)
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

    def _write_new_pack(self, pack: Pack) -> None:
        pack.path = unique_pack_path(self.user_packs_dir, pack.title)
        pack.builtin = False
        try:
            save_pack(pack, pack.path)
        except (OSError, UnicodeError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))
            return
        self.reload_packs(select=pack.path)
        self.packs_changed.emit()

    def new_pack(self) -> None:
        if not self.confirm_discard_or_save():
            return
        self._write_new_pack(Pack(title=self._t("new_title"), language=self.language,
                                  scenarios=[Scenario(id="situation-1", text="", target="happy")],
                                  age_range="6-12"))
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def duplicate_pack(self) -> None:
        if self.current is None or not self.confirm_discard_or_save():
            return
        source = self.selected_pack()
        duplicate = copy.deepcopy(source)
        duplicate.title = source.title + self._t("copy_suffix")
        self._write_new_pack(duplicate)

    def rename_pack(self) -> None:
        if self.current is None or self.current.builtin:
            return
        title, accepted = QInputDialog.getText(self, self._t("rename_title"), self._t("rename_label"),
                                               QLineEdit.EchoMode.Normal, self.current.title)
        if not accepted or not title.strip():
            return
        self.current.title = title.strip()
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
            os.replace(pack.path, backup)
        except OSError as error:
            QMessageBox.warning(self, self._t("error_title"), str(error))
            return
        self.dirty = False
        self.reload_packs()
        self.packs_changed.emit()

    def import_pack(self) -> None:
        if not self.confirm_discard_or_save():
            return
        chosen, _ = QFileDialog.getOpenFileName(self, self._t("import_title"), "", self._t("file_filter"))
        if not chosen:
            return
        pack, problems = load_pack(Path(chosen))
        listed = "\n".join(map(str, problems))
        if pack is None:
            QMessageBox.warning(self, self._t("error_title"), self._t("import_failed", problems=listed))
            return
        target = unique_pack_path(self.user_packs_dir, pack.title or Path(chosen).stem)
        try:
            self.user_packs_dir.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(target, Path(chosen).read_bytes())
        except OSError as error:
            QMessageBox.warning(self, self._t("error_title"), str(error))
            return
        self.reload_packs(select=target)
        self.packs_changed.emit()
        if problems:
            QMessageBox.warning(self, self._t("error_title"), self._t("import_problems", problems=listed))

    def export_pack(self) -> None:
        if self.current is None:
            return
        suggested = str(Path.home() / (self.current.path.name if self.current.path else "pack.toml"))
        chosen, _ = QFileDialog.getSaveFileName(self, self._t("export_title"), suggested, self._t("file_filter"))
        if not chosen:
            return
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(PACK_SUFFIX)
        try:
            save_pack(self.current, target)
        except (OSError, UnicodeError) as error:
            QMessageBox.warning(self, self._t("error_title"), self._t("save_failed", error=error))


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
