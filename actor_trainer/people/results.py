"""End-of-pack summary a teacher can read. Pure Python.

A named player's games are saved in that player's history only (players.PlayerStore.record_game): one
atomic write, so a kill never leaves a game half-saved. Only scenario texts, targets, times and stars are
kept. Nothing about the face.

`records.is_a_try` is the one rule of which situations count in any figure (this summary's easy and hard and
its stars, and every figure of progress.py: per expression, trend, class overview, CSV, practice order); the
summary's `record` is the one typed record of the game (records.GameRecord) that is saved.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from actor_trainer.people.records import (  # noqa: F401 (is_a_try, stars_for: the rules' home is records.py)
    RESULTS_KEYS,
    GameRecord,
    SituationRecord,
    from_results,
    is_a_try,
    stars_for,
    tries,
)

HARD_SUCCESS_RATE = 0.7  # below this share of passes an expression is hard for the child
SLOW_SECONDS = 10.0  # or when the median face time of its passes is above this


def is_hard(practised: int, passed: int, median_seconds: float | None) -> bool:
    """The one rule of "hard", for the end-of-game summary and every figure of progress.py: tried at least once,
    and passed less than HARD_SUCCESS_RATE of the tries or, when passed, with a median face time above
    SLOW_SECONDS. An expression tried and not hard is easy."""
    slow = median_seconds is not None and median_seconds > SLOW_SECONDS
    return practised > 0 and (passed / practised < HARD_SUCCESS_RATE or slow)


def median_of(values: list[float]) -> float | None:
    """The median, rounded to 0.1 (as the figures show it); None for no values."""
    from statistics import median

    return round(median(values), 1) if values else None


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

    @property
    def record(self) -> GameRecord:
        """The game as it is saved and read back (records.GameRecord), through the one deserialiser."""
        return from_results(self.to_dict(), need_player=False)

    def to_dict(self) -> dict:
        """The summary as the results files of older versions held it (the level under "difficulty")."""
        return {RESULTS_KEYS.get(name, name): value for name, value in asdict(self).items()}


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
    summary = Summary(
        player=player.strip(), pack_title=pack_title, level=level,
        finished_at=(now or datetime.now()).isoformat(timespec="seconds"), scenarios=rows,
        total_scenarios=len(rows) if total is None else total,
        stopped=stopped_at is not None, stopped_at=stopped_at)
    game = summary.record
    summary.stars, summary.max_stars = game.stars, game.max_stars
    summary.easy_expressions, summary.hard_expressions = _easy_and_hard(tries(game.situations))
    return summary


def _easy_and_hard(situations: list[SituationRecord]) -> tuple[list[str], list[str]]:
    """Each expression tried, easy or hard by `is_hard` (the rule of the Progress tab too), in the game's order
    (where each was first played)."""
    by_expression: dict[str, list[SituationRecord]] = {}
    for situation in situations:
        by_expression.setdefault(situation.expression, []).append(situation)
    easy, hard = [], []
    for expression, tried in by_expression.items():
        passed = [situation for situation in tried if situation.passed]
        seconds = median_of([situation.seconds for situation in passed])
        (hard if is_hard(len(tried), len(passed), seconds) else easy).append(expression)
    return easy, hard
