"""Whether a found face can be read: too close to be whole, lit from behind, the mouth, the brows or the eyes hidden.

Each check looks at what the pipeline already has (the face box, the grayscale frame, the colour frame for
the brows, an eye-levelled crop or patch) with a few array statistics, all of them together a few tenths of a
millisecond per frame (benchmarks/detection.py's checks_cpu_ms); thresholds and their
measurements are in docs/vision.md ("What is in the way"). A face that cannot be read is found but not
judged: the child is told why and the clock stops. Pure: OpenCV and NumPy only.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from actor_trainer.vision.faces import eye_angle, square_crop_box

# Conditions, worst first (the pipeline's CAMERA_CONDITIONS puts them after too_dark). Blur is not among them:
# no sharpness rule spared plain small and dim faces, and the model reads most blurred faces as on the sharp
# frame (docs/vision.md); benchmarks/detection.py measures blurred frames all the same.
TOO_CLOSE, BACKLIT, COVERED = "too_close", "backlit", "covered"
BROWS_HIDDEN, GLARE = "brows_hidden", "glare"
UNREADABLE = (TOO_CLOSE, BACKLIT, COVERED, BROWS_HIDDEN, GLARE)

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
# mouth can keep enough horizontal edges to pass; the upright-edge rule below catches some of them.
COVERED_RATIO = 0.3
# Fingers spread across the mouth, or a scarf with upright stripes, keep horizontal edges but add upright ones:
# the mouth band's upright-edge detail over FINGERS_RATIO times its horizontal (a lip line and teeth are wider than
# high: plain faces 1.45 at the most over 600 frames of an exploration, children 1.07; own finger frames median 1.7).
FINGERS_RATIO = 1.8
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
    if float(mouth.mean()) < COVERED_RATIO * float(eyes.mean()):
        return True
    upright = _band(np.abs(np.diff(crop.astype(np.float32), axis=1)), mx, my, 0.5 * distance, 0.3 * distance)
    return float(upright.mean()) > FINGERS_RATIO * float(mouth.mean())


def _band(image: np.ndarray, cx: float, cy: float, half_width: float, half_height: float) -> np.ndarray:
    x0, x1 = int(max(0, cx - half_width)), int(min(image.shape[1], cx + half_width + 1))
    y0, y1 = int(max(0, cy - half_height)), int(min(image.shape[0], cy + half_height + 1))
    return image[y0:y1, x0:x1]


# The upper face is looked at in an eye-levelled patch scaled so that the eyes lie _EYES px apart, the point between
# them at (_MID_X, _MID_Y); regions are given in eye distances along the eye line (a) and down from it (b).
_EYES, _PATCH, _MID_X, _MID_Y = 24.0, (48, 32), 24, 14  # 0.9 eye distances each side, 0.55 up, 0.75 down


def _eye_patch(image: np.ndarray, landmarks: np.ndarray) -> np.ndarray | None:
    """`image` ((H, W) or (H, W, 3)) turned so that the eyes are level and scaled to _EYES px between them:
    (32, 48[, 3]) of its dtype; None when the eyes are under 6 px apart."""
    (lx, ly), (rx, ry) = (float(v) for v in landmarks[0]), (float(v) for v in landmarks[1])
    distance = math.hypot(rx - lx, ry - ly)
    if distance < 6:
        return None
    mid = ((lx + rx) / 2, (ly + ry) / 2)
    turn = cv2.getRotationMatrix2D(mid, eye_angle(landmarks), _EYES / distance)
    turn[:, 2] += (_MID_X - mid[0], _MID_Y - mid[1])
    return cv2.warpAffine(image, turn, _PATCH, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)


def _region(patch: np.ndarray, a0: float, a1: float, b0: float, b1: float) -> np.ndarray:
    """The patch's pixels from a0 to a1 eye distances along the eye line and b0 to b1 down from it."""
    return patch[int(round(_MID_Y + b0 * _EYES)):int(round(_MID_Y + b1 * _EYES)),
                 int(round(_MID_X + a0 * _EYES)):int(round(_MID_X + a1 * _EYES))]


FRONTAL_NOSE = 0.3


def _frontal(landmarks: np.ndarray) -> bool:
    """The nose tip (landmark 2) within FRONTAL_NOSE eye distances of the eyes' midpoint along the eye line: the
    regions of the brow and eye checks lie where they are meant to (a turned head has its own message)."""
    left, right, nose = landmarks[0], landmarks[1], landmarks[2]
    eyes = right - left
    return abs(float(np.dot(nose - (left + right) / 2, eyes))) <= FRONTAL_NOSE * float(np.dot(eyes, eyes))


# The brows hidden (a fringe, a hat band, a cap pulled down): skin is what shows between the eyes and the brows, at
# the brows' ends and between the brows; a cover over the brows leaves none. A pixel is skin-like when its
# lightness is within SKIN_LIGHTNESS of the mean of the cheek below the same eye (Lab L) and its colour within
# SKIN_COLOUR Lab units of it (gray frames: lightness only). Hidden: on both sides the band from 0.15 to 0.45 eye
# distances above each eye (0.8 wide) holds under BROWS_SKIN skin-like pixels, and so does the patch between the
# brows (0.24 wide). Measured (docs/vision.md, "What is in the way") on benchmarks/detection.py's plain, tilted,
# small and dim frames: children (cafe-dev) 0 of 400 (at 0.1, 3: one child's fringe lies on her brows),
# photos-dev 4 of 400, yale 14 of 400 (a woman whose fringe reaches her eyes, a man in sunglasses: hidden indeed);
# its generated fringes, hat bands and caps 0.88-0.94 caught. A cover in skin colours passes: the check errs
# toward letting the child play.
SKIN_LIGHTNESS = 0.15
SKIN_COLOUR = 12.0
BROWS_SKIN = 0.05


def brows_hidden(frame: np.ndarray, landmarks: np.ndarray | None) -> bool:
    """Whether hair or a hat hides the brows. `frame`: (H, W, 3) BGR or (H, W) gray uint8; `landmarks`:
    BlazeFace's (K >= 3, 2) frame pixels (eyes, nose tip); False with fewer (the Haar fallback) or a turned head."""
    patch = _frontal_patch(frame, landmarks)
    return patch is not None and _brows_hidden_in(patch)


def _frontal_patch(frame: np.ndarray, landmarks: np.ndarray | None) -> np.ndarray | None:
    """`_eye_patch` of a frontal face with BlazeFace's eyes and nose tip, else None."""
    if landmarks is None or len(landmarks) < 3 or not _frontal(landmarks):
        return None
    return _eye_patch(frame, landmarks)


def _brows_hidden_in(patch: np.ndarray) -> bool:
    """`brows_hidden` on an `_eye_patch` (BGR or gray uint8)."""
    lab = cv2.cvtColor(patch, cv2.COLOR_BGR2LAB) if patch.ndim == 3 else \
        np.dstack([patch, np.full_like(patch, 128), np.full_like(patch, 128)])
    cheeks = []
    for eye in (-0.5, 0.5):
        cheek = np.float32(cv2.mean(_region(lab, eye - 0.15, eye + 0.15, 0.4, 0.65))[:3])
        if _skin_share(_region(lab, eye - 0.4, eye + 0.4, -0.45, -0.15), cheek) >= BROWS_SKIN:
            return False
        cheeks.append(cheek)
    return _skin_share(_region(lab, -0.12, 0.12, -0.5, -0.2), (cheeks[0] + cheeks[1]) / 2) < BROWS_SKIN


def _skin_share(region: np.ndarray, skin: np.ndarray) -> float:
    """The share of `region`'s Lab pixels ((h, w, 3)) like `skin` (Lab): SKIN_LIGHTNESS, SKIN_COLOUR."""
    pixels = region.reshape(-1, 3).astype(np.float32)
    if pixels.size == 0:
        return 1.0
    alike = (np.abs(pixels[:, 0] - skin[0]) < SKIN_LIGHTNESS * max(float(skin[0]), 20.0)) & \
        (np.hypot(pixels[:, 1] - skin[1], pixels[:, 2] - skin[2]) < SKIN_COLOUR)
    return float(alike.mean())


# The eyes hidden by glare (a lamp or a window shining on glasses): over either eye the patch around the pupil
# (0.2 x 0.16 eye distances), dark on plain faces, has a median gray of at least GLARE_LEVEL, GLARE_OVER_SKIN above
# the cheeks' mean and GLARE_OVER_NOSE above the brightest tenth of the nose's ridge, and even its darkest tenth is
# GLARE_DARKEST over the cheeks (no lashes). Lids squeezed shut (disgust, anger) in strong light are as bright as
# glare against shadowed cheeks: without the nose and lash rules, 4 of 578 cafe-dev and 25 of 818 photos-dev photos
# were called glare; with them 0 and 8. Measured on benchmarks/detection.py's frames (docs/vision.md): 0 of its 1,200
# plain, tilted, small and dim frames; generated glare caught on most adults' faces but almost no children's,
# whose faces there are lit nearly as brightly as the glare: glare no brighter than the face passes.
GLARE_LEVEL = 170
GLARE_OVER_SKIN = 40
GLARE_DARKEST = 10  # the pupil patch's darkest tenth over the cheeks
GLARE_OVER_NOSE = 15  # over the brightest tenth of the nose's ridge


def eyes_glared(gray: np.ndarray, landmarks: np.ndarray | None) -> bool:
    """Whether glare hides an eye. `gray`: (H, W) uint8 frame; `landmarks`: (K >= 3, 2) frame pixels (eyes, nose
    tip); False with fewer or a turned head."""
    patch = _frontal_patch(gray, landmarks)
    return patch is not None and _glared_in(patch)


def _glared_in(patch: np.ndarray) -> bool:
    """`eyes_glared` on a gray `_eye_patch`."""
    skin = sum(cv2.mean(_region(patch, eye - 0.15, eye + 0.15, 0.4, 0.65))[0] for eye in (-0.5, 0.5)) / 2
    lit = float(np.percentile(_region(patch, -0.2, 0.2, 0.0, 0.55), 90))  # the nose's ridge, lit as the lids are
    bright = max(GLARE_LEVEL, skin + GLARE_OVER_SKIN, lit + GLARE_OVER_NOSE)
    for eye in (-0.5, 0.5):
        pupil = _region(patch, eye - 0.1, eye + 0.1, -0.08, 0.08)
        # a lid squeezed shut is as bright as glare in some light, but its lashes leave a dark line
        if float(np.median(pupil)) >= bright and float(np.percentile(pupil, 10)) >= skin + GLARE_DARKEST:
            return True
    return False


def _upper_face(frame: np.ndarray, landmarks: np.ndarray | None) -> str | None:
    """BROWS_HIDDEN, GLARE or None, from one `_eye_patch` of `frame` (BGR or gray)."""
    patch = _frontal_patch(frame, landmarks)
    if patch is None:
        return None
    if _brows_hidden_in(patch):
        return BROWS_HIDDEN
    return GLARE if _glared_in(cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY) if patch.ndim == 3 else patch) else None


def unreadable(gray: np.ndarray, box, landmarks: np.ndarray | None, frame: np.ndarray | None = None) -> str | None:
    """The first of UNREADABLE that holds for this face, or None when it can be read.

    `gray`: (H, W) uint8 frame; `box`: (x, y, w, h) frame pixels; `landmarks`: the face's (K, 2) or None;
    `frame`: the same frame in BGR (H, W, 3) for the brows' colours, or None (gray only)."""
    if too_close(box, gray.shape):
        return TOO_CLOSE
    if backlit(gray, box):
        return BACKLIT
    if mouth_covered(gray, box, landmarks):
        return COVERED
    return _upper_face(frame if frame is not None and frame.ndim == 3 else gray, landmarks)
