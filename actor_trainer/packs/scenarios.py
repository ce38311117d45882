"""Scenario packs: TOML files of situations, loaded safely, validated with FILE:LINE problems, saved atomically.

Pure Python: no Qt, no TensorFlow. The schema is documented in scenarios/README.md.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from actor_trainer import atomic
from actor_trainer.labels import EXPRESSIONS, canonical_expression
from actor_trainer.resources import builtin_scenarios_dir

LANGUAGES = ("en", "sv")
DIFFICULTIES = ("easy", "normal", "hard")
MAX_HOLD_SECONDS = 30.0
MAX_PACK_BYTES = 1_000_000  # a pack of 44 situations is about 10 KB
PACK_SUFFIX = ".toml"
BACKUP_SUFFIX = atomic.BACKUP_SUFFIX

PACK_KEYS = ("title", "language", "age_range", "author", "description", "scenario")
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
    path: Path | None = None
    builtin: bool = False


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


def scenario_label(index: int, scenario: Scenario) -> str:
    return f'situation {index + 1} ("{scenario.id}")' if scenario.id else f"situation {index + 1}"


def _semantic_issues(pack: Pack) -> Iterator[_Issue]:
    if not pack.title.strip():
        yield _Issue(None, "title", "missing title")
    if pack.language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        problem = f'unknown language "{pack.language}"' if pack.language else "missing language"
        yield _Issue(None, "language", f"{problem}; use one of {known}")
    if not pack.scenarios:
        yield _Issue(None, "scenario", "the pack has no situations; add at least one [[scenario]]")
    first_index_of_id: dict[str, int] = {}
    for index, scenario in enumerate(pack.scenarios):
        yield from _scenario_issues(index, scenario)
        if scenario.id in first_index_of_id:
            first = first_index_of_id[scenario.id]
            yield _Issue(index, "id", f'{scenario_label(index, scenario)}: duplicate id "{scenario.id}" '
                                      f"(already used by situation {first + 1})")
        elif scenario.id:
            first_index_of_id[scenario.id] = index


def _scenario_issues(index: int, scenario: Scenario) -> Iterator[_Issue]:
    label = scenario_label(index, scenario)
    if not scenario.id.strip():
        yield _Issue(index, "id", f"{label}: missing id")
    if not scenario.text.strip():
        yield _Issue(index, "text", f"{label}: missing text")
    yield from _target_issues(index, label, scenario)
    hold = scenario.hold_seconds
    if hold is not None and not (0 < hold <= MAX_HOLD_SECONDS):
        yield _Issue(index, "hold_seconds", f"{label}: hold_seconds must be between 0 and {MAX_HOLD_SECONDS:g}")
    if scenario.difficulty is not None and scenario.difficulty not in DIFFICULTIES:
        yield _Issue(index, "difficulty",
                     f'{label}: unknown difficulty "{scenario.difficulty}"; use one of {", ".join(DIFFICULTIES)}')


def _target_issues(index: int, label: str, scenario: Scenario) -> Iterator[_Issue]:
    seen: set[str] = set()
    for name in scenario.targets:
        if name not in EXPRESSIONS:
            yield _Issue(index, "target", f"{label}: {_unknown_expression_message(name)}")
        elif name in seen:
            written = scenario.spelling.get(name, name)
            yield _Issue(index, "target", f'{label}: "{written}" is listed twice in target (same as "{name}")'
                         if written != name else f'{label}: "{name}" is listed twice in target')
        seen.add(name)


def _unknown_expression_message(target: str) -> str:
    if not target:
        return f"missing target; use one of {', '.join(EXPRESSIONS)}"
    message = f'unknown expression "{target}"; use one of {", ".join(EXPRESSIONS)}'
    suggestion = canonical_expression(target)
    return f'{message} (did you mean "{suggestion}"?)' if suggestion else message


# ---------------------------------------------------------------- loading


def load_pack(path: Path) -> tuple[Pack | None, list[Problem]]:
    """Read one pack file. The pack is None only when it cannot be read at all (not UTF-8, not TOML)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            return None, [Problem(path, 1, f"file too large for a pack (over {MAX_PACK_BYTES // 1000} KB)")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read the file: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, [Problem(path, line, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = explain_toml_error(error, text)
        return None, [Problem(path, line, message)]
    except RecursionError:  # tomllib reads nested lists recursively; a few hundred levels exhaust the stack
        return None, [Problem(path, _deepest_line(text), "lists or tables nested too deeply to read")]
    lines = _LineMap(text)
    issues: list[_Issue] = []
    pack = _build_pack(document, issues)
    pack.path = path
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


def explain_toml_error(error: Exception, text: str) -> tuple[int, str]:
    """The line and a message naming the likely cause, for the mistakes people make by hand."""
    reason = _decode_error_text(error)
    line = _decode_error_line(error, text)
    if reason.startswith(_QUOTE_NOT_CLOSED):
        line = _line_with_open_quote(text) or line
        return line, f"a quote is not closed on line {line}: text must end with the same quote it starts with"
    if reason.startswith("Expected '=' after a key"):
        return line, f'an = sign is missing on line {line}: write a key, =, and the value, like title = "My pack"'
    if reason.startswith("Invalid value"):
        return line, (f'line {line} has a value the game does not understand: put text in quotes '
                      f'(target = "happy") and write numbers with a dot (hold_seconds = 2.5)')
    if reason.startswith("Cannot overwrite a value"):
        line = _line_with_repeated_key(text) or line
        return line, f"a key is written twice (line {line}): each key may appear once in the pack and in each situation"
    if reason.startswith(("Expected ']]'", "Expected ']'")):
        return line, f"a bracket is missing on line {line}: every situation starts with the line [[scenario]]"
    if reason.startswith("Unclosed array"):
        line = next((number for number, code in enumerate(text.splitlines(), start=1)
                     if "=" in code and code.count("[") > code.count("]")), line)
        return line, f'a list is not closed on line {line}: end it with ], like target = ["surprise", "fear"]'
    if reason.startswith("Expected newline or end of document"):
        return line, (f"line {line} has something extra after its value: one key per line, numbers with a dot "
                      f"(2.5, not 2,5), text in quotes")
    return line, f"not valid TOML: {reason}"


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
            issues.append(_Issue(None, key, f'unknown key "{key}" (expected one of {", ".join(PACK_KEYS)})'))
    pack = Pack(
        title=_string(document, "title", None, issues),
        language=_string(document, "language", None, issues),
        age_range=_string(document, "age_range", None, issues),
        author=_string(document, "author", None, issues),
        description=_string(document, "description", None, issues),
    )
    tables = document.get("scenario", [])
    if not isinstance(tables, list):
        issues.append(_Issue(None, "scenario", "wrong type: write each situation as a [[scenario]] table "
                                               "(double brackets)"))
        return pack
    for index, table in enumerate(tables):
        if isinstance(table, dict):
            pack.scenarios.append(_build_scenario(index, table, issues))
        else:
            issues.append(_Issue(None, "scenario", f"wrong type: situation {index + 1} must be a [[scenario]] table"))
    return pack


def _build_scenario(index: int, table: dict, issues: list[_Issue]) -> Scenario:
    for key in table:
        if key not in SCENARIO_KEYS:
            issues.append(_Issue(index, key, f'situation {index + 1}: unknown key "{key}" '
                                             f'(expected one of {", ".join(SCENARIO_KEYS)})'))
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
    issues.append(_Issue(index, key, f"{_where(index)}wrong type: {key} must be text in quotes, "
                                     f"not {_toml_type_name(value)}"))
    return str(value)


def _targets(table: dict, index: int, issues: list[_Issue]) -> list[str]:
    """`target = "happy"` or `target = ["surprise", "fear"]` (any of them passes)."""
    value = table.get("target", "")
    if not isinstance(value, list):
        return [_string(table, "target", index, issues)]
    if not value:
        issues.append(_Issue(index, "target", f"{_where(index)}target is an empty list; name at least one "
                                              f"expression, like [\"surprise\", \"fear\"]"))
        return [""]
    names = []
    for item in value:
        if not isinstance(item, str):
            issues.append(_Issue(index, "target", f"{_where(index)}wrong type: every target in the list must be "
                                                  f"text in quotes, not {_toml_type_name(item)}"))
        names.append(str(item))
    return names


def _number(table: dict, key: str, index: int | None, issues: list[_Issue]) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    issues.append(_Issue(index, key, f"{_where(index)}wrong type: {key} must be a number of seconds, "
                                     f"not {_toml_type_name(value)}"))
    return None


def _where(index: int | None) -> str:
    return "" if index is None else f"situation {index + 1}: "


def _toml_type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, str):
        return "text"
    return "a date or time"


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


def save_pack(pack: Pack, path: Path) -> None:
    """Write atomically (actor_trainer.atomic); the previous version is kept as FILE.toml.bak, written the
    same way. A failure at any point leaves the old file as it was."""
    atomic.write_bytes(Path(path), pack_to_toml(pack).encode("utf-8"), backup=True)


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
