"""Typed game settings and the levels. Pure Python: the Qt layer persists them with QSettings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class Level:
    """How strict the judge is and how much help the child gets (easy, normal, hard)."""

    name: str
    threshold: float  # probability (after the calm-face baseline) the target must reach
    hold_seconds: float  # how long it must stay there
    show_target: bool  # show the target expression's name and emoji, or let the child infer it from the text
    hint_after_seconds: float  # show the scenario's hint after this much active time


# From benchmarks/judge.py with the shipped model: normal is the lowest threshold (1 s hold) whose
# worst expression stays at or under 5% false passes; easy and hard sit 0.10 either side. The
# thresholds follow the model's confidence, so they are re-measured with every new model (docs/game.md).
LEVELS = {
    "easy": Level("easy", threshold=0.35, hold_seconds=0.6, show_target=True, hint_after_seconds=8.0),
    "normal": Level("normal", threshold=0.45, hold_seconds=1.0, show_target=True, hint_after_seconds=15.0),
    "hard": Level("hard", threshold=0.55, hold_seconds=1.5, show_target=False, hint_after_seconds=25.0),
}
DEFAULT_LEVEL = "normal"
LEVEL_NAMES = tuple(LEVELS)  # easiest first: the one level list (packs, model.json, the game)


def level_named(name: str) -> Level:
    """The level called `name`; the default level for an unknown name."""
    return LEVELS.get(name, LEVELS[DEFAULT_LEVEL])


# A setting whose stored (QSettings) key is not its field's name: the key from before the field was renamed,
# kept so that everyone's saved settings still read.
STORED_KEYS = {"level": "difficulty"}


@dataclass
class Settings:
    camera: int = 0
    language: str = "sv"
    level: str = DEFAULT_LEVEL  # stored as "difficulty" (STORED_KEYS)
    read_aloud: bool = True
    sound: bool = True
    window_width: int = 1280
    window_height: int = 720
    last_pack: str = ""
    player: str = ""  # the player chosen last ("" = guest)
    calm: bool = False  # reduced motion and soft sounds

    def to_dict(self) -> dict:
        """The settings under their stored keys (STORED_KEYS), as from_dict reads them."""
        return {STORED_KEYS.get(name, name): value for name, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, stored: dict) -> Settings:
        """Build settings from stored strings/values; anything missing or unreadable keeps its default."""
        settings = cls()
        for field in fields(cls):
            key = STORED_KEYS.get(field.name, field.name)
            if key in stored:
                value = _coerce(stored[key], type(getattr(settings, field.name)))
                if value is not None:
                    setattr(settings, field.name, value)
        settings.language = settings.language if settings.language in LANGUAGES else "sv"
        settings.level = settings.level if settings.level in LEVELS else DEFAULT_LEVEL
        settings.camera = max(0, settings.camera)
        settings.window_width = min(max(settings.window_width, 640), 7680)
        settings.window_height = min(max(settings.window_height, 480), 4320)
        return settings


def _coerce(value, wanted: type):
    """QSettings hands back strings on some platforms ("true", "3"); turn them into the wanted type."""
    try:
        if wanted is bool:
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if wanted is int:
            return int(value)
        return wanted(value)
    except (TypeError, ValueError):
        return None
