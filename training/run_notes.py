"""What `train` tells the person running it before and while it trains: classes with too few images, where it
trains (the CPU or which accelerator), and about how long the whole run will take.

Printed on stdout and flushed at once (a log file sees each line when it happens); the same class warnings go
into report.md.
"""

from __future__ import annotations

import sys
import time

FEW_IMAGES = 50  # a class with fewer training images than this is learnt poorly (FER2013's smallest class: 436)
FEW_SHARE = 0.05  # or under this share of the largest class (FER2013: disgust 436 of happy 7,215 = 6 %, learnt)
ESTIMATE_AFTER_BATCHES = 5  # the first estimate: after this many batches (the first one, which traces, left out)


def say(line: str) -> None:
    print(line, flush=True)


# ---------------------------------------------------------------- classes with too few images


def class_warnings(train_counts: dict[str, float], validation_counts: dict[str, int] | None = None,
                   weight_power: float = 0.4) -> list[str]:
    """One line per class with no training images, or with fewer than FEW_IMAGES or FEW_SHARE of the largest
    class, saying what that does to the model. `train_counts`: images per class as an epoch samples them (vote
    shares for soft labels, a dataset's weight counted), every class of the model named."""
    largest = max(train_counts.values(), default=0)
    lines = []
    for name, count in train_counts.items():
        in_validation = (validation_counts or {}).get(name, 0)
        checked = f" ({in_validation} in validation)" if in_validation else ""
        if count <= 0:
            lines.append(f"warning: {name} has no training images{checked}: the model will never learn it and "
                         f"will not say {name} for any face; add {name} faces to the training data")
        elif count < FEW_IMAGES or count < FEW_SHARE * largest:
            boost = (largest / count) ** weight_power if weight_power else 1.0
            lines.append(f"warning: {name} has only {count:.0f} training images against {largest:.0f} of the largest "
                         f"class{checked}: the model will learn it poorly and rarely say {name}; class weights "
                         f"(--class-weight-power {weight_power:g}) count each {name} image about {boost:.1f} times, "
                         f"which cannot make up for faces that are missing")
    return lines


def epoch_class_counts(split) -> dict[str, float]:
    """Images per class as one epoch samples them: vote shares for soft labels, times each image's repeats."""
    counts = (split.target_matrix() * split.repeat_weights()[:, None]).sum(axis=0)
    return {name: float(count) for name, count in zip(split.classes, counts, strict=True)}


# ---------------------------------------------------------------- where it trains


def device_line() -> str:
    """'training on the CPU (no GPU found)' or 'training on GPU: NAME' (each accelerator Keras' backend sees)."""
    import keras

    names = accelerator_names()
    if not names:
        return f"training on the CPU (no GPU found; Keras backend {keras.backend.backend()})"
    counted = f"{len(names)} accelerators: " if len(names) > 1 else ""
    return f"training on {counted}{', '.join(names)}"


def accelerator_names() -> list[str]:
    """The accelerators of the Keras backend: GPU names where the backend tells them; [] on the CPU alone."""
    import keras

    backend = keras.backend.backend()
    try:
        if backend == "tensorflow":
            import tensorflow as tf

            return [f"GPU {tf.config.experimental.get_device_details(gpu).get('device_name', gpu.name)}"
                    for gpu in tf.config.list_physical_devices("GPU")]
        if backend == "jax":
            import jax

            return [f"{device.platform.upper()} {device.device_kind}" for device in jax.devices()
                    if device.platform != "cpu"]
        if backend == "torch":
            import torch

            return [f"GPU {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count())]
    except Exception:  # a backend that cannot list its devices trains where it can; the line then says CPU
        return []
    return []


# ---------------------------------------------------------------- how long it takes


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def duration(seconds: float) -> str:
    """'40 seconds', 'about 6 minutes', 'about 2.5 hours'."""
    if seconds < 90:
        return plural(max(1, round(seconds)), "second")
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {seconds / 3600:.1f} hours"


class RunClock:
    """Says how long the whole run will take: once after the first ESTIMATE_AFTER_BATCHES batches of this
    start (from the time per batch, the first batch left out: it traces the model), once more after the
    first epoch (its whole time, validation included). Early stopping may end the run sooner."""

    def __init__(self, epochs: int, initial_epoch: int = 0, write=say, progress_bar: bool = False):
        """`progress_bar`: Keras draws one on this line (verbose 1), so each note starts on a line of its own.
        Keras calls it through `keras_adapters.Hooks`, with Callback's method names."""
        self.params: dict = {}
        self.epochs, self.initial_epoch = epochs, initial_epoch
        self.write = (lambda line: write("\n" + line)) if progress_bar else write
        self.times: list[float] = []
        self.epoch_started = 0.0
        self.done = False

    def set_params(self, params: dict) -> None:
        self.params = params

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_started = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        if self.done:
            return
        self.times.append(time.perf_counter())
        if len(self.times) > ESTIMATE_AFTER_BATCHES + 1:
            return
        steps = self.params.get("steps") or 0
        wanted = min(ESTIMATE_AFTER_BATCHES, steps - 1) if steps else ESTIMATE_AFTER_BATCHES
        if wanted >= 2 and len(self.times) == wanted + 1:
            per_batch = (self.times[-1] - self.times[0]) / wanted
            epochs = self.epochs - self.initial_epoch
            left = per_batch * ((steps or wanted) * epochs - len(self.times))
            self.write(f"estimated time for the whole run: {duration(left)} left for {plural(epochs, 'epoch')} "
                       f"({per_batch:.2f} s per batch, {steps} batches an epoch; early stopping may end it sooner)")

    def on_epoch_end(self, epoch, logs=None):
        """The second estimate: the batches' time (the first batch, which traces the model, counted as the others
        where there were two or more) plus this epoch's validation, for each epoch left."""
        if self.done:
            return
        self.done = True
        now = time.perf_counter()
        seconds = now - self.epoch_started
        remaining = self.epochs - epoch - 1
        if remaining <= 0:
            return
        if len(self.times) >= 2:
            per_batch = (self.times[-1] - self.times[0]) / (len(self.times) - 1)
            per_epoch = per_batch * len(self.times) + (now - self.times[-1])
        else:
            per_epoch = seconds
        self.write(f"epoch {epoch + 1} took {duration(seconds)}: estimated {duration(per_epoch * remaining)} left "
                   f"for the remaining {plural(remaining, 'epoch')}")


def announce(train_split, validation, config, initial_epoch: int, steps: int) -> list[str]:
    """Print the class warnings and the device line before training; returns the warnings (for the report)."""
    warnings = class_warnings(epoch_class_counts(train_split), validation.class_counts(), config.class_weight_power)
    for line in warnings:
        print(line, file=sys.stderr, flush=True)
    going_on = f", going on from epoch {initial_epoch + 1}" if initial_epoch else ""
    say(f"{device_line()}: {len(train_split)} images, {config.epochs} epochs of {steps} batches{going_on}")
    return warnings
