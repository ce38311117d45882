"""Whether a found face can be read: too close to be whole, lit from behind, the mouth hidden.

Each check looks at what the pipeline already has (the face box, the grayscale frame, the eye-levelled
crop) with a few array statistics, well under a tenth of a millisecond per frame; thresholds and their
measurements are in docs/vision.md ("What is in the way"). A face that cannot be read is found but not
judged: the child is told why and the clock stops. Pure: OpenCV and NumPy only.
"""

from __future__ import annotations

import cv2
import numpy as np

from actor_trainer.vision.faces import eye_angle, square_crop_box

# Conditions, worst first (the pipeline's CAMERA_CONDITIONS puts them after too_dark). Blur is not among them:
# no sharpness rule spared plain small and dim faces, and the model reads most blurred faces as on the sharp
# frame (docs/vision.md); benchmarks/detection.py measures blurred frames all the same.
TOO_CLOSE, BACKLIT, COVERED = "too_close", "backlit", "covered"
UNREADABLE = (TOO_CLOSE, BACKLIT, COVERED)

# Too close: in a camera's landscape frame (at least CLOSE_MIN_ASPECT times as wide as high: 4:3, 16:9), a big
# face (box over CLOSE_MIN_HEIGHT of the frame's height) of which the frame cuts off more than CLOSE_CUT of the
# box's height or width, or a box taller than the frame. A face 720 px high in a 640x480 frame is cut by a
# quarter or more; a whole face at arm's length fills under 0.6 of the height. A square or upright picture
# that the face fills is a face photo cropped to the face (cafe-dev, photos-dev: their boxes reach 0.9-1.5
# of the picture's height): the model was trained on such crops and reads them as they are.
CLOSE_MIN_HEIGHT = 0.6
CLOSE_CUT = 0.12
CLOSE_MIN_ASPECT = 1.2


def too_close(box, frame_shape: tuple[int, ...]) -> bool:
    """Whether the face is so close to the camera that the frame cannot hold it whole (landscape frames only).

    `box`: (x, y, w, h) in frame pixels (it may reach outside the frame); `frame_shape`: (H, W, ...)."""
    x, y, w, h = box
    height, width = frame_shape[:2]
    if w <= 0 or h <= 0 or h < CLOSE_MIN_HEIGHT * height or width < CLOSE_MIN_ASPECT * height:
        return False
    if h > height:
        return True
    cut_y = (max(0, -y) + max(0, y + h - height)) / h
    cut_x = (max(0, -x) + max(0, x + w - width)) / w
    return max(cut_x, cut_y) > CLOSE_CUT


# Lit from behind: the room around the face (its median gray level, sides and top, half a face out) is near
# white, a window or a lamp, at least BACKLIT_RATIO times the face's median; even the brightest tenth of the
# face stays under BACKLIT_BRIGHTEST of the room (dark all over, not lit from one side); and the face is
# washed out by the glare: its spread (90th minus 10th percentile) is under BACKLIT_SPREAD of the room.
# Measured (docs/vision.md, "What is in the way") over the plain, tilted, small and dim frames of
# benchmarks/detection.py (the brightest room median there is 193), its back-lit frames (room 215-250, 25-50 %
# exposure with glare; spread 0.05-0.38 of the room, case 0.09-0.15) and real photos: the Yale frames, faces lit
# from the front before a white studio wall, have a face half as bright as the wall in 34 of 104, but a
# spread of 0.22-0.54 of it (1 of 104 under 0.25); without the brightest-tenth rule 8 of 240 side-lit Yale
# faces pasted into rooms were called back-lit.
BACKLIT_ROOM = 190
BACKLIT_RATIO = 2.0
BACKLIT_BRIGHTEST = 0.6
BACKLIT_SPREAD = 0.25


def backlit(gray: np.ndarray, box) -> bool:
    """Whether the face is much darker than a bright room behind it (a window behind the child).

    `gray`: (H, W) uint8 frame; `box`: (x, y, w, h) frame pixels. About 40x40 samples of each region."""
    x, y, w, h = (int(v) for v in box)
    height, width = gray.shape[:2]
    step = max(1, min(w, h) // 40)
    x0, x1, y0, y1 = max(0, x - w // 2), min(width, x + w + w // 2), max(0, y - h // 2), min(height, y + h)
    region = gray[y0:y1:step, x0:x1:step]
    around = np.ones(region.shape, bool)
    around[(max(0, y) - y0) // step:max(0, min(height, y + h) - y0) // step,
           (max(0, x) - x0) // step:max(0, min(width, x + w) - x0) // step] = False
    if around.sum() < 16:  # the face fills the frame: no room to compare with
        return False
    room = float(np.median(region[around]))
    middle = gray[max(0, y + h // 5):max(0, min(height, y + h - h // 5)):step,
                  max(0, x + w // 5):max(0, min(width, x + w - w // 5)):step]
    if middle.size == 0 or room < BACKLIT_ROOM:
        return False
    darkest, median, brightest = (float(v) for v in np.percentile(middle, (10, 50, 90)))
    return (room >= BACKLIT_RATIO * median and brightest < BACKLIT_BRIGHTEST * room
            and brightest - darkest < BACKLIT_SPREAD * room)


# The mouth hidden (a hand, a mask, a scarf): the band across the mouth keeps under COVERED_RATIO of the
# horizontal-edge detail (lips, the mouth's line, the chin's shadow) that the band across the eyes has, in
# the eye-levelled 64x64 crop. Plain faces measure 0.40 at the very least over the same 800 frames (median
# 1.15); a hand or a mask over the mouth 0.0-0.3 (docs/vision.md). A textured cloth or fingers across the
# mouth can keep enough edges to pass: the check errs toward letting the child play.
COVERED_RATIO = 0.3
_CROP = 64  # side of the eye-levelled crop the check looks at


def mouth_covered(gray: np.ndarray, box, landmarks: np.ndarray | None, margin: float = 0.1) -> bool:
    """Whether the mouth is hidden. `landmarks`: BlazeFace's (K >= 4, 2) frame pixels (eyes, nose tip,
    mouth centre); False without a mouth landmark (the Haar fallback gives eyes only)."""
    if landmarks is None or len(landmarks) < 4:
        return False
    left, top, side, _ = square_crop_box(tuple(int(v) for v in box), margin)
    turn = cv2.getRotationMatrix2D((left + side / 2, top + side / 2), eye_angle(landmarks), _CROP / side)
    turn[:, 2] += (_CROP / 2 - left - side / 2, _CROP / 2 - top - side / 2)
    crop = cv2.warpAffine(gray, turn, (_CROP, _CROP), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
    (lx, ly), (rx, ry), _, (mx, my) = cv2.transform(landmarks[:4].reshape(-1, 1, 2), turn).reshape(-1, 2)
    distance = rx - lx
    if distance < 6:  # eyes not where they should be: nothing to compare
        return False
    edges = np.abs(np.diff(crop.astype(np.float32), axis=0))  # horizontal edges: brows, lids, lips
    eyes = _band(edges, (lx + rx) / 2, (ly + ry) / 2, 0.9 * distance, 0.3 * distance)
    mouth = _band(edges, mx, my, 0.5 * distance, 0.3 * distance)
    if eyes.size == 0 or mouth.size == 0 or eyes.mean() < 1.0:
        return False
    return float(mouth.mean()) < COVERED_RATIO * float(eyes.mean())


def _band(image: np.ndarray, cx: float, cy: float, half_width: float, half_height: float) -> np.ndarray:
    x0, x1 = int(max(0, cx - half_width)), int(min(image.shape[1], cx + half_width + 1))
    y0, y1 = int(max(0, cy - half_height)), int(min(image.shape[0], cy + half_height + 1))
    return image[y0:y1, x0:x1]


def unreadable(gray: np.ndarray, box, landmarks: np.ndarray | None) -> str | None:
    """The first of UNREADABLE that holds for this face, or None when it can be read.

    `gray`: (H, W) uint8 frame; `box`: (x, y, w, h) frame pixels; `landmarks`: the face's (K, 2) or None."""
    if too_close(box, gray.shape):
        return TOO_CLOSE
    if backlit(gray, box):
        return BACKLIT
    if mouth_covered(gray, box, landmarks):
        return COVERED
    return None


