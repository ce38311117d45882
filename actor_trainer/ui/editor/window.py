"""The teacher's area as a window: the pack list beside the form (ui/editor/form.py), the file actions
(ui/editor/file_actions.py) and, in a second tab, each child's progress.

Built-in packs are read-only (duplicate one to change it). The pack being edited is a PackDraft
(actor_trainer.packs.draft); this window asks, shows and never drops unsaved changes without asking. It
fits a 1280x800 screen: the columns sit in a splitter and the forms in a scroll area, so nothing makes the
window grow by itself; the pack list takes what its titles need and the situation list the room to read its
situations (`balance_columns`). Built-in packs' fields are read-only and greyed, under a banner with the button
that duplicates the pack to edit it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from actor_trainer.packs import packs as pack_files
from actor_trainer.packs.draft import PackDraft
from actor_trainer.packs.scenarios import LANGUAGES, Pack, Problem
from actor_trainer.ui.editor.file_actions import FileActions
from actor_trainer.ui.editor.form import WARNING, PackForm, scrolling, wrapping_label
from actor_trainer.ui.editor.qt_translation import use_qt_translation
from actor_trainer.ui.i18n import problem_text, tr
from actor_trainer.ui.pack_pictures import pack_image, pack_picture

LOCK = "\N{LOCK}"
PREFERRED_SIZE = (1240, 760)  # shrunk to the screen's free area when that is smaller
STATUS_LINES = 4  # lines of problems and status shown beside Save before they scroll
SCREEN_SHARE = (0.88, 0.92)  # of a larger screen's free area: the form fits a 1920x1080 screen without scrolling
EDITOR_STYLE = """
QWidget {{ font-size: {base}pt; }}
QLabel#previewText {{ font-size: {preview}pt; font-weight: bold; }}
QLabel#previewEmoji {{ font-size: {emoji}pt; }}
QLabel#progressHeading {{ font-size: {heading}pt; font-weight: bold; }}
QLineEdit[locked="true"], QPlainTextEdit[locked="true"] {{ background: #eceff1; color: #546e7a;
    border: 1px solid #cfd8dc; border-radius: 2px; }}
QFrame#builtinBanner {{ background: #fff8e1; border: 1px solid #ffca28; border-radius: 6px; }}
QFrame#builtinBanner[nudged="true"] {{ background: #ffe0b2; border: 2px solid #e65100; }}
QFrame#builtinBanner QLabel {{ background: transparent; border: none; }}
QPushButton#duplicateToEdit {{ background: #2e7d32; color: white; font-weight: bold; border-radius: 4px;
    padding: {pad}px {pad_wide}px; }}
QPushButton#duplicateToEdit:focus {{ border: 2px solid #1b5e20; }}
"""
BASE_POINT_SIZE = 12  # the editor's text on a 1280x800 screen (a teacher's form: smaller than the game's)
PACK_COLUMN_SHARE = 0.15  # of the window's width, or what the pack list's titles and buttons need
SITUATION_FORM_SHARE = 0.55  # of the form's width, or the situation form's own minimum; the list has the rest


class TeacherEditor(PackForm, FileActions, QDialog):
    """Teachers' own packs live in `user_packs_dir`; the built-in ones in `builtin_dir` are shown read-only.
    `players` is the one PlayerStore (the game window's) whose histories the Progress tab shows (default: one
    of the app's own players folder, for the editor opened on its own)."""

    packs_changed = Signal()

    def __init__(self, user_packs_dir: Path, builtin_dir: Path, parent=None, language: str = "en",
                 players=None):
        super().__init__(parent)
        self.user_packs_dir = Path(user_packs_dir)
        self.builtin_dir = Path(builtin_dir)
        self.players = players
        self.language = language if language in LANGUAGES else "en"
        self.packs: list[Pack] = []
        self.file_problems: dict[Path, list[Problem]] = {}
        self.unreadable_problems: list[Problem] = []
        self.draft: PackDraft | None = None  # the working copy of the selected pack
        self._current_row = -1
        self._filling = False
        self._balanced = False  # balance_columns once shown
        self.setWindowTitle(self._t("window_title"))
        use_qt_translation(self.language)
        self._build()
        self._connect()
        self.fit_to_screen()
        self.reload_packs()
        self.balance_columns()  # now that the pack list holds its titles

    @property
    def current(self) -> Pack | None:
        """The working copy of the selected pack (the draft's pack), or None when no pack is selected."""
        return self.draft.pack if self.draft is not None else None

    @property
    def dirty(self) -> bool:
        """True when the working copy has edits that are not saved."""
        return self.draft is not None and self.draft.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        if self.draft is not None:
            self.draft.dirty = value

    def _t(self, key: str, **values) -> str:
        return tr(f"ed_{key}", self.language, **values)

    def _message(self, message: str) -> str:
        return problem_text(message, self.language)

    def _problem(self, problem: Problem, short: bool = False) -> str:
        """FILE:LINE: message, in the app's language (`short`: the file's name only)."""
        where = Path(problem.path).name if short else problem.path
        return f"{where}:{problem.line}: {self._message(problem.message)}"

    def fit_to_screen(self, free: QRect | None = None) -> None:
        """Open centred in the screen's free area (`free`, default: the screen it is on), as large as
        PREFERRED_SIZE where there is room; the text size follows the screen like the game's."""
        if free is None:
            screen = self.screen() or (self.parent().screen() if self.parent() else None)
            free = screen.availableGeometry() if screen else QRect(0, 0, *PREFERRED_SIZE)
        scale = max(0.72, min(free.width() / 1280, free.height() / 800, 1.6))
        self.setStyleSheet(EDITOR_STYLE.format(base=round(BASE_POINT_SIZE * scale, 1),
                                               preview=round(BASE_POINT_SIZE * 1.5 * scale, 1),
                                               emoji=round(BASE_POINT_SIZE * 3 * scale, 1),
                                               heading=round(BASE_POINT_SIZE * 1.3 * scale, 1),
                                               pad=round(4 * scale), pad_wide=round(14 * scale)))
        width = min(free.width() - 20, max(PREFERRED_SIZE[0], round(free.width() * SCREEN_SHARE[0])))
        height = min(free.height() - 40, max(PREFERRED_SIZE[1], round(free.height() * SCREEN_SHARE[1])))
        self.setMinimumSize(min(720, width), min(520, height))
        self.resize(width, height)
        self.move(free.center().x() - width // 2, free.center().y() - height // 2)
        self.ensurePolished()
        side = self.pack_list.fontMetrics().height()
        self.pack_list.setIconSize(QSize(side, side))  # a pack's image as large as the emoji of the others
        self.balance_columns(width)
        self.fit_status()

    def balance_columns(self, width: int | None = None) -> None:
        """Share `width` (default: the window's) between the columns: the pack list PACK_COLUMN_SHARE (at least
        what its titles and buttons need), the situation form SITUATION_FORM_SHARE of the rest (at least its own
        minimum), and the situation list all that is left, so that its situations can be read. A window resized
        later keeps the pack list and shares the difference between the situation list and form."""
        width = self.width() if width is None else width
        self.ensurePolished()
        packs = max(round(width * PACK_COLUMN_SHARE), self.pack_column.minimumSizeHint().width(),
                    self._pack_titles_width())
        form = max(width - packs - 60, 1)  # margins, splitter handles and the form's scroll bar
        situation = max(round(form * SITUATION_FORM_SHARE), self.situation_box.minimumSizeHint().width() + 20)
        self.columns.setSizes([packs, width - packs])
        self.middle.setSizes([max(form - situation, 1), situation])

    def _pack_titles_width(self) -> int:
        """The pack list's width for its longest title (and image), up to a third of the window."""
        metrics = self.pack_list.fontMetrics()
        items = [self.pack_list.item(row) for row in range(self.pack_list.count())]
        widest = max((metrics.horizontalAdvance(line) for item in items for line in item.text().splitlines()),
                     default=0)
        icon = self.pack_list.iconSize().width() + 6 if any(not item.icon().isNull() for item in items) else 0
        return min(widest + icon + 16, self.width() // 3)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Share the width again once the fonts are the screen's and the layouts know their minimum sizes."""
        super().showEvent(event)
        if not self._balanced:
            self._balanced = True
            self.balance_columns()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Back from the text editor (open_unreadable): a file fixed there is read again and listed."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.unreadable_problems \
                and not self.dirty:
            self.reload_packs(select=self.current.path if self.current is not None else None)

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
        buttons.addWidget(self._build_status(), 1)
        buttons.addWidget(self.repair_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.tabs.currentChanged.connect(self._tab_changed)

    def _build_progress_tab(self) -> QWidget:
        from actor_trainer.ui.progress_view import ProgressView

        players = self.players
        if players is None:  # opened on its own (no game window): the app's own players folder
            from actor_trainer.people.players import PlayerStore
            from actor_trainer.user_paths import players_dir
            players = PlayerStore(players_dir())
        self.progress_view = ProgressView(players, self.language)
        return self.progress_view

    def _tab_changed(self, index: int) -> None:
        self.save_button.setVisible(index == 0)
        self.status_area.setVisible(index == 0)
        self.repair_button.setVisible(index == 0 and self.draft is not None and bool(self.draft.repairs()))
        if index == 1:
            self.progress_view.reload()

    def _build_packs_tab(self) -> QWidget:
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidget(self._build_form_column())
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.setChildrenCollapsible(False)
        self.pack_column = self._build_pack_list_column()
        self.columns.addWidget(self.pack_column)
        self.columns.addWidget(self.form_scroll)
        self.columns.setStretchFactor(0, 0)  # a wider window widens the form, not the list of a few packs
        self.columns.setStretchFactor(1, 1)
        return self.columns

    def _build_pack_list_column(self) -> QWidget:
        self.pack_list = QListWidget()
        self.pack_list.setSpacing(2)  # two lines a pack: a little room between packs
        self.new_button = QPushButton(self._t("new_pack"))
        self.duplicate_button = QPushButton(self._t("duplicate"))
        self.rename_button = QPushButton(self._t("rename"))
        self.delete_button = QPushButton(self._t("delete_pack"))
        self.import_button = QPushButton(self._t("import"))
        self.export_button = QPushButton(self._t("export"))
        self.unreadable_label = wrapping_label()
        self.unreadable_label.setStyleSheet("color: #b00020;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self._t("packs")))
        left_layout.addWidget(self.pack_list, 1)
        for button in (self.new_button, self.duplicate_button, self.rename_button, self.delete_button,
                       self.import_button, self.export_button):
            left_layout.addWidget(button)  # one column: there is height under the few packs; the width is the form's
        self.unreadable_area = scrolling(self.unreadable_label, max_height=110)
        left_layout.addWidget(self.unreadable_area)
        self.open_unreadable_button = QPushButton(self._t("open_unreadable"))  # fix it in a text editor
        self.open_unreadable_button.setToolTip(self._t("open_unreadable_tip"))
        self.open_unreadable_button.clicked.connect(self.open_unreadable)
        self.open_unreadable_button.setVisible(False)
        left_layout.addWidget(self.open_unreadable_button)
        return left

    def open_unreadable(self) -> None:
        """Open each file the editor cannot read (a TOML syntax error) in the system's text editor; the list is
        read again when the teacher comes back to this window."""
        for path in dict.fromkeys(Path(problem.path) for problem in self.unreadable_problems):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _build_form_column(self) -> QWidget:
        form = QWidget()
        right = QVBoxLayout(form)
        right.setContentsMargins(4, 0, 4, 0)  # the boxes have their own frames: the height goes to the form
        right.addWidget(self._build_pack_box())
        self.middle = QSplitter(Qt.Orientation.Horizontal)
        self.middle.setChildrenCollapsible(False)
        self.middle.addWidget(self._build_situation_list_box())
        self.situation_box = self._build_situation_box()
        self.middle.addWidget(self.situation_box)
        self.middle.setStretchFactor(0, 2)
        self.middle.setStretchFactor(1, 3)
        right.addWidget(self.middle, 1)
        right.addWidget(self._build_preview_box())
        return form

    def _build_status(self) -> QWidget:
        """The pack's problems and status ("No problems", what the game skips it for, the file's problems): on the
        window's bottom row beside Save, outside the scrolling form, so they are seen at every size (1024x600
        up); a long list scrolls inside its few lines."""
        self.messages_label = wrapping_label()
        self.file_problems_label = wrapping_label()
        self.file_problems_label.setStyleSheet("color: #8a4b00;")
        self.repair_button = QPushButton()  # a misspelt key ("hnit"): its text moved to the key it was meant as
        self.repair_button.setVisible(False)
        lines = QWidget()
        column = QVBoxLayout(lines)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.messages_label)
        column.addWidget(self.file_problems_label)
        column.addStretch(1)
        self.status_area = QScrollArea()
        self.status_area.setWidgetResizable(True)
        self.status_area.setFrameShape(QFrame.Shape.NoFrame)
        self.status_area.setWidget(lines)
        return self.status_area

    def fit_status(self) -> None:
        """The status is as tall as its lines, up to STATUS_LINES of them; more scroll inside it."""
        shown = [label.text() for label in (self.messages_label, self.file_problems_label)
                 if label.text() and not label.isHidden()]
        lines = min(STATUS_LINES, max(1, sum(text.count("\n") + 1 for text in shown)))
        self.status_area.setFixedHeight(lines * self.messages_label.fontMetrics().lineSpacing() + 6)

    def _connect(self) -> None:
        self.pack_list.currentRowChanged.connect(self._on_pack_row_changed)
        self.new_button.clicked.connect(self.new_pack)
        self.duplicate_button.clicked.connect(self.duplicate_pack)
        self.rename_button.clicked.connect(self.rename_pack)
        self.delete_button.clicked.connect(self.delete_pack)
        self.import_button.clicked.connect(self.import_pack)
        self.export_button.clicked.connect(self.export_pack)
        self.save_button.clicked.connect(self.save)
        self.repair_button.clicked.connect(self.repair_keys)
        self.close_button.clicked.connect(self.reject)
        self._connect_form()

    # ------------------------------------------------------------ the pack list

    def reload_packs(self, select: Path | None = None, scenario_row: int = 0) -> None:
        """Read the built-in and the user's packs from disk and select `select` (or the first pack in the
        editor's language, else the first pack)."""
        library = pack_files.discover(self.builtin_dir, self.user_packs_dir)
        self.packs = library.packs
        self.file_problems = library.problems
        unreadable = library.unreadable
        self.unreadable_problems = unreadable
        self.open_unreadable_button.setVisible(bool(unreadable))
        named = [self._problem(problem, short=True) for problem in unreadable]  # the file's name: the column is narrow
        self.unreadable_label.setText("\n".join([self._t("unreadable"), *named])
                                      if unreadable else "")
        self.unreadable_area.setVisible(bool(unreadable))
        self.pack_list.blockSignals(True)
        self.pack_list.clear()
        for pack in self.packs:
            item = QListWidgetItem()
            self._show_pack_item(item, pack)
            self.pack_list.addItem(item)
        self.pack_list.blockSignals(False)
        paths = [pack.path for pack in self.packs]
        in_language = [index for index, pack in enumerate(self.packs) if pack.language == self.language]
        row = paths.index(select) if select in paths else (in_language or [0 if self.packs else -1])[0]
        self._select_pack_row(row, scenario_row)

    def _pack_item_text(self, pack: Pack, dirty: bool = False) -> str:
        """The lock of a built-in pack, the pack's picture as the start screen shows it (its emoji or the masks;
        an image file is the item's icon instead) and title; under them language, size, problems and unsaved
        edits (two lines: the list stays narrow and the situation list beside it has the width)."""
        picture = "" if pack_image(pack) is not None else f"{pack_picture(pack)} "
        prefix = (f"{LOCK} " if pack.builtin else "") + picture
        current = self.draft is not None and self.draft.dirty and pack is self.current
        broken = f" {WARNING}" if (self.draft.problems() if current else self.file_problems.get(pack.path)) else ""
        marker = self._t("unsaved_marker") if dirty else ""
        return f"{prefix}{pack.title or '…'}\n({pack.language}, {len(pack.scenarios)}){broken}{marker}"

    def _show_pack_item(self, item: QListWidgetItem, pack: Pack, dirty: bool = False) -> None:
        image = pack_image(pack)
        item.setText(self._pack_item_text(pack, dirty))
        item.setIcon(QIcon(image) if image is not None else QIcon())

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
        self.draft = PackDraft(self.packs[row]) if 0 <= row < len(self.packs) else None
        self._fill_pack_form(scenario_row)

    def _show_saved_pack(self) -> None:
        """Drop the unsaved edits: the draft and the form show the pack as saved again."""
        self.draft.discard()
        item = self.pack_list.item(self._current_row)
        if item is not None:
            self._show_pack_item(item, self.current)
        self._fill_pack_form(max(self.scenario_list.currentRow(), 0))

    def selected_pack(self) -> Pack | None:
        """The selected pack as it was read (the draft's `saved`), or None."""
        return self.packs[self._current_row] if 0 <= self._current_row < len(self.packs) else None

    # ------------------------------------------------------------ after every edit

    def _changed(self) -> None:
        item = self.pack_list.item(self._current_row)
        if item is not None:
            self._show_pack_item(item, self.current, dirty=True)
        self._refresh_messages()
        self._show_file_problems()
        self._update_enabled()

    def repair_keys(self) -> None:
        """Move the text of each misspelt key to the key it was meant as ("hnit" -> hint), then show it."""
        if self.draft is None or not self.draft.editable or not self.draft.repair_keys():
            return
        self._fill_pack_form(max(self.scenario_list.currentRow(), 0))
        self._changed()

    def _update_enabled(self) -> None:
        editable = self.draft is not None and self.draft.editable
        self._enable_form(editable)
        for widget in (self.rename_button, self.delete_button):
            widget.setEnabled(editable)
        self.save_button.setEnabled(editable and self.dirty)
        self.duplicate_button.setEnabled(self.draft is not None)
        self.export_button.setEnabled(self.draft is not None)

    def done(self, result: int) -> None:
        """Close only once unsaved changes are saved or given up (the teacher is asked)."""
        if self.confirm_discard_or_save():
            super().done(result)
