"""Pack files in TOML: read into a Pack with FILE:LINE problems, written in the documented layout,
atomically and under the folder's lock. Pure Python; the schema is documented in scenarios/README.md.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import tomllib
from pathlib import Path

import filelock

from actor_trainer import atomic, files
from actor_trainer.labels import canonical_expression
from actor_trainer.packs.problems import ProblemText, type_of
from actor_trainer.packs.scenarios import MAX_PACK_BYTES, PACK_KEYS, SCENARIO_KEYS, Pack, Problem, Scenario
from actor_trainer.packs.toml_lines import LineMap, deepest_line, explain_toml_error, too_deep_line
from actor_trainer.packs.validation import Issue, pack_issues

LOCK_NAME = ".packs.lock"
LOCK_SECONDS = 10.0  # how long a save waits for another process saving the same pack


# ---------------------------------------------------------------- reading


class _NotAPack(Exception):
    """The file cannot be read as a pack at all; `problem` says why."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def load_pack(path: Path) -> tuple[Pack | None, list[Problem]]:
    """Read one pack file. The pack is None only when it cannot be read at all (not UTF-8, not TOML)."""
    path = Path(path)
    try:
        raw = _read_bytes(path)
        text = _decode(path, raw)
        document = _parse_toml(path, text)
    except _NotAPack as unusable:
        return None, [unusable.problem]
    issues: list[Issue] = []
    pack = _build_pack(document, issues)
    pack.path = path
    pack.digest = hashlib.sha256(raw).hexdigest()
    issues.extend(pack_issues(pack))
    lines = LineMap(text)
    return pack, [Problem(path, lines.line_of(issue.index, issue.key), issue.message) for issue in issues]


def _read_bytes(path: Path) -> bytes:
    try:
        return files.read_regular(path, MAX_PACK_BYTES)  # never a FIFO or /dev/zero behind a .toml name
    except OSError as error:
        if error.errno == errno.EFBIG:
            raise _NotAPack(Problem(path, 1, ProblemText("file_too_large", limit_kb=MAX_PACK_BYTES // 1000))) \
                from error
        raise _NotAPack(Problem(path, 1, ProblemText("unreadable", reason=str(error.strerror or error)))) \
            from error


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise _NotAPack(Problem(path, line, ProblemText("not_utf8", byte=f"0x{raw[error.start]:02x}"))) \
            from error


def _parse_toml(path: Path, text: str) -> dict:
    deep = too_deep_line(text)
    if deep is not None:  # refused before the parser, which nests one table per dotted key part, slowly
        raise _NotAPack(Problem(path, deep, ProblemText("nested_too_deeply")))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = explain_toml_error(error, text)
        raise _NotAPack(Problem(path, line, message)) from error
    except RecursionError as error:  # tomllib reads nested lists recursively; a few hundred levels exhaust it
        raise _NotAPack(Problem(path, deepest_line(text), ProblemText("nested_too_deeply"))) from error


def _build_pack(document: dict, issues: list[Issue]) -> Pack:
    for key in document:
        if key not in PACK_KEYS:
            issues.append(Issue(None, key, ProblemText("unknown_key", key=key, known=", ".join(PACK_KEYS))))
    pack = Pack(
        title=_string(document, "title", None, issues),
        language=_string(document, "language", None, issues),
        age_range=_string(document, "age_range", None, issues),
        author=_string(document, "author", None, issues),
        description=_string(document, "description", None, issues),
        picture=_string(document, "picture", None, issues).strip(),
    )
    tables = document.get("scenario", [])
    if not isinstance(tables, list):
        issues.append(Issue(None, "scenario", ProblemText("situations_not_tables")))
        return pack
    for index, table in enumerate(tables):
        if isinstance(table, dict):
            pack.scenarios.append(_build_scenario(index, table, issues))
        else:
            issues.append(Issue(None, "scenario", ProblemText("situation_not_table", number=index + 1)))
    return pack


def _build_scenario(index: int, table: dict, issues: list[Issue]) -> Scenario:
    for key in table:
        if key not in SCENARIO_KEYS:
            issues.append(Issue(index, key, ProblemText("unknown_key", _where(index), key=key,
                                                         known=", ".join(SCENARIO_KEYS))))
    min_level = _string(table, "difficulty", index, issues) if "difficulty" in table else None  # the file's name
    written = _targets(table, index, issues)
    targets = [canonical_expression(name) or name for name in written]
    return Scenario(
        id=_string(table, "id", index, issues),
        text=_string(table, "text", index, issues),
        target=targets[0],
        alternatives=tuple(targets[1:]),
        hint=_string(table, "hint", index, issues),
        hold_seconds=_number(table, "hold_seconds", index, issues),
        min_level=min_level,
        spelling={canonical: name for canonical, name in zip(targets, written, strict=True) if canonical != name},
    )


def _string(table: dict, key: str, index: int | None, issues: list[Issue]) -> str:
    value = table.get(key, "")
    if isinstance(value, str):
        return value
    issues.append(Issue(index, key, ProblemText("not_text", _where(index), key=key, found=type_of(value),
                                                 value=value)))
    return str(value)


def _targets(table: dict, index: int, issues: list[Issue]) -> list[str]:
    """`target = "happy"` or `target = ["surprise", "fear"]` (any of them passes)."""
    value = table.get("target", "")
    if not isinstance(value, list):
        return [_string(table, "target", index, issues)]
    if not value:
        issues.append(Issue(index, "target", ProblemText("empty_target_list", _where(index))))
        return [""]
    names = []
    for item in value:
        if not isinstance(item, str):
            issues.append(Issue(index, "target", ProblemText("target_not_text", _where(index), found=type_of(item),
                                                              value=item)))
        names.append(str(item))
    return names


def _number(table: dict, key: str, index: int | None, issues: list[Issue]) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    issues.append(Issue(index, key, ProblemText("not_seconds", _where(index), key=key, found=type_of(value),
                                                 value=value)))
    return None


def _where(index: int | None) -> tuple[int, str] | None:
    """Where a problem found while reading is: the situation's number (its id is not known yet)."""
    return None if index is None else (index + 1, "")



# ---------------------------------------------------------------- writing


def pack_to_toml(pack: Pack) -> str:
    """The pack as TOML text in the documented layout (comments of a hand-written file are not kept)."""
    lines = ["# Actor Trainer scenario pack (schema: scenarios/README.md)", ""]
    for key in ("title", "language", "age_range", "author", "description"):
        lines.append(f"{key} = {_toml_string(getattr(pack, key))}")
    if pack.picture:
        lines.append(f"picture = {_toml_string(pack.picture)}")
    for scenario in pack.scenarios:
        lines += ["", "[[scenario]]", f"id = {_toml_string(scenario.id)}", f"text = {_toml_string(scenario.text)}",
                  f"target = {_toml_targets(scenario)}"]
        if scenario.hint:
            lines.append(f"hint = {_toml_string(scenario.hint)}")
        if scenario.hold_seconds is not None:
            lines.append(f"hold_seconds = {float(scenario.hold_seconds)!r}")
        if scenario.min_level is not None:
            lines.append(f"difficulty = {_toml_string(scenario.min_level)}")
    return "\n".join(lines) + "\n"


def _toml_targets(scenario: Scenario) -> str:
    written = [scenario.spelling.get(name, name) for name in scenario.targets]
    if len(written) == 1:
        return _toml_string(written[0])
    return "[" + ", ".join(_toml_string(name) for name in written) + "]"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_string(value: str) -> str:
    escaped = []
    for char in value:
        if char in _ESCAPES:
            escaped.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


class PackChangedError(ValueError):
    """The pack's file was changed by another program (another editor window, a second app) since it was read."""


def save_pack(pack: Pack, path: Path, lock: bool = True) -> None:
    """Write atomically (actor_trainer.atomic); the previous version is kept as FILE.toml.bak, written the
    same way. A failure at any point leaves the old file as it was.

    With `lock` the folder's lock (`.packs.lock`, the `filelock` package) is held while the file is
    compared and written. Writing over the file the pack was read from raises PackChangedError when the
    file no longer holds what was read (someone else saved in between); nothing is written then."""
    path = Path(path)
    data = pack_to_toml(pack).encode("utf-8")
    with pack_lock(path) if lock else contextlib.nullcontext():
        _refuse_if_changed(pack, path)
        atomic.write_bytes(path, data, backup=True)
    pack.digest = hashlib.sha256(data).hexdigest()


def _refuse_if_changed(pack: Pack, path: Path) -> None:
    """PackChangedError when `path` is the file the pack was read from and it no longer holds what was read."""
    if pack.digest is None or pack.path is None or Path(pack.path) != path or not path.exists():
        return
    try:
        current = hashlib.sha256(files.read_regular(path, MAX_PACK_BYTES)).hexdigest()
    except OSError:
        current = None
    if current != pack.digest:
        raise PackChangedError(f"{path.name} was changed by someone else since it was opened; "
                               "open it again and redo the change (nothing was saved)")


def pack_lock(path: Path) -> filelock.BaseFileLock:
    """The lock of the packs in one folder (`.packs.lock`; one object per folder in a process, so it may be
    taken again inside)."""
    return filelock.FileLock(Path(path).parent / LOCK_NAME, timeout=LOCK_SECONDS, is_singleton=True)


def edit_pack(path: Path, change) -> Pack:
    """Read the pack at `path`, apply `change(pack)` and save it, all under the file's lock, so edits from
    two processes at once all land. Raises ValueError when the file cannot be read as a pack."""
    with pack_lock(path):
        pack, problems = load_pack(path)
        if pack is None:
            raise ValueError(str(problems[0]))
        change(pack)
        save_pack(pack, path)
    return pack

