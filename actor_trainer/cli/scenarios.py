"""`actor-trainer scenarios validate [FILE...]`: print every problem as FILE:LINE: message.

With no FILE it checks the packs the game itself reads: the built-in ones and the user's own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="scenarios_action", metavar="ACTION", required=True)
    validate = actions.add_parser("validate", help="check pack files; exit status 1 when any problem is found")
    validate.add_argument("files", nargs="*", type=Path, metavar="FILE",
                          help="pack files (.toml); a folder means every .toml file in it "
                               "(default: the built-in packs and the user's own packs)")


def plural(count: int, noun: str) -> str:
    """ "1 situation", "2 situations" (the English nouns the command line prints)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def game_folders() -> list[Path]:
    """The folders the game reads packs from: built-in first, then the user's (that one may not exist yet)."""
    from actor_trainer.resources import builtin_scenarios_dir
    from actor_trainer.user_paths import user_packs_dir

    return [builtin_scenarios_dir(), user_packs_dir()]


def run(args: argparse.Namespace) -> int:
    from actor_trainer.packs.toml_format import load_pack, pack_warnings

    paths = args.files
    if not paths:
        paths = [folder for folder in game_folders() if folder.is_dir()]
        print("Checking " + " and ".join(str(folder) for folder in paths), file=sys.stderr)
    problem_count = 0
    warning_count = 0
    file_count = 0
    for path in _expand(paths):
        file_count += 1
        pack, problems = load_pack(path)
        for problem in problems:
            print(problem)
        problem_count += len(problems)
        warnings = pack_warnings(pack) if pack is not None else []
        for warning in warnings:
            print(f"{warning.path}:{warning.line}: warning: {warning.message}")
        warning_count += len(warnings)
        if pack is not None and not problems:
            print(f"{path}: OK, {plural(len(pack.scenarios), 'situation')} ({pack.language})", file=sys.stderr)
    warned = f", {plural(warning_count, 'warning')} (the game plays those packs)" if warning_count else ""
    print(f"{plural(file_count, 'file')}, {plural(problem_count, 'problem')}{warned}", file=sys.stderr)
    return 1 if problem_count or file_count == 0 else 0


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder gives its pack files (hidden and macOS `._NAME` files left out)."""
    from actor_trainer.packs.scenarios import pack_files_in

    expanded: list[Path] = []
    for path in paths:
        expanded.extend(pack_files_in(path) if path.is_dir() else [path])
    return expanded
