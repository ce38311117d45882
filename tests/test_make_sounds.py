"""tools/make_sounds.py: deterministic, valid, small WAV files, the same as the committed ones."""

from __future__ import annotations

import importlib.util
import io
import wave
from pathlib import Path

import numpy as np
import pytest

from actor_trainer.ui.rewards import ALMOST_SOUND, CALM_SUCCESS_SOUND, STAR_SOUND, SUCCESS_SOUNDS

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def make_sounds():
    spec = importlib.util.spec_from_file_location("make_sounds", REPO / "tools" / "make_sounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_wav(data: bytes) -> tuple:
    with wave.open(io.BytesIO(data)) as sound:
        return sound.getparams(), np.frombuffer(sound.readframes(sound.getnframes()), "<i2")


def test_the_tool_makes_every_sound_the_game_names(make_sounds):
    assert set(make_sounds.SOUND_MAKERS) == {*SUCCESS_SOUNDS, CALM_SUCCESS_SOUND, ALMOST_SOUND, STAR_SOUND}


def test_sounds_are_deterministic_small_valid_wavs(make_sounds, tmp_path):
    first = {path.name: path.read_bytes() for path in make_sounds.make_sounds(tmp_path / "a")}
    second = {path.name: path.read_bytes() for path in make_sounds.make_sounds(tmp_path / "b")}
    assert first == second
    for name, data in first.items():
        params, samples = read_wav(data)
        assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050), name
        assert len(data) < 100_000, name
        assert 0.3 < params.nframes / params.framerate < 1.5, name
        assert 3000 < np.abs(samples).max() < 32767, name  # audible, not clipped
        assert abs(int(samples[-1])) < 200, name  # fades out instead of clicking


def test_soft_sound_is_quieter_than_every_success_sound(make_sounds):
    soft = np.abs(make_sounds.success_soft().astype(float)).max()
    for name in SUCCESS_SOUNDS:
        assert np.abs(make_sounds.SOUND_MAKERS[name]().astype(float)).max() > 1.5 * soft


def test_success_sounds_differ_from_each_other(make_sounds):
    sounds = [make_sounds.SOUND_MAKERS[name]() for name in SUCCESS_SOUNDS]
    for index, first in enumerate(sounds):
        for second in sounds[index + 1:]:
            length = min(len(first), len(second))
            assert np.corrcoef(first[:length], second[:length])[0, 1] < 0.5


def test_committed_sounds_match_the_tool(make_sounds):
    for name, maker in make_sounds.SOUND_MAKERS.items():
        path = REPO / "assets" / "sounds" / name
        assert path.is_file(), f"{name} missing: run python tools/make_sounds.py"
        _, committed = read_wav(path.read_bytes())
        fresh = maker()
        assert len(committed) == len(fresh) and np.abs(committed.astype(int) - fresh).max() <= 1, name


@pytest.mark.parametrize("note", ["bell", "marimba", "horn", "glide"])
def test_every_note_fades_to_silence_instead_of_clicking(make_sounds, note):
    maker = getattr(make_sounds, note)
    sound = maker(500.0, 700.0, 0.3) if note == "glide" else maker(500.0, 0.3)
    assert abs(sound[-1]) < 0.01 * np.abs(sound).max()
