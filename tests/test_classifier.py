"""The classifier: metadata contract, friendly errors, and the int8 LiteRT path the app runs
giving the Keras model's probabilities within quantization error."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError
from training.predict import predict_probs

pytestmark = pytest.mark.slow


def save_model_dir(folder, model, classes=EXPRESSIONS, flip_average=True, litert=False):
    from training.quantize import calibration_sample, to_litert

    folder.mkdir(parents=True, exist_ok=True)
    model.save(folder / "model.keras")
    metadata = {"classes": list(classes), "flip_average": flip_average, "model_file": "model.keras"}
    if litert:
        from conftest import synthetic_face

        rng = np.random.default_rng(2)
        training_faces = np.stack([synthetic_face(label % 7, rng) for label in range(64)])
        (folder / "model.tflite").write_bytes(to_litert(model, calibration_sample(training_faces, 32)))
        metadata["runtime_file"] = "model.tflite"
    (folder / "model.json").write_text(json.dumps(metadata))
    return folder


@pytest.fixture(scope="module")
def actor_model():
    """The shipped architecture, narrower, fitted briefly to synthetic faces so its outputs depend on
    the input (a random network answers every face alike, which would hide conversion mistakes)."""
    import keras
    from conftest import synthetic_face

    from training.models import build_actor

    rng = np.random.default_rng(0)
    labels = np.arange(140) % len(EXPRESSIONS)
    images = np.stack([synthetic_face(int(label), rng) for label in labels]).astype(np.float32)[..., None]
    model = build_actor(width=8)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    model.fit(images, labels, epochs=8, batch_size=14, verbose=0)
    return model


@pytest.fixture(scope="module")
def model_dir(actor_model, tmp_path_factory):
    return save_model_dir(tmp_path_factory.mktemp("model"), actor_model, litert=True)


@pytest.fixture(scope="module")
def faces():
    from conftest import synthetic_face

    rng = np.random.default_rng(1)
    return np.stack([synthetic_face(label, rng) for label in range(6)])


def test_litert_path_gives_the_keras_probabilities_within_int8_error(model_dir, actor_model, faces):
    classifier = ExpressionClassifier.load(model_dir)
    assert classifier.backend == "litert" and classifier.flip_average
    got = classifier.predict_batch(faces)
    expected = predict_probs(actor_model, faces, flip_average=True)
    assert np.abs(got - expected).max() < 0.05
    assert np.abs(expected - expected.mean(axis=0)).max() > 0.05  # the faces get different answers
    assert np.allclose(got.sum(axis=1), 1.0, atol=1e-5)


def test_litert_flip_average_and_batch_sizes_agree(model_dir, faces):
    classifier = ExpressionClassifier.load(model_dir)
    batch = classifier.predict_batch(faces)
    one_by_one = np.stack([classifier.predict(face) for face in faces])
    assert np.abs(batch - one_by_one).max() < 1e-6  # resizing the interpreter's batch changes nothing
    classifier.flip_average = False
    plain, mirrored = classifier.predict_batch(faces), classifier.predict_batch(faces[:, :, ::-1])
    assert np.abs(batch - (plain + mirrored) / 2).max() < 1e-6
    assert np.abs(plain - mirrored).max() > 1e-3  # the mirror image really is a different input


@pytest.mark.filterwarnings("ignore::UserWarning")  # TensorFlow's copy warns that it is deprecated
def test_no_faces_give_no_rows_on_both_paths(model_dir):
    for classifier in (ExpressionClassifier.load(model_dir), ExpressionClassifier.load(model_dir, fast=False)):
        assert classifier.predict_batch(np.zeros((0, 48, 48), np.uint8)).shape == (0, len(EXPRESSIONS))


def test_one_interpreter_serves_two_threads(model_dir, faces):
    from concurrent.futures import ThreadPoolExecutor

    classifier = ExpressionClassifier.load(model_dir)
    expected = {size: classifier.predict_batch(faces[:size]) for size in (1, 3, 6)}

    def work(size):
        return all(np.abs(classifier.predict_batch(faces[:size]) - expected[size]).max() < 1e-6 for _ in range(100))

    with ThreadPoolExecutor(3) as pool:
        assert all(pool.map(work, (1, 3, 6)))


@pytest.mark.filterwarnings("ignore::UserWarning")  # TensorFlow's copy warns that it is deprecated
def test_tensorflow_interpreter_is_used_where_litert_is_not_installed(model_dir, faces, monkeypatch):
    expected = ExpressionClassifier.load(model_dir).predict_batch(faces)
    monkeypatch.setitem(sys.modules, "ai_edge_litert.interpreter", None)  # import now fails
    classifier = ExpressionClassifier.load(model_dir)
    assert classifier.backend == "litert"
    assert np.abs(classifier.predict_batch(faces) - expected).max() < 1e-6


def test_keras_path_without_a_litert_file(tmp_path, model_dir, actor_model, faces):
    for classifier in (ExpressionClassifier.load(model_dir, fast=False),
                       ExpressionClassifier.load(save_model_dir(tmp_path, actor_model))):
        assert classifier.backend == "keras"
        expected = predict_probs(actor_model, faces, flip_average=True)
        assert np.abs(classifier.predict_batch(faces) - expected).max() < 1e-5


def test_class_order_comes_from_model_json(tmp_path, faces):
    import keras

    inputs = keras.Input((48, 48, 1))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(4, 3, activation="relu")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(x))
    classifier = ExpressionClassifier.load(save_model_dir(tmp_path, model, ("happy", "sad", "neutral"), False,
                                                          litert=True))
    assert classifier.classes == ("happy", "sad", "neutral")  # from model.json, in its order
    assert classifier.predict_batch(faces).shape == (6, 3)


def test_missing_model_explains_what_to_do(tmp_path):
    with pytest.raises(ModelError, match="No model found.*python -m training"):
        ExpressionClassifier.load(tmp_path)


def test_broken_metadata_and_files_are_model_errors(tmp_path, model_dir):
    (tmp_path / "model.json").write_text("{not json")
    with pytest.raises(ModelError, match="broken"):
        ExpressionClassifier.load(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps({"classes": list(EXPRESSIONS), "runtime_file": "model.tflite"}))
    with pytest.raises(ModelError, match="missing"):
        ExpressionClassifier.load(tmp_path)
    (tmp_path / "model.tflite").write_bytes(b"garbage")
    with pytest.raises(ModelError, match="Cannot load"):
        ExpressionClassifier.load(tmp_path)
    (tmp_path / "model.keras").write_bytes(b"garbage")
    with pytest.raises(ModelError, match="Cannot load"):
        ExpressionClassifier.load(tmp_path, fast=False)
    saved = (model_dir / "model.json").read_text()
    (model_dir / "model.json").write_text(json.dumps({"classes": ["happy", "sad"], "runtime_file": "model.tflite"}))
    try:
        with pytest.raises(ModelError, match="2 classes but model.tflite has 7"):
            ExpressionClassifier.load(model_dir)
    finally:
        (model_dir / "model.json").write_text(saved)
