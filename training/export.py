"""`python -m training export RUN_DIR`: install a run's model into assets/ with its model.json.

model.json follows the contract in DEVELOPERS.md: the app reads the class order, the input size,
the preprocessing and whether to average with the mirror image from it, never from code.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.preprocessing import INPUT_SIZE, PREPROCESSING_NAME
from training.evaluate import METADATA_FILE, ModelError, load_model
from training.runfiles import write_text_atomic
from training.train import save_for_inference

MODEL_FILE = "model.keras"
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


def build_metadata(report: dict, config: dict, model_size: int, parameters: int) -> dict:
    validation = report.get("validation", {})
    return {
        "classes": list(validation.get("classes") or EXPRESSIONS),
        "input_size": INPUT_SIZE,
        "preprocessing": PREPROCESSING_NAME,
        "flip_average": bool(config.get("flip_average", False)),
        "validation": {key: validation[key] for key in VALIDATION_KEYS if key in validation},
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
        "parameters": parameters,
        "file_size": model_size,
        "epochs": report.get("epochs"),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def export_run(run_dir: Path, dest: Path) -> dict:
    """Copy RUN_DIR/model.keras to DEST/model.keras and write DEST/model.json, each atomically."""
    run_dir, dest = Path(run_dir), Path(dest)
    report, config = read_run(run_dir)
    source = run_dir / MODEL_FILE
    model = load_model(source)  # refuse to install a file the app could not load
    outputs = int(model.output_shape[-1])
    dest.mkdir(parents=True, exist_ok=True)
    temporary = dest / f".{MODEL_FILE}.tmp.keras"
    save_for_inference(model, temporary)
    metadata = build_metadata(report, config, temporary.stat().st_size, int(model.count_params()))
    if outputs != len(metadata["classes"]):
        temporary.unlink()
        raise ModelError(f"{source} has {outputs} outputs but the run lists {len(metadata['classes'])} classes")
    os.replace(temporary, dest / MODEL_FILE)
    write_text_atomic(dest / METADATA_FILE, json.dumps(metadata, indent=2) + "\n")
    return metadata


def add_arguments(parser) -> None:
    parser.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="a finished run directory")
    parser.add_argument("--dest", type=Path, help="where to install (default: the app's assets folder)")


def run(args) -> int:
    from actor_trainer.resources import assets_dir

    dest = args.dest or assets_dir()
    metadata = export_run(args.run_dir, dest)
    validation = metadata["validation"]
    print(f"installed {args.run_dir / MODEL_FILE} -> {dest / MODEL_FILE} ({metadata['file_size'] / 1e6:.1f} MB, "
          f"{metadata['parameters']:,} parameters)")
    print(f"validation accuracy {validation.get('accuracy', float('nan')):.4f}, "
          f"macro recall {validation.get('macro_recall', float('nan')):.4f}; classes {metadata['classes']}")
    print(f"metadata: {dest / METADATA_FILE}")
    return 0
