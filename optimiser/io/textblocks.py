"""Text files of many lines (MPS, result CSVs) rendered without a Python loop over the lines.

Each line is a sequence of pieces: constant bytes, or one fixed-width byte string per line. A block
of lines is one uint8 matrix, piece after piece, padded with NUL bytes; dropping the NULs leaves the
text. Values that repeat (names, labels, numbers) are spelled once per distinct value.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from optimiser.io.atomic import atomic_write

#: Lines rendered per block: bounds the temporary matrix to a few tens of megabytes.
BLOCK = 200_000

Piece = bytes | np.ndarray


def render_lines(
    pieces: list[Piece], count: int, stream: BinaryIO | None = None, *, block: int = BLOCK
) -> bytes:
    """`count` lines, each the concatenation of the pieces (a constant, or one value per line).

    With a `stream`, blocks (of `block` lines) are written to it as they are made and nothing is
    returned.
    """
    blocks = []
    for start in range(0, count, block):
        stop = min(count, start + block)
        matrices = []
        for piece in pieces:
            if isinstance(piece, bytes):
                matrices.append(np.broadcast_to(np.frombuffer(piece, np.uint8), (stop - start, len(piece))))
            else:
                part = np.ascontiguousarray(piece[start:stop])
                matrices.append(part.view(np.uint8).reshape(stop - start, part.dtype.itemsize))
        matrix = np.hstack(matrices)
        text = matrix[matrix != 0].tobytes()
        if stream is None:
            blocks.append(text)
        else:
            stream.write(text)
    return b"".join(blocks)


def spelled(values: np.ndarray, spell: object) -> np.ndarray:
    """`spell(value)` (a function returning bytes) for every value, computed once per distinct value."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    text = np.array([spell(value) for value in distinct], dtype="S")  # type: ignore[operator]
    return text[codes] if codes.size else np.array([], dtype="S1")


def _float_texts(values: np.ndarray, pattern: str) -> np.ndarray:
    """`pattern % value` of every number as bytes, blank for NaN, spelled once per distinct value in
    one comprehension (a function call per value costs more than the formatting)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    if not codes.size:
        return np.array([], dtype="S1")
    numbers = np.asarray(distinct, dtype=float)
    text = np.array([(pattern % number).encode() for number in numbers.tolist()], dtype="S")
    text[np.isnan(numbers)] = b""
    return text[codes]


def _csv_text(value: object) -> bytes:
    """A CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled)."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if any(mark in text for mark in _QUOTED):
        text = '"' + text.replace('"', '""') + '"'
    return text.encode()


#: The characters that make a CSV field need quotes.
_QUOTED = (",", '"', "\n", "\r")
#: Whether a text holds one of them.
_NEEDS_QUOTES = re.compile("[" + re.escape("".join(_QUOTED)) + "]").search


def _csv_texts(values: np.ndarray) -> np.ndarray:
    """`_csv_text` of every value, spelled once per distinct value; the distinct values' texts are
    checked for a character that needs quotes all at once, since most columns hold none."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    if not codes.size:
        return np.array([], dtype="S1")
    texts = [
        "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        for value in distinct
    ]
    joined = "".join(texts)
    if any(mark in joined for mark in _QUOTED):
        # `_csv_text`'s quoting, with one search of a compiled pattern per text.
        texts = ['"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES(text) else text for text in texts]
    return np.array([text.encode() for text in texts], dtype="S")[codes]


def csv_column(values: pd.Series, float_format: str) -> np.ndarray:
    """One column of a CSV file as byte strings: numbers with `float_format`, blanks for missing."""
    if pd.api.types.is_float_dtype(values.dtype):
        return _float_texts(values.to_numpy(), float_format)
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.where(values.to_numpy(dtype=bool), b"True", b"False").astype("S5")
    return _csv_texts(values.to_numpy(dtype=object))


def write_csv(
    frame: pd.DataFrame,
    path: Path,
    float_format: str = "%.10g",
    spelled_columns: dict[str, np.ndarray] | None = None,
) -> None:
    """Write `frame` as CSV (header, no index, LF line ends), whole or not at all (`atomic_write`).

    `spelled_columns` gives columns already spelled by `csv_column` (for example while a solver ran).
    """
    spelled_columns = spelled_columns or {}
    header = ",".join(_csv_text(str(column)).decode() for column in frame.columns) + "\n"
    pieces: list[Piece] = []
    for position, column in enumerate(frame.columns):
        if position:
            pieces.append(b",")
        given = spelled_columns.get(column)
        pieces.append(given if given is not None else csv_column(frame[column], float_format))
    pieces.append(b"\n")
    with atomic_write(path) as stream:
        stream.write(header.encode())
        if len(frame):
            render_lines(pieces, len(frame), stream)
