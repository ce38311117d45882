"""Pack texts are shown as plain text, and the settings file (it holds the last player's name) is readable
by its user only (issue 21, smaller items)."""

from __future__ import annotations

import stat
import sys

import pytest
from PySide6.QtCore import QSettings, Qt

from actor_trainer.settings import Settings
from actor_trainer.ui.main_window import SettingsStore
from actor_trainer.ui.screens.play import PlayScreen
from actor_trainer.ui.screens.start import StartScreen

HTML = '<b>bold</b> <img src="/etc/passwd"> <a href="x">link</a>'


@pytest.mark.parametrize("screen_class, names", [
    (PlayScreen, ("situation", "target", "hint", "success_sub", "progress")),
    (StartScreen, ("problems", "level_note", "title")),
])
def test_the_labels_that_show_pack_texts_and_names_are_plain_text(qtbot, screen_class, names):
    screen = screen_class()
    qtbot.addWidget(screen)
    assert [getattr(screen, name).textFormat() for name in names] == [Qt.TextFormat.PlainText] * len(names)


def test_a_situation_written_in_html_is_shown_as_written(qtbot):
    screen = PlayScreen()
    qtbot.addWidget(screen)
    screen.situation.setText(HTML)
    assert screen.situation.textFormat() == Qt.TextFormat.PlainText and screen.situation.text() == HTML


def test_the_editor_preview_shows_a_pack_text_as_written(qtbot, tmp_path):
    from actor_trainer.ui.editor.form import wrapping_label as _wrapping_label

    label = _wrapping_label()
    label.setText(HTML)
    assert label.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_settings_file_is_readable_by_its_user_only(tmp_path):
    path = tmp_path / "settings.ini"
    path.write_text("")
    path.chmod(0o644)
    store = SettingsStore(QSettings(str(path), QSettings.Format.IniFormat))
    settings = Settings()
    settings.player = "Alva"
    store.save(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Alva" in path.read_text()
