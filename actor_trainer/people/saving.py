"""Saving a finished or stopped game so that nothing a child played is thrown away (issue 29).

`GameSaver.save(game)` writes the game (records.GameRecord) into the player's history (players.py, one atomic
write). When that fails (a full disk, a folder the app may not write, another user's folder) the game is kept:
the caller keeps the record in memory for a retry, and a pending copy (records.to_results: the format of older
versions' results files) goes into the pending folder when that can be written. `retry_pending()` (at every start)
adds each pending game the history lacks (recognised by date, pack, level and situations, so never twice)
and removes its file. A game whose player was deleted meanwhile is not kept anywhere: the teacher asked for
that child's games to be gone.

The reason is data (`SaveResult.reason`, one of REASONS), said in the child's language by ui/i18n.py.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from actor_trainer import atomic
from actor_trainer.people.players import (
    FILE_MODE,
    FOLDER_MODE,
    PlayerError,
    PlayerStore,
    _file_stem,
    add_old_game,
    import_old_results_once,
    read_old_game,
)
from actor_trainer.people.records import GameRecord, to_results

SAVED, GUEST, FAILED = "saved", "guest", "failed"
# why a save failed
NO_SPACE, READ_ONLY, UNKNOWN_PLAYER, DAMAGED, OTHER = ("no_space", "read_only", "unknown_player", "damaged",
                                                       "other")
REASONS = (NO_SPACE, READ_ONLY, UNKNOWN_PLAYER, DAMAGED, OTHER)
PENDING_SUFFIX = ".json"


@dataclass
class SaveResult:
    status: str  # SAVED, GUEST or FAILED
    reason: str = ""  # one of REASONS when FAILED
    detail: str = ""  # the system's own words (English), for the teacher
    path: Path | None = None  # the player's file when SAVED
    pending: Path | None = None  # the pending copy when FAILED and it could be written

    @property
    def kept(self) -> bool:
        """The game is safe on disk (in the history, or pending until the next start)."""
        return self.status == SAVED or self.pending is not None

    @property
    def saved(self) -> bool:
        return self.status == SAVED

    @property
    def guest(self) -> bool:
        """Nothing to save: a guest's game (or no players folder)."""
        return self.status == GUEST

    @property
    def can_retry(self) -> bool:
        """The save failed and Save again may help (not for a player deleted meanwhile)."""
        return self.status == FAILED and self.reason != UNKNOWN_PLAYER


def reason_of(error: Exception) -> str:
    """The REASONS entry for an error of a save: ENOSPC/EDQUOT a full disk, EROFS/EACCES/EPERM a folder that
    cannot be written, PlayerError("unknown") a deleted player, PlayerError("damaged") a damaged file."""
    if isinstance(error, PlayerError):
        return {"unknown": UNKNOWN_PLAYER, "damaged": DAMAGED}.get(error.reason, OTHER)
    number = getattr(error, "errno", None)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return NO_SPACE
    if number in (errno.EROFS, errno.EACCES, errno.EPERM):
        return READ_ONLY
    return OTHER


class GameSaver:
    """`store`: the PlayerStore, or None when there is none (playing as guests); `pending`: the folder for
    games whose save failed, or None."""

    def __init__(self, store: PlayerStore | None, pending: Path | None = None):
        self.store, self.pending = store, Path(pending) if pending is not None else None

    def save(self, game: GameRecord) -> SaveResult:
        """Record `game` in its player's history; never raises for a save's errors."""
        if not game.player or self.store is None:
            return SaveResult(GUEST)
        try:
            return SaveResult(SAVED, path=self.store.record_game(game.player, game))
        except (OSError, ValueError) as error:
            reason = reason_of(error)
            kept = None if reason == UNKNOWN_PLAYER else self._keep(game)
            return SaveResult(FAILED, reason, str(getattr(error, "strerror", None) or error), pending=kept)

    def retry(self, game: GameRecord, result: SaveResult) -> SaveResult:
        """Save again a game whose save failed; its pending copy goes once it is in the history."""
        again = self.save(game)
        if again.status == SAVED and result.pending is not None:
            _remove(result.pending)
            again.pending = None
        elif again.status == FAILED and again.pending is not None and result.pending is not None:
            _remove(again.pending)  # one pending copy per game
            again.pending = result.pending
        return again

    def retry_pending(self) -> tuple[int, list[str]]:
        """Add every pending game the history lacks; (games added, "FILE: reason" for those still pending).
        A pending game of a player who no longer exists is removed."""
        if self.pending is None or self.store is None or not self.pending.is_dir():
            return 0, []
        added, left = 0, []
        for path in sorted(self.pending.glob(f"*{PENDING_SUFFIX}")):
            try:
                game = read_old_game(path)
                self.store._find(game.player)  # a deleted player's game is not brought back
                added += add_old_game(self.store, game)
            except PlayerError as error:
                if error.reason != "unknown":
                    left.append(f"{path.name}: {error}")
                    continue
            except (OSError, ValueError) as error:
                left.append(f"{path.name}: {getattr(error, 'strerror', None) or error}")
                continue
            _remove(path)
        return added, left

    def _keep(self, game: GameRecord) -> Path | None:
        """Write the pending copy (0600 in a 0700 folder); None when that fails too (the same full disk)."""
        if self.pending is None:
            return None
        try:
            self.pending.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            self.pending.chmod(FOLDER_MODE)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            path = self.pending / f"{stamp}-{_file_stem(game.player)}{PENDING_SUFFIX}"
            atomic.write_text(path, json.dumps(to_results(game), ensure_ascii=False), mode=FILE_MODE)
            return path
        except OSError:
            return None


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def start_up(store: PlayerStore | None, pending: Path | None, old_results: Path | None = None) -> list[str]:
    """Once at start, before any game, with the one store: the players' folder tidied after a kill
    (`remove_leftovers`), an older version's results folder folded in once, the games a failed save kept aside
    added to their histories. Returns what to say on stderr (the app goes on whatever happens here)."""
    if store is None:
        return []
    lines = []
    try:
        store.remove_leftovers()
    except OSError as error:
        lines.append(f"{store.folder} cannot be tidied ({error.strerror or error})")
    if old_results is not None:
        lines += import_old_results_once(old_results, store)
    try:
        left = GameSaver(store, pending).retry_pending()[1]
        lines += [f"a game kept aside is still not saved: {line}" for line in left]
    except OSError as error:  # a folder that cannot be written: the games stay aside for the next start
        lines.append(f"the games kept aside could not be added yet: {error}")
    return lines
