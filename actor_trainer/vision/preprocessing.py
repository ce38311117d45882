"""The one preprocessing function shared by training and the app.

Whatever the source (a FER2013 crop, a webcam crop, a colour photo), the model sees a 48x48
grayscale uint8 image. Scaling to [0, 1] happens inside the model, so nothing else can drift.
"""

import cv2
import numpy as np

from actor_trainer.vision.images import to_uint8

INPUT_SIZE = 48
PREPROCESSING_NAME = "gray-48x48-uint8 (cv2 BGR->gray, INTER_AREA down / INTER_LINEAR up; model rescales 1/255)"


def preprocess_face(image: np.ndarray) -> np.ndarray:
    """Convert a face crop of any size and colour to the model input: (48, 48) uint8 grayscale."""
    if image is None or image.size == 0:
        raise ValueError("empty image")
    gray = _to_gray(image)
    if gray.shape != (INPUT_SIZE, INPUT_SIZE):
        shrinking = gray.shape[0] > INPUT_SIZE or gray.shape[1] > INPUT_SIZE
        interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
        gray = cv2.resize(gray, (INPUT_SIZE, INPUT_SIZE), interpolation=interpolation)
    return np.ascontiguousarray(gray, dtype=np.uint8)


def _to_gray(image: np.ndarray) -> np.ndarray:
    if image.dtype != np.uint8:
        image = to_uint8(image)
    if image.ndim == 2:
        return image
    channels = image.shape[2]
    if channels == 1:
        return image[:, :, 0]
    if channels == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if channels == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    raise ValueError(f"unsupported image shape {image.shape}")
