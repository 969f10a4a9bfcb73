"""The package's shape: no import cycles, no oversized modules.

The import graph is read from the source with :mod:`ast`, imports inside
functions included, so a cycle cannot hide behind a function-local import.
Only imports of ``collateral`` modules count; ``TYPE_CHECKING`` blocks are
not special (none may close a cycle either).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import collateral

ROOT = Path(collateral.__file__).parent
MAX_LINES = 400
# Modules allowed over MAX_LINES for now, each with the reason; the aim is none.
OVERSIZED: dict[str, str] = {
}


def _module_name(path: Path) -> str:
    parts = ["collateral", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ``import from`` names (relative imports resolved against ``module``)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The collateral modules ``module`` imports anywhere in its source."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node)
            # ``from collateral import edition`` imports the module collateral.compose.edition
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:  # ``import collateral.web.kit`` → that module
                name = name.rpartition(".")[0]
            if name.startswith("collateral") and name != module:
                out.add(name)
    return out


@lru_cache(maxsize=1)  # the source does not change during a run
def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {m: imports_of(m, p, known) for m, p in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (a list of modules, first = last), or None."""
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_the_graph_sees_function_local_and_relative_imports(tmp_path):
    src = tmp_path / "collateral"
    (src / "kinds").mkdir(parents=True)
    (src / "__init__.py").write_text("")
    (src / "a.py").write_text("def f():\n    from collateral import b\n")
    (src / "b.py").write_text("from .kinds import base\n")
    (src / "kinds" / "__init__.py").write_text("from . import base\n")
    (src / "kinds" / "base.py").write_text("import collateral.a\n")
    known = {"collateral", "collateral.a", "collateral.b", "collateral.kinds", "collateral.kinds.base"}
    graph = {
        "collateral.a": imports_of("collateral.a", src / "a.py", known),
        "collateral.b": imports_of("collateral.b", src / "b.py", known),
        "collateral.kinds": imports_of("collateral.kinds", src / "kinds" / "__init__.py", known),
        "collateral.kinds.base": imports_of("collateral.kinds.base", src / "kinds" / "base.py", known),
    }
    assert graph["collateral.a"] == {"collateral.b"}
    assert graph["collateral.b"] == {"collateral.kinds.base"}
    assert graph["collateral.kinds"] == {"collateral.kinds.base"}
    assert find_cycle(graph) == ["collateral.a", "collateral.b", "collateral.kinds.base", "collateral.a"]


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_no_module_over_400_lines():
    over = {}
    for module, path in _modules().items():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES and module not in OVERSIZED:
            over[module] = n
    assert not over, f"modules over {MAX_LINES} lines: {over}"


def test_the_oversized_list_is_not_stale():
    modules = _modules()
    stale = [m for m in OVERSIZED
             if m not in modules or len(modules[m].read_text(encoding="utf-8").splitlines()) <= MAX_LINES]
    assert not stale, f"no longer oversized (remove from OVERSIZED): {stale}"


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or not."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for n in graph.get(todo.pop(), ()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def test_the_layers_of_the_layout_stack():
    """The vocabulary sits below the kinds, and the registry below the parser and the engine."""
    graph = import_graph()
    kinds = {m for m in graph if m == "collateral.compose.kinds" or m.startswith("collateral.compose.kinds.")}
    engine_and_parser = {"collateral.compose.engine", "collateral.products.specparts", "collateral.products.specload", "collateral.products.resize"}
    below_params = _reach(graph, "collateral.spec.params")
    assert not below_params & (kinds | engine_and_parser | {"collateral.compose.layout", "collateral.typeset.paragraphs"}), below_params
    for kind in kinds:
        assert not _reach(graph, kind) & engine_and_parser, kind
    # one owner of the registry: only kinds/__init__ assigns KINDS
    def assigns_kinds(node: ast.stmt) -> bool:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        return any(isinstance(t, ast.Name) and t.id == "KINDS" for t in targets)

    owners = [m for m, p in _modules().items()
              if any(assigns_kinds(n) for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))]
    assert owners == ["collateral.compose.kinds"], owners
