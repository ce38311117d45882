"""model.json is trusted no further than it can be checked (issue 21, item 8): the class order, the model
file's size and sha256, nesting depth, regular files only, and a damaged model.keras named as damaged."""

from __future__ import annotations

import hashlib
import json
import os
import sys

import pytest

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError, check_model_file, read_metadata


def model_folder(tmp_path, **fields):
    payload = bytes(range(256)) * 40  # stands in for model.tflite: the checks run before any loader
    (tmp_path / "model.tflite").write_bytes(payload)
    metadata = {"classes": list(EXPRESSIONS), "runtime_file": "model.tflite", "model_file": "model.keras",
                "file_size": len(payload), "file_sha256": hashlib.sha256(payload).hexdigest(), **fields}
    (tmp_path / "model.json").write_text(json.dumps(metadata))
    return tmp_path, metadata


@pytest.mark.parametrize("classes", [list(reversed(EXPRESSIONS)), ["happy", "sad", "neutral"],
                                     list(EXPRESSIONS[1:]) + [EXPRESSIONS[0]]])
def test_classes_must_be_the_seven_expressions_in_the_output_order(tmp_path, classes):
    folder, _ = model_folder(tmp_path, classes=classes)
    with pytest.raises(ModelError, match="'classes' must be the seven expressions in the models' output order"):
        ExpressionClassifier.load(folder)


def test_flipped_bytes_or_a_cut_file_are_damage_before_anything_loads(tmp_path):
    folder, metadata = model_folder(tmp_path)
    path = folder / "model.tflite"
    data = bytearray(path.read_bytes())
    for offset in range(1000, 1200):  # 200 bytes flipped, size unchanged
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="is damaged: its sha256 differs"):
        ExpressionClassifier.load(folder)
    path.write_bytes(bytes(data[:5000]))
    with pytest.raises(ModelError, match="is damaged: it has 5000 bytes, model.json says 10240"):
        ExpressionClassifier.load(folder)


def test_an_intact_file_passes_the_checks(tmp_path):
    folder, metadata = model_folder(tmp_path)
    check_model_file(folder / "model.tflite", read_metadata(folder))  # no error


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels deep"),
    ('{"classes": ' + "[" * 50 + "]" * 50 + "}", "nested more than 32 levels deep"),
    ("\xff", "broken"),
])
def test_a_deep_or_broken_model_json_is_a_model_error_not_a_traceback(tmp_path, text, words):
    (tmp_path / "model.json").write_bytes(text.encode("latin-1"))
    with pytest.raises(ModelError, match=words):
        read_metadata(tmp_path)


@pytest.mark.parametrize("field, value", [("file_size", "big"), ("file_sha256", "abc"), ("keras_file_size", -1)])
def test_wrong_recorded_sizes_and_hashes_are_named(tmp_path, field, value):
    folder, _ = model_folder(tmp_path, **{field: value})
    with pytest.raises(ModelError, match=f"'{field}' must be"):
        read_metadata(folder)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")
def test_only_regular_files_are_read_as_models(tmp_path):
    folder, _ = model_folder(tmp_path)
    (folder / "model.tflite").unlink()
    (folder / "model.tflite").symlink_to("/dev/zero")
    with pytest.raises(ModelError, match="not a regular file"):
        ExpressionClassifier.load(folder)
    (folder / "model.json").rename(folder / "real.json")
    os.mkfifo(folder / "model.json")
    with pytest.raises(ModelError, match="not a regular file"):
        read_metadata(folder)


@pytest.mark.slow
def test_a_damaged_model_keras_is_named_as_damaged_not_missing(tmp_path):
    pytest.importorskip("keras")
    (tmp_path / "model.keras").write_bytes(b"PK\x03\x04" + bytes(500))  # a zip header, then nothing usable
    (tmp_path / "model.json").write_text(json.dumps({"classes": list(EXPRESSIONS), "model_file": "model.keras"}))
    with pytest.raises(ModelError, match="the file is damaged or incomplete"):
        ExpressionClassifier.load(tmp_path, fast=False)
