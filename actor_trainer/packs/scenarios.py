"""Scenario packs as data: the Scenario and Pack model, the schema's keys and limits, and pack file names.

Pure Python: no Qt, no TensorFlow. The schema is documented in scenarios/README.md. Validation lives in
packs/validation.py, reading and writing TOML files in packs/toml_format.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from actor_trainer import atomic, settings
from actor_trainer.files import is_hidden

LANGUAGES = settings.LANGUAGES  # the languages a pack may be in (one list, in settings)
LEVEL_NAMES = settings.LEVEL_NAMES  # a situation's min_level is one of the game's levels (one list, in settings)
MAX_HOLD_SECONDS = 30.0
MAX_PACK_BYTES = 1_000_000  # a pack of 44 situations is about 10 KB
PACK_SUFFIX = ".toml"
BACKUP_SUFFIX = atomic.BACKUP_SUFFIX

PACK_KEYS = ("title", "language", "age_range", "author", "description", "picture", "scenario")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")  # a pack's picture: an emoji, or an image file next to the pack
MAX_SCREEN_TEXT = 200  # characters of a situation that fit the play screen at 1024x600 in the usual type
MAX_SCREEN_HINT = 120  # and of a hint (longer ones are drawn smaller, and `validate` and the editor warn)
MAX_EMOJI_CHARACTERS = 8  # code points: a flag or a family emoji with joiners fits
SCENARIO_KEYS = ("id", "text", "target", "hint", "hold_seconds", "difficulty")  # "difficulty": Scenario.min_level


@dataclass
class Problem:
    """One problem of a pack file, where it is: FILE:LINE: message."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Scenario:
    """One situation. `target` is the expression shown to the child; `alternatives` are other reactions
    that honestly fit the situation and pass too (a loud bang: surprise, or fear)."""

    id: str
    text: str
    target: str
    hint: str = ""
    hold_seconds: float | None = None
    min_level: str | None = None  # the lowest level it is played at (None: every level); the file's `difficulty`
    alternatives: tuple[str, ...] = ()
    # how the file spelled an expression ("scared" for fear), so that saving keeps the teacher's words
    spelling: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # keys the schema does not know ("hnit" for hint), with their values: kept (saving writes them back, so no
    # text is lost), reported by validation with the key they were probably meant as, repaired by PackDraft
    unknown: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def targets(self) -> tuple[str, ...]:
        """Every accepted expression, the shown one first."""
        return (self.target, *self.alternatives)


@dataclass
class Pack:
    """A pack of situations and what the start screen says about it; `path` is the file it came from."""

    title: str
    language: str
    scenarios: list[Scenario] = field(default_factory=list)
    age_range: str = ""
    author: str = ""
    description: str = ""
    picture: str = ""  # an emoji ("🏫") or the name of an image file next to the pack ("zoo.png")
    path: Path | None = None
    builtin: bool = False
    # sha256 of the file as it was read or last saved: save_pack refuses to write over a file someone else
    # changed since (PackChangedError) instead of silently losing their edit
    digest: str | None = field(default=None, compare=False, repr=False)
    unknown: dict[str, object] = field(default_factory=dict, compare=False, repr=False)  # as Scenario.unknown

    def picture_file(self) -> Path | None:
        """The image file the picture names (it may be missing), or None when the picture is an emoji."""
        if self.path is None or not self.picture.lower().endswith(PICTURE_SUFFIXES):
            return None
        return Path(self.path).parent / self.picture


def pack_files_in(folder: Path) -> list[Path]:
    """The pack files of a folder, sorted by name: `*.toml`, hidden and `._NAME` files left out (the one rule of
    where the game, the editor and `scenarios validate` look for packs); [] when the folder does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(f"*{PACK_SUFFIX}") if not is_hidden(path))


def meant_key(key: str, known: tuple[str, ...]) -> str | None:
    """The known key a misspelt one was probably meant as ("hnit" -> "hint", "Text" -> "text"), or None."""
    import difflib

    lowered = key.strip().lower()
    if lowered in known:
        return lowered
    close = difflib.get_close_matches(lowered, known, n=1, cutoff=0.6)
    return close[0] if close else None


def backup_path(path: Path) -> Path:
    """Where the previous version of a pack file is kept (FILE.toml.bak)."""
    return atomic.backup_path(path)


MAX_STEM_BYTES = 120  # a file name from a title: most file systems allow 255 bytes, and " -99.toml.bak" follows


def unique_pack_path(folder: Path, title: str) -> Path:
    """A file name in `folder` made from the title that no existing pack uses."""
    stem = re.sub(r"[^\w]+", "-", title.strip().lower()).strip("-_") or "pack"
    stem = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip("-_") or "pack"  # a long title
    candidate = Path(folder) / f"{stem}{PACK_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = Path(folder) / f"{stem}-{number}{PACK_SUFFIX}"
        number += 1
    return candidate
