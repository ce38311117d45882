"""The report's plots: training vs validation curves, confusion matrix, run overlays."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from actor_trainer import atomic  # noqa: E402


def plot_curves(history: list[dict], path: Path, title: str = "", restarts: tuple[float, ...] = ()) -> None:
    """Training vs validation loss and accuracy; `restarts` marks epochs where a new stage began."""
    epochs = np.arange(1, len(history) + 1)
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(10, 4))
    for axis, key, label in ((loss_axis, "loss", "loss"), (accuracy_axis, "accuracy", "accuracy")):
        axis.plot(epochs, [row.get(key, np.nan) for row in history], label=f"training {label}")
        axis.plot(epochs, [row.get(f"val_{key}", np.nan) for row in history], label=f"validation {label}")
        for epoch in restarts:
            axis.axvline(epoch, color="grey", linestyle=":", linewidth=1)
        axis.set_xlabel("epoch")
        axis.set_ylabel(label)
        axis.grid(alpha=0.3)
        axis.legend()
    figure.suptitle(title)
    figure.tight_layout()
    _save(figure, path)


def plot_confusion(matrix: np.ndarray, classes: list[str], path: Path, title: str = "") -> None:
    matrix = np.asarray(matrix, dtype=float)
    rows = matrix.sum(axis=1, keepdims=True)
    normalised = np.divide(matrix, rows, out=np.zeros_like(matrix), where=rows > 0)
    figure, axis = plt.subplots(figsize=(6, 5))
    image = axis.imshow(normalised, cmap="Blues", vmin=0, vmax=1)
    axis.set_xticks(range(len(classes)), classes, rotation=45, ha="right")
    axis.set_yticks(range(len(classes)), classes)
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    for (row, column), value in np.ndenumerate(matrix):
        colour = "white" if normalised[row, column] > 0.5 else "black"
        axis.text(column, row, int(value), ha="center", va="center", fontsize=8, color=colour)
    figure.colorbar(image, ax=axis, fraction=0.046)
    axis.set_title(title)
    figure.tight_layout()
    _save(figure, path)


def plot_overlay(histories: dict[str, list[dict]], path: Path) -> None:
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(11, 4))
    for index, (name, history) in enumerate(histories.items()):
        colour = f"C{index}"
        epochs = np.arange(1, len(history) + 1)
        for axis, key in ((loss_axis, "loss"), (accuracy_axis, "accuracy")):
            axis.plot(epochs, [r.get(key, np.nan) for r in history], color=colour, linestyle="--", alpha=0.7)
            axis.plot(epochs, [r.get(f"val_{key}", np.nan) for r in history], color=colour, label=name)
    for axis, key in ((loss_axis, "loss"), (accuracy_axis, "accuracy")):
        axis.set_xlabel("epoch")
        axis.set_ylabel(f"{key} (solid: validation, dashed: training)")
        axis.grid(alpha=0.3)
        axis.legend()
    figure.tight_layout()
    _save(figure, path)


def _save(figure, path: Path) -> None:
    """savefig into a temporary file beside `path`, then rename it into place (never a half-drawn PNG)."""
    path = Path(path)
    temporary = atomic.temporary_path(path, suffix=".tmp" + path.suffix)
    try:
        figure.savefig(temporary, dpi=80)
        atomic.commit(temporary, path)
    finally:
        plt.close(figure)
        temporary.unlink(missing_ok=True)
