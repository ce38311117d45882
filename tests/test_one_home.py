"""One home for each rule: what the child sees comes from what the judge decides, and each list, rule and
converter is defined once."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs import scenarios
from actor_trainer.packs.scenarios import Scenario
from actor_trainer.people.progress import expression_figures
from actor_trainer.people.results import summarise
from actor_trainer.play import baseline, levels
from actor_trainer.play.game import ScenarioResult
from actor_trainer.play.levels import OperatingPoint
from actor_trainer.play.session import Session
from actor_trainer.settings import LANGUAGES, LEVEL_NAMES, level_named
from actor_trainer.vision.images import to_bgr_uint8, to_uint8
from actor_trainer.vision.preprocessing import preprocess_face

SAD = Scenario("ice", "Your ice cream fell.", "sad")
# sad passes its threshold (0.3) but happy is stronger: only require_top tells the two verdicts apart
SAD_BUT_HAPPIER = {name: 0.02 for name in EXPRESSIONS} | {"sad": 0.35, "happy": 0.55}


def playing_view(require_top: bool):
    point = OperatingPoint("normal", {name: 0.3 for name in EXPRESSIONS}, require_top=require_top)
    session = Session([SAD], level_named("normal"), point, baseline_seconds=0.0)
    session.skip_baseline()
    session.feed(SAD_BUT_HAPPIER, 0.1)
    return session, session.feed(SAD_BUT_HAPPIER, 0.2)


@pytest.mark.parametrize("require_top", [True, False])
def test_the_gauge_colour_is_the_judges_verdict(qtbot, require_top):
    from actor_trainer.ui.screens.play import PlayScreen
    from actor_trainer.ui.widgets import ACCENT, WARM

    session, view = playing_view(require_top)
    verdict = session.game.judge.meets_target(session.game.probs)
    assert verdict is (not require_top) and view.meets is verdict
    assert view.probability >= view.threshold  # past the mark either way: the colour must not follow that
    screen = PlayScreen()
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show_live(view)
    gauge = screen.gauge
    gauge.resize(400, 44)
    image = gauge.grab().toImage()
    filled = image.pixelColor(int(gauge.width() * view.probability / 2), gauge.height() // 2)
    assert filled.name() == (ACCENT if verdict else WARM).name()
    assert screen.mascot.match == pytest.approx(view.meter)  # the badge follows the session's meter


SURPRISE = Scenario("boo", "Boo!", "surprise")
SURPRISED_WITH_ANGER = {name: 0.01 for name in EXPRESSIONS} | {"surprise": 0.55, "angry": 0.38, "fear": 0.03}


def test_the_mascot_copies_the_sessions_leading_expression_never_a_mix(qtbot):
    from actor_trainer.ui.mascot import EXPRESSION_FACES
    from actor_trainer.ui.screens.play import PlayScreen

    point = OperatingPoint("normal", {name: 0.7 for name in EXPRESSIONS})
    session = Session([SURPRISE], level_named("normal"), point, baseline_seconds=0.0)
    session.skip_baseline()
    session.feed(SURPRISED_WITH_ANGER, 0.1)
    view = session.feed(SURPRISED_WITH_ANGER, 0.2)
    screen = PlayScreen()
    qtbot.addWidget(screen)
    screen.show_scenario(view, show_target=True)
    screen.mascot.show_target("surprise", pose_seconds=0)
    screen.show_live(view)
    goal = screen.mascot.goal
    assert min(EXPRESSION_FACES, key=lambda name: goal.distance(EXPRESSION_FACES[name])) == "surprise"
    assert goal.grit == goal.fume == goal.red == 0 and goal.brow_tilt <= 0  # no anger on a surprised child
    # one home: the View names the top class of the very probabilities the judge and the bars see
    assert view.probs == session.game.probs
    assert view.leading == max(view.probs, key=view.probs.get) == "surprise"
    assert view.leading_probability == pytest.approx(view.probs["surprise"])
    from actor_trainer.ui.mascot import mirrored_face
    assert goal == mirrored_face("surprise", view.leading_probability)


def test_the_calm_face_correction_runs_once_per_frame(monkeypatch):
    calls = []
    apply = baseline.CalmBaseline.apply
    monkeypatch.setattr(baseline.CalmBaseline, "apply", lambda self, probs: (calls.append(1), apply(self, probs))[1])
    session, _ = playing_view(True)
    calls.clear()
    session.feed(SAD_BUT_HAPPIER, 0.3)
    assert len(calls) == 1


def test_one_level_list_and_one_language_list():
    assert scenarios.LEVEL_NAMES is LEVEL_NAMES and levels.LEVEL_NAMES is LEVEL_NAMES
    assert scenarios.LANGUAGES is LANGUAGES
    assert LEVEL_NAMES == ("easy", "normal", "hard")


def test_stars_are_the_same_in_the_summary_and_in_the_players_figures():
    rows = [ScenarioResult("a", "t", "happy", True, 2.0, 1, 0.9),
            ScenarioResult("b", "t", "happy", True, 9.0, 1, 0.8),
            ScenarioResult("c", "t", "happy", True, 20.0, 2, 0.7),
            ScenarioResult("d", "t", "happy", False, 30.0, 1, 0.2)]
    summary = summarise(rows, "Alva", "Pack", "normal", now=datetime(2024, 5, 1, 9))
    figures = expression_figures([summary.record])
    assert summary.stars == 3 + 2 + 1 + 0
    assert sum(row.stars for row in figures) == summary.stars


def test_the_one_8_bit_converter_scales_16_bit_for_reading_and_for_the_model():
    rng = np.random.default_rng(3)
    deep = rng.integers(0, 65536, (60, 60), dtype=np.uint16)
    eight = to_uint8(deep)
    assert eight.dtype == np.uint8 and eight.max() > 200  # scaled, not clipped to 255 everywhere
    assert np.array_equal(to_bgr_uint8(deep)[..., 0], eight)
    assert np.array_equal(preprocess_face(deep), preprocess_face(eight))
    floats = deep.astype(np.float32) / 65535
    assert np.abs(preprocess_face(floats).astype(int) - preprocess_face(eight).astype(int)).max() <= 1


def test_every_pack_problem_has_a_swedish_text_with_the_same_blanks():
    import string

    from actor_trainer.packs.problems import ENGLISH, ENGLISH_TYPES
    from actor_trainer.ui.i18n import SV_PROBLEMS, SV_TYPES

    def blanks(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    assert set(SV_PROBLEMS) == set(ENGLISH) and set(SV_TYPES) == set(ENGLISH_TYPES)
    assert {code: blanks(text) for code, text in SV_PROBLEMS.items()} == {
        code: blanks(text) for code, text in ENGLISH.items()}


def test_a_problem_is_said_in_swedish_from_its_code_not_parsed_back_from_english(tmp_path):
    from actor_trainer.packs.toml_format import load_pack
    from actor_trainer.ui.i18n import problem_text

    path = tmp_path / "zoo.toml"
    path.write_text('title = "Zoo"\nlanguage = "en"\n[[scenario]]\nid = "a"\ntext = "x"\ntarget = "hapy"\n'
                    '[[scenario]]\nid = "b"\ntext = "y"\ntarget = "happy"\nhold_seconds = "two"\n')
    _, problems = load_pack(path)
    english = [p.message for p in problems]  # in line order
    assert english == ['situation 1 ("a"): unknown expression "hapy"; use one of ' + ", ".join(EXPRESSIONS),
                       "situation 2: wrong type: hold_seconds must be a number of seconds, not text"]
    assert [problem.code for problem in english] == ["unknown_expression", "not_seconds"]
    assert [problem_text(message, "sv") for message in english] == [
        'situation 1 ("a"): okänt uttryck "hapy"; använd ett av ' + ", ".join(EXPRESSIONS),
        "situation 2: fel typ: hold_seconds ska vara ett antal sekunder, inte text"]
    assert [problem_text(message, "en") for message in english] == english


def test_a_frame_turns_grey_once_for_detection_and_crop(monkeypatch):
    import cv2

    from actor_trainer.vision.faces import face_input
    from actor_trainer.vision.pipeline import FramePipeline

    class GreyDetector:
        sees_gray = True

        def __init__(self):
            self.seen = []

        def detect(self, frame, near=None):
            self.seen.append(frame.ndim)
            return [(40, 30, 60, 60)]

    class Classifier:
        classes = tuple(EXPRESSIONS)

        def predict(self, face48):
            self.face48 = face48
            return np.full(len(EXPRESSIONS), 1 / len(EXPRESSIONS))

    frame = np.random.default_rng(5).integers(0, 256, (120, 160, 3), dtype=np.uint8)
    detector, classifier = GreyDetector(), Classifier()
    pipeline = FramePipeline(classifier, detector)
    conversions = []
    convert = cv2.cvtColor
    monkeypatch.setattr(cv2, "cvtColor", lambda *args, **kw: (conversions.append(args[1]), convert(*args, **kw))[1])
    pipeline.process(frame, 0.0)
    assert conversions == [cv2.COLOR_BGR2GRAY] and detector.seen == [2]
    monkeypatch.setattr(cv2, "cvtColor", convert)
    box = pipeline.tracker.box
    assert np.array_equal(classifier.face48, face_input(frame, box))  # the same model input as the colour crop's


def test_no_pack_problem_is_written_as_plain_english():
    """Every Issue and Problem the pack code makes gets its message as data (a ProblemText), never as an
    English string or f-string that the UI could only show untranslated."""
    import ast
    from pathlib import Path

    import actor_trainer.packs as packs_package

    offenders = []
    for path in sorted(Path(packs_package.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Issue", "Problem"):
                message = node.args[2] if len(node.args) > 2 else None
                if isinstance(message, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
