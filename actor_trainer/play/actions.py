"""Facial actions from face-mesh landmarks, read against the child's calm face. Pure Python and NumPy.

`face_measures(points)` turns one face's 468 landmarks (vision/face_mesh.py, MediaPipe's canonical mesh
numbering) into a few shape measures. Every measure is taken in the face's own frame: the origin is the
midpoint between the eye centres, x runs along the eye line (image left to right), y at right angles to
it toward the chin, and every length is divided by the distance between the eye centres. So a tilted,
near or far face gives the same numbers.

An *action* is a movement of the face away from the child's calm face: `movements(measures, calm)` gives,
for each action, how far the face moved in that action's direction since the calm face (eye distances;
positive: the action is being made). Several actions read one measure in opposite directions (brows
raised and brows lowered).

Landmarks and measures stay in memory; nothing here is written anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

MESH_POINTS = 468  # MediaPipe's face mesh (vision/face_mesh.py runs it): points per face
# The mesh's eye contours (MediaPipe numbering, image-left eye first): eye levelling here, the second run's
# region in vision/face_mesh.py.
EYE_CONTOURS = ((33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246),
                (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466))

# MediaPipe face-mesh landmark numbers (canonical_face_model_uv_visualization.png). "Image-left" is the
# side on the left of the picture (the child's right); the eye contours are the mesh's (vision/face_mesh.py).
BROW_MIDDLE_AND_INNER = (105, 66, 107, 334, 296, 336)  # upper edge of both brows, middle to inner end
INNER_BROWS = (107, 336)
UPPER_LIDS, LOWER_LIDS = (159, 386), (145, 374)
MOUTH_CORNERS = (61, 291)
UPPER_LIP_TOP, UPPER_LIP_INNER, LOWER_LIP_INNER, LOWER_LIP_BOTTOM = 0, 13, 14, 17
NOSE_BASE = 2
NOSTRILS = (98, 327)  # the outer edges of the nostrils (alae)


@dataclass(frozen=True)
class Action:
    """One facial action: `measure` (a key of face_measures) moving in `direction` (+1: growing)."""

    name: str
    measure: str
    direction: int
    part: str  # the mascot's part to show: "brows", "eyes", "nose" or "mouth"


ACTIONS: tuple[Action, ...] = (
    Action("brows_raised", "brow_height", +1, "brows"),
    Action("brows_lowered", "brow_height", -1, "brows"),
    Action("brows_together", "brow_gap", -1, "brows"),
    Action("eyes_widened", "eye_opening", +1, "eyes"),
    Action("eyes_narrowed", "eye_opening", -1, "eyes"),
    Action("nose_wrinkled", "nostril_width", +1, "nose"),
    Action("upper_lip_raised", "nose_to_lip", -1, "mouth"),
    Action("lip_corners_up", "corner_height", +1, "mouth"),
    Action("lip_corners_down", "corner_height", -1, "mouth"),
    Action("mouth_opened", "mouth_opening", +1, "mouth"),
    Action("mouth_widened", "mouth_width", +1, "mouth"),
    Action("lips_pressed", "lip_thickness", -1, "mouth"),
)
ACTION_NAMES = tuple(action.name for action in ACTIONS)
ACTION_BY_NAME = {action.name: action for action in ACTIONS}
MEASURES = tuple(dict.fromkeys(action.measure for action in ACTIONS))


def face_frame(points: np.ndarray) -> np.ndarray | None:
    """(468, 2) landmarks in the face's own frame (origin between the eyes, x along the eye line, y toward
    the chin, in eye distances), or None when the eyes coincide (no usable face). `points`: (468, 2 or 3)
    frame pixels."""
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[0] < MESH_POINTS or points.shape[1] < 2 \
            or not np.all(np.isfinite(points[:, :2])):
        return None
    left = points[list(EYE_CONTOURS[0]), :2].mean(axis=0)
    right = points[list(EYE_CONTOURS[1]), :2].mean(axis=0)
    along = right - left
    distance = float(np.hypot(*along))
    if distance < 1e-6:
        return None
    cos, sin = along / distance
    level = np.array([[cos, sin], [-sin, cos]])  # turns the eye line onto the x axis
    return (points[:, :2] - (left + right) / 2) @ level.T / distance


def face_measures(points: np.ndarray) -> dict[str, float] | None:
    """The shape measures of one face (eye distances, y toward the chin), or None for unusable landmarks:

    brow_height: brows (upper edge, middle and inner ends) above the eye line; brow_gap: between the inner
    brow ends; eye_opening: upper to lower lid, both eyes' mean; nostril_width: across the nostrils;
    nose_to_lip: nose base down to the upper lip's top edge; corner_height: the mouth corners' height
    (minus their distance below the eye line: it grows as they rise); mouth_opening: between the inner lip
    edges; mouth_width: corner to corner; lip_thickness: both lips' red part, top to bottom.
    """
    face = face_frame(points)
    if face is None:
        return None
    x, y = face[:, 0], face[:, 1]
    return {
        "brow_height": -float(y[list(BROW_MIDDLE_AND_INNER)].mean()),
        "brow_gap": float(x[INNER_BROWS[1]] - x[INNER_BROWS[0]]),
        "eye_opening": float((y[list(LOWER_LIDS)] - y[list(UPPER_LIDS)]).mean()),
        "nostril_width": float(x[NOSTRILS[1]] - x[NOSTRILS[0]]),
        "nose_to_lip": float(y[UPPER_LIP_TOP] - y[NOSE_BASE]),
        "corner_height": -float(y[list(MOUTH_CORNERS)].mean()),
        "mouth_opening": float(y[LOWER_LIP_INNER] - y[UPPER_LIP_INNER]),
        "mouth_width": float(x[MOUTH_CORNERS[1]] - x[MOUTH_CORNERS[0]]),
        "lip_thickness": float((y[UPPER_LIP_INNER] - y[UPPER_LIP_TOP]) + (y[LOWER_LIP_BOTTOM] - y[LOWER_LIP_INNER])),
    }


def movements(measures: Mapping[str, float] | None, calm: Mapping[str, float] | None) -> dict[str, float] | None:
    """How far each action (ACTIONS) has moved the face away from the calm face, in eye distances;
    positive: the action is being made. None without measures or a calm face."""
    if not measures or not calm:
        return None
    return {action.name: action.direction * (measures[action.measure] - calm[action.measure]) for action in ACTIONS
            if action.measure in measures and action.measure in calm}


def median_measures(samples: list[Mapping[str, float]]) -> dict[str, float] | None:
    """The per-measure median of several faces' measures (a blink or a twitch in one sample does not
    move it), or None for no samples."""
    if not samples:
        return None
    return {name: float(np.median([sample[name] for sample in samples])) for name in samples[0]}


class CalmFace:
    """The child's calm face as measures: the median of the faces seen while the game takes the calm-face
    baseline (play/baseline.py collects the probabilities alongside). `reference` is None until at least
    `min_samples` faces were measured."""

    def __init__(self, min_samples: int = 3, max_samples: int = 30):
        self.min_samples, self.max_samples = min_samples, max_samples
        self.samples: list[dict[str, float]] = []

    def add(self, measures: Mapping[str, float] | None) -> None:
        if measures and len(self.samples) < self.max_samples:
            self.samples.append(dict(measures))

    @property
    def reference(self) -> dict[str, float] | None:
        return median_measures(self.samples) if len(self.samples) >= self.min_samples else None
