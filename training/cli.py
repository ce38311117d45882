"""Command line: python -m training COMMAND; `python -m training COMMAND --help` lists its options.

Only the chosen command's module is imported (Keras and TensorFlow load there), so `--help` is quick."""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import sys
import time
from pathlib import Path

from actor_trainer.vision.classifier import ModelError
from training.datasets.split import DatasetError

# command -> (module with add_arguments and run, help); imported only when that command is chosen
MODULE_COMMANDS = {
    "compare": ("training.compare", "compare run directories and pick one by the report's rule"),
    "evaluate": ("training.evaluate", "accuracy, recall and confusion matrix of a model on a dataset"),
    "average": ("training.average", "average a run's last epochs (SWA) into a new run"),
    "export": ("training.export", "install a run's model into the app's assets with model.json"),
    "crossval": ("training.crossval", "figures cross-validated by person from one run per subject fold"),
    "relative-head": ("training.relative_head", "measure a head that reads a face against the same person's calm face"),
}


def add_train_parser(commands) -> None:
    parser = commands.add_parser("train", help="train one model and write a run directory")
    parser.add_argument("--data", action="append",
                        help="dataset: a root with train/ + validation/, a FER+ root (FER2013Train/, "
                             "FER2013Valid/), one folder of class folders (posed data), or a FER2013 CSV; "
                             "DIR:WEIGHT samples it WEIGHT times per epoch; repeatable; not needed with --resume")
    parser.add_argument("--subject-folds", type=int, default=0, metavar="K",
                        help="hold out whole subjects (S### file prefix) of unsplit posed datasets: K folds")
    parser.add_argument("--holdout-fold", type=int, default=0, metavar="I",
                        help="with --subject-folds: which fold (0..K-1) validates")
    parser.add_argument("--model", default="actor", help="baseline, actor, tuned or pyramid")
    parser.add_argument("--model-config", type=Path, help="JSON conv/dense config (from `tune`) for tuned/pyramid")
    parser.add_argument("--epochs", type=int, help="default 30; with --resume, raise the run's total")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float)
    parser.add_argument("--schedule", choices=["plateau", "report", "cosine"], default="plateau",
                        help="plateau: ReduceLROnPlateau; report: 0.009 x 0.99 per epoch; cosine: warmup + cosine")
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--warmup-epochs", type=float, default=1.0,
                        help="cosine schedule: epochs of linear warmup (fractions allowed; default 1)")
    parser.add_argument("--class-weight-power", type=float, default=0.4,
                        help="0 = no class weighting, 1 = fully balanced")
    parser.add_argument("--subset", type=float, default=1.0, help="stratified fraction of the data")
    parser.add_argument("--patience", type=int, default=10, help="EarlyStopping patience (epochs)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--no-flip-average", action="store_true",
                        help="evaluate without averaging with the mirror image")
    parser.add_argument("--out", type=Path, default=Path("runs"), help="directory for run directories")
    parser.add_argument("--run-dir", type=Path, help="exact run directory (default: OUT/MODEL-TIMESTAMP)")
    parser.add_argument("--resume", type=Path, metavar="RUN_DIR", help="continue an interrupted run")
    parser.add_argument("--cache-dir", help="where decoded datasets are cached")
    parser.add_argument("--init-from", type=Path, metavar="MODEL",
                        help="start from this trained model's weights (same architecture) with a fresh schedule")
    parser.add_argument("--keep-epochs", action="store_true",
                        help="save every epoch's weights in RUN_DIR/epochs/ for `average`")
    parser.add_argument("--mixup", type=float, default=0.0, metavar="ALPHA",
                        help="blend training images in pairs, share drawn from Beta(ALPHA, ALPHA); 0 = off")
    parser.add_argument("--quiet", action="store_true", help="one line per epoch instead of a progress bar")


def saved_run(run_dir: Path, config_file: str) -> dict:
    """The run's saved settings; DatasetError saying what to do when the run cannot be resumed (killed before it
    wrote them, or they are damaged)."""
    path = Path(run_dir) / config_file
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"cannot resume {run_dir}: it has no {config_file} (the run was stopped before its "
                           "first epoch began); start it again without --resume") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DatasetError(f"cannot resume {run_dir}: {path.name} cannot be read ({error}); start the run "
                           "again without --resume") from None
    if not isinstance(saved, dict):
        raise DatasetError(f"cannot resume {run_dir}: {path.name} holds no run settings")
    return saved


def run_train(args) -> int:
    from training.runfiles import CONFIG_FILE

    saved = saved_run(args.resume, CONFIG_FILE) if args.resume else None  # said before Keras loads (10 s)
    from training.train import TrainConfig, train

    if args.resume:
        config = TrainConfig(**saved)
        config.epochs = max(config.epochs, args.epochs or 0)
        run_dir = args.resume
    elif not args.data:
        raise DatasetError("--data is required (unless --resume RUN_DIR is given)")
    else:
        model_config = json.loads(args.model_config.read_text()) if args.model_config else None
        if model_config and "config" in model_config:
            model_config = model_config["config"]
        config = TrainConfig(
            data=[str(p) for p in args.data], model=args.model, epochs=args.epochs or 30,
            batch_size=args.batch_size, learning_rate=args.learning_rate, schedule=args.schedule,
            label_smoothing=args.label_smoothing, class_weight_power=args.class_weight_power,
            subset=args.subset, patience=args.patience, seed=args.seed,
            flip_average=not args.no_flip_average, model_config=model_config, cache_dir=args.cache_dir,
            init_from=str(args.init_from) if args.init_from else None, keep_epochs=args.keep_epochs,
            mixup=args.mixup, subject_folds=args.subject_folds, holdout_fold=args.holdout_fold,
            warmup_epochs=args.warmup_epochs,
        )
        run_dir = args.run_dir or args.out / f"{args.model}-{time.strftime('%Y%m%d-%H%M%S')}"
    train(config, run_dir, resume=bool(args.resume), verbose=2 if args.quiet else "auto")
    print((run_dir / "report.md").read_text())
    print(f"run directory: {run_dir}")
    return 0


def add_tune_parser(commands) -> None:
    parser = commands.add_parser("tune", help="Keras Tuner search over the report's search spaces")
    parser.add_argument("--data", action="append", required=True,
                        help="dataset root, FER+ root, posed folder, CSV or cache, optionally DIR:WEIGHT; repeatable")
    parser.add_argument("--subject-folds", type=int, default=0, metavar="K",
                        help="hold out whole subjects (S### file prefix) of unsplit posed datasets: K folds")
    parser.add_argument("--holdout-fold", type=int, default=0, metavar="I", help="which fold (0..K-1) validates")
    parser.add_argument("--search", choices=["tuner-v1", "tuner-v2"], required=True,
                        help="v1: up to 5 tuned conv blocks + dense blocks; v2: lighter, no early stopping")
    parser.add_argument("--algorithm", choices=["random", "hyperband", "bayesian"], default="random")
    parser.add_argument("--max-trials", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=10, help="epochs per trial (Hyperband: the maximum)")
    parser.add_argument("--subset", type=float, default=1.0, help="stratified fraction of the data")
    parser.add_argument("--dir", type=Path, default=Path("tuning"),
                        help="search directory; an existing search there is resumed")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--patience", type=int, default=3, help="early-stopping patience in v1 trials")
    parser.add_argument("--class-weight-power", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--cache-dir", help="where decoded datasets are cached")
    parser.add_argument("--quiet", action="store_true", help="one line per epoch instead of a progress bar")


def run_tune(args) -> int:
    from training import tuning

    return tuning.run(args)


def add_module_parser(commands, name: str, chosen: str | None) -> None:
    module_name, help_text = MODULE_COMMANDS[name]
    parser = commands.add_parser(name, help=help_text)
    if name == chosen:
        importlib.import_module(module_name).add_arguments(parser)


def add_pack_parser(commands) -> None:
    parser = commands.add_parser("pack", help="write a dataset's train and validation splits into one .npz")
    parser.add_argument("--data", type=Path, required=True, help="dataset root or FER2013 CSV")
    parser.add_argument("--out", type=Path, required=True, help="the .npz to write (then usable as --data)")
    parser.add_argument("--cache-dir", type=Path)


def run_pack(args) -> int:
    """Rows and files left out are listed as `train` lists them (skipped, then excluded with counts)."""
    from training.datasets.cache import default_cache_dir
    from training.datasets.specs import pack_bundle

    splits = pack_bundle(args.data, args.out, args.cache_dir or default_cache_dir())
    for name, split in splits.items():
        for line in split.skipped:
            print(f"skipped ({name}): {line}")
        for reason, count in split.excluded.items():
            print(f"left out ({name}): {count} faces: {reason}")
    size_mb = args.out.stat().st_size / 1e6
    votes = " with vote distributions" if any(split.targets is not None for split in splits.values()) else ""
    print(f"wrote {args.out} ({size_mb:.1f} MB): {len(splits['train'])} train, {len(splits['validation'])} "
          f"validation images{votes}")
    return 0


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; the options of a module's command are added only when `argv` chooses it."""
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((word for word in argv if not word.startswith("-")), None)
    parser = argparse.ArgumentParser(prog="python -m training", description="Retrain, compare, evaluate and "
                                     "export the expression model; COMMAND --help lists a command's options.")
    commands = parser.add_subparsers(dest="command", required=True)
    add_train_parser(commands)
    add_tune_parser(commands)
    for name in MODULE_COMMANDS:
        add_module_parser(commands, name, chosen)
    add_pack_parser(commands)
    return parser


HANDLERS = {"train": run_train, "tune": run_tune, "pack": run_pack}


def main(argv: list[str] | None = None) -> int:
    args = build_parser(argv).parse_args(argv)
    handler = HANDLERS.get(args.command) or importlib.import_module(MODULE_COMMANDS[args.command][0]).run
    try:
        return handler(args)
    except (DatasetError, ModelError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a full disk, a folder it may not write: what the run had written is kept
        full = error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        where = f" ({error.filename})" if error.filename else ""
        print(f"error: {'the disk is full' if full else error.strerror or error}{where}; the checkpoints written so "
              "far are kept: free some space and continue with --resume RUN_DIR" if full else
              f"error: {error.strerror or error}{where}", file=sys.stderr)
        return 2
