"""Line numbers in a pack's TOML text: where each key and [[scenario]] table is, and the line and likely
cause of a syntax error. tomllib gives back plain dicts without positions, so a small scan of the text
finds them. Pure Python.
"""

from __future__ import annotations

import re

from actor_trainer.packs.problems import ProblemText


class LineMap:
    """Line numbers of the top-level keys, of each [[scenario]] header and of the keys inside it."""

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
        """The line of a key of situation `index` (None: of the pack), or of its table when the key is absent."""
        if index is None:
            return self.pack_keys.get(key, 1) if key else 1
        if index >= len(self.scenarios):
            return self.pack_keys.get("scenario", 1)
        header_line, keys = self.scenarios[index]
        return keys.get(key, header_line) if key else header_line


# ---------------------------------------------------------------- syntax errors


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


# Bounds checked before the TOML parser runs (a pack needs 3 levels): brackets and braces nested deeper, or a
# line with more dots outside strings (dotted keys `a.b.c...`, which tomllib nests one table per dot, slowly:
# 150,000 of them took over 60 s and 6 GB), are refused.
MAX_BRACKET_DEPTH = 64
MAX_DOTS_PER_LINE = 32


def _code_chars(text: str):
    """(line number, character) for every character outside strings and comments, in order."""
    for number, line in enumerate(text.splitlines(), start=1):
        quote = None
        for char in line:
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            else:
                yield number, char


def too_deep_line(text: str) -> int | None:
    """The first line that nests deeper than MAX_BRACKET_DEPTH or holds more than MAX_DOTS_PER_LINE dots outside
    strings and comments, or None. One pass over the text, before any parsing."""
    depth, dots, dots_line = 0, 0, 0
    for number, char in _code_chars(text):
        if char == ".":
            dots = dots + 1 if number == dots_line else 1
            dots_line = number
            if dots > MAX_DOTS_PER_LINE:
                return number
        elif char in "[{":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                return number
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def deepest_line(text: str) -> int:
    """The line where brackets and braces (outside strings and comments) are nested deepest."""
    depth = deepest = 0
    deepest_line = 1
    for number, char in _code_chars(text):
        if char in "[{":
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
        elif match := LineMap._KEY.match(line):
            key = next(group for group in match.groups() if group is not None)
            if key in seen:
                return number
            seen.add(key)
    return None
