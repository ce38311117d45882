"""The game installs without the training stack, the core stays free of Qt and TensorFlow, and a missing
training stack is a clear message, never a traceback."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import actor_trainer
from actor_trainer.vision.classifier import ExpressionClassifier, ModelError

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("PySide6", "tensorflow", "keras", "ai_edge_litert", "tflite_runtime", "jax", "torch")


def core_modules() -> list[str]:
    """Every module of actor_trainer outside actor_trainer.ui."""
    return sorted(info.name for info in pkgutil.walk_packages(actor_trainer.__path__, "actor_trainer.")
                  if not info.name.startswith("actor_trainer.ui"))


def test_core_modules_import_neither_qt_nor_tensorflow_nor_litert():
    modules = core_modules()
    assert {"actor_trainer.vision.classifier", "actor_trainer.vision.images",
            "actor_trainer.packs.scenarios"} <= set(modules)
    script = (f"import importlib, sys\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
              f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


# The training modules that need a Keras backend when they are imported; the others (data, augmentation, run
# notes, metrics, operating points) load without one, so their tests stay fast and training's data tools work
# on the game's install.
KERAS_MODULES = {"training.models", "training.train", "training.tuning", "training.keras_adapters"}


def test_only_the_model_and_fit_modules_load_keras_when_imported():
    names = sorted(info.name for info in pkgutil.walk_packages([str(REPO / "training")], "training.")
                   if info.name not in KERAS_MODULES and not info.name.endswith("__main__"))
    assert {"training.augment", "training.run_notes", "training.datasets.specs"} <= set(names)
    script = BLOCK_TRAINING + f"import importlib\nfor name in {names!r}:\n    importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-600:]


BLOCK_TRAINING = "import sys\nfor name in ('tensorflow', 'keras'):\n    sys.modules[name] = None\n"


def test_python_m_training_without_tensorflow_says_how_to_install():
    script = BLOCK_TRAINING + "import runpy\nrunpy.run_module('training', run_name='__main__')\n"
    result = subprocess.run([sys.executable, "-c", script, "train", "--help"], cwd=REPO, capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert 'pip install ".[train]"' in result.stderr and "tensorflow, keras" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_keras_model_without_tensorflow_is_a_model_error(tmp_path, monkeypatch):
    path = tmp_path / "model.keras"
    path.write_bytes(b"a keras file")
    monkeypatch.setitem(sys.modules, "keras", None)
    with pytest.raises(ModelError, match=r'pip install "\.\[train\]"'):
        ExpressionClassifier.from_file(path, {"classes": ["happy"]})


def test_no_litert_and_no_tensorflow_is_a_model_error(tmp_path, monkeypatch):
    path = tmp_path / "model.tflite"
    path.write_bytes(b"a tflite file")
    for name in ("ai_edge_litert", "ai_edge_litert.interpreter", "tensorflow"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ModelError, match="LiteRT"):
        ExpressionClassifier.from_file(path, {"classes": ["happy"]})


def dependency_names(requirements: list[str], platform: str = "Linux") -> set[str]:
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    names = set()
    for line in requirements:
        requirement = Requirement(line)
        environment = {"platform_system": platform, "sys_platform": platform.lower()}
        if requirement.marker is None or Marker(str(requirement.marker)).evaluate(environment):
            names.add(requirement.name.lower())
    return names


def test_the_game_installs_without_the_training_stack():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    game = dependency_names(project["dependencies"])
    assert game == {"pyside6", "opencv-python", "numpy", "filelock", "ai-edge-litert"}
    assert dependency_names(project["dependencies"], "Windows") == {"pyside6", "opencv-python", "numpy", "filelock",
                                                                    "tensorflow"}
    assert dependency_names(project["optional-dependencies"]["train"]) == {"tensorflow", "keras", "keras-tuner",
                                                                          "matplotlib"}


def test_readme_and_ci_run_the_same_test_command_with_the_training_extra():
    def command(text: str) -> str:
        return next(line.strip() for line in text.splitlines() if "pytest" in line and "pip install" in line)
    readme = command((REPO / "README.md").read_text())
    assert readme == command((REPO / ".ci" / "run").read_text())
    assert '".[train,test]"' in readme


def test_no_script_edits_sys_path():
    """Scripts import the package from the install (the README's editable one), never by editing sys.path."""
    offenders = [str(path.relative_to(REPO)) for folder in ("actor_trainer", "training", "benchmarks", "tools")
                 for path in (REPO / folder).rglob("*.py") if "sys.path." in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_every_package_folder_is_in_the_install():
    """`pip install .` lists its packages by name: a new sub-package left out of pyproject would be missing."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = {".".join(path.parent.relative_to(REPO).parts) for root in ("actor_trainer", "training")
               for path in (REPO / root).rglob("__init__.py")}
    assert folders <= listed
