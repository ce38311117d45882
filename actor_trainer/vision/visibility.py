"""Whether a found face can be read: too close to be whole, lit from behind, the mouth hidden, blurred.

Each check looks at what the pipeline already has (the face box, the grayscale frame, the eye-levelled
crop) with a few array statistics, well under a tenth of a millisecond per frame; thresholds and their
measurements are in docs/vision.md ("What is in the way"). A face that cannot be read is found but not
judged: the child is told why and the clock stops. Pure: OpenCV and NumPy only.
"""

from __future__ import annotations

# Conditions, worst first (the pipeline's CAMERA_CONDITIONS puts them after too_dark).
TOO_CLOSE, BACKLIT, COVERED, BLURRED = "too_close", "backlit", "covered", "blurred"
UNREADABLE = (TOO_CLOSE, BACKLIT, COVERED, BLURRED)

# Too close: a big face (box over CLOSE_MIN_HEIGHT of the frame's height) of which the frame cuts off more
# than CLOSE_CUT of the box's height or width, or a box taller than the frame. A face 720 px high in a
# 640x480 frame is cut by a quarter or more; a whole face at arm's length fills under 0.6 of the height.
CLOSE_MIN_HEIGHT = 0.6
CLOSE_CUT = 0.12


def too_close(box, frame_shape: tuple[int, ...]) -> bool:
    """Whether the face is so close to the camera that the frame cannot hold it whole.

    `box`: (x, y, w, h) in frame pixels (it may reach outside the frame); `frame_shape`: (H, W, ...)."""
    x, y, w, h = box
    height, width = frame_shape[:2]
    if w <= 0 or h <= 0 or h < CLOSE_MIN_HEIGHT * height:
        return False
    if h > height:
        return True
    cut_y = (max(0, -y) + max(0, y + h - height)) / h
    cut_x = (max(0, -x) + max(0, x + w - width)) / w
    return max(cut_x, cut_y) > CLOSE_CUT


def unreadable(box, frame_shape: tuple[int, ...]) -> str | None:
    """The first of UNREADABLE that holds for this face, or None when it can be read."""
    if too_close(box, frame_shape):
        return TOO_CLOSE
    return None


