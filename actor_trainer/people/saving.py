"""Saving a finished or stopped game so that nothing a child played is thrown away (issue 29).

`GameSaver.save(summary)` writes the game into the player's history (players.py, one atomic write). When that
fails (a full disk, a folder the app may not write, another user's folder) the game is kept: the caller keeps
the summary in memory for a retry, and a pending copy (the Summary as JSON, the format of older versions'
results files) goes into the pending folder when that can be written. `retry_pending()` (at every start)
adds each pending game the history lacks (recognised by date, pack, level and situations, so never twice)
and removes its file. A game whose player was deleted meanwhile is not kept anywhere: the teacher asked for
that child's games to be gone.

The reason is data (`SaveResult.reason`, one of REASONS), said in the child's language by ui/i18n.py.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from actor_trainer import atomic
from actor_trainer.people.players import (
    FILE_MODE,
    FOLDER_MODE,
    PlayerError,
    PlayerStore,
    _add_old_game,
    _file_stem,
    _old_summary,
)

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

    def save(self, summary) -> SaveResult:
        """Record `summary` (a results.Summary) in its player's history; never raises for a save's errors."""
        if not summary.player or self.store is None:
            return SaveResult(GUEST)
        try:
            return SaveResult(SAVED, path=self.store.record_game(summary.player, summary))
        except (OSError, ValueError) as error:
            reason = reason_of(error)
            kept = None if reason == UNKNOWN_PLAYER else self._keep(summary)
            return SaveResult(FAILED, reason, str(getattr(error, "strerror", None) or error), pending=kept)

    def retry(self, summary, result: SaveResult) -> SaveResult:
        """Save again a game whose save failed; its pending copy goes once it is in the history."""
        again = self.save(summary)
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
                summary = _old_summary(path)
                self.store._find(summary.player)  # a deleted player's game is not brought back
                added += _add_old_game(self.store, summary)
            except PlayerError as error:
                if error.reason != "unknown":
                    left.append(f"{path.name}: {error}")
                    continue
            except (OSError, ValueError) as error:
                left.append(f"{path.name}: {getattr(error, 'strerror', None) or error}")
                continue
            _remove(path)
        return added, left

    def _keep(self, summary) -> Path | None:
        """Write the pending copy (0600 in a 0700 folder); None when that fails too (the same full disk)."""
        if self.pending is None:
            return None
        try:
            self.pending.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            self.pending.chmod(FOLDER_MODE)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            path = self.pending / f"{stamp}-{_file_stem(summary.player)}{PENDING_SUFFIX}"
            atomic.write_text(path, json.dumps(summary.to_dict(), ensure_ascii=False), mode=FILE_MODE)
            return path
        except OSError:
            return None


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def retry_pending_games(pending: Path, players_folder: Path) -> None:
    """At start: add the games a failed save kept aside in `pending` to their players' histories; each one
    still not saved is named on stderr (it stays aside for the next start)."""
    if Path(pending).is_dir():
        _added, left = GameSaver(PlayerStore(players_folder), Path(pending)).retry_pending()
        for line in left:
            print(f"actor-trainer: a game kept aside is still not saved: {line}", file=sys.stderr)
