"""The layers, read from the source: every import statement counts, at module level or inside a function.

- no PySide6 outside actor_trainer/ui;
- TensorFlow, Keras and LiteRT in actor_trainer only inside functions of vision/classifier.py (lazy);
- the core (actor_trainer outside ui) never imports actor_trainer.ui, and actor_trainer never imports training;
- no two modules of actor_trainer or training import each other, directly or round a longer circle
  (`from package import name` counts as importing the package's __init__ unless the name is a submodule).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ML = ("tensorflow", "keras", "ai_edge_litert", "tflite_runtime")
LAZY_ML_HOME = "actor_trainer.vision.classifier"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module, or module.name for `from module import name`
    line: int
    in_function: bool
    names: tuple[str, ...] = ()  # for the module of `from module import a, b`: the names imported

    @property
    def top(self) -> str:
        return self.target.split(".")[0]

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_name(path: Path, root: Path = REPO) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, is_package: bool = False) -> list[Import]:
    """Every import in `source`, with the function nesting it sits in (relative imports resolved)."""
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend(Import(module, alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = _resolve(child, module, is_package)
                found.append(Import(module, base, child.lineno, in_function,
                                    tuple(alias.name for alias in child.names)))
                found.extend(Import(module, f"{base}.{alias.name}", child.lineno, in_function)
                             for alias in child.names)
            visit(child, nested)

    visit(ast.parse(source), False)
    return found


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    package = package[:len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


PROJECT_FILES = sorted(path for root in ("actor_trainer", "training") for path in (REPO / root).rglob("*.py"))


def project_imports() -> list[Import]:
    found = []
    for path in PROJECT_FILES:
        found += imports_of(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")
    return found


IMPORTS = project_imports()
MODULES = {module_name(path) for path in PROJECT_FILES}


def in_ui(module: str) -> bool:
    return module == "actor_trainer.ui" or module.startswith("actor_trainer.ui.")


def test_the_scanner_sees_imports_inside_functions_and_relative_ones():
    source = "import os\ndef f():\n    import PySide6.QtCore\n    from . import judge\n"
    found = imports_of(source, "actor_trainer.play.game")
    assert [(i.target, i.in_function) for i in found] == [
        ("os", False), ("PySide6.QtCore", True), ("actor_trainer.play", True), ("actor_trainer.play.judge", True)]
    assert len(IMPORTS) > 200  # the project itself was read


def test_no_qt_outside_ui():
    offenders = [str(i) for i in IMPORTS if i.top == "PySide6" and not in_ui(i.module)]
    assert offenders == []


def test_tensorflow_keras_and_litert_only_behind_the_classifiers_lazy_imports():
    offenders = [str(i) for i in IMPORTS if i.top in ML and i.module.startswith("actor_trainer")
                 and not (i.module == LAZY_ML_HOME and i.in_function)]
    assert offenders == []


def test_the_core_never_imports_the_ui_and_the_app_never_imports_training():
    upward = [str(i) for i in IMPORTS if i.module.startswith("actor_trainer") and not in_ui(i.module)
              and in_ui(i.target)]
    training = [str(i) for i in IMPORTS if i.module.startswith("actor_trainer") and i.top == "training"]
    assert upward == [] and training == []


def import_graph(imports: list[Import], modules: set[str] | None = None) -> dict[str, set[str]]:
    """Module -> the project modules whose code it runs by its imports. `modules` are every module (default:
    the importing ones); `from package import submodule` runs the submodule, not the package's own names."""
    modules = {i.module for i in imports} | (modules or set())
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for i in imports:
        only_submodules = bool(i.names) and all(f"{i.target}.{name}" in modules for name in i.names)
        if i.target in modules and i.target != i.module and not only_submodules:
            graph[i.module].add(i.target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_circle_finder_finds_a_hidden_circle():
    source = {"a": "import b\n", "b": "def f():\n    import c\n", "c": "from a import x\n", "d": "import a\n"}
    imports = [i for name, text in source.items() for i in imports_of(text, name)]
    assert circles(import_graph(imports)) == [["a", "b", "c"]]


def test_the_circle_finder_finds_a_circle_through_a_function_level_package_import():
    # the shape evaluate and suite once had: `from training import suite` inside a function, one way back
    source = {"training.evaluate": "def suite_figures():\n    from training import suite\n",
              "training.suite": "from training.evaluate import relabel\n"}
    imports = [i for name, text in source.items() for i in imports_of(text, name)]
    assert circles(import_graph(imports)) == [["training.evaluate", "training.suite"]]


def test_a_package_init_is_in_a_circle_only_when_its_own_names_are_imported():
    init = "from pkg.loader import load\n"
    uses_init = {"pkg": init, "pkg.loader": "from pkg import Split\n"}  # Split lives in pkg/__init__.py
    uses_sibling = {"pkg": init, "pkg.loader": "from pkg import split\n", "pkg.split": ""}
    for source, expected in ((uses_init, [["pkg", "pkg.loader"]]), (uses_sibling, [])):
        imports = [i for name, text in source.items() for i in imports_of(text, name, name == "pkg")]
        assert circles(import_graph(imports, set(source))) == expected


def test_training_is_read_with_its_function_level_imports():
    graph = import_graph(IMPORTS, MODULES)
    lazy = {(i.module, i.target) for i in IMPORTS if i.in_function and i.module.startswith("training.")}
    assert ("training.report", "training.suite") in lazy and "training.suite" in graph["training.report"]
    assert any(name.startswith("training.datasets.") for name in graph)


def test_no_import_circles():
    assert circles(import_graph(IMPORTS, MODULES)) == []
