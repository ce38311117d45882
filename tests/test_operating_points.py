"""The vectorised judge replay used to set per-expression thresholds matches the game's Judge."""

from __future__ import annotations

import numpy as np
import pytest

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.play.judge import Judge
from actor_trainer.vision.smoothing import ProbabilitySmoother
from training.operating_points import (
    FPS,
    DevSet,
    choose_thresholds,
    measure_levels,
    pass_times,
    smoothed_streams,
)


def random_streams(rng, count=40, frames=60):
    raw = rng.dirichlet(np.full(len(EXPRESSIONS), 0.4), (count, frames))
    present = rng.random((count, frames)) > 0.1
    return smoothed_streams(raw, present), raw, present


def judge_pass_time(stream, target, threshold, hold, require_top):
    judge = Judge(EXPRESSIONS[target], threshold, hold, require_top=require_top)
    for t, row in enumerate(stream):
        probs = None if np.isnan(row[0]) else dict(zip(EXPRESSIONS, row, strict=True))
        if judge.update(probs, t / FPS).status.value == "passed":
            return t / FPS
    return np.inf


@pytest.mark.parametrize("require_top", [True, False])
def test_pass_times_match_the_real_judge(require_top):
    streams, _, _ = random_streams(np.random.default_rng(3))
    thresholds = np.array([0.2, 0.3, 0.45, 0.6])
    for target in (0, 3, 5):
        times = pass_times(streams, target, thresholds, hold_seconds=0.6, require_top=require_top)
        expected = [[judge_pass_time(stream, target, t, 0.6, require_top) for t in thresholds] for stream in streams]
        assert np.array_equal(times, np.array(expected))
        assert np.isfinite(times).any(), "the check must include some passes"


def test_smoothing_matches_the_game_smoother_and_restarts_after_a_lost_face():
    streams, raw, present = random_streams(np.random.default_rng(4), count=3, frames=30)
    for stream, frames, seen in zip(streams, raw, present, strict=True):
        smoother = ProbabilitySmoother(EXPRESSIONS)
        for t in range(len(frames)):
            if not seen[t]:
                smoother.reset()
                assert np.isnan(stream[t]).all()
                continue
            expected = smoother.update(frames[t], t / FPS)
            assert np.allclose(stream[t], [expected[name] for name in EXPRESSIONS])


def test_thresholds_keep_false_passes_within_budget_and_differ_per_expression():
    labels = np.repeat(np.arange(len(EXPRESSIONS)), 20)
    happy, fear = EXPRESSIONS.index("happy"), EXPRESSIONS.index("fear")
    probs = np.full((len(labels), len(EXPRESSIONS)), 0.02)
    probs[:, happy] = 0.3  # every face smiles a little
    probs[np.arange(len(labels)), labels] = np.where(labels == fear, 0.35, 0.6)  # fear never rises high
    probs /= probs.sum(axis=1, keepdims=True)
    dev = DevSet("dev", np.repeat(probs[:, None, :], 45, axis=1), labels)
    thresholds, figures = choose_thresholds([dev], EXPRESSIONS, "normal", require_top=False)
    assert thresholds["fear"] < thresholds["happy"]
    assert thresholds["happy"] > probs[labels != happy, happy].max()
    for expression in EXPRESSIONS:
        assert figures[expression]["dev"]["false_pass"] <= 0.05
        assert figures[expression]["dev"]["true_pass"] == 1.0


def test_measure_levels_makes_easy_more_lenient_than_hard():
    rng = np.random.default_rng(1)
    labels = rng.integers(0, len(EXPRESSIONS), 120)
    streams, _, _ = random_streams(rng, count=120, frames=75)
    own = np.zeros_like(streams)
    own[np.arange(120), :, labels] = 0.5
    streams = (streams + own) / 1.5
    levels = measure_levels([DevSet("dev", streams, labels)], EXPRESSIONS)
    assert set(levels) == {"easy", "normal", "hard"}
    for expression in EXPRESSIONS:
        assert levels["easy"]["thresholds"][expression] <= levels["hard"]["thresholds"][expression]
