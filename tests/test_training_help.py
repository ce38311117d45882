"""`python -m training --help` answers without loading TensorFlow or Keras and names every command."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The training extra installed: looked up, not imported (importing Keras here would cost the whole run 10 s).
pytestmark = pytest.mark.skipif(importlib.util.find_spec("keras") is None, reason='needs pip install ".[train]"')
COMMANDS = ("train", "tune", "compare", "evaluate", "average", "export", "crossval", "relative-head", "pack")


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_the_top_level_help_imports_no_tensorflow_and_lists_every_command():
    done = run_python("import sys\nfrom training.cli import build_parser\n"
                      "print(' '.join(build_parser(['--help']).format_usage().split()))\n"
                      "print(sorted(m for m in ('tensorflow', 'keras', 'jax', 'torch') if m in sys.modules))")
    assert done.returncode == 0, done.stderr
    usage, loaded = done.stdout.strip().splitlines()
    assert loaded == "[]"
    assert "{" + ",".join(COMMANDS) + "}" in usage


def test_a_chosen_command_still_gets_its_own_options():
    done = run_python("from training.cli import build_parser\n"
                      "print(build_parser(['compare', '--help']).format_help())")
    assert done.returncode == 0, done.stderr
    assert "compare" in done.stdout
    args = run_python("from training.cli import build_parser\n"
                      "print(build_parser(['pack', '--data', 'd', '--out', 'o.npz']).parse_args("
                      "['pack', '--data', 'd', '--out', 'o.npz']).out)")
    assert args.stdout.strip() == "o.npz"
