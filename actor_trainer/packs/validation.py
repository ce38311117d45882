"""What the game needs of a pack, checked on the model: shared by reading a file and by the editor.

Each problem is an Issue located by situation index and key, so that reading a file can turn it into
FILE:LINE (packs/toml_format.py) and the editor can list it beside the form. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from actor_trainer.labels import EXPRESSIONS, canonical_expression
from actor_trainer.packs.problems import ProblemText
from actor_trainer.packs.scenarios import (
    LANGUAGES,
    LEVEL_NAMES,
    MAX_EMOJI_CHARACTERS,
    MAX_HOLD_SECONDS,
    MAX_SCREEN_HINT,
    MAX_SCREEN_TEXT,
    PACK_KEYS,
    PICTURE_SUFFIXES,
    SCENARIO_KEYS,
    Pack,
    Scenario,
    meant_key,
)


@dataclass
class Issue:
    """A problem located by scenario index (None: the pack itself) and key (None: the whole table)."""

    index: int | None
    key: str | None
    message: str


def validate_pack(pack: Pack) -> list[str]:
    """Every semantic problem of an in-memory pack, as messages the editor can show inline."""
    return [issue.message for issue in pack_issues(pack)]


def pack_issues(pack: Pack) -> Iterator[Issue]:
    """Every semantic problem of the pack, located: the pack's own fields, then each situation."""
    yield from unknown_key_issues(None, pack.unknown, PACK_KEYS)
    if not pack.title.strip():
        yield Issue(None, "title", ProblemText("missing_title"))
    if pack.language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        yield Issue(None, "language", ProblemText("unknown_language", language=pack.language, known=known)
                    if pack.language else ProblemText("missing_language", known=known))
    if pack.picture:
        yield from _picture_issues(pack)
    if not pack.scenarios:
        yield Issue(None, "scenario", ProblemText("no_situations"))
    first_index_of_id: dict[str, int] = {}
    for index, scenario in enumerate(pack.scenarios):
        yield from _scenario_issues(index, scenario)
        if scenario.id in first_index_of_id:
            first = first_index_of_id[scenario.id]
            yield Issue(index, "id", ProblemText("duplicate_id", _at(index, scenario), id=scenario.id,
                                                 first=first + 1))
        elif scenario.id:
            first_index_of_id[scenario.id] = index


def screen_issues(pack: Pack) -> Iterator[Issue]:
    """Warnings, not problems (the game plays the pack): texts too long for the play screen at its smallest
    size (1024x600), which the game then draws in smaller type."""
    for index, scenario in enumerate(pack.scenarios):
        for key, text, limit in (("text", scenario.text, MAX_SCREEN_TEXT), ("hint", scenario.hint, MAX_SCREEN_HINT)):
            if len(text.strip()) > limit:
                yield Issue(index, key, ProblemText(f"{key}_too_long", _at(index, scenario), length=len(text.strip()),
                                                    limit=limit))


def _at(index: int, scenario: Scenario) -> tuple[int, str]:
    """Where a situation's problem is: its number from 1 and its id."""
    return index + 1, scenario.id


def _picture_issues(pack: Pack) -> Iterator[Issue]:
    """An emoji (a few symbols, no letters), or an image file beside the pack that exists."""
    picture = pack.picture
    if picture.lower().endswith(PICTURE_SUFFIXES):
        if "/" in picture or "\\" in picture:
            yield Issue(None, "picture", ProblemText("picture_in_folder", picture=picture))
        elif pack.path is not None and not (Path(pack.path).parent / picture).is_file():
            yield Issue(None, "picture", ProblemText("picture_missing", picture=picture))
    elif len(picture) > MAX_EMOJI_CHARACTERS or any(ch.isalnum() or ch.isspace() for ch in picture):
        yield Issue(None, "picture", ProblemText("picture_not_emoji", picture=picture,
                                                 suffixes="/".join(PICTURE_SUFFIXES)))


def unknown_key_issues(index: int | None, unknown: dict, known: tuple[str, ...],
                       at: tuple[int, str] | None = None) -> Iterator[Issue]:
    """A key the schema does not know, with the key it was probably meant as when there is one ("hnit": hint)."""
    for key in unknown:
        guess = meant_key(key, known)
        if guess is not None and guess != "scenario":
            yield Issue(index, key, ProblemText("unknown_key_guess", at, key=key, guess=guess))
        else:
            yield Issue(index, key, ProblemText("unknown_key", at, key=key, known=", ".join(known)))


def _scenario_issues(index: int, scenario: Scenario) -> Iterator[Issue]:
    at = _at(index, scenario)
    yield from unknown_key_issues(index, scenario.unknown, SCENARIO_KEYS, at)
    if not scenario.id.strip():
        yield Issue(index, "id", ProblemText("missing_id", at))
    if not scenario.text.strip():
        yield Issue(index, "text", ProblemText("missing_text", at))
    yield from _target_issues(index, at, scenario)
    hold = scenario.hold_seconds
    if hold is not None and not (0 < hold <= MAX_HOLD_SECONDS):
        yield Issue(index, "hold_seconds", ProblemText("hold_out_of_range", at, limit=f"{MAX_HOLD_SECONDS:g}"))
    if scenario.min_level is not None and scenario.min_level not in LEVEL_NAMES:  # the file's key: difficulty
        yield Issue(index, "difficulty", ProblemText("unknown_difficulty", at, difficulty=scenario.min_level,
                                                     known=", ".join(LEVEL_NAMES)))


def _target_issues(index: int, at: tuple[int, str], scenario: Scenario) -> Iterator[Issue]:
    seen: set[str] = set()
    for name in scenario.targets:
        if name not in EXPRESSIONS:
            yield Issue(index, "target", _unknown_expression(name, at))
        elif name in seen:
            written = scenario.spelling.get(name, name)
            yield Issue(index, "target", ProblemText("listed_twice_as", at, written=written, name=name)
                        if written != name else ProblemText("listed_twice", at, name=name))
        seen.add(name)


def _unknown_expression(target: str, at: tuple[int, str]) -> ProblemText:
    known = ", ".join(EXPRESSIONS)
    if not target:
        return ProblemText("missing_target", at, known=known)
    guess = canonical_expression(target)
    if guess:
        return ProblemText("unknown_expression_guess", at, name=target, known=known, guess=guess)
    return ProblemText("unknown_expression", at, name=target, known=known)
