"""FER+ vote distributions, datasets of different kinds mixed with weights, subject-wise folds,
calibration figures and temperature scaling."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import make_class_folders, make_ferplus, make_posed

from actor_trainer.labels import EXPRESSIONS
from training.augment import class_weights, epoch_order
from training.datasets.ferplus import find_ferplus_split
from training.datasets.posed import Folds, load_posed, subject_of
from training.datasets.specs import DataSpec, load_sources, load_split, parse_data_spec
from training.datasets.split import DatasetError
from training.metrics import expected_calibration_error, fit_temperature, negative_log_likelihood


def test_ferplus_votes_become_seven_class_distributions_and_skips_are_counted(tmp_path):
    split = load_split(make_ferplus(tmp_path / "ferplus"), "train")
    assert len(split) == 3
    assert list(split.names) == ["fer0.png", "fer1.png", "fer3.png"]
    neutral, happy = EXPRESSIONS.index("neutral"), EXPRESSIONS.index("happy")
    assert split.targets[0][neutral] == pytest.approx(0.75) and split.targets[0][happy] == pytest.approx(0.25)
    assert np.allclose(split.targets.sum(axis=1), 1)
    assert split.labels.tolist() == [neutral, happy, EXPRESSIONS.index("fear")]
    assert sum(split.excluded.values()) == 1 and "fewer than 5" in next(iter(split.excluded))


def test_ferplus_validation_comes_from_fer2013valid(tmp_path):
    root = make_ferplus(tmp_path / "ferplus")
    assert len(load_split(root, "validation")) == 3
    assert find_ferplus_split(root, "validation").name == "FER2013Valid"


def test_a_broken_ferplus_row_is_reported_with_its_line_and_the_rest_loads(tmp_path):
    root = make_ferplus(tmp_path / "ferplus", broken_line='fer9.png,"(0, 0, 48, 48)",1,2,x,0,0,0,0,0,0,0')
    split = load_split(root, "train")
    assert len(split) == 3
    assert any(problem.endswith("label.csv:2: could not convert string to float: 'x'") for problem in split.skipped)


def test_ferplus_cache_keeps_targets_and_counts(tmp_path):
    root = make_ferplus(tmp_path / "ferplus")
    first = load_split(root, "train", tmp_path / "cache")
    again = load_split(root, "train", tmp_path / "cache")
    assert np.array_equal(first.targets, again.targets) and again.excluded == first.excluded


def test_subject_folds_never_split_a_subject_and_cover_every_image(tmp_path):
    root = make_posed(tmp_path / "posed")
    seen = []
    for held_out in range(2):
        folds = Folds(2, held_out)
        train = load_sources([root], "train", folds=folds)
        validation = load_sources([root], "validation", folds=folds)
        train_subjects = {subject_of(str(n)) for n in load_posed(root, "train", None, folds).names}
        held = {subject_of(str(n)) for n in load_posed(root, "validation", None, folds).names}
        assert train_subjects and held and not train_subjects & held
        assert len(train) + len(validation) == 36
        seen += sorted(held)
    assert sorted(seen) == ["S010", "S012", "S014", "S016"]


def test_unsplit_posed_data_only_trains_without_folds(tmp_path):
    root = make_posed(tmp_path / "posed")
    make_class_folders(tmp_path / "fer" / "train", per_class=2)
    make_class_folders(tmp_path / "fer" / "validation", per_class=1)
    validation = load_sources([tmp_path / "fer", root], "validation")
    assert validation.source_counts()[str(root)] == 0
    assert len(load_sources([tmp_path / "fer", root], "train")) == 14 + 36


def test_mixed_kinds_keep_targets_weights_and_sources(tmp_path):
    fer = make_class_folders(tmp_path / "fer" / "train", per_class=2).parent
    make_class_folders(fer / "validation", per_class=1)
    ferplus = make_ferplus(tmp_path / "ferplus")
    posed = make_posed(tmp_path / "posed")
    merged = load_sources([str(fer), f"{ferplus}:2", f"{posed}:0.5"], "train")
    assert merged.source_counts() == {str(fer): 14, f"{ferplus}:2": 3, f"{posed}:0.5": 36}
    assert merged.targets.shape == (53, 7) and np.allclose(merged.targets.sum(axis=1), 1)
    assert merged.repeat_weights().tolist() == [1.0] * 14 + [2.0] * 3 + [0.5] * 36
    assert np.array_equal(merged.targets[:14].argmax(axis=1), merged.labels[:14])


def test_data_spec_weights_parse_and_reject_nonsense():
    assert parse_data_spec("../x/ckplus-dev:10") == DataSpec(Path("../x/ckplus-dev"), 10.0)
    assert parse_data_spec("C:/data").weight == 1.0
    with pytest.raises(DatasetError):
        parse_data_spec("dir:0")


def test_class_weights_follow_what_an_epoch_shows():
    labels = np.array([0, 0, 0, 0, 1])
    # image 4 (class 1) sampled four times: the classes are balanced in the epoch, so weights are equal
    weights = class_weights(labels, 2, power=1.0, repeats=np.array([1, 1, 1, 1, 4.0]))
    assert weights[0] == pytest.approx(weights[1])
    unbalanced = class_weights(labels, 2, power=1.0)
    assert unbalanced[1] == pytest.approx(4 * unbalanced[0])
    soft = class_weights(labels, 2, power=1.0, targets=np.array([[0.5, 0.5]] * 4 + [[0, 1.0]]))
    assert soft[0] == pytest.approx(soft[1] * 3 / 2)  # class 0 holds 2 votes, class 1 holds 3


def test_epoch_order_repeats_by_weight_with_a_constant_length():
    rng = np.random.default_rng(0)
    repeats = np.array([3.0, 1.0, 0.5, 0.5])
    orders = [epoch_order(repeats, rng) for _ in range(20)]
    assert {len(order) for order in orders} == {5}
    assert all(np.count_nonzero(order == 0) == 3 for order in orders)
    assert {int(np.count_nonzero(order == 2)) for order in orders} == {0, 1}


def test_ece_of_a_known_example():
    probs = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.6, 0.4]])
    true = np.array([0, 1, 0, 0])
    # bin of 0.9: accuracy 0.5, confidence 0.9 -> 0.4; bin of 0.6: accuracy 1.0, confidence 0.6 -> 0.4
    assert expected_calibration_error(true, probs) == pytest.approx(0.4)
    assert negative_log_likelihood(true, probs) == pytest.approx(-np.mean(np.log([0.9, 0.1, 0.6, 0.6])))


def test_temperature_fit_softens_an_overconfident_model():
    rng = np.random.default_rng(0)
    true = rng.integers(0, 3, 2000)
    logits = rng.normal(0, 1, (2000, 3))
    logits[np.arange(2000), true] += 1.0
    calibrated = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    sharp = np.exp(3 * logits) / np.exp(3 * logits).sum(axis=1, keepdims=True)  # three times too sure
    assert fit_temperature(true, sharp) == pytest.approx(3.0, rel=0.15)
    assert fit_temperature(true, calibrated) == pytest.approx(1.0, rel=0.15)
