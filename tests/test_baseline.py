from actor_trainer.labels import EXPRESSIONS
from actor_trainer.play.baseline import BaselineCollector, CalmBaseline, fit_baseline
from actor_trainer.play.judge import Judge


def vector(**values) -> dict[str, float]:
    rest = (1.0 - sum(values.values())) / (len(EXPRESSIONS) - len(values))
    return {name: values.get(name, rest) for name in EXPRESSIONS}


SAD_RESTING_FACE = vector(sad=0.6, neutral=0.3)


def test_sad_resting_face_reads_neutral_after_the_baseline():
    baseline = fit_baseline([SAD_RESTING_FACE] * 20)
    corrected = baseline.apply(SAD_RESTING_FACE)
    assert max(corrected, key=corrected.get) == "neutral"
    assert corrected["sad"] < 0.5
    assert abs(sum(corrected.values()) - 1.0) < 1e-9


def test_a_child_with_a_baseline_can_pass_neutral_and_not_sad_while_resting():
    baseline = fit_baseline([SAD_RESTING_FACE] * 20)
    for target, should_pass in (("neutral", True), ("sad", False)):
        judge = Judge(target, threshold=0.5, hold_seconds=0.5)
        for step in range(20):
            judge.update(baseline.apply(SAD_RESTING_FACE), step * 0.1)
        assert judge.passed is should_pass
    uncorrected = Judge("neutral", threshold=0.5, hold_seconds=0.5)
    for step in range(20):
        uncorrected.update(SAD_RESTING_FACE, step * 0.1)
    assert not uncorrected.passed


def test_a_clear_expression_still_wins_after_the_baseline():
    baseline = fit_baseline([SAD_RESTING_FACE] * 20)
    corrected = baseline.apply(vector(happy=0.8))
    assert corrected["happy"] > 0.7


def test_weights_are_clipped_so_nothing_becomes_impossible():
    baseline = fit_baseline([vector(happy=0.99)] * 20, max_ratio=3.0)
    assert min(baseline.weights.values()) >= 1 / 3 - 1e-9
    assert max(baseline.weights.values()) <= 3 + 1e-9


def test_too_few_frames_means_no_correction():
    baseline = fit_baseline([SAD_RESTING_FACE] * 3)
    assert not baseline.active
    assert baseline.apply(SAD_RESTING_FACE) == SAD_RESTING_FACE
    assert CalmBaseline().apply(None) is None


def test_collector_waits_while_no_face_is_seen():
    collector = BaselineCollector(seconds=1.0)
    for step in range(30):
        collector.add(None, step * 0.1)
    assert collector.progress == 0.0
    for step in range(30, 42):
        collector.add(SAD_RESTING_FACE, step * 0.1)
    assert collector.done
    assert collector.result().active


def test_the_models_calm_face_reference_is_used_when_model_json_has_one():
    from actor_trainer.play.baseline import BaselineCollector, model_reference

    classes = ["happy", "neutral", "sad"]
    reference = model_reference({"classes": classes, "neutral_reference": {"happy": 0.1, "neutral": 0.5, "sad": 0.4}})
    assert reference == {"happy": 0.1, "neutral": 0.5, "sad": 0.4}
    collector = BaselineCollector(seconds=0.5, reference=reference)
    for step in range(10):
        collector.add({"happy": 0.1, "neutral": 0.5, "sad": 0.4}, step * 0.1)
    weights = collector.result().weights
    assert all(abs(w - 1.0) < 1e-9 for w in weights.values())  # a child who rests like the reference needs nothing


def test_a_broken_calm_face_reference_falls_back_to_the_default():
    from actor_trainer.play.baseline import model_reference

    classes = ["happy", "neutral"]
    assert model_reference({"classes": classes}) is None
    assert model_reference({"classes": classes, "neutral_reference": {"happy": 0.5}}) is None
    assert model_reference({"classes": classes, "neutral_reference": {"happy": "x", "neutral": 1}}) is None
    assert model_reference({"classes": classes, "neutral_reference": {"happy": 0.9, "neutral": 0.9}}) is None
