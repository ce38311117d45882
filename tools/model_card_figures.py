"""The model card's figures for the shipped model.

    python tools/model_card_figures.py --runs runs/actor-main runs/actor-warm --data ../shared/datasets/fer2013

assets/model_curves.png: training and validation curves over every stage of training, the runs given
in order (a run, then each `train --init-from` warm restart of it; dotted lines mark the restarts).
assets/model_confusion.png: the confusion matrix of the shipped model on the validation split, as the
app runs it (`python -m training evaluate` on assets/).
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=Path, nargs="+", required=True, help="run directories, oldest first")
    parser.add_argument("--data", type=Path, required=True, help="dataset root with the validation split")
    parser.add_argument("--assets", type=Path, default=ROOT / "assets")
    args = parser.parse_args()

    from training.evaluate import evaluate
    from training.plots import plot_confusion, plot_curves
    from training.runfiles import read_history

    history, restarts = [], []
    for run in args.runs:
        if history:
            restarts.append(len(history) + 0.5)
        history += read_history(run)
    plot_curves(history, args.assets / "model_curves.png", f"shipped model: {len(history)} epochs", tuple(restarts))
    result = evaluate(args.assets, args.data)
    plot_confusion(result["confusion"], result["classes"], args.assets / "model_confusion.png",
                   f"validation, {result['runtime']}, accuracy {result['accuracy']:.3f}")
    print(f"{len(history)} epochs, restarts after {[int(r) for r in restarts]}; accuracy {result['accuracy']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
