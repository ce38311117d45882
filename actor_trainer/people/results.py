"""End-of-pack summary a teacher can read; saved only when a player name was given. Pure Python.

Only these results are ever written: scenario texts, targets, times, stars. Nothing about the face.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from actor_trainer import atomic
from actor_trainer.play.game import ScenarioResult

QUICK_SECONDS = 5.0  # three stars when passed within this much face time
STEADY_SECONDS = 15.0  # two stars within this much


def stars_for(result: ScenarioResult) -> int:
    if not result.passed:
        return 0
    if result.seconds <= QUICK_SECONDS:
        return 3
    return 2 if result.seconds <= STEADY_SECONDS else 1


@dataclass
class Summary:
    player: str
    pack_title: str
    difficulty: str
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
        return asdict(self)


def summarise(results: list[ScenarioResult], player: str = "", pack_title: str = "", difficulty: str = "",
              now: datetime | None = None, total: int | None = None, stopped_at: int | None = None,
              unfinished_last: bool = False) -> Summary:
    """`stopped_at`: the game was stopped at that situation (from 1); `unfinished_last`: the last result
    is the situation the child stopped in (kept and marked, neither passed nor skipped)."""
    rows = [{**asdict(result), "stars": stars_for(result), "unfinished": False} for result in results]
    if unfinished_last and rows:
        rows[-1]["unfinished"] = True
    easy, hard = _easy_and_hard([row for row in rows if not row["unfinished"]])
    return Summary(
        player=player.strip(), pack_title=pack_title, difficulty=difficulty,
        finished_at=(now or datetime.now()).isoformat(timespec="seconds"), scenarios=rows,
        stars=sum(row["stars"] for row in rows), max_stars=3 * len(rows),
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


def save_summary(summary: Summary, folder: Path) -> Path | None:
    """Write the summary as JSON into `folder` (atomically, readable only by this user) under a name no
    earlier result has, so two games in one second keep both; nothing is written without a player name."""
    if not summary.player:
        return None
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)  # a child's results are readable only by the computer's user
    stamp = summary.finished_at.replace(":", "").replace("-", "")
    stem = f"{stamp}-{_safe_name(summary.player)}"
    data = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")
    for attempt in range(1000):
        path = folder / (f"{stem}.json" if attempt == 0 else f"{stem}-{attempt + 1}.json")
        if atomic.write_new(path, data, mode=0o600):
            return path
    raise OSError(f"no free file name for {stem} in {folder}")


def _safe_name(player: str) -> str:
    return re.sub(r"[^\w-]+", "_", player, flags=re.UNICODE).strip("_")[:40] or "player"
