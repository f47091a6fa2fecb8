"""Free-format MPS written straight from the sparse matrix, with the model's own row and column names.

Lines are assembled column-wise with numpy string operations, so writing grows linearly with the
number of nonzeros and never loops over rows in Python.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp

from optimiser.linear import LinearModel

OBJECTIVE_ROW = "objective"


def _numbers(values: np.ndarray) -> np.ndarray:
    """Text of each value that reads back exactly: 15 significant digits, 17 where 15 lose bits."""
    values = np.asarray(values, dtype=float)
    text = np.char.mod("%.15g", values)
    inexact = text.astype(float) != values
    if inexact.any():
        text = text.astype(object)
        text[inexact] = np.char.mod("%.17g", values[inexact])
    return text


def _lines(*columns: np.ndarray) -> str:
    if columns[0].size == 0:
        return ""
    joined = np.char.add("    ", columns[0].astype(str))
    for column in columns[1:]:
        joined = np.char.add(np.char.add(joined, "  "), column.astype(str))
    return "\n".join(joined.tolist()) + "\n"


def mps_text(model: LinearModel, *, minimise: bool = False) -> str:
    """The model as free MPS.

    With `minimise`, a maximisation is written as minimising the negated objective (for solvers
    that ignore OBJSENSE, such as CBC); otherwise the sense is written in an OBJSENSE section.
    """
    negate = minimise and model.sense == "max"
    sign = -1.0 if negate else 1.0
    rows = model.row_names.astype(str)
    columns = model.column_names.astype(str)
    parts = [f"NAME          {model.objective_name}\n"]
    if model.sense == "max" and not negate:
        parts.append("OBJSENSE\n    MAX\n")
    parts.append(_rows_section(model, rows))
    parts.append(_columns_section(model, rows, columns, sign))
    parts.append(_rhs_section(model, rows, sign))
    parts.append(_ranges_section(model, rows))
    parts.append(_bounds_section(model, columns))
    parts.append("ENDATA\n")
    return "".join(parts)


def _row_kinds(model: LinearModel) -> np.ndarray:
    lower, upper = model.row_lower, model.row_upper
    kinds = np.full(lower.size, "E", dtype="<U1")
    kinds[np.isinf(lower) & np.isfinite(upper)] = "L"
    kinds[np.isfinite(lower) & np.isinf(upper)] = "G"
    kinds[np.isfinite(lower) & np.isfinite(upper) & (lower != upper)] = "L"
    kinds[np.isinf(lower) & np.isinf(upper)] = "N"
    return kinds


def _rows_section(model: LinearModel, rows: np.ndarray) -> str:
    kinds = _row_kinds(model)
    if (kinds == "N").any():
        raise ValueError(f"row {rows[kinds == 'N'][0]} has no bound")
    body = np.char.add(np.char.add(" ", kinds), np.char.add("  ", rows)) if rows.size else np.array([])
    return "ROWS\n N  " + OBJECTIVE_ROW + "\n" + ("\n".join(body.tolist()) + "\n" if rows.size else "")


def _columns_section(model: LinearModel, rows: np.ndarray, columns: np.ndarray, sign: float) -> str:
    matrix = sp.csc_matrix(model.matrix)
    counts = np.diff(matrix.indptr)
    column_of = np.repeat(np.arange(matrix.shape[1]), counts)
    # Each column lists its objective entry (if any) and then its matrix entries.
    objective = np.flatnonzero(model.objective != 0)
    entry_column = np.concatenate([objective, column_of])
    entry_row = np.concatenate([np.full(objective.size, OBJECTIVE_ROW, dtype=object), rows[matrix.indices]])
    entry_value = np.concatenate([sign * model.objective[objective], matrix.data])
    order = np.argsort(entry_column, kind="stable")
    entry_column, entry_row, entry_value = entry_column[order], entry_row[order], entry_value[order]
    integer = model.integer[entry_column]
    text = ["COLUMNS\n"]
    # Integer columns sit between MARKER lines; runs are cut where integrality changes.
    boundaries = np.flatnonzero(np.diff(integer.astype(np.int8))) + 1
    starts = np.concatenate([[0], boundaries])
    stops = np.concatenate([boundaries, [entry_column.size]])
    marker = 0
    for start, stop in zip(starts.tolist(), stops.tolist(), strict=True):
        if start == stop:
            continue
        block = _lines(
            columns[entry_column[start:stop]], entry_row[start:stop], _numbers(entry_value[start:stop])
        )
        if integer[start]:
            text.append(
                f"    MARKER{marker}  'MARKER'  'INTORG'\n{block}    MARKER{marker}  'MARKER'  'INTEND'\n"
            )
            marker += 1
        else:
            text.append(block)
    empty = np.setdiff1d(np.arange(matrix.shape[1]), entry_column)
    if empty.size:
        # A column in no row and not in the objective still needs a line to exist.
        text.append(_lines(columns[empty], np.full(empty.size, OBJECTIVE_ROW), np.full(empty.size, "0")))
    return "".join(text)


def _rhs_section(model: LinearModel, rows: np.ndarray, sign: float) -> str:
    kinds = _row_kinds(model)
    rhs = np.where(kinds == "G", model.row_lower, model.row_upper)
    keep = rhs != 0
    text = "RHS\n" + _lines(np.full(int(keep.sum()), "rhs"), rows[keep], _numbers(rhs[keep]))
    if model.objective_constant:
        # MPS convention: the objective row's right-hand side is minus the objective's constant.
        text += f"    rhs  {OBJECTIVE_ROW}  {-sign * model.objective_constant!r}\n"
    return text


def _ranges_section(model: LinearModel, rows: np.ndarray) -> str:
    lower, upper = model.row_lower, model.row_upper
    ranged = np.isfinite(lower) & np.isfinite(upper) & (lower != upper)
    if not ranged.any():
        return ""
    width = upper[ranged] - lower[ranged]
    return "RANGES\n" + _lines(np.full(int(ranged.sum()), "range"), rows[ranged], _numbers(width))


def _bounds_section(model: LinearModel, columns: np.ndarray) -> str:
    lower, upper = model.col_lower, model.col_upper
    parts = []
    fixed = np.isfinite(upper) & (lower == upper)
    free = np.isinf(lower) & np.isinf(upper)
    minus = np.isinf(lower) & ~free
    lower_set = np.isfinite(lower) & (lower != 0) & ~fixed
    upper_set = np.isfinite(upper) & ~fixed
    for kind, mask, values in (
        ("FX", fixed, lower),
        ("FR", free, None),
        ("MI", minus, None),
        ("LO", lower_set, lower),
        ("UP", upper_set, upper),
    ):
        count = int(mask.sum())
        if count == 0:
            continue
        label = np.full(count, f"{kind} bound", dtype=object)
        if values is None:
            parts.append(_lines(label, columns[mask]))
        else:
            parts.append(_lines(label, columns[mask], _numbers(values[mask])))
    text = "".join(parts)
    # _lines indents by four spaces; bound lines start with one space and the bound type.
    text = "\n".join(" " + line[4:] for line in text.splitlines()) + ("\n" if text else "")
    return "BOUNDS\n" + text


def write_mps(model: LinearModel, path: str | Path, *, minimise: bool = False) -> Path:
    """Write the model as free MPS to `path` (via a temporary file, so no half-written file is left)."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(mps_text(model, minimise=minimise), encoding="utf-8")
    partial.replace(target)
    return target
