"""Coaching in the pure core: facial-action measures from synthetic landmark sets, the calm-face reference, the
"not reliable: never coached" rule, the cue timing, and the session's cues (play/actions.py, play/coaching.py)."""

from __future__ import annotations

import numpy as np
import pytest

from actor_trainer.packs.scenarios import Scenario
from actor_trainer.play import coaching
from actor_trainer.play.actions import (
    ACTION_NAMES,
    ACTIONS,
    MEASURES,
    CalmFace,
    face_measures,
    median_measures,
    movements,
)
from actor_trainer.play.coaching import (
    EXPECTED,
    MIN_RELIABILITY,
    RELIABILITY,
    Cues,
    coached_actions,
    missing_actions,
)
from actor_trainer.play.levels import OperatingPoint
from actor_trainer.play.session import Phase, Session
from actor_trainer.settings import LEVELS
from tests.face_shapes import synthetic_face

CALM = face_measures(synthetic_face())


def measured(moves: dict[str, float], **pose) -> dict[str, float]:
    return face_measures(synthetic_face(moves, **pose))


@pytest.mark.parametrize("measure", MEASURES)
def test_each_measure_moves_by_what_the_face_moved_in_eye_distances(measure):
    moved = measured({measure: 0.05})
    assert moved[measure] - CALM[measure] == pytest.approx(0.05, abs=1e-4)
    unmoved = [name for name in MEASURES if name != measure and not {name, measure} <= {"lip_thickness", "nose_to_lip"}]
    assert all(moved[name] == pytest.approx(CALM[name], abs=1e-4) for name in unmoved)


@pytest.mark.parametrize("pose", [dict(scale=2.5), dict(angle=25.0), dict(angle=-15.0, scale=0.6, offset=(320, 40))])
def test_measures_do_not_change_with_the_faces_size_tilt_or_place_in_the_frame(pose):
    turned = measured({"brow_height": 0.05, "mouth_opening": 0.1}, **pose)
    upright = measured({"brow_height": 0.05, "mouth_opening": 0.1})
    assert turned == pytest.approx(upright, abs=1e-4)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
def test_each_action_reads_its_measure_in_its_direction_against_the_calm_face(action):
    moved = movements(measured({action.measure: 0.04 * action.direction}), CALM)
    assert moved[action.name] == pytest.approx(0.04, abs=1e-4)
    opposite = [other.name for other in ACTIONS
                if other.measure == action.measure and other.direction != action.direction]
    assert all(moved[name] == pytest.approx(-0.04, abs=1e-4) for name in opposite)
    calm = movements(CALM, CALM)
    assert all(value == pytest.approx(0.0, abs=1e-6) for value in calm.values())


def test_unusable_landmarks_give_no_measures():
    assert face_measures(np.zeros((10, 3))) is None  # not a face mesh
    assert face_measures(np.zeros((468, 3))) is None  # both eyes in one place
    broken = synthetic_face()
    broken[33, 0] = np.nan
    assert face_measures(broken) is None
    assert movements(None, CALM) is None and movements(CALM, None) is None


def test_the_calm_face_is_the_median_of_several_faces_so_a_blink_does_not_move_it():
    calm = CalmFace(min_samples=3)
    calm.add(CALM)
    calm.add(None)  # a frame the mesh did not read
    assert calm.reference is None  # too few faces yet
    calm.add(measured({"eye_opening": -0.12}))  # a blink
    calm.add(CALM)
    assert calm.reference == pytest.approx(CALM)
    assert median_measures([]) is None


def test_every_expected_action_is_a_known_action_and_only_reliable_ones_are_coached():
    assert all(action in ACTION_NAMES for actions in EXPECTED.values() for action in actions)
    assert "benchmarks/coaching.py" in coaching.RELIABILITY_SOURCE
    for expression in EXPECTED:
        for action in coached_actions(expression):
            assert RELIABILITY[(expression, action)][0] >= MIN_RELIABILITY
    coached = [expression for expression in EXPECTED if coached_actions(expression)]
    assert len(coached) >= 4  # the target: four of the six acted expressions have a cue
    assert coached_actions("sad") == ()  # nothing held for sad on cafe-dev: sad is never coached
    assert "eyes_widened" not in coached_actions("surprise")  # 0.61: unreliable


def test_an_unreliable_action_is_never_coached_even_when_it_is_missing_most():
    table = {("surprise", "brows_raised"): (0.90, 0.05), ("surprise", "mouth_opened"): (0.84, 0.2),
             ("surprise", "eyes_widened"): (0.99, -0.01)}  # mouth: just below the bar; eyes: moves the wrong way
    nothing_moved = {name: 0.0 for name in ACTION_NAMES}
    assert missing_actions("surprise", nothing_moved, table) == ["brows_raised"]
    cues = Cues(reliability=table)
    for second in range(20):
        cue = cues.update("surprise", nothing_moved, float(second))
        assert cue is None or cue.actions == ("brows_raised",)
    assert cues.cue is not None
    assert Cues(reliability={}).update("surprise", nothing_moved, 100.0) is None


def test_missing_actions_come_most_missing_first_and_made_ones_drop_out():
    moved = {name: 0.0 for name in ACTION_NAMES}
    moved["mouth_widened"] = 0.3 * RELIABILITY[("happy", "mouth_widened")][1]  # on the way
    moved["lip_corners_up"] = -0.01  # the other way: missing most
    assert missing_actions("happy", moved) == ["lip_corners_up", "mouth_widened"]
    moved["lip_corners_up"] = 0.9 * RELIABILITY[("happy", "lip_corners_up")][1]  # made
    assert missing_actions("happy", moved) == ["mouth_widened"]
    assert missing_actions("happy", None) == []


NOTHING = {name: 0.0 for name in ACTION_NAMES}


def test_the_first_cue_waits_then_at_most_one_new_cue_every_few_seconds():
    cues = Cues()
    assert cues.update("surprise", NOTHING, 10.0) is None  # the situation starts
    assert cues.update("surprise", NOTHING, 10.0 + coaching.FIRST_CUE_SECONDS - 0.1) is None
    first = cues.update("surprise", NOTHING, 10.0 + coaching.FIRST_CUE_SECONDS)
    assert first.actions == ("brows_raised", "mouth_opened") and first.expression == "surprise"
    brows_done = dict(NOTHING, brows_raised=0.06)
    soon = cues.update("surprise", brows_done, first.since + 1.0)
    assert soon is first  # still one of its actions missing, and too soon for a new one
    later = cues.update("surprise", brows_done, first.since + coaching.CUE_INTERVAL)
    assert later.actions == ("mouth_opened",) and later.since == first.since + coaching.CUE_INTERVAL
    done = dict(brows_done, mouth_opened=0.15)
    assert cues.update("surprise", done, later.since + 0.5) is None  # made: the cue goes at once


def test_no_cue_while_the_child_is_close_to_passing_or_unmeasured():
    cues = Cues()
    cues.update("happy", NOTHING, 0.0)
    assert cues.update("happy", NOTHING, 5.0, trying=False) is None
    assert cues.update("happy", None, 6.0) is None
    assert cues.update("happy", NOTHING, 7.0).actions  # trying again: a cue
    assert cues.update("happy", NOTHING, 7.1, trying=False) is None  # almost there: it goes


def test_calm_mode_coaches_later_more_rarely_and_one_action_at_a_time():
    cues = Cues(calm=True)
    cues.update("surprise", NOTHING, 0.0)
    assert cues.update("surprise", NOTHING, coaching.FIRST_CUE_SECONDS) is None
    cue = cues.update("surprise", NOTHING, coaching.CALM_FIRST_CUE_SECONDS)
    assert cue.actions == ("brows_raised",)
    assert coaching.CALM_CUE_INTERVAL > coaching.CUE_INTERVAL


def test_a_new_situation_starts_the_wait_again():
    cues = Cues()
    cues.update("happy", NOTHING, 0.0)
    assert cues.update("happy", NOTHING, 5.0) is not None
    cues.reset()
    assert cues.cue is None
    assert cues.update("happy", NOTHING, 5.5) is None  # the first cue of the new situation waits again


def faces_over(session: Session, start: float, seconds: float, face: dict, probs: dict, step: float = 0.1):
    view = session.view
    for tick in range(int(seconds / step)):
        view = session.feed(probs, start + tick * step, None, face)
    return view


def neutral_probs() -> dict[str, float]:
    from actor_trainer.labels import EXPRESSIONS
    return {name: 0.7 if name == "neutral" else 0.05 for name in EXPRESSIONS}


def new_session(level: str = "normal") -> Session:
    from actor_trainer.labels import EXPRESSIONS
    scenarios = [Scenario("boo", "Boo!", "surprise"), Scenario("sob", "Your toy broke.", "sad")]
    point = OperatingPoint(level, {name: 0.4 for name in EXPRESSIONS})
    return Session(scenarios, LEVELS[level], point, baseline_seconds=1.0)


def test_the_session_coaches_the_shown_expression_against_the_calm_face_and_stops_once_made():
    session = new_session()
    faces_over(session, 0.0, 1.5, CALM, neutral_probs())  # the calm face, measured with the baseline
    assert session.phase is Phase.PLAYING
    view = faces_over(session, 2.0, coaching.FIRST_CUE_SECONDS + 0.5, CALM, neutral_probs())
    assert view.cue == ("brows_raised", "mouth_opened")
    assert view.moved["brows_raised"] == pytest.approx(0.0, abs=1e-6)
    surprised = measured({"brow_height": 0.06, "mouth_opening": 0.2})
    view = faces_over(session, 6.0, 0.5, surprised, neutral_probs())
    assert view.cue == () and view.moved["mouth_opened"] == pytest.approx(0.2, abs=1e-4)
    session.skip()  # on to sad: nothing reliable to coach
    view = faces_over(session, 7.0, 10.0, CALM, neutral_probs())
    assert view.scenario.targets == ("sad",) and view.cue == ()


def test_no_cue_without_a_calm_face_or_when_the_child_guesses_the_feeling():
    skipped = new_session()
    skipped.skip_baseline()  # no calm face measured
    view = faces_over(skipped, 0.0, 6.0, CALM, neutral_probs())
    assert view.cue == () and view.moved is None
    guessing = new_session("hard")  # the target is not shown: a cue would give it away
    faces_over(guessing, 0.0, 1.5, CALM, neutral_probs())
    view = faces_over(guessing, 2.0, 10.0, CALM, neutral_probs())
    assert guessing.phase is Phase.PLAYING and view.cue == () and view.moved is not None


def test_calm_mode_in_the_session():
    session = new_session()
    session.set_calm(True)
    faces_over(session, 0.0, 1.5, CALM, neutral_probs())
    view = faces_over(session, 2.0, coaching.CALM_FIRST_CUE_SECONDS + 0.5, CALM, neutral_probs())
    assert view.cue == ("brows_raised",)


def test_the_coaching_benchmark_counts_each_childs_photos_against_their_own_calm_face():
    import importlib.util

    from tests.conftest import REPO_ROOT
    spec = importlib.util.spec_from_file_location("coaching_benchmark", REPO_ROOT / "benchmarks" / "coaching.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    open_calm = measured({"mouth_opening": 0.3})
    rows = [("A", "neutral", "neutral_A.jpg", CALM), ("A", "neutral", "neutralopen_A.jpg", open_calm),
            ("B", "neutral", "neutralopen_B.jpg", open_calm),
            ("A", "surprise", "surprise_A.jpg", measured({"brow_height": 0.05, "mouth_opening": 0.2})),
            ("A", "surprise", "surprise2_A.jpg", measured({"brow_height": -0.01, "mouth_opening": 0.2})),
            ("B", "surprise", "surprise_B.jpg", measured({"brow_height": 0.05, "mouth_opening": 0.2})),
            ("C", "surprise", "surprise_C.jpg", CALM)]  # C has no calm photo: left out
    calm = bench.calm_faces(rows)
    assert calm["A"] == pytest.approx(CALM) and set(calm) == {"A", "B"}  # A's closed-mouth pose is the calm face
    result = bench.summarise(bench.tally(rows, calm), sorted(calm))
    surprise = result["per_expression"]["surprise"]
    assert surprise["photos"] == 3
    assert surprise["actions"]["brows_raised"]["share"] == pytest.approx(2 / 3, abs=1e-3)
    assert surprise["actions"]["mouth_opened"]["share"] == pytest.approx(2 / 3, abs=1e-3)  # B opened less than calm
    assert surprise["actions"]["brows_raised"]["halves"] == [0.5, 1.0]
    assert result["agreement"] == pytest.approx(4 / 6, abs=1e-3)  # over the coached actions of the game's table
    assert '("surprise", "brows_raised"): (0.667' in bench.reliability_literal(result["per_expression"])
