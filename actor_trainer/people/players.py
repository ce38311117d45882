"""Players and each player's history of games, kept on this machine only. Pure Python.

One JSON file per player in the players folder (`<name>-<hash>.json`: name, avatar, games), written
atomically; the folder is 0700 and the files 0600, so only the computer's user can read them.
Only what a teacher needs is stored: date, pack, level, and per situation the expression, whether it
passed, the face time and the number of tries. Nothing about the face.

The player's file is the one record of a finished game: one atomic write adds the game, so a kill
leaves the game either wholly in the history or not there at all (the app kept a second copy in a
results folder until issue 21; `import_old_results` folds such a folder in once). Every change holds
the folder's lock (`.players.lock`, the `filelock` package) from reading to writing, so two processes
saving at once lose nothing. Reading checks every game and situation: a damaged one is skipped and
named (`Damage`), the rest is shown; a file that cannot be read at all is listed by `damaged()`.
A game is people/records.py's GameRecord, turned into the file's JSON and back there only. Tidying after a
kill is a start-up call (`remove_leftovers`), never the constructor's.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import filelock

from actor_trainer import atomic, files
from actor_trainer.people.records import STORED_KEYS, GameRecord, from_results, from_stored, to_stored

FOLDER_MODE = 0o700
FILE_MODE = 0o600
FORMAT = 1
MAX_NAME_LENGTH = 40
MAX_FILE_BYTES = 8_000_000  # a game is about 1 KB: thousands of games fit
MAX_DEPTH = 32  # a player file is 4 levels deep; one game nested deeper is skipped alone (_game_of), not the file
LOCK_NAME = ".players.lock"
LOCK_SECONDS = 10.0
DEFAULT_AVATAR = "\N{SLIGHTLY SMILING FACE}"


class PlayerError(ValueError):
    """A ValueError whose `reason` ("empty", "too_long", "no_avatar", "duplicate", "unknown", "damaged") lets
    a screen say it in the child's language; str() is the English message."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Player:
    name: str
    avatar: str  # one emoji the child chose


@dataclass
class Damage:
    """Something in the players folder that was skipped: a whole file (`game` None) or one game in it."""
    path: Path
    reason: str
    game: int | None = None  # position of the game in the file, from 1
    name: str | None = None  # the player's name when the file says it

    def __str__(self) -> str:
        where = f", game {self.game}" if self.game is not None else ""
        return f"{self.path.name}{where}: {self.reason}"


READ_ONLY_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS)


class PlayerStore:
    """The players folder. One the app may not write (another user's, a read-only disk) opens read-only:
    `read_only` is True, the histories read as usual and every change fails with the system's OSError."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.read_only = False
        try:
            atomic.make_folder(self.folder)
            self.folder.chmod(FOLDER_MODE)
        except OSError as error:
            if not self.folder.is_dir() or error.errno not in READ_ONLY_ERRORS:
                raise
            self.read_only = True

    def remove_leftovers(self) -> None:
        """At start: delete the temporary files a save killed half-way left in the folder, holding the lock (never
        the temporary of a save another process is making right now). Nothing to do in a read-only folder."""
        if self.read_only:
            return
        try:
            with self._lock():
                atomic.remove_leftovers(self.folder)
        except OSError as error:
            if error.errno not in READ_ONLY_ERRORS:
                raise
            self.read_only = True

    def players(self) -> list[Player]:
        """Every player whose file reads, by name; the others are in `damaged()` (and left alone on disk)."""
        found = [_player_of(data) for _, data in self._files()[0]]
        return sorted(found, key=lambda player: (player.name.casefold(), player.name))

    def damaged(self) -> list[Damage]:
        """The player files that cannot be read at all, each with the reason."""
        return self._files()[1]

    def add(self, name: str, avatar: str) -> Player:
        name = _clean_name(name)
        avatar = (avatar or "").strip()
        if not avatar:
            raise PlayerError("no_avatar", "Choose a picture for the player.")
        with self._lock():
            if any(name_key(player.name) == name_key(name) for player in self.players()):
                raise PlayerError("duplicate", f"There is already a player called {name}.")
            self._write(self._path(name), {"name": name, "avatar": avatar, "games": []})
        return Player(name, avatar)

    def record_game(self, player_name: str, game: GameRecord) -> Path:
        """Add a finished or stopped game to the player's history in one atomic write, holding the folder's
        lock from reading to writing; returns the player's file. Damaged games already in the file are kept as
        they are. PlayerError("unknown") when there is no such player."""
        with self._lock():
            path, data = self._find(player_name)
            data["games"].append(to_stored(replace(game, player=data["name"])))
            self._write(path, data)
        return path

    def history(self, player_name: str) -> list[GameRecord]:
        """The player's readable games, oldest first (damaged ones skipped: see `history_and_damage`)."""
        return self.history_and_damage(player_name)[0]

    def history_and_damage(self, player_name: str) -> tuple[list[GameRecord], list[Damage]]:
        """The player's readable games, oldest first, and the damaged games skipped (PlayerError when the
        player is unknown or the whole file is damaged)."""
        return _games_of(*self._find(player_name))

    def histories(self) -> tuple[dict[str, list[GameRecord]], list[Damage]]:
        """Every readable player's games and everything skipped (damaged files first, then damaged games)."""
        readable, damage = self._files()
        histories = {}
        for path, data in sorted(readable, key=lambda item: item[1]["name"].casefold()):
            records, skipped = _games_of(path, data)
            histories[data["name"]] = records
            damage += skipped
        return histories, damage

    def delete(self, player_name: str) -> None:
        """Remove the player and every game they played; nothing is kept."""
        with self._lock():
            path, _ = self._find(player_name)
            path.unlink()
            atomic.fsync_folder(self.folder)

    def _files(self) -> tuple[list[tuple[Path, dict]], list[Damage]]:
        readable, damaged = [], []
        for path in sorted(self.folder.glob("*.json")):
            try:
                readable.append((path, _read(path)))
            except FileNotFoundError:  # deleted since the folder was listed
                continue
            except ValueError as error:
                damaged.append(Damage(path, str(error)))
        return self._one_file_per_player(readable, damaged)

    def _one_file_per_player(self, readable: list, damaged: list) -> tuple[list, list]:
        """A second file for the same player (a copy under another name) is named as skipped instead of hiding
        one of the two silently; the player's own file (the name's file name) is the one used."""
        chosen: dict[str, tuple[Path, dict]] = {}
        for path, data in sorted(readable, key=lambda item: item[0] != self._path(item[1]["name"])):
            first = chosen.setdefault(name_key(data["name"]), (path, data))
            if first[0] != path:
                damaged.append(Damage(path, f"a second file for {data['name']}: its {len(data['games'])} games are "
                                            f"not shown; move them into {first[0].name} or remove it",
                                      name=data["name"]))
        return sorted(chosen.values(), key=lambda item: item[0]), damaged

    def _find(self, player_name: str) -> tuple[Path, dict]:
        """The file of the player with this name (any case): the name's own file, else any file whose
        `name` says so (a file renamed or edited by hand)."""
        wanted = name_key(player_name)
        path = self._path(player_name)
        try:
            data = _read(path)
            if name_key(data["name"]) == wanted:
                return path, data
        except FileNotFoundError:
            pass
        except ValueError as error:
            if path.exists():
                raise PlayerError("damaged", f"The player file of {player_name} is damaged: {error}") from error
        for other, data in self._files()[0]:
            if name_key(data["name"]) == wanted:
                return other, data
        raise PlayerError("unknown", f"There is no player called {player_name}.")

    def _path(self, name: str) -> Path:
        return self.folder / f"{_file_stem(name)}.json"

    def _lock(self) -> filelock.BaseFileLock:
        """The folder's lock: one object per folder in a process, so it may be taken again inside (the import of
        old results holds it around each game's save)."""
        return filelock.FileLock(self.folder / LOCK_NAME, timeout=LOCK_SECONDS, mode=FILE_MODE, is_singleton=True)

    @staticmethod
    def _write(path: Path, data: dict) -> None:
        data = {"format": FORMAT, "name": data["name"], "avatar": data.get("avatar", ""), "games": data["games"]}
        atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=1), mode=FILE_MODE)


# Unicode categories of characters that show: letters, numbers, symbols (emoji), punctuation
VISIBLE_CATEGORIES = ("L", "N", "S", "P")


def name_key(name: str | None) -> str:
    """What two names are compared by: NFC ("José" typed as é or as e + ◌́ is one name), spaces collapsed, case
    folded."""
    return " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()


def _clean_name(name: str) -> str:
    """The name as stored: NFC, control characters (NUL, ...) removed, spaces collapsed. PlayerError("empty")
    when nothing in it shows (only spaces, zero-width or combining characters)."""
    name = "".join(char for char in unicodedata.normalize("NFC", name or "") if unicodedata.category(char) != "Cc")
    name = " ".join(name.split())
    if not any(unicodedata.category(char)[0] in VISIBLE_CATEGORIES for char in name):
        raise PlayerError("empty", "Write the player's name.")
    if len(name) > MAX_NAME_LENGTH:
        raise PlayerError("too_long", f"A name can be at most {MAX_NAME_LENGTH} letters long.")
    return name


def _file_stem(name: str) -> str:
    """Readable and safe on every file system; the hash keeps "Ali!" and "Ali?" apart."""
    key = name_key(name)
    ascii_name = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:24] or "player"
    return f"{readable}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


def _read(path: Path) -> dict:
    """The player file's JSON; ValueError (FileNotFoundError when missing) saying why it cannot be used."""
    try:
        raw = files.read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise ValueError(f"the player file cannot be read ({error.strerror or error})") from error
    try:
        data = files.loads_json(raw.decode("utf-8"), MAX_DEPTH)
    except UnicodeDecodeError as error:
        raise ValueError(f"the player file is not UTF-8 text (byte {error.start})") from error
    except ValueError as error:
        raise ValueError(f"the player file is not readable JSON ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not isinstance(data.get("games"), list):
        raise ValueError("this is not a player file (it needs a name and a list of games)")
    if not data["name"].strip() or len(data["name"]) > MAX_NAME_LENGTH:
        raise ValueError(f"the player's name {data['name'][:60]!r} is empty or too long")
    if not isinstance(data.setdefault("avatar", ""), str):
        data["avatar"] = ""
    return data


def _games_of(path: Path, data: dict) -> tuple[list[GameRecord], list[Damage]]:
    records, damage = [], []
    for number, game in enumerate(data["games"], start=1):
        try:
            records.append(from_stored(data["name"], game))
        except ValueError as error:
            damage.append(Damage(path, str(error), number, data["name"]))
    return sorted(records, key=lambda record: record.date), damage


def _player_of(data: dict) -> Player:
    return Player(data["name"], data["avatar"])


# ---------------------------------------------------------------- the results folder of older versions


@dataclass
class ImportReport:
    imported: int = 0  # games added to a player's history
    already: int = 0  # games the history already had
    skipped: list[str] = field(default_factory=list)  # "FILE: reason"
    moved_to: Path | None = None


def import_old_results(results_folder: Path, store: PlayerStore) -> ImportReport:
    """Fold a results folder of an older version (one JSON summary per game) into the players' histories,
    once: a game the history lacks is added (a player the store lacks is created), then the folder is
    renamed `results-imported` so it is never read again. Safe to run again after a kill: games already in
    a history are recognised and not added twice."""
    report = ImportReport()
    results_folder = Path(results_folder)
    with store._lock():  # a second instance importing at the same time waits, then finds the folder gone
        if not results_folder.is_dir():
            return report
        _import_folder(results_folder, store, report)
    return report


def _import_folder(results_folder: Path, store: PlayerStore, report: ImportReport) -> None:
    for path in sorted(results_folder.glob("*.json")):
        try:
            if add_old_game(store, read_old_game(path)):
                report.imported += 1
            else:
                report.already += 1
        except ValueError as error:
            report.skipped.append(f"{path.name}: {error}")
    report.moved_to = _free_name(results_folder.with_name(results_folder.name + "-imported"))
    os.replace(results_folder, report.moved_to)
    atomic.fsync_folder(results_folder.parent)


def import_old_results_once(results_folder: Path, store: PlayerStore) -> list[str]:
    """`import_old_results` when an older version's results folder is there; what the app says on stderr
    (each game it could not read; the app goes on)."""
    if not Path(results_folder).is_dir() or store.read_only:
        return []  # a read-only store: imported once a user who may write the folder starts the game
    try:
        report = import_old_results(results_folder, store)
    except OSError as error:
        return [f"the old results were not imported yet ({error.strerror or error})"]
    return [f"an old result was not imported: {line}" for line in report.skipped]


def read_old_game(path: Path) -> GameRecord:
    """The game in an older version's results file or a pending copy (records.from_results: the same checks
    as a history); ValueError saying why it cannot be used."""
    return from_results(_read_any(path))


def add_old_game(store: PlayerStore, game: GameRecord) -> bool:
    """Add `game` to its player's history unless the history has it (same date, pack, level and situations);
    a player the store lacks is created. Whether it was added."""
    with store._lock():
        try:
            path, data = store._find(game.player)
        except PlayerError as error:
            if error.reason != "unknown":
                raise
            name = _clean_name(game.player)
            path, data = store._path(name), {"name": name, "avatar": DEFAULT_AVATAR, "games": []}
        stored = to_stored(replace(game, player=data["name"]))
        if any(_same_game(stored, other) for other in data["games"]):
            return False
        data["games"].append(stored)
        store._write(path, data)
        return True


def _same_game(game: dict, other) -> bool:
    if not isinstance(other, dict):
        return False
    keys = ("date", "pack", STORED_KEYS["level"])
    rows = [(s.get("expression"), s.get("seconds"), s.get("attempts")) for s in game["situations"]]
    other_rows = [(s.get("expression"), s.get("seconds"), s.get("attempts")) if isinstance(s, dict) else None
                  for s in other.get("situations", []) or []]
    return all(game[key] == other.get(key) for key in keys) and rows == other_rows


def _read_any(path: Path):
    try:
        return files.loads_json(files.read_regular(path, MAX_FILE_BYTES).decode("utf-8"), MAX_DEPTH)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"cannot be read ({getattr(error, 'strerror', None) or error})") from error


def _free_name(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}-{number}")
        number += 1
    return candidate
