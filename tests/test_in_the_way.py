"""What is in the way of reading a face: a ghost face inside the face, too close, a window behind, a hidden
mouth, hidden brows, glare on glasses, a 4K frame.
Generated frames only (the field cases in ../shared/cases check the same on photos)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from actor_trainer.vision import images, visibility
from actor_trainer.vision.faces import Face, drop_nested
from actor_trainer.vision.pipeline import (
    BACKLIT,
    BROWS_HIDDEN,
    COVERED,
    GLARE,
    NOT_JUDGED,
    TOO_CLOSE,
    TOO_DARK,
    TWO_FACES,
    FramePipeline,
)


class FakeClassifier:
    classes = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"]

    def __init__(self):
        self.calls = 0

    def predict(self, face48):
        self.calls += 1
        return np.array([0.05, 0.05, 0.05, 0.6, 0.15, 0.05, 0.05])


class FixedDetector:
    """Finds the given faces wherever it looks."""

    def __init__(self, *faces):
        self.faces = list(faces)
        self.shapes = []

    def detect(self, frame, near=None):
        self.shapes.append(frame.shape)
        return list(self.faces)


def drawn_face(size: int = 200, mouth: bool = True, level: int = 170) -> tuple[np.ndarray, np.ndarray]:
    """A schematic upright face (gray, size x size): skin, brows, eyes, nose and an open mouth with lips.
    Returns (image, landmarks (6, 2): eyes, nose tip, mouth centre, ears) in its pixels."""
    rng = np.random.default_rng(size)
    face = np.clip(rng.normal(level, 4, (size, size)), 0, 255).astype(np.uint8)
    s = size / 200
    eyes = [(70 * s, 85 * s), (130 * s, 85 * s)]
    for x, y in eyes:
        cv2.line(face, (int(x - 18 * s), int(y - 20 * s)), (int(x + 18 * s), int(y - 22 * s)), 60, max(2, int(5 * s)))
        cv2.ellipse(face, (int(x), int(y)), (int(16 * s), int(8 * s)), 0, 0, 360, 240, -1)
        cv2.circle(face, (int(x), int(y)), int(6 * s), 30, -1)
    cv2.line(face, (int(100 * s), int(95 * s)), (int(100 * s), int(125 * s)), 120, max(1, int(3 * s)))
    mouth_at = (100 * s, 152 * s)
    if mouth:
        cv2.ellipse(face, (int(mouth_at[0]), int(mouth_at[1])), (int(30 * s), int(12 * s)), 0, 0, 360, 110, -1)
        cv2.ellipse(face, (int(mouth_at[0]), int(mouth_at[1])), (int(24 * s), int(6 * s)), 0, 0, 360, 25, -1)
    landmarks = np.float32([*eyes, (100 * s, 115 * s), mouth_at, (30 * s, 95 * s), (170 * s, 95 * s)])
    return face, landmarks


def scene(room: int = 120, face_level: int = 170, size: int = 200, mouth: bool = True, hand: bool = False,
          shape=(480, 640), exposure: float = 1.0) -> tuple[np.ndarray, Face]:
    """A gray frame of `room` gray with the drawn face in the middle (its light times `exposure`); a flat
    skin-toned hand over the mouth when `hand`. Returns (BGR frame, the Face a detector would report)."""
    rng = np.random.default_rng(room + face_level)
    frame = np.clip(rng.normal(room, 3, shape), 0, 255).astype(np.uint8)
    face, landmarks = drawn_face(size, mouth, face_level)
    if hand:
        cv2.ellipse(face, (size // 2, int(size * 0.76)), (int(size * 0.36), int(size * 0.17)), 0, 0, 360,
                    face_level, -1)
    top, left = (shape[0] - size) // 2, (shape[1] - size) // 2
    frame[top:top + size, left:left + size] = (face * exposure).astype(np.uint8)
    box = (left - size * 0.05, top - size * 0.1, size * 1.1, size * 1.1)  # about where BlazeFace's boxes go
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), Face(box, landmarks + np.float32([left, top]), 0.9)


# ---------------------------------------------------------------- ghost faces


def test_a_box_inside_another_is_part_of_that_face():
    big, ghost = Face((40, -120, 650, 650)), Face((-60, 10, 480, 480))  # too-close: the ghost is 70 % inside
    assert drop_nested([ghost, big]) == [big]


def test_two_faces_side_by_side_or_overlapping_a_little_stay_two():
    child, parent = Face((200, 150, 200, 200)), Face((380, 100, 240, 240))
    assert drop_nested([child, parent]) == [child, parent]
    assert drop_nested([Face((0, 0, 100, 100)), Face((300, 0, 100, 100))]) == [Face((0, 0, 100, 100)),
                                                                              Face((300, 0, 100, 100))]


def test_the_pipeline_reports_one_face_not_two_when_a_ghost_sits_inside_it():
    frame, face = scene()
    ghost = Face((face[0] + 20, face[1] + 40, face[2] // 2, face[3] // 2), face.landmarks, 0.6)
    result = FramePipeline(FakeClassifier(), FixedDetector(face, ghost)).process(frame, 0.0)
    assert result.faces == [tuple(face)] and result.camera != TWO_FACES and result.judged


# ---------------------------------------------------------------- too close


def test_too_close_is_a_big_face_the_frame_cuts():
    shape = (480, 640, 3)
    assert visibility.too_close((40, -130, 650, 650), shape)  # 720 px face: taller than the frame
    assert visibility.too_close((100, -90, 400, 400), shape)  # forehead cut by a fifth
    assert not visibility.too_close((200, 120, 240, 240), shape)  # at arm's length, whole
    assert not visibility.too_close((120, 60, 380, 380), shape)  # big but whole
    assert not visibility.too_close((-40, 200, 120, 120), shape)  # small, half out at the side: not "too close"


def test_a_face_photo_cropped_to_the_face_is_not_too_close():
    assert not visibility.too_close((-20, -40, 340, 340), (300, 300, 3))  # cafe-dev: the photo is the face
    assert not visibility.too_close((-20, -40, 340, 340), (400, 300, 3))  # an upright picture
    assert visibility.too_close((-20, -40, 340, 340), (300, 400, 3))  # the same face in a camera's frame


def test_a_face_too_close_is_found_not_judged_and_asked_to_move_back():
    frame, _ = scene(size=300)
    classifier = FakeClassifier()
    result = FramePipeline(classifier, FixedDetector(Face((60, -150, 640, 640)))).process(frame, 0.0)
    assert result.box is not None and not result.judged and result.camera == TOO_CLOSE
    assert classifier.calls == 0 and TOO_CLOSE in NOT_JUDGED


# ---------------------------------------------------------------- lit from behind


def test_a_face_much_darker_than_a_bright_room_behind_it_is_backlit():
    frame, face = scene(room=240, face_level=75)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert visibility.backlit(gray, face)
    result = FramePipeline(FakeClassifier(), FixedDetector(face)).process(frame, 0.0)
    assert result.box is not None and not result.judged and result.camera == BACKLIT


@pytest.mark.parametrize(("room", "face_level"), [(120, 170), (200, 150), (60, 70), (230, 140), (170, 60)])
def test_a_face_in_an_ordinary_room_is_not_backlit(room, face_level):
    """Plain, a light wall, a dim room, a white wall with a face lit from the front, a dark face on a mid wall."""
    frame, face = scene(room=room, face_level=face_level)
    assert not visibility.backlit(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), face)


def test_a_face_lit_from_one_side_in_front_of_a_white_wall_is_not_backlit():
    frame, face = scene(room=240, face_level=150)
    x, y, w, h = face
    half = frame[y:y + h, x + w // 2:x + w].astype(np.float32) * 0.3  # the lamp is on the left
    frame[y:y + h, x + w // 2:x + w] = half.astype(np.uint8)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert not visibility.backlit(gray, face)
    frame[y:y + h, x:x + w // 2] = (frame[y:y + h, x:x + w // 2] * 0.3).astype(np.uint8)  # and now it is off
    assert visibility.backlit(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), face)


def test_a_face_too_dark_in_front_of_a_window_is_told_about_the_window_not_the_lamp():
    frame, face = scene(room=245, exposure=0.18)
    result = FramePipeline(FakeClassifier(), FixedDetector(face)).process(frame, 0.0)
    assert result.camera == BACKLIT and not result.judged
    frame, face = scene(room=20, exposure=0.18)
    assert FramePipeline(FakeClassifier(), FixedDetector(face)).process(frame, 0.0).camera == TOO_DARK


# ---------------------------------------------------------------- mouth hidden


def test_a_hand_over_the_mouth_hides_it_and_the_face_is_not_judged():
    frame, face = scene(hand=True)
    assert visibility.mouth_covered(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), face, face.landmarks)
    classifier = FakeClassifier()
    result = FramePipeline(classifier, FixedDetector(face)).process(frame, 0.0)
    assert result.camera == COVERED and not result.judged and classifier.calls == 0


@pytest.mark.parametrize("size", [90, 200, 320])
@pytest.mark.parametrize("angle", [0, 25, -25])
def test_a_visible_mouth_is_not_covered_at_any_size_or_tilt(size, angle):
    frame, face = scene(size=size)
    centre = (face[0] + face[2] / 2, face[1] + face[3] / 2)
    turn = cv2.getRotationMatrix2D(centre, angle, 1.0)
    turned = cv2.warpAffine(frame, turn, (frame.shape[1], frame.shape[0]), borderMode=cv2.BORDER_REPLICATE)
    landmarks = cv2.transform(face.landmarks.reshape(-1, 1, 2), turn).reshape(-1, 2)
    gray = cv2.cvtColor(turned, cv2.COLOR_BGR2GRAY)
    assert not visibility.mouth_covered(gray, face, landmarks)
    result = FramePipeline(FakeClassifier(), FixedDetector(Face(face, landmarks))).process(turned, 0.0)
    assert result.judged and result.camera is None
    assert not visibility.brows_hidden(turned, landmarks) and not visibility.eyes_glared(gray, landmarks)


@pytest.mark.parametrize("slant", [0, 12, -12])
def test_fingers_spread_across_the_mouth_hide_it(slant):
    """Skin-toned fingers with dark gaps between them keep the lips' horizontal edges but add upright ones."""
    frame, face = scene()
    (mx, my), distance = face.landmarks[3], face.landmarks[1][0] - face.landmarks[0][0]
    for k in range(4):
        x = int(mx - 0.5 * distance + k * distance / 3)
        cv2.line(frame, (x, int(my - 0.5 * distance)), (x + slant, int(my + 0.5 * distance)), (170, 170, 170), 9)
        cv2.line(frame, (x + 6, int(my - 0.5 * distance)), (x + 6 + slant, int(my + 0.5 * distance)), (90, 90, 90), 2)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert visibility.mouth_covered(gray, face, face.landmarks)
    assert FramePipeline(FakeClassifier(), FixedDetector(face)).process(frame, 0.0).camera == COVERED


def test_without_a_mouth_landmark_nothing_is_said_about_the_mouth():
    frame, face = scene(hand=True)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert not visibility.mouth_covered(gray, face, face.landmarks[:2])  # the Haar fallback: eyes only
    assert not visibility.mouth_covered(gray, face, None)


def test_the_message_is_held_briefly_and_the_face_is_judged_again_once_the_hand_is_gone():
    covered, face = scene(hand=True)
    clear, _ = scene()
    pipeline = FramePipeline(FakeClassifier(), FixedDetector(face))
    assert pipeline.process(covered, 0.0).camera == COVERED
    again = pipeline.process(clear, 0.1)
    assert again.judged and again.camera == COVERED  # judged at once, the message stays a moment
    assert pipeline.process(clear, 1.0).camera is None


# ---------------------------------------------------------------- brows hidden, glare on the eyes


def over_the_brows(frame: np.ndarray, face, colour, lowest: float = 0.17, strands: bool = False) -> np.ndarray:
    """`frame` with a cover in `colour` (BGR) from the top of the head down to `lowest` eye distances above the
    eyes, across the face (a hat band; dark lines down it make it a fringe of hair). Drawn on a copy."""
    frame = frame.copy()
    (lx, ly), (rx, _) = face.landmarks[0], face.landmarks[1]
    distance = rx - lx
    top, bottom = int(face[1]), int(ly - lowest * distance)
    cv2.rectangle(frame, (int(lx - 0.8 * distance), top), (int(rx + 0.8 * distance), bottom), colour, -1)
    if strands:
        for x in range(int(lx - 0.8 * distance), int(rx + 0.8 * distance), 4):
            cv2.line(frame, (x, top), (x + 2, bottom), tuple(int(c * 0.6) for c in colour), 1)
    return frame


@pytest.mark.parametrize(("colour", "strands"), [((30, 40, 60), True), ((90, 160, 210), True), ((40, 40, 200), False),
                                                 ((240, 240, 240), False), ((60, 60, 60), False)])
def test_hair_or_a_hat_over_the_brows_hides_them_and_the_face_is_not_judged(colour, strands):
    """Dark and fair fringes, a red, a white and a gray hat band."""
    clear, face = scene()
    frame = over_the_brows(clear, face, colour, strands=strands)
    assert visibility.brows_hidden(frame, face.landmarks)
    classifier = FakeClassifier()
    result = FramePipeline(classifier, FixedDetector(face)).process(frame, 0.0)
    assert result.camera == BROWS_HIDDEN and not result.judged and classifier.calls == 0 and BROWS_HIDDEN in NOT_JUDGED


def test_a_fringe_above_the_brows_leaves_them_to_be_seen():
    clear, face = scene()
    frame = over_the_brows(clear, face, (30, 40, 60), lowest=0.5, strands=True)
    assert not visibility.brows_hidden(frame, face.landmarks)
    assert FramePipeline(FakeClassifier(), FixedDetector(face)).process(frame, 0.0).judged


def test_a_hat_band_as_light_as_the_skin_is_told_by_its_colour():
    clear, face = scene()
    frame = over_the_brows(clear, face, (200, 140, 200))  # purple, gray 165 on skin of 170
    assert visibility.brows_hidden(frame, face.landmarks)
    assert not visibility.brows_hidden(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), face.landmarks)  # gray alone: passes


def test_brows_are_not_judged_hidden_without_a_nose_landmark_or_with_the_head_turned():
    clear, face = scene()
    frame = over_the_brows(clear, face, (30, 40, 60), strands=True)
    assert not visibility.brows_hidden(frame, face.landmarks[:2])  # the Haar fallback: eyes only
    assert not visibility.brows_hidden(frame, None)
    turned = face.landmarks.copy()
    turned[2, 0] += 0.4 * (turned[1, 0] - turned[0, 0])  # the nose far to one side: the head is turned
    assert not visibility.brows_hidden(frame, turned)


def glare(frame: np.ndarray, face, eyes=(0, 1), level: int = 250) -> np.ndarray:
    """`frame` with a bright oval of `level` gray over each of the given eyes (a lamp on the glasses)."""
    frame = frame.copy()
    distance = face.landmarks[1][0] - face.landmarks[0][0]
    for eye in eyes:
        x, y = face.landmarks[eye]
        cv2.ellipse(frame, (int(x), int(y)), (int(0.28 * distance), int(0.18 * distance)), 0, 0, 360, (level,) * 3, -1)
    return frame


@pytest.mark.parametrize("eyes", [(0, 1), (0,), (1,)])
def test_glare_over_the_eyes_hides_them_and_the_face_is_not_judged(eyes):
    clear, face = scene()
    frame = glare(clear, face, eyes)
    assert visibility.eyes_glared(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), face.landmarks)
    classifier = FakeClassifier()
    result = FramePipeline(classifier, FixedDetector(face)).process(frame, 0.0)
    assert result.camera == GLARE and not result.judged and classifier.calls == 0 and GLARE in NOT_JUDGED


@pytest.mark.parametrize(("face_level", "exposure"), [(170, 1.0), (235, 1.0), (170, 0.4)])
def test_eyes_in_bright_or_dim_light_are_not_glare(face_level, exposure):
    frame, face = scene(face_level=face_level, exposure=exposure)
    assert not visibility.eyes_glared(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), face.landmarks)


def test_eyes_squeezed_shut_in_strong_light_are_not_glare():
    """A disgusted or angry child squeezes the eyes shut: bright lids, but the lashes leave a dark line, and the
    nose's ridge is lit as brightly as the lids."""
    frame, face = scene()
    lashed = glare(frame, face, level=235)
    distance = face.landmarks[1][0] - face.landmarks[0][0]
    for x, y in face.landmarks[:2]:
        cv2.line(lashed, (int(x - 0.25 * distance), int(y)), (int(x + 0.25 * distance), int(y)), (40, 40, 40), 3)
    assert not visibility.eyes_glared(cv2.cvtColor(lashed, cv2.COLOR_BGR2GRAY), face.landmarks)
    lit = glare(frame, face, level=235)
    (mx, _), (_, ny) = face.landmarks[3], face.landmarks[2]
    cv2.rectangle(lit, (int(mx - 0.2 * distance), int(face.landmarks[0][1])), (int(mx + 0.2 * distance), int(ny)),
                  (230, 230, 230), -1)
    assert not visibility.eyes_glared(cv2.cvtColor(lit, cv2.COLOR_BGR2GRAY), face.landmarks)


def test_glare_no_brighter_than_a_brightly_lit_face_passes():
    frame, face = scene(face_level=220)
    assert not visibility.eyes_glared(cv2.cvtColor(glare(frame, face, level=235), cv2.COLOR_BGR2GRAY),
                                      face.landmarks)


# ---------------------------------------------------------------- big frames


def test_a_4k_frame_is_searched_at_640_pixels_and_the_box_fits_the_frame_returned():
    frame, _ = scene(shape=(2160, 3840), size=900)
    detector = FixedDetector()
    result = FramePipeline(FakeClassifier(), detector).process(frame, 0.0)
    assert detector.shapes[0][:2] == (360, 640) and result.frame.shape[:2] == (360, 640)


@pytest.mark.parametrize("shape", [(480, 640), (720, 1280), (1280, 720)])
def test_a_frame_up_to_1280_pixels_is_searched_as_it_is(shape):
    frame = np.zeros((*shape, 3), np.uint8)
    assert images.fit_frame(frame) is frame


def test_shrinking_for_the_search_keeps_the_picture():
    frame, _ = scene(shape=(2160, 3840), size=900)
    small = images.fit_frame(frame)
    reference = cv2.resize(frame, (640, 360), interpolation=cv2.INTER_AREA)
    assert small.shape == reference.shape
    assert np.abs(small.astype(int) - reference).mean() < 3  # about what one INTER_AREA step gives
