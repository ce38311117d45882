"""Read-aloud and the success chime. Both are optional.

Read-aloud is offered only where it really speaks: a speech engine plug-in must load (state Ready) and
have a voice for the game's language. Qt's test engine "mock" says Ready but is silent, so it never
counts. The check is the same at every start; `problem(lang)` names the reason when it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QUrl

LOCALES = {"sv": QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden),
           "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}
SILENT_ENGINES = {"mock"}  # Qt's test plug-in: Ready, with voices, and never a sound

# why read-aloud is not offered (keys of i18n texts)
NO_MODULE, NO_ENGINE, ENGINE_FAILED, NO_VOICE = ("speech_no_module", "speech_no_engine", "speech_engine_failed",
                                                 "speech_no_voice")


def qt_engines() -> tuple[list[str], Callable[[str], object]]:
    """The engine plug-ins Qt lists and a function that starts one (raises ImportError without QtTextToSpeech)."""
    from PySide6.QtTextToSpeech import QTextToSpeech
    return list(QTextToSpeech.availableEngines()), QTextToSpeech


class Speaker:
    """`engines` returns (names, start) like `qt_engines`; tests pass fakes."""

    def __init__(self, parent=None, engines: Callable[[], tuple[list[str], Callable]] | None = None):
        self._engine = None
        self._languages: set[str] = set()
        self.failure, self.error = "", ""  # the reason key and the engine's own words, when no engine runs
        try:
            names, start = (engines or qt_engines)()
        except Exception:  # ImportError for missing system libraries, or a broken QtTextToSpeech
            self.failure = NO_MODULE
            return
        names = [name for name in names if name not in SILENT_ENGINES]
        if not names:
            self.failure = NO_ENGINE
            return
        for name in names:  # the first engine that loads and has voices
            engine = start(name, parent) if parent is not None else start(name)
            if _ready(engine):
                languages = {code for code, locale in LOCALES.items()
                             if any(voice_locale.language() == locale.language()
                                    for voice_locale in engine.availableLocales())}
                if languages:
                    self._engine, self._languages = engine, languages
                    return
                self.failure = NO_VOICE
            else:
                self.failure, self.error = ENGINE_FAILED, engine.errorString() or name

    def problem(self, lang: str) -> str:
        """"" when read-aloud speaks `lang`; else the reason's key (NO_MODULE, NO_ENGINE, ENGINE_FAILED, NO_VOICE)."""
        if self._engine is not None:
            return "" if lang in self._languages else NO_VOICE
        return self.failure

    def available_for(self, lang: str) -> bool:
        return not self.problem(lang)

    @property
    def available(self) -> bool:
        """Speaks at least one of the game's languages."""
        return self._engine is not None

    def say(self, text: str, lang: str) -> None:
        if not self.available_for(lang):
            return
        self._engine.stop()
        self._engine.setLocale(LOCALES.get(lang, LOCALES["en"]))
        self._engine.say(text)

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()


def _ready(engine) -> bool:
    """QTextToSpeech.State.Ready or Speaking (compared by name: the enum lives in the optional module)."""
    return getattr(engine.state(), "name", "") in ("Ready", "Speaking")


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
