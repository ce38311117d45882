"""Per-user folders where QStandardPaths puts them, without Qt (the only place the app writes, on request)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from actor_trainer import atomic
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
    """Where versions before issue 21 kept a copy of each game; read once by import_old_results."""
    return user_data_dir() / "results"


def players_dir() -> Path:
    """Players and their histories (actor_trainer.people.players.PlayerStore makes it 0700)."""
    return user_data_dir() / "players"


def pending_dir() -> Path:
    """Games whose save failed, until the next start adds them (actor_trainer/people/saving.py)."""
    return user_data_dir() / "pending"


def retry_pending_games() -> None:
    """Add the games a failed save kept aside to their players' histories (saving.py)."""
    from actor_trainer.people.players import PlayerStore
    from actor_trainer.people.saving import GameSaver

    if pending_dir().is_dir():
        _added, left = GameSaver(PlayerStore(players_dir()), pending_dir()).retry_pending()
        for line in left:
            print(f"actor-trainer: a game kept aside is still not saved: {line}", file=sys.stderr)


def remove_leftovers() -> None:
    """Delete the temporary files a save killed half-way left in the folders the app writes."""
    from actor_trainer.packs.toml_format import LOCK_NAME, pack_lock
    from actor_trainer.people.players import PlayerStore

    try:
        if user_packs_dir().is_dir():
            with pack_lock(user_packs_dir() / LOCK_NAME):  # not the temporary of another instance's save
                atomic.remove_leftovers(user_packs_dir())
        if players_dir().is_dir():
            PlayerStore(players_dir())  # removes them under the players' lock
    except OSError as error:  # a folder this user may not write: it opens read-only, nothing to tidy
        print(f"actor-trainer: {error.filename or user_data_dir()} cannot be written ({error.strerror or error}); "
              "opened read-only", file=sys.stderr)


def import_old_results() -> None:
    """Fold an older version's results folder into the players' histories, once (players.py)."""
    from actor_trainer.people.players import PlayerStore
    from actor_trainer.people.players import import_old_results as fold_in

    if not results_dir().is_dir():
        return
    try:
        store = PlayerStore(players_dir())
        if store.read_only:
            return  # imported once a user who may write the folder starts the game
        report = fold_in(results_dir(), store)
    except OSError as error:
        print(f"actor-trainer: the old results were not imported yet ({error.strerror or error})", file=sys.stderr)
        return
    for line in report.skipped:
        print(f"actor-trainer: an old result was not imported: {line}", file=sys.stderr)
