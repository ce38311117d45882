"""`python -m training train`: fit one model, checkpoint every epoch, resume, and report."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import keras
import numpy as np

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision import faces
from actor_trainer.vision.classifier import ModelError, file_digest, load_keras_model
from training import models
from training.augment import FaceBatches, class_weights
from training.datasets.cache import default_cache_dir
from training.datasets.posed import Folds
from training.datasets.specs import load_sources
from training.datasets.split import Split, stratified_subset
from training.keras_adapters import EndlessBatches, Hooks, KerasBatches
from training.run_notes import RunClock, announce
from training.runfiles import (  # noqa: F401 (the run's file names, also read from here)
    BEST_CHECKPOINT,
    CONFIG_FILE,
    CROP_FILE,
    EPOCHS_DIR,
    HISTORY_FILE,
    LAST_CHECKPOINT,
    MODEL_FILE,
    RESUME_FILE,
    read_history,
    write_history,
)


@dataclass
class TrainConfig:
    data: list[str]
    model: str = "actor"
    epochs: int = 30
    batch_size: int = 128
    learning_rate: float | None = None
    schedule: str = "plateau"  # plateau | report | cosine
    label_smoothing: float = 0.1
    class_weight_power: float = 0.4
    subset: float = 1.0
    patience: int = 10
    seed: int = 1234
    flip_average: bool = True
    model_config: dict | None = None  # for `tuned` / `pyramid`: a conv/dense config from `tune`
    cache_dir: str | None = None
    init_from: str | None = None  # warm start: weights of a trained model of the same architecture
    keep_epochs: bool = False  # save every epoch's weights in epochs/ (for `python -m training average`)
    mixup: float = 0.0  # Beta(alpha, alpha) of mixup; 0 turns it off
    subject_folds: int = 0  # > 1: hold out whole subjects of unsplit (posed) datasets, k-fold by S### prefix
    holdout_fold: int = 0  # which of those folds validates
    warmup_epochs: float = 1.0  # cosine schedule: epochs of linear warmup from a tenth of the rate
    extra: dict = field(default_factory=dict)

    def initial_learning_rate(self) -> float:
        if self.learning_rate is not None:
            return self.learning_rate
        return 0.009 if self.schedule == "report" else 1e-3

    def folds(self) -> Folds | None:
        return Folds(self.subject_folds, self.holdout_fold) if self.subject_folds > 1 else None


class EpochTimer(keras.callbacks.Callback):
    """Adds wall time and training images/s to every epoch's logs (so they land in history.csv)."""

    def __init__(self, images_per_epoch: int):
        super().__init__()
        self.images_per_epoch = images_per_epoch

    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        seconds = time.perf_counter() - self.started
        if logs is not None:
            logs["epoch_seconds"] = seconds
            logs["images_per_second"] = self.images_per_epoch / seconds
            logs["learning_rate"] = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))


class AtomicHistory(keras.callbacks.Callback):
    """history.csv rewritten whole and atomically after every epoch (runfiles.write_history), starting
    from the rows of the run being resumed."""

    def __init__(self, run_dir: Path, rows: list[dict]):
        super().__init__()
        self.run_dir, self.rows = Path(run_dir), list(rows)

    def on_epoch_end(self, epoch, logs=None):
        self.rows.append({"epoch": epoch, **{key: float(value) for key, value in (logs or {}).items()}})
        write_history(self.run_dir, self.rows)


class AtomicCheckpoint(keras.callbacks.Callback):
    """Save the model (or its weights) after each epoch so that a kill never leaves a damaged file.

    Keras's ModelCheckpoint writes the target in place: a kill during the write damaged last.keras
    (5 of 5 kills timed to it, issue 21). Here Keras writes `.NAME.PID.tmp.keras` beside the target
    (the real suffix, which Keras needs to choose the format; DEVELOPERS.md "Known traps"), and
    atomic.commit fsyncs and renames it over the target. With `monitor` only an epoch whose value beats
    the best so far (mode max) is saved. `path` may hold `{epoch}` (from 1)."""

    def __init__(self, path: Path, monitor: str | None = None, initial_value_threshold: float | None = None,
                 weights_only: bool = False):
        super().__init__()
        self.path = str(path)
        self.monitor = monitor
        self.best = initial_value_threshold
        self.weights_only = weights_only

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor is not None:
            value = (logs or {}).get(self.monitor)
            if value is None or (self.best is not None and not value > self.best):
                return
            self.best = float(value)
        self.save(Path(self.path.format(epoch=epoch + 1)))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = atomic.temporary_path(path, ".tmp.weights.h5" if self.weights_only else ".tmp.keras")
        try:
            if self.weights_only:
                self.model.save_weights(temporary)
            else:
                self.model.save(temporary)
            atomic.commit(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)


class MultiplyLearningRate(keras.callbacks.Callback):
    """The report's schedule: multiply the learning rate by `factor` after every epoch.

    Multiplying the current rate (rather than recomputing it) composes with ReduceLROnPlateau.
    """

    def __init__(self, factor: float = 0.99):
        super().__init__()
        self.factor = factor

    def on_epoch_end(self, epoch, logs=None):
        rate = self.model.optimizer.learning_rate
        rate.assign(rate * self.factor)


def build_model(config: TrainConfig, num_classes: int) -> keras.Model:
    if config.model in ("tuned", "pyramid") and config.model_config:
        if config.model == "pyramid":
            return models.build_pyramid(config.model_config, num_classes)
        return models.build_from_config(config.model_config, num_classes)
    if config.model not in models.BUILDERS:
        raise SystemExit(f"unknown model '{config.model}' (choose from {', '.join(models.BUILDERS)})")
    return models.BUILDERS[config.model](num_classes=num_classes)


def copy_weights_from(model: keras.Model, source_path: Path) -> None:
    """Start from a trained model's weights (a warm restart with a fresh schedule and optimizer)."""
    if not Path(source_path).is_file():
        raise ModelError(f"--init-from {source_path}: no such model file")
    source = load_keras_model(Path(source_path))
    wanted = [tuple(w.shape) for w in model.weights]
    found = [tuple(w.shape) for w in source.weights]
    if wanted != found:
        raise ModelError(f"--init-from {source_path}: its layers do not match the '{model.name}' model")
    model.set_weights(source.get_weights())


def compile_model(model: keras.Model, config: TrainConfig, steps_per_epoch: int) -> None:
    rate = config.initial_learning_rate()
    if config.schedule == "cosine":
        warmup = max(1, int(round(steps_per_epoch * config.warmup_epochs)))
        rate = keras.optimizers.schedules.CosineDecay(
            rate / 10, decay_steps=max(1, config.epochs * steps_per_epoch - warmup), alpha=0.01,
            warmup_target=rate, warmup_steps=warmup)
    model.compile(
        optimizer=keras.optimizers.AdamW(learning_rate=rate, weight_decay=1e-4),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=config.label_smoothing),
        metrics=["accuracy"],
    )


def callbacks_for(config: TrainConfig, run_dir: Path, images_per_epoch: int, best_so_far: float | None,
                  history: list[dict] = (), initial_epoch: int = 0, resumed: dict | None = None,
                  progress_bar: bool = False):
    """The run's callbacks. Those that change the model or the learning rate come first; the files (history,
    checkpoints, resume.json) are written last, so that last.keras holds the epoch's final learning rate."""
    callbacks = [
        EpochTimer(images_per_epoch),
        Hooks(RunClock(config.epochs, initial_epoch, progress_bar=progress_bar)),
        keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max", patience=config.patience,
                                      restore_best_weights=True),
    ]
    if config.schedule != "cosine":
        callbacks.append(keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5,
                                                           patience=max(2, config.patience // 3),
                                                           min_lr=1e-5))
    if config.schedule == "report":
        callbacks.append(MultiplyLearningRate(0.99))
    callbacks += [
        AtomicHistory(run_dir, history),
        AtomicCheckpoint(run_dir / BEST_CHECKPOINT, monitor="val_accuracy", initial_value_threshold=best_so_far),
    ]
    if config.keep_epochs:
        callbacks.append(AtomicCheckpoint(run_dir / EPOCHS_DIR / "epoch-{epoch:03d}.weights.h5", weights_only=True))
    callbacks += [AtomicCheckpoint(run_dir / LAST_CHECKPOINT), ResumeState(run_dir, callbacks, resumed)]
    return callbacks


# ---------------------------------------------------------------- resuming as if never interrupted


RESUMED_ATTRIBUTES = {  # what each stateful callback counts across epochs (Keras resets it in on_train_begin)
    "EarlyStopping": ("wait", "best", "best_epoch"),
    "ReduceLROnPlateau": ("wait", "best", "cooldown_counter"),
}


def seed_generators(model: keras.Model) -> list:
    """The random seed generators of the model's layers (Dropout's), in layer order."""
    return [layer.seed_generator for layer in model._flatten_layers()
            if isinstance(getattr(layer, "seed_generator", None), keras.random.SeedGenerator)]


class ResumeState(keras.callbacks.Callback):
    """After each epoch's last.keras, resume.json: the epochs done, the sha256 of that last.keras, the stateful
    callbacks' counters (RESUMED_ATTRIBUTES) and the dropout seed generators' states. A run resumed from it
    (`resumed`) restores them when training begins, after Keras has reset the callbacks."""

    def __init__(self, run_dir: Path, callbacks: list, resumed: dict | None = None):
        super().__init__()
        self.run_dir, self.callbacks, self.resumed = Path(run_dir), callbacks, resumed

    def stateful(self):
        for callback in self.callbacks:
            names = RESUMED_ATTRIBUTES.get(type(callback).__name__)
            if names:
                yield type(callback).__name__, callback, names

    def on_train_begin(self, logs=None):
        if not self.resumed:
            return
        saved = self.resumed.get("callbacks", {})
        for name, callback, attributes in self.stateful():
            for attribute in attributes:
                if attribute in saved.get(name, {}):
                    setattr(callback, attribute, saved[name][attribute])
        states = self.resumed.get("seed_generators", [])
        generators = seed_generators(self.model)
        if len(states) == len(generators):
            for generator, state in zip(generators, states, strict=True):
                generator.state.assign(np.asarray(state, dtype=generator.state.dtype))

    def on_epoch_end(self, epoch, logs=None):

        state = {
            "epochs_done": epoch + 1,
            "last_sha256": file_digest(self.run_dir / LAST_CHECKPOINT),
            "callbacks": {name: {attribute: _plain(getattr(callback, attribute)) for attribute in attributes}
                          for name, callback, attributes in self.stateful()},
            "seed_generators": [keras.ops.convert_to_numpy(generator.state.value).tolist()
                                for generator in seed_generators(self.model)],
        }
        atomic.write_text(self.run_dir / RESUME_FILE, json.dumps(state, indent=1))


def _plain(value):
    """A callback's counter as JSON: numbers as float or int (inf stays inf: Python's json writes Infinity)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    return float(value)


def read_resume_state(run_dir: Path) -> dict | None:
    """resume.json when it belongs to the run's last.keras (the same sha256); None when it is missing, damaged
    or older than the checkpoint (a kill between the two writes): the run then resumes without it."""

    try:
        state = json.loads((Path(run_dir) / RESUME_FILE).read_text())
        if state.get("last_sha256") == file_digest(Path(run_dir) / LAST_CHECKPOINT):
            return state
    except (OSError, ValueError, AttributeError):
        pass
    return None


def restore_checkpoint(model: keras.Model, checkpoint: keras.Model) -> None:
    """Copy a checkpoint's weights and optimizer state (Adam's moments, its step count, the learning rate)
    into a model built and compiled as the first start built it, so that training goes on as if never
    stopped. (Training the loaded checkpoint itself went another way: training accuracy 0.17 -> 0.46 at
    the resume point in ../shared/cases/training-resume, against 0.17 -> 0.15 uninterrupted.)"""
    model.set_weights(checkpoint.get_weights())
    model.optimizer.build(model.trainable_variables)
    mine, saved = model.optimizer.variables, checkpoint.optimizer.variables
    if [tuple(v.shape) for v in mine] != [tuple(v.shape) for v in saved]:
        raise ModelError("cannot resume: the checkpoint's optimizer does not match this run's model")
    for variable, value in zip(mine, saved, strict=True):
        variable.assign(value)


def load_data(config: TrainConfig):
    cache = Path(config.cache_dir) if config.cache_dir else default_cache_dir()
    train = load_sources(config.data, "train", cache, config.folds())
    validation = load_sources(config.data, "validation", cache, config.folds())
    if config.subset < 1:
        train = stratified_subset(train, config.subset, config.seed)
        validation = stratified_subset(validation, config.subset, config.seed)
    return train, validation


def split_class_weights(split: Split, power: float):
    return class_weights(split.labels, len(EXPRESSIONS), power, split.target_matrix(), split.repeat_weights())


def make_batches(train_split: Split, validation: Split, batch_size: int, class_weight_power: float,
                 seed: int, mixup: float = 0.0, start_epoch: int = 0):
    """Augmented, weighted training batches (soft targets, datasets sampled by weight) from epoch `start_epoch`
    on, and validation batches."""
    weights = split_class_weights(train_split, class_weight_power)
    batches = FaceBatches(train_split.images, train_split.labels, len(EXPRESSIONS), batch_size,
                          augment=True, weights=weights, seed=seed, mixup=mixup,
                          targets=train_split.target_matrix(), repeats=train_split.repeat_weights(),
                          start_epoch=start_epoch)
    validation_batches = FaceBatches(validation.images, validation.labels, len(EXPRESSIONS), 256,
                                     targets=validation.target_matrix())
    return batches, validation_batches, weights


def distribute_if_several_accelerators() -> None:
    """Keras' own data-parallel distribution when more than one accelerator is visible (JAX)."""
    if keras.backend.backend() != "jax":
        return
    devices = [d for d in keras.distribution.list_devices() if not d.lower().startswith("cpu")]
    if len(devices) > 1:
        keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))


def save_for_inference(model: keras.Model, path: Path) -> None:
    """Save architecture and weights without optimizer state (a third of the size).

    Rebuilt from its config rather than cloned: a clone of a compiled model keeps the optimizer."""
    bare = model.__class__.from_config(model.get_config())
    bare.set_weights(model.get_weights())
    bare.save(path)


def load_checkpoint(path: Path) -> keras.Model:
    """The checkpoint to resume from. Keras calls a damaged file "File not found"; say what it is."""
    try:
        return keras.saving.load_model(path)
    except Exception as error:  # Keras raises many kinds for a damaged zip
        raise ModelError(f"cannot resume from {path}: the checkpoint is damaged or incomplete (was training killed "
                         f"while saving it?). Delete it to run this run again from epoch 1, or start a new run.") \
            from error


def train(config: TrainConfig, run_dir: Path, resume: bool = False, verbose: int | str = "auto") -> Path:
    """Train (or go on with) the run in `run_dir`. A resumed run continues as the uninterrupted one would: the
    model is built as at the first start and gets last.keras's weights and optimizer state, the batches of each
    epoch are the same (augment.FaceBatches), and the callbacks' counters and dropout seeds come back from
    resume.json."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for folder in (run_dir, run_dir / EPOCHS_DIR):
        atomic.remove_leftovers(folder)  # checkpoints a kill left half-written under a temporary name
    keras.utils.set_random_seed(config.seed)
    distribute_if_several_accelerators()
    started = time.perf_counter()
    train_split, validation = load_data(config)
    num_classes = len(EXPRESSIONS)

    history = read_history(run_dir) if resume else []
    resuming = resume and (run_dir / LAST_CHECKPOINT).exists()
    resumed = read_resume_state(run_dir) if resuming else None
    if not resuming:
        history = []
        (run_dir / HISTORY_FILE).unlink(missing_ok=True)
        (run_dir / RESUME_FILE).unlink(missing_ok=True)
    elif resumed is not None:
        history = history[:resumed["epochs_done"]]  # a kill after history.csv but before last.keras
    batches, validation_batches, weights = make_batches(train_split, validation, config.batch_size,
                                                        config.class_weight_power, config.seed, config.mixup,
                                                        start_epoch=len(history))
    model = build_model(config, num_classes)  # as at the first start: the same draws of the seeded generators
    if config.init_from and not resuming:
        copy_weights_from(model, Path(config.init_from))
    compile_model(model, config, len(batches))
    if resuming:
        restore_checkpoint(model, load_checkpoint(run_dir / LAST_CHECKPOINT))
    atomic.write_text(run_dir / CONFIG_FILE, json.dumps(asdict(config), indent=2))
    atomic.write_text(run_dir / CROP_FILE, json.dumps(faces.crop_identity(), indent=2))  # export names it
    best_so_far = max((row.get("val_accuracy", 0) for row in history), default=None)
    warnings = announce(train_split, validation, config, len(history), len(batches))
    model.fit(EndlessBatches(batches, len(history)), steps_per_epoch=len(batches), shuffle=False,  # they shuffle
              validation_data=KerasBatches(validation_batches),
              epochs=config.epochs, initial_epoch=len(history), verbose=verbose,
              callbacks=callbacks_for(config, run_dir, len(batches.order), best_so_far, history, len(history),
                                      resumed, progress_bar=verbose in (1, "auto")))

    best_path = run_dir / BEST_CHECKPOINT
    if best_path.exists():
        model = keras.saving.load_model(best_path)
    save_for_inference(model, run_dir / MODEL_FILE)

    from training.report import write_run_report

    write_run_report(run_dir, model, config, train_split, validation,
                     wall_seconds=time.perf_counter() - started, weights=weights, warnings=warnings)
    return run_dir
