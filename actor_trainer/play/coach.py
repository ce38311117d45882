"""The front door to the core: a game's whole life, from (pack, player, level) to the saved record. Pure Python.

The window asks the coach for a Plan (what the start screen tells before a game) and a Session, then only
renders the Views the session returns and forwards the child's keys, and at the end hands the session back to
`finish`, which saves the one typed record of the game through the one PlayerStore and says how that went.
Which situations are played, in which order, at which operating point and against which calm face, and whether
a game is saved, are decided here (and in what it calls), never in the window.

Verbs: `plan`, `start`, `use_model`, `finish`, `save_again`, `add_player`; `players` is the one PlayerStore
(None: everyone plays as a guest), built once at start by ui/app.py and shared with the teacher's window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from actor_trainer.people.players import PlayerError, PlayerStore
from actor_trainer.people.progress import order_for_practice
from actor_trainer.people.records import GameRecord
from actor_trainer.people.results import Summary
from actor_trainer.people.saving import GameSaver, SaveResult, reason_of
from actor_trainer.play.game import scenarios_for_level
from actor_trainer.play.levels import LevelsError
from actor_trainer.play.model_profile import ModelProfile
from actor_trainer.play.session import Session
from actor_trainer.settings import Level, level_named


def profile_of(pipeline) -> ModelProfile:
    """The profile of the pipeline's model (`pipeline.classifier.profile`, or its `metadata` parsed once);
    the default profile when there is no model yet or its levels cannot be used."""
    classifier = getattr(pipeline, "classifier", None)
    profile = getattr(classifier, "profile", None)
    if isinstance(profile, ModelProfile):
        return profile
    try:
        return ModelProfile.parse(getattr(classifier, "metadata", None) or {})
    except LevelsError:
        return ModelProfile.default()


@dataclass(frozen=True)
class Plan:
    """The situations a player meets in a pack at a level. `scenarios`: in the order they are played (the
    pack's at the level, `min_level` harder ones left out, then this player's hard expressions once more);
    `at_level`: how many of the pack's situations the level plays; `total`: the pack's situations."""

    level: Level
    scenarios: tuple
    at_level: int
    total: int

    @property
    def left_out(self) -> int:
        """Situations the level leaves out for a harder one."""
        return self.total - self.at_level

    @property
    def extra(self) -> int:
        """Situations adaptive practice adds for this player (0 for a guest)."""
        return len(self.scenarios) - self.at_level


@dataclass(frozen=True)
class Finished:
    """A game handed back to the coach: `summary` (what the summary screen shows), `game` (the one record
    saved) and `save` (how its save went: saved, a guest's, or failed with a reason; people/saving.py)."""

    summary: Summary
    game: GameRecord
    save: SaveResult


class Coach:
    """`players`: the one PlayerStore (None: everyone plays as a guest); `profile`: the model's, once it is
    loaded; `pending`: the folder where a game whose save failed waits for the next start (None: memory only)."""

    def __init__(self, players: PlayerStore | None = None, profile: ModelProfile | None = None,
                 baseline_seconds: float = 3.0, pending: Path | None = None):
        self.players = players
        self.profile = profile or ModelProfile.default()
        self.baseline_seconds = baseline_seconds
        self.saver = GameSaver(players, pending)

    def use_model(self, pipeline, waiting: Session | None = None) -> None:
        """The model is loaded: its profile judges from now on, a game still finding its calm-face baseline included."""
        self.profile = profile_of(pipeline)
        if waiting is not None:
            waiting.use_model(self.profile.levels[waiting.level.name], self.profile.calm_reference)

    def plan(self, pack, player: str = "", level_name: str = "normal") -> Plan:
        """What `player` ("" a guest) meets in `pack` at the level: the one rule the start screen's counts and
        notes and the game itself follow. Reads the player's history (a file) when there is a player."""
        level = level_named(level_name)
        at_level = scenarios_for_level(pack.scenarios, level.name)
        return Plan(level, tuple(self._practice_order(player, at_level)), len(at_level), len(pack.scenarios))

    def start(self, pack, player: str = "", level_name: str = "normal") -> Session:
        """A new game over the plan's situations (`plan`). Raises ValueError when the pack has none."""
        plan = self.plan(pack, player, level_name)
        return Session(list(plan.scenarios), plan.level, self.profile.levels[plan.level.name], self.baseline_seconds,
                       calm_reference=self.profile.calm_reference)

    def _practice_order(self, player: str, scenarios: list) -> list:
        """Adaptive practice: expressions this player found hard come back once more (progress.py)."""
        if not player or self.players is None:
            return scenarios
        try:
            return order_for_practice(scenarios, self.players.history(player))
        except (OSError, ValueError):
            return scenarios

    def finish(self, session: Session | None, player: str = "", pack_title: str = "") -> Finished | None:
        """The game is over (finished or stopped): its record saved in the player's history (a guest's is not,
        a failed save is kept aside: people/saving.py). None when there is no game to summarise."""
        summary = session.summary(player, pack_title) if session is not None else None
        if summary is None:
            return None
        game = summary.record
        return Finished(summary, game, self.saver.save(game))

    def save_again(self, finished: Finished) -> Finished:
        """Save again (S) a game whose save failed; the same game when its save cannot be retried."""
        if not finished.save.can_retry:
            return finished
        return Finished(finished.summary, finished.game, self.saver.retry(finished.game, finished.save))

    def add_player(self, name: str, avatar: str):
        """A new player (players.Player). PlayerError whose `reason` says why not: the name's ("empty",
        "too_long", "no_avatar", "duplicate") or the folder's (people/saving.py REASONS: "no_space",
        "read_only", "other"), its message the system's own words for the latter."""
        if self.players is None:
            raise PlayerError("other", "There is no players folder.")
        try:
            return self.players.add(name, avatar)
        except OSError as error:
            raise PlayerError(reason_of(error), str(error.strerror or error)) from error
