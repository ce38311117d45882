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


# Webcams give landscape frames (4:3, 16:9); an image narrower than this is a face photo (CAFE's 300x300
# children, photos-dev), framed tighter than any webcam frame. BlazeFace finds such a face about 10 % too
# large and 40 px too high on CAFE's photos, where the same photo pasted into a 640x480 room gives the game's
# box (tests/test_crop_identity.py), so a photo is searched inside a room-sized canvas, as the game sees a child.
FRAME_ASPECT = 1.25
# The photo's side as a share of the canvas height: a 300 px photo in a 480 px webcam frame.
ROOM_SHARE = 0.625


@lru_cache(maxsize=1)
def _detector():
    return faces.make_detector()


def in_room(photo: np.ndarray) -> np.ndarray:
    """The photo (H, W[, C]) uint8 in the middle of a 4:3 canvas filled with its own border's median colour,
    the photo ROOM_SHARE of the canvas height; same scale, so boxes keep their size."""
    height = int(round(max(photo.shape[:2]) / ROOM_SHARE))
    width = int(round(height * 4 / 3))
    top, left = (height - photo.shape[0]) // 2, (width - photo.shape[1]) // 2
    border = np.concatenate([photo[0], photo[-1], photo[:, 0], photo[:, -1]])
    fill = np.median(border, axis=0).astype(np.uint8)
    canvas = np.empty((height, width) + photo.shape[2:], np.uint8)
    canvas[...] = fill
    canvas[top:top + photo.shape[0], left:left + photo.shape[1]] = photo
    return canvas


def _main_face(frame: np.ndarray, least: float):
    """The face the game would follow in `frame` (a `Face` with landmarks, or a box), or None; faces with a
    side below `least` pixels are something else (hair, a hand)."""
    detector = _detector()
    seen = faces.gray_frame(frame) if getattr(detector, "sees_gray", False) else frame
    found = [face for face in detector.detect(seen) if min(face[2], face[3]) >= least]
    box = faces.pick_main_face(found, frame.shape)
    return None if box is None else next((f for f in found if tuple(f) == tuple(box)), box)


def game_crop(image: np.ndarray) -> np.ndarray:
    """The game's crop of a photo (H, W[, C]) -> (S, S) uint8 grayscale, cut exactly as the pipeline cuts a
    camera frame (`faces.gray_frame`, the game's detector, `faces.model_crop`: the crop named by
    `faces.crop_identity()`). A photo narrower than FRAME_ASPECT (not a webcam frame) is searched inside
    a room-sized canvas (`in_room`). Returns the image itself when it is already crop-sized or no face of at
    least MIN_FACE_SHARE of its side is found."""
    if max(image.shape[:2]) <= CROP_SIDE_LIMIT:
        return image
    frame = image if image.dtype == np.uint8 else np.clip(image, 0, 255).astype(np.uint8)
    least = MIN_FACE_SHARE * min(frame.shape[:2])
    if frame.shape[1] < FRAME_ASPECT * frame.shape[0]:
        frame = in_room(frame)
    face = _main_face(frame, least)
    if face is None:
        return image
    return faces.model_crop(faces.gray_frame(frame), face)
