"""The teacher's editor (pytest-qt). Every modal dialog is monkeypatched, so no test can hang on one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox, QPushButton

from actor_trainer.labels import EMOJI
from actor_trainer.packs import packs as pack_files
from actor_trainer.packs.scenarios import Pack, Scenario, backup_path
from actor_trainer.packs.toml_format import load_pack, save_pack
from actor_trainer.resources import builtin_scenarios_dir
from actor_trainer.ui.editor import TeacherEditor
from actor_trainer.ui.pack_pictures import pack_picture
from actor_trainer.user_paths import user_packs_dir
from tests.qt_waits import wait_until_settled

Button = QMessageBox.StandardButton


class Dialogs:
    """Scripted answers for QMessageBox.question; warnings are recorded instead of shown."""

    def __init__(self):
        self.answers: list[Button] = []
        self.questions: list[str] = []
        self.warnings: list[str] = []

    def question(self, parent, title, text, *args, **kwargs):
        self.questions.append(text)
        assert self.answers, f"unexpected question: {text}"
        return self.answers.pop(0)

    def warning(self, parent, title, text, *args, **kwargs):
        self.warnings.append(text)
        return Button.Ok


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    scripted = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", scripted.question)
    monkeypatch.setattr(QMessageBox, "warning", scripted.warning)
    monkeypatch.setattr(QMessageBox, "information", scripted.warning)
    monkeypatch.setattr(QMessageBox, "critical", scripted.warning)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, _unexpected(name))
    monkeypatch.setattr(QInputDialog, "getText", _unexpected("getText"))
    return scripted


def _unexpected(name):
    def fail(*args, **kwargs):
        raise AssertionError(f"unexpected modal dialog {name}")
    return fail


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ACTOR_TRAINER_HOME", str(tmp_path / "home"))
    return user_packs_dir()


@pytest.fixture
def open_editor(qtbot, home, dialogs):
    """Opens editors and closes them at the end without prompting (not via qtbot.addWidget, which closes
    widgets before fixtures are finalised and would meet the unsaved-changes question)."""
    opened: list[TeacherEditor] = []

    def open_one(language: str = "en") -> TeacherEditor:
        dialog = TeacherEditor(home, builtin_scenarios_dir(), language=language)
        opened.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    yield open_one
    for dialog in opened:
        dialog.dirty = False
        dialog.close()
        dialog.deleteLater()


@pytest.fixture
def editor(open_editor):
    return open_editor()


def user_pack(home: Path, name: str = "mine.toml", **changes) -> Path:
    pack = Pack("Mine", "en", [Scenario("a", "First", "happy"), Scenario("b", "Second", "sad"),
                               Scenario("c", "Third", "fear")], author="Me")
    for key, value in changes.items():
        setattr(pack, key, value)
    save_pack(pack, home / name)
    return home / name


def select_pack(editor: TeacherEditor, path: Path) -> None:
    row = [pack.path for pack in editor.packs].index(path)
    editor.pack_list.setCurrentRow(row)
    assert editor.current.path == path


def type_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_builtin_packs_are_listed_read_only(editor):
    assert editor.pack_list.count() == len(list(builtin_scenarios_dir().glob("*.toml")))
    assert editor.current.builtin
    assert editor.title_edit.isReadOnly() and editor.text_edit.isReadOnly()
    assert not editor.add_button.isEnabled() and not editor.delete_button.isEnabled()
    assert not editor.save_button.isEnabled() and editor.duplicate_button.isEnabled()
    assert editor.builtin_note.isVisible()
    assert "No problems" in editor.messages_label.text()


def test_preview_shows_the_situation_as_the_child_sees_it(editor):
    scenario = editor.current.scenarios[2]
    editor.scenario_list.setCurrentRow(2)
    assert editor.preview_text.text() == scenario.text
    assert editor.preview_emoji.text() == EMOJI[scenario.target]
    assert editor.preview_text.font().pointSize() > editor.text_edit.font().pointSize()


def test_duplicate_edit_add_reorder_and_save(qtbot, editor, home):
    builtin = editor.selected_pack()
    with qtbot.waitSignal(editor.packs_changed):
        qtbot.mouseClick(editor.duplicate_button, Qt.MouseButton.LeftButton)
    copy_path = editor.current.path
    assert copy_path.parent == home and not editor.current.builtin
    assert editor.current.title == builtin.title + " (copy)"
    assert load_pack(copy_path)[0].scenarios == builtin.scenarios
    assert not editor.title_edit.isReadOnly() and editor.add_button.isEnabled()
    shown = {pack_picture(pack) for pack in editor.packs if pack.path != copy_path}
    assert pack_picture(editor.current) not in shown  # a child who cannot read tells the copy from the original

    editor.scenario_list.setCurrentRow(0)
    type_text(qtbot, editor.text_edit, "Your friend shares her sweets with you.")
    assert editor.dirty and editor.save_button.isEnabled()
    assert editor.preview_text.text() == "Your friend shares her sweets with you."
    assert "Your friend shares" in editor.scenario_list.item(0).text()
    assert editor.pack_list.currentItem().text().endswith("•")

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    new_row = editor.scenario_list.currentRow()
    assert new_row == len(builtin.scenarios)
    assert "missing text" in editor.messages_label.text()
    type_text(qtbot, editor.text_edit, "A tiny snail climbs onto your shoe.")
    editor.target_combo.setCurrentIndex(editor.target_combo.findData("surprise"))
    assert "No problems" in editor.messages_label.text()
    assert editor.preview_emoji.text() == EMOJI["surprise"]

    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert editor.scenario_list.currentRow() == new_row - 1
    with qtbot.waitSignal(editor.packs_changed):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    saved, problems = load_pack(copy_path)
    assert problems == [] and not editor.dirty
    assert saved.scenarios[0].text == "Your friend shares her sweets with you."
    assert saved.scenarios[new_row - 1] == Scenario("situation-16", "A tiny snail climbs onto your shoe.", "surprise")
    assert saved.scenarios[new_row] == builtin.scenarios[-1]
    assert backup_path(copy_path).exists()
    assert load_pack(builtin.path)[0] is not None and builtin.path.parent == builtin_scenarios_dir()


def test_keyboard_moves_adds_removes_and_saves(qtbot, editor, home):
    """Button shortcuts fire through QAbstractButton.animateClick, a few ms later: hence waitUntil."""
    path = user_pack(home)
    editor.reload_packs(select=path)
    editor.activateWindow()
    editor.scenario_list.setFocus()
    editor.scenario_list.setCurrentRow(0)

    def ids():
        return [s.id for s in editor.current.scenarios]

    qtbot.keyClick(editor.scenario_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: ids() == ["b", "a", "c"])
    editor.scenario_list.setFocus()
    qtbot.keyClick(editor.scenario_list, Qt.Key.Key_Delete)
    assert ids() == ["b", "c"]
    qtbot.keyClick(editor.scenario_list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(ids()) == 3)
    assert editor.text_edit.hasFocus()
    qtbot.keyClicks(editor.text_edit, "Typed")
    qtbot.keyClick(editor.text_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.dirty)
    assert [(s.id, s.text) for s in load_pack(path)[0].scenarios] == [
        ("b", "Second"), ("c", "Third"), ("situation-3", "Typed")]


def test_validation_messages_follow_the_typing(qtbot, editor, home):
    editor.reload_packs(select=user_pack(home))
    editor.scenario_list.setCurrentRow(1)
    type_text(qtbot, editor.id_edit, "a")
    assert 'duplicate id "a"' in editor.messages_label.text()
    qtbot.keyClicks(editor.id_edit, "2")
    assert "duplicate" not in editor.messages_label.text()
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Backspace)
    assert "missing title" in editor.messages_label.text()


def test_close_with_unsaved_changes_asks_and_cancel_keeps_everything(qtbot, editor, dialogs, home):
    path = user_pack(home)
    editor.reload_packs(select=path)
    type_text(qtbot, editor.text_edit, "Changed")
    before = path.read_bytes()
    dialogs.answers = [Button.Cancel]
    editor.close()
    assert editor.isVisible() and editor.dirty and len(dialogs.questions) == 1
    assert path.read_bytes() == before

    dialogs.answers = [Button.Save]
    editor.reject()
    assert not editor.isVisible()
    assert load_pack(path)[0].scenarios[0].text == "Changed"


def test_close_and_discard_leaves_the_file_alone(qtbot, editor, dialogs, home):
    path = user_pack(home)
    editor.reload_packs(select=path)
    type_text(qtbot, editor.hint_edit, "Smile!")
    before = path.read_bytes()
    dialogs.answers = [Button.Discard]
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and path.read_bytes() == before


def test_close_without_changes_does_not_ask(editor, dialogs):
    editor.close()
    assert not editor.isVisible() and dialogs.questions == []


def test_switching_packs_with_unsaved_changes_asks(qtbot, editor, dialogs, home):
    path = user_pack(home)
    editor.reload_packs(select=path)
    row = editor.pack_list.currentRow()
    type_text(qtbot, editor.author_edit, "Someone else")
    dialogs.answers = [Button.Cancel]
    editor.pack_list.setCurrentRow(0)
    assert editor.pack_list.currentRow() == row and editor.current.author == "Someone else"
    dialogs.answers = [Button.Discard]
    editor.pack_list.setCurrentRow(0)
    assert editor.current.builtin and load_pack(path)[0].author == "Me"


def test_delete_asks_first_and_keeps_a_backup(qtbot, editor, dialogs, home):
    path = user_pack(home)
    editor.reload_packs(select=path)
    count = editor.pack_list.count()
    dialogs.answers = [Button.No]
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert path.exists() and editor.pack_list.count() == count
    dialogs.answers = [Button.Yes]
    with qtbot.waitSignal(editor.packs_changed):
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert not path.exists() and load_pack(backup_path(path))[0].title == "Mine"
    assert editor.pack_list.count() == count - 1
    assert "Mine" in dialogs.questions[0]


def test_rename(qtbot, editor, home, monkeypatch):
    path = user_pack(home)
    editor.reload_packs(select=path)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("  Class 2B  ", True))
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    renamed = home / "class-2b.toml"  # the file follows the title
    assert load_pack(renamed)[0].title == "Class 2B" and not path.exists()
    assert editor.current.path == renamed
    assert editor.title_edit.text() == "Class 2B" and "Class 2B" in editor.pack_list.currentItem().text()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Ignored", False))
    qtbot.mouseClick(editor.rename_button, Qt.MouseButton.LeftButton)
    assert load_pack(renamed)[0].title == "Class 2B"


def test_new_pack_is_written_and_ready_to_edit(qtbot, open_editor, home):
    editor = open_editor("sv")
    with qtbot.waitSignal(editor.packs_changed):
        qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    pack, problems = load_pack(editor.current.path)
    assert editor.current.path.parent == home
    assert (pack.title, pack.language, len(pack.scenarios)) == ("Nytt paket", "sv", 1)
    assert [p.message for p in problems] == ['situation 1 ("situation-1"): missing text']
    assert "text saknas" in editor.messages_label.text()  # the Swedish editor explains in Swedish
    editor.text_edit.insertPlainText("Du hittar en fyrklöver i gräset.")  # QTest cannot type å ä ö
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert load_pack(editor.current.path)[1] == []


def test_import_copies_a_good_file_into_the_user_folder(qtbot, editor, dialogs, home, tmp_path, monkeypatch):
    outside = user_pack(tmp_path / "usb", "class.toml", title="From the stick")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(outside), ""))
    with qtbot.waitSignal(editor.packs_changed):
        qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    assert editor.current.title == "From the stick" and editor.current.path.parent == home
    assert editor.current.path.read_bytes() == outside.read_bytes()
    assert dialogs.warnings == []


def test_import_refuses_an_unreadable_file(qtbot, editor, dialogs, home, tmp_path, monkeypatch):
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "x\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(broken), ""))
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    assert len(dialogs.warnings) == 1 and "broken.toml:1: a quote is not closed on line 1" in dialogs.warnings[0]
    assert not home.exists() or list(home.iterdir()) == []


def test_a_pack_with_problems_is_imported_only_when_the_teacher_agrees(qtbot, editor, dialogs, home, tmp_path,
                                                                      monkeypatch):
    outside = user_pack(tmp_path / "usb", "odd.toml")
    outside.write_text(outside.read_text(encoding="utf-8").replace('"fear"', '"sleepy"'), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(outside), ""))
    dialogs.answers = [Button.No]
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    assert len(dialogs.questions) == 1 and "odd.toml:22:" in dialogs.questions[0] and "sleepy" in dialogs.questions[0]
    assert not home.exists() or list(home.iterdir()) == []
    dialogs.answers = [Button.Yes]
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    assert editor.current.path == home / "mine.toml"
    assert "sleepy" in editor.messages_label.text() and "sleepy" in editor.file_problems_label.text()
    assert editor.pack_list.currentItem().text().count("\N{WARNING SIGN}") == 1
    assert dialogs.warnings == []


def test_export_writes_the_pack_where_the_teacher_chooses(qtbot, editor, dialogs, tmp_path, monkeypatch):
    target = tmp_path / "out" / "export"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
    exported, problems = load_pack(target.with_suffix(".toml"))
    assert problems == [] and exported.scenarios == editor.current.scenarios
    assert dialogs.warnings == [f"The pack was saved as {target.with_suffix('.toml')}"]  # it confirms


def test_a_failed_save_says_so_and_keeps_the_edits(qtbot, editor, dialogs, home, monkeypatch):
    path = user_pack(home)
    editor.reload_packs(select=path)
    type_text(qtbot, editor.text_edit, "Unsaved work")
    before = path.read_bytes()

    def full_disk(pack, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pack_files, "save_pack", full_disk)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert len(dialogs.warnings) == 1 and "No space left" in dialogs.warnings[0]
    assert editor.dirty and editor.current.scenarios[0].text == "Unsaved work"
    assert path.read_bytes() == before


def test_broken_user_files_are_shown_not_hidden(qtbot, home, open_editor):
    good = user_pack(home)
    (home / "latin1.toml").write_bytes('title = "Gr\xf6n"\n'.encode("latin-1"))
    user_pack(home, "odd.toml", scenarios=[Scenario("x", "Hello", "sleepy")])
    editor = open_editor()
    assert "latin1.toml:1: not UTF-8" in editor.unreadable_label.text() and editor.unreadable_label.isVisible()
    select_pack(editor, home / "odd.toml")
    assert '12: situation 1 ("x"): unknown expression "sleepy"' in editor.file_problems_label.text()
    editor.target_combo.setCurrentIndex(editor.target_combo.findData("happy"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert load_pack(home / "odd.toml")[1] == [] and not editor.file_problems_label.isVisible()
    assert good.exists()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_every_field_and_action_is_keyboard_reachable_without_clashes(open_editor, language):
    editor = open_editor(language)
    mnemonics = []
    for widget in editor.findChildren(QPushButton) + editor.findChildren(QLabel):
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        match = re.search(r"&(\w)", widget.text())
        if match:
            mnemonics.append(match.group(1).lower())
    assert len(mnemonics) == len(set(mnemonics)) >= 15
    shortcut_buttons = [b for b in editor.findChildren(QPushButton) if not b.shortcut().isEmpty()]
    assert {editor.save_button, editor.add_button, editor.up_button, editor.down_button} <= set(shortcut_buttons)
    for widget in (editor.pack_list, editor.scenario_list, editor.text_edit, editor.target_combo):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_swedish_interface(open_editor):
    editor = open_editor("sv")
    assert editor.save_button.text() == "Spa&ra"
    assert editor.target_combo.itemText(editor.target_combo.findData("sad")) == f"{EMOJI['sad']}  ledsen"
    assert editor.windowTitle().startswith("Lärare")
    assert editor.min_level_combo.itemText(editor.min_level_combo.findData("hard")) == "Svår"


# ---------------------------------------------------------------- issue 13: fits the screen, speaks the language

LONG_TEXT = " ".join(["Your best friend built a very tall tower of blocks and it fell down."] * 6)


def broken_pack_with_many_problems(home: Path) -> Path:
    scenarios = [Scenario("same", "", "sleepy") for _ in range(25)] + [Scenario("long", LONG_TEXT, "happy")]
    return user_pack(home, "broken.toml", title="", language="fr", scenarios=scenarios)


def nothing_is_cut(editor: TeacherEditor) -> list[str]:
    """Visible buttons narrower than their label, and form fields squeezed below their minimum height."""
    cut = [f"button {b.text()!r}: {b.width()} < {b.sizeHint().width()}" for b in editor.findChildren(QPushButton)
           if b.isVisible() and b.width() < b.sizeHint().width()]
    for widget in (editor.title_edit, editor.language_combo, editor.text_edit, editor.target_combo, editor.hint_edit,
                   editor.id_edit, editor.hold_spin, editor.min_level_combo, *editor.also_buttons.values()):
        if widget.isVisible() and widget.height() < widget.minimumSizeHint().height():
            cut.append(f"{type(widget).__name__}: {widget.height()} < {widget.minimumSizeHint().height()}")
    return cut


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("screen", [(1280, 800), (1366, 768)])
def test_editor_fits_a_laptop_screen_with_a_long_situation_and_a_broken_pack(qtbot, open_editor, home, language,
                                                                             screen):
    path = broken_pack_with_many_problems(home)
    editor = open_editor(language)
    free = editor.screen().availableGeometry()
    assert editor.width() <= free.width() and editor.height() <= free.height()  # opens within the screen
    width, height = screen[0], screen[1] - 40  # a task bar takes some of the screen
    assert editor.minimumSizeHint().width() <= width and editor.minimumSizeHint().height() <= height
    editor.resize(width, height)
    select_pack(editor, path)
    editor.scenario_list.setCurrentRow(len(editor.current.scenarios) - 1)
    qtbot.waitUntil(lambda: editor.text_edit.toPlainText() == LONG_TEXT)  # the long situation is in the form
    wait_until_settled(qtbot, editor)
    assert (editor.width(), editor.height()) == (width, height)
    assert nothing_is_cut(editor) == []
    assert editor.messages_label.text().count("•") > 25 and editor.file_problems_label.isVisible()
    editor.text_edit.setFocus()
    qtbot.keyClicks(editor.text_edit, " And then it fell again." * 3)
    # the window could only grow in the layout pass the typing asks for: wait until that pass is done
    wait_until_settled(qtbot, editor)
    assert (editor.width(), editor.height()) == (width, height)  # typing never grows the window
    assert editor.text_edit.height() >= 3 * editor.text_edit.fontMetrics().lineSpacing()
    assert nothing_is_cut(editor) == []


def test_swedish_editor_speaks_swedish(open_editor):
    editor = open_editor("sv")
    texts = [button.text() for button in editor.findChildren(QPushButton)]
    assert {"&Nytt paket", "&Kopiera", "&Importera…", "&Exportera…", "Spa&ra", "Stäng (Esc)"} <= set(texts)
    assert [editor.tabs.tabText(i) for i in range(editor.tabs.count())] == ["Situationspaket", "Framsteg"]
    assert editor.also_label.text() == "Godkänns också"
    assert editor.also_buttons["fear"].text().endswith("rädd")
    assert editor.messages_label.text() == "Inga fel: paketet är klart att spela."
    english = {"New pack", "Duplicate", "Save", "Close", "Situations", "Progress", "Also accepted", "Children"}
    shown = {label.text().replace("&", "") for label in editor.findChildren(QLabel)} | set(texts)
    assert not english & shown


def test_the_game_opens_the_teacher_area_in_its_own_language(qtbot, home):
    from PySide6.QtWidgets import QWidget

    from actor_trainer.ui.app import default_services

    game_window = QWidget()  # stands in for the main window, which keeps its language in .lang
    game_window.lang = "sv"
    qtbot.addWidget(game_window)
    editor = default_services(None).open_editor(game_window)
    assert editor.language == "sv" and editor.windowTitle().startswith("Lärare")
    assert editor.progress_view.language == "sv"
    editor.deleteLater()


def test_several_accepted_expressions_are_picked_with_the_shown_one_first(qtbot, editor, home):
    path = user_pack(home)
    editor.reload_packs(select=path)
    editor.scenario_list.setCurrentRow(0)  # happy
    assert editor.also_buttons["happy"].isChecked() and not editor.also_buttons["happy"].isEnabled()
    qtbot.mouseClick(editor.also_buttons["surprise"], Qt.MouseButton.LeftButton)
    assert editor.current.scenarios[0].targets == ("happy", "surprise")
    assert "\N{FACE WITH OPEN MOUTH}" in editor.preview_also.text()
    editor.target_combo.setCurrentIndex(editor.target_combo.findData("surprise"))  # shown: surprise
    assert editor.current.scenarios[0].targets == ("surprise",)
    assert not editor.also_buttons["surprise"].isEnabled() and editor.also_buttons["surprise"].isChecked()
    assert editor.also_buttons["happy"].isEnabled() and not editor.also_buttons["happy"].isChecked()
    qtbot.mouseClick(editor.also_buttons["happy"], Qt.MouseButton.LeftButton)
    assert editor.current.scenarios[0].targets == ("surprise", "happy")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert load_pack(path)[0].scenarios[0].targets == ("surprise", "happy")
    assert 'target = ["surprise", "happy"]' in path.read_text(encoding="utf-8")


def test_friendly_names_in_files_show_as_friendly_names_and_stay_as_written(qtbot, editor, home):
    path = user_pack(home)
    path.write_text(path.read_text(encoding="utf-8").replace('"fear"', '"scared"'), encoding="utf-8")
    editor.reload_packs(select=path)
    editor.scenario_list.setCurrentRow(2)
    assert editor.target_combo.currentText().endswith("scared") and editor.target_combo.currentData() == "fear"
    assert "No problems" in editor.messages_label.text()
    type_text(qtbot, editor.hint_edit, "Eyes wide")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert 'target = "scared"' in path.read_text(encoding="utf-8")


def test_ctrl_s_keeps_the_selected_situation(qtbot, editor, home):
    path = user_pack(home)
    editor.reload_packs(select=path)
    editor.activateWindow()
    editor.scenario_list.setCurrentRow(2)
    type_text(qtbot, editor.hint_edit, "Wide eyes")
    qtbot.keyClick(editor.hint_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.dirty)
    assert editor.scenario_list.currentRow() == 2 and editor.hint_edit.text() == "Wide eyes"


def test_a_fixed_problem_leaves_the_list_at_once(qtbot, editor, home):
    path = user_pack(home, "odd.toml", scenarios=[Scenario("x", "Hello", "sleepy")])
    editor.reload_packs(select=path)
    assert "sleepy" in editor.file_problems_label.text() and "sleepy" in editor.messages_label.text()
    editor.target_combo.setCurrentIndex(editor.target_combo.findData("happy"))
    assert not editor.file_problems_label.isVisible() and "No problems" in editor.messages_label.text()


def test_an_unknown_language_is_shown_as_it_is(editor, home):
    path = user_pack(home, language="fr")
    editor.reload_packs(select=path)
    assert editor.language_combo.currentText() == "fr (unknown language)"
    assert 'unknown language "fr"' in editor.messages_label.text()
    editor.reload_packs(select=user_pack(home, "other.toml"))
    assert editor.language_combo.currentText() == "English" and editor.language_combo.count() == 2


def test_a_new_pack_file_follows_its_title(qtbot, editor, home):
    with qtbot.waitSignal(editor.packs_changed):
        qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    assert editor.current.path == home / "new-pack.toml"
    type_text(qtbot, editor.title_edit, "Rainy days")
    editor.text_edit.insertPlainText("It rains all day.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.current.path == home / "rainy-days.toml" and not (home / "new-pack.toml").exists()
    assert load_pack(home / "rainy-days.toml")[0].title == "Rainy days"


def test_problems_are_explained_in_swedish_on_a_swedish_screen(open_editor, home):
    path = user_pack(home, "odd.toml", scenarios=[Scenario("x", "", "sleepy")])
    (home / "broken.toml").write_text('title = "Trasig\nlanguage = "sv"\n', encoding="utf-8")
    editor = open_editor("sv")
    select_pack(editor, path)
    shown = editor.messages_label.text()
    assert "text saknas" in shown and 'okänt uttryck "sleepy"' in shown and "missing" not in shown
    assert 'okänt uttryck "sleepy"' in editor.file_problems_label.text()
    assert "broken.toml:1: ett citattecken är inte stängt på rad 1" in editor.unreadable_label.text()


def test_qt_dialog_buttons_speak_the_editor_language(open_editor):
    from PySide6.QtCore import QCoreApplication

    open_editor("sv")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"
    open_editor("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_teacher_picks_the_packs_picture_from_a_small_set(open_editor, qtbot, home):
    editor = open_editor()
    editor.new_pack()
    assert editor.picture_buttons[""].isChecked()  # a new pack: the default masks
    qtbot.mouseClick(editor.picture_buttons["🏫"], Qt.MouseButton.LeftButton)
    assert editor.current.picture == "🏫" and editor.dirty
    editor.text_edit.setPlainText("A new friend sits next to you.")
    assert editor.save()
    saved, problems = load_pack(editor.current.path)
    assert problems == [] and saved.picture == "🏫"
    assert editor.pack_list.currentItem().text().startswith("🏫 ")
    builtin = next(row for row, pack in enumerate(editor.packs) if pack.builtin and pack.picture == "🏠")
    editor.pack_list.setCurrentRow(builtin)
    assert editor.picture_buttons["🏠"].isChecked() and not editor.picture_buttons["🏫"].isEnabled()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_editor_opens_on_a_pack_in_its_own_language(open_editor, language):
    editor = open_editor(language)
    assert editor.current is not None and editor.current.language == language


def test_a_misspelt_key_keeps_its_text_and_the_repair_is_offered(qtbot, editor, home):
    """`hnit = "..."`: the current problems name it (the hint field is empty, the text not lost), a button
    offers the repair, and the ⚠ mark leaves the pack list as soon as it is repaired, before Save."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "zoo.toml"
    path.write_text('title = "Zoo"\nlanguage = "en"\n\n[[scenario]]\nid = "a"\ntext = "A lion!"\ntarget = "fear"\n'
                    'hnit = "Open your eyes wide"\n', encoding="utf-8")
    editor.reload_packs(select=path)
    assert 'unknown key "hnit": did you mean "hint"?' in editor.messages_label.text()
    assert editor.repair_button.isVisible() and "hnit → hint" in editor.repair_button.text()
    item = editor.pack_list.currentItem()
    assert "⚠" in item.text()
    qtbot.mouseClick(editor.repair_button, Qt.MouseButton.LeftButton)
    assert editor.hint_edit.text() == "Open your eyes wide"
    assert "No problems" in editor.messages_label.text() and not editor.repair_button.isVisible()
    assert "⚠" not in editor.pack_list.currentItem().text() and editor.dirty
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    again, problems = load_pack(path)
    assert problems == [] and again.scenarios[0].hint == "Open your eyes wide"


def test_an_edit_that_fixes_the_last_problem_clears_the_warning_mark_before_save(qtbot, editor, home):
    path = user_pack(home, "odd.toml", scenarios=[Scenario("x", "Hello", "sleepy")])
    editor.reload_packs(select=path)
    assert "⚠" in editor.pack_list.currentItem().text()
    editor.target_combo.setCurrentIndex(editor.target_combo.findData("happy"))
    assert "⚠" not in editor.pack_list.currentItem().text()


def test_long_texts_are_warned_about_while_the_pack_plays(qtbot, editor, home):
    path = user_pack(home, "story.toml", scenarios=[Scenario("x", "A long story. " * 20, "happy")])
    editor.reload_packs(select=path)
    assert "The game plays this pack, but:" in editor.messages_label.text()
    assert "too long for a small screen" in editor.messages_label.text()


def test_a_file_with_a_syntax_error_is_opened_for_the_teacher_to_fix(qtbot, home, open_editor, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    user_pack(home)
    broken = home / "broken.toml"
    broken.write_text('title = "Zoo\nlanguage = "en"\n', encoding="utf-8")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    editor = open_editor()
    assert "broken.toml:1:" in editor.unreadable_label.text() and editor.open_unreadable_button.isVisible()
    qtbot.mouseClick(editor.open_unreadable_button, Qt.MouseButton.LeftButton)
    assert opened == [str(broken)]
    broken.write_text(user_pack(home).read_text(encoding="utf-8").replace('"Mine"', '"Fixed"'), encoding="utf-8")
    editor.reload_packs()
    assert not editor.open_unreadable_button.isVisible() and "Fixed" in [pack.title for pack in editor.packs]
