"""What Keras needs wrapped around the plain training parts: batches as `keras.utils.PyDataset`s and the run's
clock as a `keras.callbacks.Callback`. The only training module besides models/train/tuning that imports Keras
at module level, so that augmentation and the run notes load (and are tested) without a backend.
"""

from __future__ import annotations

import keras

from training.augment import FaceBatches


class KerasBatches(keras.utils.PyDataset):
    """A FaceBatches as Keras reads it: epoch `batches.epoch`, moved on by on_epoch_end (validation data)."""

    def __init__(self, batches: FaceBatches):
        super().__init__()
        self.batches = batches

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, index):
        return self.batches[index]

    def on_epoch_end(self):
        self.batches.on_epoch_end()


class EndlessBatches(keras.utils.PyDataset):
    """Every epoch's batches of a FaceBatches in one endless stream, from epoch `start_epoch`: item i is batch
    i % n of epoch start_epoch + i // n (n batches an epoch). Keras reads it with fit(steps_per_epoch=n) through
    one iterator, so a batch fetched ahead across an epoch's end is still the right one, and a run resumed at
    epoch E gets the batches the uninterrupted run got there."""

    def __init__(self, batches: FaceBatches, start_epoch: int = 0):
        super().__init__()
        self.batches, self.start_epoch = batches, int(start_epoch)
        self.steps = len(batches)

    @property
    def num_batches(self):
        return None  # endless: fit's steps_per_epoch ends each epoch

    def __getitem__(self, index):
        epoch, batch = divmod(int(index), self.steps)
        return self.batches.batch(self.start_epoch + epoch, batch)


class Hooks(keras.callbacks.Callback):
    """A plain object with some of a Callback's methods (`set_params`, `on_epoch_begin`, `on_train_batch_end`,
    `on_epoch_end`), called by Keras as a Callback: run_notes.RunClock."""

    def __init__(self, plain):
        super().__init__()
        self.plain = plain

    def set_params(self, params):
        super().set_params(params)
        self.plain.set_params(params)

    def on_epoch_begin(self, epoch, logs=None):
        self.plain.on_epoch_begin(epoch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self.plain.on_train_batch_end(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self.plain.on_epoch_end(epoch, logs)
