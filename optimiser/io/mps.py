"""Free-format MPS written straight from the sparse matrix, with the model's own row and column names.

Lines are assembled without a Python loop over entries: names and numbers are fixed-width byte
arrays, a block of lines is one uint8 matrix (piece after piece, padded with NUL bytes), and
dropping the NULs leaves the text. Numbers are formatted once per distinct value in a block.

The file streams: each section is written a chunk of lines at a time (`optimiser.io.chunks`), and
the COLUMNS section gathers each chunk of columns' entries from the row-wise matrix itself, so the
writer's working memory stays a small share of the file it writes.
"""

from __future__ import annotations

import io
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import numpy as np
import scipy.sparse as sp

from optimiser.io.atomic import atomic_write
from optimiser.io.chunks import chunk_size, group_chunks
from optimiser.io.textblocks import Piece, render_lines, spelled
from optimiser.linear import LinearModel

OBJECTIVE_ROW = "objective"
#: Entries counted at a time by `_column_counts`.
SLICE = 1 << 16


def _numbers(values: np.ndarray) -> np.ndarray:
    """Byte text of each value that reads back exactly, formatted once per distinct value."""
    return spelled(
        np.asarray(values, dtype=float), lambda value: repr(float(value)).removesuffix(".0").encode()
    )


def _bytes(names: np.ndarray) -> np.ndarray:
    # Straight to bytes: a str array on the way would take four bytes a character.
    return names.astype("S") if names.size else np.array([], dtype="S1")


def generic_names(prefix: str, count: int) -> np.ndarray:
    """Short names `R0`, `R1`, … for a solver's input file: CBC crashes on names of a few hundred
    characters, and reads its answers back by position, so it needs no real names."""
    # Bytes of the widest number's width: a str array of int64 text would take 84 bytes a name.
    digits = np.arange(count).astype(f"S{len(str(max(count - 1, 0)))}")
    return np.strings.add(prefix.encode(), digits)


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
    _rows_section(model, rows, stream)
    _columns_section(model, rows, columns, objective, stream)
    _rhs_section(model, rows, constant, stream)
    _ranges_section(model, rows, stream)
    _bounds_section(model, columns, stream)
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


def _rows_section(model: LinearModel, rows: np.ndarray, stream: BinaryIO) -> None:
    kinds = _row_kinds(model)
    if (kinds == b"N").any():
        raise ValueError(f"row {rows[kinds == b'N'][0].decode()} has no bound")
    stream.write(b"ROWS\n N  " + OBJECTIVE_ROW.encode() + b"\n")
    _lines([b" ", kinds, b"  ", rows, b"\n"], rows.size, stream)


def _lines(pieces: list[Piece], count: int, stream: BinaryIO) -> None:
    """Lines rendered a chunk at a time (see `optimiser.io.chunks`); a piece of floats is spelled
    (`_numbers`) a chunk at a time too, so no whole column of number text is held."""
    size = chunk_size(count)
    for start in range(0, count, size):
        stop = min(count, start + size)
        block = [
            piece
            if isinstance(piece, bytes)
            else (_numbers(piece[start:stop]) if piece.dtype.kind == "f" else piece[start:stop])
            for piece in pieces
        ]
        render_lines(block, stop - start, stream)


def _columns_section(
    model: LinearModel, rows: np.ndarray, columns: np.ndarray, costs: np.ndarray, stream: BinaryIO
) -> None:
    """Each column's objective entry (if any) and then its matrix entries in row order; a column in
    no row and not in the objective gets one line with a zero cost, so that it exists.

    The entries are found a chunk of columns at a time from the row-wise matrix itself, so no
    column-wise copy of the matrix, and no whole section of text, is ever held.
    """
    matrix = model.matrix.tocsr()
    in_objective = (costs != 0).astype(np.int64)
    lines = np.maximum(_column_counts(matrix) + in_objective, 1)
    integer = model.integer
    # Integer columns sit between MARKER lines; runs are cut where integrality changes.
    run_starts = np.r_[0, np.flatnonzero(np.diff(integer.astype(np.int8))) + 1]
    run_stops = np.r_[run_starts[1:], integer.size]
    stream.write(b"COLUMNS\n")
    # Two masks over the entries, reused by every chunk rather than made afresh for each.
    inside, below = np.empty(matrix.nnz, dtype=bool), np.empty(matrix.nnz, dtype=bool)
    for start, stop in group_chunks(lines):
        # The chunk's entries are found by one pass over the matrix, then split by integrality run.
        np.greater_equal(matrix.indices, start, out=inside)
        inside &= np.less(matrix.indices, stop, out=below)
        entries = np.flatnonzero(inside)
        for run_start, run_stop in _runs_within(run_starts, start, stop):
            marker = int(np.searchsorted(run_starts, run_start, side="right")) - 1
            if integer[run_start] and run_start == run_starts[marker]:
                stream.write(f"    MARKER{marker}  'MARKER'  'INTORG'\n".encode())
            columns_of = matrix.indices[entries]
            within = entries[(columns_of >= run_start) & (columns_of < run_stop)]
            _column_lines(matrix, within, rows, columns, costs, run_start, run_stop, stream)
            if integer[run_start] and run_stop == run_stops[marker]:
                stream.write(f"    MARKER{marker}  'MARKER'  'INTEND'\n".encode())


def _column_counts(matrix: sp.csr_matrix) -> np.ndarray:
    """Entries per column, counted a slice of entries at a time: `np.bincount` copies the indices it
    counts to 64-bit integers, which for the whole matrix would be 8 bytes an entry."""
    counts = np.zeros(matrix.shape[1], dtype=np.int64)
    for start in range(0, matrix.nnz, SLICE):
        counts += np.bincount(matrix.indices[start : start + SLICE], minlength=matrix.shape[1])
    return counts


def _runs_within(run_starts: np.ndarray, start: int, stop: int) -> list[tuple[int, int]]:
    """The pieces of the integrality runs that fall within columns `start` to `stop`."""
    cuts = run_starts[(run_starts > start) & (run_starts < stop)]
    edges = [start, *cuts.tolist(), stop]
    return list(pairwise(edges))


def _column_lines(
    matrix: sp.csr_matrix,
    entries: np.ndarray,
    rows: np.ndarray,
    columns: np.ndarray,
    costs: np.ndarray,
    start: int,
    stop: int,
    stream: BinaryIO,
) -> None:
    """The COLUMNS lines of columns `start` to `stop`, whose matrix entries are `entries`."""
    entry_column = matrix.indices[entries]
    # A stable sort by column keeps each column's entries in the row order of the row-wise matrix.
    order = np.argsort(entry_column, kind="stable")
    entries, entry_column = entries[order], entry_column[order]
    entry_row = np.searchsorted(matrix.indptr, entries, side="right") - 1
    objective = np.flatnonzero(costs[start:stop] != 0) + start
    present = np.zeros(stop - start, dtype=bool)
    present[objective - start] = True
    present[entry_column - start] = True
    empty = np.flatnonzero(~present) + start
    # Objective lines (row -1) come first in their column, then the entries, then the empty columns'
    # single lines (row -1, value 0): a stable sort by column puts every line in its place.
    line_column = np.concatenate([objective, entry_column, empty])
    line_row = np.concatenate([np.full(objective.size, -1), entry_row, np.full(empty.size, -1)])
    line_value = np.concatenate([costs[objective], matrix.data[entries], np.zeros(empty.size)])
    order = np.argsort(line_column, kind="stable")
    line_column, line_row, line_value = line_column[order], line_row[order], line_value[order]
    named = rows[np.maximum(line_row, 0)] if rows.size else np.zeros(line_row.size, dtype="S1")
    row_text = np.where(line_row < 0, OBJECTIVE_ROW.encode(), named)
    pieces = [b"    ", columns[line_column], b"  ", row_text, b"  ", _numbers(line_value), b"\n"]
    render_lines(pieces, int(line_column.size), stream)


def _rhs_section(model: LinearModel, rows: np.ndarray, constant: float, stream: BinaryIO) -> None:
    kinds = _row_kinds(model)
    rhs = np.where(kinds == b"G", model.row_lower, model.row_upper)
    keep = rhs != 0
    stream.write(b"RHS\n")
    _lines([b"    rhs  ", rows[keep], b"  ", rhs[keep], b"\n"], int(keep.sum()), stream)
    if constant:
        # MPS convention: the objective row's right-hand side is minus the objective's constant.
        stream.write(f"    rhs  {OBJECTIVE_ROW}  {-constant!r}\n".encode())


def _ranges_section(model: LinearModel, rows: np.ndarray, stream: BinaryIO) -> None:
    lower, upper = model.row_lower, model.row_upper
    ranged = np.isfinite(lower) & np.isfinite(upper) & (lower != upper)
    if not ranged.any():
        return
    width = upper[ranged] - lower[ranged]
    stream.write(b"RANGES\n")
    _lines([b"    range  ", rows[ranged], b"  ", width, b"\n"], int(ranged.sum()), stream)


def _bounds_section(model: LinearModel, columns: np.ndarray, stream: BinaryIO) -> None:
    lower, upper = model.col_lower, model.col_upper
    fixed = np.isfinite(upper) & (lower == upper)
    free = np.isinf(lower) & np.isinf(upper)
    stream.write(b"BOUNDS\n")
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
            _lines([kind, columns[mask], b"\n"], count, stream)
        else:
            _lines([kind, columns[mask], b"  ", values[mask], b"\n"], count, stream)


def write_mps(
    model: LinearModel, path: str | Path, *, costs: np.ndarray | None = None, generic: bool = False
) -> Path:
    """Write the model as free MPS to `path` (whole or not at all: `atomic_write`)."""
    target = Path(path)
    with atomic_write(target) as stream:
        write_mps_stream(model, stream, costs=costs, generic=generic)
    return target
