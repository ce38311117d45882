"""`actor-trainer --self-test`: can the game run on this machine? (Also inside the app bundle.)

Loads the shipped model and runs the whole vision pipeline (BlazeFace face detection, crop, classifier) on
the shipped drawn face `assets/selftest-face.png`, loads every built-in pack, imports the window
toolkit with the game's screens and checks that this platform's Qt window plugin is there, sorts
player names in both languages' alphabets (Qt's collation: ICU's locale data, trimmed in the Linux
bundle), and tries
to create a sound and the speech engine. Opens no window (Qt's offscreen platform) and writes nothing.

Prints one line per check, `ok`, `off` (optional: no audio device or no voice; the game plays without)
or `FAIL`, and exits 0 only when every required check is ok.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SELFTEST_FACE = "selftest-face.png"
OK, OFF, FAIL = "ok", "off", "FAIL"
# The Qt window plugins the game can open a window with, per platform (file name stems in plugins/platforms)
WINDOW_PLUGINS = {"linux": ("qxcb", "qwayland"), "win32": ("qwindows",), "darwin": ("qcocoa",)}


@dataclass
class Check:
    name: str
    status: str  # OK, OFF or FAIL
    detail: str
    required: bool = True

    def line(self) -> str:
        """One line, however long the error: its last line says what went wrong (e.g. numpy's import advice)."""
        lines = [line.strip() for line in self.detail.splitlines() if line.strip()]
        return f"{self.status:<4} {self.name:<7} {lines[-1] if lines else ''}"


def check_model(context: dict) -> Check:
    from actor_trainer.resources import assets_dir
    from actor_trainer.vision.classifier import ExpressionClassifier, ModelError

    try:
        context["classifier"] = classifier = ExpressionClassifier.load()
    except (ModelError, OSError, ValueError) as error:
        return Check("model", FAIL, str(error))
    runtime = classifier.metadata.get("runtime_file") or classifier.metadata.get("model_file")
    if not classifier.verified:  # the shipped model always has its sha256: one without was not exported by us
        return Check("model", FAIL, f"{assets_dir() / runtime} is UNVERIFIED: model.json records no sha256 for it; "
                                    "export it again")
    return Check("model", OK, f"{assets_dir() / runtime} ({classifier.backend}), {len(classifier.classes)} "
                              "expressions, sha256 verified")


def check_face(context: dict) -> Check:
    """The real pipeline on the shipped face with the game's own face detection (BlazeFace): it finds the
    face and the model gives probabilities. Its Haar fallback (two OpenCV cascades) must load too."""
    import numpy as np

    from actor_trainer.resources import assets_dir
    from actor_trainer.vision.faces import BlazeFaceDetector, DetectorError, PaddedRetry, fallback_haar
    from actor_trainer.vision.images import ImageError, read_image
    from actor_trainer.vision.pipeline import FramePipeline

    if "classifier" not in context:
        return Check("face", FAIL, "no model to run (see the model line)")
    try:
        frame = read_image(assets_dir() / SELFTEST_FACE)
        fallback_haar()
        detector = PaddedRetry(BlazeFaceDetector())
        result = FramePipeline(context["classifier"], detector).process(frame, 0.0)
    except (ImageError, DetectorError) as error:
        return Check("face", FAIL, str(error))
    if result.box is None or not result.raw_probs:
        return Check("face", FAIL, f"the face detector found no face in {SELFTEST_FACE}")
    probs = np.array(list(result.raw_probs.values()))
    if not (np.all(np.isfinite(probs)) and np.all(probs >= 0) and math.isclose(probs.sum(), 1.0, abs_tol=1e-3)):
        return Check("face", FAIL, f"the model gave no probabilities: {probs}")
    best = max(result.raw_probs, key=result.raw_probs.get)
    return Check("face", OK, f"face found at {tuple(result.box)} in {SELFTEST_FACE} by BlazeFace; "
                             f"the model says {best} {result.raw_probs[best]:.2f}")


def check_assets(context: dict) -> Check:
    """Every file the game ships (resources.SHIPPED_ASSETS) is there, a regular file and not empty."""
    from actor_trainer.resources import SHIPPED_ASSETS, assets_dir

    folder = assets_dir()
    missing = [name for name in SHIPPED_ASSETS if not _whole_file(folder / name)]
    if missing:
        return Check("assets", FAIL, f"missing or empty in {folder}: {', '.join(missing)}")
    return Check("assets", OK, f"{len(SHIPPED_ASSETS)} shipped files in {folder}")


def _whole_file(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def check_packs(context: dict) -> Check:
    """Every built-in pack (resources.BUILTIN_PACKS) is there and loads without a problem."""
    from actor_trainer.packs.packs import discover_packs
    from actor_trainer.resources import BUILTIN_PACKS, builtin_scenarios_dir

    folder = builtin_scenarios_dir()
    missing = [name for name in BUILTIN_PACKS if not _whole_file(folder / name)]
    if missing:
        return Check("packs", FAIL, f"built-in packs missing in {folder}: {', '.join(missing)}")
    packs, problems = discover_packs(folder)
    if problems:
        return Check("packs", FAIL, "; ".join(str(problem) for problem in problems[:3]))
    if not packs:
        return Check("packs", FAIL, f"no packs in {folder}")
    languages = sorted({pack.language for pack in packs})
    situations = sum(len(pack.scenarios) for pack in packs)
    return Check("packs", OK, f"{len(packs)} packs ({', '.join(languages)}), {situations} situations in {folder}")


def check_window(context: dict) -> Check:
    """Qt Widgets, every screen module of the game, and this platform's window plugin."""
    try:
        from PySide6.QtCore import QLibraryInfo

        import actor_trainer.ui as ui
        for module in pkgutil.walk_packages(ui.__path__, "actor_trainer.ui."):
            importlib.import_module(module.name)
        context["app"] = _offscreen_app()
    except ImportError as error:
        return Check("window", FAIL, f"cannot import the game's screens: {error}")
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    wanted = WINDOW_PLUGINS.get(sys.platform, ())
    found = sorted(path.name for path in plugins.glob("*") if any(stem in path.name for stem in wanted))
    if wanted and not found:
        return Check("window", FAIL, f"no Qt window plugin ({', '.join(wanted)}) in {plugins}")
    from PySide6 import __version__ as qt_version
    return Check("window", OK, f"Qt {qt_version}, screens import, window plugin {', '.join(found) or '(any)'}")


# Player names in each language's alphabet order: Swedish puts Å, Ä, Ö after Z, English files them under A and O
NAME_ORDERS = {"sv": ("Anna", "Zara", "Åsa", "Ärla", "Örjan"), "en": ("Anna", "Ärla", "Åsa", "Örjan", "Zara")}


def check_text(context: dict) -> Check:
    """The players' name order (i18n.name_order: QCollator) in Swedish and English on shuffled names."""
    from types import SimpleNamespace

    from actor_trainer.ui.i18n import name_order

    wrong = []
    for lang, expected in NAME_ORDERS.items():
        players = [SimpleNamespace(name=name) for name in reversed(expected)]
        got = tuple(player.name for player in sorted(players, key=name_order(lang)))
        if got != expected:
            wrong.append(f"{lang}: {', '.join(got)}")
    if wrong:
        return Check("text", FAIL, f"names sort out of alphabet order ({'; '.join(wrong)}): the locale data is broken")
    orders = " and ".join(f"{', '.join(names)} ({lang})" for lang, names in NAME_ORDERS.items())
    return Check("text", OK, f"names sort as {orders}")


def _offscreen_app():
    """A QApplication on the offscreen platform (no window, no display needed), or the running one."""
    import os

    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")  # no pages of missing-codec notes
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["actor-trainer", "-platform", "offscreen"])


def check_sound(context: dict) -> Check:
    """Loads a reward sound and plays it at volume 0 (silent) on the default audio output."""
    from actor_trainer.resources import assets_dir

    wav = assets_dir() / "sounds" / "chime.wav"
    if not wav.is_file():
        return Check("sound", FAIL, f"{wav} is missing")
    try:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError as error:
        return Check("sound", OFF, f"Qt Multimedia does not load ({error}); the game plays silently", False)
    app = _offscreen_app()
    effect = QSoundEffect()
    effect.setSource(QUrl.fromLocalFile(str(wav)))
    _wait(app, lambda: effect.status() != QSoundEffect.Status.Loading)
    if effect.status() != QSoundEffect.Status.Ready:
        return Check("sound", OFF, f"{wav.name} does not load ({effect.status().name}); the game plays silently",
                     False)
    if not QMediaDevices.audioOutputs():
        return Check("sound", OFF, f"{wav.name} loads, but this machine has no audio output; "
                                   "the game plays silently", False)
    effect.setVolume(0.0)
    effect.play()
    played = _wait(app, effect.isPlaying)
    effect.stop()
    device = QMediaDevices.defaultAudioOutput().description()
    if not played:
        return Check("sound", OFF, f"{wav.name} loads but does not play on {device}", False)
    return Check("sound", OK, f"{wav.name} loads and plays (silently) on {device}", False)


def _wait(app, condition, seconds: float = 3.0) -> bool:
    """Let Qt work until `condition()` holds or `seconds` pass; whether it held."""
    import time

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    return bool(condition())


# what each reason read-aloud is off says in the self-test (ui/speech.py's keys)
SPEECH_REASONS = {
    "speech_no_engine": "no speech engine on this machine",
    "speech_engine_failed": "the speech engine does not start ({error})",
    "speech_no_voice": "the speech engine has no Swedish or English voice",
    "speech_no_sound": "the speech engine takes text but never finishes a silent test word: no sound output "
                       "reaches it (is a sound server running?)",
    "speech_not_answering": "the speech server does not answer",
    "speech_checking": "the speech engine was still starting when the check gave up",
}


def check_speech(context: dict) -> Check:
    """The game's own check (ui/speech.py, in its own thread, never longer than its timeouts): an engine that
    starts, has a voice and finishes a silent test word. Whether a loudspeaker is on, nobody can tell."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: F401 (does the module load at all)
    except ImportError as error:
        return Check("speech", OFF, f"Qt TextToSpeech does not load ({error}); no read-aloud", False)
    from actor_trainer.ui import speech

    app = _offscreen_app()
    speaker = context["speaker"] = speech.Speaker()
    _wait(app, lambda: not speaker.checking, (speech.START_TIMEOUT_MS + 500) / 1000)
    if speaker.available:
        languages = " and ".join(name for code, name in (("sv", "Swedish"), ("en", "English"))
                                 if speaker.available_for(code))
        return Check("speech", OK, f"speaks {languages} (a silent test word finished; whether a loudspeaker is "
                                   "on cannot be told)", False)
    reason = SPEECH_REASONS.get(speaker.failure, speaker.failure).format(error=speaker.error)
    return Check("speech", OFF, f"{reason}; no read-aloud", False)


CHECKS: tuple[Callable[[dict], Check], ...] = (check_assets, check_model, check_face, check_packs, check_window,
                                               check_text, check_sound, check_speech)


def run_checks(checks=CHECKS, out=None, context: dict | None = None) -> list[Check]:
    """Run each check in order, printing its line as soon as it is known; an unexpected error fails that check."""
    out = out or sys.stdout
    context = {} if context is None else context
    results = []
    for check in checks:
        try:
            result = check(context)
        except Exception as error:  # a broken install shows as a failed line, never as a traceback
            result = Check(check.__name__.removeprefix("check_"), FAIL, f"{type(error).__name__}: {error}")
        print(result.line(), file=out, flush=True)
        results.append(result)
    return results


def main(out=None, checks=CHECKS) -> int:
    """Exit code 0 when the game can run here (every required check ok), 1 otherwise."""
    out = out or sys.stdout
    context: dict = {}
    results = run_checks(checks, out, context)
    failed = [result.name for result in results if result.required and result.status != OK]
    if failed:
        print(f"self-test FAILED ({', '.join(failed)}): the game cannot run here", file=out)
    else:
        print("self-test passed: the game can run here", file=out)
    code = 1 if failed else 0
    leave_without_speech(context, code)
    return code


def leave_without_speech(context: dict, code: int) -> None:
    """A speech thread stuck in the engine would hold Python's clean-up for good: exit at once then."""
    speaker = context.get("speaker")
    if speaker is not None:
        from actor_trainer.ui.app import leave_without_speech as leave
        speaker.close()
        leave(speaker, code)
