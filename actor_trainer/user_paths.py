"""Per-user folders (the only place the app writes, and only on request). Pure Python.

The folder is the one Qt's QStandardPaths.AppDataLocation names for ORGANIZATION/APPLICATION, worked out
without Qt so the command line finds the game's players (tests/test_user_paths.py compares the two).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from actor_trainer import atomic

ORGANIZATION = "ActorTrainer"  # the Qt application's organizationName and applicationName
APPLICATION = "actor-trainer"


def platform_data_dir(platform: str = sys.platform, environ=os.environ, home: Path | None = None) -> Path:
    """Where the platform keeps per-user application data, as QStandardPaths.AppDataLocation has it."""
    home = Path.home() if home is None else home
    if platform == "win32":
        base = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / ORGANIZATION / APPLICATION


def user_data_dir() -> Path:
    """ACTOR_TRAINER_HOME overrides the platform folder (tests use a temporary one)."""
    override = os.environ.get("ACTOR_TRAINER_HOME")
    return Path(override) if override else platform_data_dir()


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
