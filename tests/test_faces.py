"""Face detection on real full frames, following one face, and the crop geometry."""

from __future__ import annotations

import numpy as np
import pytest

from actor_trainer.vision.faces import (
    DetectorError,
    FaceTracker,
    HaarDetector,
    PaddedRetry,
    crop_face,
    face_input,
    iou,
    make_detector,
    pick_main_face,
    square_crop_box,
)
from actor_trainer.vision.frames import image_files, read_image


@pytest.fixture(scope="module")
def yale_frames():
    from tests.conftest import shared_datasets_dir

    folder = shared_datasets_dir() / "yale-faces-dev"
    if not folder.is_dir():
        pytest.skip(f"yale-faces-dev not found at {folder}")
    return [read_image(path) for path in image_files(folder)]


@pytest.mark.shared
@pytest.mark.parametrize("cascade", ["haarcascade_frontalface_default.xml", "haarcascade_frontalface_alt2.xml"])
def test_haar_finds_the_face_in_yale_full_frames(yale_frames, cascade):
    detector = HaarDetector(cascade)
    found = [detector.detect(frame) for frame in yale_frames]
    rate = np.mean([len(boxes) >= 1 for boxes in found])
    extra = sum(len(boxes) > 1 for boxes in found)
    print(f"\n{cascade}: face found in {rate:.1%} of {len(found)} yale frames, {extra} with extra boxes")
    assert rate >= 0.95
    for frame, boxes in zip(yale_frames, found, strict=True):
        for x, y, w, h in boxes:
            assert 0 <= x and 0 <= y and x + w <= frame.shape[1] + 1 and y + h <= frame.shape[0] + 1
            assert w > frame.shape[1] * 0.2  # a face, not a speck


@pytest.mark.shared
def test_search_near_the_followed_face_finds_it_again(yale_frames):
    detector = HaarDetector()
    agree = 0
    for frame in yale_frames[:30]:
        full = detector.detect(frame)
        near = detector.detect(frame, near=full[0])
        agree += bool(near) and iou(near[0], full[0]) > 0.6
    assert agree >= 28


def test_a_broken_yunet_file_is_a_friendly_error(tmp_path):
    broken = tmp_path / "face_detection_yunet.onnx"
    broken.write_bytes(b"not an onnx model")
    with pytest.raises(DetectorError, match="Cannot load the YuNet model"):
        make_detector("yunet", broken)


def test_yunet_boxes_are_scaled_back_to_the_frame(tmp_path, monkeypatch):
    """No YuNet ONNX file can be downloaded here, so OpenCV's network is replaced by a fake that
    reports one face in the downscaled image; the wrapper must resize, set the input size once per
    size and map the box back to frame pixels."""
    import cv2

    calls = {"sizes": [], "shapes": []}

    class FakeNet:
        def setInputSize(self, size):
            calls["sizes"].append(size)

        def detect(self, image):
            calls["shapes"].append(image.shape)
            return 1, np.array([[80, 60, 40, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.95]], np.float32)

    model = tmp_path / "yunet.onnx"
    model.write_bytes(b"x")
    monkeypatch.setattr(cv2.FaceDetectorYN, "create", lambda *args: FakeNet())
    detector = make_detector("yunet", model)
    frame = np.zeros((480, 640, 3), np.uint8)
    assert detector.detect(frame) == [(160, 120, 80, 100)]  # detected at 320 wide, frame is 640 wide
    assert detector.detect(frame[:, :, 0]) == [(160, 120, 80, 100)]  # grayscale frames work too
    assert calls["shapes"][0] == (240, 320, 3) and calls["sizes"] == [(320, 240)]


def test_haar_finds_nothing_in_a_blank_frame():
    assert HaarDetector().detect(np.full((480, 640, 3), 128, np.uint8)) == []


def test_detector_errors_are_friendly(tmp_path):
    with pytest.raises(DetectorError, match="YuNet model not found"):
        make_detector("yunet", tmp_path / "missing.onnx")
    with pytest.raises(DetectorError, match="needs its ONNX file"):
        make_detector("yunet")
    with pytest.raises(DetectorError, match="Unknown face detector"):
        make_detector("magic")


def test_square_crop_box_grows_the_larger_side_around_the_centre():
    assert square_crop_box((100, 50, 40, 40), 0.0) == (100, 50, 40, 40)
    assert square_crop_box((100, 50, 40, 40), 0.25) == (90, 40, 60, 60)
    assert square_crop_box((100, 50, 40, 20), 0.0) == (100, 40, 40, 40)


def test_crop_is_square_and_replicates_the_border_outside_the_frame():
    frame = np.zeros((100, 120, 3), np.uint8)
    frame[:, :60] = 200  # left half bright
    crop = crop_face(frame, (-10, 30, 40, 40), margin=0.0)
    assert crop.shape == (40, 40, 3)
    assert (crop[:, :10] == 200).all()  # outside the frame: copies of the bright left edge
    inside = crop_face(frame, (20, 30, 40, 40), margin=0.0)
    assert np.array_equal(inside, frame[30:70, 20:60])


def test_face_input_is_the_model_input():
    frame = np.random.default_rng(0).integers(0, 256, (480, 640, 3)).astype(np.uint8)
    face = face_input(frame, (300, 200, 120, 150), margin=0.1)
    assert face.shape == (48, 48) and face.dtype == np.uint8


def test_main_face_is_the_largest_unless_far_off_centre():
    shape = (480, 640, 3)
    central, small_corner, big = (270, 190, 100, 100), (0, 0, 60, 60), (250, 170, 140, 140)
    assert pick_main_face([small_corner, central], shape) == central
    assert pick_main_face([central, big], shape) == big
    assert pick_main_face([], shape) is None


def test_tracker_keeps_following_its_face_when_a_bigger_one_appears():
    tracker = FaceTracker(smoothing_seconds=0.0)
    ours, bigger = (100, 100, 80, 80), (350, 150, 160, 160)
    assert tracker.update([ours], (480, 640), 0.0) == ours
    assert tracker.update([bigger, (104, 98, 80, 80)], (480, 640), 0.1) == (104, 98, 80, 80)


def test_tracker_holds_through_short_misses_then_lets_go():
    tracker = FaceTracker(hold_seconds=0.4)
    tracker.update([(100, 100, 80, 80)], (480, 640), 0.0)
    assert tracker.update([], (480, 640), 0.2) == (100, 100, 80, 80)
    assert tracker.update([], (480, 640), 0.5) is None
    assert tracker.update([(300, 100, 60, 60)], (480, 640), 0.6) == (300, 100, 60, 60)


def test_box_smoothing_damps_jitter():
    tracker = FaceTracker(smoothing_seconds=0.1)
    rng = np.random.default_rng(0)
    xs = []
    for step in range(60):
        jitter = int(rng.integers(-6, 7))
        box = tracker.update([(200 + jitter, 150, 100, 100)], (480, 640), step / 30)
        xs.append(box[0])
    assert np.std(xs[10:]) < 0.6 * 6 / np.sqrt(3)  # raw jitter std is about 3.7 px
    assert abs(np.mean(xs[10:]) - 200) < 2


class EdgeShyDetector:
    """Finds the bright square only when there is room around it, like a cascade on a tight crop."""

    def __init__(self):
        self.calls = []

    def detect(self, frame, near=None):
        self.calls.append(frame.shape[:2])
        ys, xs = np.nonzero(frame[:, :, 0] > 200)
        if not len(xs):
            return []
        x, y, w, h = int(xs.min()), int(ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1
        margin = min(x, y, frame.shape[1] - x - w, frame.shape[0] - y - h)
        return [(x, y, w, h)] if margin >= 10 else []


def test_a_face_filling_the_picture_is_found_with_a_padded_border():
    tight = np.zeros((60, 80, 3), np.uint8)
    tight[2:58, 4:76] = 255  # the "face" reaches the picture's edges
    inner = EdgeShyDetector()
    assert inner.detect(tight) == []
    assert PaddedRetry(inner).detect(tight) == [(4, 2, 72, 56)]  # in the picture's own pixels
    assert inner.calls[-1][0] > 60  # the second look had a border


def test_no_face_is_still_no_face_after_the_padded_look():
    assert PaddedRetry(HaarDetector()).detect(np.full((240, 320, 3), 128, np.uint8)) == []
    assert PaddedRetry(EdgeShyDetector()).detect(np.zeros((60, 80, 3), np.uint8)) == []


def test_a_followed_face_of_ordinary_size_that_leaves_is_not_looked_for_again():
    inner = EdgeShyDetector()
    PaddedRetry(inner).detect(np.zeros((480, 640, 3), np.uint8), near=(300, 200, 80, 80))
    assert len(inner.calls) == 1


@pytest.mark.shared
def test_padded_retry_finds_faces_in_tight_photo_crops():
    from tests.conftest import shared_datasets_dir

    folder = shared_datasets_dir() / "photos-dev" / "sad"
    if not folder.is_dir():
        pytest.skip(f"photos-dev not found at {folder}")
    pictures = [read_image(path) for path in image_files(folder)[:60]]
    plain, padded = HaarDetector(), PaddedRetry(HaarDetector())
    found_plain = sum(bool(plain.detect(picture)) for picture in pictures)
    found_padded = sum(bool(padded.detect(picture)) for picture in pictures)
    print(f"\nfaces found in {len(pictures)} tight photos: plain {found_plain}, padded retry {found_padded}")
    assert found_padded >= found_plain + len(pictures) // 5
