"""The same model built in linopy, as its users write models: labelled variables, constraints by
broadcasting.

Like the PuLP and Pyomo anchors (`optimiser/solvers/pulp_backend.py`, `pyomo_backend.py`) it is
built from the native model's matrix, bounds and costs, so all three build the very same LP; unlike
them it never loops over rows. Each variable family is one linopy variable over one dimension named
after it, whose coordinate is each member's labels (`royal_derby,acute_nel,2020/21`), so every
member is addressed by its labels; the families' index sets are sparse (not every place has every
site), so they are not spread over a dense grid of dimensions. Each constraint family is one
labelled expression over its rows: for every variable family it touches, its entries are
laid out as a coefficient array over (row, slot) and the variable is indexed by a position array of
the same shape, so `coefficients * variable[positions]` broadcasts and `.sum("slot")` gives each
row's terms; the families' sums are added, and the row bounds (`==`, `<=`, `>=`, and both sides of
a ranged row) are three linopy constraints under masks. linopy is a benchmark-only extra
(`pip install -e '.[bench]'`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from optimiser.linear import Family, LinearModel

#: linopy's objective and the native CBC solve's agree to this relative difference (both optimal;
#: the native solve carries the tie-break costs, which move its objective by far less).
SAME_OBJECTIVE = 1e-6
LINOPY_MISSING = (
    "linopy anchor skipped: linopy is not installed (it is the benchmark-only extra: "
    "pip install -e '.[bench]')"
)


def check_linopy_objective(linopy_objective: float, native_objective: float, size: str) -> None:
    """Stop the benchmark if linopy's model solves to another optimum: then it is not our model."""
    difference = abs(linopy_objective - native_objective) / max(1.0, abs(native_objective))
    if not difference <= SAME_OBJECTIVE:
        raise RuntimeError(
            f"{size}: the linopy model's optimum {linopy_objective!r} is not the native "
            f"{native_objective!r} (relative difference {difference:.1e})"
        )


def linopy_available() -> bool:
    try:
        import linopy  # noqa: F401
    except ImportError:
        return False
    return True


def _labels(family: Family) -> np.ndarray:
    """Each member's label: the family's labels joined, `royal_derby,acute_nel,2020/21`."""
    names = family.names().astype(str)
    return np.char.rstrip(np.char.partition(names, "[")[:, 2], "]") if names.size else names


def to_linopy(model: LinearModel, *, objective: str = "solver") -> Any:
    """A `linopy.Model` of `model`: minimising the solver objective (`objective="solver"`, as PuLP
    and Pyomo are built) or optimising the model's own objective in its own sense (`"model"`)."""
    import linopy
    import xarray as xr

    built = linopy.Model()
    variables, coordinates = {}, {}
    for name, family in model.variables.items():
        members = slice(family.start, family.stop)
        coordinates[name] = {name: _labels(family)}
        variables[name] = built.add_variables(
            lower=xr.DataArray(model.col_lower[members], coords=coordinates[name]),
            upper=xr.DataArray(model.col_upper[members], coords=coordinates[name]),
            integer=bool(model.integer[members].any()),
            name=name,
        )
    matrix = model.matrix.tocsr()
    for name, family in model.constraints.items():
        _add_family(built, model, matrix, name, family, variables)
    if objective == "solver":
        from optimiser.solvers.result import solver_objective

        costs, sense = solver_objective(model)[0], "min"
    else:
        costs, sense = model.objective, model.sense
    terms = [
        (xr.DataArray(costs[family.start : family.stop], coords=coordinates[name]) * variables[name]).sum()
        for name, family in model.variables.items()
    ]
    built.add_objective(linopy.merge(terms, dim="_term"), sense=sense)
    return built


def _add_family(
    built: Any, model: LinearModel, matrix: Any, name: str, family: Family, variables: dict
) -> None:
    """One constraint family: each touched variable family's terms by broadcasting, the bounds by masks."""
    import xarray as xr

    rows = {name: _labels(family)}
    block = matrix[family.start : family.stop]
    expression = None
    for variable_name, variable_family in model.variables.items():
        part = block[:, variable_family.start : variable_family.stop].tocsr()
        if part.nnz == 0:
            continue
        positions, coefficients = _padded(part)
        dims = (name, "slot")
        chosen = variables[variable_name].isel(
            {variable_name: xr.DataArray(positions, dims=dims, coords=rows)}
        )
        terms = (xr.DataArray(coefficients, dims=dims, coords=rows) * chosen).sum("slot")
        expression = terms if expression is None else expression + terms
    if expression is None:
        return  # a family with no entries constrains nothing
    lower = xr.DataArray(model.row_lower[family.start : family.stop], coords=rows)
    upper = xr.DataArray(model.row_upper[family.start : family.stop], coords=rows)
    equal = np.isfinite(lower) & (lower == upper)
    built.add_constraints(expression == lower, name=f"{name}.equal", mask=equal)
    built.add_constraints(expression >= lower, name=f"{name}.lower", mask=np.isfinite(lower) & ~equal)
    built.add_constraints(expression <= upper, name=f"{name}.upper", mask=np.isfinite(upper) & ~equal)


def _padded(part: Any) -> tuple[np.ndarray, np.ndarray]:
    """A row-wise block as (row, slot) arrays of column positions and coefficients, padded with 0."""
    counts = np.diff(part.indptr)
    slots = max(int(counts.max()), 1)
    positions = np.zeros((part.shape[0], slots), dtype=np.int64)
    coefficients = np.zeros((part.shape[0], slots))
    row = np.repeat(np.arange(part.shape[0]), counts)
    slot = np.arange(part.nnz) - np.repeat(part.indptr[:-1], counts)
    positions[row, slot] = part.indices
    coefficients[row, slot] = part.data
    return positions, coefficients


@dataclass(frozen=True)
class LinopyOptimum:
    """What the benchmark keeps of a solve through linopy: the optimum, in the model's own terms."""

    objective: float


def solve_linopy(model: LinearModel, options: object = None) -> LinopyOptimum:
    """The model's optimum through linopy (its own objective and sense, HiGHS in process), plus its
    constant: the value to check against the native solve. `options` is accepted for the anchors'
    common signature; linopy's HiGHS runs with its defaults."""
    built = to_linopy(model, objective="model")
    status, condition = built.solve(solver_name="highs", io_api="direct", output_flag=False)
    if status != "ok":
        raise RuntimeError(f"linopy's solve ended {status} ({condition})")
    return LinopyOptimum(float(built.objective.value) + model.objective_constant)
