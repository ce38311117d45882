"""Details of the game screens: the face box on the mirror, the feedback word's size, Enter on the new-player
page, counts and plurals on the pack cards, the summary's one scale, the hint, a window on a real screen; on the
start screen the keyboard (arrows, Tab, the focus frame), a whole class's rows and the new-player message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication

from actor_trainer.packs.scenarios import Pack, Problem, Scenario
from actor_trainer.ui import speech
from actor_trainer.ui.i18n import tr_count
from actor_trainer.ui.main_window import MainWindow, SettingsStore, ui_scale
from actor_trainer.ui.widgets import FeedbackWord, MirrorView, fitted_rect, mirrored_box
from tests.qt_waits import wait_until_settled
from tests.test_app import Director, make_services, start

REPO = Path(__file__).resolve().parent.parent


def test_the_face_box_follows_the_face_on_the_mirrored_aspect_fitted_picture(qtbot):
    mirror = MirrorView()
    qtbot.addWidget(mirror)
    mirror.resize(800, 400)  # wider than the 4:3 frame: bars left and right
    frame = np.zeros((480, 640, 3), np.uint8)
    frame[100:200, 40:140] = 255  # the face, near the frame's left edge (the child's right)
    mirror.show_frame(frame, (40, 100, 100, 100))
    drawn = mirror.image_rect()
    assert drawn == QRectF(133 + 1 / 3, 0, 533 + 1 / 3, 400)
    box = mirror.box_rect()
    image = mirror.image
    scale = drawn.width() / 640
    # the white square is drawn where the box is: the mirrored picture's pixels under the box are white
    left = round((box.left() - drawn.left()) / scale) + 2
    top = round((box.top() - drawn.top()) / scale) + 2
    assert image.pixelColor(left, top).red() == 255
    assert image.pixelColor(round((box.right() - drawn.left()) / scale) - 3, top).red() == 255
    assert image.pixelColor(left - 6, top).red() == 0  # and not beside it
    assert box.width() == pytest.approx(100 * scale) and box.top() == pytest.approx(100 * scale)


def test_fitting_and_mirroring_on_a_tall_widget():
    drawn = fitted_rect(640, 480, 400, 800)
    assert drawn == QRectF(0, 250, 400, 300)
    box = mirrored_box((0, 0, 64, 48), 640, drawn)
    assert box == QRectF(360, 250, 40, 30)  # the frame's top-left corner is the mirror's top-right


def test_the_countdown_keeps_one_size_and_pops_only_when_the_feedback_changes(qtbot):
    word = FeedbackWord()
    qtbot.addWidget(word)
    word.resize(300, 80)
    word.set_words(["Visa mig!", "Större!", "Nästan!", "Håll kvar… 8"], 30)
    sizes = set()
    for count in (3, 2, 1):
        word.set_text(f"Håll kvar… {count}", kind="hold")
        sizes.add(word.common_point_size())
    word.set_text("Nästan!", kind="almost")
    sizes.add(word.common_point_size())
    assert len(sizes) == 1
    word.animation.stop()
    word.set_text("Håll kvar… 2", kind="hold")
    assert word.animation.state().name == "Running"  # a new kind pops
    word.animation.stop()
    word.set_text("Håll kvar… 1", kind="hold")
    assert word.animation.state().name == "Stopped"  # the next number does not
    word.resize(120, 80)
    assert word.common_point_size() < 30  # the longest word still fits a narrow widget


@pytest.fixture
def store(tmp_path):
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                         first_language=lambda: "en")


@pytest.fixture
def window(qtbot, tmp_path, store):
    window = MainWindow(make_services(Director(), tmp_path), store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()


def enter_handled(qtbot, window) -> None:
    """Enter reaches the add button through its shortcuts' animateClick, which holds the button down until it
    clicks 100 ms later: until it is up again and the start page is back (the button and its shortcuts hidden),
    and the events queued meanwhile are processed, in two polls in a row."""
    start_screen, polls = window.start, []

    def done() -> bool:
        QApplication.processEvents()
        polls.append(not start_screen.add_player.isDown() and start_screen.pages.currentIndex() == 0
                     and not start_screen.add_player.isVisible())
        return polls[-2:] == [True, True]

    qtbot.waitUntil(done, timeout=3000)


def test_enter_after_picking_a_picture_adds_the_player_once(window, qtbot):
    window.start.show_new_player()
    window.start.new_name.setText("Mio")
    button = window.start.avatars.buttons[3]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.start.avatars.currentIndex() == 3
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [p.name for p in window.players.players()] == ["Mio"], timeout=3000)
    # a second add could only come from another click of the add button: wait for its shortcut's animated click
    # (100 ms) to be over and for the start page, where the button and its Enter shortcuts are hidden
    enter_handled(qtbot, window)
    assert [p.name for p in window.players.players()] == ["Mio"]
    assert window.start.pages.currentIndex() == 0 and window.start.player.currentData() == "Mio"
    window.start.show_new_player()  # Enter in the name field, picture chosen first: once, too
    window.start.avatars.setCurrentIndex(4)
    window.start.new_name.setFocus()
    qtbot.keyClicks(window.start.new_name, "Ada")
    qtbot.keyClick(window.start.new_name, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: len(window.players.players()) == 2, timeout=3000)
    enter_handled(qtbot, window)  # as above: no click of the add button left that could add "Ada" again
    assert sorted(p.name for p in window.players.players()) == ["Ada", "Mio"]


def test_every_picture_of_the_new_player_page_is_in_view(window, qtbot):
    window.fit_to_screen(QRect(0, 0, 1280, 800))
    window.start.show_new_player()
    qtbot.waitUntil(window.start.avatars.isVisible)  # the new-player page is shown
    wait_until_settled(qtbot, window)
    page = window.start.pages.currentWidget()
    for button in window.start.avatars.buttons:
        rect = QRect(button.mapTo(page, button.rect().topLeft()), button.size())
        assert page.rect().contains(rect) and button.height() >= button.sizeHint().height()


LEVELLED = Pack("Levels", "en", [Scenario("a", "A", "happy"), Scenario("b", "B", "sad", min_level="hard"),
                                 Scenario("c", "C", "fear", min_level="normal")])
ONE = Pack("One", "en", [Scenario("a", "A", "happy")])


def test_pack_cards_count_in_words_at_the_chosen_level(window):
    window.services.discover_packs = lambda: ([LEVELLED, ONE], [])
    window.reload_packs()
    start = window.start
    start.level.setCurrentIndex(start.level.findData("hard"))
    assert start.pack.buttons[0].text() == "Levels\n3 situations"
    assert start.pack.buttons[1].text() == "One\n1 situation"
    start.level.setCurrentIndex(start.level.findData("easy"))
    assert start.pack.buttons[0].text() == "Levels\n1 at this level (of 3)"
    assert "2 situations in this pack are for a harder level" in start.level_note.text()
    start.level.setCurrentIndex(start.level.findData("normal"))
    assert "1 situation in this pack is for a harder level and waits." in start.level_note.text()
    start.language.setCurrentIndex(start.language.findData("sv"))
    assert start.pack.buttons[1].text() == "One\n1 situation"
    assert "1 situation i paketet är för en svårare nivå" in start.level_note.text()


def test_plurals_in_both_languages():
    assert [tr_count("situations", n, "en") for n in (0, 1, 2)] == ["0 situations", "1 situation", "2 situations"]
    assert [tr_count("situations", n, "sv") for n in (1, 2)] == ["1 situation", "2 situationer"]
    assert [tr_count("games", n, "en") for n in (1, 2)] == ["1 game", "2 games"]
    assert [tr_count("games", n, "sv") for n in (1, 2)] == ["1 spel", "2 spel"]


def test_the_summary_counts_situations_on_one_scale_with_their_times(qtbot, tmp_path, store):
    director = Director()
    two = Pack("Two", "en", [Scenario("a", "A", "neutral"), Scenario("b", "B", "happy")])
    # the celebration waits for the test: the second situation starts only once nobody is in view
    window = MainWindow(make_services(director, tmp_path, discover_packs=lambda: ([two], []),
                                      celebration_ms=600_000), store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    start(window, qtbot)
    qtbot.waitUntil(lambda: window.game.celebrating, timeout=10000)
    director.expression = None
    # a frame without a face is shown: every frame with one (at most one waits in the worker's mailbox) is gone
    qtbot.waitUntil(lambda: window.play.mirror.box is None, timeout=10000)
    window.advance()
    assert window.game.index == 1
    window.skip()
    qtbot.waitUntil(lambda: window.summary is not None, timeout=10000)
    screen = window.summary_screen
    # skipped at once, with no face time: not a try (people.results.is_a_try), so no empty star either
    assert screen.stars.text() == "You did 1 of 1!"
    assert screen.sheet.results == [("neutral", True)]  # the same scale as the line above
    assert "✔" in screen.row_labels[0].text() and " s" in screen.row_labels[0].text()
    assert "skipped" in screen.row_labels[1].text() and "★" not in screen.row_labels[0].text()


def test_the_hint_is_shown_big_with_a_picture_and_read_aloud(window, qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(window.speaker, "problem", lambda lang: "")
    monkeypatch.setattr(window.speaker, "say", lambda text, lang: said.append(text))
    monkeypatch.setattr(speech.Speaker, "available_for", lambda self, lang: True)
    window.start.read_aloud.setEnabled(True)
    window.start.read_aloud.setChecked(True)
    window.play.hint_shown.emit("Think of a lost toy.")
    window.play.show_hint("Think of a lost toy.", "sad")
    assert said == ["Hint: Think of a lost toy."]
    assert window.play.hint_card.isVisibleTo(window.play) and window.play.hint.objectName() == "hint"
    assert not window.play.hint_picture.pixmap().isNull()
    window.play.show_hint("")
    assert not window.play.hint_card.isVisibleTo(window.play)


def test_sizes_follow_the_screen():
    assert ui_scale(1280, 800) == 1.0
    assert ui_scale(1024, 600) < 1.0 < ui_scale(1920, 1080)
    assert ui_scale(3840, 2160) == 2.0


SCREEN_CHECK = textwrap.dedent("""
    import sys, tempfile
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from actor_trainer.ui.main_window import MainWindow, SettingsStore
    from tests.test_app import Director, make_services
    tmp = Path(tempfile.mkdtemp())
    window = MainWindow(make_services(Director(), tmp), SettingsStore(QSettings(str(tmp / "s.ini"),
                        QSettings.Format.IniFormat)))
    window.showMaximized()
    app.processEvents()
    free = window.screen().availableGeometry()
    buttons = [window.start.start, window.start.teacher, window.start.quit, window.start.settings_button]
    inside = all(free.contains(button.mapToGlobal(button.rect().bottomRight())) for button in buttons)
    print(window.frameGeometry().width(), window.frameGeometry().height(), free.width(), free.height(), inside,
          round(window.scale, 2))
    window.close()
""")


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
def test_the_window_opens_inside_a_real_screen_of_that_size(tmp_path, size):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": size[0], "height": size[1],
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "ACTOR_TRAINER_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SCREEN_CHECK], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    width, height, free_width, free_height, inside, scale = done.stdout.split()[-6:]
    assert (int(width), int(height)) == (free_width and int(free_width), int(free_height)) == size
    assert inside == "True"
    assert float(scale) == pytest.approx(ui_scale(*size))


def test_a_pack_shows_its_own_picture_on_its_card(window, tmp_path):
    from PySide6.QtGui import QImage

    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    image.save(str(tmp_path / "zoo.png"))
    zoo = Pack("Zoo", "en", [Scenario("a", "A", "happy")], picture="zoo.png", path=tmp_path / "zoo.toml")
    school = Pack("School", "en", [Scenario("a", "A", "happy")], picture="🏫")
    plain = Pack("Plain", "en", [Scenario("a", "A", "happy")])
    window.services.discover_packs = lambda: ([zoo, school, plain], [])
    window.reload_packs()
    icons = [button.icon().pixmap(32, 32).toImage() for button in window.start.pack.buttons]
    assert icons[0].pixelColor(16, 16).red() == 255 and icons[0].pixelColor(16, 16).green() == 0
    from actor_trainer.ui.screens.start import pack_picture
    assert [pack_picture(pack) for pack in (zoo, school, plain)] == ["🎭", "🏫", "🎭"]
    assert window.start.pack.pictures[1][0] == "🏫" and window.start.pack.pictures[0][2] is not None


def test_the_red_message_goes_as_soon_as_the_missing_thing_is_given(window, qtbot):
    start_screen = window.start
    start_screen.show_new_player()
    qtbot.mouseClick(start_screen.add_player, Qt.MouseButton.LeftButton)
    assert start_screen.new_player_error.text() == "Write a name."
    qtbot.keyClicks(start_screen.new_name, "Mio")
    assert start_screen.new_player_error.text() == ""  # a name is there: no more "Write a name."
    qtbot.mouseClick(start_screen.add_player, Qt.MouseButton.LeftButton)
    assert start_screen.new_player_error.text() == "Pick a picture."
    qtbot.keyClicks(start_screen.new_name, "s")
    assert start_screen.new_player_error.text() == "Pick a picture."  # a longer name is no picture
    qtbot.mouseClick(start_screen.avatars.buttons[2], Qt.MouseButton.LeftButton)
    assert start_screen.new_player_error.text() == ""
    assert window.players.players() == []  # picking a picture only clears the message: Add still adds
    window.players.add("Ada", "🦊")
    start_screen.new_name.setText("Ada")
    qtbot.mouseClick(start_screen.add_player, Qt.MouseButton.LeftButton)
    assert "Ada" in start_screen.new_player_error.text()  # there is already one called Ada
    qtbot.keyClicks(start_screen.new_name, "m")
    assert start_screen.new_player_error.text() == ""


def wears_the_focus_frame(widget) -> bool:
    """The keyboard's orange frame (start.FOCUS_COLOUR) down the middle of the widget's left edge."""
    image = widget.grab().toImage()
    colour = image.pixelColor(1, image.height() // 2)
    return colour.red() > 200 and 70 < colour.green() < 150 and colour.blue() < 60


def keyboard_on(qtbot, widget, key) -> None:
    qtbot.keyClick(widget, key)
    qtbot.waitUntil(lambda: not any(button.isDown() for button in widget.window().findChildren(QAbstractButton)),
                    timeout=5000)


def test_arrow_keys_move_the_choice_and_tab_moves_between_the_rows(window, qtbot):
    for name in ("Ada", "Bo", "Cleo"):
        window.players.add(name, "🦊")
    window.reload_players("Ada")
    window.services.discover_packs = lambda: ([LEVELLED, ONE], [])
    window.reload_packs()
    start_screen = window.start
    players, packs, levels = start_screen.player, start_screen.pack, start_screen.level
    packs.setCurrentIndex(0)
    levels.setCurrentIndex(0)
    wait_until_settled(qtbot, window)
    players.setFocus()
    qtbot.waitUntil(players.hasFocus)
    chosen = players.buttons[players.currentIndex()]
    assert chosen.property("keyfocus") is True  # the focus frame is on the chosen card
    assert wears_the_focus_frame(chosen) and not wears_the_focus_frame(players.buttons[0])
    keyboard_on(qtbot, players, Qt.Key.Key_Right)
    assert players.currentData() == "Bo" and players.hasFocus()
    assert players.buttons[players.currentIndex()].property("keyfocus") is True
    assert chosen.property("keyfocus") is False  # the frame moved with the choice
    keyboard_on(qtbot, players, Qt.Key.Key_Left)
    keyboard_on(qtbot, players, Qt.Key.Key_Left)
    assert players.currentData() == ""  # the guest, first
    keyboard_on(qtbot, players, Qt.Key.Key_Left)
    assert players.currentData() == ""  # and no further
    keyboard_on(qtbot, players, Qt.Key.Key_End)
    assert players.currentData() == "Cleo"
    keyboard_on(qtbot, players, Qt.Key.Key_Tab)
    assert start_screen.new_player.hasFocus()
    assert all(button.property("keyfocus") is False for button in players.buttons)  # the frame left the row
    assert wears_the_focus_frame(start_screen.new_player) and not wears_the_focus_frame(players.buttons[-1])
    keyboard_on(qtbot, start_screen.new_player, Qt.Key.Key_Tab)
    assert packs.hasFocus() and packs.currentIndex() == 0
    keyboard_on(qtbot, packs, Qt.Key.Key_Right)
    assert packs.currentData() is ONE
    keyboard_on(qtbot, packs, Qt.Key.Key_Tab)
    assert levels.hasFocus()
    keyboard_on(qtbot, levels, Qt.Key.Key_Tab)
    assert start_screen.start.hasFocus() and wears_the_focus_frame(start_screen.start)
    keyboard_on(qtbot, start_screen.start, Qt.Key.Key_Tab)
    assert start_screen.teacher.hasFocus() and wears_the_focus_frame(start_screen.teacher)
    assert not wears_the_focus_frame(start_screen.start)
    levels.setFocus()
    keyboard_on(qtbot, levels, Qt.Key.Key_Right)
    keyboard_on(qtbot, levels, Qt.Key.Key_Right)
    assert levels.currentData() == "hard"
    keyboard_on(qtbot, levels, Qt.Key.Key_Right)
    assert levels.currentData() == "hard"
    keyboard_on(qtbot, levels, Qt.Key.Key_Up)  # nothing above in a single row: back to the row before
    assert packs.hasFocus() and packs.currentData() is ONE
    assert window.stack.currentWidget() is start_screen  # no key so far started a game
    keyboard_on(qtbot, packs, Qt.Key.Key_Return)  # Enter still starts, with the choices the keys made
    qtbot.waitUntil(lambda: window.session is not None, timeout=5000)
    assert (window.pack, window.player, window.level.name) == (ONE, "Cleo", "hard")


def test_enter_on_the_focused_new_player_card_opens_its_page(window, qtbot):
    start_screen = window.start
    start_screen.new_player.setFocus()
    qtbot.waitUntil(start_screen.new_player.hasFocus)
    keyboard_on(qtbot, start_screen.new_player, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: start_screen.pages.currentIndex() == 2, timeout=3000)
    assert window.session is None  # Enter clicked the card the keyboard was on, not Start


def test_up_and_down_move_between_the_rows_of_a_whole_class(window, qtbot):
    window.fit_to_screen(QRect(0, 0, 1024, 600))
    for number in range(25):
        window.players.add(f"Player {number:02}", "🦊")
    window.reload_players("")
    wait_until_settled(qtbot, window)
    players, grid = window.start.player, window.start.player_grid
    players.setFocus()
    qtbot.waitUntil(players.hasFocus)
    rows = players.rows()
    assert len(rows) >= 3  # the class wraps into rows
    assert rows[0][0] == 0 and [index for row in rows for index in row] == list(range(players.count()))
    row_of = {index: number for number, row in enumerate(rows) for index in row}
    scrolled = set()
    for number in range(1, len(rows)):
        before = players.buttons[players.currentIndex()]
        keyboard_on(qtbot, players, Qt.Key.Key_Down)
        wait_until_settled(qtbot, window)
        after = players.buttons[players.currentIndex()]
        assert row_of[players.currentIndex()] == number  # the card below
        assert abs(after.geometry().center().x() - before.geometry().center().x()) < after.width()
        viewport = grid.area.viewport()
        assert viewport.rect().contains(QRect(after.mapTo(viewport, QPoint(0, 0)), after.size()))  # scrolled to
        scrolled.add(grid.area.verticalScrollBar().value())
    assert len(scrolled) > 1 or grid.shown_rows >= len(rows)
    keyboard_on(qtbot, players, Qt.Key.Key_Down)  # no row below: on to the new-player card, as Tab goes
    assert window.start.new_player.hasFocus()


def test_the_big_arrows_scroll_a_class_a_row_at_a_time_to_every_player(window, qtbot):
    window.fit_to_screen(QRect(0, 0, 1024, 600))
    window.services.discover_packs = lambda: ([LEVELLED], [Problem(Path("a.toml"), 1, "a situation needs a text")])
    window.reload_packs()  # a problem under the packs: less room for the players
    for number in range(25):
        window.players.add(f"Player {number:02}", "🦊")
    window.reload_players("")
    wait_until_settled(qtbot, window)
    grid, players = window.start.player_grid, window.start.player
    assert grid.down.isVisible() and grid.down.isEnabled() and not grid.up.isEnabled()  # at the top
    assert grid.down.height() >= 30 and grid.down.width() >= 40  # big enough for a child's finger
    viewport = grid.area.viewport()

    def in_view() -> set[str]:
        rects = {button.text(): QRect(button.mapTo(viewport, QPoint(0, 0)), button.size())
                 for button in players.buttons}
        assert not [name for name, rect in rects.items()
                    if rect.intersects(viewport.rect()) and not viewport.rect().contains(rect)]  # whole or not
        return {name for name, rect in rects.items() if viewport.rect().contains(rect)}

    seen = in_view()
    assert len(seen) < players.count()
    while grid.down.isEnabled():
        top = grid.area.verticalScrollBar().value()
        qtbot.mouseClick(grid.down, Qt.MouseButton.LeftButton)
        assert grid.area.verticalScrollBar().value() - top == grid.pitch()  # one row
        seen |= in_view()
    assert seen == {button.text() for button in players.buttons}
    assert grid.up.isEnabled()
    qtbot.mouseClick(grid.up, Qt.MouseButton.LeftButton)
    bar = grid.area.verticalScrollBar()
    assert bar.value() == bar.maximum() - grid.pitch()
    wheel = QWheelEvent(QPointF(10, 10), QPointF(viewport.mapToGlobal(QPoint(10, 10))), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)  # a notch of the wheel: one row up
    assert bar.value() == bar.maximum() - 2 * grid.pitch()
    in_view()


def test_the_start_screen_opens_with_the_keyboard_on_the_players(window, qtbot):
    window.players.add("Ada", "🦊")
    window.reload_players("Ada")
    window.start.show_settings()
    window.start.show_main()
    qtbot.waitUntil(window.start.player.hasFocus)
    keyboard_on(qtbot, window.start.player, Qt.Key.Key_Left)
    assert window.start.player.currentData() == ""  # the arrow moved the child's choice (to the guest)


@pytest.mark.parametrize(("lang", "order"), [("sv", ["Zelda", "Åsa", "Ärla", "Östen"]),
                                             ("en", ["Ärla", "Åsa", "Östen", "Zelda"])])
def test_players_are_in_the_alphabet_of_the_language(window, lang, order):
    for name in ("Östen", "Zelda", "Åsa", "Ärla"):
        window.players.add(name, "🦊")
    window.set_language(lang)
    window.reload_players()
    cards = [window.start.player.itemData(index) for index in range(window.start.player.count())]
    assert cards == [""] + order  # the guest first
