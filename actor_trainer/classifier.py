"""The expression classifier: loads assets/model.keras + model.json and judges one 48x48 face fast.

Fast path: the Keras layers are read once and rebuilt as one plain TensorFlow graph of conv / bias /
relu / pool / matmul ops with batch normalisation and the input rescaling folded into the
convolution weights. Measured on the 2-core development machine (benchmarks/pipeline.py,
docs/vision.md) this beats calling the Keras model through a tf.function, and it runs the flip
average as one batch of two. Layers the folding does not know, or a folded graph whose output
differs from Keras on a probe batch, fall back to the plain Keras model: slower, never wrong.

TensorFlow is imported only inside `load`, so importing this module stays cheap.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from actor_trainer import resources

log = logging.getLogger(__name__)

PROBE_TOLERANCE = 1e-4


class ModelError(Exception):
    """A missing or broken model, with a message that says what to do."""


class ExpressionClassifier:
    """`predict(face48)` -> probabilities in `classes` order (averaged with the mirror image when the
    model's metadata asks for it)."""

    def __init__(self, classes, batch_fn, flip_average: bool = False, backend: str = "keras", metadata=None):
        self.classes: tuple[str, ...] = tuple(classes)
        self.flip_average = flip_average
        self.backend = backend
        self.metadata = metadata or {}
        self._batch_fn = batch_fn  # (N, 48, 48, 1) float32 -> (N, classes) float32

    @classmethod
    def load(cls, model_dir: Path | None = None, fast: bool = True) -> ExpressionClassifier:
        model_dir = Path(model_dir) if model_dir else resources.assets_dir()
        metadata = read_metadata(model_dir)
        model = _load_keras_model(model_dir / metadata.get("model_file", "model.keras"))
        classes = tuple(metadata["classes"])
        outputs = int(model.outputs[0].shape[-1])
        if outputs != len(classes):
            raise ModelError(f"{model_dir / 'model.json'} lists {len(classes)} classes but the model has "
                             f"{outputs} outputs. Export the model again with `python -m training export`.")
        batch_fn, backend = _fast_or_keras(model) if fast else (_keras_function(model), "keras")
        return cls(classes, batch_fn, bool(metadata.get("flip_average", False)), backend, metadata)

    def predict(self, face48: np.ndarray) -> np.ndarray:
        """Probabilities for one (48, 48) uint8 face from preprocess_face."""
        return self.predict_batch(face48[None])[0]

    def predict_batch(self, faces: np.ndarray) -> np.ndarray:
        """Probabilities (N, classes) for (N, 48, 48) uint8 faces; the flip average runs as one batch."""
        x = np.asarray(faces, dtype=np.float32)[..., None]
        if not self.flip_average:
            return self._batch_fn(x)
        n = len(x)
        probs = self._batch_fn(np.concatenate([x, x[:, :, ::-1]]))
        return (probs[:n] + probs[n:]) / 2

    def probs_dict(self, probs: np.ndarray) -> dict[str, float]:
        return {name: float(p) for name, p in zip(self.classes, probs, strict=True)}


def read_metadata(model_dir: Path) -> dict:
    path = Path(model_dir) / "model.json"
    if not path.is_file():
        raise ModelError(f"No model found in {model_dir} (model.json is missing). Train and install one with "
                         "`python -m training train ...` then `python -m training export`, or point --model "
                         "(or ACTOR_TRAINER_ASSETS) at a folder holding model.keras and model.json.")
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
        classes = metadata["classes"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"{path} is broken ({error}); export the model again with `python -m training export`.") \
            from error
    if not isinstance(classes, list) or not classes or not all(isinstance(c, str) for c in classes):
        raise ModelError(f"{path}: 'classes' must be a non-empty list of expression names.")
    return metadata


def _load_keras_model(path: Path):
    if not path.is_file():
        raise ModelError(f"Model file {path} is missing; export the model again with `python -m training export`.")
    import keras

    try:
        return keras.models.load_model(path, compile=False)
    except Exception as error:  # keras raises many kinds for a damaged file
        raise ModelError(f"Cannot load the model {path}: {error}. Export it again with "
                         "`python -m training export`.") from error


def _keras_function(model):
    import tensorflow as tf

    call = tf.function(lambda x: model(x, training=False), reduce_retracing=True)
    return lambda x: call(tf.constant(x)).numpy()


def _fast_or_keras(model):
    """The folded graph when it can be built and agrees with Keras, else the plain Keras call."""
    try:
        fast = _folded_function(model)
        probe = np.random.default_rng(0).uniform(0, 255, (2, *model.inputs[0].shape[1:])).astype(np.float32)
        difference = float(np.abs(fast(probe) - np.asarray(model(probe, training=False))).max())
        if difference < PROBE_TOLERANCE:
            return fast, "folded-graph"
        log.warning("folded model differs from Keras by %.2g; using the Keras model", difference)
    except UnsupportedModel as reason:
        log.info("fast path not available (%s); using the Keras model", reason)
    except Exception as error:  # any failure here must leave a working (slower) classifier
        log.warning("fast path failed (%s); using the Keras model", error)
    return _keras_function(model), "keras"


class UnsupportedModel(Exception):
    pass


def fold_layers(model) -> list[tuple]:
    """The model as a list of plain ops, BatchNormalization and Rescaling folded into convolutions.

    Ops: ("affine", scale, offset), ("conv", kernel, bias, strides, padding), ("dense", kernel, bias),
    ("act", name), ("maxpool"|"avgpool", size, strides, padding), ("gap",), ("flatten",).
    """
    ops: list[list] = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind in ("InputLayer", "Dropout", "SpatialDropout2D", "GaussianNoise", "ActivityRegularization"):
            continue
        if kind == "Rescaling":
            ops.append(["affine", np.float32(layer.scale), np.float32(layer.offset)])
        elif kind == "Conv2D":
            _check(layer.get_config().get("dilation_rate") in ((1, 1), [1, 1], 1) and layer.groups == 1, layer)
            kernel = _np(layer.kernel)
            bias = _np(layer.bias) if layer.use_bias else np.zeros(kernel.shape[-1], np.float32)
            ops.append(["conv", kernel, bias, layer.strides, layer.padding.upper()])
            _append_activation(ops, _activation_name(layer))
        elif kind == "Dense":
            kernel = _np(layer.kernel)
            bias = _np(layer.bias) if layer.use_bias else np.zeros(kernel.shape[-1], np.float32)
            ops.append(["dense", kernel, bias])
            _append_activation(ops, _activation_name(layer))
        elif kind == "BatchNormalization":
            _fold_batch_norm(ops, layer)
        elif kind == "Activation":
            _append_activation(ops, _activation_name(layer))
        elif kind == "ReLU" and not any(layer.get_config().get(k) for k in ("max_value", "negative_slope",
                                                                            "threshold")):
            ops.append(["act", "relu"])
        elif kind in ("MaxPooling2D", "AveragePooling2D"):
            ops.append(["maxpool" if kind.startswith("Max") else "avgpool", layer.pool_size, layer.strides,
                        layer.padding.upper()])
        elif kind == "GlobalAveragePooling2D" and not layer.keepdims:
            ops.append(["gap"])
        elif kind == "Flatten":
            ops.append(["flatten"])
        else:
            raise UnsupportedModel(f"layer {layer.name} ({kind})")
    _fold_input_affine(ops)
    return [tuple(op) for op in ops]


def _append_activation(ops: list[list], name: str) -> None:
    if name != "linear":
        ops.append(["act", name])


def _check(condition: bool, layer) -> None:
    if not condition:
        raise UnsupportedModel(f"layer {layer.name} configuration")


def _np(variable) -> np.ndarray:
    return np.asarray(variable.numpy() if hasattr(variable, "numpy") else variable, dtype=np.float64)


def _activation_name(layer) -> str:
    name = getattr(layer.activation, "__name__", str(layer.activation))
    if name not in ("linear", "relu", "softmax"):
        raise UnsupportedModel(f"activation {name} in {layer.name}")
    return name


def _fold_batch_norm(ops: list[list], layer) -> None:
    axis = layer.axis if isinstance(layer.axis, int) else layer.axis[0]
    if axis not in (-1, 3) or not ops or ops[-1][0] != "conv" and ops[-1][0] != "dense":
        raise UnsupportedModel(f"batch normalization {layer.name} not directly after a conv/dense layer")
    gamma = _np(layer.gamma) if layer.scale else 1.0
    beta = _np(layer.beta) if layer.center else 0.0
    scale = gamma / np.sqrt(_np(layer.moving_variance) + layer.epsilon)
    ops[-1][1] = ops[-1][1] * scale
    ops[-1][2] = (ops[-1][2] - _np(layer.moving_mean)) * scale + beta


def _fold_input_affine(ops: list[list]) -> None:
    """x * s + o before the first conv/dense becomes part of its weights: conv(x*s+o) = conv_{k*s}(x) + o*sum(k).

    Only valid with VALID padding or o == 0 (SAME pads with zeros, which the offset would shift)."""
    while ops and ops[0][0] == "affine":
        _, scale, offset = ops.pop(0)
        first = ops[0] if ops else None
        if first is None or first[0] not in ("conv", "dense") or (offset and first[0] == "conv"
                                                                   and first[4] != "VALID"):
            raise UnsupportedModel("input rescaling not followed by a foldable layer")
        kernel = first[1]
        first[2] = first[2] + offset * kernel.reshape(-1, kernel.shape[-1]).sum(axis=0)
        first[1] = kernel * scale


def _folded_function(model):
    import tensorflow as tf

    ops = fold_layers(model)
    constants = [tuple(tf.constant(np.asarray(a, np.float32)) if isinstance(a, np.ndarray) else a for a in op)
                 for op in ops]

    @tf.function(input_signature=[tf.TensorSpec([None, *model.inputs[0].shape[1:]], tf.float32)])
    def forward(x):
        for op in constants:
            x = _apply(tf, op, x)
        return x

    return lambda x: forward(x).numpy()


def _apply(tf, op, x):
    kind = op[0]
    if kind == "conv":
        return tf.nn.bias_add(tf.nn.conv2d(x, op[1], op[3], op[4]), op[2])
    if kind == "dense":
        return tf.nn.bias_add(tf.matmul(x, op[1]), op[2])
    if kind == "act":
        return tf.nn.relu(x) if op[1] == "relu" else tf.nn.softmax(x)
    if kind == "maxpool":
        return tf.nn.max_pool2d(x, op[1], op[2], op[3])
    if kind == "avgpool":
        return tf.nn.avg_pool2d(x, op[1], op[2], op[3])
    if kind == "gap":
        return tf.reduce_mean(x, axis=[1, 2])
    if kind == "flatten":
        return tf.reshape(x, [tf.shape(x)[0], -1])
    raise UnsupportedModel(kind)
