"""What import-linter cannot see: `models/` is installed as `optimiser.models`, so the import graph
of `optimiser` has no such package, and imports of it from the solver backends are checked here.
The other layer rules are import-linter's contracts in pyproject.toml (run by `.ci/run`)."""

from __future__ import annotations

import ast
from pathlib import Path

SOLVERS = Path(__file__).resolve().parents[1] / "optimiser" / "solvers"


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_solver_backends_never_import_the_formulation() -> None:
    for path in sorted(SOLVERS.glob("*.py")):
        formulation = {name for name in _imported(path) if name.split(".")[:2] == ["optimiser", "models"]}
        assert not formulation, f"{path.name} imports {sorted(formulation)}"
