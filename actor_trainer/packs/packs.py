"""What the game and the teacher do with pack files: discover, create, duplicate, rename, save, delete (with a
backup), import and export. Pure Python; the editor only asks and shows.

Every write goes through toml_format.save_pack (atomic, the previous version kept as FILE.toml.bak).
A teacher's pack file is named after its title; when the title changes, the file follows on save.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from actor_trainer import atomic, files
from actor_trainer.packs.scenarios import (
    MAX_PACK_BYTES,
    PACK_SUFFIX,
    Pack,
    Problem,
    Scenario,
    backup_path,
    unique_pack_path,
)
from actor_trainer.packs.toml_format import LOCK_NAME, load_pack, pack_lock, save_pack
from actor_trainer.resources import builtin_scenarios_dir


@dataclass
class Library:
    """The packs an editor lists: built-in ones first, then the teacher's, each with its file's problems."""
    packs: list[Pack] = field(default_factory=list)
    problems: dict[Path, list[Problem]] = field(default_factory=dict)
    unreadable: list[Problem] = field(default_factory=list)  # files that are not a pack at all


def remove_leftovers(user_dir: Path) -> None:
    """Delete the temporary files a save killed half-way left in the teacher's packs folder (held under the
    folder's lock: never the temporary of another instance's save). Nothing to do when the folder is absent."""
    user_dir = Path(user_dir)
    if user_dir.is_dir():
        with pack_lock(user_dir / LOCK_NAME):
            atomic.remove_leftovers(user_dir)


def discover_packs(*folders: Path) -> tuple[list[Pack], list[Problem]]:
    """All packs in the folders that load without problems (what the game offers); the others are skipped
    and their problems returned."""
    builtin_dir = builtin_scenarios_dir().resolve()
    found: list[Pack] = []
    problems: list[Problem] = []
    for folder in map(Path, folders):
        for path in sorted(folder.glob(f"*{PACK_SUFFIX}")) if folder.is_dir() else []:
            pack, pack_problems = load_pack(path)
            problems.extend(pack_problems)
            if pack is not None and not pack_problems:
                pack.builtin = folder.resolve() == builtin_dir
                found.append(pack)
    return found, problems


def discover(builtin_dir: Path, user_dir: Path) -> Library:
    """Every pack file the editor lists, problems and all (a file that is not a pack goes to `unreadable`)."""
    library = Library()
    for folder, builtin in ((Path(builtin_dir), True), (Path(user_dir), False)):
        for path in sorted(folder.glob(f"*{PACK_SUFFIX}")) if folder.is_dir() else []:
            pack, problems = load_pack(path)
            if pack is None:
                library.unreadable.extend(problems)
                continue
            pack.builtin = builtin
            library.packs.append(pack)
            library.problems[path] = problems
    return library


def create(user_dir: Path, title: str, language: str) -> Pack:
    pack = Pack(title=title, language=language, scenarios=[Scenario(id="situation-1", text="", target="happy")],
                age_range="6-12")
    return _write_new(pack, user_dir)


def duplicate(pack: Pack, user_dir: Path, title: str) -> Pack:
    copied = copy.deepcopy(pack)
    copied.title = title
    return _write_new(copied, user_dir)


def save(pack: Pack, saved_title: str | None = None) -> Path:
    """Write a teacher's pack over its file. When the title changed from `saved_title` and the file was named
    after that title (new-pack.toml), the file moves to a name that follows the new title; a name the
    teacher chose by hand is kept."""
    if pack.builtin or pack.path is None:
        raise ValueError("built-in packs cannot be changed; duplicate the pack first")
    old_path = Path(pack.path)
    follows = saved_title is not None and pack.title.strip() and not _named_after(old_path, pack.title) \
        and _named_after(old_path, saved_title)
    new_path = unique_pack_path(old_path.parent, pack.title) if follows else old_path
    save_pack(pack, new_path)
    if new_path != old_path:
        old_path.unlink(missing_ok=True)
        atomic.fsync_folder(old_path.parent)
        pack.path = new_path
    return new_path


def rename(pack: Pack, title: str) -> Path:
    title = title.strip()
    if not title:
        raise ValueError("a pack needs a title")
    saved_title, pack.title = pack.title, title
    return save(pack, saved_title)


def delete(pack: Pack) -> Path:
    """Move the file aside to FILE.toml.bak (the game and the editor ignore it); returns the backup."""
    if pack.builtin or pack.path is None:
        raise ValueError("built-in packs cannot be deleted")
    backup = backup_path(pack.path)
    os.replace(pack.path, backup)
    atomic.fsync_folder(Path(pack.path).parent)
    return backup


def check_import(source: Path) -> tuple[Pack | None, list[Problem]]:
    """Read a file before importing it; the pack is None when it cannot be used at all."""
    return load_pack(Path(source))


def import_pack(source: Path, user_dir: Path) -> Path:
    """Copy the file, unchanged (comments and all), into the teacher's folder under a free name: the name is
    chosen and written under the folder's lock, so two imports at once make two files and no instance
    starting meanwhile removes the import's temporary."""
    source = Path(source)
    pack, _ = load_pack(source)
    if pack is None:
        raise ValueError(f"{source.name} is not a pack that can be read")
    data = files.read_regular(source, MAX_PACK_BYTES)
    atomic.make_folder(Path(user_dir))
    with pack_lock(Path(user_dir) / LOCK_NAME):
        target = unique_pack_path(Path(user_dir), pack.title or source.stem)
        atomic.write_bytes(target, data)
    return target


def export(pack: Pack, target: Path) -> Path:
    target = Path(target)
    if not target.suffix:
        target = target.with_suffix(PACK_SUFFIX)
    save_pack(pack, target, lock=False)  # no lock file left on a teacher's USB stick
    return target


def _write_new(pack: Pack, user_dir: Path) -> Pack:
    atomic.make_folder(Path(user_dir))
    with pack_lock(Path(user_dir) / LOCK_NAME):  # the free name stays free until the pack is written
        pack.path = unique_pack_path(Path(user_dir), pack.title)
        pack.builtin = False
        save_pack(pack, pack.path)
    return pack


def _named_after(path: Path, title: str) -> bool:
    """True when the file name is the one the title gives (or that name with a -2, -3 … to keep it free)."""
    stem = unique_pack_path(Path("/nonexistent-folder"), title).stem
    return re.fullmatch(re.escape(stem) + r"(-\d+)?", path.stem) is not None
