"""Per-user folders from QStandardPaths (the only place the app writes, and only on request)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from actor_trainer import atomic


def user_data_dir() -> Path:
    """ACTOR_TRAINER_HOME overrides the platform folder (tests use a temporary one)."""
    override = os.environ.get("ACTOR_TRAINER_HOME")
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".actor-trainer")


def user_packs_dir() -> Path:
    return user_data_dir() / "packs"


def results_dir() -> Path:
    return user_data_dir() / "results"


def players_dir() -> Path:
    """Players and their histories (actor_trainer.people.players.PlayerStore makes it 0700)."""
    return user_data_dir() / "players"


def remove_leftovers() -> None:
    """Delete the temporary files a save killed half-way left in the folders the app writes."""
    for folder in (user_packs_dir(), results_dir(), players_dir()):
        atomic.remove_leftovers(folder)
