"""The working copy of the pack a teacher is editing: changed in place, checked as it changes, written only
when saved and thrown away on discard. Pure Python; the editor's form shows it and hands it each edit.
"""

from __future__ import annotations

import copy
from pathlib import Path

from actor_trainer.packs import packs as pack_files
from actor_trainer.packs.scenarios import PACK_KEYS, SCENARIO_KEYS, Pack, Scenario, meant_key
from actor_trainer.packs.validation import validate_pack

PACK_FIELDS = ("title", "language", "age_range", "author", "description", "picture")
SCENARIO_FIELDS = ("id", "text", "hint", "hold_seconds", "min_level")
NEW_TARGET = "happy"  # what a new situation shows until the teacher picks


class PackDraft:
    """A copy of `saved` (the pack as read; never changed here) that the teacher edits.

    Every edit marks the draft `dirty`; `save()` writes it over its file and `discard()` goes back to
    `saved`. A built-in pack's draft is read-only: editing it raises ValueError."""

    def __init__(self, saved: Pack):
        self.saved = saved
        self.pack = copy.deepcopy(saved)
        self.dirty = False

    @property
    def editable(self) -> bool:
        """False for a built-in pack (duplicate it to change it)."""
        return not self.pack.builtin

    @property
    def scenarios(self) -> list[Scenario]:
        """The draft's situations, in the order the game plays them."""
        return self.pack.scenarios

    def scenario(self, index: int) -> Scenario | None:
        """The situation at `index`, or None when there is none there."""
        return self.scenarios[index] if 0 <= index < len(self.scenarios) else None

    def problems(self) -> list[str]:
        """What the game would skip the pack for, as the draft stands now (empty: none)."""
        return validate_pack(self.pack)

    def repairs(self) -> list[tuple[int | None, str, str]]:
        """The misspelt keys that can be repaired: (situation index or None for the pack, key as written, the key
        it was meant as); only text values, and only where the meant field is empty or holds the same text."""
        found = []
        places = [(None, self.pack, PACK_KEYS, {"age_range", "author", "description", "title", "language",
                                                "picture"})]
        places += [(index, scenario, SCENARIO_KEYS, {"id", "text", "hint"})
                   for index, scenario in enumerate(self.pack.scenarios)]
        for index, owner, known, text_fields in places:
            for key, value in owner.unknown.items():
                meant = meant_key(key, known)
                current = getattr(owner, meant, None) if meant in text_fields else None
                if isinstance(value, str) and meant in text_fields and current in ("", value):
                    found.append((index, key, meant))
        return found

    def repair_keys(self) -> int:
        """Move each repairable misspelt key's text to the key it was meant as (`repairs`); returns how many."""
        self._check_editable()
        done = self.repairs()
        for index, key, meant in done:
            owner = self.pack if index is None else self.pack.scenarios[index]
            setattr(owner, meant, owner.unknown.pop(key))
        if done:
            self.dirty = True
        return len(done)

    # ------------------------------------------------------------ edits

    def edit_pack(self, **fields) -> None:
        """Set the pack's own fields (title, language, age_range, author, description, picture)."""
        self._check_editable()
        _set_fields(self.pack, fields, PACK_FIELDS)
        self.dirty = True

    def edit_scenario(self, index: int, **fields) -> None:
        """Set fields of the situation at `index` (id, text, hint, hold_seconds, min_level)."""
        scenario = self._editable_scenario(index)
        _set_fields(scenario, fields, SCENARIO_FIELDS)
        self.dirty = True

    def set_targets(self, index: int, target: str, pressed: list[str] | tuple[str, ...]) -> None:
        """Show `target`; the other `pressed` expressions pass too. The one shown before is left out: it was
        pressed only because it was shown, so it does not stay accepted when the shown one changes."""
        scenario = self._editable_scenario(index)
        previous, scenario.target = scenario.target, target
        scenario.alternatives = tuple(name for name in pressed if name not in (target, previous))
        self.dirty = True

    def add_scenario(self) -> int:
        """Append an empty situation with a free id (situation-N); returns its index."""
        self._check_editable()
        used = {scenario.id for scenario in self.scenarios}
        number = len(self.scenarios) + 1
        while f"situation-{number}" in used:
            number += 1
        self.scenarios.append(Scenario(id=f"situation-{number}", text="", target=NEW_TARGET))
        self.dirty = True
        return len(self.scenarios) - 1

    def remove_scenario(self, index: int) -> None:
        """Remove the situation at `index`."""
        self._editable_scenario(index)
        del self.scenarios[index]
        self.dirty = True

    def move_scenario(self, index: int, step: int) -> int | None:
        """Swap the situation at `index` with the one `step` places away; its new index, or None when there
        is no situation at either place (nothing changes then)."""
        self._check_editable()
        other = index + step
        if self.scenario(index) is None or self.scenario(other) is None:
            return None
        self.scenarios[index], self.scenarios[other] = self.scenarios[other], self.scenarios[index]
        self.dirty = True
        return other

    # ------------------------------------------------------------ keeping or dropping the edits

    def save(self) -> Path:
        """Write the draft over its file (packs.save: renamed when the title changed, refused when someone else
        changed the file); returns the path written. On an error nothing changes here and the error rises."""
        self._check_editable()
        path = pack_files.save(self.pack, self.saved.title)
        self.saved = copy.deepcopy(self.pack)
        self.dirty = False
        return path

    def discard(self) -> None:
        """Drop every unsaved edit: the draft is the saved pack again."""
        self.pack = copy.deepcopy(self.saved)
        self.dirty = False

    def _check_editable(self) -> None:
        if not self.editable:
            raise ValueError("built-in packs cannot be changed; duplicate the pack first")

    def _editable_scenario(self, index: int) -> Scenario:
        self._check_editable()
        scenario = self.scenario(index)
        if scenario is None:
            raise IndexError(f"no situation {index + 1} in {self.pack.title!r}")
        return scenario


def _set_fields(target: object, fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"not a field that can be edited: {', '.join(unknown)} (known: {', '.join(allowed)})")
    for name, value in fields.items():
        setattr(target, name, value)
