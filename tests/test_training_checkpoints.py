"""Training checkpoints are written atomically (issue 21, item 9): a kill while Keras writes last.keras
leaves the previous checkpoint whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent


def tiny_model():
    import keras

    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(inputs))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_checkpoints_replace_the_file_whole_and_keep_the_best(tmp_path):
    pytest.importorskip("keras")
    import keras

    from training.train import AtomicCheckpoint

    model = tiny_model()
    x, y = np.random.default_rng(0).normal(size=(32, 4)).astype("float32"), np.arange(32) % 3
    best = AtomicCheckpoint(tmp_path / "best.keras", monitor="accuracy", initial_value_threshold=2.0)  # unbeatable
    last = AtomicCheckpoint(tmp_path / "last.keras")
    weights = AtomicCheckpoint(tmp_path / "epochs" / "epoch-{epoch:03d}.weights.h5", weights_only=True)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[best, last, weights])
    assert not (tmp_path / "best.keras").exists()  # never better than the threshold
    assert keras.models.load_model(tmp_path / "last.keras").count_params() == model.count_params()
    assert sorted(p.name for p in (tmp_path / "epochs").iterdir()) == ["epoch-001.weights.h5", "epoch-002.weights.h5"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epochs", "last.keras"]  # no temporary left


def test_a_failed_save_leaves_the_previous_checkpoint_and_no_temporary(tmp_path, monkeypatch):
    pytest.importorskip("keras")
    import keras

    from training.train import AtomicCheckpoint

    model = tiny_model()
    checkpoint = AtomicCheckpoint(tmp_path / "last.keras")
    checkpoint.set_model(model)
    checkpoint.on_epoch_end(0)
    before = (tmp_path / "last.keras").read_bytes()

    def half_written(path, *args, **kwargs):
        Path(path).write_bytes(before[: len(before) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(model, "save", half_written)
    with pytest.raises(OSError, match="disk full"):
        checkpoint.on_epoch_end(1)
    assert (tmp_path / "last.keras").read_bytes() == before
    assert keras.models.load_model(tmp_path / "last.keras") is not None
    assert [p.name for p in tmp_path.iterdir()] == ["last.keras"]


# The child saves a checkpoint, then saves again and stops itself inside Keras's write (when Keras closes
# the zip: every entry written, the zip's directory not yet); the test kills it there.
KILLED_SAVER = textwrap.dedent("""
    import os, signal, sys, zipfile
    from pathlib import Path
    import keras
    from training.train import AtomicCheckpoint

    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Dense(3)(inputs))
    checkpoint = AtomicCheckpoint(Path(sys.argv[1]) / "last.keras")
    checkpoint.set_model(model)
    checkpoint.on_epoch_end(0)
    real = zipfile.ZipFile.close

    def stopping(self, *args, **kwargs):
        if self.mode == "w":
            print("stopped", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)
        return real(self, *args, **kwargs)

    zipfile.ZipFile.close = stopping
    model.layers[-1].kernel.assign(model.layers[-1].kernel + 1.0)
    checkpoint.on_epoch_end(1)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP")
def test_a_kill_inside_the_keras_write_leaves_last_keras_whole(tmp_path):
    pytest.importorskip("keras")
    import keras

    child = subprocess.Popen([sys.executable, "-c", KILLED_SAVER, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stdout.readline().strip() == "stopped"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "last.keras"]
    assert len(leftovers) == 1 and leftovers[0].startswith(".last.keras.") and leftovers[0].endswith(".tmp.keras")
    assert keras.models.load_model(tmp_path / "last.keras").count_params() == 15  # the previous one, whole
    from actor_trainer import atomic

    assert atomic.remove_leftovers(tmp_path) and [p.name for p in tmp_path.iterdir()] == ["last.keras"]


def test_history_is_rewritten_whole_after_each_epoch_and_keeps_the_resumed_rows(tmp_path, monkeypatch):
    pytest.importorskip("keras")
    from actor_trainer import atomic
    from training.runfiles import read_history
    from training.train import AtomicHistory

    model = tiny_model()
    x, y = np.random.default_rng(0).normal(size=(32, 4)).astype("float32"), np.arange(32) % 3
    resumed = [{"epoch": 0.0, "accuracy": 0.25, "loss": 1.5}]  # a run killed after its first epoch
    model.fit(x, y, initial_epoch=1, epochs=3, verbose=0, callbacks=[AtomicHistory(tmp_path, resumed)])
    rows = read_history(tmp_path)
    assert [row["epoch"] for row in rows] == [0, 1, 2] and rows[0] == resumed[0]
    assert all({"accuracy", "loss"} <= set(row) for row in rows)
    before = (tmp_path / "history.csv").read_bytes()

    def killed(*args):
        raise OSError("killed before the rename")

    monkeypatch.setattr(atomic.os, "replace", killed)
    with pytest.raises(OSError):
        AtomicHistory(tmp_path, rows).on_epoch_end(3, {"accuracy": 0.9, "loss": 0.1})
    assert (tmp_path / "history.csv").read_bytes() == before  # the previous file, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.csv"]  # no temporary left
