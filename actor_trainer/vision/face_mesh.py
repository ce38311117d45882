"""The face mesh for coaching: 468 face landmarks (MediaPipe's face-landmark model) run with LiteRT.

`landmarks(frame, box)` -> (468, 3) float32 frame pixels for the face in `box`. The model sees a square
region around the face (the detector's box, grown and turned so that the eyes are level), scaled to
192x192 RGB in 0..1, as MediaPipe's face-mesh graph crops it; its points are mapped back to the frame.
x, y are frame pixels; z is depth in the same pixel scale (smaller is nearer the camera), relative to
the face's centre. Landmark numbering is MediaPipe's canonical face mesh (play/actions.py names the
points it reads).

Used only by coaching (play/actions.py reads the points): it runs a few times a second, not on every
frame (ui/worker.py). The model file ships in assets/face_detection/ (source, licence and checksum in
its README). LiteRT is loaded through vision/classifier.py's lazy loader, so importing this module
stays cheap and the core's import contract holds.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path

import cv2
import numpy as np

from actor_trainer.play.actions import EYE_CONTOURS, MESH_POINTS  # the mesh's numbering: one home
from actor_trainer.vision.faces import BLAZE_TO_CASCADE_RAISE, BLAZE_TO_CASCADE_SCALE, eye_angle

FACE_MESH_FILE = "face_landmark.tflite"  # inside assets/face_detection/
MESH_INPUT = 192  # the model's square input, pixels
# MediaPipe crops 1.5 x the BlazeFace box around its centre; our boxes are the cascade's geometry
# (faces.py: BlazeFace boxes grown 1.23 x and raised 0.15 of their height), mapped back here.
ROI_SCALE = 1.5 / BLAZE_TO_CASCADE_SCALE
ROI_LOWER = BLAZE_TO_CASCADE_RAISE / BLAZE_TO_CASCADE_SCALE  # of the box's height, back toward the chin
MIN_PRESENCE = 0.5  # the model's own face score below this: no landmarks
# The region of the second run, in eye distances of the first run's mesh: the median of the first runs'
# regions on cafe-dev faces (one photo in five: 3.66 wide, std 0.28; centre 0.34 below the eyes, std 0.06).
EYES_ROI_SIDE = 3.66
EYES_ROI_DOWN = 0.34


class FaceMeshError(Exception):
    """The face-mesh model cannot be loaded (missing or broken file), with a message for the user."""


class FaceMesh:
    """One face-landmark interpreter; `landmarks` is safe to call from one thread at a time (locked)."""

    def __init__(self, model_path: str | Path | None = None, threads: int = 1, refine: int = 1):
        from actor_trainer.vision.classifier import ModelError, _litert_interpreter_class

        path = Path(model_path) if model_path is not None else default_model_path()
        if not path.is_file():
            raise FaceMeshError(f"Face-mesh file missing: {path}. Install the game again.")
        try:
            self.interpreter = _litert_interpreter_class()(model_path=str(path), num_threads=threads)
            self.interpreter.allocate_tensors()
        except (ValueError, RuntimeError, ModelError) as error:
            raise FaceMeshError(f"Cannot load the face-mesh model {path}: {error}") from error
        outputs = sorted(self.interpreter.get_output_details(), key=lambda d: -int(d["shape"][-1]))
        if int(outputs[0]["shape"][-1]) < 3 * MESH_POINTS:
            raise FaceMeshError(f"{path} is not a 468-point face-mesh model.")
        self.input_index = self.interpreter.get_input_details()[0]["index"]
        self.points_index, self.presence_index = outputs[0]["index"], outputs[1]["index"]
        self._lock = threading.Lock()
        self.refine = refine  # second runs on the region the first one's eyes give (see eyes_roi_transform)

    def landmarks(self, frame: np.ndarray, box, eyes: np.ndarray | None = None) -> np.ndarray | None:
        """(468, 3) float32 frame pixels for the face in `box` ((x, y, w, h) frame pixels, the detector's
        cascade geometry; a `Face` brings its own eye landmarks for the turn), or None when the model sees
        no face there. `frame`: (H, W) gray or (H, W, 3) BGR uint8."""
        if eyes is None:
            eyes = getattr(box, "landmarks", None)
        image = frame if frame.ndim == 3 else cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        points = self._run(image, roi_transform(tuple(box), eyes))
        for _ in range(self.refine):
            if points is None:
                break
            points = self._run(image, eyes_roi_transform(points))
        return points

    def _run(self, image: np.ndarray, to_input: np.ndarray) -> np.ndarray | None:
        crop = mesh_input(image, to_input)
        tensor = cv2.cvtColor(crop, cv2.COLOR_BGR2RGB).astype(np.float32)[None] * (1 / 255.0)
        with self._lock:
            self.interpreter.set_tensor(self.input_index, tensor)
            self.interpreter.invoke()
            raw = self.interpreter.get_tensor(self.points_index).reshape(-1, 3)[:MESH_POINTS].copy()
            presence = float(self.interpreter.get_tensor(self.presence_index).reshape(-1)[-1])
        if 1.0 / (1.0 + math.exp(-presence)) < MIN_PRESENCE:
            return None
        return to_frame(raw, to_input)


def roi_transform(box, eyes: np.ndarray | None = None) -> np.ndarray:
    """The (2, 3) affine map from frame pixels to the model's 192x192 input: a square ROI_SCALE x the box's
    larger side around its centre (lowered by ROI_LOWER of its height), turned so that the eyes are level."""
    x, y, w, h = (float(v) for v in box)
    side = max(w, h, 1.0) * ROI_SCALE
    angle = eye_angle(eyes)
    turn = math.radians(angle)
    cx = x + w / 2 - ROI_LOWER * h * math.sin(turn)
    cy = y + h / 2 + ROI_LOWER * h * math.cos(turn)
    matrix = cv2.getRotationMatrix2D((cx, cy), angle, MESH_INPUT / side)
    matrix[:, 2] += (MESH_INPUT / 2 - cx, MESH_INPUT / 2 - cy)
    return matrix


def eyes_roi_transform(points: np.ndarray) -> np.ndarray:
    """The map to the model's input for a region placed by the mesh's own eyes (`points`: (468, 2+) frame
    pixels): EYES_ROI_SIDE eye distances wide, its centre EYES_ROI_DOWN eye distances below the eyes'
    midpoint, turned with the eyes. The detector's box frames a face differently at different sizes, and the
    mesh's mouth points moved with the framing (up to 0.1 eye distances for one photo shown at 70 %); framed
    by its own eyes, the same face gives the same measures."""
    left, right = (points[list(contour), :2].mean(axis=0) for contour in EYE_CONTOURS)
    along = right - left
    distance = max(float(np.hypot(*along)), 1.0)
    down = np.array([-along[1], along[0]]) / distance
    cx, cy = (left + right) / 2 + EYES_ROI_DOWN * distance * down
    angle = math.degrees(math.atan2(along[1], along[0]))
    matrix = cv2.getRotationMatrix2D((float(cx), float(cy)), angle, MESH_INPUT / (EYES_ROI_SIDE * distance))
    matrix[:, 2] += (MESH_INPUT / 2 - cx, MESH_INPUT / 2 - cy)
    return matrix


def mesh_input(image: np.ndarray, to_input: np.ndarray) -> np.ndarray:
    """The (192, 192, 3) crop `to_input` maps the frame onto, bilinear (outside the frame is black)."""
    return cv2.warpAffine(image, to_input, (MESH_INPUT, MESH_INPUT), flags=cv2.INTER_LINEAR)


def to_frame(points: np.ndarray, to_input: np.ndarray) -> np.ndarray:
    """(N, 3) model-input points back to frame pixels through the inverse of `to_input`; z scaled alike."""
    back = cv2.invertAffineTransform(to_input)
    xy = points[:, :2] @ back[:, :2].T + back[:, 2]
    scale = math.sqrt(abs(np.linalg.det(back[:, :2])))
    return np.column_stack([xy, points[:, 2] * scale]).astype(np.float32)


def default_model_path() -> Path:
    from actor_trainer.resources import assets_dir

    return assets_dir() / "face_detection" / FACE_MESH_FILE


_DEFAULT: list[FaceMesh] = []
_DEFAULT_LOCK = threading.Lock()


def default_mesh() -> FaceMesh:
    """The shipped model, loaded once (raises FaceMeshError when it is missing or broken)."""
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            _DEFAULT.append(FaceMesh())
        return _DEFAULT[0]


def landmarks(frame: np.ndarray, box) -> np.ndarray | None:
    """(468, 3) float32 frame pixels of the face in `box` with the shipped model (see FaceMesh.landmarks)."""
    return default_mesh().landmarks(frame, box)
