"""One crop everywhere: the 48x48 input the game's pipeline gives the model for a face in a webcam-like
frame is the input training's loader makes of the same picture (issue 27, model v4)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from actor_trainer.resources import assets_dir
from actor_trainer.vision import faces
from actor_trainer.vision.pipeline import FramePipeline
from training.crops import game_crop
from training.datasets.folders import load_folder


class Recorder:
    """Stands in for the classifier: keeps what the pipeline would have fed the model."""
    classes = ("happy", "neutral")

    def __init__(self):
        self.seen = []

    def predict(self, face48):
        self.seen.append(face48.copy())
        return np.array([0.5, 0.5])


def webcam_frame(face: np.ndarray, size: int, centre=(330, 230), level=118, seed=0) -> np.ndarray:
    """The face photo scaled to `size` px and pasted into a 640x480 room with a soft gradient (BGR uint8)."""
    rng = np.random.default_rng(seed)
    room = np.linspace(level + 25, level - 25, 480, dtype=np.float32)[:, None].repeat(640, axis=1)
    room = np.clip(room + rng.normal(0, 3, room.shape), 0, 255).astype(np.uint8)
    frame = cv2.cvtColor(room, cv2.COLOR_GRAY2BGR)
    face = cv2.resize(face, (size, size), interpolation=cv2.INTER_AREA)
    x0, y0 = centre[0] - size // 2, centre[1] - size // 2
    frame[y0:y0 + size, x0:x0 + size] = face if face.ndim == 3 else cv2.cvtColor(face, cv2.COLOR_GRAY2BGR)
    return frame


@pytest.fixture(scope="module")
def detector():
    return faces.make_detector()


@pytest.fixture(scope="module")
def face_photo(detector):
    """A 300x300 face photo framed as CAFE's are (the face fills most of it), cut from the self-test frame."""
    frame = cv2.imread(str(assets_dir() / "selftest-face.png"))
    x, y, w, h = faces.pick_main_face(detector.detect(frame), frame.shape)
    side = int(1.5 * max(w, h))
    left, top = x + w // 2 - side // 2, y + h // 2 - side // 2
    padded = cv2.copyMakeBorder(frame, side, side, side, side, cv2.BORDER_REPLICATE)
    photo = padded[top + side:top + 2 * side, left + side:left + 2 * side]
    return cv2.resize(photo, (300, 300), interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize("size", [300, 360])
def test_game_pipeline_and_training_loader_give_the_same_model_input(tmp_path, face_photo, detector, size):
    frame = webcam_frame(face_photo, size)
    recorder = Recorder()
    result = FramePipeline(recorder, detector).process(frame, timestamp=0.0)
    assert result.box is not None and recorder.seen, "the game found no face in the webcam-like frame"
    (tmp_path / "happy").mkdir()
    cv2.imwrite(str(tmp_path / "happy" / "frame.png"), frame)  # lossless: the loader reads the same pixels
    split = load_folder(tmp_path, cache_dir=None)
    assert split.images.shape == (1, 48, 48)
    np.testing.assert_array_equal(split.images[0], recorder.seen[0])


def test_training_crop_is_the_pipeline_crop_from_gray(face_photo, detector):
    frame = webcam_frame(face_photo, 320)
    gray = faces.gray_frame(frame)
    found = detector.detect(frame)
    face = faces.pick_main_face(found, frame.shape)
    face = next(f for f in found if tuple(f) == tuple(face))
    np.testing.assert_array_equal(game_crop(frame), faces.model_crop(gray, face))


def border_level(photo: np.ndarray) -> int:
    gray = faces.gray_frame(photo)
    return int(np.median(np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])))


def photo_gaps(photo: np.ndarray, detector) -> tuple[float, float]:
    """Mean absolute difference (gray levels) between the game's input for the photo pasted into a 640x480
    room and training's input for the photo itself: through game_crop (searched in a room-sized canvas),
    and through a search on the bare photo (the crop v3 trained on)."""
    from actor_trainer.vision.preprocessing import preprocess_face
    recorder = Recorder()
    FramePipeline(recorder, detector).process(webcam_frame(photo, 300, level=border_level(photo)), timestamp=0.0)
    game = recorder.seen[0].astype(int)
    canvas = preprocess_face(game_crop(photo)).astype(int)
    bare_face = faces.pick_main_face(detector.detect(photo), photo.shape)
    bare_face = next(f for f in detector.detect(photo) if tuple(f) == tuple(bare_face))
    bare = preprocess_face(faces.model_crop(faces.gray_frame(photo), bare_face)).astype(int)
    return float(np.abs(canvas - game).mean()), float(np.abs(bare - game).mean())


def test_a_photo_is_cropped_as_the_same_face_in_a_webcam_frame(face_photo, detector):
    """A face photo framed tightly (CAFE's 300x300 children) is searched in a room-sized canvas: its input is
    close to the game's for the same face in a room, far closer than a search on the bare photo."""
    canvas, bare = photo_gaps(face_photo, detector)
    assert canvas < 0.5 * bare and canvas < 15, (canvas, bare)


@pytest.mark.shared
@pytest.mark.slow
def test_cafe_children_are_cropped_as_in_the_game(shared_datasets, detector):
    photos = sorted((shared_datasets / "cafe-dev").glob("*/*.jpg"))[::40]
    if not photos:
        pytest.skip("cafe-dev not found")
    gaps = np.array([photo_gaps(cv2.imread(str(path)), detector) for path in photos])
    canvas, bare = np.median(gaps, axis=0)
    # measured 2026-12-07 on every 25th photo: canvas median 12.0 gray levels, bare photo 43.1
    assert canvas < 16 and canvas < 0.5 * bare, (canvas, bare)


def test_crop_identity_names_the_game_crop_and_spots_another():
    game = faces.crop_identity()
    assert faces.crop_mismatch(dict(game)) is None
    assert "does not say" in faces.crop_mismatch(None)
    assert "haar" in faces.crop_mismatch({"id": "haar", "version": 1, "margin": 0.1})
    assert faces.crop_mismatch({**game, "version": game["version"] + 1}) is not None
