"""The game's flow without Qt: the calm-face baseline, feedback words, celebration, finishing and stopping."""

from __future__ import annotations

import pytest

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs.scenarios import Scenario
from actor_trainer.play.levels import OperatingPoint
from actor_trainer.play.session import Feedback, Overlay, Phase, Session
from actor_trainer.settings import level_named

SCENARIOS = [Scenario("ice", "Your ice cream fell.", "sad", hint="Think of it!"),
             Scenario("bang", "A loud bang!", "surprise", alternatives=("fear",)),
             Scenario("gift", "A puppy!", "happy")]
POINT = OperatingPoint("normal", {name: 0.4 for name in EXPRESSIONS} | {"sad": 0.3, "fear": 0.2})


def showing(expression: str | None, strength: float = 0.85) -> dict[str, float] | None:
    if expression is None:
        return None
    rest = (1.0 - strength) / (len(EXPRESSIONS) - 1)
    return {name: strength if name == expression else rest for name in EXPRESSIONS}


class Clock:
    def __init__(self):
        self.now = 0.0

    def tick(self, seconds: float = 0.1) -> float:
        self.now += seconds
        return self.now


def new_session(**overrides) -> Session:
    values = dict(scenarios=SCENARIOS, level=level_named("normal"), operating_point=POINT, baseline_seconds=1.0)
    values.update(overrides)
    return Session(**values)


def feed(session: Session, clock: Clock, expression: str | None, frames: int, strength: float = 0.85):
    view = session.view
    for _ in range(frames):
        view = session.feed(showing(expression, strength), clock.tick())
    return view


def with_baseline(session: Session, clock: Clock):
    for _ in range(30):
        view = session.feed(showing("neutral"), clock.tick())
        if view.phase is not Phase.FINDING_BASELINE:
            break
    assert view.phase is Phase.PLAYING
    return view


def test_the_baseline_waits_for_a_face_then_starts_the_first_situation():
    session, clock = new_session(), Clock()
    assert session.view.feedback is Feedback.GETTING_READY
    view = feed(session, clock, None, 30)
    assert view.phase is Phase.FINDING_BASELINE and view.feedback is Feedback.NO_FACE
    assert view.baseline_progress == 0.0
    view = feed(session, clock, "neutral", 5)
    assert view.feedback is Feedback.CALM and 0 < view.baseline_progress < 1
    view = with_baseline(session, clock)
    assert view.scenario is SCENARIOS[0] and view.index == 0 and view.total == 3
    assert view.meter == 0.0 and view.hold_fraction == 0.0  # nothing carried over from the baseline
    assert session.game.baseline.active


def test_the_game_uses_the_models_operating_point_and_the_gauge_mark_follows_the_judge():
    session, clock = new_session(), Clock()
    with_baseline(session, clock)
    assert session.game.judge.thresholds == {"sad": 0.3}
    view = feed(session, clock, "sad", 1, strength=0.2)
    assert view.threshold == pytest.approx(0.3) and view.expression == "sad"
    assert view.meter == pytest.approx(view.probability / 0.3)


def test_feedback_words_follow_the_meter_and_count_down_while_holding():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    assert feed(session, clock, None, 2).feedback is Feedback.NO_FACE
    assert feed(session, clock, "sad", 2, strength=0.05).feedback is Feedback.TRY
    assert feed(session, clock, "sad", 2, strength=0.14).feedback is Feedback.BIGGER
    assert feed(session, clock, "sad", 2, strength=0.25).feedback is Feedback.ALMOST
    view = feed(session, clock, "sad", 2)
    assert view.feedback is Feedback.HOLD and view.countdown == 3
    counts = [feed(session, clock, "sad", 1).countdown for _ in range(7)]
    assert counts == sorted(counts, reverse=True) and counts[-1] == 1
    view = feed(session, clock, "sad", 3)
    assert view.phase is Phase.CELEBRATING and view.feedback is Feedback.PASSED and view.countdown == 0


def test_any_accepted_expression_passes_a_situation():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    session.skip()
    assert session.view.targets == ("surprise", "fear")
    view = feed(session, clock, "fear", 15)
    assert view.phase is Phase.CELEBRATING and view.scenario is SCENARIOS[1]


def test_celebration_then_next_until_finished():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    for expression in ("sad", "surprise", "happy"):
        assert feed(session, clock, expression, 15).phase is Phase.CELEBRATING
        assert feed(session, clock, "neutral", 5).phase is Phase.CELEBRATING  # frames wait for "next"
        session.advance()
    assert session.phase is Phase.FINISHED and session.over
    summary = session.summary("Alva", "Pack")
    assert summary.passed_count == 3 and not summary.stopped and summary.total_scenarios == 3


def test_pause_freezes_the_game_and_says_so():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    feed(session, clock, "sad", 5)
    held = session.view.hold_fraction
    assert held > 0
    view = session.set_paused(True)
    assert view.paused and view.feedback is Feedback.PAUSED
    feed(session, clock, "sad", 30)
    assert session.game.state.hold_fraction == held and session.phase is Phase.PLAYING
    view = session.set_paused(False)
    assert not view.paused and view.feedback is not Feedback.PAUSED


def test_an_early_stop_keeps_the_unfinished_situation_and_says_where():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    feed(session, clock, "sad", 15)
    session.advance()
    feed(session, clock, "happy", 5)
    view = session.stop()
    assert view.phase is Phase.STOPPED and session.stopped_at == 2
    summary = session.summary("Alva", "Pack")
    assert summary.stopped and summary.stopped_at == 2 and summary.total_scenarios == 3
    assert [row["scenario_id"] for row in summary.scenarios] == ["ice", "bang"]
    assert [row["unfinished"] for row in summary.scenarios] == [False, True]
    assert session.feed(showing("happy"), clock.tick()).phase is Phase.STOPPED


def test_stopping_while_celebrating_keeps_the_passed_situation():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    feed(session, clock, "sad", 15)
    session.stop()
    summary = session.summary()
    assert summary.stopped_at == 1 and summary.passed_count == 1
    assert not summary.scenarios[-1]["unfinished"]


def test_stopping_while_finding_the_baseline_has_nothing_to_record():
    session = new_session()
    session.stop()
    assert session.phase is Phase.STOPPED and session.summary() is None


def test_retry_clears_the_hold():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    assert feed(session, clock, "sad", 5).hold_fraction > 0
    view = session.retry()
    assert view.hold_fraction == 0.0 and view.meter == 0.0


def test_the_baseline_aims_at_the_models_calm_face_when_it_has_one():
    resting = showing("sad", 0.5)  # this child's calm face reads half sad
    own_reference = dict(resting)  # a model whose calm faces read exactly like that
    for reference, sad_damped in ((None, True), (own_reference, False)):
        session, clock = new_session(calm_reference=reference), Clock()
        for _ in range(30):
            session.feed(resting, clock.tick())
        weights = session.game.baseline.weights
        assert (weights["sad"] < 0.99) is sad_damped


def test_the_stop_question_holds_the_game_and_no_lets_it_go_on():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    feed(session, clock, "sad", 5)
    held = session.game.state.hold_fraction
    view = session.ask_to_stop()
    assert session.asking_to_stop and view.overlay is Overlay.ASK_TO_STOP
    assert view.paused and view.feedback is Feedback.PAUSED and session.game.paused
    feed(session, clock, "sad", 30)
    assert session.game.state.hold_fraction == held and session.phase is Phase.PLAYING
    assert session.ask_to_stop() is view  # asked already: nothing new
    view = session.cancel_stop()
    assert not session.asking_to_stop and view.overlay is Overlay.NONE
    assert not view.paused and view.feedback is not Feedback.PAUSED and not session.game.paused
    assert session.cancel_stop() is view


def test_the_childs_pause_shows_under_the_stop_question_and_outlasts_it():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    feed(session, clock, "sad", 5)
    assert session.toggle_pause().overlay is Overlay.PAUSED and session.paused_by_child
    view = session.ask_to_stop()
    assert view.overlay is Overlay.ASK_TO_STOP and view.paused
    assert session.toggle_pause() is view and session.paused_by_child  # Space while asked: the question stays
    view = session.cancel_stop()
    assert view.overlay is Overlay.PAUSED and view.paused and session.game.paused  # still the child's pause
    view = session.toggle_pause()
    assert view.overlay is Overlay.NONE and not view.paused and not session.game.paused


def test_yes_to_the_stop_question_ends_the_game_as_stopped():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    feed(session, clock, "sad", 15)
    session.advance()
    assert session.confirm_stop().phase is Phase.PLAYING and not session.over  # not asked: nothing happens
    session.toggle_pause()
    session.ask_to_stop()
    view = session.confirm_stop()
    assert view.phase is Phase.STOPPED and view.overlay is Overlay.NONE and session.over
    assert not session.asking_to_stop and session.stopped_at == 2
    summary = session.summary("Alva", "Pack")
    assert summary.stopped and summary.stopped_at == 2
    assert session.ask_to_stop() is view and session.toggle_pause() is view  # over: nothing more to ask


def test_a_lost_camera_holds_the_game_without_undoing_the_childs_pause_or_question():
    session = new_session(baseline_seconds=0.0)
    session.skip_baseline()
    view = session.set_source_away(True)
    assert view.paused and view.overlay is Overlay.NONE and session.game.paused
    assert not session.set_source_away(False).paused
    session.ask_to_stop()
    session.set_source_away(True)
    view = session.set_source_away(False)  # back, but the question is still on the screen
    assert view.paused and view.overlay is Overlay.ASK_TO_STOP and session.game.paused
    session.cancel_stop()
    session.toggle_pause()
    session.set_source_away(True)
    assert session.set_source_away(False).overlay is Overlay.PAUSED and session.paused


def test_a_pause_during_the_celebration_comes_back_to_the_celebration():
    session, clock = new_session(baseline_seconds=0.0), Clock()
    session.skip_baseline()
    assert feed(session, clock, "sad", 15).phase is Phase.CELEBRATING
    assert session.toggle_pause().feedback is Feedback.PAUSED
    view = session.toggle_pause()
    assert view.phase is Phase.CELEBRATING and view.feedback is Feedback.PASSED and view.overlay is Overlay.NONE


def test_a_pause_while_finding_the_baseline_holds_the_calm_face_collection():
    session, clock = new_session(), Clock()
    feed(session, clock, "neutral", 3)
    progress = session.view.baseline_progress
    session.toggle_pause()
    assert feed(session, clock, "neutral", 30).phase is Phase.FINDING_BASELINE
    assert session.view.baseline_progress == progress
    assert session.toggle_pause().feedback is Feedback.CALM
    assert with_baseline(session, clock).phase is Phase.PLAYING and not session.game.paused


def test_passed_has_one_owner_the_judge_and_the_view_carries_the_journey():
    """The judge's verdict is the game's celebration and the session's phase; the View says which played
    situations passed (the journey map reads it there, not the game's results)."""
    session, clock = new_session(), Clock()
    with_baseline(session, clock)
    view = feed(session, clock, "sad", 30)
    game = session.game
    assert view.phase is Phase.CELEBRATING and game.judge.passed and game.celebrating and view.journey == (True,)
    view = session.advance()
    assert view.phase is Phase.PLAYING and not game.judge.passed and not game.celebrating
    view = session.skip()
    assert view.phase is Phase.PLAYING and view.journey == (True, False)
    feed(session, clock, "happy", 30)
    view = session.stop()  # stopped while celebrating: the phase says stopped, the pass stays on the map
    assert view.phase is Phase.STOPPED and session.phase is Phase.STOPPED and view.journey == (True, False, True)
