"""The editor's look: situation texts readable beside a narrow pack list, the form without a scroll bar on a
1920x1080 screen, built-in packs' fields read-only and greyed under a "duplicate to edit" button, and every pack's
picture in the pack list as the start screen shows it."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage

from actor_trainer.packs.scenarios import Pack, Scenario
from actor_trainer.packs.toml_format import save_pack
from actor_trainer.ui.pack_pictures import pack_picture
from actor_trainer.ui.screens import start
from tests.qt_waits import wait_until_settled
from tests.test_editor import dialogs, home, open_editor, select_pack, user_pack  # noqa: F401 (fixtures)

VISIBLE_CHARACTERS = 35  # of a situation's text in the situation list, after its number and emoji


def open_at(qtbot, open_editor, size, language="en"):  # noqa: F811 (the fixture)
    editor = open_editor(language)
    editor.fit_to_screen(QRect(0, 0, *size))
    wait_until_settled(qtbot, editor)
    return editor


def hidden_characters(editor) -> list[str]:
    """Situations of the selected pack whose first VISIBLE_CHARACTERS characters do not fit the list."""
    room = editor.scenario_list.viewport().width() - 2 * editor.scenario_list.spacing() - 8  # the item's margins
    metrics = editor.scenario_list.fontMetrics()
    cut = []
    for row, scenario in enumerate(editor.current.scenarios):
        text = editor.scenario_list.item(row).text()
        start_of_text = text.index(scenario.text[:5])
        shown = text[:start_of_text + VISIBLE_CHARACTERS]
        if metrics.horizontalAdvance(shown) > room:
            cut.append(f"{shown!r}: {metrics.horizontalAdvance(shown)} > {room} px")
    return cut


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_situation_texts_are_readable_beside_the_pack_list(qtbot, open_editor, size, language):  # noqa: F811
    editor = open_at(qtbot, open_editor, size, language)
    for row, pack in enumerate(editor.packs):
        editor.pack_list.setCurrentRow(row)
        assert hidden_characters(editor) == [], pack.title
    assert editor.scenario_list.width() > editor.pack_list.width()  # the list that holds the long texts is wider
    metrics = editor.pack_list.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for row in range(editor.pack_list.count())
                 for line in editor.pack_list.item(row).text().splitlines())
    assert widest <= editor.pack_list.viewport().width()  # and the pack titles are not cut either


@pytest.mark.slow  # every pack's every situation at 1920x1080: 3 s each
@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_form_fits_a_1920x1080_screen_without_scrolling(qtbot, open_editor, home, language):  # noqa: F811
    mine = user_pack(home, scenarios=[Scenario("a", "A long situation. " * 8, "happy", hint="Smile! " * 6)])
    editor = open_at(qtbot, open_editor, (1920, 1080), language)
    for row, pack in enumerate(editor.packs):
        editor.pack_list.setCurrentRow(row)
        for index in range(len(pack.scenarios)):
            editor.scenario_list.setCurrentRow(index)
            wait_until_settled(qtbot, editor)
            assert editor.form_scroll.verticalScrollBar().maximum() == 0, (pack.title, index)
    assert editor.current.path == mine  # the teacher's own pack (last in the list) was among them
    assert editor.frameGeometry().height() <= 1080 and editor.frameGeometry().width() <= 1920


# ---------------------------------------------------------------- built-in packs look read-only

def background(field) -> QColor:
    image: QImage = field.grab().toImage()
    return image.pixelColor(image.width() - 6, image.height() // 2)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_built_in_packs_fields_are_read_only_and_look_it_and_the_teachers_own_are_editable(
        qtbot, open_editor, home, language):  # noqa: F811
    mine = user_pack(home)
    editor = open_editor(language)
    fields = (editor.title_edit, editor.text_edit, editor.hint_edit, editor.id_edit, editor.age_edit,
              editor.author_edit, editor.description_edit)
    assert editor.current.builtin
    builtin = editor.current.path
    locked = {field: background(field) for field in fields}
    assert all(field.isReadOnly() for field in fields)
    select_pack(editor, mine)
    assert not any(field.isReadOnly() for field in fields)
    for field in fields:
        editable = background(field)
        assert editable.lightness() > 245, (type(field).__name__, editable.name())  # white: type here
        assert editable.lightness() - locked[field].lightness() > 8, (locked[field].name(), editable.name())
        assert not field.toolTip()
    assert not editor.duplicate_to_edit_button.isVisible()
    select_pack(editor, builtin)
    assert all(field.toolTip() for field in fields)  # hovering a greyed field says why and what to do
    assert editor.duplicate_to_edit_button.isVisible() and editor.duplicate_to_edit_button.isEnabled()


def test_typing_into_a_built_in_pack_points_to_duplicate_to_edit(qtbot, open_editor):  # noqa: F811
    editor = open_editor("sv")
    title = editor.title_edit.text()
    assert not editor.builtin_note.property("nudged")
    editor.title_edit.setFocus()
    qtbot.keyClicks(editor.title_edit, "Min")
    assert editor.title_edit.text() == title and not editor.dirty  # nothing changed ...
    assert editor.builtin_note.property("nudged")  # ... and the banner says so, instead of nothing at all
    assert editor.duplicate_to_edit_button.text() == "Kopiera för att ändra"


def test_duplicate_to_edit_opens_an_editable_copy(qtbot, open_editor, home):  # noqa: F811
    editor = open_editor()
    builtin = editor.current
    qtbot.mouseClick(editor.duplicate_to_edit_button, Qt.MouseButton.LeftButton)
    assert not editor.current.builtin and editor.current.path.parent == home
    assert editor.current.title == builtin.title + " (copy)"
    assert not editor.title_edit.isReadOnly() and not editor.builtin_note.isVisible()


# ---------------------------------------------------------------- the pack list shows each pack's picture

def test_the_teachers_own_packs_show_their_picture_in_the_pack_list_as_on_the_start_screen(open_editor, home):  # noqa: F811
    home.mkdir(parents=True, exist_ok=True)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff7043"))
    assert image.save(str(home / "zoo.png"))
    packs = {"lion.toml": "🦁", "zoo-file.toml": "zoo.png", "plain.toml": "", "rocket.toml": "🚀"}
    for name, picture in packs.items():
        save_pack(Pack(name.removesuffix(".toml").title(), "en", [Scenario("a", "A lion yawns.", "surprise")],
                       picture=picture), home / name)
    editor = open_editor()
    for row, pack in enumerate(editor.packs):
        item = editor.pack_list.item(row)
        if pack.builtin:
            assert item.text().startswith(f"\N{LOCK} {pack.picture} ")
            continue
        if pack.picture == "zoo.png":
            assert not item.icon().isNull() and item.text().startswith(pack.title)  # the image itself
        else:
            assert item.icon().isNull() and item.text().startswith(f"{pack_picture(pack)} {pack.title}")
    texts = [editor.pack_list.item(row).text() for row in range(editor.pack_list.count())]
    assert any(text.startswith("🦁 Lion") for text in texts) and any(text.startswith("🎭 Plain") for text in texts)
    assert start.pack_picture is pack_picture  # one home: the start screen's cards use the same function


def test_a_picture_chosen_in_the_editor_shows_in_the_list_at_once(qtbot, open_editor, home):  # noqa: F811
    home.mkdir(parents=True, exist_ok=True)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#26a69a"))
    assert image.save(str(home / "bus.png"))
    path = user_pack(home, "bus.toml", picture="bus.png")
    editor = open_editor()
    select_pack(editor, path)
    assert not editor.pack_list.currentItem().icon().isNull()
    qtbot.mouseClick(editor.picture_buttons["🎈"], Qt.MouseButton.LeftButton)
    item = editor.pack_list.currentItem()
    assert item.icon().isNull() and item.text().startswith("🎈 Mine")


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_form_fits_the_design_size_without_scrolling(qtbot, open_editor, language):  # noqa: F811
    """At 1280x800 (the design size) a built-in pack's situation, its preview and the status are all seen: the
    description and the picture share a row (the form scrolled by 33 px before)."""
    editor = open_at(qtbot, open_editor, (1280, 800), language)
    editor.scenario_list.setCurrentRow(0)
    wait_until_settled(qtbot, editor)
    assert editor.form_scroll.verticalScrollBar().maximum() == 0
    assert editor.messages_label.visibleRegion().boundingRect().height() >= editor.messages_label.height() - 1
