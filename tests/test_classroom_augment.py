"""The classroom augmentation (issue 27): each step changes the part of the face it is named after."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import synthetic_face

from training import augment


@pytest.fixture
def face():
    return synthetic_face(3, np.random.default_rng(1))


def changed(before, after, rows, cols=slice(None)) -> float:
    return float(np.abs(after[rows, cols].astype(int) - before[rows, cols].astype(int)).mean())


def test_backlight_darkens_the_face_inside_a_bright_surround(face):
    lit = augment.backlight(face, np.random.default_rng(0))
    centre, corners = lit[18:30, 18:30].mean(), np.mean([lit[:4, :4].mean(), lit[:4, -4:].mean()])
    assert corners > 180 and centre < face[18:30, 18:30].mean()


def test_a_hand_covers_the_mouth_and_leaves_the_eyes(face):
    covered = augment.hand_over_mouth(face, np.random.default_rng(0))
    assert changed(face, covered, slice(34, 42), slice(18, 30)) > 3 * changed(face, covered, slice(0, 20))


def test_hair_covers_the_top_and_leaves_the_mouth(face):
    covered = augment.hair_over_brow(face, np.random.default_rng(0))
    assert changed(face, covered, slice(0, 6)) > 10 and changed(face, covered, slice(30, 48)) == 0


def test_glare_brightens_an_eye_and_blur_softens_edges(face):
    glared = augment.glare(face, np.random.default_rng(0))
    assert glared[16:22].max() >= 215 and changed(face, glared, slice(30, 48)) == 0
    blurred = augment.motion_blur(face, np.random.default_rng(0))
    assert np.abs(np.diff(blurred.astype(int), axis=1)).mean() < np.abs(np.diff(face.astype(int), axis=1)).mean()


def test_classroom_keeps_shape_and_type_and_sometimes_leaves_the_face_alone(face):
    rng = np.random.default_rng(3)
    outputs = [augment.classroom(face, rng) for _ in range(40)]
    assert all(o.shape == face.shape and o.dtype == np.uint8 for o in outputs)
    assert any(np.array_equal(o, face) for o in outputs) and any(not np.array_equal(o, face) for o in outputs)
