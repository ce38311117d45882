"""Cross-validation by person (issue 27): every person is scored by the one fold model that never saw them,
out-of-fold operating points, and the face crop a model names in model.json."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest
from test_training_children import CHILDREN, make_children

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision import classifier, faces
from actor_trainer.vision.classifier import ModelError
from training import crossval, export
from training.datasets.posed import Folds, load_posed, subject_of
from training.operating_points import out_of_fold_devs

K = 3


class FoldRuntime:
    """Stands in for a fold's int8 model: remembers the fold and answers that fold's class for every face."""

    def __init__(self, fold: int):
        self.fold, self.classes, self.flip_average, self.temperature = fold, tuple(EXPRESSIONS), True, 1.0
        self.backend = "fake"

    def predict_batch(self, images):
        probs = np.full((len(images), len(EXPRESSIONS)), 0.01)
        probs[:, self.fold] = 1.0
        return probs / probs.sum(axis=1, keepdims=True)


def fold_runs(tmp_path, cafe):
    runs = []
    for fold in range(K):
        run = tmp_path / f"fold{fold}"
        run.mkdir()
        config = {"data": [f"{cafe}:10"], "subject_folds": K, "holdout_fold": fold, "flip_average": True}
        (run / "run.json").write_text(json.dumps(config))
        (run / "report.json").write_text(json.dumps({"config": config}))
        (run / "model.keras").write_bytes(b"x")
        (run / "last.keras").write_bytes(b"x")
        runs.append(run)
    return runs


@pytest.fixture
def out_of_fold(tmp_path, monkeypatch):
    root = tmp_path / "datasets"
    cafe = make_children(root / "cafe-dev")
    monkeypatch.setattr(crossval, "fold_runtime",
                        lambda run, config, cache, ferplus: FoldRuntime(config["holdout_fold"]))
    return crossval.out_of_fold(fold_runs(tmp_path, cafe), root, tmp_path / "cache", streams=True), cafe


def test_every_child_is_scored_once_by_the_model_that_never_saw_them(out_of_fold):
    results, cafe = out_of_fold
    arrays = results["cafe"].arrays()
    assert sorted(set(arrays["subjects"])) == sorted(CHILDREN)
    assert len(arrays["labels"]) == len(load_posed(cafe, "train", None, None))  # every photo once
    for subject, fold, probs in zip(arrays["subjects"], arrays["folds"], arrays["probs"], strict=True):
        trained = {subject_of(str(n)) for n in load_posed(cafe, "train", None, Folds(K, int(fold))).names}
        assert subject not in trained  # the scoring model never trained on this child
        assert int(np.argmax(probs)) == fold  # and it really was that fold's model that scored the photo
    for subject in set(arrays["subjects"]):  # a child is never split between folds
        assert len(set(arrays["folds"][arrays["subjects"] == subject])) == 1


def test_summary_gives_pooled_figures_and_the_spread_over_folds(out_of_fold):
    results, _ = out_of_fold
    summary = crossval.summarize_out_of_fold(results)["cafe"]
    assert summary["people"] == len(CHILDREN) and set(summary["fold_accuracy"]) == set(range(K))
    accuracies = list(summary["fold_accuracy"].values())
    assert summary["fold_mean"] == pytest.approx(np.mean(accuracies))
    assert summary["fold_std"] == pytest.approx(np.std(accuracies))
    assert "fold mean +- std" in crossval.render({"cafe": summary})


def test_out_of_fold_streams_round_trip_and_make_cross_fitted_dev_sets(out_of_fold, tmp_path):
    results, _ = out_of_fold
    summary = crossval.summarize_out_of_fold(results)
    crossval.save(results, summary, tmp_path / "cv")
    loaded = crossval.load_oof(tmp_path / "cv" / crossval.OOF_FILE)
    arrays = results["cafe"].arrays()
    assert np.array_equal(loaded["cafe"]["folds"], arrays["folds"])
    assert loaded["cafe"]["streams"].shape[:1] == arrays["labels"].shape
    devs = out_of_fold_devs(loaded, list(EXPRESSIONS))
    assert [dev.name for dev in devs] == ["cafe-oof"]
    # every stream of a child is still the fold model's own output: no other fold's predictions mixed in
    finite = devs[0].streams[~np.isnan(devs[0].streams[..., 0])]
    assert set(np.argmax(finite, axis=-1)) <= set(range(K))


def test_runs_that_do_not_cover_each_fold_once_are_refused(tmp_path):
    cafe = make_children(tmp_path / "datasets" / "cafe-dev")
    runs = fold_runs(tmp_path, cafe)
    with pytest.raises(ModelError, match="each of K folds once"):
        crossval.out_of_fold(runs[:2], tmp_path / "datasets", tmp_path / "cache")
    (runs[0] / "run.json").write_text(json.dumps({"data": [str(cafe)], "subject_folds": 0}))
    with pytest.raises(ModelError, match="--subject-folds"):
        crossval.out_of_fold(runs, tmp_path / "datasets", tmp_path / "cache")


def test_export_refuses_a_run_trained_on_another_crop(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    with pytest.raises(ModelError, match="does not say which face crop"):
        export.run_crop(run)
    (run / "crop.json").write_text(json.dumps({"id": "haar-cascade", "version": 1, "margin": 0.1}))
    with pytest.raises(ModelError, match="haar-cascade"):
        export.run_crop(run)
    assert export.run_crop(run, allow_other_crop=True)["id"] == "haar-cascade"
    assert "warning" in capsys.readouterr().out
    (run / "crop.json").write_text(json.dumps(faces.crop_identity()))
    assert export.run_crop(run) == faces.crop_identity()


def test_model_json_names_its_crop_and_the_app_warns_on_another(caplog):
    assert classifier.metadata_problem({"classes": list(EXPRESSIONS), "crop": "haar"}) is not None
    assert classifier.metadata_problem({"classes": list(EXPRESSIONS), "crop": faces.crop_identity()}) is None
    with caplog.at_level(logging.WARNING):
        classifier.warn_about_crop({"crop": {"id": "haar-cascade", "version": 1, "margin": 0.1}}, "somewhere")
    assert "haar-cascade" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        classifier.warn_about_crop({"crop": faces.crop_identity()}, "somewhere")
    assert not caplog.text


def test_relative_head_pairs_each_photo_with_its_own_persons_calm_face_only():
    from training.relative_head import NEUTRAL, calm_pairs

    subjects = np.array(["a", "a", "a", "b", "b", "c"])
    labels = np.array([3, NEUTRAL, NEUTRAL, 0, NEUTRAL, 5])
    photos, calm = calm_pairs(subjects, labels)
    assert photos.tolist() == [0, 2, 3]  # a's first neutral is the calm face; c has none and is left out
    assert calm.tolist() == [1, 1, 4]
    assert all(subjects[p] == subjects[c] for p, c in zip(photos, calm, strict=True))
