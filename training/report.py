"""Run reports: report.json and report.md beside curves.png and confusion.png."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from training.datasets.cache import default_cache_dir
from training.datasets.split import DatasetError
from training.metrics import summarize
from training.plots import plot_confusion, plot_curves
from training.predict import predict_probs
from training.runfiles import read_history

GAP_SAMPLE = 5000


def write_run_report(run_dir: Path, model, config, train_split, validation, wall_seconds: float,
                     weights=None, warnings: list[str] = ()) -> dict:
    """report.json and report.md of a finished run; `warnings`: what run_notes said before training (classes
    with no or few images), repeated at the top of report.md."""
    history = read_history(run_dir)
    validation_metrics = summarize(validation.labels, predict_probs(model, validation.images, config.flip_average),
                                   validation.classes)
    sample = np.random.default_rng(0).permutation(len(train_split))[:GAP_SAMPLE]
    train_metrics = summarize(train_split.labels[sample],
                              predict_probs(model, train_split.images[sample], config.flip_average),
                              train_split.classes)
    suite = suite_figures(model, config, validation.classes)
    epoch_seconds = [row.get("epoch_seconds", 0.0) for row in history]
    report = {
        "model": config.model,
        "parameters": int(model.count_params()),
        "epochs": len(history),
        "best_epoch": int(np.argmax([row.get("val_accuracy", 0) for row in history]) + 1) if history else 0,
        "wall_seconds": float(sum(epoch_seconds) or wall_seconds),
        "images_per_second": float(np.median([row["images_per_second"] for row in history]))
        if history and "images_per_second" in history[0] else None,
        "train_accuracy": train_metrics["accuracy"],
        "validation": validation_metrics,
        "suite": suite,
        "overfitting_gap": train_metrics["accuracy"] - validation_metrics["accuracy"],
        "train_images": len(train_split),
        "validation_images": len(validation),
        "train_class_counts": train_split.class_counts(),
        "images_per_source": train_split.source_counts(),
        "class_weights": None if weights is None else [float(w) for w in weights],
        "skipped_files": train_split.skipped + validation.skipped,
        "excluded_faces": {**train_split.excluded, **{f"validation {k}": v for k, v in validation.excluded.items()}},
        "config": asdict(config),
        "warnings": list(warnings),
    }
    atomic.write_text(run_dir / "report.json", json.dumps(report, indent=2))
    atomic.write_text(run_dir / "report.md", render_markdown(report))
    if history:
        plot_curves(history, run_dir / "curves.png", title=f"{config.model}: training vs validation")
    plot_confusion(np.array(validation_metrics["confusion"]), validation_metrics["classes"],
                   run_dir / "confusion.png", title=f"{config.model} validation")
    return report


def suite_figures(model, config, classes) -> dict:
    """FER2013 / FER+ / CK+ (held-out subjects when trained on) side by side, as the model runs in Keras."""
    from training.suite import default_datasets_root, evaluate_parts, posed_holdout, suite_parts

    root = default_datasets_root()
    trained, folds = posed_holdout(config.data, config.folds(), root)
    try:
        parts = suite_parts(root, default_cache_dir() if config.cache_dir is None else Path(config.cache_dir),
                            trained, folds)
    except DatasetError:
        return {}
    return evaluate_parts(lambda images: predict_probs(model, images, config.flip_average), parts, tuple(classes))


def render_markdown(report: dict) -> str:
    validation = report["validation"]
    lines = [
        f"# Run report: {report['model']}",
        "",
        *[f"- **{line}**" for line in report.get("warnings", [])],
        f"- validation accuracy: **{validation['accuracy']:.4f}** (n = {validation['n']}), "
        f"macro recall {validation['macro_recall']:.4f}",
        f"- training accuracy (clean images): {report['train_accuracy']:.4f}; "
        f"overfitting gap (train - val): {report['overfitting_gap']:+.4f}",
        f"- epochs: {report['epochs']} (best {report['best_epoch']}), wall time {report['wall_seconds'] / 60:.1f} min, "
        f"training {report['images_per_second'] or 0:.0f} images/s",
        f"- parameters: {report['parameters']:,}",
        f"- training images: {report['train_images']} {report['train_class_counts']}",
        f"- images per source: {report['images_per_source']}",
        f"- skipped files: {len(report['skipped_files'])}; faces left out on purpose: "
        f"{report.get('excluded_faces') or 'none'}",
        "",
        "| class | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for name, row in validation["per_class"].items():
        lines.append(f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | {row['support']} |")
    if report.get("suite"):
        from training.suite import render_suite

        lines += ["", "## Every dataset, side by side (Keras model, flip-averaged)", "", render_suite(report["suite"])]
    lines += ["", "![curves](curves.png)", "", "![confusion](confusion.png)", ""]
    for path in report["skipped_files"][:50]:
        lines.append(f"- skipped: {path}")
    return "\n".join(lines) + "\n"
