"""model.json read once into a model profile: what the game needs from a model, parsed and checked. Pure Python.

The profile is also a read-only mapping over model.json itself, so tools that read other fields (the
evaluation's `posed_subjects_trained`, the figures of a benchmark) keep reading them as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.play.baseline import model_reference
from actor_trainer.play.levels import LevelsError, OperatingPoint, model_levels

__all__ = ["LevelsError", "ModelProfile"]


@dataclass(frozen=True, eq=False)
class ModelProfile(Mapping):
    """`levels`: the operating point per level (model.json "levels", or the settings.py defaults);
    `temperature`: the temperature scaling the classifier applies; `calm_reference`: what the calm-face
    baseline aims at (None: the default reference); `metadata`: model.json as read."""

    classes: tuple[str, ...]
    levels: dict[str, OperatingPoint]
    temperature: float = 1.0
    calm_reference: dict[str, float] | None = None
    flip_average: bool = False
    metadata: Mapping = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, metadata: Mapping) -> ModelProfile:
        """The profile of model.json's fields (already checked by classifier.read_metadata); a model
        without "classes" has the FER2013 ones. Raises LevelsError naming the first wrong level field."""
        if isinstance(metadata, ModelProfile):
            return metadata
        metadata = {"classes": list(EXPRESSIONS), **metadata}
        return cls(classes=tuple(metadata["classes"]), levels=model_levels(metadata),
                   temperature=float(metadata.get("temperature", 1.0)), calm_reference=model_reference(metadata),
                   flip_average=bool(metadata.get("flip_average", False)), metadata=metadata)

    @classmethod
    def default(cls) -> ModelProfile:
        """The profile before any model is loaded: the settings.py levels, the default calm reference."""
        return cls.parse({})

    def __getitem__(self, key: str):
        return self.metadata[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.metadata)

    def __len__(self) -> int:
        return len(self.metadata)
