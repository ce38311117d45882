"""What plays instead of a camera: the error screen offers a video file and a folder of pictures, camera and video
problems are data said in the window's language, the settings name the file or folder in use, and a speech
engine's own English words are introduced in the window's language."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QTreeView

from actor_trainer.ui import speech
from actor_trainer.ui.main_window import DIALOG_SHARE, MainWindow, SettingsStore, source_dialog
from actor_trainer.vision.frames import CameraSource, SourceError
from actor_trainer.vision.frames import open_source as open_frames
from actor_trainer.vision.source_spec import SourceSpec
from tests.test_app import Director, make_services, press
from tests.test_speech_and_language import FakeEngine, engines


@pytest.fixture
def store(tmp_path):
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                         first_language=lambda: "sv")


class ClosedCapture:
    """A camera index that does not open, as OpenCV reports one."""

    def isOpened(self):  # noqa: N802 (OpenCV's name)
        return False

    def release(self):
        pass


def real_sources(director: Director):
    """The app's own frame sources for files and folders, a camera index that never opens, and the folder of
    pictures (or file) each open asked for in `director.opened`."""
    def open_source(spec):  # a SourceSpec; `director.opened` has what it names (camera index or path text)
        director.opened.append(spec.camera if spec.is_camera else str(spec.path))
        if spec.is_camera:
            return CameraSource(spec.camera, opener=lambda index: ClosedCapture())
        return open_frames(spec)
    return open_source


def open_window(qtbot, tmp_path, store, lang="sv", source=None, **services):
    director = Director()
    window = MainWindow(make_services(director, tmp_path, **services), store, source=source)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the error screen's keys need the active window
    window.start.language.setCurrentIndex(window.start.language.findData(lang))
    return window, director


def no_camera_screen(qtbot, window):
    window.start_game()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    assert window.error.kind == "no_camera"


def pictures(folder):
    """A folder with one readable picture (what the game's folder source plays)."""
    import cv2
    import numpy as np

    folder.mkdir()
    cv2.imwrite(str(folder / "face.png"), np.full((60, 60, 3), 128, np.uint8))
    return folder


# ---------------------------------------------------------------- 1. a video file or a folder of pictures

def test_a_folder_of_pictures_chosen_on_the_no_camera_screen_starts_the_game_from_it(qtbot, tmp_path, store):
    chosen = []
    window, director = open_window(qtbot, tmp_path, store, lang="sv", choose_picture_folder=lambda parent, title: (
        chosen.append(title), str(tmp_path / "faces"))[1])
    director.camera_present = False
    no_camera_screen(qtbot, window)
    assert window.error.folder.isVisible() and window.error.folder.text() == "Spela från bildmapp (F)"
    press(qtbot, window, Qt.Key.Key_F)
    assert chosen == ["Välj en mapp med bilder"]
    qtbot.waitUntil(lambda: director.opened == [str(tmp_path / "faces")], timeout=10000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.play, timeout=10000)
    qtbot.waitUntil(lambda: window.game is not None and window.game.judge.active_seconds > 0, timeout=10000)
    assert window.source_spec == SourceSpec(path=tmp_path / "faces")  # a retry plays the folder again, not the camera
    window.close()


def test_nothing_chosen_leaves_the_error_screen_as_it_was(qtbot, tmp_path, store):
    window, _ = open_window(qtbot, tmp_path, store, open_source=real_sources(Director()),
                            choose_picture_folder=lambda parent, title: None)
    no_camera_screen(qtbot, window)
    window.error.folder.click()
    assert window.stack.currentWidget() is window.error
    assert window.source_spec == SourceSpec(camera=window.settings.camera)
    window.close()


def test_the_folder_dialog_picks_folders_and_the_video_dialog_videos_or_pictures_at_the_windows_size(
        qtbot, tmp_path, store):
    window, _ = open_window(qtbot, tmp_path, store, lang="sv")
    window.fit_to_screen(QRect(0, 0, 1920, 1080))
    qtbot.waitUntil(lambda: window.width() == 1920)
    folder = source_dialog(window, "Välj en mapp med bilder", "sv", folder=True)
    assert folder.fileMode() == QFileDialog.FileMode.Directory
    video = source_dialog(window, "Välj en videofil", "sv")
    assert video.fileMode() == QFileDialog.FileMode.ExistingFile
    filters = video.nameFilters()
    assert filters[0].startswith("Videofiler (") and "*.mp4" in filters[0] and "*.mkv" in filters[0]
    assert filters[1].startswith("Bilder (") and "*.jpg" in filters[1] and filters[2] == "Alla filer (*)"
    assert folder.nameFilters()[0].startswith("Bilder (")  # a folder shows the pictures in it
    for dialog in (folder, video):
        assert dialog.width() == round(1920 * DIALOG_SHARE[0]) and dialog.height() == round(1080 * DIALOG_SHARE[1])
        assert dialog.width() >= 1200  # not the cramped default, whose columns were cut
        header = dialog.findChild(QTreeView, "treeView").header()  # Qt's own dialog: no desktop one offscreen
        assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
        assert all(header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
                   for column in range(1, header.count()))  # size, kind and date shown whole
    window.close()


def test_the_picture_folder_button_uses_the_real_dialog_when_no_test_hook_is_set(qtbot, tmp_path, store,
                                                                                  monkeypatch):
    shown = []

    def exec_(dialog):
        shown.append((dialog.fileMode(), dialog.windowTitle(), dialog.size().toTuple()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "selectedFiles", lambda dialog: [str(tmp_path / "faces")])
    director = Director()
    window, _ = open_window(qtbot, tmp_path, store, lang="en", open_source=real_sources(director))
    pictures(tmp_path / "faces")
    no_camera_screen(qtbot, window)
    window.error.folder.click()
    assert shown == [(QFileDialog.FileMode.Directory, "Choose a folder of pictures",
                      (round(window.width() * DIALOG_SHARE[0]), round(window.height() * DIALOG_SHARE[1])))]
    qtbot.waitUntil(lambda: str(tmp_path / "faces") in director.opened, timeout=10000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.play, timeout=10000)
    window.close()


# ---------------------------------------------------------------- 2. problems as data, in the window's language

def test_source_problems_are_data_and_the_command_line_keeps_its_english_hint():
    with pytest.raises(SourceError) as caught:
        CameraSource(7, opener=lambda index: ClosedCapture())
    assert (caught.value.code, caught.value.params) == ("no_camera", {"index": "7"})
    english = str(caught.value)  # what the command line prints
    assert english.startswith("No camera found at index 7.") and "`actor-trainer cameras`" in english


@pytest.mark.parametrize(("lang", "expected", "not_expected"), [
    ("sv", "Detaljer: Kamera nummer 7 gick inte att öppna. Välj ett annat kameranummer under Inställningar",
     ("No camera", "actor-trainer", "index")),
    ("en", "Details: Camera number 7 did not open. Choose another camera number in Settings",
     ("No camera found", "actor-trainer", "index")),
])
def test_no_camera_is_explained_in_the_windows_language_without_a_command_line(qtbot, tmp_path, store, lang,
                                                                                 expected, not_expected):
    store.qsettings.setValue("camera", "7")
    window, _ = open_window(qtbot, tmp_path, store, lang=lang, open_source=real_sources(Director()))
    no_camera_screen(qtbot, window)
    details = window.error.details.text()
    assert details.startswith(expected), details
    assert not any(words in details for words in not_expected), details
    window.close()


@pytest.mark.parametrize(("lang", "expected"), [("sv", "Detaljer: Mappen empty har inga bilder."),
                                                ("en", "Details: The folder empty has no pictures.")])
def test_an_empty_picture_folder_is_named_without_its_path(qtbot, tmp_path, store, lang, expected):
    (tmp_path / "empty").mkdir()
    window, _ = open_window(qtbot, tmp_path, store, lang=lang, source=str(tmp_path / "empty"),
                            open_source=real_sources(Director()))
    window.start_game()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.error, timeout=10000)
    assert window.error.kind == "source" and window.error.details.text() == expected
    assert str(tmp_path) not in window.error.details.text()
    window.close()


def test_a_message_we_do_not_own_is_shown_as_it_is_after_our_own_words(qtbot, tmp_path, store):
    window, _ = open_window(qtbot, tmp_path, store, lang="sv")
    window.on_status("no_camera", "v4l2: device busy")
    assert window.error.details.text() == "Detaljer: v4l2: device busy"
    window.close()


@pytest.mark.parametrize(("lang", "expected"), [
    ("sv", "(talsyntesen startade inte; dess eget meddelande, på engelska: ”Text to speech engine not initialized”)"),
    ("en", "(the speech engine did not start; its own message: “Text to speech engine not initialized”)"),
])
def test_the_speech_engines_own_english_words_are_introduced_in_the_windows_language(qtbot, tmp_path, store,
                                                                                      monkeypatch, lang, expected):
    monkeypatch.setattr(speech, "qt_engines", engines(speechd=FakeEngine(
        ready=False, error="Text to speech engine not initialized")))
    window, _ = open_window(qtbot, tmp_path, store, lang=lang)
    window.start.show_settings()
    qtbot.waitUntil(lambda: not window.speaker.checking)
    assert window.start.speech_note.text() == expected and window.start.speech_note.isVisible()
    assert window.start.speech_note.wordWrap()  # a long message from the engine wraps instead of being cut
    assert not window.start.read_aloud.isEnabled()
    window.close()


# ---------------------------------------------------------------- 6. the settings name what plays

@pytest.mark.parametrize(("lang", "label", "value"), [("sv", "Spelar från", "faces (bildmapp)"),
                                                       ("en", "Playing from", "faces (picture folder)")])
def test_the_settings_name_the_folder_given_with_source(qtbot, tmp_path, store, lang, label, value):
    folder = pictures(tmp_path / "faces")
    window, _ = open_window(qtbot, tmp_path, store, lang=lang, source=str(folder))
    window.start.show_settings()
    assert window.start.source_value.isVisible() and window.start.source_value.text() == value
    assert window.start.form_labels["source"].text() == label
    assert not window.start.camera.isEnabled()  # the camera number is not what plays
    window.close()


def test_the_settings_show_the_camera_when_no_source_is_given_and_a_video_once_chosen(qtbot, tmp_path,
                                                                                    store):
    window, director = open_window(qtbot, tmp_path, store, lang="en",
                                   choose_video_file=lambda parent, title: str(tmp_path / "clip.mp4"))
    window.start.show_settings()
    assert not window.start.source_value.isVisible() and window.start.camera.isEnabled()
    window.start.show_main()
    window.on_status("no_camera", "")
    window.error.video.click()
    qtbot.waitUntil(lambda: str(tmp_path / "clip.mp4") in director.opened, timeout=10000)
    window.show_start()
    window.start.show_settings()
    assert window.start.source_value.isVisible() and window.start.source_value.text() == "clip.mp4 (video file)"
    window.start.language.setCurrentIndex(window.start.language.findData("sv"))
    assert window.start.source_value.text() == "clip.mp4 (videofil)"
    # and the way back to the camera
    assert window.start.use_camera.isVisible() and "kameran" in window.start.use_camera.text()
    window.start.use_camera.click()
    assert window.source_spec == SourceSpec(camera=window.settings.camera) and window.start.camera.isEnabled()
    assert not window.start.source_value.isVisible()
    window.start.show_main()
    window.start.start.click()
    qtbot.waitUntil(lambda: window.settings.camera in director.opened, timeout=10000)
    window.close()
