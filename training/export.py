"""`python -m training export RUN_DIR`: install a run's model into assets/ with its model.json.

Installs model.keras (for evaluation and fine-tuning with `train --init-from`) and model.tflite, the
int8 LiteRT file the app runs, calibrated on the run's training images. The validation figures in
model.json are measured on model.tflite through the app's own classifier, flip average included,
so they describe what the game sees; the Keras model's figures stay beside them.

model.json follows the contract in DEVELOPERS.md: the app reads the class order, the input size,
the preprocessing and whether to average with the mirror image from it, never from code.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision import classifier
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError, keras_function
from actor_trainer.vision.preprocessing import INPUT_SIZE, PREPROCESSING_NAME
from training.datasets.cache import default_cache_dir
from training.datasets.folders import is_unsplit_class_folder
from training.datasets.posed import Folds, load_posed, subject_of, subject_patterns
from training.datasets.specs import load_sources, parse_data_spec
from training.evaluate import METADATA_FILE, evaluate_classifier, predict_in_batches
from training.quantize import calibration_sample, to_litert

MODEL_FILE = "model.keras"
RUNTIME_FILE = "model.tflite"
VALIDATION_KEYS = ("accuracy", "macro_recall", "macro_f1", "n", "per_class")


def read_run(run_dir: Path) -> tuple[dict, dict]:
    """The run's report.json and run.json; a clear error when the run is not finished."""
    run_dir = Path(run_dir)
    if not (run_dir / MODEL_FILE).is_file():
        raise ModelError(f"no {MODEL_FILE} in {run_dir} (is the run finished?)")
    if not (run_dir / "report.json").is_file():
        raise ModelError(f"no report.json in {run_dir} (is the run finished?)")
    report = json.loads((run_dir / "report.json").read_text())
    config = report.get("config") or {}
    if (run_dir / "run.json").is_file():
        config = {**config, **json.loads((run_dir / "run.json").read_text())}
    return report, config


def describe_training_data(report: dict, config: dict) -> str:
    sources = report.get("images_per_source") or {}
    source_text = ", ".join(f"{name} ({count} images)" for name, count in sources.items()) \
        or ", ".join(config.get("data", []))
    subset = config.get("subset", 1.0)
    text = f"{report.get('train_images', '?')} training images from {source_text}"
    if subset and subset < 1:
        text += f" (stratified subset {subset:g})"
    counts = report.get("train_class_counts")
    if counts:
        text += "; per class " + ", ".join(f"{name} {count}" for name, count in counts.items())
    return text


def build_metadata(report: dict, config: dict, sizes: dict[str, int], parameters: int,
                   runtime_validation: dict, keras_validation: dict, digests: dict[str, str] | None = None) -> dict:
    return {
        "classes": list(runtime_validation["classes"]),
        "input_size": INPUT_SIZE,
        "preprocessing": PREPROCESSING_NAME,
        "flip_average": bool(config.get("flip_average", False)),
        "validation": {key: runtime_validation[key] for key in VALIDATION_KEYS if key in runtime_validation},
        "validation_keras": {key: keras_validation[key] for key in VALIDATION_KEYS if key in keras_validation},
        "training_data": describe_training_data(report, config),
        "training_counts": {
            "images": report.get("train_images"),
            "per_class": report.get("train_class_counts"),
            "per_source": report.get("images_per_source"),
            "validation_images": report.get("validation_images"),
            "skipped_files": len(report.get("skipped_files", [])),
        },
        "model": report.get("model") or config.get("model"),
        "model_file": MODEL_FILE,
        "runtime_file": RUNTIME_FILE,
        "quantization": "int8 weights and activations, float32 input and output",
        "parameters": parameters,
        "file_size": sizes[RUNTIME_FILE],
        "keras_file_size": sizes[MODEL_FILE],
        # checked by the app before it loads either file (classifier.check_model_file)
        "file_sha256": digests[RUNTIME_FILE] if digests else None,
        "keras_file_sha256": digests[MODEL_FILE] if digests else None,
        "epochs": report.get("epochs"),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def trained_posed_subjects(config: dict, cache: Path) -> list[str]:
    """Subjects (S### prefixes) of the posed datasets the run trained on, so that benchmarks and evaluation
    can leave exactly those out; empty when the run used no posed data."""
    specs = [parse_data_spec(spec) for spec in config.get("data") or []]
    folds = Folds(config["subject_folds"], config.get("holdout_fold", 0)) \
        if (config.get("subject_folds") or 0) > 1 else None
    subjects = set()
    for spec in specs:
        if spec.path.is_dir() and is_unsplit_class_folder(spec.path):
            part = load_posed(spec.path, "train", cache, folds)
            subjects |= {subject_of(str(name), subject_patterns(spec.path)) for name in part.names}
    return sorted(subjects)


def calibrate_and_measure(runtime: ExpressionClassifier, config: dict, cache: Path, seed: int = 0,
                          out_of_fold: Path | None = None) -> dict:
    """Temperature (fitted on FER+ validation), the side-by-side suite before and after it, and the
    per-expression operating points, all through the app's runtime. Empty when no datasets are found.
    `out_of_fold` (crossval's oof.npz) adds its people's out-of-fold streams to the operating points'
    development sets (cross-fitting), and its figures (crossval.json beside it) to the result."""
    from training import suite
    from training.operating_points import dev_sets, measure_levels

    root = suite.default_datasets_root()
    trained, folds = suite.posed_holdout(config.get("data"), _folds(config), root)
    parts = suite.suite_parts(root, cache, trained, folds)
    if not parts:
        return {}
    classes = tuple(runtime.classes)
    before = suite.evaluate_parts(lambda x: predict_in_batches(runtime, x), parts, classes)
    fit_part = next((part for part in parts if part.key == "ferplus"), parts[0])
    temperature, crossfit = fit_temperature_on(runtime, fit_part, classes)
    runtime.temperature = temperature
    after = suite.evaluate_parts(lambda x: predict_in_batches(runtime, x), parts, classes)
    reference = neutral_reference(runtime, fit_part, classes)
    devs = dev_sets(runtime, parts, root, np.random.default_rng(seed), reference)
    crossval = {}
    if out_of_fold is not None:
        from training.operating_points import SUMMARY_FILE, load_oof, out_of_fold_devs

        devs += out_of_fold_devs(load_oof(out_of_fold), classes, reference)
        summary = Path(out_of_fold).with_name(SUMMARY_FILE)
        if summary.is_file():
            crossval = {"crossval": json.loads(summary.read_text())}
    constrain = tuple(dev.name for dev in devs if dev.name.split("-")[0] in ("ferplus", "ckplus", "cafe"))
    levels = measure_levels(devs, classes, constrain=constrain)
    return {**crossval, "temperature": temperature,
            "calibration": {"fitted_on": fit_part.label, "temperature": temperature, "ece_crossfit": crossfit,
                            "before": {k: {"ece": v["ece"], "nll": v["nll"]} for k, v in before.items()},
                            "after": {k: {"ece": v["ece"], "nll": v["nll"]} for k, v in after.items()}},
            "suite": after, "levels": levels, **({"neutral_reference": reference} if reference else {}),
            "levels_measured_on": [dev.name for dev in devs]}


def neutral_reference(runtime: ExpressionClassifier, part, classes) -> dict[str, float] | None:
    """The model's average output on the calm (majority neutral) faces of a development set: what the
    game's calm-face baseline aims a resting child's face at."""
    from training.suite import relabel

    if "neutral" not in classes:
        return None
    images, labels, _ = relabel(part.split, list(classes))
    calm = images[labels == list(classes).index("neutral")]
    if not len(calm):
        return None
    mean = predict_in_batches(runtime, calm).mean(axis=0)
    return {name: round(float(value), 4) for name, value in zip(classes, mean / mean.sum(), strict=True)}


def _folds(config: dict) -> Folds | None:
    count = config.get("subject_folds") or 0
    return Folds(count, config.get("holdout_fold", 0)) if count > 1 else None


def fit_temperature_on(runtime: ExpressionClassifier, part, classes) -> tuple[float, float]:
    """(temperature fitted on the whole part, ECE when fitted on one half and measured on the other)."""
    from training.metrics import expected_calibration_error, fit_temperature
    from training.suite import relabel

    images, labels, _ = relabel(part.split, list(classes))
    runtime.temperature = 1.0
    probs = predict_in_batches(runtime, images)
    halves = np.arange(len(labels)) % 2 == 0
    errors = []
    for fit, measure in ((halves, ~halves), (~halves, halves)):
        t = fit_temperature(labels[fit], probs[fit])
        errors.append(expected_calibration_error(labels[measure], classifier.scale_temperature(probs[measure], t)))
    return round(fit_temperature(labels, probs), 4), float(np.mean(errors))


def run_crop(run_dir: Path, allow_other_crop: bool = False) -> dict | None:
    """The face crop the run trained on (its crop.json), checked against the game's. Raises ModelError when
    they differ (or the run does not say) unless `allow_other_crop`, then the mismatch is only printed."""
    from actor_trainer.vision import faces

    path = Path(run_dir) / "crop.json"
    crop = json.loads(path.read_text()) if path.is_file() else None
    problem = faces.crop_mismatch(crop)
    if problem and not allow_other_crop:
        raise ModelError(f"{run_dir}: {problem}. Export anyway with --allow-other-crop.")
    if problem:
        print(f"warning: {problem}")
    return crop


def export_run(run_dir: Path, dest: Path, data_roots: list[Path] | None = None,
               cache_dir: Path | None = None, out_of_fold: Path | None = None, model_file: str = MODEL_FILE,
               allow_other_crop: bool = False) -> dict:
    """Install RUN_DIR's model as DEST/model.keras + model.tflite + model.json.

    The training data (the run's own `--data` unless `data_roots` is given) calibrates the int8
    file; its whole validation split measures both files. Every file is staged under a temporary
    name and renamed into place only when all of them are ready, model.json last."""
    run_dir, dest = Path(run_dir), Path(dest)
    report, config = read_run(run_dir)
    crop = run_crop(run_dir, allow_other_crop)
    if not (run_dir / model_file).is_file():
        raise ModelError(f"no {model_file} in {run_dir}")
    model = classifier.load_keras_model(run_dir / model_file)
    classes = list(report.get("validation", {}).get("classes") or EXPRESSIONS)
    outputs = int(model.output_shape[-1])
    if outputs != len(classes):
        raise ModelError(f"{run_dir / MODEL_FILE} has {outputs} outputs but the run lists {len(classes)} classes")
    roots = [str(p) for p in (data_roots or config.get("data") or [])]
    if not roots:
        raise ModelError("the run does not name its training data; pass --data DATASET")
    cache = Path(cache_dir or config.get("cache_dir") or default_cache_dir())
    folds = _folds(config)
    train = load_sources(roots, "train", cache, folds)
    validation = load_sources(roots, "validation", cache, folds)

    dest.mkdir(parents=True, exist_ok=True)
    staged = {MODEL_FILE: dest / ".model.tmp.keras", RUNTIME_FILE: dest / ".model.tmp.tflite",
              METADATA_FILE: dest / ".model.tmp.json"}
    flip = bool(config.get("flip_average"))
    try:
        from training.train import save_for_inference

        save_for_inference(model, staged[MODEL_FILE])
        staged[RUNTIME_FILE].write_bytes(to_litert(model, calibration_sample(train.images)))
        runtime = ExpressionClassifier.from_file(staged[RUNTIME_FILE], {"classes": classes, "flip_average": flip})
        measured = calibrate_and_measure(runtime, config, cache, out_of_fold=out_of_fold)
        keras_path = ExpressionClassifier(classes, keras_function(model), flip, "keras",
                                          temperature=runtime.temperature)
        sizes = {name: staged[name].stat().st_size for name in (MODEL_FILE, RUNTIME_FILE)}
        digests = {name: classifier.file_digest(staged[name]) for name in (MODEL_FILE, RUNTIME_FILE)}
        metadata = build_metadata(report, config, sizes, int(model.count_params()),
                                  evaluate_classifier(runtime, validation), evaluate_classifier(keras_path, validation),
                                  digests)
        metadata.update(measured)
        metadata["posed_subjects_trained"] = trained_posed_subjects(config, cache)
        metadata["crop"] = crop
        metadata["exported_from"] = model_file
        staged[METADATA_FILE].write_text(json.dumps(metadata, indent=2) + "\n")
        for name in (MODEL_FILE, RUNTIME_FILE, METADATA_FILE):
            atomic.commit(staged[name], dest / name)
    finally:
        for path in staged.values():
            path.unlink(missing_ok=True)
    return metadata


def add_arguments(parser) -> None:
    parser.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="a finished run directory")
    parser.add_argument("--dest", type=Path, help="where to install (default: the app's assets folder)")
    parser.add_argument("--data", type=Path, action="append",
                        help="training data for int8 calibration and the validation figures "
                             "(default: the run's own --data); repeatable")
    parser.add_argument("--cache-dir", type=Path, help="where decoded datasets are cached")
    parser.add_argument("--out-of-fold", type=Path, metavar="OOF_NPZ",
                        help="crossval's oof.npz: set the operating points on out-of-fold people too (cross-fitting) "
                             "and record the cross-validated figures")
    parser.add_argument("--model-file", default=MODEL_FILE,
                        help="which of the run's models to export (model.keras: the best epoch; last.keras: the last)")
    parser.add_argument("--allow-other-crop", action="store_true",
                        help="export a run trained on another face crop than the game's (its figures will not hold)")


def run(args) -> int:
    from actor_trainer.resources import assets_dir

    dest = args.dest or assets_dir()
    metadata = export_run(args.run_dir, dest, args.data, args.cache_dir, args.out_of_fold, args.model_file,
                          args.allow_other_crop)
    print(f"installed {args.run_dir / args.model_file} -> {dest / MODEL_FILE} "
          f"({metadata['keras_file_size'] / 1e6:.1f} MB) "
          f"and {dest / RUNTIME_FILE} (int8, {metadata['file_size'] / 1e6:.1f} MB); "
          f"{metadata['parameters']:,} parameters")
    for name in ("validation_keras", "validation"):
        validation = metadata[name]
        print(f"{'Keras model' if name == 'validation_keras' else 'int8 app model'}: validation accuracy "
              f"{validation.get('accuracy', float('nan')):.4f}, macro recall "
              f"{validation.get('macro_recall', float('nan')):.4f}")
    print(f"classes {metadata['classes']}")
    print(f"metadata: {dest / METADATA_FILE}")
    return 0
