"""Layering: the package never reaches into the repository's benchmarks or tests.

Run-time code ships in the wheel; ``bench/`` and ``tests/`` do not, so an import of them from
``parallax/`` works in a checkout and breaks for every user who installed the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "parallax"
FORBIDDEN = ("bench", "tests")


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_no_package_module_imports_bench_or_tests() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in _imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert not offenders, offenders


def test_no_package_module_edits_sys_path() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in sorted(PACKAGE.rglob("*.py"))
        if "sys.path" in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders
