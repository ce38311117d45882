"""Frame sources: simulated cameras (including one that fails mid-stream), a real video file, image folders."""

from __future__ import annotations

import threading
import time

import cv2
import numpy as np
import pytest

from actor_trainer.vision.frames import (
    CameraSource,
    ImageSource,
    SourceError,
    VideoFileSource,
    list_cameras,
    open_source,
    wait_for_frame,
)


class FakeCapture:
    """A cv2.VideoCapture stand-in: delivers `frames` numbered frames, then fails like an unplugged camera."""

    def __init__(self, frames: int | None = None, opened: bool = True, start: int = 0):
        self.remaining = frames
        self.opened = opened
        self.counter = start
        self.released = False

    def isOpened(self):  # noqa: N802 - OpenCV's name
        return self.opened and not self.released

    def read(self):
        if self.released or self.remaining == 0:
            return False, None
        if self.remaining is not None:
            self.remaining -= 1
        self.counter += 1
        time.sleep(0.001)
        return True, np.full((4, 6, 3), self.counter % 256, np.uint8)

    def release(self):
        self.released = True


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


def test_camera_that_fails_mid_stream_is_reported_and_reopened():
    opened = []

    def opener(index):
        # first capture dies after 5 frames; the second open fails (still unplugged); the third works
        capture = [FakeCapture(frames=5), FakeCapture(opened=False), FakeCapture(start=100)][min(len(opened), 2)]
        opened.append(capture)
        return capture

    camera = CameraSource(0, opener=opener, reopen_seconds=0.01, failures_before_lost=2)
    try:
        assert wait_until(lambda: camera.lost), "the lost camera was not reported"
        assert wait_until(lambda: len(opened) >= 3 and not camera.lost), "the camera was not reopened"
        frame = wait_for_frame(camera)
        assert frame is not None and frame[0, 0, 0] > 100 % 256  # frames of the reopened capture
        assert opened[0].released
    finally:
        camera.close()
    assert opened[-1].released


def test_camera_gives_the_newest_frame_not_a_queue():
    camera = CameraSource(0, opener=lambda index: FakeCapture())
    try:
        assert wait_until(lambda: camera.frames_read >= 30)
        before = camera.frames_read
        frame = camera.read()
        assert frame is not None and frame.dtype == np.uint8 and frame.shape == (4, 6, 3)
        assert frame[0, 0, 0] >= before % 256 or before >= 255  # newest, not the oldest waiting frame
    finally:
        camera.close()


def test_a_frame_is_handed_out_once():
    camera = CameraSource(0, opener=lambda index: FakeCapture(frames=1))
    try:
        assert wait_for_frame(camera) is not None
        assert camera.read() is None
    finally:
        camera.close()


def test_missing_camera_raises_a_friendly_error():
    with pytest.raises(SourceError, match="No camera found at index 3"):
        CameraSource(3, opener=lambda index: FakeCapture(opened=False))


def test_a_crashing_driver_is_a_missing_camera_not_a_traceback():
    def opener(index):
        raise RuntimeError("driver exploded")

    with pytest.raises(SourceError):
        CameraSource(0, opener=opener)


def test_list_cameras_lists_those_that_open_and_deliver():
    captures = {1: FakeCapture(), 4: FakeCapture(frames=0), 5: FakeCapture()}
    found = list_cameras(6, opener=lambda i: captures.get(i, FakeCapture(opened=False)))
    assert found == [1, 5]
    assert all(capture.released for capture in captures.values())


def test_camera_close_stops_the_reader_thread():
    camera = CameraSource(0, opener=lambda index: FakeCapture())
    camera.close()
    assert not any(t.name == "camera-0" and t.is_alive() for t in threading.enumerate())


def make_video(path, frames: int = 12, size=(64, 48)):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, size)
    assert writer.isOpened()
    for index in range(frames):
        writer.write(np.full((size[1], size[0], 3), index * 20, np.uint8))
    writer.release()
    return path


def test_video_file_plays_sampled_frames_then_ends(tmp_path):
    source = open_source(make_video(tmp_path / "clip.avi"), every=4)
    assert isinstance(source, VideoFileSource)
    indexes, levels, times = [], [], []
    while (frame := source.read()) is not None:
        indexes.append(source.index)
        levels.append(int(frame.mean()))
        times.append(source.timestamp)
    source.close()
    assert source.ended
    assert indexes == [0, 4, 8]
    assert [round(level / 20) for level in levels] == [0, 4, 8]
    assert times == pytest.approx([0.0, 0.4, 0.8])


def test_a_paced_video_keeps_the_files_own_frame_rate(tmp_path):
    """A 10 fps clip polled every 1/60 s of a fake clock: one new frame per 0.1 s, each shown when due,
    never faster than the file (the worker used to play everything at 30 fps)."""
    now = [0.0]
    source = VideoFileSource(make_video(tmp_path / "clip.avi", frames=12), paced=True, clock=lambda: now[0])
    assert source.fps == pytest.approx(10.0)
    shown = []  # (clock time, frame index, frame level)
    while not source.ended and now[0] < 5:
        frame = source.read()
        if frame is not None:
            shown.append((now[0], source.index, round(frame.mean() / 20)))
        now[0] += 1 / 60
    assert [index for _, index, _ in shown] == list(range(12))
    assert [level for _, _, level in shown] == list(range(12))
    for clock_time, index, _ in shown:
        assert index / 10 <= clock_time + 1e-9 < index / 10 + 1 / 60 + 1e-9  # on screen as soon as due
    assert source.ended and now[0] == pytest.approx(1.2, abs=0.05)  # 12 frames at 10 fps last 1.2 s


def test_a_paced_video_skips_to_the_frame_due_when_the_reader_falls_behind(tmp_path):
    now = [0.0]
    source = VideoFileSource(make_video(tmp_path / "clip.avi", frames=12), paced=True, clock=lambda: now[0])
    assert source.read() is not None and source.index == 0
    assert source.read() is None  # not due yet
    now[0] = 0.55  # the reader was busy for half a second
    frame = source.read()
    assert source.index == 5 and round(frame.mean() / 20) == 5
    assert source.timestamp == pytest.approx(0.5)


def test_image_folder_plays_images_and_skips_broken_ones(tmp_path):
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((10, 12), np.uint8))
    (tmp_path / "b.jpg").write_bytes(b"not an image")
    cv2.imwrite(str(tmp_path / "c.png"), np.full((10, 12, 3), 200, np.uint8))
    source = open_source(tmp_path)
    frames = []
    while (frame := source.read()) is not None:
        frames.append((source.current_path.name, frame.shape))
    assert frames == [("a.png", (10, 12, 3)), ("c.png", (10, 12, 3))]
    assert [p.name for p in source.skipped] == ["b.jpg"]
    assert source.ended


def test_a_usb_stick_copied_from_a_mac_plays_only_the_real_pictures(tmp_path):
    """A Mac writes `._NAME` (AppleDouble metadata, not a picture) beside every file it copies and zips carry a
    `__MACOSX` folder of them: those are never frames, skipped files or `predict` inputs; a chosen folder inside a
    hidden folder still plays."""
    from actor_trainer.vision.frames import image_files, media_files

    folder = tmp_path / ".stick" / "photos"
    (folder / "__MACOSX").mkdir(parents=True)
    (folder / ".Trashes").mkdir()
    cv2.imwrite(str(folder / "photo.jpg"), np.full((10, 12, 3), 90, np.uint8))
    for junk in ("._photo.jpg", "__MACOSX/._photo.jpg", ".Trashes/old.jpg", ".hidden.png"):
        (folder / junk).write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    assert [p.name for p in image_files(folder)] == ["photo.jpg"]
    assert [p.name for p in media_files(folder)] == ["photo.jpg"]
    source = open_source(folder)
    assert source.read() is not None and source.read() is None
    assert source.skipped == []


def test_image_list_can_loop(tmp_path):
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((10, 12), np.uint8))
    source = ImageSource([tmp_path / "a.png"], loop=True)
    assert all(source.read() is not None for _ in range(3)) and not source.ended


def test_open_source_dispatch_and_errors(tmp_path):
    camera = open_source("2", opener=lambda index: FakeCapture())
    assert isinstance(camera, CameraSource) and camera.index == 2
    camera.close()
    with pytest.raises(SourceError, match="No such file"):
        open_source(tmp_path / "missing.avi")
    with pytest.raises(SourceError, match="No images"):
        open_source(tmp_path)
    (tmp_path / "notes.avi").write_text("not a video")
    with pytest.raises(SourceError, match="Cannot open video"):
        open_source(tmp_path / "notes.avi")


# ---------------------------------------------------------------- any file OpenCV plays is a video
def write_clip(path, frames=6, fourcc="mp4v", size=(160, 120)):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 10.0, size)
    assert writer.isOpened()
    for index in range(frames):
        writer.write(np.full((size[1], size[0], 3), 30 * index, np.uint8))
    writer.release()
    return path


def played(source) -> list:
    frames = []
    while (frame := source.read()) is not None:
        frames.append(frame)
    return frames


def write_gif(path, values=(0, 255)):
    animation = cv2.Animation()
    animation.frames = [np.full((60, 80, 3), value, np.uint8) for value in values]
    animation.durations = [100] * len(values)
    assert cv2.imwriteanimation(str(path), animation)
    return path


@pytest.mark.parametrize("name", ["old_phone.3gp", "CLIP.MP4", "clip.unknownsuffix", "no_suffix"])
def test_a_file_opencv_plays_is_a_video_whatever_its_suffix(tmp_path, name):
    from actor_trainer.vision.frames import is_video

    clip = write_clip(tmp_path / "clip.mp4")
    path = tmp_path / name
    clip.rename(path)
    assert is_video(path)
    with open_source(path) as source:
        assert isinstance(source, VideoFileSource)
        assert len(played(source)) == 6


def test_an_animated_gif_is_a_frame_sequence_and_a_still_gif_an_image(tmp_path):
    from actor_trainer.vision.frames import is_video

    animated = write_gif(tmp_path / "expressions.gif")
    assert is_video(animated)
    with open_source(animated) as source:
        frames = played(source)
    assert len(frames) == 2 and frames[0].mean() < 60 < frames[1].mean()  # both frames, in order
    still = write_gif(tmp_path / "still.gif", values=(90,))
    assert not is_video(still)
    assert isinstance(open_source(still), ImageSource)


def test_images_are_not_probed_and_junk_is_refused(tmp_path):
    from actor_trainer.vision.frames import is_video

    image = tmp_path / "face.png"
    cv2.imwrite(str(image), np.full((40, 40, 3), 100, np.uint8))
    assert not is_video(image) and not is_video(tmp_path / "missing.3gpx")
    junk = tmp_path / "notes.xyz"
    junk.write_bytes(b"hello")
    assert not is_video(junk)
    with pytest.raises(SourceError, match="not an image or a video"):
        open_source(junk)


def test_camera_probing_prints_only_the_friendly_line(tmp_path):
    """OpenCV's own camera-index errors go to the C++ stderr, so this runs the real command."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root), OPENCV_LOG_LEVEL="")
    env.pop("OPENCV_LOG_LEVEL")
    done = subprocess.run([sys.executable, "-m", "actor_trainer.cli", "cameras", "--max-index", "4"],
                          capture_output=True, text=True, env=env, timeout=120)
    lines = (done.stdout + done.stderr).splitlines()
    assert lines, "cameras printed nothing"
    assert all(line.startswith("No camera found") or (line.startswith("camera ") and line.endswith(": opens"))
               for line in lines), lines
