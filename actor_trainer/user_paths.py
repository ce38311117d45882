"""Per-user folders where QStandardPaths puts them, without Qt (the only place the app writes, on request).

Only the paths live here; what tidies a folder lives next to what the folder keeps
(packs.packs.remove_leftovers, people.players.remove_leftovers and import_old_results_once)."""

from __future__ import annotations

import os
from pathlib import Path

from actor_trainer.app_data import app_data_location


def user_data_dir() -> Path:
    """ACTOR_TRAINER_HOME overrides the platform folder (tests use a temporary one)."""
    override = os.environ.get("ACTOR_TRAINER_HOME")
    if override:
        return Path(override)
    location = app_data_location()
    return Path(location or Path.home() / ".actor-trainer")


def user_packs_dir() -> Path:
    return user_data_dir() / "packs"


def results_dir() -> Path:
    """Where versions before issue 21 kept a copy of each game; read once by people.players.import_old_results_once."""
    return user_data_dir() / "results"


def players_dir() -> Path:
    """Players and their histories (actor_trainer.people.players.PlayerStore makes it 0700)."""
    return user_data_dir() / "players"


def pending_dir() -> Path:
    """Games whose save failed, until the next start adds them (actor_trainer/people/saving.py)."""
    return user_data_dir() / "pending"
