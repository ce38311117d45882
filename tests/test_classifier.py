"""The classifier: metadata contract, friendly errors, and the fast path giving Keras's probabilities."""

from __future__ import annotations

import json

import numpy as np
import pytest

from actor_trainer.classifier import ExpressionClassifier, ModelError, fold_layers
from actor_trainer.labels import EXPRESSIONS

pytestmark = pytest.mark.slow


def randomise_batch_norm(model, seed: int = 0) -> None:
    """Give BatchNormalization non-trivial statistics so folding them is actually tested."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if type(layer).__name__ == "BatchNormalization":
            n = layer.gamma.shape[0]
            layer.set_weights([rng.uniform(0.5, 1.5, n), rng.normal(0, 0.2, n), rng.normal(0, 0.3, n),
                               rng.uniform(0.2, 2.0, n)])


def save_model_dir(folder, model, classes=EXPRESSIONS, flip_average=True):
    folder.mkdir(parents=True, exist_ok=True)
    model.save(folder / "model.keras")
    (folder / "model.json").write_text(json.dumps({"classes": list(classes), "flip_average": flip_average,
                                                   "model_file": "model.keras"}))
    return folder


@pytest.fixture(scope="module")
def actor_model():
    from training.models import build_actor

    model = build_actor()  # the shipped architecture, random weights
    randomise_batch_norm(model)
    return model


@pytest.fixture(scope="module")
def model_dir(actor_model, tmp_path_factory):
    return save_model_dir(tmp_path_factory.mktemp("model"), actor_model)


@pytest.fixture(scope="module")
def faces():
    return np.random.default_rng(1).integers(0, 256, (6, 48, 48)).astype(np.uint8)


def test_fast_path_gives_the_probabilities_of_keras_with_flip_average(model_dir, actor_model, faces):
    from training.predict import predict_probs

    classifier = ExpressionClassifier.load(model_dir)
    assert classifier.backend == "folded-graph"
    assert classifier.flip_average
    expected = predict_probs(actor_model, faces, flip_average=True)
    got = np.stack([classifier.predict(face) for face in faces])
    assert np.abs(got - expected).max() < 1e-4
    assert np.abs(classifier.predict_batch(faces) - expected).max() < 1e-4
    assert np.allclose(got.sum(axis=1), 1.0, atol=1e-5)


def test_keras_path_agrees_with_the_fast_path(model_dir, faces):
    fast = ExpressionClassifier.load(model_dir)
    slow = ExpressionClassifier.load(model_dir, fast=False)
    assert slow.backend == "keras"
    assert np.abs(fast.predict_batch(faces) - slow.predict_batch(faces)).max() < 1e-4


def test_folding_removes_batch_norm_and_rescaling(actor_model):
    kinds = [op[0] for op in fold_layers(actor_model)]
    assert kinds.count("conv") == 7 and "affine" not in kinds
    assert kinds[-2:] == ["dense", "act"]


def test_unknown_layers_fall_back_to_keras(tmp_path, faces):
    import keras

    inputs = keras.Input((48, 48, 1))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(4, 3)(x)
    x = keras.layers.LeakyReLU()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(x))
    classifier = ExpressionClassifier.load(save_model_dir(tmp_path, model, ("happy", "sad", "neutral"), False))
    assert classifier.backend == "keras"
    assert classifier.classes == ("happy", "sad", "neutral")  # from model.json, in its order
    expected = model.predict(faces.astype(np.float32)[..., None], verbose=0)
    assert np.abs(classifier.predict_batch(faces) - expected).max() < 1e-5


def test_missing_model_explains_what_to_do(tmp_path):
    with pytest.raises(ModelError, match="No model found.*python -m training"):
        ExpressionClassifier.load(tmp_path)


def test_broken_metadata_and_files_are_model_errors(tmp_path, model_dir):
    (tmp_path / "model.json").write_text("{not json")
    with pytest.raises(ModelError, match="broken"):
        ExpressionClassifier.load(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps({"classes": list(EXPRESSIONS)}))
    with pytest.raises(ModelError, match="missing"):
        ExpressionClassifier.load(tmp_path)
    (tmp_path / "model.keras").write_bytes(b"garbage")
    with pytest.raises(ModelError, match="Cannot load"):
        ExpressionClassifier.load(tmp_path)
    (model_dir / "model.json").write_text(json.dumps({"classes": ["happy", "sad"]}))
    try:
        with pytest.raises(ModelError, match="2 classes but the model has 7"):
            ExpressionClassifier.load(model_dir)
    finally:
        (model_dir / "model.json").write_text(json.dumps({"classes": list(EXPRESSIONS), "flip_average": True}))
