"""NHS planning optimiser: choose care interventions, beds, staff and capital by linear programming.

The package is split in two: `optimiser.models` (the formulation, shipped from the repository's
`models/` folder) says *what* the planning problem is; everything else here (instance I/O and
validation, the sparse matrix, evaluation, solving, results, the command line) says *how* it is
read, built, solved and reported.

The public API (see `optimiser.api` and the README's "Python API"): `load_instance`,
`build_model`, `solve`, `SolveOptions`, `Status`, `evaluate_plan`, `optimise`, `Result`. The names
are imported on first use, so that `import optimiser` (and the command line's `--help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Each public name and the module it lives in.
_PUBLIC = {
    "load_instance": "optimiser.instance.load",
    "Instance": "optimiser.instance.container",
    "InstanceError": "optimiser.instance.errors",
    "build_model": "optimiser.models",
    "LinearModel": "optimiser.linear",
    "solve": "optimiser.solvers",
    "SolveOptions": "optimiser.solvers",
    "Solution": "optimiser.solvers",
    "Status": "optimiser.solvers",
    "evaluate_plan": "optimiser.analysis.evaluate",
    "optimise": "optimiser.api",
    "Result": "optimiser.api",
}

__all__ = [
    "Instance",
    "InstanceError",
    "LinearModel",
    "Result",
    "Solution",
    "SolveOptions",
    "Status",
    "__version__",
    "build_model",
    "evaluate_plan",
    "load_instance",
    "optimise",
    "solve",
]

if TYPE_CHECKING:
    from optimiser.analysis.evaluate import evaluate_plan
    from optimiser.api import Result, optimise
    from optimiser.instance.container import Instance
    from optimiser.instance.errors import InstanceError
    from optimiser.instance.load import load_instance
    from optimiser.linear import LinearModel
    from optimiser.models import build_model
    from optimiser.solvers import Solution, SolveOptions, Status, solve


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'optimiser' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value
