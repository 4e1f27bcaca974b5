"""The evaluation, benchmark and maintenance scripts import names that exist.

They run outside the test suite (minutes each), so a module move that breaks
one of their imports would otherwise go unnoticed until someone measures.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for folder in ("eval", "benchmarks", "scripts") for p in (ROOT / folder).glob("*.py"))


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from msgalign... import name` in the file, function-local ones included."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("msgalign"):
            out += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            out += [(alias.name, "") for alias in node.names if alias.name.startswith("msgalign")]
    return out


def test_there_are_scripts_to_check() -> None:
    assert any(p.parent.name == "eval" for p in SCRIPTS) and any(_imports(p) for p in SCRIPTS)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_msgalign_import_resolves(path: Path) -> None:
    for module, name in _imports(path):
        imported = importlib.import_module(module)
        if name and not hasattr(imported, name):
            importlib.import_module(f"{module}.{name}")  # a submodule: raises when it does not exist either
