"""Integrity of the model (issue 29): a model whose file has no sha256 in model.json loads marked unverified and
fails the self-test; outputs that are not probabilities (all zeros, NaN, a wrong shape or input) are refused at
load by a probe face; a frame whose probabilities are not finite is never shown as NaN."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from actor_trainer.resources import assets_dir
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError, probe_model

pytest.importorskip("ai_edge_litert")


def copy_model(tmp_path, drop_hash: bool, flip: bool = False):
    shutil.copy(assets_dir() / "model.tflite", tmp_path / "model.tflite")
    metadata = json.loads((assets_dir() / "model.json").read_text())
    if drop_hash:
        metadata.pop("file_sha256", None)
        metadata.pop("file_size", None)
    (tmp_path / "model.json").write_text(json.dumps(metadata))
    if flip:
        data = bytearray((tmp_path / "model.tflite").read_bytes())
        data[len(data) // 2] ^= 0x01
        (tmp_path / "model.tflite").write_bytes(bytes(data))
    return tmp_path


def test_the_shipped_model_is_verified(tmp_path):
    assert ExpressionClassifier.load(copy_model(tmp_path, drop_hash=False)).verified


def test_a_flipped_byte_with_a_hash_is_refused_and_without_one_is_marked_unverified(tmp_path, monkeypatch):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    with pytest.raises(ModelError) as raised:
        ExpressionClassifier.load(copy_model(tmp_path / "a", drop_hash=False, flip=True))
    assert raised.value.code == "damaged"
    model = ExpressionClassifier.load(copy_model(tmp_path / "b", drop_hash=True, flip=True))
    assert not model.verified
    from actor_trainer.ui import selftest
    monkeypatch.setenv("ACTOR_TRAINER_ASSETS", str(tmp_path / "b"))
    check = selftest.check_model({})
    assert check.status == selftest.FAIL and "UNVERIFIED" in check.detail


@pytest.mark.parametrize(("output", "code"), [
    (np.zeros((1, 7)), "nonfinite"),
    (np.full((1, 7), np.nan), "nonfinite"),
    (np.full((1, 7), np.inf), "nonfinite"),
    (np.full((1, 7), 3.0), "nonfinite"),
    (np.full((1, 6), 1 / 6), "mismatch"),
    (ValueError("Cannot set tensor: Dimension mismatch. Got 48 but expected 64"), "mismatch"),
])
def test_outputs_that_are_not_probabilities_are_refused_at_load(tmp_path, output, code):
    def batch(x):
        if isinstance(output, Exception):
            raise output
        return output
    with pytest.raises(ModelError) as raised:
        probe_model(batch, 7, tmp_path / "model.tflite")
    assert raised.value.code == code


def test_a_frame_that_gives_nan_is_never_shown_as_nan():
    model = ExpressionClassifier(tuple("abcdefg"), lambda x: np.full((len(x), 7), np.nan, np.float32))
    probs = model.predict(np.zeros((48, 48), np.uint8))
    assert np.all(np.isfinite(probs)) and np.allclose(probs, 1 / 7)
