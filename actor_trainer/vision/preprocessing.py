"""The one preprocessing function shared by training and the app.

Whatever the source (a FER2013 crop, a webcam crop, a colour photo), the model sees a 48x48
grayscale uint8 image whose brightness and contrast are normalised per crop, so a face in a dim
room reads like the same face in daylight. Scaling to [0, 1] happens inside the model.
"""

import cv2
import numpy as np

from actor_trainer.vision.images import to_uint8

INPUT_SIZE = 48
# Per-crop standardisation: every crop gets this mean and standard deviation (0..255 scale).
# Chosen by measurement over CAFE children at exposure x0.35 and x0.25 with noise (docs/vision.md,
# "Photometric normalisation"): it held the plain figure, histogram equalisation and CLAHE did not.
TARGET_MEAN = 128.0
TARGET_STD = 48.0
MIN_STD = 2.0  # a nearly flat crop is not stretched into noise
PREPROCESSING_NAME = ("gray-48x48-uint8-standardised (cv2 BGR->gray, INTER_AREA down / INTER_LINEAR up, "
                      f"per-crop mean {TARGET_MEAN:g} std {TARGET_STD:g}; model rescales 1/255)")


def preprocess_face(image: np.ndarray) -> np.ndarray:
    """A face crop of any size and colour -> the model input, (48, 48) uint8 grayscale.

    Steps: to 8-bit grayscale, resize to 48x48 (INTER_AREA when shrinking), then per-crop
    standardisation to mean TARGET_MEAN and standard deviation TARGET_STD (clipped to 0..255).
    Raises ValueError for an empty image or an unsupported shape.
    """
    if image is None or image.size == 0:
        raise ValueError("empty image")
    gray = to_gray(image)
    if gray.shape != (INPUT_SIZE, INPUT_SIZE):
        shrinking = gray.shape[0] > INPUT_SIZE or gray.shape[1] > INPUT_SIZE
        interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
        gray = cv2.resize(gray, (INPUT_SIZE, INPUT_SIZE), interpolation=interpolation)
    return standardise(gray)


def standardise(gray: np.ndarray) -> np.ndarray:
    """Per-image standardisation of a uint8 grayscale image: mean TARGET_MEAN, std TARGET_STD, uint8."""
    pixels = gray.astype(np.float32)
    mean, std = float(pixels.mean()), float(pixels.std())
    scaled = (pixels - mean) * (TARGET_STD / max(std, MIN_STD)) + TARGET_MEAN
    return np.ascontiguousarray(np.clip(np.rint(scaled), 0, 255), dtype=np.uint8)


def to_gray(image: np.ndarray) -> np.ndarray:
    """(H, W) uint8 grayscale of a grayscale, BGR or BGRA image (H, W[, C]) of any dtype; the one conversion the
    pipeline (faces.gray_frame) and training make. Raises ValueError for other channel counts."""
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
