"""`actor-trainer`: start the game, or use the pipeline and scenario tools from the command line.

Each subcommand lives in its own module (add_arguments / run) so the game's start-up never pays
for the others' imports.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS = {
    "play": ("actor_trainer.ui.app", "start the game (the default)"),
    "predict": ("actor_trainer.cli.predict", "judge the expression in images, folders or videos"),
    "cameras": ("actor_trainer.cli.cameras", "list the cameras that open"),
    "scenarios": ("actor_trainer.cli.scenarios", "check scenario pack files"),
    "results": ("actor_trainer.cli.results", "show each child's progress, or export it as CSV"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="actor-trainer", description="Practise acting out facial expressions.")
    parser.add_argument("--self-test", action="store_true",
                        help="check that the game can run here (model, face detector, packs, Qt, sound, speech); "
                             "opens no window, exit code 0 when it can")
    commands = parser.add_subparsers(dest="command")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        subparser = commands.add_parser(name, help=help_text)
        importlib.import_module(module_name).add_arguments(subparser)
        subparser.set_defaults(module=module_name)
    return parser


def keep_printing_under_any_locale() -> None:
    """Under a locale that is not UTF-8 (sv_SE.ISO-8859-1, C), a character the terminal's encoding lacks (an emoji
    avatar) is printed as "?" instead of stopping the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    keep_printing_under_any_locale()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--self-test"]:
        return importlib.import_module("actor_trainer.ui.selftest").main()  # the ui's check, named like "play"
    if not argv or argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help"):
        argv.insert(0, "play")
    args = build_parser().parse_args(argv)
    return int(importlib.import_module(args.module).run(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
