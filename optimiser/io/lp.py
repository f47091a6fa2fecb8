"""The model in CPLEX LP format, for reading by eye and by other solvers.

LP names may not contain square brackets, so `bed_balance[royal_derby,acute_nel,2020/21]` is written
`bed_balance(royal_derby,acute_nel,2020/21)`; a ranged row becomes two rows suffixed `.lower` and
`.upper`. The MPS export keeps names exactly.

The text is rendered as the MPS file is (`optimiser.io.textblocks`), without a Python loop over
entries: a row's expression is one piece per entry (`+ 0.1 x(a)`), the first carrying the row's
head (` name: `) and the last its tail (` <= 4\n`), a chunk of rows at a time (`optimiser.io.chunks`).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.io.atomic import atomic_write
from optimiser.io.chunks import chunk_size, group_chunks, ragged
from optimiser.io.mps import OBJECTIVE_ROW, _numbers
from optimiser.io.textblocks import Piece, render_lines, spelled
from optimiser.linear import LinearModel


def _utf8(names: np.ndarray) -> np.ndarray:
    """Names as UTF-8 byte strings, `[ ]` written `( )`."""
    if not names.size:
        return np.array([], dtype="S1")
    try:
        encoded = names.astype("S")
    except UnicodeEncodeError:
        # Not all ASCII: each distinct name is encoded by Python instead.
        encoded = spelled(names, lambda name: str(name).encode("utf-8"))
    # One byte for another, in place: UTF-8 never uses ASCII byte values inside a longer character.
    encoded = np.ascontiguousarray(encoded)
    text = encoded.view(np.uint8)
    text[text == ord("[")] = ord("(")
    text[text == ord("]")] = ord(")")
    return encoded


class _Magnitudes:
    """The text of every stored coefficient's magnitude, spelled once per distinct value."""

    def __init__(self, values: np.ndarray) -> None:
        codes, distinct = pd.factorize(np.where(values < 0, -values, values), use_na_sentinel=False)
        self.codes = codes
        self.text = _numbers(distinct) if distinct.size else np.array([b"0"])

    def __getitem__(self, entries: np.ndarray) -> np.ndarray:
        return self.text[self.codes[entries]] if self.codes.size else np.full(entries.size, b"0")


def write_lp_stream(model: LinearModel, stream: BinaryIO) -> None:
    """Write the model in CPLEX LP format to a binary stream, section by section."""
    crossed = model.crossed_bounds()
    if crossed:
        raise ValueError(f"cannot write LP: {crossed}")
    columns = _utf8(model.column_names)
    stream.write(
        (
            "\\ NHS planning optimiser model; [ ] in names are written ( ) as LP format requires\n"
            f"\\ objective {model.objective_name}, constant {model.objective_constant!r} not written below\n"
            + ("Maximize\n" if model.sense == "max" else "Minimize\n")
        ).encode("utf-8")
    )
    objective = sp.csr_matrix(model.objective.reshape(1, -1))
    head, tail = np.array([f" {OBJECTIVE_ROW}: ".encode()]), np.array([b"\n"])
    only_row = np.zeros(1, dtype=np.int64)
    _expression_lines(objective, _Magnitudes(objective.data), only_row, head, tail, columns, stream)
    stream.write(b"Subject To\n")
    _constraint_lines(model, columns, stream)
    stream.write(b"Bounds\n")
    _bounds(model, columns, stream)
    integer = np.flatnonzero(model.integer)
    if integer.size:
        stream.write(b"General\n")
        render_lines([b" ", columns[integer], b"\n"], integer.size, stream, block=chunk_size(integer.size))
    stream.write(b"End\n")


def _constraint_lines(model: LinearModel, columns: np.ndarray, stream: BinaryIO) -> None:
    """Equality rows, then `<=`, then `>=`, then each ranged row's `.lower` and `.upper` halves."""
    rows = _utf8(model.row_names)
    matrix = model.matrix.tocsr()
    magnitudes = _Magnitudes(matrix.data)
    lower, upper = model.row_lower, model.row_upper
    equal = np.isfinite(lower) & (lower == upper)
    ranged = np.isfinite(lower) & np.isfinite(upper) & ~equal
    for mask, suffix, sense, bound in (
        (equal, b"", b"=", lower),
        (np.isinf(lower) & np.isfinite(upper), b"", b"<=", upper),
        (np.isfinite(lower) & np.isinf(upper), b"", b">=", lower),
        (ranged, b".lower", b">=", lower),
        (ranged, b".upper", b"<=", upper),
    ):
        selected = np.flatnonzero(mask)
        if not selected.size:
            continue
        heads = np.char.add(np.char.add(b" ", rows[selected]), suffix + b": ")
        tails = np.char.add(b" " + sense + b" ", _numbers(bound[selected]))
        _expression_lines(matrix, magnitudes, selected, heads, np.char.add(tails, b"\n"), columns, stream)


def _expression_lines(
    matrix: sp.csr_matrix,
    spelled_magnitudes: _Magnitudes,
    selected: np.ndarray,
    heads: np.ndarray,
    tails: np.ndarray,
    columns: np.ndarray,
    stream: BinaryIO,
) -> None:
    """`head + expression + tail` for each selected row, a row with no entries reading `0 <first
    column>`; terms are written in the matrix's order within the row."""
    counts = np.diff(matrix.indptr)[selected]
    for start, stop in group_chunks(np.maximum(counts, 1)):
        pieces_per_row = np.maximum(counts[start:stop], 1)
        owner, position = ragged(pieces_per_row)
        empty = counts[start:stop][owner] == 0
        entry = np.where(empty, 0, matrix.indptr[selected[start:stop]][owner] + position)
        values = matrix.data[entry] if matrix.nnz else np.zeros(entry.size)
        # A term is its sign, a space and its magnitude: `+ 0.1`, `- 2`.
        signs = np.where(empty, b"", np.where(values < 0, b"- ", b"+ "))
        magnitudes = np.where(empty, b"0", spelled_magnitudes[entry])
        names = columns[matrix.indices[entry]] if matrix.nnz else np.full(entry.size, columns[0])
        names = np.where(empty, columns[0], names)
        first = np.where(position == 0, heads[start:stop][owner], b" ")
        last = np.where(position == pieces_per_row[owner] - 1, tails[start:stop][owner], b"")
        pieces: list[Piece] = [first, signs, magnitudes, b" ", names, last]
        render_lines(pieces, int(owner.size), stream, block=int(owner.size))


def _bounds(model: LinearModel, columns: np.ndarray, stream: BinaryIO) -> None:
    """` low <= x <= high` for every column whose bounds are not LP's default `0 <= x`."""
    lower, upper = model.col_lower, model.col_upper
    kept = ~((lower == 0) & np.isinf(upper))
    count = int(kept.sum())
    if not count:
        return
    low = np.where(np.isinf(lower[kept]), b"-inf", _numbers(np.where(np.isinf(lower), 0, lower)[kept]))
    high = np.where(np.isinf(upper[kept]), b"+inf", _numbers(np.where(np.isinf(upper), 0, upper)[kept]))
    pieces: list[Piece] = [b" ", low, b" <= ", columns[kept], b" <= ", high, b"\n"]
    render_lines(pieces, count, stream, block=chunk_size(count))


def lp_text(model: LinearModel) -> str:
    """The model in CPLEX LP format, in memory."""
    buffer = io.BytesIO()
    write_lp_stream(model, buffer)
    return buffer.getvalue().decode("utf-8")


def write_lp(model: LinearModel, path: str | Path) -> Path:
    """Write the model in CPLEX LP format to `path`, whole or not at all (`atomic_write`)."""
    target = Path(path)
    with atomic_write(target) as stream:
        write_lp_stream(model, stream)
    return target
