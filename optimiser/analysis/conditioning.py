"""Checks of a built model that the solvers can take it as it is: names, magnitudes and scaling.

Load-time checks judge each figure of an instance on its own; the model multiplies figures together
(bed-days by a cost per bed-day, a scale by an effect per unit), so some defects show only in the
built matrix. Two kinds of finding:

* errors, which make a solver's answer wrong or absent, so the model is refused as bad input:
  a coefficient, bound or cost within a factor of 1e5 of the 1e20 that CBC and HiGHS read as
  infinity (a bed limit of 1e308 was once "Optimal" while broken by 2.7e305), or NaN;
* warnings, for a row or column whose nonzero coefficients span more than `SPREAD_LIMIT` (a
  coefficient of 1e12 beside one of 1e-12). Solvers scale rows and columns and often cope, and the
  solution is checked against the model afterwards, so a wide spread is reported with what to
  rescale rather than refused; refusing would also refuse models that solve correctly. Names that an
  exported MPS file cannot carry to CBC (160 characters or more, or holding a space) are warnings
  too: the solve itself feeds CBC generic names, so only `export --mps` is affected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp

from optimiser.instance.errors import InstanceError, Problem
from optimiser.linear import LinearModel

#: The value CBC and HiGHS read as infinite.
SOLVER_INFINITY = 1e20
#: The largest magnitude a finite coefficient, bound or cost may have: 1e5 below the solvers'
#: infinity, so that no sum of a few terms reaches it.
MAGNITUDE_LIMIT = SOLVER_INFINITY * 1e-5
#: The widest ratio of largest to smallest nonzero coefficient in one row or column before it is
#: reported; double precision carries about 16 digits and solver tolerances are about 1e-7 to 1e-9,
#: so past 1e9 the small coefficients drown in the large ones' rounding.
SPREAD_LIMIT = 1e9
#: Names of this length or longer make CBC's MPS reader fail (measured: 159 characters solve, 160 do not).
NAME_LENGTH_LIMIT = 160
#: At most this many findings of each kind are listed.
FINDING_LIMIT = 20


@dataclass(frozen=True)
class Finding:
    """One thing about the model a solver may handle badly, and what to do about it."""

    severity: Literal["error", "warning"]
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


def check_conditioning(model: LinearModel, *, names: bool = True) -> list[Finding]:
    """Every finding about `model`, errors first, each kind listed up to `FINDING_LIMIT`.

    `names=False` leaves out names too long for CBC's MPS reader: a solve feeds CBC generic names,
    so only an exported file keeps them.
    """
    return [
        *_huge_values(model),
        *(_long_names(model) if names else []),
        # Names are looked up only for a finding: spelling every name costs more than the check.
        *_spreads(model.matrix.tocsr(), lambda: model.row_names, lambda: model.column_names, "row"),
        *_spreads(model.matrix.tocsc(), lambda: model.column_names, lambda: model.row_names, "column"),
    ]


def require_conditioned(model: LinearModel, source: str, *, names: bool = True) -> list[Finding]:
    """Raise `InstanceError` naming `source` (the instance) for the errors; return the warnings.

    For `solve`, `export` and `validate` to call once the model is built, before any solver runs.
    """
    findings = check_conditioning(model, names=names)
    errors = [
        Problem(source, f"{finding.where}: {finding.message}")
        for finding in findings
        if finding.severity == "error"
    ]
    if errors:
        raise InstanceError.of(errors)
    return findings


def _long_names(model: LinearModel) -> list[Finding]:
    found = []
    for kind, names in (("row", model.row_names), ("column", model.column_names)):
        text = names.astype(str)
        lengths = np.char.str_len(text)
        spaced = np.char.find(text, " ") >= 0
        for position in np.flatnonzero((lengths >= NAME_LENGTH_LIMIT) | spaced)[:FINDING_LIMIT]:
            name = str(text[position])
            found.append(
                Finding(
                    "warning",
                    f"{kind} {name[:60]}…" if len(name) > 60 else f"{kind} {name}",
                    f"a name of {len(name)} characters{' holding a space' if ' ' in name else ''}; CBC "
                    f"reads names of fewer than {NAME_LENGTH_LIMIT} without spaces from an exported MPS "
                    "file: shorten the ids in it",
                )
            )
    return found


def _huge_values(model: LinearModel) -> list[Finding]:
    """Finite values so large that a solver's arithmetic on them reaches its infinity."""
    coo = model.matrix.tocoo()
    candidates = [
        (
            "coefficient",
            coo.data,
            lambda at: f"row {model.row_names[coo.row[at]]}, column {model.column_names[coo.col[at]]}",
        ),
        ("cost", model.objective, lambda at: f"column {model.column_names[at]}"),
        ("lower bound", model.col_lower, lambda at: f"column {model.column_names[at]}"),
        ("upper bound", model.col_upper, lambda at: f"column {model.column_names[at]}"),
        ("lower limit", model.row_lower, lambda at: f"row {model.row_names[at]}"),
        ("upper limit", model.row_upper, lambda at: f"row {model.row_names[at]}"),
    ]
    found = []
    for what, values, where in candidates:
        values = np.asarray(values, dtype=float)
        # An infinite bound means no bound; an infinite coefficient or cost, or a NaN anywhere, is a defect.
        bad = np.isnan(values) | (np.isfinite(values) & (np.abs(values) > MAGNITUDE_LIMIT))
        if what in ("coefficient", "cost"):
            bad |= np.isinf(values)
        for position in np.flatnonzero(bad)[:FINDING_LIMIT]:
            message = (
                f"{what} {values[position]:g} is beyond ±{MAGNITUDE_LIMIT:g} (solvers read "
                f"{SOLVER_INFINITY:g} as infinite): check the instance figures behind it and their units"
            )
            found.append(Finding("error", where(int(position)), message))
    return found


def _spreads(
    matrix: sp.csr_matrix | sp.csc_matrix,
    names: Callable[[], np.ndarray],
    others: Callable[[], np.ndarray],
    kind: str,
) -> list[Finding]:
    """Rows (of a CSR matrix) or columns (of a CSC one) whose nonzeros span more than `SPREAD_LIMIT`."""
    magnitudes = np.abs(matrix.data)
    starts = matrix.indptr[:-1]
    filled = np.flatnonzero(np.diff(matrix.indptr) > 0)
    found: list[Finding] = []
    if not filled.size:
        return found
    largest = np.maximum.reduceat(np.where(magnitudes > 0, magnitudes, 0.0), starts[filled])
    smallest = np.minimum.reduceat(np.where(magnitudes > 0, magnitudes, np.inf), starts[filled])
    spread = largest / smallest
    for at in np.flatnonzero(spread > SPREAD_LIMIT)[:FINDING_LIMIT]:
        position = int(filled[at])
        segment = slice(matrix.indptr[position], matrix.indptr[position + 1])
        values, indices = magnitudes[segment], matrix.indices[segment]
        big, small = indices[np.argmax(values)], indices[np.argmin(np.where(values > 0, values, np.inf))]
        other = "column" if kind == "row" else "row"
        message = (
            f"coefficients span {spread[at]:.1e} (more than {SPREAD_LIMIT:.0e}): {largest[at]:g} at {other} "
            f"{others()[big]} and {smallest[at]:g} at {other} {others()[small]}; rescale the figures behind "
            "them (state money in £m rather than £, or bed-days in thousands) so they are closer in size"
        )
        found.append(Finding("warning", f"{kind} {names()[position]}", message))
    return found
