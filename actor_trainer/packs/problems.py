"""Pack problems as data: a code and its parameters. Pure Python.

Every problem the pack reader and the validation find is a ProblemText: the English sentence (the command
line's language, and what `str()` and comparisons see) that also carries its `code` and `params`, so the
UI says it in the user's language from its own templates (ui/i18n.py) instead of parsing English back.
"""

from __future__ import annotations

ENGLISH = {
    "missing_title": "missing title",
    "unknown_language": 'unknown language "{language}"; use one of {known}',
    "missing_language": "missing language; use one of {known}",
    "no_situations": "the pack has no situations; add at least one [[scenario]]",
    "duplicate_id": 'duplicate id "{id}" (already used by situation {first})',
    "missing_id": "missing id",
    "picture_in_folder": 'picture "{picture}" must be a file in the pack\'s own folder (no folders)',
    "picture_missing": 'picture file "{picture}" not found next to the pack',
    "picture_not_emoji": 'picture "{picture}" is neither an emoji nor a {suffixes} file name',
    "missing_text": "missing text",
    "missing_target": "missing target; use one of {known}",
    "unknown_expression": 'unknown expression "{name}"; use one of {known}',
    "unknown_expression_guess": 'unknown expression "{name}"; use one of {known} (did you mean "{guess}"?)',
    "listed_twice": '"{name}" is listed twice in target',
    "listed_twice_as": '"{written}" is listed twice in target (same as "{name}")',
    "hold_out_of_range": "hold_seconds must be between 0 and {limit}",
    "unknown_difficulty": 'unknown difficulty "{difficulty}"; use one of {known}',
    "unknown_key": 'unknown key "{key}" (expected one of {known})',
    "unknown_key_guess": 'unknown key "{key}": did you mean "{guess}"? (its text is kept until you repair it)',
    "not_text": "wrong type: {key} must be text in quotes, not {found}",
    "not_seconds": "wrong type: {key} must be a number of seconds, not {found}",
    "target_not_text": "wrong type: every target in the list must be text in quotes, not {found}",
    "empty_target_list": 'target is an empty list; name at least one expression, like ["surprise", "fear"]',
    "situations_not_tables": "wrong type: write each situation as a [[scenario]] table (double brackets)",
    "situation_not_table": "wrong type: situation {number} must be a [[scenario]] table",
    "file_too_large": "file too large for a pack (over {limit_kb} KB)",
    "unreadable": "cannot read the file: {reason}",
    "not_utf8": "not UTF-8 text (byte {byte}); save the file as UTF-8",
    "nested_too_deeply": "lists or tables nested too deeply to read",
    "quote_not_closed": "a quote is not closed on line {line}: text must end with the same quote it starts with",
    "equals_missing": 'an = sign is missing on line {line}: write a key, =, and the value, like title = "My pack"',
    "bad_value": ('line {line} has a value the game does not understand: put text in quotes '
                  '(target = "happy") and write numbers with a dot (hold_seconds = 2.5)'),
    "key_twice": "a key is written twice (line {line}): each key may appear once in the pack and in each situation",
    "bracket_missing": "a bracket is missing on line {line}: every situation starts with the line [[scenario]]",
    "list_not_closed": 'a list is not closed on line {line}: end it with ], like target = ["surprise", "fear"]',
    "extra_after_value": ("line {line} has something extra after its value: one key per line, numbers with a dot "
                          "(2.5, not 2,5), text in quotes"),
    "not_toml": "not valid TOML: {reason}",
    "text_too_long": ("the text is {length} characters, too long for a small screen (1024x600) beside the camera "
                      "picture: the game draws it smaller; up to {limit} fit in the usual type"),
    "hint_too_long": ("the hint is {length} characters, too long for a small screen (1024x600): the game draws it "
                      "smaller; up to {limit} fit in the usual type"),
    "mac_companion": ('a hidden file a Mac writes beside "{name}" on a USB stick, not a pack; '
                      'choose "{name}" itself'),
}
# what a wrong value was, for the "wrong type" problems ({found}); {value} is the value itself
ENGLISH_TYPES = {"bool": "true/false", "number": "the number {value}", "list": "a list", "table": "a table",
                 "text": "text", "datetime": "a date or time"}
ENGLISH_SITUATION = ('situation {number} ("{id}")', "situation {number}")  # with an id, without


class ProblemText(str):
    """A problem: `code` (a key of ENGLISH), `params` (its values), and `situation` ((number from 1, id) or
    None for the pack itself); the string is the English sentence."""

    code: str
    params: dict
    situation: tuple[int, str] | None

    def __new__(cls, code: str, situation: tuple[int, str] | None = None, **params) -> ProblemText:
        text = super().__new__(cls, say(code, params, situation, ENGLISH, ENGLISH_TYPES, ENGLISH_SITUATION))
        text.code, text.params, text.situation = code, params, situation
        return text

    def say(self, templates: dict, types: dict, situation: tuple[str, str]) -> str:
        """The problem from another language's templates (the same keys as ENGLISH, ENGLISH_TYPES and
        ENGLISH_SITUATION); a code those templates lack is said in English."""
        if self.code not in templates:
            return str(self)
        return say(self.code, self.params, self.situation, templates, types, situation)


def say(code: str, params: dict, where: tuple[int, str] | None, templates: dict, types: dict,
        situation: tuple[str, str]) -> str:
    values = dict(params)
    if "found" in values:
        values["found"] = types[values["found"]].format(value=values.get("value", ""))
    text = templates[code].format(**values)
    if where is None:
        return text
    number, scenario_id = where
    label = (situation[0] if scenario_id else situation[1]).format(number=number, id=scenario_id)
    return f"{label}: {text}"


def type_of(value: object) -> str:
    """The key of ENGLISH_TYPES for a TOML value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return "text" if isinstance(value, str) else "datetime"
