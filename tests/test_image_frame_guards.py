"""Image and frame guards (issue 21, items 5-7 and the float TIFF): any aspect ratio is "no face found",
the searches are bounded in pixels, only regular files are read, a bad frame never stops anything."""

from __future__ import annotations

import os
import sys
import time

import cv2
import numpy as np
import pytest

from actor_trainer.packs.toml_format import load_pack
from actor_trainer.vision import images
from actor_trainer.vision.faces import PADDED_SEARCH_SIDE, HaarDetector, PaddedRetry, make_detector
from actor_trainer.vision.frames import ImageSource
from actor_trainer.vision.pipeline import FramePipeline


class FakeClassifier:
    classes = ("happy", "neutral")

    def predict(self, face48):
        return np.array([0.5, 0.5])


class RecordingDetector:
    """Finds nothing and remembers the size of every image it was asked to search."""

    def __init__(self):
        self.pixels = []

    def detect(self, frame, near=None):
        self.pixels.append(frame.shape[0] * frame.shape[1])
        return []


@pytest.mark.parametrize("shape", [(1, 20000), (2, 5000), (30, 20000), (20000, 30), (1, 1), (0, 0), (5, 5, 3),
                                   (24, 24), (40, 6000, 3)])
def test_a_frame_of_any_shape_is_no_face_found_with_the_real_detector(shape):
    pipeline = FramePipeline(FakeClassifier(), make_detector("haar"))
    result = pipeline.process(np.full(shape, 90, np.uint8), timestamp=0.0)
    assert result.box is None and result.probs is None
    if min(shape[:2]) < images.MIN_FRAME_SIDE:
        assert "cannot show a face" in result.problem


def test_a_huge_frame_is_searched_at_a_bounded_size_and_the_box_fits_the_frame_returned():
    detector = RecordingDetector()
    pipeline = FramePipeline(FakeClassifier(), PaddedRetry(detector))
    result = pipeline.process(np.zeros((3000, 4000), np.uint8), timestamp=0.0)  # 12 megapixels
    assert result.box is None and result.frame.shape[0] * result.frame.shape[1] <= images.MAX_FRAME_PIXELS
    full, padded = detector.pixels
    assert full <= images.MAX_FRAME_PIXELS
    assert padded <= (PADDED_SEARCH_SIDE * 1.6 + 2) ** 2  # the border is added after shrinking


def test_the_padded_search_maps_boxes_back_to_frame_pixels_after_shrinking():
    class OneFace:
        def detect(self, frame, near=None):  # a face in the middle third of whatever it is given
            third = frame.shape[1] // 3
            return [(third, frame.shape[0] // 3, third, frame.shape[0] // 3)]

    boxes = PaddedRetry(OneFace())._detect_padded(np.zeros((2000, 2000), np.uint8))
    (x, y, w, h), = boxes
    assert 0 <= x < 2000 and 0 <= y < 2000 and 500 < w <= 2000


def test_a_wide_image_in_a_photo_folder_is_skipped_as_no_face_and_the_next_is_judged(tmp_path):
    for name, shape in (("a-wide.png", (1, 20000)), ("b-wide.png", (2, 5000)), ("c-ok.png", (240, 320))):
        cv2.imwrite(str(tmp_path / name), np.full(shape, 100, np.uint8))
    source = ImageSource(sorted(tmp_path.iterdir()))
    pipeline = FramePipeline(FakeClassifier(), make_detector("haar"))
    results = []
    while (frame := source.read()) is not None:
        results.append(pipeline.process(frame, 0.0))
    assert len(results) == 3 and all(result.box is None for result in results)
    assert [bool(result.problem) for result in results] == [True, True, False]


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_only_regular_files_are_read_as_images_or_packs(tmp_path, kind):
    for name in ("face.png", "pack.toml"):
        path = tmp_path / name
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        else:
            path.mkdir()
    started = time.monotonic()
    with pytest.raises(images.ImageError, match="not a regular file"):
        images.read_image(tmp_path / "face.png")
    pack, problems = load_pack(tmp_path / "pack.toml")
    assert pack is None and "not a regular file" in problems[0].message and problems[0].line == 1
    assert time.monotonic() - started < 60  # never read forever (a generous bound: this is no speed test)


def test_a_32_bit_float_tiff_is_scaled_like_the_other_depths(tmp_path):
    gradient = np.tile(np.linspace(0.0, 1.0, 64, dtype=np.float32), (32, 1))
    path = tmp_path / "float.tiff"
    assert cv2.imwrite(str(path), np.dstack([gradient] * 3))
    image = images.read_image(path)
    assert image.dtype == np.uint8 and image.shape == (32, 64, 3)
    assert image[0, 0, 0] == 0 and image[0, -1, 0] == 255 and 120 <= image[0, 32, 0] <= 135


def test_a_wide_frame_in_the_haar_detector_itself_finds_nothing():
    assert HaarDetector().detect(np.zeros((30, 20000, 3), np.uint8)) == []
