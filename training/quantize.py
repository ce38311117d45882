"""Post-training int8 quantization: the Keras model becomes the LiteRT (TensorFlow Lite) file the app runs.

Weights and activations are int8, input and output stay float32 (raw 0..255 pixels in, probabilities
out), so the app feeds it exactly what it feeds the Keras model. Activation ranges are calibrated on
training images and their mirror images only, never on validation data.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

CALIBRATION_IMAGES = 500


def calibration_sample(images: np.ndarray, count: int = CALIBRATION_IMAGES, seed: int = 0) -> np.ndarray:
    """`count` random training faces (N, 48, 48) plus their mirror images, since the app runs both."""
    rng = np.random.default_rng(seed)
    chosen = images[rng.choice(len(images), size=min(count, len(images)), replace=False)]
    return np.concatenate([chosen, chosen[:, :, ::-1]])


def to_litert(model, calibration_faces: np.ndarray | None = None) -> bytes:
    """The model as a .tflite flatbuffer: int8 when calibration faces are given, else float32 (for
    comparison). Needs TensorFlow; the app itself does not."""
    import tensorflow as tf

    def representative_data():
        for face in calibration_faces:
            yield [face.astype(np.float32)[None, ..., None]]

    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "saved_model"
        model.export(str(saved), format="tf_saved_model", verbose=False)
        converter = tf.lite.TFLiteConverter.from_saved_model(str(saved))
        if calibration_faces is None:
            return converter.convert()
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative_data
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        return converter.convert()
