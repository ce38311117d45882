"""Read-aloud and the success chime. Both are optional: where Qt has no speech engine or no audio
backend (QtTextToSpeech / QtMultimedia fail to load, or list no engine), they are silently off."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QUrl

LOCALES = {"sv": QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden),
           "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}


class Speaker:
    def __init__(self, parent=None):
        self._engine = None
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
            if QTextToSpeech.availableEngines():
                self._engine = QTextToSpeech(parent)
        except Exception:  # ImportError for missing system libraries, or a broken engine plugin
            self._engine = None

    @property
    def available(self) -> bool:
        return self._engine is not None

    def say(self, text: str, lang: str) -> None:
        if self._engine is None:
            return
        self._engine.stop()
        self._engine.setLocale(LOCALES.get(lang, LOCALES["en"]))
        self._engine.say(text)

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()


class Chime:
    def __init__(self, wav: Path, parent=None):
        self._effect = None
        if not wav.is_file():
            return
        try:
            from PySide6.QtMultimedia import QSoundEffect
            self._effect = QSoundEffect(parent)
            self._effect.setSource(QUrl.fromLocalFile(str(wav)))
            self._effect.setVolume(0.6)
        except Exception:
            self._effect = None

    @property
    def available(self) -> bool:
        return self._effect is not None

    def play(self) -> None:
        if self._effect is not None:
            self._effect.play()


class Sounds:
    """The reward sounds in assets/sounds/ (made by tools/make_sounds.py), loaded when first played;
    the old chime stands in for any that is missing."""

    def __init__(self, folder: Path, parent=None):
        self.folder, self.parent = folder, parent
        self._loaded: dict[str, Chime] = {}

    def play(self, name: str) -> None:
        if name not in self._loaded:
            path = self.folder / name
            self._loaded[name] = Chime(path if path.is_file() else self.folder / "chime.wav", self.parent)
        self._loaded[name].play()
