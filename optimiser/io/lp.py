"""The model in CPLEX LP format, for reading by eye and by other solvers.

LP names may not contain square brackets, so `bed_balance[royal_derby,acute_nel,2020/21]` is written
`bed_balance(royal_derby,acute_nel,2020/21)`; a ranged row becomes two rows suffixed `.lower` and
`.upper`. The MPS export keeps names exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.io.atomic import write_text
from optimiser.io.mps import OBJECTIVE_ROW
from optimiser.io.mps import _numbers as _number_bytes
from optimiser.linear import LinearModel


def _numbers(values: np.ndarray) -> np.ndarray:
    return _number_bytes(values).astype(str)


def lp_names(names: np.ndarray) -> np.ndarray:
    """Model names with [ ] replaced by ( ), which LP format allows."""
    return np.char.replace(np.char.replace(names.astype(str), "[", "("), "]", ")")


def _expressions(matrix: sp.csr_matrix, columns: np.ndarray) -> pd.Series:
    """Each row's linear expression as text (`+0.1 x(a) -2 y`), indexed by row position."""
    coo = sp.coo_matrix(matrix)
    signed = np.where(
        coo.data < 0,
        np.char.add("- ", _numbers(-coo.data).astype(str)),
        np.char.add("+ ", _numbers(coo.data).astype(str)),
    )
    terms = pd.Series(np.char.add(np.char.add(signed.astype(str), " "), columns[coo.col]))
    return terms.groupby(coo.row, sort=True).agg(" ".join)


def lp_text(model: LinearModel) -> str:
    crossed = model.crossed_bounds()
    if crossed:
        raise ValueError(f"cannot write LP: {crossed}")
    rows = lp_names(model.row_names)
    columns = lp_names(model.column_names)
    objective = sp.csr_matrix(model.objective.reshape(1, -1))
    objective_terms = _expressions(objective, columns)
    parts = [
        "\\ NHS planning optimiser model; [ ] in names are written ( ) as LP format requires\n",
        f"\\ objective {model.objective_name}, constant {model.objective_constant!r} not written below\n",
        "Maximize\n" if model.sense == "max" else "Minimize\n",
        f" {OBJECTIVE_ROW}: {objective_terms.iloc[0] if len(objective_terms) else '0 ' + columns[0]}\n",
        "Subject To\n",
    ]
    expressions = _expressions(model.matrix, columns).reindex(
        range(model.shape[0]), fill_value="0 " + columns[0]
    )
    lower, upper = model.row_lower, model.row_upper
    equal = np.isfinite(lower) & (lower == upper)
    ranged = np.isfinite(lower) & np.isfinite(upper) & ~equal
    for mask, suffix, sense, bound in (
        (equal, "", "=", lower),
        (np.isinf(lower) & np.isfinite(upper), "", "<=", upper),
        (np.isfinite(lower) & np.isinf(upper), "", ">=", lower),
        (ranged, ".lower", ">=", lower),
        (ranged, ".upper", "<=", upper),
    ):
        if not mask.any():
            continue
        lines = (
            " "
            + pd.Series(rows[mask])
            + suffix
            + ": "
            + expressions[mask].to_numpy()
            + f" {sense} "
            + pd.Series(_numbers(bound[mask]).astype(str))
        )
        parts.append("\n".join(lines.tolist()) + "\n")
    parts.append("Bounds\n" + _bounds(model, columns))
    integer = np.flatnonzero(model.integer)
    if integer.size:
        parts.append("General\n " + "\n ".join(columns[integer].tolist()) + "\n")
    parts.append("End\n")
    return "".join(parts)


def _bounds(model: LinearModel, columns: np.ndarray) -> str:
    lower, upper = model.col_lower, model.col_upper
    low = np.where(np.isinf(lower), "-inf", _numbers(np.where(np.isinf(lower), 0, lower)).astype(str))
    high = np.where(np.isinf(upper), "+inf", _numbers(np.where(np.isinf(upper), 0, upper)).astype(str))
    default = (lower == 0) & np.isinf(upper)
    lines = " " + pd.Series(low) + " <= " + pd.Series(columns) + " <= " + pd.Series(high)
    kept = lines[~default]
    return "\n".join(kept.tolist()) + ("\n" if len(kept) else "")


def write_lp(model: LinearModel, path: str | Path) -> Path:
    """Write the model in CPLEX LP format to `path`, whole or not at all (`atomic_write`)."""
    return write_text(path, lp_text(model))
