"""The expression classifier: loads the model named in model.json and judges one 48x48 face fast.

Fast path: the exported int8 LiteRT (TensorFlow Lite) file, model.tflite, run by the LiteRT
interpreter (XNNPACK). It needs no TensorFlow import, so the app starts in a fraction of a second,
and it runs the flip average as one batch of two (figures in docs/vision.md). When model.json names
no `runtime_file`, the Keras model runs through a tf.function: slower, same answer.

TensorFlow and LiteRT are imported only when a model is loaded, so importing this module stays cheap.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from actor_trainer import resources
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.play.levels import LevelsError, parse_levels

LITERT_THREADS = 2  # the development machine's cores; 1 vs 2 measured in benchmarks/runtimes.py


class ModelError(Exception):
    """A missing or broken model, with a message that says what to do."""


class ExpressionClassifier:
    """`predict(face48)` -> probabilities in `classes` order (averaged with the mirror image when the
    model's metadata asks for it)."""

    def __init__(self, classes, batch_fn, flip_average: bool = False, backend: str = "keras", metadata=None,
                 temperature: float = 1.0):
        self.classes: tuple[str, ...] = tuple(classes)
        self.flip_average = flip_average
        self.backend = backend
        self.metadata = metadata or {}
        self.temperature = temperature  # from model.json; 1.0 leaves the probabilities as the network gives them
        self._batch_fn = batch_fn  # (N, 48, 48, 1) float32 -> (N, classes) float32

    @classmethod
    def load(cls, model_dir: Path | None = None, fast: bool = True) -> ExpressionClassifier:
        """The model in `model_dir` (default: the shipped assets); `fast=False` skips the LiteRT file."""
        model_dir = Path(model_dir) if model_dir else resources.assets_dir()
        metadata = read_metadata(model_dir)
        runtime_file = metadata.get("runtime_file") if fast else None
        path = model_dir / (runtime_file or metadata.get("model_file", "model.keras"))
        return cls.from_file(path, metadata)

    @classmethod
    def from_file(cls, path: Path, metadata: dict) -> ExpressionClassifier:
        """A .tflite or .keras file with its metadata (at least `classes`)."""
        path = Path(path)
        if not path.is_file():
            raise ModelError(f"Model file {path} is missing; export the model again with "
                             "`python -m training export`.")
        if path.suffix == ".tflite":
            batch_fn, outputs, backend = litert_function(path)
        else:
            model = load_keras_model(path)
            batch_fn, outputs, backend = keras_function(model), int(model.outputs[0].shape[-1]), "keras"
        classes = tuple(metadata["classes"])
        if outputs != len(classes):
            raise ModelError(f"{path.with_name('model.json')} lists {len(classes)} classes but {path.name} has "
                             f"{outputs} outputs. Export the model again with `python -m training export`.")
        return cls(classes, batch_fn, bool(metadata.get("flip_average", False)), backend, metadata,
                   float(metadata.get("temperature", 1.0)))

    def predict(self, face48: np.ndarray) -> np.ndarray:
        """Probabilities for one (48, 48) uint8 face from preprocess_face."""
        return self.predict_batch(face48[None])[0]

    def predict_batch(self, faces: np.ndarray) -> np.ndarray:
        """Probabilities (N, classes) for (N, 48, 48) uint8 faces; the flip average runs as one batch."""
        x = np.asarray(faces, dtype=np.float32)[..., None]
        if not len(x):
            return np.zeros((0, len(self.classes)), np.float32)
        if not self.flip_average:
            return scale_temperature(self._batch_fn(x), self.temperature)
        n = len(x)
        probs = self._batch_fn(np.concatenate([x, x[:, :, ::-1]]))
        return scale_temperature((probs[:n] + probs[n:]) / 2, self.temperature)

    def probs_dict(self, probs: np.ndarray) -> dict[str, float]:
        return {name: float(p) for name, p in zip(self.classes, probs, strict=True)}


def scale_temperature(probs: np.ndarray, temperature: float) -> np.ndarray:
    """Temperature scaling of the final probabilities, softmax(log(p) / T): T > 1 softens overconfident
    output, T < 1 sharpens underconfident output; the top class never changes."""
    if temperature == 1.0:
        return probs
    scaled = np.log(np.maximum(probs, 1e-7)) / temperature
    scaled -= scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    return (exp / exp.sum(axis=-1, keepdims=True)).astype(np.float32)


def read_metadata(model_dir: Path) -> dict:
    path = Path(model_dir) / "model.json"
    if not path.is_file():
        raise ModelError(f"No model found in {model_dir} (model.json is missing). Train and install one with "
                         "`python -m training train ...` then `python -m training export`, or point --model "
                         "(or ACTOR_TRAINER_ASSETS) at a folder holding model.json and its model files.")
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"{path} is broken ({error}); export the model again with `python -m training export`.") \
            from error
    problem = metadata_problem(metadata)
    if problem:
        raise ModelError(f"{path}: {problem}. Export the model again with `python -m training export`.")
    return metadata


_FILE_FIELDS = ("model_file", "runtime_file")


def metadata_problem(metadata) -> str | None:
    """The first wrong field of model.json in words, or None when every field the app reads is right."""
    if not isinstance(metadata, dict):
        return "it must hold one JSON object"
    classes = metadata.get("classes")
    if not isinstance(classes, list) or not classes or not all(isinstance(c, str) for c in classes):
        return "'classes' must be a non-empty list of expression names"
    unknown = [name for name in classes if name not in EXPRESSIONS]
    if unknown:
        return f"'classes' names unknown expressions {unknown} (known: {', '.join(EXPRESSIONS)})"
    if len(set(classes)) != len(classes):
        return "'classes' lists an expression twice"
    for key in _FILE_FIELDS:
        value = metadata.get(key)
        if value is not None and (not isinstance(value, str) or not value or Path(value).name != value):
            return f"'{key}' must be a file name in the model folder, not {value!r}"
    if "flip_average" in metadata and not isinstance(metadata["flip_average"], bool):
        return f"'flip_average' must be true or false, not {metadata['flip_average']!r}"
    temperature = metadata.get("temperature", 1.0)
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not 0.05 <= temperature <= 20:
        return f"'temperature' must be a number between 0.05 and 20, not {temperature!r}"
    if "levels" in metadata:
        try:
            parse_levels(metadata["levels"], classes)
        except LevelsError as error:
            return str(error)
    return None


NEEDS_TRAINING_PACKAGES = ('needs TensorFlow and Keras, which installing the game leaves out: install them '
                           'with pip install ".[train]", or export the model with `python -m training export` '
                           'so that model.json names a model.tflite')


def load_keras_model(path: Path):
    try:
        import keras
    except ImportError as error:
        raise ModelError(f"The model {path} {NEEDS_TRAINING_PACKAGES}.") from error

    try:
        return keras.models.load_model(path, compile=False)
    except Exception as error:  # keras raises many kinds for a damaged file
        raise ModelError(f"Cannot load the model {path}: {error}. Export it again with "
                         "`python -m training export`.") from error


def keras_function(model):
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ModelError(f"Running a Keras model {NEEDS_TRAINING_PACKAGES}.") from error

    call = tf.function(lambda x: model(x, training=False), reduce_retracing=True)
    return lambda x: call(tf.constant(x)).numpy()


def _litert_interpreter_class():
    """LiteRT's interpreter; TensorFlow's built-in copy where the ai-edge-litert wheel does not exist."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        try:
            import tensorflow as tf
        except ImportError as error:
            raise ModelError("Neither LiteRT (pip install ai-edge-litert) nor TensorFlow is installed; "
                             "install the game again with pip install .") from error
        Interpreter = tf.lite.Interpreter
    return Interpreter


def litert_function(path: Path, threads: int = LITERT_THREADS):
    """(batch function, number of outputs, backend name) for a .tflite file."""
    try:
        interpreter = _litert_interpreter_class()(model_path=str(path), num_threads=threads)
        interpreter.allocate_tensors()
    except (ValueError, RuntimeError) as error:
        raise ModelError(f"Cannot load the model {path}: {error}. Export it again with "
                         "`python -m training export`.") from error
    source = interpreter.get_input_details()[0]
    target = interpreter.get_output_details()[0]
    outputs = int(target["shape"][-1])
    batch = [int(source["shape"][0])]
    lock = threading.Lock()  # an interpreter must not run in two threads (a retiring worker and its successor)

    def run(x: np.ndarray) -> np.ndarray:
        with lock:
            if len(x) != batch[0]:
                interpreter.resize_tensor_input(source["index"], [len(x), *x.shape[1:]])
                interpreter.allocate_tensors()
                batch[0] = len(x)
            interpreter.set_tensor(source["index"], np.ascontiguousarray(x, dtype=np.float32))
            interpreter.invoke()
            probs = interpreter.get_tensor(target["index"])
        return probs / probs.sum(axis=1, keepdims=True)  # int8 steps of 1/256 leave sums near, not at, 1

    return run, outputs, "litert"
