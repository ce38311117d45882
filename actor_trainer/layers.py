"""The layers of the code, written down once: lowest first, each a group of packages and modules.

A module imports only from its own layer or a layer below it, never from a higher one; and no two packages
import each other, even round a longer circle. tests/test_contracts.py checks both on every import statement,
at module level or inside a function; docs/architecture.md says what each layer is for.

Why this order (each layer uses the ones below it):
- the shared modules: the expression list, file reading and atomic writing, assets, the user's folders, settings,
  the native libraries' start-up lines filtered from the commands' stderr;
- packs: scenario packs as data and files;
- people: players, their histories and figures (the practice order, `is_a_try`);
- play: the rules of a game (judge, calm-face baseline, levels, the model's profile, the session and the coach,
  the front door), which order situations with people's figures;
- vision: camera to probabilities; the classifier reads model.json into play's ModelProfile;
- on top, never imported by the layers below: the command line, the window, training.
"""

from __future__ import annotations

SHARED = ("actor_trainer", "actor_trainer.labels", "actor_trainer.atomic", "actor_trainer.files",
          "actor_trainer.resources", "actor_trainer.app_data", "actor_trainer.user_paths", "actor_trainer.settings",
          "actor_trainer.native_logs", "actor_trainer.layers")

LAYERS: tuple[tuple[str, ...], ...] = (
    SHARED,
    ("actor_trainer.packs",),
    ("actor_trainer.people",),
    ("actor_trainer.play",),
    ("actor_trainer.vision",),
    ("actor_trainer.cli", "actor_trainer.ui", "training"),
)


def part_of(module: str) -> str | None:
    """The entry of LAYERS a dotted module name belongs to ("actor_trainer.play.judge" -> "actor_trainer.play";
    the package `actor_trainer` itself is its own entry), or None for a module outside the project."""
    for layer in LAYERS:
        for part in layer:
            if module == part or (part != "actor_trainer" and module.startswith(part + ".")):
                return part
    return None


def layer_of(module: str) -> int | None:
    """The index in LAYERS (0: lowest) of a dotted module name, or None for a module outside the project."""
    part = part_of(module)
    return None if part is None else next(index for index, layer in enumerate(LAYERS) if part in layer)
