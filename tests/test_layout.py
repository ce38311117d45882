"""Every screen at 1024x600 (the smallest supported), 1280x800 and 1920x1080, in Swedish and English: no button,
label or field cut, nothing overlapping, everything inside the window (which fills the screen). Asserts on
geometry, not on pixels. The window is told the screen's free area as the app tells it the real one."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from actor_trainer.labels import EMOJI
from actor_trainer.packs.problems import ProblemText
from actor_trainer.packs.scenarios import Pack, Problem, Scenario
from actor_trainer.people.players import PlayerStore
from actor_trainer.people.results import summarise
from actor_trainer.play.game import ScenarioResult
from actor_trainer.ui.editor import TeacherEditor
from actor_trainer.ui.i18n import problem_text, tr, tr_count
from actor_trainer.ui.main_window import MainWindow
from actor_trainer.ui.mascot import Mascot
from actor_trainer.ui.rewards import Celebration, JourneyMap, StickerSheet
from actor_trainer.ui.widgets import FeedbackWord, HoldRing, Meter, MirrorView, TargetGauge
from actor_trainer.vision.frames import SourceError
from tests.qt_waits import wait_until_settled
from tests.test_app import PACK, Director, make_services

SIZES = [(1024, 600), (1280, 800), (1920, 1080)]
# the smallest screen, where things are tightest, stays in the fast lane (pytest -m "not slow")
SIZE_PARAMS = [pytest.param(size, id=f"{size[0]}x{size[1]}", marks=() if size == SIZES[0] else pytest.mark.slow)
               for size in SIZES]
PAINTED = (MirrorView, FeedbackWord, HoldRing, Meter, TargetGauge, Celebration, Mascot, JourneyMap, StickerSheet)
FIELDS = (QLineEdit, QPlainTextEdit, QComboBox)
FIELD_CHARACTERS = {QLineEdit: 12, QPlainTextEdit: 24, QComboBox: 8}  # a field at least this many characters wide
PROBLEMS = [Problem(Path("/home/teacher/packs/zoo.toml"), 12,
                    ProblemText("unknown_expression_guess", name="hapy", known="happy, sad", guess="happy")),
            Problem(Path("/home/teacher/packs/zoo.toml"), 30, "a situation needs a text"),
            Problem(Path("/home/teacher/packs/trip.toml"), 1, "not a TOML file: expected '=' after a key"),
            Problem(Path("/home/teacher/packs/trip2.toml"), 4, "a situation needs a text")]
LONG_TEXT = ("You open the door to your room and all your toys are gone, and a note on the floor says that "
             "someone will bring them back tomorrow morning.")
TWO_LINES = Pack("Two lines", "en", [
    Scenario("bang", LONG_TEXT, "surprise", alternatives=("fear", "happy"), hint="Open your eyes and mouth wide!"),
    Scenario("gift", "You got a puppy!", "happy")])
BROKEN_PACK = """title = "Zoo"
language = "en"

[[scenario]]
id = "lion"
text = "A lion yawns right in front of you, and you can see all of its teeth."
target = "hapy"

[[scenario]]
id = "lion"
target = "fear"
"""


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def is_part(widget: QWidget) -> bool:
    if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
        return False  # the spin box's or combo box's own line edit
    if isinstance(widget, (QAbstractButton, *PAINTED, *FIELDS, QAbstractScrollArea)):
        return True
    return isinstance(widget, QLabel) and bool(widget.text() or widget.pixmap() is not None
                                                and not widget.pixmap().isNull())


def shown_parts(window: QWidget) -> dict[QWidget | None, list[QWidget]]:
    """Visible buttons, labels with text, fields and painted widgets, grouped by the scroll area they are in
    (None: the window itself). What a field or list draws inside itself is its own business."""
    groups: dict[QWidget | None, list[QWidget]] = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() == 0 or not is_part(widget):
            continue
        area = scroll_area_of(widget)
        if area is not None and not isinstance(area, QScrollArea):
            continue  # inside a list, a table or a text field
        if area is not None and not area.isVisibleTo(window):
            continue
        groups.setdefault(area, []).append(widget)
    return groups


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
    return f"{type(widget).__name__} {text[:40]!r}" if text else f"{type(widget).__name__} {widget.objectName()}"


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def cut_or_narrow(widget: QWidget) -> str | None:
    if isinstance(widget, QAbstractButton) and widget.width() < widget.sizeHint().width():
        return f"is cut: {widget.width()} < {widget.sizeHint().width()} px wide"
    if isinstance(widget, QAbstractButton) and widget.height() < widget.minimumSizeHint().height():
        return f"is cut: {widget.height()} < {widget.minimumSizeHint().height()} px high"
    if isinstance(widget, QLabel) and widget.text():
        if widget.wordWrap() and widget.height() < widget.heightForWidth(widget.width()):
            return f"is cut: {widget.height()} < {widget.heightForWidth(widget.width())} px high"
        if not widget.wordWrap() and widget.width() < widget.sizeHint().width():
            return f"is cut: {widget.width()} < {widget.sizeHint().width()} px wide"
    for kind, characters in FIELD_CHARACTERS.items():
        if isinstance(widget, kind):
            wanted = characters * widget.fontMetrics().averageCharWidth()
            if widget.width() < wanted:
                return f"is too narrow: {widget.width()} < {wanted} px ({characters} characters)"
            if widget.height() < widget.fontMetrics().height():
                return f"is cut: {widget.height()} px high"
    return None


def problems_on_screen(window: QWidget, name: str) -> list[str]:
    found = []
    for area, parts in shown_parts(window).items():
        frame = window.rect() if area is None else QRect(QPoint(0, 0), area.widget().size())
        frame_owner = window if area is None else area.widget()
        if area is not None and area.horizontalScrollBar().maximum() > 0:
            found.append(f"{name}: {describe(area)} hides {area.horizontalScrollBar().maximum()} px sideways")
        for widget in parts:
            where = f"{name}: {describe(widget)}"
            if not frame.contains(rect_in(widget, frame_owner)):
                found.append(f"{where} sticks out at {rect_in(widget, frame_owner)} of {frame}")
            problem = cut_or_narrow(widget)
            if problem:
                found.append(f"{where} {problem}")
        for first, second in itertools.combinations(parts, 2):
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            if rect_in(first, frame_owner).intersects(rect_in(second, frame_owner)):
                found.append(f"{name}: {describe(first)} overlaps {describe(second)}")
    return found


@pytest.fixture
def store(tmp_path):
    from PySide6.QtCore import QSettings

    from actor_trainer.ui.main_window import SettingsStore
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                         first_language=lambda: "sv")


def open_window(qtbot, tmp_path, store, size, lang, packs=(PACK,), director=None, **services):
    """A window at `size` in `lang`; `director` and `services` (make_services overrides) for other scripts."""
    director = director or Director()
    services = make_services(director, tmp_path, **{"celebration_ms": 60_000,
                                                    "discover_packs": lambda: (list(packs), PROBLEMS), **services})
    window = MainWindow(services, store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.fit_to_screen(QRect(0, 0, *size))
    window.start.language.setCurrentIndex(window.start.language.findData(lang))
    return window, director


@pytest.mark.parametrize("size", SIZE_PARAMS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_game_screen_fits(qtbot, tmp_path, store, size, lang):
    window, director = open_window(qtbot, tmp_path, store, size, lang)
    assert (window.width(), window.height()) == size
    window.players.add("Alexandra", "🦄")
    window.reload_players("Alexandra")
    problems = []

    def check(name):
        wait_until_settled(qtbot, window)
        problems.extend(problems_on_screen(window, name))

    check("start")
    shown = tr("pack_problem_line", lang, file="zoo.toml", line=12, message=problem_text(PROBLEMS[0].message, lang))
    assert shown in window.start.problems.toolTip()  # in the teacher's language, Swedish too
    assert window.start.problems.text().count("\n") == 0 and "zoo.toml" not in window.start.problems.text()
    assert window.start.problems.text() == "⚠ " + tr_count("broken_pack_files", 3, lang)  # the child's screen: short
    expected = {"en": 'zoo.toml, line 12: unknown expression "hapy"', "sv": 'zoo.toml, rad 12: okänt uttryck "hapy"'}
    assert expected[lang] in shown
    assert "/home/teacher" not in window.start.problems.toolTip()
    window.start.show_settings()
    check("settings")
    window.start.show_new_player()
    window.start.new_name.setText("Maximiliana")
    check("new player")
    window.start.show_main()
    window.start.start.click()
    qtbot.waitUntil(lambda: window.play.mirror.image is not None, timeout=10000)
    check("calibration")
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.play.progress.text().startswith("1 / "), timeout=10000)  # the 1st situation
    check("play")
    window.play.show_hint("Think of something sad, like a lost toy.", "sad")
    check("play with a hint")
    window.play.toggle_teacher_view()
    check("play with the teacher view")
    window.play.toggle_teacher_view()
    window.toggle_pause()
    check("pause")
    window.toggle_pause()
    window.ask_to_stop()
    check("stop?")
    window.ask_to_stop()
    director.expression = "sad"
    qtbot.waitUntil(lambda: window.play.pages.currentIndex() == window.play.SUCCESS, timeout=10000)
    check("success")
    window.advance()
    window.ask_to_stop()
    window.stop_game()
    check("summary")
    window.error.show_error("no_camera", SourceError("no_camera", index=0), lang)
    window.stack.setCurrentWidget(window.error)
    check("no camera")
    window.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZE_PARAMS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_two_line_situation_with_several_accepted_expressions_fits(qtbot, tmp_path, store, size, lang):
    window, director = open_window(qtbot, tmp_path, store, size, lang, packs=(TWO_LINES,))
    window.start.start.click()
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.play.progress.text().startswith("1 / "), timeout=10000)  # the 1st situation
    wait_until_settled(qtbot, window)
    target = window.play.target.text()
    assert all("\u00a0" + EMOJI[name] in target for name in ("surprise", "fear", "happy"))  # never alone on a line
    problems = problems_on_screen(window, "two lines")
    window.play.show_hint(TWO_LINES.scenarios[0].hint, "surprise")
    qtbot.waitUntil(window.play.hint_card.isVisible)
    wait_until_settled(qtbot, window)
    problems += problems_on_screen(window, "two lines with a hint")
    window.close()
    assert problems == [], "\n".join(problems)


STORY = ("It is the day of the class trip. You have been looking forward to it for weeks, and you packed your own "
         "lunch box with your favourite sandwiches. When the bus finally arrives at the zoo, everybody runs to the "
         "elephant house first. But the keeper comes out and says that the elephants are not there today because "
         "they have gone to a new zoo in another town, and the house will stay closed all day long. How do you feel?")
STORY_HINT = ("Think about how it feels when something you waited for a very long time does not happen after all: "
              "let the corners of your mouth drop, look down at the ground and let your eyebrows go up in the middle.")
STORY_PACK = Pack("A teacher's story", "en", [Scenario("zoo-story", STORY, "sad", hint=STORY_HINT)])


@pytest.mark.parametrize("size", SIZE_PARAMS[:2])
def test_a_long_story_and_hint_fit_beside_the_camera_picture(qtbot, tmp_path, store, size):
    """A teacher's 418-character story and 201-character hint (../shared/cases/long-texts): in smaller type,
    nothing cut, and neither the hint nor the story pushes the camera picture over "Show me!" and the ring."""
    window, director = open_window(qtbot, tmp_path, store, size, "en", packs=(STORY_PACK,))
    window.start.start.click()
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.play.progress.text().startswith("1 / "), timeout=10000)
    window.play.show_hint(STORY_HINT, "sad")
    qtbot.waitUntil(window.play.hint_card.isVisible)
    wait_until_settled(qtbot, window)
    problems = problems_on_screen(window, "a long story with its hint")
    assert window.play.situation.styleSheet().startswith("font-size:")  # drawn smaller than the style's size
    window.close()
    assert problems == [], "\n".join(problems)


STILL_SIZES = [pytest.param(size, id=f"{size[0]}x{size[1]}", marks=() if size == SIZES[0] else pytest.mark.slow)
               for size in (SIZES[0], SIZES[-1])]


@pytest.mark.parametrize("size", STILL_SIZES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_stop_question_and_the_pause_leave_the_play_screen_where_it_was(qtbot, tmp_path, store, size, lang):
    window, _ = open_window(qtbot, tmp_path, store, size, lang)
    window.start.start.click()
    qtbot.waitUntil(lambda: window.game is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.play.progress.text().startswith("1 / "), timeout=10000)
    play = window.play
    parts = {"mascot": play.mascot, "target line": play.target, "situation": play.situation,
             "answers' place": play.pages, "button row": play.buttons}

    def where() -> dict[str, QRect]:
        wait_until_settled(qtbot, window)
        return {name: rect_in(widget, window) for name, widget in parts.items()}

    playing = where()
    window.ask_to_stop()
    assert play.asking_to_stop
    asking = where()
    assert play.buttons.isVisible() and not play.stop.isEnabled() and not play.skip.isEnabled()  # resting, in place
    window.ask_to_stop()  # no
    assert not play.asking_to_stop and play.stop.isEnabled() and play.skip.isEnabled()
    after = where()
    window.toggle_pause()
    paused = where()
    window.ask_to_stop()  # asked over the pause
    paused_asking = where()
    window.close()
    for name in parts:
        assert asking[name] == playing[name] == after[name] == paused[name] == paused_asking[name], \
            f"{name}: {playing[name]} playing, {asking[name]} asking, {after[name]} after No, {paused[name]} paused"


def players_with_games(folder: Path) -> Path:
    store = PlayerStore(folder)
    for name, avatar in (("Alexandra", "🦄"), ("Bo", "🐸")):
        store.add(name, avatar)
        for day in (1, 2):
            rows = [ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9),
                    ScenarioResult("b", "t", "fear", name == "Bo", 8.0, 2, 0.4)]
            store.record_game(name, summarise(rows, name, "School", "normal", now=datetime(2024, 5, day, 9)).record)
    return folder


@pytest.mark.parametrize("size", SIZE_PARAMS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_editor_and_progress_fit(qtbot, tmp_path, store, size, lang):
    window, _ = open_window(qtbot, tmp_path, store, size, lang)
    user_dir, builtin = tmp_path / "packs", tmp_path / "builtin"
    user_dir.mkdir()
    builtin.mkdir()
    (user_dir / "zoo.toml").write_text(BROKEN_PACK, encoding="utf-8")
    editor = TeacherEditor(user_dir, builtin, window, language=lang,
                           players=PlayerStore(players_with_games(tmp_path / "players")))
    qtbot.addWidget(editor)
    editor.fit_to_screen(QRect(0, 0, *size))
    editor.show()
    qtbot.waitExposed(editor)
    problems = []

    def check(name):
        wait_until_settled(qtbot, editor)
        problems.extend(problems_on_screen(editor, name))
        assert editor.frameGeometry().width() <= size[0] and editor.frameGeometry().height() <= size[1]

    check("editor, broken pack")
    assert editor.file_problems_label.isVisible() or editor.messages_label.text()
    # the problems and the status are seen without scrolling the form: outside it, every line of them shown
    assert not editor.form_scroll.isAncestorOf(editor.messages_label) and editor.status_area.isVisible()
    lines = editor.messages_label.text().count("\n") + 1
    assert lines == 4 and editor.messages_label.visibleRegion().boundingRect().height() >= \
        lines * editor.messages_label.fontMetrics().lineSpacing()
    editor.new_pack()
    check("editor, new pack")
    editor.text_edit.setPlainText(LONG_TEXT + " " + LONG_TEXT)
    editor.hint_edit.setText("Open your eyes wide and let your mouth fall open, like a big O.")
    for name in ("fear", "happy", "sad"):
        editor.also_buttons[name].setChecked(True)
    check("editor, a long situation")
    editor.tabs.setCurrentIndex(1)
    editor.progress_view.player_list.setCurrentRow(1)
    check("progress")
    editor.progress_view.player_list.setCurrentRow(0)
    check("progress, whole class")
    editor.dirty = False
    editor.close()
    window.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZE_PARAMS)
def test_text_and_pictures_follow_the_screen(qtbot, tmp_path, store, size):
    window, _ = open_window(qtbot, tmp_path, store, size, "en")
    small, _ = open_window(qtbot, tmp_path / "small", store, SIZES[0], "en")
    if size != SIZES[0]:
        assert window.scale > small.scale
        assert window.start.title.font().pointSizeF() > small.start.title.font().pointSizeF()
        assert window.play.hold.width() > small.play.hold.width()
    for each in (window, small):
        each.close()


CLASS = ["Adam", "Alexandra", "Alice", "Astrid", "Bo", "Ebba", "Elias", "Ella", "Freja", "Hugo", "Ida", "Lea",
         "Liam", "Lucas", "Maja", "Maximiliana", "Noah", "Olivia", "Oskar", "Saga", "Theo", "Vincent", "William",
         "Wilma", "Zacharias"]  # 25: a whole class
AVATARS = ["🦊", "🐻", "🐼", "🐸", "🐯", "🦁", "🐰", "🐨", "🐵", "🦄", "🐙", "🐢"]
SCHOOL = Pack("School", "en", [Scenario("a", "A", "happy"), Scenario("b", "B", "fear"), Scenario("c", "C", "sad"),
                               Scenario("d", "D", "surprise", min_level="normal"),
                               Scenario("e", "E", "angry", min_level="hard"),
                               Scenario("f", "F", "disgust", min_level="hard")])


def players_practising(window, names: list[str]) -> None:
    """`names` as players; the last found fear and sad hard, so those come back once more in the next game."""
    for number, name in enumerate(names):
        window.players.add(name, AVATARS[number % len(AVATARS)])
    for day in (1, 2):
        rows = [ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9),
                ScenarioResult("b", "t", "fear", False, 9.0, 3, 0.2),
                ScenarioResult("c", "t", "sad", False, 9.0, 3, 0.3)]
        window.players.record_game(names[-1], summarise(rows, names[-1], "School", "easy",
                                                        now=datetime(2024, 5, day, 9)).record)
    window.reload_players(names[-1])  # the last: at the end of a class, out of view until scrolled to


@pytest.mark.parametrize("size", SIZE_PARAMS)
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("names", [CLASS[-1:], CLASS], ids=["one player", "a whole class"])
def test_the_start_screen_of_a_class_that_practises(qtbot, tmp_path, store, size, lang, names):
    """The notes under the levels when practice brings situations back and harder levels wait, with one player and
    with 25: the new-player card in view, every card in view whole or not at all (rows, never cut), the chosen
    player scrolled to, the notes wrapped (never cut at the edge)."""
    window, _ = open_window(qtbot, tmp_path, store, size, lang, packs=(SCHOOL,))
    start = window.start
    players_practising(window, names)
    start.level.setCurrentIndex(start.level.findData("easy"))
    wait_until_settled(qtbot, window)
    problems = problems_on_screen(window, f"start, {len(names)} players")
    assert start.player.count() == len(names) + 1 and start.player.currentData() == names[-1]
    extras = window.coach.plan(SCHOOL, start.player.currentData(), "easy").extra
    assert extras == 2
    note = start.level_note.text()
    assert tr_count("left_out_note", 3, lang) in note and tr_count("practice_note", extras, lang) in note
    assert start.level_note.isVisibleTo(window) and not start.level_note.visibleRegion().isEmpty()
    new_player = start.new_player
    assert new_player.isVisibleTo(window) and window.rect().contains(rect_in(new_player, window))
    assert new_player.visibleRegion().boundingRect() == new_player.rect()  # nothing over it, nothing cut off
    chosen = start.player.buttons[start.player.currentIndex()]
    area = scroll_area_of(chosen)
    assert area is not None and window.rect().contains(rect_in(area, window))
    viewport = area.viewport().rect()
    cards = {button.text(): QRect(button.mapTo(area.viewport(), QPoint(0, 0)), button.size())
             for button in start.player.buttons}
    cut = [name for name, rect in cards.items() if rect.intersects(viewport) and not viewport.contains(rect)]
    assert cut == [], f"cards partly in view: {cut}"
    assert viewport.contains(cards[names[-1]])  # the chosen player is in view
    window.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
def test_check_boxes_grow_with_the_screen(qtbot, tmp_path, store, size):
    """The settings' check boxes are as big as their text at every size (tiny at 1920x1080 before)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    window, _ = open_window(qtbot, tmp_path, store, size, "en")
    window.start.show_settings()
    wait_until_settled(qtbot, window)
    box = window.start.sound
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    assert indicator.height() >= 0.8 * box.fontMetrics().height()
    window.close()


def test_the_pack_cards_use_the_room_of_a_big_screen(qtbot, tmp_path, store):
    """At 1920x1080 the three packs of a language share the row (they filled under half of it before); at
    1280x800 each card is as wide as its text."""
    from actor_trainer.packs.packs import discover_packs
    from actor_trainer.resources import builtin_scenarios_dir

    packs, _ = discover_packs(builtin_scenarios_dir())
    window, _ = open_window(qtbot, tmp_path, store, (1920, 1080), "en", packs=packs)
    wait_until_settled(qtbot, window)
    cards = window.start.pack.buttons
    assert len(cards) == 3 and sum(card.width() for card in cards) >= 0.8 * window.width()
    assert problems_on_screen(window, "start") == []
    window.fit_to_screen(QRect(0, 0, 1280, 800))
    wait_until_settled(qtbot, window)
    assert all(card.width() == card.sizeHint().width() for card in window.start.pack.buttons)
    window.close()
