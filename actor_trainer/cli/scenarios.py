"""`actor-trainer scenarios validate FILE...`: print every problem as FILE:LINE: message."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="scenarios_action", metavar="ACTION", required=True)
    validate = actions.add_parser("validate", help="check pack files; exit status 1 when any problem is found")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE",
                          help="pack files (.toml); a folder means every .toml file in it")


def run(args: argparse.Namespace) -> int:
    from actor_trainer.packs.scenarios import PACK_SUFFIX, load_pack

    problem_count = 0
    file_count = 0
    for path in _expand(args.files, PACK_SUFFIX):
        file_count += 1
        pack, problems = load_pack(path)
        for problem in problems:
            print(problem)
        problem_count += len(problems)
        if pack is not None and not problems:
            print(f"{path}: OK, {len(pack.scenarios)} situations ({pack.language})", file=sys.stderr)
    print(f"{file_count} file(s), {problem_count} problem(s)", file=sys.stderr)
    return 1 if problem_count or file_count == 0 else 0


def _expand(paths: list[Path], suffix: str) -> list[Path]:
    expanded: list[Path] = []
    for path in paths:
        expanded.extend(sorted(path.glob(f"*{suffix}")) if path.is_dir() else [path])
    return expanded
