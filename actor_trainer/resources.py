"""Where the shipped files live, from a source checkout or an installed wheel."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _shipped_dir(folder: str, installed_name: str) -> Path:
    """`folder` of the source checkout, or its copy inside the installed package (see pyproject)."""
    in_checkout = _SOURCE_ROOT / folder
    if (_SOURCE_ROOT / "pyproject.toml").exists() and in_checkout.is_dir():
        return in_checkout
    return Path(__file__).resolve().parent / installed_name


def in_app_bundle() -> bool:
    """Whether this is the app bundle (the download, built by PyInstaller: tools/build_app.py), which has
    neither `pip` nor `python -m training`; advice differs there."""
    return bool(getattr(sys, "frozen", False))


def assets_dir() -> Path:
    """The shipped model, metadata, icons and sounds (ACTOR_TRAINER_ASSETS overrides)."""
    override = os.environ.get("ACTOR_TRAINER_ASSETS")
    return Path(override) if override else _shipped_dir("assets", "builtin_assets")


def builtin_scenarios_dir() -> Path:
    return _shipped_dir("scenarios", "builtin_scenarios")


# What the game ships and needs, relative to builtin_scenarios_dir() and assets_dir(): `--self-test` checks each
# (ui/selftest.py), tests/test_launcher_and_assets check the lists against the checkout.
BUILTIN_PACKS = ("en-home.toml", "en-out-and-about.toml", "en-school.toml", "sv-fritid.toml", "sv-hemma.toml",
                 "sv-skolan.toml")
SHIPPED_ASSETS = ("model.json", "model.tflite", "selftest-face.png", "icons/actor-trainer.png",
                  "face_detection/face_detection_short_range.tflite", "face_detection/face_detection_back.tflite",
                  *(f"sounds/{name}.wav" for name in ("almost", "chime", "star", "success_1", "success_2",
                                                      "success_3", "success_4", "success_soft")))
