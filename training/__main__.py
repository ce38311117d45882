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

from actor_trainer.native_logs import filter_native_logs  # noqa: E402

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's INFO and WARNING lines once absl is up
filter_native_logs()  # and its start-up lines before that, the cuInit "ERROR" on a machine without a GPU
from training.cli import main  # noqa: E402  (imports Keras)

raise SystemExit(main())
