"""Crop dataset photos the way the game crops a camera frame (its face detection, eye-levelled crop
and margin: actor_trainer.vision.faces).

Datasets of face photos (CAFE's 300x300 children, photos-dev) are framed more loosely than the
48x48 crops of FER2013 and CK+, and looser than the game's crop (the detected face grown by
`faces.DEFAULT_MARGIN`). A model trained on the photos as they are learns a framing it never sees
in the game, so such photos go through the game's own face detection and crop first; a photo in
which no face is found is used whole.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from actor_trainer.vision import faces
from actor_trainer.vision.preprocessing import INPUT_SIZE

# Images at most this many pixels on a side are crops already (FER2013, CK+ at 48x48).
CROP_SIDE_LIMIT = 2 * INPUT_SIZE
# In a face photo the face is large: a smaller detection is something else (hair, a hand).
MIN_FACE_SHARE = 0.3


@lru_cache(maxsize=1)
def _detector():
    return faces.make_detector()


def game_crop(image: np.ndarray) -> np.ndarray:
    """The game's square face crop of a photo (H, W[, C]) -> (S, S[, C]), same dtype; the photo itself
    when it is already crop-sized or no face is found."""
    if max(image.shape[:2]) <= CROP_SIDE_LIMIT:
        return image
    frame = image if image.dtype == np.uint8 else np.clip(image, 0, 255).astype(np.uint8)
    least = MIN_FACE_SHARE * min(frame.shape[:2])
    found = [face for face in _detector().detect(frame) if min(face[2], face[3]) >= least]
    box = faces.pick_main_face(found, frame.shape)
    if box is None:
        return image
    face = next((f for f in found if tuple(f) == tuple(box)), None)
    return faces.aligned_face_crop(image, tuple(box), getattr(face, "landmarks", None))
