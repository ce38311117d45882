"""Synthesise the game's short reward sounds (numpy only, deterministic) into assets/sounds/.

    python tools/make_sounds.py [FOLDER]

success_1..4.wav  varied cheerful sounds for a passed situation (played in turn with the celebrations)
success_soft.wav  a gentle, quiet one for calm mode
almost.wav        a kind "nearly there, try again" sound
star.wav          a short twinkle when a star lands on the journey map
All mono, 16-bit, 22050 Hz, under a second and a half.
"""

from __future__ import annotations

import io
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SOUNDS = REPO / "assets" / "sounds"
RATE = 22050

C5, D5, E5, F5, G5, A5, B5, C6, D6, E6, G6 = (523.25, 587.33, 659.25, 698.46, 783.99, 880.0, 987.77, 1046.5,
                                              1174.66, 1318.51, 1567.98)
C4, E4, G4, A4 = 261.63, 329.63, 392.0, 440.0


def _time(seconds: float) -> np.ndarray:
    return np.arange(int(seconds * RATE)) / RATE


def _envelope(t: np.ndarray, attack: float, decay: float, release: float = 0.04) -> np.ndarray:
    """A quick rise, an exponential decay and a short fade to silence at the end (no click)."""
    end = t[-1] if len(t) else 0.0
    return np.minimum(t / attack, 1.0) * np.exp(-t * decay) * np.clip((end - t) / release, 0.0, 1.0)


def bell(frequency: float, seconds: float, decay: float = 5.0) -> np.ndarray:
    t = _time(seconds)
    tone = np.sin(2 * np.pi * frequency * t) + 0.3 * np.sin(2 * np.pi * 2.76 * frequency * t) * np.exp(-t * 8)
    return tone * _envelope(t, 0.004, decay)


def marimba(frequency: float, seconds: float = 0.35) -> np.ndarray:
    t = _time(seconds)
    tone = np.sin(2 * np.pi * frequency * t) + 0.25 * np.sin(2 * np.pi * 4 * frequency * t) * np.exp(-t * 30)
    return tone * _envelope(t, 0.002, 11.0)


def horn(frequency: float, seconds: float) -> np.ndarray:
    """A soft brassy tone: a few odd and even harmonics with a gentle vibrato."""
    t = _time(seconds)
    phase = 2 * np.pi * frequency * t + 0.15 * np.sin(2 * np.pi * 5.5 * t) * np.minimum(t / 0.2, 1)
    tone = sum(np.sin(k * phase) / k ** 1.3 for k in range(1, 6))
    release = np.clip((seconds - t) / 0.08, 0, 1)
    return tone * np.minimum(t / 0.02, 1.0) * release


def glide(start: float, end: float, seconds: float, decay: float = 3.0) -> np.ndarray:
    """A sine sliding from `start` to `end` Hz (a whistle)."""
    t = _time(seconds)
    frequency = start * (end / start) ** (t / seconds)
    phase = 2 * np.pi * np.cumsum(frequency) / RATE
    return np.sin(phase) * _envelope(t, 0.01, decay)


def sequence(notes: list[tuple[float, np.ndarray]], seconds: float) -> np.ndarray:
    """Mix sounds that start at the given times (seconds)."""
    mix = np.zeros(int(seconds * RATE))
    for start, sound in notes:
        begin = int(start * RATE)
        end = min(len(mix), begin + len(sound))
        mix[begin:end] += sound[: end - begin]
    return mix


def _fade_out(signal: np.ndarray, seconds: float = 0.05) -> np.ndarray:
    length = min(len(signal), int(seconds * RATE))
    signal = signal.copy()
    signal[-length:] *= np.linspace(1, 0, length)
    return signal


def to_pcm(signal: np.ndarray, peak: float) -> np.ndarray:
    signal = _fade_out(signal)
    return np.round(signal / np.abs(signal).max() * peak * 32767).astype(np.int16)


def success_sparkle() -> np.ndarray:
    """Rising C-E-G-C bells with a high twinkle on top."""
    notes = [(0.0, bell(C6, 0.9)), (0.09, bell(E6, 0.9)), (0.18, bell(G6, 0.9)), (0.27, bell(2 * C6, 0.9, 4))]
    return to_pcm(sequence(notes, 1.15), 0.6)


def success_tada() -> np.ndarray:
    """A little fanfare: da-da-DAAA."""
    notes = [(0.0, horn(G4, 0.12)), (0.14, horn(G4, 0.12)), (0.28, horn(C5, 0.6) + 0.6 * horn(E5, 0.6))]
    return to_pcm(sequence(notes, 0.95), 0.55)


def success_marimba() -> np.ndarray:
    """A quick happy marimba run up the pentatonic scale."""
    scale = [C5, D5, E5, G5, A5, C6, E6]
    notes = [(index * 0.07, marimba(frequency)) for index, frequency in enumerate(scale)]
    notes.append((len(scale) * 0.07, 0.8 * marimba(C6, 0.5) + 0.5 * marimba(G5, 0.5)))
    return to_pcm(sequence(notes, 1.05), 0.6)


def success_whistle() -> np.ndarray:
    """A cheerful slide-whistle up and a pop of two bells."""
    notes = [(0.0, glide(500, 1500, 0.45, 1.0)), (0.45, bell(E6, 0.6)), (0.52, bell(G6, 0.6))]
    return to_pcm(sequence(notes, 1.1), 0.5)


def success_soft() -> np.ndarray:
    """Calm mode: two quiet, slow sine notes, no sharp attack."""
    t = _time(0.95)
    notes = [(start, np.sin(2 * np.pi * frequency * t) * _envelope(t, 0.12, 3.0, release=0.2))
             for start, frequency in ((0.0, E5), (0.25, A5))]
    return to_pcm(sequence(notes, 1.2), 0.25)


def almost() -> np.ndarray:
    """A warm "hm-hm?" going up a fourth: nearly there, try again."""
    notes = [(0.0, 0.8 * horn(C5 / 2 * 1.5, 0.18)), (0.22, glide(G4 * 1.0, C5 * 1.02, 0.4, 2.0))]
    soft = sequence(notes, 0.75)
    return to_pcm(soft, 0.4)


def star() -> np.ndarray:
    """A short twinkle of two high bells."""
    notes = [(0.0, bell(E6, 0.35, 9)), (0.06, bell(2 * E6 * 0.75, 0.35, 9))]
    return to_pcm(sequence(notes, 0.45), 0.4)


SOUND_MAKERS: dict[str, Callable[[], np.ndarray]] = {
    "success_1.wav": success_sparkle,
    "success_2.wav": success_tada,
    "success_3.wav": success_marimba,
    "success_4.wav": success_whistle,
    "success_soft.wav": success_soft,
    "almost.wav": almost,
    "star.wav": star,
}


def wav_bytes(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.astype("<i2").tobytes())
    return buffer.getvalue()


def make_sounds(folder: Path = SOUNDS) -> list[Path]:
    from actor_trainer.atomic import write_bytes

    written = []
    for name, maker in SOUND_MAKERS.items():
        write_bytes(folder / name, wav_bytes(maker()))
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in make_sounds(Path(sys.argv[1]) if len(sys.argv) > 1 else SOUNDS):
        print(f"{path.name}: {path.stat().st_size // 1024} KB")
