"""Operating points: per-expression thresholds for each level, owned by the model. Pure Python.

`python -m training export` measures, for every expression, the lowest threshold whose false passes
stay within the level's budget on development data, and writes them into model.json:

    "levels": {"normal": {"false_pass_budget": 0.05, "require_top": true,
                          "thresholds": {"angry": 0.41, "disgust": 0.22, ...}}, ...}

A model folder without levels (an older export) gets one threshold per level from settings.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from actor_trainer.settings import LEVEL_NAMES, LEVELS


class LevelsError(ValueError):
    """model.json's levels are malformed; the message names the field."""


@dataclass(frozen=True)
class OperatingPoint:
    level: str
    thresholds: dict[str, float]
    require_top: bool = True
    false_pass_budget: float | None = None
    measured: bool = False  # False: the defaults from settings.py, not the model's own

    def threshold(self, expression: str) -> float:
        return self.thresholds.get(expression, LEVELS[self.level].threshold if self.level in LEVELS
                                   else 0.5)


def default_levels(classes) -> dict[str, OperatingPoint]:
    """One threshold for every expression, from settings.py (for a model without measured levels)."""
    return {name: OperatingPoint(name, {c: level.threshold for c in classes}) for name, level in LEVELS.items()}


def parse_levels(raw, classes) -> dict[str, OperatingPoint]:
    """Validate model.json's "levels"; raises LevelsError naming the first wrong field."""
    if not isinstance(raw, dict):
        raise LevelsError('"levels" must be an object with easy, normal and hard')
    missing = [name for name in LEVEL_NAMES if name not in raw]
    if missing:
        raise LevelsError(f'"levels" lacks {", ".join(missing)}')
    return {name: _parse_level(name, raw[name], tuple(classes)) for name in LEVEL_NAMES}


def _parse_level(name: str, raw, classes: tuple[str, ...]) -> OperatingPoint:
    where = f"levels.{name}"
    if not isinstance(raw, dict):
        raise LevelsError(f"{where} must be an object")
    thresholds = raw.get("thresholds")
    if not isinstance(thresholds, dict):
        raise LevelsError(f'{where}.thresholds must be an object of expression -> threshold')
    unknown = sorted(set(thresholds) - set(classes))
    if unknown:
        raise LevelsError(f"{where}.thresholds names unknown expressions: {', '.join(unknown)}")
    missing = [c for c in classes if c not in thresholds]
    if missing:
        raise LevelsError(f"{where}.thresholds lacks {', '.join(missing)}")
    for expression, value in thresholds.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not 0 < value <= 1:
            raise LevelsError(f"{where}.thresholds.{expression} must be a number in (0, 1], not {value!r}")
    require_top = raw.get("require_top", True)
    if not isinstance(require_top, bool):
        raise LevelsError(f"{where}.require_top must be true or false, not {require_top!r}")
    budget = raw.get("false_pass_budget")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, (int, float))):
        raise LevelsError(f"{where}.false_pass_budget must be a number, not {budget!r}")
    return OperatingPoint(name, {c: float(thresholds[c]) for c in classes}, require_top,
                          None if budget is None else float(budget), measured=True)


def model_levels(metadata: dict) -> dict[str, OperatingPoint]:
    """The model's own levels, or the settings.py defaults when model.json has none."""
    classes = metadata.get("classes", ())
    if "levels" not in metadata:
        return default_levels(classes)
    return parse_levels(metadata["levels"], classes)
