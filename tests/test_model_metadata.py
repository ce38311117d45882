"""model.json is checked field by field; temperature scaling and the model's own levels reach the game."""

from __future__ import annotations

import json

import numpy as np
import pytest

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.packs.scenarios import Scenario
from actor_trainer.play.game import Game
from actor_trainer.play.levels import LevelsError, model_levels, parse_levels
from actor_trainer.settings import LEVELS, level_named
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError, metadata_problem, read_metadata

GOOD = {"classes": list(EXPRESSIONS), "flip_average": True, "model_file": "model.keras",
        "runtime_file": "model.tflite", "temperature": 1.3}


def levels(**thresholds):
    return {name: {"false_pass_budget": budget, "require_top": True,
                   "thresholds": {c: thresholds.get(c, 0.4) for c in EXPRESSIONS}}
            for name, budget in (("easy", 0.1), ("normal", 0.05), ("hard", 0.02))}


@pytest.mark.parametrize("field, value, words", [
    ("runtime_file", 123, "'runtime_file' must be a file name"),
    ("model_file", "../elsewhere/model.keras", "'model_file' must be a file name"),
    ("flip_average", "false", "'flip_average' must be true or false"),
    ("classes", ["happy", "joyful"], "unknown expressions ['joyful']"),
    ("classes", ["happy", "happy"], "twice"),
    ("classes", [], "non-empty list"),
    ("temperature", 0, "'temperature' must be a number"),
    ("temperature", "1.5", "'temperature' must be a number"),
    ("levels", {"easy": {}}, "lacks normal, hard"),
])
def test_each_wrong_field_is_named(tmp_path, field, value, words):
    (tmp_path / "model.json").write_text(json.dumps({**GOOD, field: value}))
    with pytest.raises(ModelError, match="model.json: .*" + words.replace("(", r"\(").replace("[", r"\[")):
        read_metadata(tmp_path)


def test_a_correct_model_json_has_no_problem():
    assert metadata_problem({**GOOD, "levels": levels()}) is None


@pytest.mark.parametrize("change, words", [
    (lambda raw: raw["normal"]["thresholds"].pop("fear"), "levels.normal.thresholds lacks fear"),
    (lambda raw: raw["hard"]["thresholds"].update(fear=1.5), "levels.hard.thresholds.fear must be a number"),
    (lambda raw: raw["easy"]["thresholds"].update(joy=0.2), "unknown expressions: joy"),
    (lambda raw: raw["easy"].update(require_top="yes"), "levels.easy.require_top must be true or false"),
    (lambda raw: raw.update(normal=[]), "levels.normal must be an object"),
])
def test_malformed_levels_give_a_clear_error(change, words):
    raw = levels()
    change(raw)
    with pytest.raises(LevelsError, match=words.replace("(", r"\(")):
        parse_levels(raw, EXPRESSIONS)


def test_a_model_without_levels_gets_the_settings_defaults():
    points = model_levels({"classes": list(EXPRESSIONS)})
    assert {name: point.threshold("fear") for name, point in points.items()} == {
        name: level.threshold for name, level in LEVELS.items()}
    assert not points["normal"].measured


def test_the_models_levels_set_each_expressions_threshold_in_the_game():
    points = model_levels({"classes": list(EXPRESSIONS), "levels": levels(fear=0.2, happy=0.7)})
    game = Game([Scenario("a", "boo", "fear"), Scenario("b", "cake", "happy")], level_named("normal"),
                operating_point=points["normal"])
    scared = {name: 0.05 for name in EXPRESSIONS} | {"fear": 0.25, "neutral": 0.15}
    states = [game.update(scared, step / 10) for step in range(13)]
    assert states[-1].status.value == "passed" and states[-1].threshold == 0.2
    game.advance()
    smiling = {name: 0.05 for name in EXPRESSIONS} | {"happy": 0.6}
    states = [game.update(smiling, 2 + step / 10) for step in range(30)]
    assert all(state.status.value == "trying" for state in states)  # 0.6 is under happy's 0.7


def fake_classifier(raw: np.ndarray, temperature: float) -> ExpressionClassifier:
    return ExpressionClassifier(EXPRESSIONS, lambda x: np.repeat(raw[None], len(x), axis=0), False, "fake",
                                temperature=temperature)


def test_temperature_is_applied_by_the_classifier_without_changing_the_top_class():
    raw = np.array([0.05, 0.05, 0.1, 0.6, 0.1, 0.05, 0.05], np.float32)
    face = np.zeros((48, 48), np.uint8)
    plain = fake_classifier(raw, 1.0).predict(face)
    softer = fake_classifier(raw, 2.0).predict(face)
    assert np.allclose(plain, raw)
    assert softer.argmax() == raw.argmax() and softer.max() < raw.max()
    assert softer.sum() == pytest.approx(1.0)
    expected = np.sqrt(raw) / np.sqrt(raw).sum()
    assert np.allclose(softer, expected, atol=1e-6)
