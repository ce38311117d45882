"""`actor-trainer results`: each child's progress and the class overview on the command line, or as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from actor_trainer import atomic
from actor_trainer.people.players import PlayerStore, name_key
from actor_trainer.people.progress import CSV_STYLES, PLAIN_CSV, class_overview, csv_style, csv_text, expression_figures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--player", help="only this player (default: every player)")
    parser.add_argument("--csv", type=Path, metavar="FILE",
                        help="write one row per player, game and expression to FILE ('-' for the screen)")
    parser.add_argument("--csv-format", choices=(*CSV_STYLES, "plain"), metavar="{sv,en,plain}",
                        help="how the CSV file is written: sv = ';' between fields and ',' decimals, as Swedish "
                             "spreadsheet programs expect; en = ',' and '.'; both start with a UTF-8 byte-order "
                             "mark so that å, ä, ö survive a double-click; plain = ',' and '.', no mark (for "
                             "programs). Default: the system's language (LANG) for a file, plain for '-'")
    parser.add_argument("--folder", type=Path, help="the players folder (default: the app's own)")


def plural(count: int, noun: str) -> str:
    """ "1 game", "2 games" (the English nouns the command line prints)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def run(args: argparse.Namespace) -> int:
    """Damaged player files and games are named on stderr and left out; everything else is shown."""
    store = PlayerStore(args.folder or _default_folder())
    store.remove_leftovers()  # a save killed half-way
    if not args.folder:
        _import_old_results(store)
    if store.read_only:
        print(f"note: {store.folder} cannot be written by this user (read-only, or another user's); "
              "shown as it is, nothing is changed", file=sys.stderr)
    histories, damage = store.histories()
    if args.player:
        wanted = {name: games for name, games in histories.items()
                  if name_key(name) == name_key(args.player)}
        damage = [item for item in damage if item.game is None or item.name in wanted]
        if not wanted:
            _print_damage(damage)
            print(f"There is no player called {args.player}. Players: {', '.join(histories) or 'none yet'}.",
                  file=sys.stderr)
            return 2
        histories = wanted
    _print_damage(damage)
    if args.csv is not None:
        return _write_csv(histories, args.csv, getattr(args, "csv_format", None))
    print(report(histories, {p.name: p.avatar for p in store.players()}))
    return 0


def _print_damage(damage) -> None:
    """One stderr line per damaged file or game: `PATH[, game N]: what: reason`."""
    for item in damage:
        where = f"{item.path}" + (f", game {item.game}" if item.game is not None else "")
        what = "damaged player file, not shown" if item.game is None else "damaged game, left out"
        print(f"{where}: {what}: {item.reason}", file=sys.stderr)


def report(histories: dict, avatars: dict[str, str] | None = None) -> str:
    if not histories:
        return "No players yet: results appear here after a child plays a game under their name."
    lines = []
    for name, games in histories.items():
        stopped = sum(1 for game in games if game.stopped)
        counted = plural(len(games), "game") + (f" ({stopped} stopped early)" if stopped else "")
        lines.append(f"{(avatars or {}).get(name, '')} {name}: {counted}".strip())
        lines += _figure_table(expression_figures(games), bool(games))
        lines.append("")
    if len(histories) > 1:
        lines.append("Class overview (hardest first):")
        lines.append(f"  {'expression':<10} {'children':>8} {'find it hard':>12} {'success':>8} {'median s':>9}")
        for row in class_overview(histories):
            lines.append(f"  {row.expression:<10} {row.players:>8} {row.players_finding_it_hard:>12} "
                         f"{row.success_rate:>8.0%} {_seconds(row.median_seconds):>9}")
    return "\n".join(lines).rstrip()


def _figure_table(figures, played: bool = False) -> list[str]:
    """The figures count tries only (people.results.is_a_try), as the game's summary does."""
    if not figures:
        return ["  no situation tried yet" if played else "  no games yet"]
    lines = [f"  {'expression':<10} {'practised':>9} {'passed':>6} {'success':>8} {'median s':>9} {'stars':>5}"]
    for row in figures:
        lines.append(f"  {row.expression:<10} {row.practised:>9} {row.passed:>6} {row.success_rate:>8.0%} "
                     f"{_seconds(row.median_seconds):>9} {row.stars:>5}")
    return lines


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _write_csv(histories: dict, target: Path, csv_format: str | None = None) -> int:
    to_screen = str(target) == "-"
    if csv_format is None:
        style = PLAIN_CSV if to_screen else csv_style(system_language())
    else:
        style = PLAIN_CSV if csv_format == "plain" else csv_style(csv_format)
    text = csv_text(histories, style)
    if to_screen:
        sys.stdout.write(text)
        return 0
    try:
        atomic.write_text(target, text, mode=0o600)
    except OSError as error:
        print(f"Could not write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    rows = text.count("\n") - 1
    note = f"'{style.separator}' between fields, '{style.decimal}' as the decimal mark" if style.bom else "plain CSV"
    print(f"Wrote {plural(rows, 'row')} to {target} ({note})")
    return 0


def system_language() -> str:
    """The language of the system's number format (LC_ALL, LC_NUMERIC, then LANG, as POSIX reads them):
    "sv" for any Swedish locale (sv_SE, sv_FI), else "en"."""
    import os

    for name in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    return "en"


def _default_folder() -> Path:
    from actor_trainer.user_paths import players_dir

    return players_dir()


def _import_old_results(store: PlayerStore) -> None:
    """An older version's results folder, folded into the default players folder once (as the game does)."""
    from actor_trainer.people.players import import_old_results_once
    from actor_trainer.user_paths import results_dir

    for line in import_old_results_once(results_dir(), store):
        print(f"actor-trainer: {line}", file=sys.stderr)
