"""What `python -m training train` says before and while it trains: classes with too few images, where it
trains, and how long the whole run will take."""

from __future__ import annotations

import numpy as np
import pytest

from actor_trainer.labels import EXPRESSIONS
from training.datasets.split import Split
from training.run_notes import RunClock, class_warnings, device_line, duration, epoch_class_counts


def test_classes_with_no_or_very_few_images_are_named_with_what_that_does():
    counts = {name: 300.0 for name in EXPRESSIONS} | {"disgust": 3.0, "fear": 0.0}
    lines = class_warnings(counts, {"fear": 12, "disgust": 5}, weight_power=0.4)
    assert len(lines) == 2
    disgust, fear = lines
    assert disgust.startswith("warning: disgust has only 3 training images against 300")
    assert "(5 in validation)" in disgust
    assert "learn it poorly" in disgust and "--class-weight-power 0.4" in disgust
    assert fear.startswith("warning: fear has no training images (12 in validation)") and "never learn it" in fear


def test_balanced_or_large_enough_classes_give_no_warning():
    assert class_warnings({name: 60.0 for name in EXPRESSIONS}) == []
    fer2013 = {"angry": 3995, "disgust": 436, "fear": 4097, "happy": 7215, "neutral": 4965, "sad": 4830,
               "surprise": 3171}
    assert class_warnings({k: float(v) for k, v in fer2013.items()}) == []  # 436 is 6 % of 7215: learnt, weighted
    assert len(class_warnings(fer2013 | {"disgust": 49.0})) == 1


def test_soft_labels_and_dataset_weights_count_as_an_epoch_samples_them():
    labels = np.array([0, 1, 1])
    targets = np.zeros((3, 7), np.float32)
    targets[0, 0], targets[1, 1], targets[2, [1, 2]] = 1.0, 1.0, 0.5
    split = Split(np.zeros((3, 48, 48), np.uint8), labels, targets=targets, repeats=np.array([2.0, 1.0, 1.0]))
    counts = epoch_class_counts(split)
    assert counts["angry"] == 2.0 and counts["disgust"] == 1.5 and counts["fear"] == 0.5 and counts["happy"] == 0.0


def test_durations_read_as_people_say_them():
    assert duration(40.4) == "40 seconds" and duration(0.2) == "1 second"
    assert duration(6 * 60 + 10) == "about 6 minutes"
    assert duration(2.5 * 3600) == "about 2.5 hours"


@pytest.mark.slow  # asks the real Keras backend (loads TensorFlow: about 10 s)
def test_the_machine_is_named():
    line = device_line()
    assert line.startswith("training on ")
    assert "CPU" in line or "GPU" in line or "accelerator" in line


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_the_whole_runs_time_is_estimated_after_the_first_batches_and_the_first_epoch(monkeypatch):
    """30 epochs of 10 batches, 2 s a batch after a 20 s first batch (tracing): 300 batches less the 6 done,
    at 2 s each: about 10 minutes."""
    clock = Clock()
    monkeypatch.setattr("training.run_notes.time.perf_counter", clock)
    said = []
    timer = RunClock(epochs=30, write=said.append)
    timer.set_params({"steps": 10, "epochs": 30})
    timer.on_epoch_begin(0)
    for batch, seconds in enumerate([20.0] + [2.0] * 9):
        clock.now += seconds
        timer.on_train_batch_end(batch)
    assert len(said) == 1 and "estimated time for the whole run: about 10 minutes left for 30 epochs" in said[0]
    clock.now += 5.0  # validation
    timer.on_epoch_end(0)
    # then 10 batches at 2 s and 5 s of validation for each of the 29 epochs left: 725 s
    assert said[1] == "epoch 1 took 43 seconds: estimated about 12 minutes left for the remaining 29 epochs"
    timer.on_epoch_begin(1)
    timer.on_train_batch_end(0)
    timer.on_epoch_end(1)
    assert len(said) == 2  # said once per start, not every epoch


@pytest.mark.parametrize("steps", [1, 2])
def test_a_run_of_one_or_two_batches_an_epoch_is_estimated_after_its_first_epoch(monkeypatch, steps):
    clock = Clock()
    monkeypatch.setattr("training.run_notes.time.perf_counter", clock)
    said = []
    timer = RunClock(epochs=4, initial_epoch=2, write=said.append)
    timer.set_params({"steps": steps, "epochs": 4})
    timer.on_epoch_begin(2)
    for batch in range(steps):
        clock.now += 3.0
        timer.on_train_batch_end(batch)
    timer.on_epoch_end(2)
    assert said == [f"epoch 3 took {3 * steps} seconds: estimated {3 * steps} seconds left for the remaining 1 epoch"]
