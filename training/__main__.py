"""`python -m training`: says how to install the training packages when the game's install lacks them."""

import importlib.util
import os
import sys


def missing_packages() -> list[str]:
    needed = ["keras", "keras_tuner", "matplotlib"]
    if os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow":
        needed.insert(0, "tensorflow")
    return [name for name in needed if importlib.util.find_spec(name) is None]


if missing := missing_packages():
    print(f"python -m training needs {', '.join(missing)}, which installing the game leaves out.\n"
          'Install the training packages in the repository folder with:  pip install ".[train]"', file=sys.stderr)
    raise SystemExit(2)

from training.cli import main  # noqa: E402  (imports Keras)

raise SystemExit(main())
