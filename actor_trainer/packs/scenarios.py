"""Scenario packs: TOML files of situations, loaded safely, validated with FILE:LINE problems, saved atomically.

Pure Python: no Qt, no TensorFlow. The schema is documented in scenarios/README.md.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from actor_trainer import atomic, files
from actor_trainer.labels import EXPRESSIONS, canonical_expression
from actor_trainer.packs.problems import ProblemText, type_of
from actor_trainer.resources import builtin_scenarios_dir
from actor_trainer.settings import LANGUAGES
from actor_trainer.settings import LEVEL_NAMES as DIFFICULTIES

MAX_HOLD_SECONDS = 30.0
MAX_PACK_BYTES = 1_000_000  # a pack of 44 situations is about 10 KB
PACK_SUFFIX = ".toml"
LOCK_NAME = ".packs.lock"
LOCK_SECONDS = 10.0  # how long a save waits for another process saving the same pack
BACKUP_SUFFIX = atomic.BACKUP_SUFFIX

PACK_KEYS = ("title", "language", "age_range", "author", "description", "picture", "scenario")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")  # a pack's picture: an emoji, or an image file next to the pack
MAX_EMOJI_CHARACTERS = 8  # code points: a flag or a family emoji with joiners fits
SCENARIO_KEYS = ("id", "text", "target", "hint", "hold_seconds", "difficulty")


@dataclass
class Problem:
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
    difficulty: str | None = None
    alternatives: tuple[str, ...] = ()
    # how the file spelled an expression ("scared" for fear), so that saving keeps the teacher's words
    spelling: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def targets(self) -> tuple[str, ...]:
        """Every accepted expression, the shown one first."""
        return (self.target, *self.alternatives)


@dataclass
class Pack:
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

    def picture_file(self) -> Path | None:
        """The image file the picture names (it may be missing), or None when the picture is an emoji."""
        if self.path is None or not self.picture.lower().endswith(PICTURE_SUFFIXES):
            return None
        return Path(self.path).parent / self.picture


@dataclass
class _Issue:
    """A problem located by scenario index (None: the pack itself) and key (None: the whole table)."""

    index: int | None
    key: str | None
    message: str


# ---------------------------------------------------------------- validation (shared by files and the editor)


def validate_pack(pack: Pack) -> list[str]:
    """Every semantic problem of an in-memory pack, as messages the editor can show inline."""
    return [issue.message for issue in _semantic_issues(pack)]


def _at(index: int, scenario: Scenario) -> tuple[int, str]:
    """Where a situation's problem is: its number from 1 and its id."""
    return index + 1, scenario.id


def _semantic_issues(pack: Pack) -> Iterator[_Issue]:
    if not pack.title.strip():
        yield _Issue(None, "title", ProblemText("missing_title"))
    if pack.language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        yield _Issue(None, "language", ProblemText("unknown_language", language=pack.language, known=known)
                     if pack.language else ProblemText("missing_language", known=known))
    if pack.picture:
        yield from _picture_issues(pack)
    if not pack.scenarios:
        yield _Issue(None, "scenario", ProblemText("no_situations"))
    first_index_of_id: dict[str, int] = {}
    for index, scenario in enumerate(pack.scenarios):
        yield from _scenario_issues(index, scenario)
        if scenario.id in first_index_of_id:
            first = first_index_of_id[scenario.id]
            yield _Issue(index, "id", ProblemText("duplicate_id", _at(index, scenario), id=scenario.id,
                                                  first=first + 1))
        elif scenario.id:
            first_index_of_id[scenario.id] = index


def _picture_issues(pack: Pack) -> Iterator[_Issue]:
    """An emoji (a few symbols, no letters), or an image file beside the pack that exists."""
    picture = pack.picture
    if picture.lower().endswith(PICTURE_SUFFIXES):
        if "/" in picture or "\\" in picture:
            yield _Issue(None, "picture", ProblemText("picture_in_folder", picture=picture))
        elif pack.path is not None and not (Path(pack.path).parent / picture).is_file():
            yield _Issue(None, "picture", ProblemText("picture_missing", picture=picture))
    elif len(picture) > MAX_EMOJI_CHARACTERS or any(ch.isalnum() or ch.isspace() for ch in picture):
        yield _Issue(None, "picture", ProblemText("picture_not_emoji", picture=picture,
                                                  suffixes="/".join(PICTURE_SUFFIXES)))


def _scenario_issues(index: int, scenario: Scenario) -> Iterator[_Issue]:
    at = _at(index, scenario)
    if not scenario.id.strip():
        yield _Issue(index, "id", ProblemText("missing_id", at))
    if not scenario.text.strip():
        yield _Issue(index, "text", ProblemText("missing_text", at))
    yield from _target_issues(index, at, scenario)
    hold = scenario.hold_seconds
    if hold is not None and not (0 < hold <= MAX_HOLD_SECONDS):
        yield _Issue(index, "hold_seconds", ProblemText("hold_out_of_range", at, limit=f"{MAX_HOLD_SECONDS:g}"))
    if scenario.difficulty is not None and scenario.difficulty not in DIFFICULTIES:
        yield _Issue(index, "difficulty", ProblemText("unknown_difficulty", at, difficulty=scenario.difficulty,
                                                      known=", ".join(DIFFICULTIES)))


def _target_issues(index: int, at: tuple[int, str], scenario: Scenario) -> Iterator[_Issue]:
    seen: set[str] = set()
    for name in scenario.targets:
        if name not in EXPRESSIONS:
            yield _Issue(index, "target", _unknown_expression(name, at))
        elif name in seen:
            written = scenario.spelling.get(name, name)
            yield _Issue(index, "target", ProblemText("listed_twice_as", at, written=written, name=name)
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


# ---------------------------------------------------------------- loading


def load_pack(path: Path) -> tuple[Pack | None, list[Problem]]:
    """Read one pack file. The pack is None only when it cannot be read at all (not UTF-8, not TOML)."""
    path = Path(path)
    try:
        raw = files.read_regular(path, MAX_PACK_BYTES)  # never a FIFO or /dev/zero behind a .toml name
    except OSError as error:
        if error.errno == errno.EFBIG:
            return None, [Problem(path, 1, ProblemText("file_too_large", limit_kb=MAX_PACK_BYTES // 1000))]
        return None, [Problem(path, 1, ProblemText("unreadable", reason=str(error.strerror or error)))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, [Problem(path, line, ProblemText("not_utf8", byte=f"0x{raw[error.start]:02x}"))]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = explain_toml_error(error, text)
        return None, [Problem(path, line, message)]
    except RecursionError:  # tomllib reads nested lists recursively; a few hundred levels exhaust the stack
        return None, [Problem(path, _deepest_line(text), ProblemText("nested_too_deeply"))]
    lines = _LineMap(text)
    issues: list[_Issue] = []
    pack = _build_pack(document, issues)
    pack.path = path
    pack.digest = hashlib.sha256(raw).hexdigest()
    issues.extend(_semantic_issues(pack))
    return pack, [Problem(path, lines.line_of(issue.index, issue.key), issue.message) for issue in issues]


def discover_packs(*folders: Path) -> tuple[list[Pack], list[Problem]]:
    """All packs in the folders that load without problems; the others are skipped and their problems returned."""
    builtin_dir = builtin_scenarios_dir().resolve()
    packs: list[Pack] = []
    problems: list[Problem] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{PACK_SUFFIX}")):
            pack, pack_problems = load_pack(path)
            problems.extend(pack_problems)
            if pack is not None and not pack_problems:
                pack.builtin = folder.resolve() == builtin_dir
                packs.append(pack)
    return packs, problems


_LINE_IN_MESSAGE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


def _decode_error_line(error: Exception, text: str) -> int:
    line = getattr(error, "lineno", None)  # Python 3.14+
    if line:
        return int(line)
    match = _LINE_IN_MESSAGE.search(str(error))
    return int(match.group(1)) if match else max(1, text.count("\n") + 1)


def _decode_error_text(error: Exception) -> str:
    message = getattr(error, "msg", None) or str(error)
    match = _LINE_IN_MESSAGE.search(message)
    if match:
        message = f"{message[:match.start()]} (column {match.group(2)})"
    return message.replace(" (at end of document)", " at the end of the file")


def _deepest_line(text: str) -> int:
    """The line where brackets and braces (outside strings and comments) are nested deepest."""
    depth = deepest = 0
    deepest_line = 1
    for number, line in enumerate(text.splitlines(), start=1):
        quote = None
        for char in line:
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > deepest:
                    deepest, deepest_line = depth, number
            elif char in "]}":
                depth = max(0, depth - 1)
    return deepest_line


_QUOTE_NOT_CLOSED = ("Illegal character '\\n'", "Unterminated string", 'Expected "\'"', "Expected \"'\"")


def explain_toml_error(error: Exception, text: str) -> tuple[int, ProblemText]:
    """The line and a problem naming the likely cause, for the mistakes people make by hand."""
    reason = _decode_error_text(error)
    line = _decode_error_line(error, text)
    if reason.startswith(_QUOTE_NOT_CLOSED):
        line = _line_with_open_quote(text) or line
        return line, ProblemText("quote_not_closed", line=line)
    if reason.startswith("Expected '=' after a key"):
        return line, ProblemText("equals_missing", line=line)
    if reason.startswith("Invalid value"):
        return line, ProblemText("bad_value", line=line)
    if reason.startswith("Cannot overwrite a value"):
        line = _line_with_repeated_key(text) or line
        return line, ProblemText("key_twice", line=line)
    if reason.startswith(("Expected ']]'", "Expected ']'")):
        return line, ProblemText("bracket_missing", line=line)
    if reason.startswith("Unclosed array"):
        line = next((number for number, code in enumerate(text.splitlines(), start=1)
                     if "=" in code and code.count("[") > code.count("]")), line)
        return line, ProblemText("list_not_closed", line=line)
    if reason.startswith("Expected newline or end of document"):
        return line, ProblemText("extra_after_value", line=line)
    return line, ProblemText("not_toml", reason=reason)


def _line_with_open_quote(text: str) -> int | None:
    """The first line whose quotes do not pair up (comment lines and multi-line strings aside)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        if '"""' in line or "'''" in line:
            return None  # a multi-line string: trust the parser's line
        code = re.sub(r"\\.", "", line)
        if code.count('"') % 2 == 1 or (code.count('"') == 0 and code.count("'") % 2 == 1):
            return number
    return None


def _line_with_repeated_key(text: str) -> int | None:
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("["):
            seen = set()
        elif match := _LineMap._KEY.match(line):
            key = next(group for group in match.groups() if group is not None)
            if key in seen:
                return number
            seen.add(key)
    return None


def _build_pack(document: dict, issues: list[_Issue]) -> Pack:
    for key in document:
        if key not in PACK_KEYS:
            issues.append(_Issue(None, key, ProblemText("unknown_key", key=key, known=", ".join(PACK_KEYS))))
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
        issues.append(_Issue(None, "scenario", ProblemText("situations_not_tables")))
        return pack
    for index, table in enumerate(tables):
        if isinstance(table, dict):
            pack.scenarios.append(_build_scenario(index, table, issues))
        else:
            issues.append(_Issue(None, "scenario", ProblemText("situation_not_table", number=index + 1)))
    return pack


def _build_scenario(index: int, table: dict, issues: list[_Issue]) -> Scenario:
    for key in table:
        if key not in SCENARIO_KEYS:
            issues.append(_Issue(index, key, ProblemText("unknown_key", _where(index), key=key,
                                                         known=", ".join(SCENARIO_KEYS))))
    difficulty = _string(table, "difficulty", index, issues) if "difficulty" in table else None
    written = _targets(table, index, issues)
    targets = [canonical_expression(name) or name for name in written]
    return Scenario(
        id=_string(table, "id", index, issues),
        text=_string(table, "text", index, issues),
        target=targets[0],
        alternatives=tuple(targets[1:]),
        hint=_string(table, "hint", index, issues),
        hold_seconds=_number(table, "hold_seconds", index, issues),
        difficulty=difficulty,
        spelling={canonical: name for canonical, name in zip(targets, written, strict=True) if canonical != name},
    )


def _string(table: dict, key: str, index: int | None, issues: list[_Issue]) -> str:
    value = table.get(key, "")
    if isinstance(value, str):
        return value
    issues.append(_Issue(index, key, ProblemText("not_text", _where(index), key=key, found=type_of(value),
                                                 value=value)))
    return str(value)


def _targets(table: dict, index: int, issues: list[_Issue]) -> list[str]:
    """`target = "happy"` or `target = ["surprise", "fear"]` (any of them passes)."""
    value = table.get("target", "")
    if not isinstance(value, list):
        return [_string(table, "target", index, issues)]
    if not value:
        issues.append(_Issue(index, "target", ProblemText("empty_target_list", _where(index))))
        return [""]
    names = []
    for item in value:
        if not isinstance(item, str):
            issues.append(_Issue(index, "target", ProblemText("target_not_text", _where(index), found=type_of(item),
                                                              value=item)))
        names.append(str(item))
    return names


def _number(table: dict, key: str, index: int | None, issues: list[_Issue]) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    issues.append(_Issue(index, key, ProblemText("not_seconds", _where(index), key=key, found=type_of(value),
                                                 value=value)))
    return None


def _where(index: int | None) -> tuple[int, str] | None:
    """Where a problem found while reading is: the situation's number (its id is not known yet)."""
    return None if index is None else (index + 1, "")


class _LineMap:
    """Line numbers of the top-level keys, of each [[scenario]] header and of the keys inside it.

    tomllib gives back plain dicts without positions, so a small scan of the text finds them.
    """

    _SCENARIO_HEADER = re.compile(r"^\s*\[\[\s*scenario\s*\]\]\s*(#.*)?$")
    _OTHER_HEADER = re.compile(r"^\s*\[")
    _KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")

    def __init__(self, text: str):
        self.pack_keys: dict[str, int] = {}
        self.scenarios: list[tuple[int, dict[str, int]]] = []
        current: dict[str, int] | None = self.pack_keys
        open_quote: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if open_quote:
                if line.count(open_quote) % 2 == 1:
                    open_quote = None
                continue
            if self._SCENARIO_HEADER.match(line):
                current = {}
                self.scenarios.append((number, current))
            elif self._OTHER_HEADER.match(line):
                current = None
            elif (match := self._KEY.match(line)) and current is not None:
                current.setdefault(next(group for group in match.groups() if group is not None), number)
            open_quote = self._opens_multiline_string(line)

    @staticmethod
    def _opens_multiline_string(line: str) -> str | None:
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                return quote
        return None

    def line_of(self, index: int | None, key: str | None) -> int:
        if index is None:
            return self.pack_keys.get(key, 1) if key else 1
        if index >= len(self.scenarios):
            return self.pack_keys.get("scenario", 1)
        header_line, keys = self.scenarios[index]
        return keys.get(key, header_line) if key else header_line


# ---------------------------------------------------------------- saving


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
        if scenario.difficulty is not None:
            lines.append(f"difficulty = {_toml_string(scenario.difficulty)}")
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
        if pack.digest is not None and pack.path is not None and Path(pack.path) == path and path.exists():
            try:
                current = hashlib.sha256(files.read_regular(path, MAX_PACK_BYTES)).hexdigest()
            except OSError:
                current = None
            if current != pack.digest:
                raise PackChangedError(f"{path.name} was changed by someone else since it was opened; "
                                       "open it again and redo the change (nothing was saved)")
        atomic.write_bytes(path, data, backup=True)
    pack.digest = hashlib.sha256(data).hexdigest()


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


def backup_path(path: Path) -> Path:
    return atomic.backup_path(path)


def unique_pack_path(folder: Path, title: str) -> Path:
    """A file name in `folder` made from the title that no existing pack uses."""
    stem = re.sub(r"[^\w]+", "-", title.strip().lower()).strip("-_") or "pack"
    candidate = Path(folder) / f"{stem}{PACK_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = Path(folder) / f"{stem}-{number}{PACK_SUFFIX}"
        number += 1
    return candidate
