"""Read-aloud and the success chime. Both are optional, and neither ever holds up the game.

Read-aloud is offered only where it really speaks: a speech engine plug-in must load (state Ready), have a
voice for the game's language and finish a silent test sentence (a speech server with no sound output
takes the text and never finishes it). Qt's test engine "mock" says Ready but is silent, so it never counts.
`problem(lang)` names the reason when it fails.

The engine lives in its own thread ("speech"), which runs a Qt event loop and is the only thread that ever
calls the engine: the speech-dispatcher client blocks for as long as its server does not answer (measured:
for good, on a machine with the server and no sound server; docs/reliability.md), and PySide keeps Python's
lock while a call of the engine's runs, so the engine's calls that can block (start, stop, setLocale, say)
are queued to its own C++ slots and never run under that lock. The window asks and never waits: each
request is numbered, the speech thread answers each in turn, and a request left unanswered for
ANSWER_TIMEOUT_MS (START_TIMEOUT_MS for the first check) turns read-aloud off for the rest of the session
(`NOT_ANSWERING`, the `changed` signal).
"""

from __future__ import annotations

import atexit
import os
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Q_ARG, QEventLoop, QLocale, QMetaObject, QObject, Qt, QTimer, QUrl, Signal, Slot

LOCALES = {"sv": QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden),
           "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}
SILENT_ENGINES = {"mock"}  # Qt's test plug-in: Ready, with voices, and never a sound

# why read-aloud is not offered (keys of i18n texts)
NO_MODULE, NO_ENGINE, ENGINE_FAILED, NO_VOICE = ("speech_no_module", "speech_no_engine", "speech_engine_failed",
                                                 "speech_no_voice")
CHECKING, NOT_ANSWERING, NO_SOUND = "speech_checking", "speech_not_answering", "speech_no_sound"

# How long the window lets the speech thread take. A speech-dispatcher started on demand answers its first
# request in about 2.1 s (measured 2026-12-07 on the 2-core development machine, Debian 12, 0.11.4), later
# ones in a few milliseconds; the test sentence is a single silent word.
START_TIMEOUT_MS = 8000
ANSWER_TIMEOUT_MS = 4000
SOUND_TIMEOUT_MS = 4000
CLOSE_SECONDS = 0.5  # at most this long when the window closes, only while the engine is ending
HANDOFF_SECONDS = 2.0  # the speech thread makes its two objects and hands them over; nothing there can block
QUEUED = Qt.ConnectionType.QueuedConnection


def qt_engines() -> tuple[list[str], Callable[[str], object]]:
    """The engine plug-ins Qt lists and a function that starts one (raises ImportError without QtTextToSpeech).

    The engine is made as Qt's silent "mock" and switched to `name` by a queued call of its own slot
    `setEngine`, so that connecting to a speech server runs with Python's lock released."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    def start(name: str):
        engine = QTextToSpeech("mock")
        QMetaObject.invokeMethod(engine, "setEngine", QUEUED, Q_ARG(str, name))
        return engine
    return list(QTextToSpeech.availableEngines()), start


def _call(engine, name: str, *args) -> None:
    """Call `engine.name(*args)`: queued to its own C++ slot for a Qt engine (never under Python's lock), directly
    for a plain object (the tests' fakes)."""
    if isinstance(engine, QObject):
        QMetaObject.invokeMethod(engine, name, QUEUED, *(Q_ARG(type(arg), arg) for arg in args))
    else:
        getattr(engine, name)(*args)


def _ready(engine) -> bool:
    """QTextToSpeech.State.Ready or Speaking (compared by name: the enum lives in the optional module)."""
    return getattr(engine.state(), "name", "") in ("Ready", "Speaking")


def _languages(engine) -> set[str]:
    return {code for code, locale in LOCALES.items()
            if any(voice_locale.language() == locale.language() for voice_locale in engine.availableLocales())}


class _SpeechHost(QObject):
    """Lives in the speech thread and holds the engine. `found(failure, error, languages)` once the first engine
    that works is known (failure "" then); `answered(number)` after each request has been handed to the engine."""

    found = Signal(str, str, list)
    answered = Signal(int)

    def __init__(self, engines: Callable[[], tuple[list[str], Callable]]):
        super().__init__()
        self.engines, self.engine, self.names, self.start = engines, None, [], None
        self.failure, self.error, self.languages = "", "", set()
        self._sound_timer: QTimer | None = None

    @Slot()
    def probe(self) -> None:
        try:
            names, self.start = self.engines()
        except Exception:  # ImportError for missing system libraries, or a broken QtTextToSpeech
            self.found.emit(NO_MODULE, "", [])
            return
        self.names = [name for name in names if name not in SILENT_ENGINES]
        self.failure = "" if self.names else NO_ENGINE
        self._try_next()

    def _try_next(self) -> None:
        if not self.names:
            self.found.emit(self.failure or NO_ENGINE, self.error, [])
            return
        self.engine = self.start(self.names.pop(0))
        QMetaObject.invokeMethod(self, "_check", QUEUED)  # after the queued setEngine

    @Slot()
    def _check(self) -> None:
        engine = self.engine
        if not _ready(engine):
            self.failure, self.error = ENGINE_FAILED, engine.errorString() or ""
            return self._try_next()
        self.languages = _languages(engine)
        if not self.languages:
            self.failure = NO_VOICE
            return self._try_next()
        if not isinstance(engine, QObject):  # a test's fake: nothing to hear
            return self._found()
        self._test_sound(engine)

    def _test_sound(self, engine) -> None:
        """Say one word at volume 0 and wait for the engine to finish it: a server without a sound output takes
        the text and stays Speaking (or fails)."""
        self._volume = engine.volume()
        self._sound_timer = QTimer(self)
        self._sound_timer.setSingleShot(True)
        self._sound_timer.timeout.connect(self._no_sound)
        engine.stateChanged.connect(self._sound_state)
        _call(engine, "setVolume", 0.0)
        _call(engine, "say", ".")
        self._sound_timer.start(SOUND_TIMEOUT_MS)

    @Slot(object)
    def _sound_state(self, state) -> None:
        name = getattr(state, "name", "")
        if name == "Ready" and self._sound_timer is not None and self._sound_timer.isActive():
            self._end_sound_test()
            self._found()
        elif name == "Error":
            self._end_sound_test()
            self.failure, self.error = ENGINE_FAILED, self.engine.errorString() or ""
            self.found.emit(self.failure, self.error, [])

    @Slot()
    def _no_sound(self) -> None:
        self._end_sound_test()
        self.found.emit(NO_SOUND, "", [])

    def _end_sound_test(self) -> None:
        self._sound_timer.stop()
        self._sound_timer = None
        self.engine.stateChanged.disconnect(self._sound_state)
        _call(self.engine, "setVolume", float(self._volume))

    def _found(self) -> None:
        self.found.emit("", "", sorted(self.languages))

    @Slot(int, str, str)
    def speak(self, number: int, text: str, lang: str) -> None:
        """Stop what is being said and say `text` in `lang` (the engine has a voice for it: the window checked)."""
        if self.engine is not None:
            _call(self.engine, "stop")
            _call(self.engine, "setLocale", LOCALES.get(lang, LOCALES["en"]))
            _call(self.engine, "say", text)
        QMetaObject.invokeMethod(self, "_answer", QUEUED, Q_ARG(int, number))

    @Slot(int)
    def halt(self, number: int) -> None:
        if self.engine is not None:
            _call(self.engine, "stop")
        QMetaObject.invokeMethod(self, "_answer", QUEUED, Q_ARG(int, number))

    @Slot(int)
    def _answer(self, number: int) -> None:
        self.answered.emit(number)


_RUNNING: list[tuple[threading.Thread, QEventLoop]] = []  # every speech thread and its loop, for _end_all


@atexit.register
def _end_all() -> None:
    """Before Python's clean-up (which destroys every Qt object, and crashes on a thread still in Qt's event
    loop): end each speech thread and wait for it a second. One stuck in the engine cannot end: the process
    leaves at once (the window saved everything when it closed)."""
    for thread, loop in _RUNNING:
        if thread.is_alive():
            QMetaObject.invokeMethod(loop, "quit", QUEUED)
    for thread, _loop in _RUNNING:
        thread.join(1.0)
        if thread.is_alive():
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)


def _serve(engines, handoff: queue.Queue) -> None:
    """The speech thread: its event loop runs the engine's calls. The loop, the host and its engine are this
    function's locals, so that an engine stuck in a call is never destroyed by another thread."""
    loop = QEventLoop()
    host = _SpeechHost(engines)
    handoff.put((loop, host))
    loop.exec()
    host.engine = None


class Speaker(QObject):
    """Read-aloud for the window. `engines` returns (names, start) like `qt_engines`; tests pass fakes.

    Starts checking the engines in the speech thread and returns at once: `problem` is CHECKING until the
    answer comes (the `changed` signal), `NOT_ANSWERING` for good once the speech thread has left a request
    unanswered too long. `say` and `stop` only post a request."""

    changed = Signal()
    _probe = Signal()
    _speak = Signal(int, str, str)
    _halt = Signal(int)

    def __init__(self, parent=None, engines: Callable[[], tuple[list[str], Callable]] | None = None,
                 start_timeout_ms: int | None = None, answer_timeout_ms: int | None = None):
        super().__init__(parent)
        self.failure, self.error = CHECKING, ""  # the reason key and the engine's own words, when none speaks
        self._languages: set[str] = set()
        self._sent = self._answered = 0
        self.answer_timeout_ms = answer_timeout_ms or ANSWER_TIMEOUT_MS
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._gave_up)
        handoff: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=_serve, args=(engines or qt_engines, handoff), name="speech",
                                        daemon=True)
        self._thread.start()
        try:
            self._loop, host = handoff.get(timeout=HANDOFF_SECONDS)
        except queue.Empty:
            self._loop = None
            self._give_up()
            return
        _RUNNING.append((self._thread, self._loop))
        host.found.connect(self._found)
        host.answered.connect(self._on_answered)
        self._probe.connect(host.probe)
        self._speak.connect(host.speak)
        self._halt.connect(host.halt)
        # The engines are checked once the event loop turns, not while the window is still being built: the
        # engine's start runs Qt code in the speech thread that needs Python's lock while holding Qt's own, and
        # the window's many connect() calls hold Python's lock while waiting for Qt's (a deadlock, seen 1 in 3
        # runs of tests/test_app.py with speech-dispatcher installed).
        QTimer.singleShot(0, self, lambda: self._begin(start_timeout_ms or START_TIMEOUT_MS))

    def _begin(self, timeout_ms: int) -> None:
        if self._loop is None:
            return  # closed before the check began
        self._watchdog.start(timeout_ms)
        self._probe.emit()

    @property
    def checking(self) -> bool:
        return self.failure == CHECKING

    @property
    def stuck(self) -> bool:
        """The speech thread left a request unanswered: it may be blocked in the engine for good."""
        return self.failure == NOT_ANSWERING

    def problem(self, lang: str) -> str:
        """"" when read-aloud speaks `lang`; else the reason's key (CHECKING, NOT_ANSWERING, NO_SOUND, NO_MODULE,
        NO_ENGINE, ENGINE_FAILED, NO_VOICE)."""
        if self.failure:
            return self.failure
        return "" if lang in self._languages else NO_VOICE

    def available_for(self, lang: str) -> bool:
        return not self.problem(lang)

    @property
    def available(self) -> bool:
        """Speaks at least one of the game's languages."""
        return not self.failure and bool(self._languages)

    def say(self, text: str, lang: str) -> None:
        """Stop what is being said and say `text`; returns at once (nothing when `lang` has no voice)."""
        if self.available_for(lang):
            self._speak.emit(self._next(), text, lang)

    def stop(self) -> None:
        if self.available:
            self._halt.emit(self._next())

    def close(self) -> None:
        """End the speech thread, waiting up to CLOSE_SECONDS for it (Python's lock released meanwhile) so that
        its engine is gone before anything else builds windows; one stuck in the engine is left behind."""
        if self._loop is not None:
            QMetaObject.invokeMethod(self._loop, "quit", QUEUED)
            self._loop = None
            self._thread.join(CLOSE_SECONDS)

    def finished(self, seconds: float = 1.0) -> bool:
        """Whether the speech thread ended within `seconds` after `close` (the app waits after its window closed)."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _next(self) -> int:
        self._sent += 1
        if not self._watchdog.isActive():
            self._watchdog.start(self.answer_timeout_ms)
        return self._sent

    @Slot(str, str, list)
    def _found(self, failure: str, error: str, languages: list) -> None:
        if self.stuck:
            return
        self._watchdog.stop()
        self.failure, self.error, self._languages = failure, error, set(languages)
        self.changed.emit()

    @Slot(int)
    def _on_answered(self, number: int) -> None:
        if self.stuck:
            return
        self._answered = number
        if number >= self._sent:
            self._watchdog.stop()
        else:
            self._watchdog.start(self.answer_timeout_ms)  # the next request gets its own time

    @Slot()
    def _gave_up(self) -> None:
        self._give_up()
        self.changed.emit()

    def _give_up(self) -> None:
        self.failure, self.error, self._languages = NOT_ANSWERING, "", set()
        self._watchdog.stop()


def sound_problem() -> str:
    """"" when a sound can play here; else the i18n key saying it cannot ("sound_unavailable": Qt Multimedia does
    not load, e.g. without libpulse, or lists no audio output). Quick: about 40 ms, no server is waited for."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
        return "" if QMediaDevices.audioOutputs() else "sound_unavailable"
    except Exception:  # ImportError for missing system libraries
        return "sound_unavailable"


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
