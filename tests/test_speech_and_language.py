"""Read-aloud is offered only where an engine loaded and has a voice for the game's language, the reason is
shown when not; the first start follows the system language and the choice then sticks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QLocale, QSettings

from actor_trainer.ui import speech
from actor_trainer.ui.main_window import MainWindow, SettingsStore, system_language
from actor_trainer.ui.speech import Speaker
from tests.test_app import Director, make_services

SWEDISH = QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


class FakeEngine:
    def __init__(self, ready=True, locales=(), error=""):
        self.ready, self.locales, self.error, self.said = ready, list(locales), error, []

    def state(self):
        return SimpleNamespace(name="Ready" if self.ready else "Error")

    def errorString(self):  # noqa: N802 (Qt's name)
        return self.error

    def availableLocales(self):  # noqa: N802
        return self.locales

    def setLocale(self, locale):  # noqa: N802
        self.locale = locale

    def say(self, text):
        self.said.append(text)

    def stop(self):
        pass


def engines(**by_name):
    return lambda: (list(by_name), lambda name, parent=None: by_name[name])


def checked(qtbot, speaker):
    """`speaker` once its thread has checked the engines (the window never waits for that)."""
    qtbot.waitUntil(lambda: not speaker.checking)
    return speaker


def test_qts_silent_test_engine_never_counts_as_speech(qtbot):
    speaker = checked(qtbot, Speaker(engines=engines(mock=FakeEngine(locales=[ENGLISH, SWEDISH]))))
    assert not speaker.available and speaker.problem("en") == speech.NO_ENGINE


def test_an_engine_that_fails_to_load_is_not_offered_and_says_why(qtbot):
    speaker = checked(qtbot, Speaker(engines=engines(
        speechd=FakeEngine(ready=False, error="Text to speech engine not initialized"))))
    assert speaker.problem("sv") == speech.ENGINE_FAILED and "not initialized" in speaker.error
    speaker.say("Hej", "sv")  # nothing happens, nothing breaks


def test_a_voice_is_needed_for_the_language_and_the_next_engine_is_tried(qtbot):
    english_only = FakeEngine(locales=[ENGLISH])
    speaker = checked(qtbot, Speaker(engines=engines(speechd=FakeEngine(ready=False), flite=english_only)))
    assert speaker.available_for("en") and speaker.problem("sv") == speech.NO_VOICE
    speaker.say("Hello", "en")
    speaker.say("Hej", "sv")
    qtbot.waitUntil(lambda: english_only.said == ["Hello"])


def test_without_the_speech_module_read_aloud_is_not_offered(qtbot):
    def missing():
        raise ImportError("libQt6TextToSpeech.so.6: cannot open shared object file")
    assert checked(qtbot, Speaker(engines=missing)).problem("en") == speech.NO_MODULE


@pytest.fixture
def store(tmp_path):
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def open_window(qtbot, tmp_path, store, monkeypatch, engine):
    monkeypatch.setattr(speech, "qt_engines", engines(flite=engine))
    window = MainWindow(make_services(Director(), tmp_path), store)
    qtbot.addWidget(window)
    window.show()
    checked(qtbot, window.speaker)
    return window


def test_the_start_screen_offers_read_aloud_per_language_and_says_why_not(qtbot, tmp_path, store, monkeypatch):
    window = open_window(qtbot, tmp_path, store, monkeypatch, FakeEngine(locales=[ENGLISH]))
    window.start.language.setCurrentIndex(window.start.language.findData("en"))
    window.start.read_aloud.setChecked(True)
    assert window.start.read_aloud.isEnabled() and window.reading_aloud()
    assert window.start.read_aloud.text() == "Read the text aloud" and window.start.speech_note.isHidden()
    window.start.language.setCurrentIndex(window.start.language.findData("sv"))
    assert not window.start.read_aloud.isEnabled() and not window.start.read_aloud.isChecked()
    assert "ingen svensk röst" in window.start.speech_note.text() and not window.start.speech_note.isHidden()
    assert not window.reading_aloud()
    window.start.language.setCurrentIndex(window.start.language.findData("en"))
    assert window.start.read_aloud.isChecked()  # the teacher's choice came back with the voice
    window.close()


def test_a_failed_engine_greys_read_aloud_out_and_hides_read_again(qtbot, tmp_path, store, monkeypatch):
    window = open_window(qtbot, tmp_path, store, monkeypatch, FakeEngine(ready=False, error="no speech-dispatcher"))
    for lang in ("sv", "en"):
        window.start.language.setCurrentIndex(window.start.language.findData(lang))
        assert not window.start.read_aloud.isEnabled() and not window.start.read_aloud.isChecked()
        assert "no speech-dispatcher" in window.start.speech_note.text()
        assert window.play.read_again.isHidden()
    window.close()


def test_system_language_is_swedish_only_for_a_swedish_system():
    assert system_language(SWEDISH) == "sv"
    assert system_language(ENGLISH) == "en"
    assert system_language(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "en"


def test_the_first_start_follows_the_system_then_the_choice_sticks(tmp_path):
    path = str(tmp_path / "settings.ini")
    first = SettingsStore(QSettings(path, QSettings.Format.IniFormat), first_language=lambda: "en")
    settings = first.load()
    assert settings.language == "en"
    first.save(settings)
    swedish_system = SettingsStore(QSettings(path, QSettings.Format.IniFormat), first_language=lambda: "sv")
    assert swedish_system.load().language == "en"  # saved: the system no longer decides
    settings.language = "sv"
    swedish_system.save(settings)
    english_system = SettingsStore(QSettings(path, QSettings.Format.IniFormat), first_language=lambda: "en")
    assert english_system.load().language == "sv"
    fresh = SettingsStore(QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat),
                          first_language=lambda: "sv")
    assert fresh.load().language == "sv"
