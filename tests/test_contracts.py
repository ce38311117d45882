"""The layers, read from the source: every import statement counts, at module level or inside a function.

- no PySide6 outside actor_trainer/ui;
- TensorFlow, Keras and LiteRT in actor_trainer only inside functions of vision/classifier.py (lazy);
- the core (actor_trainer below the top layer: not ui, not cli) never imports actor_trainer.ui, and
  actor_trainer never imports training;
- no two modules of actor_trainer or training import each other, directly or round a longer circle
  (`from package import name` counts as importing the package's __init__ unless the name is a submodule);
- imports only point down the layers written in actor_trainer/layers.py (LAYERS), and no two of its packages
  import each other, directly or round a longer circle.
`importlib.import_module("a.literal.name")` counts as an import like any other.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from actor_trainer.layers import LAYERS, layer_of, part_of

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
            elif _is_import_module_call(child):
                found.append(Import(module, child.args[0].value, child.lineno, in_function))
            visit(child, nested)

    visit(ast.parse(source), False)
    return found


def _is_import_module_call(node: ast.AST) -> bool:
    """`importlib.import_module("literal")` or `import_module("literal")`."""
    if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
        return False
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name == "import_module" and isinstance(node.args[0].value, str)


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
    source = ("import os\ndef f():\n    import PySide6.QtCore\n    from . import judge\n"
              "    importlib.import_module('actor_trainer.ui.selftest')\n")
    found = imports_of(source, "actor_trainer.play.game")
    assert [(i.target, i.in_function) for i in found] == [
        ("os", False), ("PySide6.QtCore", True), ("actor_trainer.play", True), ("actor_trainer.play.judge", True),
        ("actor_trainer.ui.selftest", True)]
    assert len(IMPORTS) > 200  # the project itself was read


def test_no_qt_outside_ui():
    offenders = [str(i) for i in IMPORTS if i.top == "PySide6" and not in_ui(i.module)]
    assert offenders == []


def test_tensorflow_keras_and_litert_only_behind_the_classifiers_lazy_imports():
    offenders = [str(i) for i in IMPORTS if i.top in ML and i.module.startswith("actor_trainer")
                 and not (i.module == LAZY_ML_HOME and i.in_function)]
    assert offenders == []


def test_the_core_never_imports_the_ui_and_the_app_never_imports_training():
    # the core: every layer below the top one (the command line beside the window hands `--self-test` to it)
    upward = [str(i) for i in IMPORTS if i.module.startswith("actor_trainer") and layer_of(i.module) < len(LAYERS) - 1
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


# ---------------------------------------------------------------- the layers (actor_trainer/layers.py)


def upward_imports(imports: list[Import]) -> list[str]:
    """Every import from a module to a module of a higher layer, with both layers named."""
    found = []
    for i in imports:
        low, high = layer_of(i.module), layer_of(i.target)
        if low is not None and high is not None and high > low:
            found.append(f"{i} (layer {low} {part_of(i.module)} -> layer {high} {part_of(i.target)})")
    return found


def package_graph(imports: list[Import], modules: set[str]) -> dict[str, set[str]]:
    """LAYERS entry -> the entries whose code it runs by its imports (the module graph, by package)."""
    graph: dict[str, set[str]] = {part: set() for layer in LAYERS for part in layer}
    for module, targets in import_graph(imports, modules).items():
        for target in targets:
            if part_of(module) and part_of(target) and part_of(module) != part_of(target):
                graph[part_of(module)].add(part_of(target))
    return graph


def test_every_module_has_a_layer_and_each_part_is_named_once():
    parts = [part for layer in LAYERS for part in layer]
    assert len(parts) == len(set(parts))
    assert [module for module in sorted(MODULES) if layer_of(module) is None] == []
    assert layer_of("actor_trainer.atomic") == 0 and layer_of("actor_trainer.ui.app") == len(LAYERS) - 1
    assert part_of("actor_trainer.play.judge") == "actor_trainer.play" and layer_of("numpy") is None


def test_the_layer_check_sees_an_upward_import_inside_a_function():
    source = {"actor_trainer.people.results": "def f():\n    from actor_trainer.play import game\n",
              "actor_trainer.play.coach": "from actor_trainer.people.progress import order_for_practice\n",
              "actor_trainer.vision.x": "from actor_trainer import atomic, labels\n"}
    imports = [i for name, text in source.items() for i in imports_of(text, name)]
    assert [line.split(" (")[0] for line in upward_imports(imports)] == [
        "actor_trainer.people.results:2 imports actor_trainer.play",
        "actor_trainer.people.results:2 imports actor_trainer.play.game"]


def test_imports_only_point_down_the_layers():
    assert upward_imports(IMPORTS) == []


def test_the_package_circle_finder_finds_a_circle_between_two_packages_of_one_layer():
    source = {"actor_trainer.cli.a": "from actor_trainer.ui import b\n", "actor_trainer.ui.b": "",
              "actor_trainer.ui.c": "def f():\n    import actor_trainer.cli.d\n", "actor_trainer.cli.d": ""}
    imports = [i for name, text in source.items() for i in imports_of(text, name)]
    assert circles(package_graph(imports, set(source))) == [["actor_trainer.cli", "actor_trainer.ui"]]


def test_no_circles_between_packages():
    assert circles(package_graph(IMPORTS, MODULES)) == []


# ---------------------------------------------------------------- the window renders; the coach decides (issue 30)

MAIN_WINDOW = "actor_trainer.ui.main_window"
MAX_CORE_MODULES_OF_THE_WINDOW = 5
# the rules the front door (play/coach.py) owns: which situations are played, whether a situation passed,
# whether and how a game is saved
RULES_BEHIND_THE_DOOR = ("scenarios_for_level", "order_for_practice", "Judge", "GameSaver", "record_game",
                         "summarise", "retry_pending")


def core_modules_imported_by(module: str, imports: list[Import] = IMPORTS, modules: set[str] = MODULES) -> set[str]:
    """The core modules (actor_trainer outside actor_trainer/ui) that `module` imports anywhere in its code."""
    found = set()
    for i in imports:
        if i.module != module or not i.target.startswith("actor_trainer") or in_ui(i.target):
            continue
        if i.names and all(f"{i.target}.{name}" in modules for name in i.names):
            continue  # `from package import submodule`: the submodules count, each on its own line
        target = i.target
        while target not in modules and "." in target:
            target = target.rsplit(".", 1)[0]  # `from a.b import Name`: the module a.b
        found.add(target)
    return found


def test_the_core_module_count_reads_names_and_function_level_imports():
    source = ("from actor_trainer.play.coach import Coach, Finished\nfrom actor_trainer import atomic\n"
              "def f():\n    from actor_trainer.vision.frames import IMAGE_SUFFIXES\n"
              "from actor_trainer.ui.i18n import tr\n")
    imports = imports_of(source, MAIN_WINDOW)
    modules = {"actor_trainer", "actor_trainer.atomic", "actor_trainer.play.coach", "actor_trainer.vision.frames",
               "actor_trainer.ui.i18n"}
    assert core_modules_imported_by(MAIN_WINDOW, imports, modules) == {
        "actor_trainer.play.coach", "actor_trainer.atomic", "actor_trainer.vision.frames"}


def test_the_main_window_imports_at_most_five_core_modules():
    found = core_modules_imported_by(MAIN_WINDOW)
    assert len(found) <= MAX_CORE_MODULES_OF_THE_WINDOW, sorted(found)


def test_nothing_in_the_ui_names_a_rule_the_coach_owns():
    """The window and the teacher's window never assemble the played situations, judge or save themselves:
    they ask play/coach.py (and render what it returns)."""
    word = re.compile(rf"\b({'|'.join(RULES_BEHIND_THE_DOOR)})\b")  # comments and texts too: stricter, and quick
    offenders = [f"{module_name(path)}:{number} {found.group(1)}" for path in PROJECT_FILES
                 if in_ui(module_name(path))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 for found in [word.search(line)] if found]
    assert offenders == []
