import pytest

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.play.judge import Judge, Status


def probs(target: str, value: float) -> dict[str, float]:
    rest = (1.0 - value) / (len(EXPRESSIONS) - 1)
    return {name: value if name == target else rest for name in EXPRESSIONS}


def feed(judge, frames, start=0.0, step=0.1):
    state = None
    for index, frame in enumerate(frames):
        state = judge.update(frame, start + index * step)
    return state


def test_passes_only_after_holding_long_enough():
    judge = Judge("happy", threshold=0.5, hold_seconds=1.0)
    state = feed(judge, [probs("happy", 0.8)] * 10)  # 0.9 s held
    assert state.status is Status.HOLDING and not judge.passed
    assert 0.85 < state.hold_fraction < 0.95
    state = judge.update(probs("happy", 0.8), 1.0)
    assert state.status is Status.PASSED and state.hold_fraction == 1.0


def test_below_threshold_never_passes():
    judge = Judge("happy", threshold=0.5, hold_seconds=0.5)
    state = feed(judge, [probs("happy", 0.45)] * 50)
    assert state.status is Status.TRYING and not judge.passed


def test_target_must_be_the_top_expression():
    judge = Judge("happy", threshold=0.3, hold_seconds=0.2)
    frame = {**probs("sad", 0.5), "happy": 0.35}
    feed(judge, [frame] * 20)
    assert not judge.passed


def test_short_dip_pauses_hold_long_dip_resets():
    judge = Judge("sad", threshold=0.5, hold_seconds=1.0, dip_tolerance=0.3)
    feed(judge, [probs("sad", 0.9)] * 6)  # 0.5 s held
    judge.update(probs("sad", 0.1), 0.6)  # 0.1 s dip
    assert judge.held > 0.4
    feed(judge, [probs("sad", 0.1)] * 5, start=0.7)  # long dip
    assert judge.held == 0.0


def test_no_face_does_not_count_as_active_time():
    judge = Judge("happy", threshold=0.5, hold_seconds=1.0)
    feed(judge, [probs("happy", 0.1)] * 11)  # 1 s with face
    state = feed(judge, [None] * 30, start=1.1)  # 3 s away
    assert state.status is Status.NO_FACE
    assert abs(state.active_seconds - 1.0) < 1e-6


def test_stalled_frames_and_pauses_are_not_counted_as_held():
    judge = Judge("happy", threshold=0.5, hold_seconds=1.0)
    judge.update(probs("happy", 0.9), 0.0)
    judge.update(probs("happy", 0.9), 10.0)  # a 10 s stall counts as at most 0.5 s
    assert not judge.passed
    judge.pause()
    judge.update(probs("happy", 0.9), 50.0)
    assert judge.held <= 0.5


def frames(judge, probs, seconds, start=0.0, step=0.1):
    return [judge.update(probs, start + i * step) for i in range(int(round(seconds / step)) + 1)]


def faces(**shown):
    rest = (1 - sum(shown.values())) / (7 - len(shown))
    return {name: shown.get(name, rest) for name in ("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise")}


def test_any_accepted_expression_passes_a_situation_with_several():
    judge = Judge(["surprise", "fear"], {"surprise": 0.6, "fear": 0.3}, 1.0)
    states = frames(judge, faces(fear=0.35, surprise=0.2), 1.2)
    assert states[-1].status is Status.PASSED
    assert states[-1].expression == "fear" and states[-1].threshold == 0.3
    other = Judge(["surprise", "fear"], {"surprise": 0.6, "fear": 0.3}, 1.0)
    assert frames(other, faces(happy=0.8), 3.0)[-1].status is Status.TRYING


def test_each_expression_has_its_own_threshold():
    shy_fear = faces(fear=0.3)
    assert frames(Judge("fear", {"fear": 0.25}, 1.0), shy_fear, 1.2)[-1].status is Status.PASSED
    assert frames(Judge("fear", {"fear": 0.45}, 1.0), shy_fear, 3.0)[-1].status is Status.TRYING


def test_require_top_can_be_switched_off_by_the_operating_point():
    second_best = faces(sad=0.35, neutral=0.45)
    assert frames(Judge("sad", 0.3, 1.0), second_best, 3.0)[-1].status is Status.TRYING
    assert frames(Judge("sad", 0.3, 1.0, require_top=False), second_best, 1.2)[-1].status is Status.PASSED


def test_the_gauge_follows_the_accepted_expression_nearest_its_threshold():
    judge = Judge(["surprise", "fear"], {"surprise": 0.8, "fear": 0.4}, 1.0)
    state = judge.update(faces(surprise=0.5, fear=0.3), 0.0)
    assert state.expression == "fear" and state.target_probability == pytest.approx(0.3)


def test_a_judge_needs_a_target():
    with pytest.raises(ValueError):
        Judge([], 0.5, 1.0)
