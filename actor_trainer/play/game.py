"""The game flow over a pack of scenarios: current scenario, pass, skip, retry, pause. Pure Python.

Scenarios are duck-typed (id, text, target, targets, hint, hold_seconds, min_level), as
actor_trainer.packs.scenarios makes them. The thresholds come from the model's operating point for the level.
"""

from __future__ import annotations

from dataclasses import dataclass

from actor_trainer.play.baseline import CalmBaseline
from actor_trainer.play.judge import Judge, JudgeState, Status
from actor_trainer.play.levels import OperatingPoint
from actor_trainer.settings import LEVEL_NAMES, Level


@dataclass
class ScenarioResult:
    scenario_id: str
    text: str
    target: str
    passed: bool
    seconds: float  # time with a face in view, pauses and absences excluded
    attempts: int  # 1 + number of retries
    best_probability: float

    @property
    def skipped(self) -> bool:
        return not self.passed


class Game:
    def __init__(self, scenarios, level: Level, baseline: CalmBaseline | None = None,
                 operating_point: OperatingPoint | None = None):
        self.scenarios = list(scenarios)
        self.level = level
        self.operating_point = operating_point or OperatingPoint(level.name, {}, True)
        self.baseline = baseline or CalmBaseline()
        self.results: list[ScenarioResult] = []
        self.index = 0
        self.paused = False
        self.probs: dict[str, float] | None = None  # the last frame's calm-face-corrected probabilities
        self._start_scenario()

    @property
    def finished(self) -> bool:
        return self.index >= len(self.scenarios)

    @property
    def current(self):
        return None if self.finished else self.scenarios[self.index]

    @property
    def state(self) -> JudgeState:
        return self.judge.state

    @property
    def celebrating(self) -> bool:
        """The current situation passed and waits for `advance`: the judge's verdict (`Judge.passed`, the one
        owner of "passed"; the session's CELEBRATING phase reads it here)."""
        return self.judge.passed

    @property
    def attempts(self) -> int:
        """Tries at the current scenario so far: 1, plus one per retry."""
        return self._attempts

    def hold_seconds_for(self, scenario) -> float:
        """A scenario's own hold time wins over the level's."""
        own = getattr(scenario, "hold_seconds", None)
        return float(own) if own else self.level.hold_seconds

    def update(self, probs: dict[str, float] | None, timestamp: float) -> JudgeState:
        """Feed one frame's (smoothed) probabilities; None when no face is seen."""
        if self.finished or self.paused or self.celebrating:
            return self.judge.state
        corrected = self.probs = self.baseline.apply(probs)  # once per frame: judge, meter and bars share it
        if corrected is not None:
            self._best = max(self._best, max(corrected.get(name, 0.0) for name in self.current.targets))
        state = self.judge.update(corrected, timestamp)
        if state.status is Status.PASSED:
            self._record(passed=True)
        return state

    @property
    def show_hint(self) -> bool:
        return not self.finished and self.judge.active_seconds >= self.level.hint_after_seconds

    def advance(self) -> None:
        """After the celebration: on to the next scenario."""
        if self.celebrating:
            self.index += 1
            self._start_scenario()

    def skip(self) -> None:
        if self.finished:
            return
        if self.celebrating:
            self.advance()
            return
        self._record(passed=False)
        self.index += 1
        self._start_scenario()

    def retry(self) -> None:
        """Start the current scenario's hold and timer again."""
        if self.finished or self.celebrating:
            return
        self._attempts += 1
        self._spent_before_retry += self.judge.active_seconds
        self.judge.reset()
        self._best = 0.0

    def pause(self) -> None:
        self.paused = True
        self.judge.pause()

    def resume(self) -> None:
        self.paused = False
        self.judge.pause()  # the paused interval must not count as held or active time

    def _start_scenario(self) -> None:
        self._attempts = 1
        self._best = 0.0
        self._spent_before_retry = 0.0
        scenario = self.current
        if scenario is None:
            self.judge = Judge("neutral", 1.0, 1.0)
            return
        targets = scenario.targets
        point = self.operating_point
        self.judge = Judge(targets, {name: point.threshold(name) for name in targets},
                           self.hold_seconds_for(scenario), require_top=point.require_top)

    def _record(self, passed: bool) -> None:
        scenario = self.current
        self.results.append(ScenarioResult(
            scenario_id=str(scenario.id), text=scenario.text, target=scenario.target, passed=passed,
            seconds=round(self._spent_before_retry + self.judge.active_seconds, 2), attempts=self._attempts,
            best_probability=round(self._best, 3)))


def scenarios_for_level(scenarios, level_name: str) -> list:
    """Leave out scenarios marked harder than the chosen level (all of them if that leaves none)."""
    scenarios = list(scenarios)
    rank = LEVEL_NAMES.index(level_name) if level_name in LEVEL_NAMES else len(LEVEL_NAMES)
    chosen = [s for s in scenarios
              if getattr(s, "min_level", None) not in LEVEL_NAMES or LEVEL_NAMES.index(s.min_level) <= rank]
    return chosen or scenarios
