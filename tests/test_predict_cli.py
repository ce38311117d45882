"""`actor-trainer predict` and `actor-trainer cameras` end to end with a small real model."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from actor_trainer import cli
from actor_trainer.labels import EXPRESSIONS
from actor_trainer.vision.pipeline import NOT_JUDGED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    from training.models import build_actor

    folder = tmp_path_factory.mktemp("model")
    build_actor(width=4).save(folder / "model.keras")
    (folder / "model.json").write_text(json.dumps({"classes": list(EXPRESSIONS), "flip_average": True}))
    return folder


def predict_json(capsys, *args):
    code = cli.main(["predict", "--json", *map(str, args)])
    lines = capsys.readouterr().out.strip().splitlines()
    return code, [json.loads(line) for line in lines]


def check_record(record):
    assert set(record) >= {"path", "face", "label", "probs", "faces", "face_count", "camera"}
    assert record["face_count"] == len(record["faces"])
    assert record["faces"][:1] == ([record["face"]] if record["face"] else [])  # the judged face first
    if record["face"] is None or record["camera"] in NOT_JUDGED:  # no face, or one that cannot be read
        assert record["label"] is None and record["probs"] is None
    else:
        assert set(record["face"]) == {"x", "y", "w", "h"}
        assert set(record["probs"]) == set(EXPRESSIONS)
        # probabilities are rounded to 4 decimals, so a near-tie may print as a tie
        assert record["probs"][record["label"]] == max(record["probs"].values())
        assert sum(record["probs"].values()) == pytest.approx(1.0, abs=1e-3)


def test_image_without_a_face_gives_face_null(tmp_path, model_dir, capsys):
    image = tmp_path / "wall.png"
    cv2.imwrite(str(image), np.full((120, 160, 3), 90, np.uint8))
    code, records = predict_json(capsys, "--model", model_dir, image)
    assert code == 0
    assert records == [{"path": str(image), "face": None, "label": None, "probs": None, "faces": [],
                        "face_count": 0, "camera": None}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wall.png"]  # nothing written


@pytest.mark.shared
def test_faces_in_images_folders_and_a_video(tmp_path, model_dir, capsys, shared_datasets):
    yale = shared_datasets / "yale-faces-dev"
    image = sorted((yale / "centerlight").glob("*.png"))[0]
    frame = cv2.imread(str(image))
    video = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (frame.shape[1], frame.shape[0]))
    for _ in range(6):
        writer.write(frame)
    writer.release()
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"nope")

    code, records = predict_json(capsys, "--model", model_dir, "--every", 2, image, yale / "wink", video, broken)
    assert code == 1  # the broken file is reported, the rest still judged
    for record in records:
        check_record(record)
    assert records[0]["path"] == str(image) and records[0]["face"] is not None
    wink = [r for r in records if "wink" in r["path"]]
    assert len(wink) == len(list((yale / "wink").glob("*")))
    assert sum(r["face"] is not None for r in wink) >= 0.9 * len(wink)
    frames = [r for r in records if r["path"] == str(video)]
    assert [r["frame"] for r in frames] == [0, 2, 4] and all(r["face"] for r in frames)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jpg", "clip.avi"]  # nothing written


@pytest.mark.shared
def test_annotate_writes_copies_only_where_asked(tmp_path, model_dir, capsys, shared_datasets):
    image = sorted((shared_datasets / "yale-faces-dev" / "centerlight").glob("*.png"))[0]
    out = tmp_path / "annotated"
    assert cli.main(["predict", "--model", str(model_dir), "--annotate", str(out), str(image)]) == 0
    text = capsys.readouterr().out
    assert image.name in text and "face at" in text
    written = list(out.iterdir())
    assert [p.name for p in written] == [image.stem + ".jpg"] and cv2.imread(str(written[0])) is not None


def test_missing_model_is_a_friendly_message(tmp_path, capsys):
    code = cli.main(["predict", "--model", str(tmp_path), str(tmp_path)])
    assert code == 2
    assert "No model found" in capsys.readouterr().err


def test_cameras_prints_a_friendly_line_when_none(monkeypatch, capsys):
    import actor_trainer.vision.frames as frames

    monkeypatch.setattr(frames, "list_cameras", lambda max_index=8: [])
    assert cli.main(["cameras"]) == 1
    assert "No camera found" in capsys.readouterr().out
    monkeypatch.setattr(frames, "list_cameras", lambda max_index=8: [0, 2])
    assert cli.main(["cameras"]) == 0
    assert capsys.readouterr().out.splitlines() == ["camera 0: opens", "camera 2: opens"]


def write_gif(path, frames):
    animation = cv2.Animation()
    animation.frames = list(frames)
    animation.durations = [500] * len(animation.frames)
    assert cv2.imwriteanimation(str(path), animation)


def test_an_animated_gif_and_a_3gp_clip_are_judged_frame_by_frame(tmp_path, model_dir, capsys):
    wall = np.full((120, 160, 3), 90, np.uint8)
    write_gif(tmp_path / "moving.gif", [wall, wall + 60, wall + 120])
    writer = cv2.VideoWriter(str(tmp_path / "phone.3gp"), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, (160, 120))
    for _ in range(4):
        writer.write(wall)
    writer.release()
    code, records = predict_json(capsys, "--model", model_dir, "--every", 2, tmp_path / "moving.gif",
                                 tmp_path / "phone.3gp")
    assert code == 0
    assert [(r["path"].rsplit("/", 1)[-1], r["frame"]) for r in records] == [
        ("moving.gif", 0), ("moving.gif", 1), ("moving.gif", 2), ("phone.3gp", 0), ("phone.3gp", 2)]


@pytest.mark.shared
def test_json_lists_every_face_and_judges_the_centred_child(tmp_path, model_dir, capsys, shared_datasets):
    from actor_trainer.vision.images import read_image
    from benchmarks.detection import background, on_face, paste_face

    child = read_image(sorted((shared_datasets / "cafe-dev" / "happy").glob("*.jpg"))[0])
    adult = read_image(sorted((shared_datasets / "photos-dev" / "angry").glob("*.jpg"))[0])
    frame = background(np.random.default_rng(3))
    paste_face(frame, adult, (560, 220), 200, 0.0, 0.9)
    truth = paste_face(frame, child, (320, 250), 120)
    cv2.imwrite(str(tmp_path / "two.png"), frame)
    dark = (frame.astype(np.float32) * 0.2 + np.random.default_rng(0).normal(0, 3, frame.shape)).clip(0, 255)
    cv2.imwrite(str(tmp_path / "z_dark.png"), dark.astype(np.uint8))
    code, records = predict_json(capsys, "--model", model_dir, tmp_path)
    assert code == 0
    two, dark_record = records
    check_record(two)
    face = two["face"]
    assert two["face_count"] == 2 and two["camera"] == "two_faces"
    assert on_face((face["x"], face["y"], face["w"], face["h"]), truth)
    assert dark_record["face"] is not None and dark_record["label"] is None and dark_record["probs"] is None
    assert dark_record["camera"] == "too_dark"


def test_help_lists_the_games_own_options(capsys):
    """`actor-trainer --help` (the game is the default command) names the game's options, not only commands."""
    with pytest.raises(SystemExit) as exit_code:
        cli.main(["--help"])
    assert exit_code.value.code == 0
    out = capsys.readouterr().out
    for option in ("--source", "--camera", "--fullscreen", "--language", "predict", "scenarios"):
        assert option in out
