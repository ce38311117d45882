"""The front door to the core: a game from (pack, player, level), judged with the model's own profile. Pure Python.

The window asks the coach for a Plan (what the start screen tells before a game) and a Session, and then only
renders the Views the session returns and forwards the child's keys; which situations are played, in which
order, at which operating point and against which calm face is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from actor_trainer.people.progress import order_for_practice
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


class Coach:
    """`players`: a PlayerStore (None: everyone plays as a guest); `profile`: the model's, once it is loaded."""

    def __init__(self, players=None, profile: ModelProfile | None = None, baseline_seconds: float = 3.0):
        self.players = players
        self.profile = profile or ModelProfile.default()
        self.baseline_seconds = baseline_seconds

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
