"""`actor-trainer --self-test`: one line per check, exit 0 only when the game can run; a missing model or a
broken pack fails it, no audio or voice does not."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from actor_trainer.resources import assets_dir, builtin_scenarios_dir
from actor_trainer.ui import selftest

REPO = Path(__file__).resolve().parent.parent


def run(checks=selftest.CHECKS) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = selftest.main(out, checks)
    return code, out.getvalue().splitlines()


def status(lines: list[str]) -> dict[str, str]:
    return {line.split()[1]: line.split()[0] for line in lines[:-1]}


def test_the_command_passes_in_the_checkout_and_opens_no_window():
    done = subprocess.run([sys.executable, "-m", "actor_trainer.cli", "--self-test"], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert status(lines) == {"assets": "ok", "model": "ok", "face": "ok", "packs": "ok", "window": "ok", "text": "ok",
                             "sound": status(lines)["sound"], "speech": status(lines)["speech"]}
    assert status(lines)["sound"] in ("ok", "off") and status(lines)["speech"] in ("ok", "off")
    assert "by BlazeFace" in next(line for line in lines if line.split()[1] == "face")
    assert lines[-1] == "self-test passed: the game can run here"


def test_a_missing_model_fails_the_model_and_the_face(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTOR_TRAINER_ASSETS", str(tmp_path))
    code, lines = run(checks=(selftest.check_model, selftest.check_face, selftest.check_packs))
    assert code == 1
    assert status(lines) == {"model": "FAIL", "face": "FAIL", "packs": "ok"}
    assert lines[-1].startswith("self-test FAILED (model, face)")


def test_a_broken_builtin_pack_fails_with_its_file_and_line(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(builtin_scenarios_dir(), folder)
    (folder / "en-broken.toml").write_text('title = "Broken"\nlanguage = "en"\n[[scenario]]\ntext = "x\n')
    monkeypatch.setattr("actor_trainer.resources.builtin_scenarios_dir", lambda: folder)
    code, lines = run(checks=(selftest.check_packs,))
    assert code == 1
    assert lines[0].startswith("FAIL packs") and "en-broken.toml:4" in lines[0]


def test_a_missing_face_picture_fails_the_face_check(tmp_path, monkeypatch):
    for name in ("model.json", "model.tflite"):
        shutil.copy(assets_dir() / name, tmp_path / name)
    monkeypatch.setenv("ACTOR_TRAINER_ASSETS", str(tmp_path))
    code, lines = run(checks=(selftest.check_model, selftest.check_face))
    assert code == 1
    assert status(lines) == {"model": "ok", "face": "FAIL"}
    assert "selftest-face.png" in lines[1]


@pytest.mark.parametrize("missing", ["face_detection/face_detection_back.tflite", "haarcascade_eye.xml"])
def test_a_missing_face_detection_file_fails_the_face_check(tmp_path, monkeypatch, missing):
    shutil.copytree(assets_dir(), tmp_path / "assets")
    if missing.endswith(".xml"):  # the Haar fallback's cascades come with OpenCV
        cascades = tmp_path / "cascades"
        cascades.mkdir()
        shutil.copy(Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml", cascades)
        monkeypatch.setattr(cv2.data, "haarcascades", str(cascades) + "/")
    else:
        (tmp_path / "assets" / missing).unlink()
    monkeypatch.setenv("ACTOR_TRAINER_ASSETS", str(tmp_path / "assets"))
    code, lines = run(checks=(selftest.check_model, selftest.check_face))
    assert code == 1
    assert status(lines) == {"model": "ok", "face": "FAIL"}
    assert Path(missing).name in lines[1]


def test_names_out_of_alphabet_order_fail_the_text_check(monkeypatch):
    import functools

    from actor_trainer.ui import i18n

    # what Qt does without locale data: code-point order, Å after Ä in Swedish too
    monkeypatch.setattr(i18n, "name_order", lambda lang: functools.cmp_to_key(
        lambda a, b: (a.name > b.name) - (a.name < b.name)))
    code, lines = run(checks=(selftest.check_text,))
    assert code == 1
    assert lines[0].startswith("FAIL text") and "sv: Anna, Zara, Ärla, Åsa, Örjan" in lines[0]


def test_both_languages_sort_names_in_their_alphabet():
    code, lines = run(checks=(selftest.check_text,))
    assert code == 0 and lines[0].startswith("ok   text")


def test_no_audio_and_no_voice_are_reported_but_do_not_fail():
    def sound(context):
        return selftest.Check("sound", selftest.OFF, "no audio output", required=False)

    def speech(context):
        return selftest.Check("speech", selftest.OFF, "no speech engine", required=False)

    code, lines = run(checks=(selftest.check_packs, sound, speech))
    assert code == 0
    assert status(lines) == {"packs": "ok", "sound": "off", "speech": "off"}


def test_an_unexpected_error_is_one_failed_line_not_a_traceback():
    def check_camera(context):
        raise ImportError("\nIMPORTANT: read this\n\nOriginal error was: libfoo.so: cannot open shared object file")

    code, lines = run(checks=(check_camera,))
    assert code == 1
    assert lines == ["FAIL camera  Original error was: libfoo.so: cannot open shared object file",
                     "self-test FAILED (camera): the game cannot run here"]


def test_the_drawn_face_ships_with_the_assets_and_is_no_dataset_photo():
    face = assets_dir() / selftest.SELFTEST_FACE
    assert face.is_file() and face.stat().st_size < 100_000
    assert (REPO / "tools" / "make_selftest_face.py").is_file()  # how it was made


def test_the_lists_of_shipped_files_are_the_checkouts():
    """resources.BUILTIN_PACKS and SHIPPED_ASSETS name every pack and sound of the checkout (issue 29): a file
    added without its name here would go unchecked by the self-test."""
    from actor_trainer.resources import BUILTIN_PACKS, SHIPPED_ASSETS
    assert sorted(BUILTIN_PACKS) == sorted(path.name for path in builtin_scenarios_dir().glob("*.toml"))
    sounds = {f"sounds/{path.name}" for path in (assets_dir() / "sounds").glob("*.wav")}
    assert sounds <= set(SHIPPED_ASSETS)
    assert all((assets_dir() / name).is_file() for name in SHIPPED_ASSETS)


@pytest.mark.parametrize(("removed", "check"), [("scenarios/sv-skolan.toml", "packs"),
                                                 ("assets/sounds/star.wav", "assets"),
                                                 ("assets/face_detection/face_detection_back.tflite", "assets")])
def test_a_removed_pack_or_asset_fails_the_self_test(tmp_path, monkeypatch, removed, check):
    shutil.copytree(builtin_scenarios_dir(), tmp_path / "scenarios")
    shutil.copytree(assets_dir(), tmp_path / "assets", ignore=shutil.ignore_patterns("model.keras"))
    (tmp_path / removed).unlink()
    monkeypatch.setattr("actor_trainer.resources.builtin_scenarios_dir", lambda: tmp_path / "scenarios")
    monkeypatch.setenv("ACTOR_TRAINER_ASSETS", str(tmp_path / "assets"))
    code, lines = run(checks=(selftest.check_assets, selftest.check_packs))
    assert code == 1 and status(lines)[check] == "FAIL" and Path(removed).name in lines[0 if check == "assets" else 1]
