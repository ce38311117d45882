"""Face detection on real full frames, following one face, and the crop geometry."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from actor_trainer.vision.faces import (
    BlazeFaceDetector,
    DetectorError,
    Face,
    FaceTracker,
    HaarDetector,
    PaddedRetry,
    aligned_face_crop,
    crop_face,
    eye_angle,
    face_input,
    face_priority,
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
@pytest.mark.slow
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
@pytest.mark.slow
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


# ---------------------------------------------------------------- landmarks and the aligned crop
def eyes_frame(angle: float, centre=(320, 240), spacing=60):
    """A grey frame with two dark 'eyes' on a line turned `angle` degrees clockwise on screen."""
    frame = np.full((480, 640, 3), 160, np.uint8)
    rad = np.radians(angle)
    offset = np.array([np.cos(rad), np.sin(rad)]) * spacing / 2
    eyes = np.float32([np.array(centre) - offset, np.array(centre) + offset])
    for x, y in eyes:
        cv2.circle(frame, (int(round(x)), int(round(y))), 6, (20, 20, 20), -1)
    return frame, eyes


def dark_blobs(image):
    gray = image if image.ndim == 2 else image[:, :, 0]
    count, _, _, centres = cv2.connectedComponentsWithStats((gray < 90).astype(np.uint8))
    return sorted(centres[1:count].tolist())


@pytest.mark.parametrize("angle", [-30.0, -12.0, 25.0, 35.0])
def test_aligned_crop_levels_the_eyes(angle):
    frame, eyes = eyes_frame(angle)
    assert eye_angle(eyes) == pytest.approx(angle, abs=0.5)
    crop = aligned_face_crop(frame, (260, 180, 120, 120), eyes, margin=0.1)
    assert crop.shape == (144, 144, 3)
    (lx, ly), (rx, ry) = dark_blobs(crop)
    assert abs(ly - ry) < 1.0  # level
    assert rx - lx == pytest.approx(60, abs=1.5)  # the distance between the eyes is kept
    assert (lx + rx) / 2 == pytest.approx(72, abs=1.0)  # turned about the crop's centre
    tilted = dark_blobs(crop_face(frame, (260, 180, 120, 120), 0.1))
    assert abs(tilted[0][1] - tilted[1][1]) > 10  # the plain crop keeps the tilt


def test_aligned_crop_of_level_eyes_or_no_landmarks_is_the_plain_crop():
    frame = np.random.default_rng(1).integers(0, 256, (240, 320, 3)).astype(np.uint8)
    box = (-10, 40, 90, 90)  # partly outside: border pixels repeat either way
    level = np.float32([[20, 70], [60, 70]])
    assert np.array_equal(aligned_face_crop(frame, box, level), crop_face(frame, box))
    assert np.array_equal(aligned_face_crop(frame, box, None), crop_face(frame, box))
    gray = frame[:, :, 0].copy()
    assert aligned_face_crop(gray, box, np.float32([[20, 70], [60, 80]])).shape == (108, 108)


def test_face_input_levels_a_faces_landmarks_before_preprocess_face():
    from actor_trainer.vision.preprocessing import preprocess_face

    frame, eyes = eyes_frame(30.0)
    face = Face((260, 180, 120, 120), eyes, 0.9)
    expected = preprocess_face(aligned_face_crop(frame, (260, 180, 120, 120), eyes))
    assert np.array_equal(face_input(frame, face), expected)
    assert np.array_equal(face_input(frame, (260, 180, 120, 120), landmarks=eyes), expected)
    assert not np.array_equal(face_input(frame, (260, 180, 120, 120)), expected)


def test_a_face_unpacks_and_compares_as_its_box():
    face = Face((10.4, 20.6, 30, 40), [[1, 2], [3, 4]], 0.8)
    x, y, w, h = face
    assert (x, y, w, h) == (10, 21, 30, 40) and face == (10, 21, 30, 40) and face.box == (10, 21, 30, 40)
    assert face.landmarks.shape == (2, 2) and face.score == pytest.approx(0.8)
    assert np.allclose(face.moved(5, -1).landmarks, [[6, 1], [8, 3]])


# ---------------------------------------------------------------- the child, not the bystander
def test_a_centred_child_beats_a_larger_face_at_the_edge():
    shape = (480, 640, 3)
    child, parent = (270, 190, 100, 100), (470, 120, 170, 170)  # parent 1.7x larger, at the right edge
    assert pick_main_face([parent, child], shape) == child
    assert face_priority(child, shape) > 3 * face_priority(parent, shape)


def test_the_followed_child_keeps_priority_when_a_parent_leans_in():
    tracker = FaceTracker(smoothing_seconds=0.0)
    child = (270, 190, 100, 100)
    tracker.update([child], (480, 640), 0.0)
    parent = (0, 60, 220, 220)  # bigger, at the left edge, there for three seconds
    for step in range(1, 91):
        assert tracker.update([parent, child], (480, 640), step / 30) == child


def test_a_new_face_takes_over_only_when_clearly_in_front_for_a_while():
    tracker = FaceTracker(smoothing_seconds=0.0, switch_seconds=1.0)
    corner, centre = (20, 20, 70, 70), (250, 170, 140, 140)
    tracker.update([corner], (480, 640), 0.0)
    assert tracker.update([corner, centre], (480, 640), 0.5) == corner  # not yet: persistence
    assert tracker.update([corner, centre], (480, 640), 0.9) == corner
    assert tracker.update([corner, centre], (480, 640), 1.6) == centre  # clearly in front for 1.1 s
    assert tracker.update([corner, centre], (480, 640), 1.7) == centre


def test_the_tracker_moves_the_landmarks_with_the_smoothed_box():
    tracker = FaceTracker(smoothing_seconds=0.0)
    eyes = np.float32([[130, 140], [170, 140]])
    tracker.update([Face((100, 100, 100, 100), eyes)], (480, 640), 0.0)
    assert tracker.face == (100, 100, 100, 100) and np.allclose(tracker.face.landmarks, eyes)
    assert tracker.update([], (480, 640), 0.1) == (100, 100, 100, 100)  # held: the last landmarks
    assert np.allclose(tracker.face.landmarks, eyes) and tracker.matched is None


# ---------------------------------------------------------------- BlazeFace
def test_blazeface_anchors_match_the_shipped_models():
    detector = BlazeFaceDetector()
    for model in (detector.short, detector.back):
        boxes = model.interpreter.get_output_details()
        assert max(int(np.prod(d["shape"][:-1])) for d in boxes) == len(model.anchors) == 896


def test_blazeface_finds_nothing_in_blank_or_noisy_frames():
    detector = BlazeFaceDetector()
    assert detector.detect(np.full((480, 640, 3), 128, np.uint8)) == []
    noise = np.random.default_rng(0).integers(0, 256, (480, 640, 3)).astype(np.uint8)
    assert detector.detect(noise) == [] and detector.detect(noise[:, :, 0], near=(200, 150, 100, 100)) == []


def test_without_the_model_files_the_game_falls_back_to_haar(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("ACTOR_TRAINER_ASSETS", str(tmp_path))
    with pytest.raises(DetectorError, match="Face detector file missing"):
        BlazeFaceDetector()
    detector = make_detector("blazeface")
    assert isinstance(detector.detector, HaarDetector) and detector.detector.rotations
    assert "Falling back to the Haar cascade" in caplog.text


def test_a_broken_blazeface_file_is_a_friendly_error(tmp_path):
    for name in ("face_detection_short_range.tflite", "face_detection_back.tflite"):
        (tmp_path / name).write_bytes(b"not a model")
    with pytest.raises(DetectorError, match="Cannot load the face detector"):
        BlazeFaceDetector(tmp_path)


# ---------------------------------------------------------------- faces from the development sets
@pytest.fixture(scope="module")
def cafe_faces():
    from tests.conftest import shared_datasets_dir

    folder = shared_datasets_dir() / "cafe-dev"
    if not folder.is_dir():
        pytest.skip(f"cafe-dev not found at {folder}")
    files = image_files(folder)
    return [read_image(path) for path in files[:: max(1, len(files) // 40)]]


@pytest.mark.slow  # real children's photos through BlazeFace, 8 s
@pytest.mark.shared
@pytest.mark.parametrize("condition", ["upright", "tilt15", "tilt30", "small", "edge"])
def test_blazeface_finds_tilted_small_and_edge_framed_children(cafe_faces, condition):
    from actor_trainer.vision.pipeline import FramePipeline
    from benchmarks.detection import on_face, scene

    class Constant:
        classes = ("happy", "neutral")

        def predict(self, face48):
            return np.array([0.5, 0.5])

    pipeline = FramePipeline(Constant(), make_detector("blazeface"))
    right = angle_errors = 0
    for index, photo in enumerate(cafe_faces):
        frame, truth = scene(condition, photo, index, 0.85, other=cafe_faces[-1 - index])
        pipeline.reset()
        result = pipeline.process(frame, 0.0)
        right += on_face(result.box, truth)
        tilt = float(condition[4:]) * (1 if index % 2 else -1) if condition.startswith("tilt") else 0.0
        face = pipeline.tracker.face
        angle_errors += face is not None and abs(eye_angle(face.landmarks) + tilt) > 8
    print(f"\n{condition}: the child judged in {right}/{len(cafe_faces)}, eye angle off by > 8 deg in {angle_errors}")
    assert right >= 0.95 * len(cafe_faces)
    assert angle_errors <= 0.05 * len(cafe_faces)


def test_blazeface_reports_the_other_faces_between_full_searches(monkeypatch):
    detector = BlazeFaceDetector(full_every=3)
    child, parent = Face((270, 190, 100, 100)), Face((480, 100, 150, 150))
    calls = []
    monkeypatch.setattr(detector, "_detect_full", lambda frame: calls.append("full") or [parent, child])
    monkeypatch.setattr(detector, "_detect_near", lambda frame, near: calls.append("near") or [child])
    frame = np.full((480, 640, 3), 128, np.uint8)
    assert detector.detect(frame) == [parent, child]
    for _ in range(4):
        assert detector.detect(frame, near=child) == [child, parent]
    assert calls == ["full", "near", "near", "near", "full", "near"]  # a full search every third frame
