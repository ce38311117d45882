"""Data loading for `training` on tiny generated datasets (no TensorFlow needed)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import make_class_folders

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.preprocessing import preprocess_face
from training.compare import select
from training.datasets import folders
from training.datasets.cache import save_cache
from training.datasets.specs import load_sources, load_split, save_bundle
from training.datasets.split import DatasetError, stratified_subset


def test_class_folders_load_every_image_as_48x48_gray(tiny_dataset):
    split = load_split(tiny_dataset, "train")
    assert split.images.shape == (6 * 7, 48, 48)
    assert split.images.dtype == np.uint8
    assert split.class_counts() == {name: 6 for name in EXPRESSIONS}
    assert split.skipped == []


def test_large_colour_images_go_through_the_shared_preprocessing(tmp_path):
    make_class_folders(tmp_path / "photos", per_class=2, classes=("happy", "sad"), size=120, colour=True)
    split = load_split(tmp_path / "photos", "validation")
    assert split.images.shape == (4, 48, 48)


def test_corrupt_files_are_skipped_counted_and_named(tiny_dataset):
    broken = tiny_dataset / "train" / "happy" / "broken.jpg"
    broken.write_bytes(b"this is not a jpeg")
    (tiny_dataset / "train" / "sad" / "empty.png").write_bytes(b"")
    split = load_split(tiny_dataset, "train")
    assert len(split) == 42
    assert len(split.skipped) == 2
    assert f"{broken}: not an image OpenCV can read" in split.skipped


def test_missing_split_is_one_line_naming_the_path(tmp_path):
    make_class_folders(tmp_path / "only-train" / "train", per_class=1)
    (tmp_path / "only-train" / "notes").mkdir()
    with pytest.raises(DatasetError) as error:
        load_split(tmp_path / "only-train", "validation")
    message = str(error.value)
    assert str(tmp_path / "only-train") in message and "\n" not in message
    with pytest.raises(DatasetError, match="does not exist"):
        load_split(tmp_path / "nowhere", "train")


def test_empty_split_is_an_error(tmp_path):
    for name in ("happy", "sad"):
        (tmp_path / "root" / "validation" / name).mkdir(parents=True)
    with pytest.raises(DatasetError, match="empty") as error:
        load_split(tmp_path / "root", "validation")
    assert str(tmp_path / "root" / "validation") in str(error.value)


def test_class_folder_synonyms_are_matched_case_insensitively(tmp_path):
    make_class_folders(tmp_path / "raw", per_class=2, classes=("angry", "happy", "sad", "surprise"))
    for old, new in (("angry", "Anger"), ("happy", "HAPPINESS"), ("sad", "sadness"), ("surprise", "Surprised")):
        (tmp_path / "raw" / old).rename(tmp_path / "raw" / new)
    (tmp_path / "raw" / "unrelated").mkdir()
    counts = load_split(tmp_path / "raw", "validation").class_counts()
    assert counts == {"angry": 2, "disgust": 0, "fear": 0, "happy": 2, "neutral": 0, "sad": 2, "surprise": 2}


def _csv_pixels(value: int) -> list[int]:
    """A face-sized pattern that tells rows apart after per-crop standardisation: `value` bright rows."""
    rows = value % 47 + 1
    return [200] * 48 * rows + [10] * 48 * (48 - rows)


def _csv_row(label: int, usage: str, value: int) -> str:
    return f'{label},"{" ".join(str(v) for v in _csv_pixels(value))}",{usage}\n'


def test_fer2013_csv_skips_malformed_rows_with_their_line(tmp_path):
    path = tmp_path / "fer2013.csv"
    rows = [_csv_row(3, "Training", 10), _csv_row(5, "Training", 200), _csv_row(0, "PublicTest", 50),
            '4,"1 2 x",Training\n', "9," + _csv_row(9, "Training", 1)[2:], "6\n", _csv_row(6, "PrivateTest", 0)]
    path.write_text("emotion,pixels,Usage\n" + "".join(rows))
    train = load_split(path, "train")
    assert train.labels.tolist() == [3, 5]
    expected = preprocess_face(np.array(_csv_pixels(200), np.uint8).reshape(48, 48))
    assert np.array_equal(train.images[1], expected)
    assert len(train.skipped) == 2
    assert any(entry.startswith(f"{path}:5:") for entry in train.skipped)
    validation = load_split(path, "validation")
    assert validation.labels.tolist() == [0]


def test_several_sources_merge_by_class_and_count_per_source(tmp_path):
    make_class_folders(tmp_path / "a" / "train", per_class=2, classes=("happy", "sad"))
    make_class_folders(tmp_path / "b" / "train", per_class=3, classes=("Happy", "fear"))
    merged = load_sources([tmp_path / "a", tmp_path / "b"], "train")
    assert merged.source_counts() == {str(tmp_path / "a"): 4, str(tmp_path / "b"): 3}
    assert merged.class_counts()["happy"] == 2
    assert merged.class_counts()["sad"] == 2 and merged.class_counts()["fear"] == 3


def test_stratified_subset_keeps_every_class_reproducibly(tiny_dataset):
    split = load_split(tiny_dataset, "train")
    half = stratified_subset(split, 0.5, seed=3)
    assert half.class_counts() == {name: 3 for name in EXPRESSIONS}
    assert np.array_equal(half.images, stratified_subset(split, 0.5, seed=3).images)
    assert set(stratified_subset(split, 0.01).class_counts().values()) == {1}
    with pytest.raises(DatasetError):
        stratified_subset(split, 1.5)


def test_cache_is_reused_until_the_folder_changes(tiny_dataset, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_split(tiny_dataset, "train", cache)
    assert len(list(cache.glob("*.npz"))) == 1

    def no_decoding(*args, **kwargs):
        raise AssertionError("the cached folder was decoded again")

    monkeypatch.setattr(folders, "read_image", no_decoding)
    second = load_split(tiny_dataset, "train", cache)
    assert np.array_equal(first.images, second.images) and np.array_equal(first.labels, second.labels)

    monkeypatch.undo()
    make_class_folders(tmp_path / "extra", per_class=1, classes=("happy",))
    (tmp_path / "extra" / "happy" / "happy_0.png").rename(tiny_dataset / "train" / "happy" / "new.png")
    assert len(load_split(tiny_dataset, "train", cache)) == 43
    assert len(list(cache.glob("*.npz"))) == 2


def _row(name, accuracy, gap):
    return {"name": name, "val_accuracy": accuracy, "gap": gap}


def test_selection_rule_prefers_the_smallest_fit_gap_near_the_best_accuracy():
    best, close_but_tighter, far_behind = _row("a", 0.70, 0.20), _row("b", 0.695, -0.02), _row("c", 0.60, 0.0)
    assert select([best, close_but_tighter, far_behind])["name"] == "b"
    assert select([best, close_but_tighter, far_behind], tolerance=0.001)["name"] == "a"
    assert select([_row("x", 0.7, 0.05), _row("y", 0.71, -0.05)])["name"] == "y"


def test_pack_bundle_holds_both_splits_and_loads_as_data(tiny_dataset, tmp_path):
    bundle = tmp_path / "fer.npz"
    counts = save_bundle(tiny_dataset, bundle, tmp_path / "cache")
    assert counts == {"train": 42, "validation": 21}
    train = load_split(bundle, "train")
    validation = load_split(bundle, "validation")
    assert train.images.shape == (42, 48, 48) and len(validation) == 21
    assert train.class_counts()["disgust"] == 6


def test_single_split_cache_is_not_mistaken_for_a_bundle(tiny_dataset, tmp_path):
    cache = tmp_path / "one.npz"
    save_cache(load_split(tiny_dataset, "train"), cache)
    with pytest.raises(DatasetError, match="holds no 'validation' split"):
        load_split(cache, "validation")
