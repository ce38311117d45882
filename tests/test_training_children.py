"""Children's data (CAFE naming), subject patterns, the game's crop for photos, the photometric
normalisation shared by training and the app, room-light augmentation and evaluate's perturbations."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from conftest import make_class_folders, make_posed, synthetic_face

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.images import read_image
from actor_trainer.vision.preprocessing import TARGET_MEAN, TARGET_STD, preprocess_face, standardise
from training import crops, suite
from training.augment import augment_image, room_light
from training.datasets.folders import load_folder
from training.datasets.posed import SUBJECT_PATTERN_FILE, Folds, load_posed, subject_of, subject_patterns
from training.datasets.split import DatasetError
from training.perturb import perturb

CHILDREN = ("F-AA-02", "M-AS-04", "F-C-06", "M-L-08", "F-EA-10", "M-AA-12")


def make_children(root, children=CHILDREN):
    """A CAFE-like folder: <pose>_<child>.jpg in class folders, open-mouth variants included."""
    rng = np.random.default_rng(4)
    poses = {"angry": ("angry", "angryopen"), "happy": ("happy", "happyopen"), "fear": ("fearful",)}
    for name, variants in poses.items():
        folder = root / name
        folder.mkdir(parents=True)
        for child in children:
            for pose in variants:
                cv2.imwrite(str(folder / f"{pose}_{child}.jpg"), synthetic_face(EXPRESSIONS.index(name), rng))
    return root


def test_subject_patterns_name_ckplus_and_cafe_people():
    assert subject_of("S010_004_00000019.png") == "S010"
    assert subject_of("angry_F-AA-02.jpg") == "F-AA-02"
    assert subject_of("disgustwithtongue_M-C-12.jpg") == "M-C-12"
    assert subject_of("happyopen_F-AS-104.jpg") == "F-AS-104"
    assert subject_of("photo_17.png") == "photo_17.png"  # no pattern: its own subject


def test_a_dataset_declares_its_own_subject_pattern(tmp_path):
    root = tmp_path / "mine"
    (root / "happy").mkdir(parents=True)
    (root / SUBJECT_PATTERN_FILE).write_text(r"^child(\d+)-" + "\n")
    patterns = subject_patterns(root)
    assert subject_of("child7-smile.png", patterns) == "7"
    assert subject_of("S010_004_00000019.png", patterns) == "S010"  # built-ins still apply
    (root / SUBJECT_PATTERN_FILE).write_text("no group here\n")
    with pytest.raises(DatasetError, match=r"subject-pattern.txt:1: .*group"):
        subject_patterns(root)


def test_folds_never_split_a_child_and_every_photo_is_in_one_fold(tmp_path):
    root = make_children(tmp_path / "cafe")
    total = len(load_posed(root, "train", None, None))
    held_out = []
    for fold in range(3):
        folds = Folds(3, fold)
        train = {subject_of(str(n)) for n in load_posed(root, "train", None, folds).names}
        valid_split = load_posed(root, "validation", None, folds)
        valid = {subject_of(str(n)) for n in valid_split.names}
        assert train and valid and not train & valid
        assert len(train) + len(valid) == len(CHILDREN)
        held_out.append(len(valid_split))
    assert sum(held_out) == total


def test_suite_reports_held_out_children_when_trained_on_cafe(tmp_path):
    root = tmp_path / "datasets"
    make_posed(root / "ckplus-dev")
    make_children(root / "cafe-dev")
    trained, folds = suite.posed_holdout([root / "cafe-dev:10"], Folds(3, 0), root)
    assert trained == {"cafe"}
    parts = {part.key: part for part in suite.suite_parts(root, None, trained, folds)}
    assert "CAFE held-out children" in parts["cafe"].label
    held = {subject_of(str(n)) for n in parts["cafe"].split.names}
    assert held and held < set(CHILDREN)
    assert len(parts["ckplus"].split) == 36  # not trained on: every subject
    untrained = {part.key: part for part in suite.suite_parts(root, None)}
    assert len(untrained["cafe"].split) == len(load_posed(root / "cafe-dev", "train", None, None))


def test_training_reads_a_photo_through_the_games_crop_and_the_apps_preprocessing(tmp_path):
    root = tmp_path / "photos"
    make_class_folders(root, per_class=1, size=200)
    split = load_folder(root)
    path = next((root / "happy").iterdir())
    expected = preprocess_face(crops.game_crop(read_image(path)))
    assert np.array_equal(split.images[EXPRESSIONS.index("happy") == split.labels][0], expected)
    small = synthetic_face(3, np.random.default_rng(0))
    assert crops.game_crop(small) is small  # a 48x48 crop is already a crop


def test_game_crop_finds_a_face_in_a_photo_and_keeps_a_photo_without_one():
    blank = np.full((300, 300), 200, np.uint8)
    assert crops.game_crop(blank) is blank


def test_preprocessing_standardises_every_crop_so_exposure_does_not_change_it():
    face = synthetic_face(2, np.random.default_rng(1), size=120).astype(np.float32)
    bright = preprocess_face(face.astype(np.uint8))
    dim = preprocess_face(np.clip(face * 0.35, 0, 255).astype(np.uint8))
    assert abs(float(bright.mean()) - TARGET_MEAN) < 2 and abs(float(bright.std()) - TARGET_STD) < 3
    assert np.abs(bright.astype(int) - dim.astype(int)).mean() < 3
    flat = np.full((48, 48), 17, np.uint8)
    assert np.all(standardise(flat) == int(TARGET_MEAN))  # a flat crop stays flat


def test_room_light_dims_and_augmentation_hands_over_a_standardised_face():
    rng = np.random.default_rng(0)
    face = preprocess_face(synthetic_face(4, np.random.default_rng(2)))
    darker = [room_light(face, rng).mean() < face.mean() - 10 for _ in range(40)]
    assert any(darker) and not all(darker)
    means = [augment_image(face, np.random.default_rng(seed)).mean() for seed in range(20)]
    assert abs(np.median(means) - TARGET_MEAN) < 10


def test_perturbations_dim_and_tilt_keep_shape_and_change_the_crop():
    faces = np.stack([preprocess_face(synthetic_face(i, np.random.default_rng(i))) for i in range(4)])
    dim = perturb(faces, "dim")
    tilt = perturb(faces, "tilt")
    assert dim.shape == tilt.shape == faces.shape and dim.dtype == np.uint8
    assert not np.array_equal(dim, faces) and not np.array_equal(tilt, faces)
    # dimming is undone by standardisation up to the added noise
    assert all(np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.8 for a, b in zip(dim, faces, strict=True))
    # +20 then -20 degrees alternate
    assert not np.array_equal(tilt[0], perturb(faces[:1][::-1], "tilt")[0][:, ::-1])
    with pytest.raises(ValueError, match="unknown perturbation"):
        perturb(faces, "fog")


def _judge_benchmark():
    import importlib.util

    from conftest import REPO_ROOT

    spec = importlib.util.spec_from_file_location("judge_benchmark", REPO_ROOT / "benchmarks" / "judge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _frames(probs: dict, count: int = 10) -> list:
    return [dict(probs) for _ in range(count)]


def test_subject_baseline_uses_only_that_persons_neutral_photo():
    judge = _judge_benchmark()
    flat = {name: 1 / 7 for name in EXPRESSIONS}
    sad_at_rest = {**{name: 0.05 for name in EXPRESSIONS}, "sad": 0.55, "neutral": 0.2}
    runs = [(_frames(sad_at_rest), "neutral", "F-AA-02"), (_frames(flat), "sad", "F-AA-02"),
            (_frames(flat), "neutral", "M-AS-04"), (_frames(flat), "sad", "M-AS-04"),
            (_frames(flat), "happy", "M-C-06")]  # no neutral photo: falls back
    counts, corrected = judge.baseline_per_subject(runs)
    assert counts == {"subjects": 2, "fallback": 1}
    assert [(label, subject) for _, label, subject in corrected] == [
        ("sad", "F-AA-02"), ("sad", "M-AS-04"), ("happy", "M-C-06")]  # both neutral photos left out
    child_a, child_b = corrected[0][0][0], corrected[1][0][0]
    assert child_a["sad"] < child_b["sad"]  # only the child whose resting face read sad is damped


def test_operating_points_find_each_childs_baseline_on_their_own_neutral_stream():
    from training.operating_points import DevSet, baseline_per_subject

    classes = list(EXPRESSIONS)
    neutral, sad = classes.index("neutral"), classes.index("sad")
    rest = np.full(7, 0.05)
    rest[sad], rest[neutral] = 0.55, 0.2
    flat = np.full(7, 1 / 7)
    streams = np.stack([np.tile(row, (10, 1)) for row in (rest, flat, flat, flat)])
    streams[0, 3] = np.nan  # a frame without a face
    dev = DevSet("cafe", streams, np.array([neutral, sad, neutral, sad]))
    out = baseline_per_subject(dev, ["A", "A", "B", "B"], classes)
    assert out.labels.tolist() == [sad, sad]  # each child's neutral stream gave the baseline, then left out
    assert out.streams[0, 0, sad] < out.streams[1, 0, sad]
    assert np.allclose(out.streams[:, 0].sum(axis=-1), 1)


def test_compare_tables_runs_and_exported_model_folders_with_the_cafe_column(tmp_path):
    import json

    from training.compare import compare

    suite_row = {"accuracy": 0.75, "recall": {"fear": 0.53, "happy": 0.95}}
    run = tmp_path / "v3"
    run.mkdir()
    (run / "history.csv").write_text("epoch,accuracy,val_accuracy\n0,0.7,0.70\n")
    (run / "report.json").write_text(json.dumps({
        "model": "actor", "parameters": 10, "best_epoch": 1, "validation": {"accuracy": 0.70, "macro_recall": 0.6},
        "train_accuracy": 0.72, "overfitting_gap": 0.02, "suite": {"cafe": suite_row, "ferplus": {"accuracy": 0.77}}}))
    model = tmp_path / "v2"
    model.mkdir()
    (model / "model.json").write_text(json.dumps({"model": "actor", "validation": {"accuracy": 0.73},
                                                  "suite": {"ferplus": {"accuracy": 0.789}}}))
    result = compare([run, model], tmp_path / "out")
    assert result["chosen"] == "v3"  # an exported folder is shown, never chosen over the runs
    text = (tmp_path / "out" / "comparison.md").read_text()
    assert "CAFE children held out" in text and "fear 0.53" in text
    assert "| v2 | - | 0.789 | - | - | - |" in text
