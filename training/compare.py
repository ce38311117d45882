"""`python -m training compare RUN_DIR...`: a table, an overlay plot and the report's selection rule.

Selection rule (the report picked the model that over- or under-fits least at the best validation
accuracy), made exact:
1. every run's score is its best validation accuracy: report.json's (the restored best model,
   evaluated as the app does) or, for an unfinished run, the best `val_accuracy` in history.csv;
2. its fit gap is train accuracy - validation accuracy for that same model: report.json's
   `overfitting_gap` (clean training images), or for an unfinished run the history row of its best
   epoch (augmented training images, so it reads lower);
3. the candidates are the runs within `tolerance` (default 0.01 = one point) of the top score;
4. among them the smallest |gap| wins (positive gap: overfits, negative: underfits); ties go to the
   higher score.

An exported model folder (model.json, as `export` writes it into assets/) may stand beside the run
directories: its row comes from model.json (the int8 file's validation figures). Every entry's
side-by-side suite (FER2013, FER+, CK+ and CAFE held out) is tabled too: report.json's "suite" for
runs (Keras), model.json's for model folders (int8, as the app runs it).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from actor_trainer import atomic
from training.datasets.split import DatasetError
from training.runfiles import read_history

DEFAULT_TOLERANCE = 0.01


def summarize_model_folder(folder: Path, name: str) -> dict:
    """A row for an exported model folder, from its model.json."""
    metadata = json.loads((Path(folder) / "model.json").read_text(encoding="utf-8"))
    validation = metadata.get("validation", {})
    return {"name": name, "run_dir": str(folder), "epochs": metadata.get("epochs") or 0, "finished": True,
            "model": f"{metadata.get('model', '-')} (exported)", "parameters": metadata.get("parameters"),
            "best_epoch": "-", "val_accuracy": validation.get("accuracy", float("nan")),
            "macro_recall": validation.get("macro_recall"), "train_accuracy": None, "gap": float("nan"),
            "gap_source": "model.json", "images_per_second": None, "wall_seconds": None,
            "suite": metadata.get("suite") or {}}


def summarize_run(run_dir: Path, name: str) -> dict:
    run_dir = Path(run_dir)
    if (run_dir / "model.json").is_file() and not (run_dir / "history.csv").exists():
        return summarize_model_folder(run_dir, name)
    history = read_history(run_dir)
    report_path = run_dir / "report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    if report is None and not history:
        raise DatasetError(f"not a run directory (no report.json or history.csv): {run_dir}")
    row = {"name": name, "run_dir": str(run_dir), "epochs": len(history), "finished": report is not None,
           "suite": (report or {}).get("suite") or {}}
    if report is not None:
        validation = report["validation"]
        row.update(model=report.get("model"), parameters=report.get("parameters"),
                   best_epoch=report.get("best_epoch"), val_accuracy=validation["accuracy"],
                   macro_recall=validation.get("macro_recall"), train_accuracy=report.get("train_accuracy"),
                   gap=report.get("overfitting_gap"), gap_source="report",
                   images_per_second=report.get("images_per_second"), wall_seconds=report.get("wall_seconds"))
    else:
        config = json.loads((run_dir / "run.json").read_text()) if (run_dir / "run.json").exists() else {}
        best = int(np.argmax([r.get("val_accuracy", 0.0) for r in history]))
        at_best = history[best]
        row.update(model=config.get("model"), parameters=None, best_epoch=best + 1,
                   val_accuracy=at_best.get("val_accuracy"), macro_recall=None,
                   train_accuracy=at_best.get("accuracy"),
                   gap=at_best.get("accuracy", np.nan) - at_best.get("val_accuracy", np.nan),
                   gap_source="history", wall_seconds=sum(r.get("epoch_seconds", 0.0) for r in history),
                   images_per_second=float(np.median([r["images_per_second"] for r in history]))
                   if "images_per_second" in history[0] else None)
    return row


def select(rows: list[dict], tolerance: float = DEFAULT_TOLERANCE) -> dict:
    """The run that over/under-fits least among those within `tolerance` of the best score."""
    runs = [row for row in rows if row.get("gap_source") != "model.json"] or rows
    top = max(row["val_accuracy"] for row in runs)
    candidates = [row for row in runs if row["val_accuracy"] >= top - tolerance]
    return min(candidates, key=lambda row: (abs(row["gap"]), -row["val_accuracy"]))


def unique_names(run_dirs: list[Path]) -> list[str]:
    names = [Path(d).name or str(d) for d in run_dirs]
    return [str(d) if names.count(name) > 1 else name for d, name in zip(run_dirs, names, strict=True)]


def _fmt(value, pattern: str) -> str:
    return "-" if value is None or (isinstance(value, float) and np.isnan(value)) else format(value, pattern)


def render_markdown(rows: list[dict], chosen: dict, tolerance: float) -> str:
    lines = [
        "# Run comparison", "",
        "| run | model | parameters | epochs (best) | val accuracy | macro recall | train accuracy "
        "| gap (train - val) | images/s | wall min |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: -r["val_accuracy"]):
        marker = " **(chosen)**" if row is chosen else ""
        source = {"report": "", "model.json": ""}.get(row["gap_source"], " (history)")
        lines.append(
            f"| {row['name']}{marker} | {row['model'] or '-'} | {_fmt(row['parameters'], ',')} "
            f"| {row['epochs']} ({row['best_epoch']}) | {row['val_accuracy']:.4f} | {_fmt(row['macro_recall'], '.4f')} "
            f"| {_fmt(row['train_accuracy'], '.4f')} | {_fmt(row['gap'], '+.4f')}{source} "
            f"| {_fmt(row['images_per_second'], '.0f')} | {_fmt((row['wall_seconds'] or 0) / 60, '.1f')} |")
    lines += [
        "",
        f"Chosen: **{chosen['name']}**: the smallest |train - val| gap ({chosen['gap']:+.4f}) among the runs "
        f"within {tolerance:.3f} of the best validation accuracy.",
        "Gaps marked (history) come from unfinished runs (augmented training accuracy at the best epoch).",
        "Rows marked (exported) are model folders: their validation figures are the int8 file's on the",
        "validation split of their own training data, so they are not comparable with the runs' column.",
        "", *render_suites(rows), "![overlay](overlay.png)", "",
    ]
    return "\n".join(lines)


SUITE_COLUMNS = (("fer2013", "FER2013"), ("ferplus", "FER+"), ("ckplus", "CK+ held out"),
                 ("cafe", "CAFE children held out"))


def render_suites(rows: list[dict]) -> list[str]:
    """Accuracy per suite dataset, with CAFE's weakest recall: one row per run or model folder."""
    with_suite = [row for row in rows if row.get("suite")]
    if not with_suite:
        return []
    lines = ["## Every dataset, side by side", "",
             "| run | " + " | ".join(title for _, title in SUITE_COLUMNS) + " | CAFE weakest recall |",
             "|---|" + "---|" * (len(SUITE_COLUMNS) + 1)]
    for row in with_suite:
        suite = row["suite"]
        cells = [_fmt(suite.get(key, {}).get("accuracy"), ".3f") for key, _ in SUITE_COLUMNS]
        recall = suite.get("cafe", {}).get("recall") or {}
        weakest = min(recall, key=recall.get) if recall else None
        cells.append(f"{weakest} {recall[weakest]:.2f}" if weakest else "-")
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    return lines + [""]


def compare(run_dirs: list[Path], out_dir: Path, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    from training.plots import plot_overlay

    names = unique_names(run_dirs)
    rows = [summarize_run(run_dir, name) for run_dir, name in zip(run_dirs, names, strict=True)]
    chosen = select(rows, tolerance)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = {"runs": rows, "chosen": chosen["name"], "tolerance": tolerance,
              "rule": "smallest |train accuracy - validation accuracy| among runs within tolerance of the best "
                      "validation accuracy; ties to the higher validation accuracy"}
    atomic.write_text(out_dir / "comparison.json", json.dumps(result, indent=2, default=float))
    atomic.write_text(out_dir / "comparison.md", render_markdown(rows, chosen, tolerance))
    histories = {name: read_history(Path(d)) for name, d in zip(names, run_dirs, strict=True)
                 if (Path(d) / "history.csv").exists()}
    plot_overlay(histories, out_dir / "overlay.png")
    return result


def add_arguments(parser) -> None:
    parser.add_argument("run_dirs", type=Path, nargs="+", metavar="RUN_DIR")
    parser.add_argument("--out", type=Path, default=Path("comparison"), help="where the table and plot go")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help="validation-accuracy margin within which the smaller fit gap wins")


def run(args) -> int:
    result = compare(args.run_dirs, args.out, args.tolerance)
    print((args.out / "comparison.md").read_text())
    print(f"written: {args.out / 'comparison.md'}, {args.out / 'comparison.json'}, {args.out / 'overlay.png'}")
    return 0 if result else 1
