"""The mascot: every expression looks different, blending is interpolation, the animation converges."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.play.judge import leading_expression
from actor_trainer.ui.mascot import (
    EXPRESSION_FACES,
    MIRROR_FULL_AT,
    WAITING_FACE,
    FaceFeatures,
    Mascot,
    blend,
    features_for,
    mascot_image,
    mirror_strength,
    mirrored_face,
)

# a surprised child photo (CAFE) as the model reads it: surprise leads, but anger is not far behind
SURPRISED_WITH_ANGER = {"angry": 0.38, "disgust": 0.01, "fear": 0.03, "happy": 0.01, "neutral": 0.01, "sad": 0.01,
                        "surprise": 0.55}


def pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGBA8888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()].astype(np.int16)


def changed_fraction(first, second) -> float:
    return float((np.abs(pixels(first) - pixels(second)).max(axis=2) > 40).mean())


def test_every_expression_has_features():
    assert set(EXPRESSION_FACES) == set(EXPRESSIONS)


def test_each_expression_renders_a_face(qapp):
    for expression in EXPRESSIONS:
        image = pixels(mascot_image(expression, 128))
        assert image.shape == (128, 128, 4)
        assert (image[..., 3] > 0).mean() > 0.4, expression  # the face fills a good part of the picture
        assert image[0, 0, 3] == 0  # on a transparent background


def test_every_pair_of_expressions_looks_different(qapp):
    images = {expression: mascot_image(expression, 160) for expression in EXPRESSIONS}
    for first, second in itertools.combinations(EXPRESSIONS, 2):
        assert changed_fraction(images[first], images[second]) > 0.04, (first, second)


def test_blend_interpolates_features():
    half = blend({"happy": 0.5, "sad": 0.5})
    assert half == EXPRESSION_FACES["happy"].lerp(EXPRESSION_FACES["sad"], 0.5)
    assert blend({"surprise": 1.0}) == EXPRESSION_FACES["surprise"]
    assert blend({"fear": 2.0, "unknown": 5.0}) == EXPRESSION_FACES["fear"]
    assert blend({}) == EXPRESSION_FACES["neutral"]


def test_features_for_accepts_names_mixes_and_rejects_unknown_names():
    assert features_for("angry") == EXPRESSION_FACES["angry"]
    assert features_for({"angry": 1.0}) == EXPRESSION_FACES["angry"]
    custom = FaceFeatures(mouth_curve=0.3)
    assert features_for(custom) is custom
    with pytest.raises(ValueError, match="unknown expression 'grumpy'"):
        features_for("grumpy")


def test_mascot_image_of_a_mix_lies_between_its_parts(qapp):
    happy, sad = mascot_image("happy", 160), mascot_image("sad", 160)
    mix = mascot_image({"happy": 0.5, "sad": 0.5}, 160)
    assert 0 < changed_fraction(mix, happy) < changed_fraction(sad, happy)


def run(mascot: Mascot, seconds: float, step: float = 0.05) -> None:
    for _ in range(round(seconds / step)):
        mascot.advance(step)


def test_show_target_poses_the_target(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.show_target("surprise")
    run(mascot, 1.0)
    assert mascot.face.distance(EXPRESSION_FACES["surprise"]) < 0.01


def nearest_expression(face: FaceFeatures) -> str:
    return min(EXPRESSIONS, key=lambda name: face.distance(EXPRESSION_FACES[name]))


def test_the_mirror_shows_the_childs_leading_expression_never_a_mix_that_reads_as_another():
    expression, probability = leading_expression(SURPRISED_WITH_ANGER)
    assert (expression, probability) == ("surprise", 0.55)
    face = mirrored_face(expression, probability)
    assert nearest_expression(face) == "surprise"
    angry = EXPRESSION_FACES["angry"]
    # nothing of anger: no frowning brows, gritted teeth, red face or steam
    assert face.brow_tilt <= 0 and face.lid_slant <= 0 and face.grit == face.red == face.fume == 0
    assert face.distance(angry) >= EXPRESSION_FACES["neutral"].distance(angry)
    assert changed_fraction(mascot_image(face, 160), mascot_image("surprise", 160)) < \
        changed_fraction(mascot_image(face, 160), mascot_image("angry", 160))


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_the_mirror_is_the_leading_expression_at_a_strength_from_its_probability(expression):
    assert mirrored_face(expression, 1 / len(EXPRESSIONS)) == EXPRESSION_FACES["neutral"]  # a guess: calm
    assert mirrored_face(expression, MIRROR_FULL_AT) == EXPRESSION_FACES[expression]
    assert mirrored_face(expression, 0.95) == EXPRESSION_FACES[expression]
    strengths = [mirror_strength(p) for p in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9)]
    assert strengths == sorted(strengths) and strengths[0] == 0 and strengths[-1] == 1
    target = EXPRESSION_FACES[expression]
    distances = [mirrored_face(expression, p).distance(target) for p in (0.2, 0.35, 0.5)]
    assert distances == sorted(distances, reverse=True)
    assert leading_expression(None) == leading_expression({}) == ("", 0.0)


def test_mirror_converges_on_the_childs_face_after_the_target_pose(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.show_target("happy", pose_seconds=0.5)
    mascot.mirror("sad", 0.5)
    copied = mirrored_face("sad", 0.5)
    run(mascot, 0.4)
    assert mascot.face.distance(EXPRESSION_FACES["happy"]) < mascot.face.distance(copied)  # still posing
    distances = []
    for _ in range(20):
        run(mascot, 0.1)
        distances.append(mascot.face.distance(copied))
    assert distances == sorted(distances, reverse=True)
    assert distances[-1] < 0.01
    assert mascot.match == 0.0  # the child leads with sad, not the happy target
    assert not mascot.moving  # the timer stops once the face has settled


def test_mirror_lands_on_the_target_as_the_child_gets_there(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.show_target("sad", pose_seconds=0)
    target = EXPRESSION_FACES["sad"]
    for sad in (0.2, 0.4, 0.5, 0.7):
        mascot.mirror("sad", sad)
        run(mascot, 1.0)
        assert mascot.face.distance(target) == pytest.approx(mirrored_face("sad", sad).distance(target), abs=0.01)
        assert mascot.match == pytest.approx(sad)
    assert mascot.face.distance(target) < 0.01


def test_while_the_game_is_held_the_mascot_waits_with_a_calm_face_then_copies_again(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.resize(300, 300)
    mascot.show_target("sad", pose_seconds=0)
    mascot.mirror("sad", 0.9)  # a crying face
    run(mascot, 1.0)
    crying = mascot.grab().toImage()
    mascot.set_waiting(True)
    run(mascot, 1.0)
    assert mascot.face.distance(WAITING_FACE) < 0.01 and mascot.face.tears < 0.01
    assert nearest_expression(mascot.face) in ("neutral", "happy")
    waiting = mascot.grab().toImage()
    assert changed_fraction(waiting, crying) > 0.04
    mascot.mirror("sad", 0.9)  # a frame that slipped through: still waiting
    run(mascot, 1.0)
    assert mascot.face.distance(WAITING_FACE) < 0.01
    mascot.set_waiting(False)
    run(mascot, 1.0)
    assert mascot.face.distance(mirrored_face("sad", 0.9)) < 0.01


def test_no_face_goes_back_to_the_target_pose(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.show_target("angry", pose_seconds=0)
    mascot.mirror("happy", 1.0)
    run(mascot, 1.0)
    mascot.mirror(None)
    run(mascot, 1.0)
    assert mascot.face.distance(EXPRESSION_FACES["angry"]) < 0.01


def test_celebrate_bounces_then_returns_to_mirroring(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.resize(300, 300)
    mascot.show_target("happy", pose_seconds=0)
    mascot.mirror("neutral", 1.0)
    mascot.celebrate()
    bounces = []
    for _ in range(10):
        mascot.advance(0.05)
        bounces.append(mascot.bounce)
        mascot.grab()  # paints sparkles and the badge without errors
    assert max(bounces) > 0.3
    assert mascot.face.distance(EXPRESSION_FACES["happy"]) < EXPRESSION_FACES["neutral"].distance(
        EXPRESSION_FACES["happy"])
    run(mascot, 3.0)
    assert mascot.bounce == 0
    assert mascot.face.distance(EXPRESSION_FACES["neutral"]) < 0.01


def test_encourage_nods_kindly(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.resize(300, 300)
    mascot.encourage()
    tilts = []
    for _ in range(10):
        mascot.advance(0.05)
        tilts.append(abs(mascot.tilt))
        mascot.grab()
    assert max(tilts) > 1
    assert mascot.face.mouth_curve > 0.3


def test_calm_mode_skips_motion_but_still_changes_face(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.set_calm(True)
    mascot.celebrate()
    for _ in range(40):
        mascot.advance(0.05)
        assert (mascot.bounce, mascot.tilt, mascot.squash) == (0, 0, 0)
    mascot.encourage()
    for _ in range(40):
        mascot.advance(0.05)
        assert (mascot.bounce, mascot.tilt, mascot.squash) == (0, 0, 0)
    assert mascot.face.mouth_curve > 0.3


def test_calm_mode_eases_more_slowly(qtbot):
    quick, calm = Mascot(), Mascot()
    for mascot in (quick, calm):
        qtbot.addWidget(mascot)
    calm.set_calm(True)
    for mascot in (quick, calm):
        mascot.show_target("surprise")
        mascot.advance(0.2)
    goal = EXPRESSION_FACES["surprise"]
    assert calm.face.distance(goal) > quick.face.distance(goal)


def test_reset_returns_to_a_still_neutral_face(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.show_target("fear")
    mascot.advance(0.1)
    mascot.reset()
    assert mascot.face == EXPRESSION_FACES["neutral"] and mascot.target is None and not mascot.moving


def test_unknown_target_is_refused_and_changes_nothing(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.show_target("happy")
    with pytest.raises(ValueError):
        mascot.show_target("grumpy")
    assert mascot.target == "happy"


def test_match_colours_the_badge_from_the_targets_probability_or_a_given_value(qtbot):
    mascot = Mascot()
    qtbot.addWidget(mascot)
    mascot.resize(300, 300)
    mascot.show_target("fear", pose_seconds=0)
    mascot.mirror("fear", 0.45)
    assert mascot.match == pytest.approx(0.45)
    mascot.mirror("surprise", 0.8)
    assert mascot.match == 0.0  # the child leads with another expression
    mascot.mirror("surprise", 0.8, match=1.7)
    assert mascot.match == 1.0
    green_ring = mascot.grab().toImage()
    mascot.mirror("surprise", 0.8, match=0.0)
    assert mascot.grab().toImage() != green_ring
