"""Batch prediction as the app does it, so evaluation measures what the game will see."""

from __future__ import annotations

import numpy as np


def predict_probs(model, images: np.ndarray, flip_average: bool = False, batch_size: int = 256) -> np.ndarray:
    """Class probabilities for (N, 48, 48) uint8 images; optionally averaged with the mirror image."""
    x = images.astype(np.float32)[..., None]
    probs = model.predict(x, batch_size=batch_size, verbose=0)
    if flip_average:
        probs = (probs + model.predict(x[:, :, ::-1], batch_size=batch_size, verbose=0)) / 2
    return np.asarray(probs, dtype=np.float32)
