"""The one typed record of a played game, from the game to the file and back. Pure Python.

`SituationRecord` (one played situation) and `GameRecord` (one game) are frozen: the session's summary, the
pending copy of a failed save, a player's history, the teacher's figures and the CSV all read these. The names
on disk are older than the names in code and never change (tests/test_stored_names.py); every rename between
the two is done here only, in the (de)serialiser:

- a player's file (`to_stored`, `from_stored`): the level is stored as "difficulty" (STORED_KEYS);
- an older version's results file and a pending copy (`to_results`, `from_results`): the Summary's names
  ("finished_at", "pack_title", "difficulty", "total_scenarios", and "target" for a situation's expression).

Stars and the rule of what counts as a try are here too, once: `stars_for` (one situation), `is_a_try`,
`tries`; a game's `stars` and `max_stars` are computed from its situations, never read back from a file
(the file still holds them, for older versions).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime

QUICK_SECONDS = 5.0  # three stars when passed within this much face time
STEADY_SECONDS = 15.0  # two stars within this much

# A GameRecord field whose key in the player's file is not its name: the key from before the field was
# renamed, kept so that every player's file still reads (and older versions read ours).
STORED_KEYS = {"level": "difficulty"}
# A GameRecord field whose key in an older version's results file (and a pending copy) is not its name
RESULTS_KEYS = {"date": "finished_at", "pack": "pack_title", "level": "difficulty", "planned": "total_scenarios"}
RESULTS_SITUATION_KEYS = {"expression": "target"}


def stars_for(result) -> int:
    """Stars for one situation, 0..3: anything with `passed` and `seconds` of face time (a SituationRecord,
    play/game.py's ScenarioResult)."""
    if not result.passed:
        return 0
    if result.seconds <= QUICK_SECONDS:
        return 3
    return 2 if result.seconds <= STEADY_SECONDS else 1


def is_a_try(situation: SituationRecord) -> bool:
    """Whether a situation counts in the figures, as passed or as not passed.

    Passed: always a try. Not passed: a try (the child pressed Skip after trying) unless the child stopped
    the game in it (`unfinished`: stopping is not failing) or it had no face time at all (0 seconds: nobody
    was in front of the camera, whatever `attempts` says). Situations never reached are in no record. A
    record without `unfinished` (an older file) is taken as it says: nothing is inferred from `stopped`.
    """
    if situation.unfinished:
        return False
    return situation.passed or situation.seconds > 0


def tries(situations) -> list[SituationRecord]:
    """The situations that count (`is_a_try`), in their order."""
    return [situation for situation in situations if is_a_try(situation)]


@dataclass(frozen=True)
class SituationRecord:
    expression: str  # the expression shown to the child (the situation's target)
    passed: bool
    seconds: float  # face time spent on it
    attempts: int
    text: str = ""
    unfinished: bool = False  # the situation the child stopped in

    @property
    def stars(self) -> int:
        return stars_for(self)


@dataclass(frozen=True)
class GameRecord:
    player: str
    date: str  # ISO date and time the game ended
    pack: str
    level: str  # stored as "difficulty" (STORED_KEYS)
    stopped: bool  # the child left before the end of the pack
    situations: tuple[SituationRecord, ...] = ()
    planned: int = 0  # situations in the game, played or not
    stopped_at: int | None = None  # the situation (from 1) the child stopped at

    @property
    def passed_count(self) -> int:
        return sum(1 for situation in self.situations if situation.passed)

    @property
    def stars(self) -> int:
        """The stars won: each try's (`stars_for`); the situation stopped in and one without face time count
        neither way."""
        return sum(situation.stars for situation in tries(self.situations))

    @property
    def max_stars(self) -> int:
        """The stars that could be won: three per try."""
        return 3 * len(tries(self.situations))


# ---------------------------------------------------------------- a player's file


def to_stored(game: GameRecord) -> dict:
    """A game as the player's file holds it, its keys in the order they always had."""
    return {"player": game.player, "date": game.date, "pack": game.pack, STORED_KEYS["level"]: game.level,
            "stopped": game.stopped,
            "situations": [{"expression": s.expression, "passed": s.passed, "seconds": s.seconds,
                            "attempts": s.attempts, "text": s.text, "unfinished": s.unfinished}
                           for s in game.situations],
            "stars": game.stars, "max_stars": game.max_stars, "planned": game.planned, "stopped_at": game.stopped_at}


def from_stored(player_name: str, game) -> GameRecord:
    """A GameRecord from one game of a player's file; ValueError naming the first wrong field."""
    if not isinstance(game, dict):
        raise ValueError(f"a game must be a JSON object, not {_kind(game)}")
    situations = game.get("situations", [])
    if not isinstance(situations, list):
        raise ValueError(f"'situations' must be a list, not {_kind(situations)}")
    records = []
    for number, row in enumerate(situations, start=1):
        try:
            records.append(_situation_of(row))
        except ValueError as error:
            raise ValueError(f"situation {number}: {error}") from None
    date = _field(game, "date", str)
    try:
        datetime.fromisoformat(date)
    except ValueError:
        raise ValueError(f"'date' must be an ISO date and time, not {date[:40]!r}") from None
    _count(game, "stars")  # not used (computed), but a file that holds a wrong one is damaged
    _count(game, "max_stars")
    return GameRecord(
        player=player_name, date=date, pack=_field(game, "pack", str, ""),
        level=_field(game, STORED_KEYS["level"], str, ""), stopped=_field(game, "stopped", bool, False),
        situations=tuple(records), planned=_count(game, "planned", len(records)),
        stopped_at=_count(game, "stopped_at", None))


# ---------------------------------------------------------------- an older version's results file, a pending copy


def to_results(game: GameRecord) -> dict:
    """A game in the results format of older versions (the pending copy of a failed save)."""
    return {"player": game.player, RESULTS_KEYS["pack"]: game.pack, RESULTS_KEYS["level"]: game.level,
            RESULTS_KEYS["date"]: game.date,
            "scenarios": [{"text": s.text, RESULTS_SITUATION_KEYS["expression"]: s.expression, "passed": s.passed,
                           "seconds": s.seconds, "attempts": s.attempts, "stars": s.stars,
                           "unfinished": s.unfinished} for s in game.situations],
            "stars": game.stars, "max_stars": game.max_stars, RESULTS_KEYS["planned"]: game.planned,
            "stopped": game.stopped, "stopped_at": game.stopped_at}


def from_results(data, need_player: bool = True) -> GameRecord:
    """A GameRecord from a results file of an older version or a pending copy (a Summary's `to_dict`), with the
    same checks as a player's file; ValueError naming what is wrong. `need_player`: a guest's game ("" as the
    player) is refused, as no file holds one."""
    if not isinstance(data, dict) or not isinstance(data.get("player"), str) \
            or (need_player and not data["player"].strip()):
        raise ValueError("not a game result (no player)")
    rows = data.get("scenarios", [])
    if not isinstance(rows, list):
        raise ValueError(f"'scenarios' must be a list, not {_kind(rows)}")
    try:
        situations = [_result_row(row) for row in rows]
        game = _renamed(data, {STORED_KEYS.get(name, name): key for name, key in RESULTS_KEYS.items()})
        game |= {"situations": situations, "planned": int(data.get(RESULTS_KEYS["planned"]) or len(situations))}
    except (TypeError, ValueError) as error:
        raise ValueError(f"not a game result ({error})") from None
    return from_stored(data["player"], game)


def _result_row(row) -> dict:
    """A results file's situation under a player's file's names, its values as older versions read them
    (a missing time 0 seconds, missing tries 1)."""
    if not isinstance(row, dict):
        raise ValueError(f"a situation must be a JSON object, not {_kind(row)}")
    row = _renamed(row, RESULTS_SITUATION_KEYS)
    return {"expression": str(row.get("expression", "")), "passed": bool(row.get("passed")),
            "seconds": float(row.get("seconds", 0.0)), "attempts": int(row.get("attempts", 1)),
            "text": str(row.get("text", "")), "unfinished": bool(row.get("unfinished", False))}


def _renamed(table: dict, keys: dict[str, str]) -> dict:
    """`table` with the value under each of `keys`' values moved to its key (`keys`: new name -> old name)."""
    renamed = {name: table[stored] for name, stored in keys.items() if stored in table}
    return {key: value for key, value in table.items() if key not in keys.values()} | renamed


# ---------------------------------------------------------------- checks of a stored value


def _situation_of(row) -> SituationRecord:
    if not isinstance(row, dict):
        raise ValueError(f"must be a JSON object, not {_kind(row)}")
    expression = _field(row, "expression", str)
    if not expression:
        raise ValueError("'expression' is empty")
    seconds = row.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) \
            or seconds < 0:
        raise ValueError(f"'seconds' must be a number of seconds, not {_kind(seconds)}")
    return SituationRecord(expression=expression, passed=_field(row, "passed", bool), seconds=float(seconds),
                           attempts=_count(row, "attempts", None, required=True), text=_field(row, "text", str, ""),
                           unfinished=_field(row, "unfinished", bool, False))


_REQUIRED = object()


def _field(table: dict, key: str, kind: type, default=_REQUIRED):
    if key not in table and default is not _REQUIRED:
        return default
    value = table.get(key)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ValueError(f"'{key}' must be {_KIND_NAMES[kind]}, not {_kind(value)}")
    return value


def _count(table: dict, key: str, default: int | None = 0, required: bool = False) -> int | None:
    if key not in table and not required:
        return default
    value = table.get(key)
    if value is None and default is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"'{key}' must be a whole number from 0, not {_kind(value)}")
    return value


_KIND_NAMES = {str: "text", bool: "true or false"}


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return repr(value[:40])
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)
