"""The expression classifier: loads the model named in model.json and judges one 48x48 face fast.

Fast path: the exported int8 LiteRT (TensorFlow Lite) file, model.tflite, run by the LiteRT
interpreter (XNNPACK). It needs no TensorFlow import, so the app starts in a fraction of a second,
and it runs the flip average as one batch of two (figures in docs/vision.md). When model.json names
no `runtime_file`, the Keras model runs through a tf.function: slower, same answer.

TensorFlow and LiteRT are imported only when a model is loaded, so importing this module stays cheap.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from actor_trainer import files, resources
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.play.model_profile import LevelsError, ModelProfile

log = logging.getLogger(__name__)

LITERT_THREADS = 2  # the development machine's cores; 1 vs 2 measured in benchmarks/runtimes.py
MAX_METADATA_BYTES = 4_000_000  # model.json is about 20 KB
MAX_MODEL_BYTES = 512 * 2**20
# model.json fields export records for each file: (size in bytes, sha256), checked before the file loads
FILE_CHECKS = {"runtime_file": ("file_size", "file_sha256"), "model_file": ("keras_file_size", "keras_file_sha256")}


class ModelError(Exception):
    """A missing or broken model, with a message that says what to do (English, for the command line) and, as
    data for the game's model screen (ui/i18n.py model_problem_text), a `code` (one of MODEL_PROBLEMS) and the
    file or folder it is about (`path`)."""

    def __init__(self, message: str, code: str = "broken", path: Path | str | None = None):
        super().__init__(message)
        self.code, self.path = code, str(path) if path is not None else ""


# what can be wrong with a model, for ModelError.code
MODEL_PROBLEMS = ("missing", "unreadable", "broken", "damaged", "mismatch", "needs_packages", "no_runtime",
                  "nonfinite")
PROBE_GREY = 128  # the probe face at load: one mid-grey 48x48 frame, which any working model classifies


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

    @property
    def profile(self) -> ModelProfile:
        """The model's levels, temperature and calm reference, parsed once when the model was read."""
        if not isinstance(self.metadata, ModelProfile):
            self.metadata = ModelProfile.parse({"classes": list(self.classes), **self.metadata})
        return self.metadata

    @classmethod
    def load(cls, model_dir: Path | None = None, fast: bool = True) -> ExpressionClassifier:
        """The model in `model_dir` (default: the shipped assets); `fast=False` skips the LiteRT file."""
        model_dir = Path(model_dir) if model_dir else resources.assets_dir()
        metadata = read_metadata(model_dir)
        warn_about_crop(metadata, model_dir)
        runtime_file = metadata.get("runtime_file") if fast else None
        path = model_dir / (runtime_file or metadata.get("model_file", "model.keras"))
        return cls.from_file(path, metadata)

    @classmethod
    def from_file(cls, path: Path, metadata: Mapping) -> ExpressionClassifier:
        """A .tflite or .keras file with its metadata (at least `classes`; a ModelProfile from read_metadata).
        When the metadata records the file's size and sha256 (export does), a file that differs is refused
        as damaged before it loads."""
        path = Path(path)
        if not path.exists():
            raise ModelError(f"Model file {path} is missing; export the model again with "
                             "`python -m training export`.", "missing", path)
        check_model_file(path, metadata)
        if path.suffix == ".tflite":
            batch_fn, outputs, backend = litert_function(path)
        else:
            model = load_keras_model(path)
            batch_fn, outputs, backend = keras_function(model), int(model.outputs[0].shape[-1]), "keras"
        classes = tuple(metadata["classes"])
        if outputs != len(classes):
            raise ModelError(f"{path.with_name('model.json')} lists {len(classes)} classes but {path.name} has "
                             f"{outputs} outputs. Export the model again with `python -m training export`.",
                             "mismatch", path)
        probe_model(batch_fn, len(classes), path)
        model = cls(classes, batch_fn, bool(metadata.get("flip_average", False)), backend, metadata,
                    float(metadata.get("temperature", 1.0)))
        model.verified = bool(metadata.get(_hash_key(path, metadata) or "", None))
        return model

    def predict(self, face48: np.ndarray) -> np.ndarray:
        """Probabilities for one (48, 48) uint8 face from preprocess_face."""
        return self.predict_batch(face48[None])[0]

    verified = True  # the file's sha256 matched model.json (False: model.json recorded none; see from_file)

    def predict_batch(self, faces: np.ndarray) -> np.ndarray:
        """Probabilities (N, classes) for (N, 48, 48) uint8 faces; the flip average runs as one batch. A row
        that is not finite (a model that divides by zero on some face) becomes uniform: never shown as NaN."""
        return _finite_rows(self._predict_batch(faces))

    def _predict_batch(self, faces: np.ndarray) -> np.ndarray:
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


def probe_model(batch_fn, classes: int, path: Path) -> None:
    """Run one mid-grey (1, 48, 48, 1) frame through a freshly loaded model; raise ModelError ("mismatch") when
    it does not take that input or give (1, classes), ("nonfinite") when its output is not finite
    probabilities (all zeros, NaN, infinities) — found at load, never on the child's screen."""
    try:
        probs = np.asarray(batch_fn(np.full((1, 48, 48, 1), PROBE_GREY, np.float32)), dtype=np.float64)
    except Exception as error:  # LiteRT's ValueError for a wrong input size or type, and its kind
        raise ModelError(f"The model {path} does not take a 48x48 grey face ({_first_line(error)}). Export it "
                         "again with `python -m training export`.", "mismatch", path) from error
    if probs.shape != (1, classes):
        raise ModelError(f"The model {path} gives {probs.shape} for one face, not (1, {classes}). Export it again "
                         "with `python -m training export`.", "mismatch", path)
    if not np.all(np.isfinite(probs)) or np.any(probs < 0) or not abs(probs.sum() - 1) < 0.05:
        raise ModelError(f"The model {path} does not give probabilities (a test face gave {probs[0].round(3)}). "
                         "Export it again with `python -m training export`.", "nonfinite", path)


def _finite_rows(probs: np.ndarray) -> np.ndarray:
    bad = ~np.all(np.isfinite(probs), axis=-1)
    if np.any(bad):
        probs = probs.copy()
        probs[bad] = 1.0 / probs.shape[-1]
    return probs


def _hash_key(path: Path, metadata) -> str | None:
    """The model.json field holding the sha256 of `path` (file_sha256 or keras_file_sha256), or None."""
    for key, (_size_key, hash_key) in FILE_CHECKS.items():
        if metadata.get(key, "model.keras" if key == "model_file" else None) == Path(path).name:
            return hash_key
    return None


def scale_temperature(probs: np.ndarray, temperature: float) -> np.ndarray:
    """Temperature scaling of the final probabilities, softmax(log(p) / T): T > 1 softens overconfident
    output, T < 1 sharpens underconfident output; the top class never changes."""
    if temperature == 1.0:
        return probs
    scaled = np.log(np.maximum(probs, 1e-7)) / temperature
    scaled -= scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    return (exp / exp.sum(axis=-1, keepdims=True)).astype(np.float32)


def read_metadata(model_dir: Path) -> ModelProfile:
    """model.json in `model_dir`, checked field by field and parsed once into a ModelProfile (a mapping over
    the file's fields too). Raises ModelError naming the file and the first wrong field."""
    path = Path(model_dir) / "model.json"
    if not path.exists():
        raise ModelError(f"No model found in {model_dir} (model.json is missing). Train and install one with "
                         "`python -m training train ...` then `python -m training export`, or point --model "
                         "(or ACTOR_TRAINER_ASSETS) at a folder holding model.json and its model files.", "missing",
                         path)
    try:
        metadata = files.loads_json(files.read_regular(path, MAX_METADATA_BYTES).decode("utf-8"))
    except OSError as error:
        raise ModelError(f"{path} cannot be read ({error.strerror or error}); export the model again with "
                         "`python -m training export`.", "unreadable", path) from error
    except ValueError as error:  # not UTF-8, not JSON, nested too deeply
        raise ModelError(f"{path} is broken ({error}); export the model again with `python -m training export`.",
                         "broken", path) from error
    problem = _field_problem(metadata)
    if problem is None:
        try:
            return ModelProfile.parse(metadata)
        except LevelsError as error:
            problem = str(error)
    raise ModelError(f"{path}: {problem}. Export the model again with `python -m training export`.", "broken", path)


_FILE_FIELDS = ("model_file", "runtime_file")


def metadata_problem(metadata) -> str | None:
    """The first wrong field of model.json in words, or None when every field the app reads is right."""
    problem = _field_problem(metadata)
    if problem is None:
        try:
            ModelProfile.parse(metadata)
        except LevelsError as error:
            problem = str(error)
    return problem


def _field_problem(metadata) -> str | None:
    """The first wrong field of model.json other than its levels (ModelProfile.parse checks those)."""
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
    if classes != list(EXPRESSIONS):  # training labels every dataset by EXPRESSIONS.index: the output order
        return (f"'classes' must be the seven expressions in the models' output order ({', '.join(EXPRESSIONS)}), "
                f"not {', '.join(classes)}")
    for size_key, hash_key in FILE_CHECKS.values():
        size, digest = metadata.get(size_key), metadata.get(hash_key)
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size <= 0):
            return f"'{size_key}' must be the file's size in bytes, not {size!r}"
        if digest is not None and (not isinstance(digest, str) or len(digest) != 64
                                   or any(c not in "0123456789abcdef" for c in digest)):
            return f"'{hash_key}' must be a sha256 in hex, not {digest!r}"
    for key in _FILE_FIELDS:
        value = metadata.get(key)
        if value is not None and (not isinstance(value, str) or not value or Path(value).name != value):
            return f"'{key}' must be a file name in the model folder, not {value!r}"
    if "flip_average" in metadata and not isinstance(metadata["flip_average"], bool):
        return f"'flip_average' must be true or false, not {metadata['flip_average']!r}"
    crop = metadata.get("crop")
    version = crop.get("version") if isinstance(crop, dict) else None
    if crop is not None and not (isinstance(crop, dict) and isinstance(crop.get("id"), str)
                                 and isinstance(version, int) and not isinstance(version, bool)):
        return f"'crop' must name the face crop the model trained on (an object with id and version), not {crop!r}"
    temperature = metadata.get("temperature", 1.0)
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not 0.05 <= temperature <= 20:
        return f"'temperature' must be a number between 0.05 and 20, not {temperature!r}"
    return None


def crop_problem(metadata: Mapping) -> str | None:
    """Why the game's face crop is not the one the model trained on (model.json "crop"), or None."""
    from actor_trainer.vision.crop import crop_mismatch

    return crop_mismatch(metadata.get("crop"))


def warn_about_crop(metadata: Mapping, model_dir: Path) -> None:
    """Log a warning when the model in `model_dir` trained on another face crop than the game's: it still
    plays, but its measured figures and operating points do not hold."""
    problem = crop_problem(metadata)
    if problem:
        log.warning("%s: %s", Path(model_dir) / "model.json", problem)


def file_digest(path: Path) -> str:
    """sha256 of a model file in hex (regular files only, at most MAX_MODEL_BYTES)."""
    return hashlib.sha256(files.read_regular(path, MAX_MODEL_BYTES)).hexdigest()


def check_model_file(path: Path, metadata: dict) -> None:
    """Raise ModelError when `path` is not a regular file, or differs in size or sha256 from what model.json
    recorded for it (a copy cut short, flipped bytes, another model put in its place)."""
    recorded = [checks for key, checks in FILE_CHECKS.items()
                if metadata.get(key, "model.keras" if key == "model_file" else None) == path.name]
    size_key, hash_key = recorded[0] if recorded else (None, None)
    try:
        if hash_key and metadata.get(hash_key):
            data = files.read_regular(path, MAX_MODEL_BYTES)
            size, digest = len(data), hashlib.sha256(data).hexdigest()
        else:
            size, digest = len(files.read_regular(path, MAX_MODEL_BYTES)), None
    except OSError as error:
        raise ModelError(f"The model file {path} cannot be read ({error.strerror or error}); export the model "
                         "again with `python -m training export`.", "unreadable", path) from error
    expected_size = metadata.get(size_key) if size_key else None
    if expected_size is not None and size != expected_size:
        raise ModelError(f"The model file {path} is damaged: it has {size} bytes, model.json says {expected_size}. "
                         "Export the model again with `python -m training export`.", "damaged", path)
    if digest is not None and digest != metadata[hash_key]:
        raise ModelError(f"The model file {path} is damaged: its sha256 differs from the one in model.json. "
                         "Export the model again with `python -m training export`.", "damaged", path)


NEEDS_TRAINING_PACKAGES = ('needs TensorFlow and Keras, which installing the game leaves out: install them '
                           'with pip install ".[train]", or export the model with `python -m training export` '
                           'so that model.json names a model.tflite')


def load_keras_model(path: Path):
    try:
        import keras
    except ImportError as error:
        raise ModelError(f"The model {path} {NEEDS_TRAINING_PACKAGES}.", "needs_packages", path) from error

    try:
        return keras.models.load_model(path, compile=False)
    except Exception as error:  # keras raises many kinds for a damaged file ("File not found" among them)
        if Path(path).is_file():
            raise ModelError(f"Cannot load the model {path}: the file is damaged or incomplete (Keras: "
                             f"{_first_line(error)}). Export it again with `python -m training export`.", "damaged",
                             path) from error
        raise ModelError(f"Cannot load the model {path}: {error}. Export it again with "
                         "`python -m training export`.", "broken", path) from error


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else type(error).__name__


def keras_function(model):
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ModelError(f"Running a Keras model {NEEDS_TRAINING_PACKAGES}.", "needs_packages") from error

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
                             "install the game again with pip install .", "no_runtime") from error
        Interpreter = tf.lite.Interpreter
    return Interpreter


def litert_function(path: Path, threads: int = LITERT_THREADS):
    """(batch function, number of outputs, backend name) for a .tflite file."""
    try:
        interpreter = _litert_interpreter_class()(model_path=str(path), num_threads=threads)
        interpreter.allocate_tensors()
    except (ValueError, RuntimeError) as error:
        raise ModelError(f"Cannot load the model {path}: {error}. Export it again with "
                         "`python -m training export`.", "broken", path) from error
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
        sums = probs.sum(axis=1, keepdims=True)  # int8 steps of 1/256 leave sums near, not at, 1
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(sums > 0, probs / np.where(sums > 0, sums, 1), np.nan)  # all zeros: not finite

    return run, outputs, "litert"
