"""Free-format MPS written straight from the sparse matrix, with the model's own row and column names.

Lines are assembled without a Python loop over entries: names and numbers are fixed-width byte
arrays, a block of lines is one uint8 matrix (piece after piece, padded with NUL bytes), and
dropping the NULs leaves the text. Numbers are formatted once per distinct value.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import numpy as np
import scipy.sparse as sp

from optimiser.io.atomic import atomic_write
from optimiser.io.textblocks import render_lines, spelled
from optimiser.linear import LinearModel

OBJECTIVE_ROW = "objective"


def _numbers(values: np.ndarray) -> np.ndarray:
    """Byte text of each value that reads back exactly, formatted once per distinct value."""
    return spelled(
        np.asarray(values, dtype=float), lambda value: repr(float(value)).removesuffix(".0").encode()
    )


def _bytes(names: np.ndarray) -> np.ndarray:
    return np.asarray(names.astype(str), dtype="S") if names.size else np.array([], dtype="S1")


def generic_names(prefix: str, count: int) -> np.ndarray:
    """Short names `R0`, `R1`, … for a solver's input file: CBC crashes on names of a few hundred
    characters, and reads its answers back by position, so it needs no real names."""
    return np.char.add(prefix, np.arange(count).astype(str))


def write_mps_stream(
    model: LinearModel, stream: BinaryIO, *, costs: np.ndarray | None = None, generic: bool = False
) -> None:
    """Write the model as free MPS to a binary stream, section by section.

    With `costs`, the file minimises `costs · x` instead of the model's objective (solvers such as
    CBC ignore OBJSENSE, so backends pass their minimisation); otherwise the model's own objective,
    sense (in an OBJSENSE section) and constant are written. With `generic`, rows and columns are
    named `R0…` and `C0…` in order (see `generic_names`) instead of by the model's names.
    """
    crossed = model.crossed_bounds()
    if crossed:
        raise ValueError(f"cannot write MPS: {crossed}")
    if generic:
        rows, columns = (
            _bytes(generic_names(prefix, size)) for prefix, size in zip("RC", model.shape, strict=True)
        )
    else:
        rows, columns = _bytes(model.row_names), _bytes(model.column_names)
    objective = model.objective if costs is None else costs
    constant = model.objective_constant if costs is None else 0.0
    stream.write(f"NAME          {model.objective_name}\n".encode())
    if model.sense == "max" and costs is None:
        stream.write(b"OBJSENSE\n    MAX\n")
    stream.write(_rows_section(model, rows))
    _columns_section(model, rows, columns, objective, stream)
    stream.write(_rhs_section(model, rows, constant))
    stream.write(_ranges_section(model, rows))
    stream.write(_bounds_section(model, columns))
    stream.write(b"ENDATA\n")


def mps_bytes(model: LinearModel, *, costs: np.ndarray | None = None) -> bytes:
    """The model as free MPS, in memory."""
    buffer = io.BytesIO()
    write_mps_stream(model, buffer, costs=costs)
    return buffer.getvalue()


def mps_text(model: LinearModel, *, costs: np.ndarray | None = None) -> str:
    return mps_bytes(model, costs=costs).decode()


def _row_kinds(model: LinearModel) -> np.ndarray:
    lower, upper = model.row_lower, model.row_upper
    kinds = np.full(lower.size, b"E", dtype="S1")
    kinds[np.isinf(lower) & np.isfinite(upper)] = b"L"
    kinds[np.isfinite(lower) & np.isinf(upper)] = b"G"
    kinds[np.isfinite(lower) & np.isfinite(upper) & (lower != upper)] = b"L"
    kinds[np.isinf(lower) & np.isinf(upper)] = b"N"
    return kinds


def _rows_section(model: LinearModel, rows: np.ndarray) -> bytes:
    kinds = _row_kinds(model)
    if (kinds == b"N").any():
        raise ValueError(f"row {rows[kinds == b'N'][0].decode()} has no bound")
    return (
        b"ROWS\n N  "
        + OBJECTIVE_ROW.encode()
        + b"\n"
        + render_lines([b" ", kinds, b"  ", rows, b"\n"], rows.size)
    )


def _columns_section(
    model: LinearModel, rows: np.ndarray, columns: np.ndarray, costs: np.ndarray, stream: BinaryIO
) -> None:
    matrix = sp.csc_matrix(model.matrix)
    column_of = np.repeat(np.arange(matrix.shape[1]), np.diff(matrix.indptr))
    # Each column lists its objective entry (if any) and then its matrix entries.
    objective = np.flatnonzero(costs != 0)
    entry_column = np.concatenate([objective, column_of])
    entry_row = np.concatenate([np.full(objective.size, -1), matrix.indices])
    entry_value = np.concatenate([costs[objective], matrix.data])
    order = np.argsort(entry_column, kind="stable")
    entry_column, entry_row, entry_value = entry_column[order], entry_row[order], entry_value[order]
    row_text = np.concatenate([rows, np.array([OBJECTIVE_ROW.encode()], dtype="S")])[entry_row]
    empty = np.setdiff1d(np.arange(matrix.shape[1]), entry_column)
    if empty.size:
        # A column in no row and not in the objective still needs a line to exist.
        entry_column = np.concatenate([entry_column, empty])
        row_text = np.concatenate(
            [
                row_text.astype(f"S{max(row_text.itemsize, len(OBJECTIVE_ROW))}"),
                np.full(empty.size, OBJECTIVE_ROW.encode()),
            ]
        )
        entry_value = np.concatenate([entry_value, np.zeros(empty.size)])
        order = np.argsort(entry_column, kind="stable")
        entry_column, row_text, entry_value = entry_column[order], row_text[order], entry_value[order]
    integer = model.integer[entry_column]
    stream.write(b"COLUMNS\n")
    # Integer columns sit between MARKER lines; runs are cut where integrality changes.
    cuts = np.flatnonzero(np.diff(integer.astype(np.int8))) + 1
    for marker, (start, stop) in enumerate(zip(np.r_[0, cuts], np.r_[cuts, integer.size], strict=True)):
        if start == stop:
            continue
        if integer[start]:
            stream.write(f"    MARKER{marker}  'MARKER'  'INTORG'\n".encode())
        pieces = [
            b"    ",
            columns[entry_column[start:stop]],
            b"  ",
            row_text[start:stop],
            b"  ",
            _numbers(entry_value[start:stop]),
            b"\n",
        ]
        render_lines(pieces, int(stop - start), stream)
        if integer[start]:
            stream.write(f"    MARKER{marker}  'MARKER'  'INTEND'\n".encode())


def _rhs_section(model: LinearModel, rows: np.ndarray, constant: float) -> bytes:
    kinds = _row_kinds(model)
    rhs = np.where(kinds == b"G", model.row_lower, model.row_upper)
    keep = rhs != 0
    text = b"RHS\n" + render_lines(
        [b"    rhs  ", rows[keep], b"  ", _numbers(rhs[keep]), b"\n"], int(keep.sum())
    )
    if constant:
        # MPS convention: the objective row's right-hand side is minus the objective's constant.
        text += f"    rhs  {OBJECTIVE_ROW}  {-constant!r}\n".encode()
    return text


def _ranges_section(model: LinearModel, rows: np.ndarray) -> bytes:
    lower, upper = model.row_lower, model.row_upper
    ranged = np.isfinite(lower) & np.isfinite(upper) & (lower != upper)
    if not ranged.any():
        return b""
    width = upper[ranged] - lower[ranged]
    return b"RANGES\n" + render_lines(
        [b"    range  ", rows[ranged], b"  ", _numbers(width), b"\n"], int(ranged.sum())
    )


def _bounds_section(model: LinearModel, columns: np.ndarray) -> bytes:
    lower, upper = model.col_lower, model.col_upper
    fixed = np.isfinite(upper) & (lower == upper)
    free = np.isinf(lower) & np.isinf(upper)
    parts = [b"BOUNDS\n"]
    for kind, mask, values in (
        (b" FX bound  ", fixed, lower),
        (b" FR bound  ", free, None),
        (b" MI bound  ", np.isinf(lower) & ~free, None),
        (b" LO bound  ", np.isfinite(lower) & (lower != 0) & ~fixed, lower),
        (b" UP bound  ", np.isfinite(upper) & ~fixed, upper),
    ):
        count = int(mask.sum())
        if count == 0:
            continue
        if values is None:
            parts.append(render_lines([kind, columns[mask], b"\n"], count))
        else:
            parts.append(render_lines([kind, columns[mask], b"  ", _numbers(values[mask]), b"\n"], count))
    return b"".join(parts)


def write_mps(
    model: LinearModel, path: str | Path, *, costs: np.ndarray | None = None, generic: bool = False
) -> Path:
    """Write the model as free MPS to `path` (whole or not at all: `atomic_write`)."""
    target = Path(path)
    with atomic_write(target) as stream:
        write_mps_stream(model, stream, costs=costs, generic=generic)
    return target
