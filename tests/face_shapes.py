"""Synthetic face-mesh landmark sets for the coaching tests: a schematic face whose measures (play/actions.py) move
exactly as asked, turned, scaled and shifted like a face in a camera frame."""

from __future__ import annotations

import math

import numpy as np

from actor_trainer.play import actions as a

EYE_DISTANCE = 60.0  # pixels, upright and at scale 1


def synthetic_face(moves: dict[str, float] | None = None, scale: float = 1.0, angle: float = 0.0,
                   offset: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """(468, 3) float32 landmarks of a calm schematic face, each measure in `moves` (a key of
    actions.face_measures) moved by its value in eye distances, then turned `angle` degrees about the point
    between the eyes, scaled and shifted."""
    moves = moves or {}
    e = EYE_DISTANCE
    points = np.zeros((a.MESH_POINTS, 3), np.float64)
    points[:, :2] = (100.0, 150.0)
    for contour, x in zip(a.EYE_CONTOURS, (70.0, 130.0), strict=True):
        points[list(contour), :2] = (x, 100.0)
    opening = 0.12 + moves.get("eye_opening", 0.0)
    for upper, lower in zip(a.UPPER_LIDS, a.LOWER_LIDS, strict=True):
        points[upper, 1] -= opening * e / 2
        points[lower, 1] += opening * e / 2
    points[list(a.BROW_MIDDLE_AND_INNER), 1] = 100.0 - (0.4 + moves.get("brow_height", 0.0)) * e
    points[list(a.BROW_MIDDLE_AND_INNER), 0] = (80, 90, 95, 120, 110, 105)
    gap = 0.3 + moves.get("brow_gap", 0.0)
    points[a.INNER_BROWS[0], 0], points[a.INNER_BROWS[1], 0] = 100 - gap * e / 2, 100 + gap * e / 2
    nostrils = 0.5 + moves.get("nostril_width", 0.0)
    points[a.NOSTRILS[0], :2], points[a.NOSTRILS[1], :2] = (100 - nostrils * e / 2, 135), (100 + nostrils * e / 2, 135)
    points[a.NOSE_BASE, :2] = (100, 140 - moves.get("nose_to_lip", 0.0) * e)
    lips = 0.1 + moves.get("lip_thickness", 0.0)
    upper_inner = 140 + 0.3 * e
    lower_inner = upper_inner + moves.get("mouth_opening", 0.0) * e
    points[a.UPPER_LIP_INNER, :2] = (100, upper_inner)
    points[a.UPPER_LIP_TOP, :2] = (100, upper_inner - lips * e / 2)
    points[a.LOWER_LIP_INNER, :2] = (100, lower_inner)
    points[a.LOWER_LIP_BOTTOM, :2] = (100, lower_inner + lips * e / 2)
    width = 0.7 + moves.get("mouth_width", 0.0)
    corner_y = upper_inner - moves.get("corner_height", 0.0) * e
    points[a.MOUTH_CORNERS[0], :2] = (100 - width * e / 2, corner_y)
    points[a.MOUTH_CORNERS[1], :2] = (100 + width * e / 2, corner_y)
    turn = math.radians(angle)
    rotation = np.array([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
    centre = np.array([100.0, 100.0])
    points[:, :2] = (points[:, :2] - centre) @ rotation.T * scale + centre + offset
    points[:, 2] *= scale
    return points.astype(np.float32)
