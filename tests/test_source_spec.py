"""One SourceSpec, parsed once: `--source 1` is camera 1 for the command line, the frame sources and the worker."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from actor_trainer.settings import Settings
from actor_trainer.ui.app import add_arguments, starting_source
from actor_trainer.vision.frames import CameraSource, open_source, source_kind
from actor_trainer.vision.source_spec import SourceSpec
from tests.test_sources_and_settings import (
    Director,
    no_camera_screen,
    open_window,
    real_sources,
    store,  # noqa: F401 (a fixture)
)


class Capture:
    """A camera that opens and delivers one grey frame at a time, as OpenCV's VideoCapture does."""

    def isOpened(self):  # noqa: N802 (OpenCV's name)
        return True

    def read(self):
        import numpy as np
        return True, np.full((8, 8, 3), 128, np.uint8)

    def release(self):
        pass


@pytest.mark.parametrize(("typed", "expected"), [
    ("1", SourceSpec(camera=1)), (" 2 ", SourceSpec(camera=2)), (0, SourceSpec(camera=0)),
    ("clip.mp4", SourceSpec(path=Path("clip.mp4"))), (Path("faces"), SourceSpec(path=Path("faces"))),
    ("1.mp4", SourceSpec(path=Path("1.mp4"))), (SourceSpec(camera=3), SourceSpec(camera=3)),
])
def test_a_source_is_parsed_once_into_a_camera_or_a_path(typed, expected):
    spec = SourceSpec.parse(typed)
    assert spec == expected and spec.is_camera is (expected.camera is not None)


def test_a_camera_spec_is_still_its_number_for_scripts_that_took_an_int():
    assert int(SourceSpec.parse("1")) == 1
    with pytest.raises(TypeError):
        int(SourceSpec.parse("clip.mp4"))


def test_the_kind_of_a_path_is_read_from_the_disk(tmp_path):
    (tmp_path / "faces").mkdir()
    (tmp_path / "clip.avi").write_bytes(b"not checked: the suffix says video")
    (tmp_path / "face.png").write_bytes(b"")
    kinds = [source_kind(spec) for spec in ("1", tmp_path / "faces", tmp_path / "clip.avi", tmp_path / "face.png",
                                            tmp_path / "gone")]
    assert kinds == ["camera", "folder", "video", "picture", "missing"]


def test_source_1_opens_camera_1():
    asked = []
    camera = open_source("1", opener=lambda index: (asked.append(index), Capture())[1])
    try:
        assert isinstance(camera, CameraSource) and camera.index == 1 and asked == [1]
    finally:
        camera.close()


@pytest.mark.parametrize(("argv", "source", "camera"), [
    (["--source", "1"], None, 1), (["--source", "1", "--camera", "2"], None, 1), (["--camera", "2"], None, 2),
    (["--source", "faces"], SourceSpec(path=Path("faces")), 0), ([], None, 0),
])
def test_the_command_line_parses_source_once_and_a_camera_number_is_the_camera_setting(argv, source, camera):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    settings = Settings()
    settings.camera = 0
    assert starting_source(parser.parse_args(argv), settings) == source
    assert settings.camera == camera


def test_the_worker_treats_source_1_as_a_camera(qtbot, tmp_path, store):  # noqa: F811 (the fixture)
    """A camera that does not open says "no camera" (with the camera settings), not "this file does not open"."""
    director = Director()
    window, _ = open_window(qtbot, tmp_path, store, source="1", open_source=real_sources(director))
    assert window.source_spec == SourceSpec(camera=1)
    no_camera_screen(qtbot, window)  # the error screen's kind is "no_camera"
    assert director.opened == [1]
    window.close()
