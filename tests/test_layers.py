"""The package's layers point one way: no module under ``parallax/`` imports ``bench`` or ``tests``,
and no two modules import each other, directly or around a circle (function-level imports count;
imports only for type checking do not)."""

from __future__ import annotations

import ast
from pathlib import Path

import parallax

ROOT = Path(parallax.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py")}


def _type_checking_only(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, resolved to a module of the package where it is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _type_checking_only(node)
        for child in node.body
        for n in ast.walk(child)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in MODULES else node.module)
    return found


GRAPH = {name: {m for m in imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def test_nothing_in_the_package_imports_bench_or_tests() -> None:
    offenders = {
        name: sorted(m for m in imports(path) if m.split(".")[0] in ("bench", "tests"))
        for name, path in MODULES.items()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_in_the_package_edits_sys_path() -> None:
    """Run-time code ships in the wheel; ``bench/`` and ``tests/`` do not, so reaching them by a path
    works in a checkout and breaks for every user who installed the package."""
    assert [name for name, path in MODULES.items() if "sys.path" in path.read_text(encoding="utf-8")] == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles() -> None:
    assert _cycles(GRAPH) == []
