"""`python -m training` end to end on a tiny generated dataset: train, resume, export, evaluate,
compare and tune. One short training run is shared by the tests of this module."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import make_class_folders, make_suite

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.preprocessing import PREPROCESSING_NAME
from training.cli import main
from training.runfiles import read_history

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """Generated data, and a tiny FER2013 / FER+ / CK+ suite standing in for ../shared/datasets in the
    reports' side-by-side figures, export's temperature and operating points."""
    root = tmp_path_factory.mktemp("training")
    make_class_folders(root / "data" / "train", per_class=5, seed=1)
    make_class_folders(root / "data" / "validation", per_class=2, seed=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ACTOR_TRAINER_DATA", str(make_suite(root / "suite")))
        yield root


@pytest.fixture(scope="module")
def dataset(workspace) -> Path:
    return workspace / "data"


def common(workspace: Path) -> list[str]:
    return ["--cache-dir", str(workspace / "cache")]


@pytest.fixture(scope="module")
def trained_run(workspace, dataset) -> Path:
    run_dir = workspace / "runs" / "baseline-a"
    code = main(["train", "--data", str(dataset), "--model", "baseline", "--epochs", "1", "--batch-size", "16",
                 "--run-dir", str(run_dir), "--quiet", *common(workspace)])
    assert code == 0
    return run_dir


@pytest.fixture(scope="module")
def exported(workspace, trained_run) -> Path:
    assets = workspace / "assets"
    assert main(["export", str(trained_run), "--dest", str(assets)]) == 0
    return assets


def test_train_writes_a_complete_run_directory(trained_run):
    for name in ("model.keras", "history.csv", "curves.png", "confusion.png", "report.md", "report.json", "run.json"):
        assert (trained_run / name).is_file(), name
    report = json.loads((trained_run / "report.json").read_text())
    assert report["epochs"] == 1
    assert report["train_images"] == 35 and report["validation"]["n"] == 14
    assert "overfitting_gap" in report and report["images_per_second"] > 0


def test_resume_continues_the_history(workspace, dataset, trained_run):
    resumed = workspace / "runs" / "baseline-b"
    shutil.copytree(trained_run, resumed)
    assert main(["train", "--resume", str(resumed), "--epochs", "2", "--quiet"]) == 0
    history = (resumed / "history.csv").read_text().splitlines()
    assert len(history) == 3  # header + epochs 1 and 2
    assert history[1].split(",")[0] == "0" and history[2].split(",")[0] == "1"
    assert json.loads((resumed / "report.json").read_text())["epochs"] == 2


def test_a_resumed_run_goes_on_as_the_uninterrupted_one(workspace, dataset, capsys):
    """Stopped after epoch 1 of 3 and resumed: the same curve as the run that was never stopped (the same
    batches, weights, optimizer moments and dropout seeds). Training the loaded checkpoint instead jumped:
    0.17 -> 0.46 training accuracy at the resume point in ../shared/cases/training-resume."""
    def run(name: str, *extra: str) -> Path:
        run_dir = workspace / "runs" / name
        assert main(["train", "--data", str(dataset), "--model", "actor", "--batch-size", "8", "--run-dir",
                     str(run_dir), "--quiet", *common(workspace), *extra]) == 0
        return run_dir

    uninterrupted = run("whole", "--epochs", "3")
    stopped = run("stopped", "--epochs", "1")
    assert json.loads((stopped / "resume.json").read_text())["epochs_done"] == 1
    capsys.readouterr()
    assert main(["train", "--resume", str(stopped), "--epochs", "3", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "training on " in out and "going on from epoch 2" in out and "estimated" in out

    def curve(run_dir: Path) -> list[tuple[float, float]]:
        return [(row["loss"], row["accuracy"]) for row in read_history(run_dir)]

    assert len(curve(stopped)) == 3
    assert np.allclose(curve(stopped), curve(uninterrupted), atol=1e-3)


def test_export_writes_the_model_and_its_metadata(trained_run, exported):
    metadata = json.loads((exported / "model.json").read_text())
    report = json.loads((trained_run / "report.json").read_text())
    assert metadata["classes"] == list(EXPRESSIONS)
    assert metadata["input_size"] == 48 and metadata["preprocessing"] == PREPROCESSING_NAME
    assert metadata["flip_average"] is True and metadata["model_file"] == "model.keras"
    assert metadata["runtime_file"] == "model.tflite" and metadata["quantization"].startswith("int8")
    # measured again at export on the same split as the int8 file; the run's report agrees
    assert metadata["validation_keras"]["accuracy"] == pytest.approx(report["validation"]["accuracy"], abs=1 / 14)
    assert metadata["validation"]["n"] == report["validation"]["n"] == 14
    assert metadata["file_size"] == (exported / "model.tflite").stat().st_size
    assert metadata["keras_file_size"] == (exported / "model.keras").stat().st_size
    assert metadata["parameters"] == report["parameters"]
    assert "35 training images" in metadata["training_data"] and metadata["created"]
    assert sorted(p.name for p in exported.iterdir()) == ["model.json", "model.keras", "model.tflite"]


def test_export_calibrates_and_writes_the_models_own_levels(trained_run, exported):
    from actor_trainer.play.baseline import model_reference
    from actor_trainer.play.levels import model_levels
    from actor_trainer.vision.classifier import read_metadata

    metadata = read_metadata(exported)  # validates every field
    assert 0.05 <= metadata["temperature"] <= 20
    assert set(metadata["suite"]) == {"fer2013", "ferplus", "ckplus"}
    for figures in metadata["suite"].values():
        assert {"accuracy", "recall", "ece", "nll", "n"} <= set(figures)
    assert set(metadata["calibration"]["before"]) == set(metadata["calibration"]["after"])
    calibration = metadata["calibration"]
    assert calibration["after"]["ferplus"]["nll"] <= calibration["before"]["ferplus"]["nll"] + 1e-6
    levels = model_levels(metadata)
    assert all(point.measured for point in levels.values())
    for expression in EXPRESSIONS:
        assert levels["easy"].threshold(expression) <= levels["hard"].threshold(expression)
    assert metadata["levels_measured_on"] == ["ferplus", "ferplus-game", "ckplus", "ckplus-game"]
    assert model_reference(metadata) is not None
    assert metadata["posed_subjects_trained"] == []


def test_evaluate_without_data_puts_every_dataset_side_by_side(workspace, exported, capsys):
    capsys.readouterr()
    assert main(["evaluate", "--model", str(exported), "--json", *common(workspace)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["datasets"]) == {"fer2013", "ferplus", "ckplus"}
    assert result["temperature"] == json.loads((exported / "model.json").read_text())["temperature"]
    assert main(["evaluate", "--model", str(exported), *common(workspace)]) == 0
    table = capsys.readouterr().out
    assert "FER+ validation (majority vote)" in table and "ECE (15 bins)" in table


def test_training_on_posed_data_reports_held_out_subjects_and_export_records_the_rest(workspace, dataset, capsys):
    posed = workspace / "suite" / "ckplus-dev"
    run_dir = workspace / "runs" / "posed"
    assert main(["train", "--data", str(dataset), "--data", f"{posed}:2", "--subject-folds", "2", "--model",
                 "baseline", "--epochs", "1", "--batch-size", "16", "--run-dir", str(run_dir), "--quiet",
                 *common(workspace)]) == 0
    report = json.loads((run_dir / "report.json").read_text())
    assert report["suite"]["ckplus"]["label"] == "CK+ held-out subjects (fold 0 of 2)"
    assert report["suite"]["ckplus"]["n"] == 18  # two of the four subjects, nine images each
    assert report["images_per_source"][f"{posed}:2"] == 18
    assert main(["export", str(run_dir), "--dest", str(workspace / "assets-posed"), *common(workspace)]) == 0
    metadata = json.loads((workspace / "assets-posed" / "model.json").read_text())
    assert metadata["posed_subjects_trained"] == ["S012", "S016"]
    assert metadata["suite"]["ckplus"]["n"] == 18
    capsys.readouterr()
    assert main(["evaluate", "--model", str(workspace / "assets-posed"), "--data", str(posed), "--json",
                 *common(workspace)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 18 and result["trained_subject_images_left_out"] == 18
    seen_only = workspace / "seen-only"  # only the subjects it trained on: no figure, and the reason why
    for image in posed.rglob("*"):
        if image.is_file() and any(subject in image.name for subject in ("S012", "S016")):
            (seen_only / image.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(image, seen_only / image.parent.name / image.name)
    assert main(["evaluate", "--model", str(workspace / "assets-posed"), "--data", str(seen_only),
                 *common(workspace)]) == 2
    assert "is of a person this model trained on" in capsys.readouterr().err


def test_exported_figures_are_what_evaluate_measures_through_the_app(workspace, dataset, exported, capsys):
    capsys.readouterr()
    assert main(["evaluate", "--model", str(exported), "--data", str(dataset), "--json", *common(workspace)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["runtime"] == "litert" and result["flip_average"] is True
    metadata = json.loads((exported / "model.json").read_text())
    assert result["accuracy"] == metadata["validation"]["accuracy"]
    assert result["per_class"] == metadata["validation"]["per_class"]


def test_a_failed_export_leaves_the_installed_model_alone(workspace, trained_run, exported, monkeypatch, capsys):
    import training.export

    before = {path.name: path.read_bytes() for path in exported.iterdir()}

    def fail(*args, **kwargs):
        raise training.export.ModelError("validation failed")

    monkeypatch.setattr(training.export, "evaluate_classifier", fail)
    assert main(["export", str(trained_run), "--dest", str(exported)]) == 2
    assert "validation failed" in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in exported.iterdir()} == before  # no temporary files either


def test_init_from_copies_weights_and_refuses_another_architecture(workspace, dataset, trained_run, capsys):
    import keras
    import numpy as np

    from training.models import build_baseline
    from training.train import copy_weights_from

    model = build_baseline()
    copy_weights_from(model, trained_run / "model.keras")
    trained = keras.saving.load_model(trained_run / "model.keras", compile=False)
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), trained.get_weights(), strict=True))
    assert main(["train", "--data", str(dataset), "--model", "actor", "--epochs", "1", "--init-from",
                 str(trained_run / "model.keras"), "--run-dir", str(workspace / "runs" / "mismatch"),
                 *common(workspace)]) == 2
    error = capsys.readouterr().err
    assert "do not match" in error and error.count("\n") == 1


def test_export_of_an_unfinished_run_is_one_line(tmp_path, capsys):
    (tmp_path / "run").mkdir()
    assert main(["export", str(tmp_path / "run"), "--dest", str(tmp_path / "assets")]) == 2
    error = capsys.readouterr().err
    assert "model.keras" in error and error.count("\n") == 1
    assert not (tmp_path / "assets").exists()


def test_evaluate_json_uses_the_flip_averaging_of_model_json(workspace, dataset, exported, capsys, monkeypatch):
    from actor_trainer.vision.classifier import ExpressionClassifier

    flips = []
    original = ExpressionClassifier.predict_batch

    def spy(self, faces):
        flips.append(self.flip_average)
        return original(self, faces)

    monkeypatch.setattr(ExpressionClassifier, "predict_batch", spy)
    monkeypatch.setenv("ACTOR_TRAINER_ASSETS", str(exported))  # the default model is the shipped one
    capsys.readouterr()
    assert main(["evaluate", "--data", str(dataset), "--json", *common(workspace)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert flips == [True] and result["runtime"] == "litert"
    assert result["n"] == 14 and 0 <= result["accuracy"] <= 1 and 0 <= result["macro_recall"] <= 1
    assert set(result["per_class"]) <= set(EXPRESSIONS)
    assert sum(map(sum, result["confusion"])) == 14


def test_evaluate_a_folder_with_a_subset_of_the_classes(workspace, exported, capsys):
    folder = make_class_folders(workspace / "no-fear", per_class=3, classes=("happy", "sad", "neutral"))
    capsys.readouterr()
    assert main(["evaluate", "--model", str(exported / "model.keras"), "--data", str(folder), "--json",
                 "--no-cache"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 9
    assert set(result["per_class"]) <= {"happy", "sad", "neutral"}
    assert all(row["support"] == 3 for row in result["per_class"].values())


def test_evaluate_missing_model_or_data_is_one_line(workspace, dataset, exported, capsys):
    assert main(["evaluate", "--model", str(workspace / "none.keras"), "--data", str(dataset)]) == 2
    assert capsys.readouterr().err.startswith("error: no model at")
    assert main(["evaluate", "--model", str(exported / "model.keras"), "--data", str(workspace / "nothing")]) == 2
    error = capsys.readouterr().err
    assert str(workspace / "nothing") in error and error.count("\n") == 1


def test_compare_writes_table_plot_and_choice(workspace, trained_run):
    resumed = workspace / "runs" / "baseline-b"
    if not resumed.exists():
        pytest.skip("needs the resumed run")
    out = workspace / "comparison"
    assert main(["compare", str(trained_run), str(resumed), "--out", str(out)]) == 0
    result = json.loads((out / "comparison.json").read_text())
    assert [row["name"] for row in result["runs"]] == ["baseline-a", "baseline-b"]
    assert result["chosen"] in ("baseline-a", "baseline-b")
    assert "(chosen)" in (out / "comparison.md").read_text()
    assert (out / "overlay.png").stat().st_size > 0


@pytest.mark.parametrize("search", ["tuner-v1", "tuner-v2"])
def test_tuner_one_trial_writes_a_trainable_config_and_resumes(workspace, dataset, search):
    from training import models
    from training.train import TrainConfig, build_model

    search_dir = workspace / f"search-{search}"
    command = ["tune", "--data", str(dataset), "--search", search, "--max-trials", "1", "--epochs", "1",
               "--batch-size", "16", "--dir", str(search_dir), "--quiet", *common(workspace)]
    assert main(command) == 0
    project = search_dir / f"{search}-random"
    best = json.loads((project / "best_hyperparameters.json").read_text())
    assert best["trials"] == 1 and 0 <= best["val_accuracy"] <= 1
    model = build_model(TrainConfig(data=[], model="tuned", model_config=best["config"]), len(EXPRESSIONS))
    assert model.output_shape == (None, 7)
    assert models.build_pyramid(best["config"]).output_shape == (None, 7)
    assert (project / "trials.md").read_text().count("\n| 1 |") == 1
    assert (project / "trials.csv").read_text().count("\n") == 2

    assert main(command) == 0  # the finished search is reloaded, not run again
    assert json.loads((project / "best_hyperparameters.json").read_text())["trials"] == 1


def test_python_dash_m_training_runs(tmp_path):
    import subprocess

    done = subprocess.run([sys.executable, "-m", "training", "evaluate", "--model", str(tmp_path / "x.keras"),
                           "--data", str(tmp_path)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 2 and "no model at" in done.stderr


def test_average_of_kept_epochs_is_a_run_that_exports(workspace, dataset, capsys):
    import keras
    import numpy as np

    from training.average import recompute_batch_norm

    run_dir = workspace / "runs" / "kept"
    assert main(["train", "--data", str(dataset), "--model", "actor", "--epochs", "2", "--batch-size", "16",
                 "--keep-epochs", "--run-dir", str(run_dir), "--quiet", *common(workspace)]) == 0
    snapshots = sorted((run_dir / "epochs").glob("*.weights.h5"))
    assert [path.name for path in snapshots] == ["epoch-001.weights.h5", "epoch-002.weights.h5"]

    assert main(["average", str(run_dir), "--last", "2"]) == 0
    averaged = run_dir.with_name("kept-swa")
    assert "averaged 2 snapshots" in capsys.readouterr().out
    report = json.loads((averaged / "report.json").read_text())
    assert report["validation"]["n"] == 14
    assert json.loads((averaged / "run.json").read_text())["extra"]["averaged_from"] == [str(p) for p in snapshots]

    model = keras.saving.load_model(averaged / "model.keras", compile=False)
    conv = next(i for i, layer in enumerate(model.layers) if isinstance(layer, keras.layers.Conv2D))
    stored = []
    for path in snapshots:
        reference = keras.saving.load_model(run_dir / "model.keras", compile=False)
        reference.load_weights(path)
        stored.append(reference.layers[conv].get_weights()[0])
    assert np.allclose(model.layers[conv].get_weights()[0], np.mean(stored, axis=0), atol=1e-6)

    batch_norm = next(layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization))
    mean_before = batch_norm.get_weights()[2].copy()
    images = np.random.default_rng(0).integers(0, 256, (64, 48, 48)).astype(np.uint8)
    recompute_batch_norm(model, images)
    inputs = keras.Model(model.inputs, batch_norm.input).predict(images[..., None].astype(np.float32), verbose=0)
    assert np.allclose(batch_norm.get_weights()[2], inputs.mean(axis=(0, 1, 2)), atol=1e-4)
    assert not np.allclose(mean_before, batch_norm.get_weights()[2])

    assert main(["export", str(averaged), "--dest", str(workspace / "assets-swa")]) == 0
