"""Training data that tries to break the loaders: 16-bit and truncated images, broken links, bad CSV rows,
unknown and empty class folders. Each is read correctly or skipped with a message naming it."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

import cv2
import numpy as np
import pytest
from conftest import make_class_folders

from actor_trainer.vision.frames import read_image as app_read_image
from actor_trainer.vision.preprocessing import preprocess_face
from training.datasets.specs import load_split
from training.datasets.split import DatasetError

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")


def test_sixteen_bit_images_are_scaled_like_the_app_reads_them(tmp_path):
    make_class_folders(tmp_path / "set", per_class=1, classes=("happy",))
    deep = (np.linspace(0, 65535, 48 * 48).reshape(48, 48)).astype(np.uint16)
    path = tmp_path / "set" / "happy" / "deep.png"
    cv2.imwrite(str(path), deep)
    split = load_split(tmp_path / "set", "validation")
    trained = split.images[0]  # files are read in name order: deep.png before happy_0.png
    assert np.array_equal(trained, preprocess_face(app_read_image(path)))
    assert (trained == 255).mean() < 0.05  # clipped, 99.5% of the pixels were white


def test_truncated_jpeg_is_skipped_with_the_reason(tmp_path):
    make_class_folders(tmp_path / "set", per_class=2, classes=("sad",))
    ok, encoded = cv2.imencode(".jpg", np.random.default_rng(0).integers(0, 255, (96, 96), np.uint8))
    cut = tmp_path / "set" / "sad" / "cut.jpg"
    cut.write_bytes(encoded.tobytes()[: len(encoded) // 2])
    split = load_split(tmp_path / "set", "validation")
    assert len(split) == 2
    assert split.skipped == [f"{cut}: truncated JPEG (the file ends before the image does)"]


@posix_only
def test_dangling_symlinks_and_loops_are_skipped_not_fatal(tmp_path):
    make_class_folders(tmp_path / "set", per_class=2, classes=("happy",))
    folder = tmp_path / "set" / "happy"
    os.symlink(tmp_path / "gone.png", folder / "dangling.png")
    os.symlink(folder / "loop.png", folder / "loop.png")
    split = load_split(tmp_path / "set", "validation", cache_dir=tmp_path / "cache")
    assert len(split) == 2
    assert sorted(split.skipped) == [f"{folder / name}: not a readable file (a broken link or a folder?)"
                                     for name in ("dangling.png", "loop.png")]


def test_unknown_and_empty_class_folders_are_named(tmp_path):
    make_class_folders(tmp_path / "set", per_class=2, classes=("happy", "sad"))
    (tmp_path / "set" / "contempt").mkdir()
    (tmp_path / "set" / "fear").mkdir()
    split = load_split(tmp_path / "set", "validation")
    assert len(split) == 4
    notes = "\n".join(split.skipped)
    assert f"{tmp_path / 'set' / 'contempt'}: not a class folder" in notes
    assert f"{tmp_path / 'set' / 'fear'}: empty class folder" in notes


def test_notes_survive_the_cache_and_a_new_empty_folder_changes_it(tmp_path):
    make_class_folders(tmp_path / "set", per_class=2, classes=("happy",))
    cache = tmp_path / "cache"
    assert load_split(tmp_path / "set", "validation", cache).skipped == []
    (tmp_path / "set" / "sad").mkdir()
    assert len(load_split(tmp_path / "set", "validation", cache).skipped) == 1
    assert len(load_split(tmp_path / "set", "validation", cache).skipped) == 1
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []  # no temporaries left


def row(label, pixels: str, usage="Training") -> str:
    return f'{label},"{pixels}",{usage}\n'


GOOD = " ".join(["100"] * 48 * 48)


def test_csv_bad_rows_are_skipped_with_their_line(tmp_path):
    path = tmp_path / "fer.csv"
    lines = ["emotion,pixels,Usage\n", row(3, GOOD), row(1, GOOD.replace("100", "300", 1)),
             row(2, GOOD.replace("100", "-1", 1)), row(4, ""), row(5, " ".join(["7"] * 47)), row(6, GOOD)]
    path.write_bytes("".join(lines).encode() + row(0, GOOD).encode().replace(b"100", b"1\xff0", 1) +
                     row(5, GOOD).encode())
    split = load_split(path, "train")
    assert split.labels.tolist() == [3, 6, 5]
    reasons = dict(entry.removeprefix(f"{path}:").split(": ", 1) for entry in split.skipped)
    assert reasons == {"3": "pixel values must be 0..255, found 100..300",
                       "4": "pixel values must be 0..255, found -1..100",
                       "5": "0 pixel values do not make a square image",
                       "6": "47 pixel values do not make a square image",
                       "8": "not UTF-8 text"}


def test_a_csv_that_is_not_csv_is_one_clear_error(tmp_path):
    path = tmp_path / "fer.csv"
    path.write_text("emotion,pixels,Usage\n" + row(3, GOOD) + '1,"' + "9 " * 100_000 + '",Training\n')
    with pytest.raises(DatasetError, match=f"{path}:3: not a readable CSV row"):
        load_split(path, "train")


@pytest.mark.slow  # loads Keras and TensorFlow (about 10 s)
def test_resume_from_a_damaged_checkpoint_says_so(tmp_path, tiny_dataset, capsys):
    from training.cli import main
    from training.train import TrainConfig

    run = tmp_path / "run"
    run.mkdir()
    (run / "run.json").write_text(json.dumps(asdict(TrainConfig(data=[str(tiny_dataset)], model="baseline",
                                                                    cache_dir=str(tmp_path / "cache")))))
    (run / "last.keras").write_bytes(b"PK\x03\x04 half a zip file")
    assert main(["train", "--resume", str(run)]) == 2
    message = capsys.readouterr().err
    assert f"cannot resume from {run / 'last.keras'}: the checkpoint is damaged" in message
    assert "File not found" not in message
