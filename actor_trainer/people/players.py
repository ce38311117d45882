"""Players and each player's history of games, kept on this machine only. Pure Python.

One JSON file per player in the players folder (`<name>-<hash>.json`: name, avatar, games), written
atomically; the folder is 0700 and the files 0600, so only the computer's user can read them.
Only what a teacher needs is stored: date, pack, level, and per situation the expression, whether it
passed, the face time and the number of tries. Nothing about the face.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from actor_trainer import atomic

FOLDER_MODE = 0o700
FILE_MODE = 0o600
FORMAT = 1
MAX_NAME_LENGTH = 40


class PlayerError(ValueError):
    """A ValueError whose `reason` ("empty", "too_long", "no_avatar", "duplicate", "unknown") lets a screen
    say it in the child's language; str() is the English message."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Player:
    name: str
    avatar: str  # one emoji the child chose


@dataclass
class SituationRecord:
    expression: str  # the expression shown to the child (the situation's target)
    passed: bool
    seconds: float  # face time spent on it
    attempts: int
    text: str = ""


@dataclass
class GameRecord:
    player: str
    date: str  # ISO date and time the game ended
    pack: str
    difficulty: str
    stopped: bool  # the child left before the end of the pack
    situations: list[SituationRecord] = field(default_factory=list)
    stars: int = 0
    max_stars: int = 0
    planned: int = 0  # situations in the game, played or not

    @property
    def passed_count(self) -> int:
        return sum(1 for situation in self.situations if situation.passed)


class PlayerStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        self.folder.chmod(FOLDER_MODE)
        atomic.remove_leftovers(self.folder)

    def players(self) -> list[Player]:
        """Every player whose file reads; a damaged file is left alone on disk, not shown."""
        found = []
        for path in self.folder.glob("*.json"):
            try:
                found.append(_player_of(_read(path)))
            except ValueError:
                continue
        return sorted(found, key=lambda player: (player.name.casefold(), player.name))

    def add(self, name: str, avatar: str) -> Player:
        name = _clean_name(name)
        avatar = (avatar or "").strip()
        if not avatar:
            raise PlayerError("no_avatar", "Choose a picture for the player.")
        if any(player.name.casefold() == name.casefold() for player in self.players()):
            raise PlayerError("duplicate", f"There is already a player called {name}.")
        self._write(Player(name, avatar), [])
        return Player(name, avatar)

    def record_game(self, player_name: str, summary) -> None:
        """Add a finished or stopped game (an actor_trainer.people.results.Summary) to the player's history."""
        data = self._data(player_name)
        data["games"].append(asdict(game_record_from_summary(data["name"], summary)))
        self._write(_player_of(data), data["games"])

    def history(self, player_name: str) -> list[GameRecord]:
        data = self._data(player_name)
        records = [_game_of(data["name"], game) for game in data["games"]]
        return sorted(records, key=lambda record: record.date)

    def delete(self, player_name: str) -> None:
        """Remove the player and every game they played; nothing is kept."""
        path = self._path(player_name)
        if not path.exists():
            raise PlayerError("unknown", f"There is no player called {player_name}.")
        path.unlink()
        atomic.fsync_folder(self.folder)

    def _data(self, player_name: str) -> dict:
        path = self._path(player_name)
        if not path.exists():
            raise PlayerError("unknown", f"There is no player called {player_name}.")
        return _read(path)

    def _path(self, name: str) -> Path:
        return self.folder / f"{_file_stem(name)}.json"

    def _write(self, player: Player, games: list[dict]) -> None:
        data = {"format": FORMAT, "name": player.name, "avatar": player.avatar, "games": games}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        atomic.write_text(self._path(player.name), text, mode=FILE_MODE)


def game_record_from_summary(player_name: str, summary) -> GameRecord:
    """Read a Summary (or anything shaped like one); fields a newer or older Summary lacks get defaults."""
    rows = [_row_dict(row) for row in getattr(summary, "scenarios", [])]
    situations = [SituationRecord(expression=str(row.get("target", "")), passed=bool(row.get("passed")),
                                  seconds=float(row.get("seconds", 0.0)), attempts=int(row.get("attempts", 1)),
                                  text=str(row.get("text", ""))) for row in rows]
    planned = getattr(summary, "total_scenarios", None) or getattr(summary, "planned", None) or len(situations)
    return GameRecord(
        player=player_name, date=str(getattr(summary, "finished_at", "")), pack=str(getattr(summary, "pack_title", "")),
        difficulty=str(getattr(summary, "difficulty", "")), stopped=bool(getattr(summary, "stopped", False)),
        situations=situations, stars=int(getattr(summary, "stars", 0)), max_stars=int(getattr(summary, "max_stars", 0)),
        planned=int(planned))


def _row_dict(row) -> dict:
    return dict(row) if isinstance(row, dict) else asdict(row)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise PlayerError("empty", "Write the player's name.")
    if len(name) > MAX_NAME_LENGTH:
        raise PlayerError("too_long", f"A name can be at most {MAX_NAME_LENGTH} letters long.")
    return name


def _file_stem(name: str) -> str:
    """Readable and safe on every file system; the hash keeps "Ali!" and "Ali?" apart."""
    key = " ".join(name.split()).casefold()
    ascii_name = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:24] or "player"
    return f"{readable}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: the player file cannot be read ({error}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not isinstance(data.get("games"), list):
        raise ValueError(f"{path}: this is not a player file.")
    data.setdefault("avatar", "")
    return data


def _player_of(data: dict) -> Player:
    return Player(data["name"], str(data.get("avatar", "")))


def _game_of(player_name: str, game: dict) -> GameRecord:
    situations = [SituationRecord(**{key: value for key, value in row.items() if key in _SITUATION_FIELDS})
                  for row in game.get("situations", [])]
    fields = {key: value for key, value in game.items() if key in _GAME_FIELDS and key != "situations"}
    return GameRecord(**{**fields, "player": player_name, "situations": situations})


_SITUATION_FIELDS = set(SituationRecord.__dataclass_fields__)
_GAME_FIELDS = set(GameRecord.__dataclass_fields__)
