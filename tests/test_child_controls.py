"""A child who cannot read plays alone: every control a child uses has a picture and is read aloud (when
read-aloud is on) as the pointer or the keyboard comes onto it; the stop question is a choice of two big pictures;
while paused one button goes on (not two)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QEnterEvent

from actor_trainer.play.session import Overlay
from actor_trainer.ui.control_icons import KINDS, control_icon
from actor_trainer.ui.screens.common import spoken_text
from tests.test_app import director, press, start, store, window  # noqa: F401 (fixtures)


def send_enter(button) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(button, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))


def test_every_picture_is_drawn(qtbot):
    for kind in KINDS:
        assert not control_icon(kind, 48).pixmap(48, 48).toImage().isNull()
    with pytest.raises(ValueError):
        control_icon("dance", 48)


def test_a_buttons_name_is_read_without_its_keys():
    assert spoken_text("Stop (Esc)") == "Stop" and spoken_text("Hoppa över (S)") == "Hoppa över"
    assert spoken_text("Yes, stop (Y)") == "Yes, stop" and spoken_text("&Next") == "Next"
    assert spoken_text("At home\n14 at this level (of 15)") == "At home, 14 at this level (of 15)"


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_every_control_a_child_uses_has_a_picture(window, qtbot, lang):  # noqa: F811
    window.start.language.setCurrentIndex(window.start.language.findData(lang))
    assert not window.start.start.icon().isNull()
    start(window, qtbot)
    play = window.play
    for button in (play.stop, play.retry, play.pause, play.skip, play.read_again, play.next, play.resume,
                   play.stop_yes, play.stop_no):
        assert not button.icon().isNull(), button.text()
        assert button.iconSize().width() >= 20
    for button in (window.summary_screen.play_again, window.summary_screen.back, window.error.retry,
                   window.error.back):
        assert not button.icon().isNull(), button.text()


def test_the_stop_question_is_a_choice_of_two_big_pictures_and_is_read_aloud(window, qtbot, monkeypatch):  # noqa: F811
    said = []
    monkeypatch.setattr(window.speaker, "available_for", lambda lang: True)
    monkeypatch.setattr(window.speaker, "say", lambda text, lang: said.append(text))
    window.start.read_aloud.setChecked(True)
    start(window, qtbot)
    said.clear()
    window.ask_to_stop()
    play = window.play
    assert play.asking_to_stop
    assert play.stop_yes.iconSize().width() >= 2 * play.stop.iconSize().width()
    assert play.stop_yes.icon().cacheKey() != play.stop_no.icon().cacheKey()
    assert said == ["Do you want to stop playing?"]
    send_enter(play.stop_no)
    assert said[-1] == "No, keep playing"


def test_buttons_are_read_aloud_only_when_read_aloud_is_on(window, qtbot, monkeypatch):  # noqa: F811
    said = []
    monkeypatch.setattr(window.speaker, "available_for", lambda lang: True)
    monkeypatch.setattr(window.speaker, "say", lambda text, lang: said.append(text))
    window.speech_changed()  # what the speaker's `changed` does once it knows it speaks: the box shows the setting
    window.start.read_aloud.setChecked(False)
    start(window, qtbot)
    send_enter(window.play.skip)
    assert said == []
    window.start.read_aloud.setChecked(True)
    send_enter(window.play.skip)
    send_enter(window.play.stop)
    assert said == ["Skip", "Stop"]
    window.show_start()
    send_enter(window.start.pack.buttons[0])  # the start screen's cards too
    send_enter(window.start.level.buttons[0])
    assert said[-2].startswith(window.start.pack.buttons[0].text().splitlines()[0]) and said[-1] == "Easy"


def test_while_paused_one_button_goes_on(window, qtbot):  # noqa: F811
    start(window, qtbot)
    play = window.play
    press(qtbot, window, Qt.Key.Key_Space)
    assert play.overlay is Overlay.PAUSED
    visible = [button for button in (play.pause, play.resume) if button.isVisible()]
    assert visible == [play.resume]
    before = play.buttons.geometry()
    press(qtbot, window, Qt.Key.Key_Space)  # Space still goes on
    assert play.overlay is Overlay.NONE and play.pause.isVisible() and play.buttons.geometry() == before


def test_new_player_says_why_when_players_cannot_be_saved(qtbot, tmp_path, store, director):  # noqa: F811
    from PySide6.QtCore import Qt as QtKeys

    from actor_trainer.ui.main_window import MainWindow
    from tests.test_app import make_services

    no_folder = PermissionError(13, "Permission denied")  # the players folder could not be made at start
    guest_window = MainWindow(make_services(director, tmp_path, players=None, players_error=no_folder), store)
    qtbot.addWidget(guest_window)
    guest_window.show()
    guest_window.start.language.setCurrentIndex(guest_window.start.language.findData("en"))
    assert guest_window.players is None and guest_window.start.new_player.isVisible()  # the card stays where it was
    qtbot.mouseClick(guest_window.start.new_player, QtKeys.MouseButton.LeftButton)
    told = guest_window.start.new_player_error.text()
    assert told.startswith("Players cannot be saved on this computer (Permission denied)") and "guest" in told
    assert guest_window.start.new_player_error.isVisible() and not guest_window.start.add_player.isEnabled()


def test_the_calm_face_instructions_and_an_error_screen_are_read_aloud(window, qtbot, monkeypatch):  # noqa: F811
    from actor_trainer.ui.i18n import tr

    said = []
    monkeypatch.setattr(window.speaker, "available_for", lambda lang: True)
    monkeypatch.setattr(window.speaker, "say", lambda text, lang: said.append(text))
    window.start.read_aloud.setChecked(True)
    start(window, qtbot)
    assert said[0].startswith(tr("baseline_title", "en"))
    window.on_status("no_camera", "")
    assert said[-1].startswith(window.error.title.text()) and window.error.help.text() in said[-1]
