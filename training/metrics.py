"""Accuracy, recall, precision, F1 and confusion matrices in plain NumPy."""

from __future__ import annotations

import numpy as np


def confusion_matrix(true: np.ndarray, predicted: np.ndarray, num_classes: int) -> np.ndarray:
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (true, predicted), 1)
    return matrix


def summarize(true: np.ndarray, probs: np.ndarray, classes: tuple[str, ...]) -> dict:
    """Metrics for the classes present in `true` (a dataset without neutral still evaluates)."""
    predicted = probs.argmax(axis=1)
    matrix = confusion_matrix(true, predicted, len(classes))
    per_class = {}
    for index, name in enumerate(classes):
        support = int(matrix[index].sum())
        if support == 0:
            continue
        predicted_as = int(matrix[:, index].sum())
        recall = matrix[index, index] / support
        precision = matrix[index, index] / predicted_as if predicted_as else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {"precision": float(precision), "recall": float(recall), "f1": float(f1),
                           "support": support}
    recalls = [m["recall"] for m in per_class.values()]
    return {
        "n": int(len(true)),
        "accuracy": float((predicted == true).mean()) if len(true) else 0.0,
        "macro_recall": float(np.mean(recalls)) if recalls else 0.0,
        "macro_f1": float(np.mean([m["f1"] for m in per_class.values()])) if per_class else 0.0,
        "per_class": per_class,
        "classes": list(classes),
        "confusion": matrix.tolist(),
    }
