"""The front door to the core: a game from (pack, player, level), judged with the model's own profile. Pure Python.

The window asks the coach for a Session and then only renders the Views the session returns and forwards
the child's keys; which situations are played, in which order, at which operating point and against which
calm face is decided here.
"""

from __future__ import annotations

from actor_trainer.people.progress import order_for_practice
from actor_trainer.play.game import scenarios_for_level
from actor_trainer.play.levels import LevelsError
from actor_trainer.play.model_profile import ModelProfile
from actor_trainer.play.session import Session
from actor_trainer.settings import level_named


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

    def start(self, pack, player: str = "", level_name: str = "normal") -> Session:
        """A new game over `pack`'s situations for the level, harder ones left out, this player's hard
        expressions practised again. Raises ValueError when no situation is left."""
        level = level_named(level_name)
        scenarios = self.practice_order(player, scenarios_for_level(pack.scenarios, level.name))
        return Session(scenarios, level, self.profile.levels[level.name], self.baseline_seconds,
                       calm_reference=self.profile.calm_reference)

    def practice_order(self, player: str, scenarios: list) -> list:
        """Adaptive practice: expressions this player found hard come back once more (progress.py)."""
        if not player or self.players is None:
            return scenarios
        try:
            return order_for_practice(scenarios, self.players.history(player))
        except (OSError, ValueError):
            return scenarios
