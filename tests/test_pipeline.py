"""The frame pipeline with a fake classifier, and frame-rate independent smoothing."""

from __future__ import annotations

import numpy as np
import pytest

from actor_trainer.vision.pipeline import FramePipeline
from actor_trainer.vision.smoothing import ProbabilitySmoother

CLASSES = ("happy", "sad", "neutral")


class FakeClassifier:
    classes = CLASSES

    def __init__(self):
        self.seen = []

    def predict(self, face48):
        self.seen.append(face48)
        return np.array([0.7, 0.2, 0.1])


class ScriptedDetector:
    def __init__(self, script):
        self.script = list(script)
        self.near = []

    def detect(self, frame, near=None):
        self.near.append(near)
        return self.script.pop(0)


def test_pipeline_follows_crops_and_classifies():
    classifier = FakeClassifier()
    detector = ScriptedDetector([[(200, 100, 120, 120)], [(204, 102, 120, 120)], []])
    pipeline = FramePipeline(classifier, detector, smoothing_seconds=0.25)
    frame = np.zeros((480, 640, 3), np.uint8)
    first = pipeline.process(frame, timestamp=0.0)
    assert first.box == (200, 100, 120, 120)
    assert first.raw_probs == pytest.approx({"happy": 0.7, "sad": 0.2, "neutral": 0.1})
    assert first.label == "happy"
    assert set(first.timings_ms) == {"detect", "crop", "classify", "total"}
    assert classifier.seen[0].shape == (48, 48) and classifier.seen[0].dtype == np.uint8
    pipeline.process(frame, timestamp=0.033)
    assert detector.near[1] == first.box  # searches near the followed face
    held = pipeline.process(frame, timestamp=0.066)  # one missed detection: the face is held
    assert held.box is not None and held.probs is not None


def test_no_face_is_a_normal_result():
    pipeline = FramePipeline(FakeClassifier(), ScriptedDetector([[]]))
    result = pipeline.process(np.zeros((120, 160, 3), np.uint8), timestamp=1.0)
    assert result.box is None and result.probs is None and result.raw_probs is None and result.label is None
    assert "total" in result.timings_ms


def test_reset_forgets_the_face():
    pipeline = FramePipeline(FakeClassifier(), ScriptedDetector([[(10, 10, 50, 50)], []]))
    frame = np.zeros((120, 160, 3), np.uint8)
    pipeline.process(frame, 0.0)
    pipeline.reset()
    assert pipeline.process(frame, 0.01).box is None


def smoothed_after(fps: float, seconds: float = 0.5) -> float:
    smoother = ProbabilitySmoother(CLASSES, time_constant=0.25)
    smoother.update([0.0, 1.0, 0.0], 0.0)
    value = None
    for step in range(1, int(round(seconds * fps)) + 1):
        value = smoother.update({"happy": 1.0, "sad": 0.0, "neutral": 0.0}, step / fps)
    return value["happy"]


def test_smoothing_is_frame_rate_independent():
    at_10, at_30, at_60 = smoothed_after(10), smoothed_after(30), smoothed_after(60)
    expected = 1 - np.exp(-0.5 / 0.25)  # 86% of the way after two time constants
    assert at_10 == pytest.approx(expected, abs=1e-9)
    assert at_30 == pytest.approx(expected, abs=1e-9) and at_60 == pytest.approx(expected, abs=1e-9)


def test_smoothing_damps_a_single_frame_flicker():
    smoother = ProbabilitySmoother(CLASSES, time_constant=0.25)
    for step in range(10):
        smoother.update([0.0, 0.0, 1.0], step / 30)
    flicker = smoother.update([1.0, 0.0, 0.0], 10 / 30)
    assert flicker["neutral"] > 0.8
    assert smoother.update([0.0, 0.0, 1.0], 11 / 30)["neutral"] > flicker["neutral"]


@pytest.mark.shared
def test_real_detector_on_a_yale_frame(shared_datasets):
    from actor_trainer.vision.frames import image_files, read_image

    frame = read_image(image_files(shared_datasets / "yale-faces-dev")[0])
    pipeline = FramePipeline(FakeClassifier())
    result = pipeline.process(frame, 0.0)
    assert result.box is not None and result.probs["happy"] == pytest.approx(0.7)
