"""The face mesh coaching reads (vision/face_mesh.py) on the shipped self-test face, and how often the pipeline
runs it (vision/pipeline.py)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from actor_trainer.play.actions import EYE_CONTOURS, face_measures
from actor_trainer.resources import assets_dir
from actor_trainer.vision import face_mesh
from actor_trainer.vision.face_mesh import MESH_INPUT, FaceMesh, FaceMeshError, roi_transform, to_frame
from actor_trainer.vision.faces import BlazeFaceDetector
from actor_trainer.vision.pipeline import FramePipeline


@pytest.fixture(scope="module")
def face_and_frame():
    frame = cv2.imread(str(assets_dir() / "selftest-face.png"))
    faces = BlazeFaceDetector().detect(frame)
    assert len(faces) == 1
    return faces[0], frame


def eye_centres(points: np.ndarray) -> np.ndarray:
    return np.stack([points[list(contour), :2].mean(axis=0) for contour in EYE_CONTOURS])


def test_the_mesh_puts_468_points_on_the_face_in_frame_pixels(face_and_frame):
    face, frame = face_and_frame
    points = face_mesh.landmarks(frame, face)
    assert points.shape == (468, 3) and points.dtype == np.float32
    x, y, w, h = face
    inside = (points[:, 0] > x - 0.2 * w) & (points[:, 0] < x + 1.2 * w) & (points[:, 1] > y - 0.2 * h) \
        & (points[:, 1] < y + 1.2 * h)
    assert inside.all()
    eyes = eye_centres(points)
    distance = np.linalg.norm(face.landmarks[1] - face.landmarks[0])
    # BlazeFace's eyes agree (the self-test face is the mascot, a drawing: the mesh is made for people)
    assert np.linalg.norm(eyes - face.landmarks[:2], axis=1).max() < 0.3 * distance


@pytest.mark.shared
def test_a_childs_turned_and_smaller_face_gives_the_same_measures(shared_datasets):
    photo = sorted((shared_datasets / "cafe-dev" / "surprise").glob("*.jpg"))[0]
    frame = cv2.copyMakeBorder(cv2.imread(str(photo)), 90, 90, 170, 170, cv2.BORDER_REPLICATE)  # 640x480
    detector = BlazeFaceDetector()
    upright = face_measures(face_mesh.landmarks(frame, detector.detect(frame)[0]))
    turn = cv2.getRotationMatrix2D((320, 240), 15, 0.7)
    turned_frame = cv2.warpAffine(frame, turn, (640, 480), borderMode=cv2.BORDER_REPLICATE)
    turned = face_measures(face_mesh.landmarks(turned_frame, detector.detect(turned_frame)[0]))
    assert turned == pytest.approx(upright, abs=0.03)  # eye distances: a surprised face moves 0.05 to 0.2


def test_no_face_in_the_box_gives_no_landmarks():
    blank = np.full((240, 320, 3), 128, np.uint8)
    assert face_mesh.landmarks(blank, (100, 60, 120, 120)) is None


def test_the_crop_and_back_are_one_map(face_and_frame):
    face, _frame = face_and_frame
    to_input = roi_transform(tuple(face), face.landmarks)
    corners = np.float32([[0, 0, 0], [MESH_INPUT, 0, 0], [MESH_INPUT, MESH_INPUT, 10]])
    back = to_frame(corners, to_input)
    again = back[:, :2] @ to_input[:, :2].T + to_input[:, 2]
    assert again == pytest.approx(corners[:, :2], abs=1e-3)
    side = np.linalg.norm(back[1, :2] - back[0, :2])
    assert back[2, 2] == pytest.approx(10 * side / MESH_INPUT, rel=1e-4)  # depth in the same pixels


def test_a_missing_or_broken_model_file_says_so(tmp_path):
    with pytest.raises(FaceMeshError, match="missing"):
        FaceMesh(tmp_path / "face_landmark.tflite")
    broken = tmp_path / "broken.tflite"
    broken.write_bytes(b"not a model")
    with pytest.raises(FaceMeshError, match="Cannot load"):
        FaceMesh(broken)


class CountingMesh:
    def __init__(self):
        self.calls = 0

    def landmarks(self, frame, box):
        self.calls += 1
        return np.zeros((468, 3), np.float32)


class Classifier:
    classes = ("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise")

    def predict(self, face48):
        return np.full(7, 1 / 7)


def test_the_pipeline_reads_the_mesh_a_few_times_a_second_not_on_every_frame(face_and_frame):
    _face, frame = face_and_frame
    mesh = CountingMesh()
    pipeline = FramePipeline(Classifier(), BlazeFaceDetector(), face_mesh=mesh, mesh_interval=0.25)
    results = [pipeline.process(frame, index / 30) for index in range(60)]  # two seconds at 30 frames a second
    assert mesh.calls == 8
    read = [result for result in results if result.mesh is not None]
    assert len(read) == 8 and all("mesh" in result.timings_ms for result in read)
    assert all("mesh" not in result.timings_ms for result in results if result.mesh is None)
    assert FramePipeline(Classifier(), BlazeFaceDetector()).process(frame, 0.0).mesh is None  # no coaching
