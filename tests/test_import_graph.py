"""The package's import graph: every module imports, and no module imports itself through others.

The graph is read from the source (every ``import`` and ``from … import``, at the top of a module or
inside a function: a lazy import still ties the two modules together), with relative imports
resolved; an edge to a package is an edge to its ``__init__``.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import yibao
from yibao.layers import APART, layer_of, part_of

ROOT = Path(yibao.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    out = {"yibao": ROOT / "__init__.py"}
    for info in pkgutil.walk_packages([str(ROOT)], "yibao."):
        rel = info.name.split(".")[1:]
        path = ROOT.joinpath(*rel)
        out[info.name] = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            # ``from . import reader`` imports the submodule, not the package's own names (its parent
            # package is imported first in any case, as for every submodule)
            targets = ([base] if node.module else []) + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in known:  # ``yibao.settlement.inputs.Claim`` → the module yibao.settlement.inputs
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return [*stack[stack.index(n):], n]
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


def test_every_module_imports():
    for name in _modules():
        importlib.import_module(name)


def test_the_settlement_and_populations_packages_import_nothing_in_a_circle():
    modules = _modules()
    graph = {m: _imports(m, p, set(modules)) for m, p in modules.items()}
    mine = {m for m in graph if m.startswith(("yibao.settlement", "yibao.populations"))}
    # the graph reachable from these packages (what they import, and what that imports)
    reach: set[str] = set()
    todo = list(mine)
    while todo:
        m = todo.pop()
        if m not in reach:
            reach.add(m)
            todo.extend(graph[m])
    assert _cycle({m: graph[m] & reach for m in reach}) is None


def test_the_whole_package_imports_nothing_in_a_circle():
    modules = _modules()
    graph = {m: _imports(m, p, set(modules)) for m, p in modules.items()}
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imports(m, p, set(modules)) for m, p in modules.items()}


def test_every_part_of_the_package_is_in_a_layer():
    for m in _modules():
        layer_of(m)  # raises for a part LAYERS does not name


def test_every_import_goes_down_or_sideways_in_the_layer_order():
    upward = [(m, t) for m, ts in _graph().items() for t in ts if layer_of(t) > layer_of(m)]
    assert not upward, "\n".join(f"{m} ({layer_of(m)}) imports {t} ({layer_of(t)})" for m, t in upward)


def test_the_engines_side_by_side_do_not_import_each_other():
    graph = _graph()
    crossing = [(m, t) for m, ts in graph.items() for t in ts for a, b in APART
                if {part_of(m), part_of(t)} == {a, b}]
    assert not crossing, crossing


def _insiders(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports of a module inside the settlement package from outside it (no exceptions)."""
    return [(m, t) for m, ts in graph.items() for t in ts
            if t.startswith("yibao.settlement.") and part_of(m) != "yibao.settlement"]


def test_outside_the_settlement_package_only_its_public_face_is_imported():
    inside = _insiders(_graph())
    assert not inside, inside


def test_the_public_face_check_finds_an_import_of_an_internal():
    graph = {"yibao.populations.frame": {"yibao.settlement", "yibao.settlement.checks"},
             "yibao.settlement.year": {"yibao.settlement.engine"}}
    assert _insiders(graph) == [("yibao.populations.frame", "yibao.settlement.checks")]


def test_the_direction_check_finds_an_upward_import():
    assert layer_of("yibao.policy.reformed") < layer_of("yibao.settlement.year")  # reformed may not import it
    assert layer_of("yibao.money") < layer_of("yibao.policy.compiled") < layer_of("yibao.calculators.premium")
