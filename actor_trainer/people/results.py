"""End-of-pack summary a teacher can read. Pure Python.

A named player's games are saved in that player's history only (players.PlayerStore.record_game): one
atomic write, so a kill never leaves a game half-saved. Only scenario texts, targets, times and stars are
kept. Nothing about the face.

`is_a_try` is the one rule of which situations count in any figure (this summary's easy and hard and its
stars, and every figure of progress.py: per expression, trend, class overview, CSV, practice order).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

QUICK_SECONDS = 5.0  # three stars when passed within this much face time
STEADY_SECONDS = 15.0  # two stars within this much


def is_a_try(situation) -> bool:
    """Whether a situation counts in the figures, as passed or as not passed.

    Passed: always a try. Not passed: a try (the child pressed Skip after trying) unless the child stopped
    the game in it (`unfinished`: stopping is not failing) or it had no face time at all (0 seconds: nobody
    was in front of the camera, whatever `attempts` says). Situations never reached are in no record. A
    record without `unfinished` (an older file) is taken as it says: nothing is inferred from `stopped`.
    `situation`: a summary row (dict) or anything with those attributes (SituationRecord, ScenarioResult).
    """
    def value(name: str, default):
        return situation.get(name, default) if isinstance(situation, dict) else getattr(situation, name, default)

    if value("unfinished", False):
        return False
    return bool(value("passed", False)) or float(value("seconds", 0.0) or 0.0) > 0


def tries(situations) -> list:
    """The situations that count (`is_a_try`), in their order."""
    return [situation for situation in situations if is_a_try(situation)]


def stars_for(result) -> int:
    """Stars for one situation, 0..3: anything with `passed` and `seconds` of face time (a ScenarioResult,
    a player's SituationRecord)."""
    if not result.passed:
        return 0
    if result.seconds <= QUICK_SECONDS:
        return 3
    return 2 if result.seconds <= STEADY_SECONDS else 1


@dataclass
class Summary:
    player: str
    pack_title: str
    level: str
    finished_at: str
    scenarios: list[dict] = field(default_factory=list)  # ScenarioResult fields + stars
    stars: int = 0
    max_stars: int = 0
    easy_expressions: list[str] = field(default_factory=list)
    hard_expressions: list[str] = field(default_factory=list)
    total_scenarios: int = 0  # situations in the game (more than the rows when the child stopped early)
    stopped: bool = False  # the child left before the end
    stopped_at: int | None = None  # the situation (from 1) the child stopped at

    @property
    def passed_count(self) -> int:
        return sum(1 for row in self.scenarios if row["passed"])

    def to_dict(self) -> dict:
        """The summary as the results files of older versions held it (the level under "difficulty")."""
        return {("difficulty" if name == "level" else name): value for name, value in asdict(self).items()}


def summarise(results: list, player: str = "", pack_title: str = "", level: str = "",
              now: datetime | None = None, total: int | None = None, stopped_at: int | None = None,
              unfinished_last: bool = False) -> Summary:
    """`results`: the game's played situations in order (play/game.py's ScenarioResult dataclasses: scenario_id,
    text, target, passed, seconds, attempts, best_probability); `stopped_at`: the game was stopped at that
    situation (from 1); `unfinished_last`: the last result is the situation the child stopped in (kept and
    marked, neither passed nor skipped). Easy, hard and the stars that could be won count the tries only
    (`is_a_try`), as the player's figures do."""
    rows = [{**asdict(result), "stars": stars_for(result), "unfinished": False} for result in results]
    if unfinished_last and rows:
        rows[-1]["unfinished"] = True
    counted = tries(rows)
    easy, hard = _easy_and_hard(counted)
    return Summary(
        player=player.strip(), pack_title=pack_title, level=level,
        finished_at=(now or datetime.now()).isoformat(timespec="seconds"), scenarios=rows,
        stars=sum(row["stars"] for row in counted), max_stars=3 * len(counted),
        easy_expressions=easy, hard_expressions=hard,
        total_scenarios=len(rows) if total is None else total,
        stopped=stopped_at is not None, stopped_at=stopped_at)


def _easy_and_hard(rows: list[dict]) -> tuple[list[str], list[str]]:
    """Easy: every try passed with 2.5+ stars on average. Hard: skipped at least once, or under 1.5 stars."""
    by_target: dict[str, list[int]] = {}
    for row in rows:
        by_target.setdefault(row["target"], []).append(row["stars"])
    easy, hard = [], []
    for target, stars in sorted(by_target.items()):
        mean = sum(stars) / len(stars)
        if 0 in stars or mean < 1.5:
            hard.append(target)
        elif mean >= 2.5:
            easy.append(target)
    return easy, hard
