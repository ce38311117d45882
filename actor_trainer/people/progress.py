"""Figures a teacher reads from the players' histories: per child, per class, as CSV, and the order of
the next game's situations when practice adapts. Pure Python.

Every figure counts the tries only (`records.is_a_try`, the rule the end-of-game summary uses too): the
situation a child stopped in and one with no face time count neither as passed nor as failed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from actor_trainer.labels import EXPRESSIONS
from actor_trainer.people.records import GameRecord, tries
from actor_trainer.people.results import (  # noqa: F401 (HARD_SUCCESS_RATE, SLOW_SECONDS: the rule's figures)
    HARD_SUCCESS_RATE,
    SLOW_SECONDS,
    is_hard,
    median_of,
)

CSV_COLUMNS = ("player", "date", "pack", "difficulty", "stopped", "expression", "situations", "passed",
               "attempts", "seconds")  # "difficulty": the game's level (GameRecord.level), the column's name kept

RECENT_GAMES = 5  # adaptive practice looks at this many latest games
MAX_REPEATS = 3  # at most this many extra situations in one game


@dataclass
class ExpressionFigures:
    expression: str
    practised: int  # situations tried (results.is_a_try)
    passed: int
    median_seconds: float | None  # median face time of the passed ones
    stars: int

    @property
    def success_rate(self) -> float:
        return self.passed / self.practised if self.practised else 0.0

    @property
    def hard(self) -> bool:
        """results.is_hard: the rule of the end-of-game summary too."""
        return is_hard(self.practised, self.passed, self.median_seconds)


@dataclass
class SessionPoint:
    """One game on the trend chart."""
    date: str
    success_rate: float | None  # share of the tries passed; None when the game had no try
    stars: int
    max_stars: int
    stopped: bool


def expression_figures(games: Iterable[GameRecord]) -> list[ExpressionFigures]:
    """Per expression tried at least once, in the order of labels.EXPRESSIONS."""
    rows: dict[str, list] = {}
    for game in games:
        for situation in tries(game.situations):
            rows.setdefault(situation.expression, []).append(situation)
    figures = []
    for expression in sorted(rows, key=_expression_order):
        situations = rows[expression]
        passed = [s for s in situations if s.passed]
        figures.append(ExpressionFigures(
            expression=expression, practised=len(situations), passed=len(passed),
            median_seconds=median_of([s.seconds for s in passed]),
            stars=sum(s.stars for s in situations)))
    return figures


def trend(games: Iterable[GameRecord]) -> list[SessionPoint]:
    """One point per game, oldest first; a game without a try has no share (None), not 0 %."""
    points = []
    for game in sorted(games, key=lambda record: record.date):
        tried = tries(game.situations)
        rate = sum(1 for s in tried if s.passed) / len(tried) if tried else None
        points.append(SessionPoint(game.date, rate, game.stars, game.max_stars, game.stopped))
    return points


@dataclass
class ClassFigures:
    expression: str
    players: int  # children who tried it
    players_finding_it_hard: int
    success_rate: float
    median_seconds: float | None


def class_overview(histories: dict[str, list[GameRecord]]) -> list[ClassFigures]:
    """Which expressions the class finds hard: hardest (most children, then lowest success) first."""
    per_player = {name: {f.expression: f for f in expression_figures(games)} for name, games in histories.items()}
    together = {f.expression: f for f in expression_figures(g for games in histories.values() for g in games)}
    overview = []
    for expression in sorted(together, key=_expression_order):
        mine = [figures[expression] for figures in per_player.values() if expression in figures]
        combined = together[expression]
        overview.append(ClassFigures(expression, len(mine), sum(1 for f in mine if f.hard),
                                     combined.success_rate, combined.median_seconds))
    return sorted(overview, key=lambda f: (-f.players_finding_it_hard, f.success_rate, _expression_order(f.expression)))


def csv_rows(histories: dict[str, list[GameRecord]]) -> list[dict]:
    """One row per player, game and expression tried: how many situations tried (results.is_a_try), passed,
    attempts and seconds of face time in them; a game without a try has no row."""
    rows = []
    for player in sorted(histories, key=str.casefold):
        for game in sorted(histories[player], key=lambda record: record.date):
            by_expression: dict[str, list] = {}
            for situation in tries(game.situations):
                by_expression.setdefault(situation.expression, []).append(situation)
            for expression in sorted(by_expression, key=_expression_order):
                situations = by_expression[expression]
                rows.append({"player": player, "date": game.date, "pack": game.pack, "difficulty": game.level,
                             "stopped": "yes" if game.stopped else "no", "expression": expression,
                             "situations": len(situations), "passed": sum(1 for s in situations if s.passed),
                             "attempts": sum(s.attempts for s in situations),
                             "seconds": round(sum(s.seconds for s in situations), 1)})
    return rows


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV file is written for a spreadsheet program: the field separator and the decimal mark its
    language expects (Swedish Excel and LibreOffice split on ';' and read '8,0' as a number), and whether the
    file starts with a UTF-8 byte-order mark (without one, Excel on Windows reads "Björn" as "BjÃ¶rn")."""

    separator: str = ","
    decimal: str = "."
    bom: bool = True


CSV_STYLES = {"en": CsvStyle(",", "."), "sv": CsvStyle(";", ",")}  # by the teacher's language (settings.LANGUAGES)
PLAIN_CSV = CsvStyle(",", ".", bom=False)  # for programs and pipes: what csv.DictReader reads as it is
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP "CSV injection": a cell a spreadsheet would run


def csv_style(language: str) -> CsvStyle:
    """The style a teacher's language expects; English's for a language without one."""
    return CSV_STYLES.get(language, CSV_STYLES["en"])


def spreadsheet_cell(value: object, decimal: str = ".") -> str:
    """One cell as text: a float with the style's decimal mark; text a spreadsheet would read as a formula
    (a child named "=1+2", a pack "@home" or "-fun-") gets a leading ' so it shows as written and never runs,
    as OWASP's "CSV injection" page recommends."""
    if isinstance(value, float):
        return f"{value}".replace(".", decimal)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(histories: dict[str, list[GameRecord]], style: CsvStyle = PLAIN_CSV) -> str:
    """The rows of `csv_rows` under CSV_COLUMNS in `style` (a BOM first when the style has one); text cells
    that could run as formulas are escaped in every style. Fields with the separator, quotes or line breaks
    are quoted by the csv module."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=style.separator, lineterminator="\r\n" if style.bom else "\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(histories):
        writer.writerow([spreadsheet_cell(row[column], style.decimal) for column in CSV_COLUMNS])
    return ("\ufeff" if style.bom else "") + stream.getvalue()


def order_for_practice(scenarios: Sequence, history: Sequence[GameRecord]) -> list:
    """The next game's situations when practice adapts to the child.

    How it chooses: the pack's situations all stay, in the pack's order. From the child's last
    RECENT_GAMES games with a try (results.is_a_try: a game stopped before any try does not push a real
    one out), each expression they found hard (passed less than HARD_SUCCESS_RATE of the time,
    or took more than SLOW_SECONDS to pass) comes back once more: one of its situations is added again,
    hardest expression first, at most MAX_REPEATS extra situations, spread out so that the same situation
    never follows itself. Without history (or nothing hard) the pack is played as written.
    """
    scenarios = list(scenarios)
    recent = [game for game in sorted(history, key=lambda record: record.date) if tries(game.situations)]
    recent = recent[-RECENT_GAMES:]
    hard = [f for f in expression_figures(recent) if f.hard]
    hard.sort(key=lambda f: (f.success_rate, -(f.median_seconds or 0.0)))
    extras = []
    for figures in hard:
        candidates = [s for s in scenarios if figures.expression in s.targets]
        if candidates and len(extras) < MAX_REPEATS:
            extras.append(candidates[len(extras) % len(candidates)])
    return _spread(scenarios, extras)


def _spread(scenarios: list, extras: list) -> list:
    """Put each extra in the second half of the game, never right next to the same situation."""
    order = list(scenarios)
    for number, extra in enumerate(extras):
        start = min(len(order), len(scenarios) // 2 + 1 + 2 * number)
        for position in range(start, len(order) + 1):
            before = order[position - 1] if position > 0 else None
            after = order[position] if position < len(order) else None
            if before is not extra and after is not extra:
                order.insert(position, extra)
                break
    return order


def _expression_order(expression: str) -> tuple[int, str]:
    return (EXPRESSIONS.index(expression) if expression in EXPRESSIONS else len(EXPRESSIONS), expression)
