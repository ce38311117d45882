"""Accuracy, recall, precision, F1 and confusion matrices in plain NumPy."""

from __future__ import annotations

import numpy as np

from actor_trainer.vision.classifier import scale_temperature


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


def expected_calibration_error(true: np.ndarray, probs: np.ndarray, bins: int = 15) -> float:
    """ECE: |accuracy - confidence| of the top class in `bins` equal-width confidence bins, weighted by
    the share of images in each bin (Guo et al. 2017)."""
    if not len(true):
        return 0.0
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == true).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    error = 0.0
    for index in range(bins):
        members = which == index
        if members.any():
            error += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return float(error)


def negative_log_likelihood(true: np.ndarray, probs: np.ndarray, floor: float = 1e-7) -> float:
    """Mean -log p(true class)."""
    if not len(true):
        return 0.0
    return float(-np.mean(np.log(np.maximum(probs[np.arange(len(true)), true], floor))))


def fit_temperature(true: np.ndarray, probs: np.ndarray, low: float = 0.25, high: float = 4.0) -> float:
    """The temperature that minimises the NLL of `true` (a golden-section search over log T)."""
    def loss(log_t: float) -> float:
        return negative_log_likelihood(true, scale_temperature(probs, float(np.exp(log_t))))

    a, b = np.log(low), np.log(high)
    ratio = (np.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    for _ in range(60):
        if loss(c) < loss(d):
            b, d = d, c
            c = b - ratio * (b - a)
        else:
            a, c = c, d
            d = a + ratio * (b - a)
    return float(np.exp((a + b) / 2))


def calibration_figures(true: np.ndarray, probs: np.ndarray) -> dict:
    return {"ece": expected_calibration_error(true, probs), "nll": negative_log_likelihood(true, probs)}
