"""Joins of tables on text keys, done with numpy on integer codes instead of pandas merges.

The tables of an instance are small, so a pandas merge or MultiIndex costs its fixed overhead (a
millisecond or more), not its rows; these cost a few numpy calls. The results are in the order the
merges they replace gave: an inner join lists the left rows in order, and each left row's matches in
the order the right table holds them. Missing values (NaN) match each other, as in a pandas merge.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

Key = Sequence[pd.Series | pd.Index | np.ndarray]


def codes(left: Key, right: Key) -> tuple[np.ndarray, np.ndarray]:
    """One integer per row of each side, equal exactly where the rows' keys (one or more columns,
    the same number on each side) are equal."""
    size = len(left[0])
    combined = np.zeros(size + len(right[0]), dtype=np.int64)
    for first, second in zip(left, right, strict=True):  # the one to three columns of a key
        column = np.concatenate([np.asarray(first, dtype=object), np.asarray(second, dtype=object)])
        found, distinct = pd.factorize(column, use_na_sentinel=False)
        # Re-coded at each column so that the codes stay below the number of rows.
        combined, _ = pd.factorize(combined * max(len(distinct), 1) + found)
    return combined[:size], combined[size:]


def inner_join(left: Key, right: Key) -> tuple[np.ndarray, np.ndarray]:
    """Positions (left row, right row) of every pair of rows whose keys are equal, as an inner
    merge orders them: by left row, then by right row."""
    left_codes, right_codes = codes(left, right)
    order = np.argsort(right_codes, kind="stable")
    counts = np.bincount(right_codes, minlength=len(left_codes) + len(right_codes))
    starts = np.cumsum(counts) - counts
    matches = counts[left_codes]
    left_rows = np.repeat(np.arange(len(left_codes)), matches)
    within = np.arange(int(matches.sum())) - np.repeat(np.cumsum(matches) - matches, matches)
    return left_rows, order[np.repeat(starts[left_codes], matches) + within]


def lookup(left: Key, right: Key) -> np.ndarray:
    """For each left row, the position of the right row with the same key (-1 where none); the
    right side's keys are unique."""
    left_codes, right_codes = codes(left, right)
    position = np.full(len(left_codes) + len(right_codes), -1, dtype=np.int64)
    position[right_codes] = np.arange(len(right_codes))
    return position[left_codes]


def taken(values: np.ndarray, positions: np.ndarray, missing: float = np.nan) -> np.ndarray:
    """`values` at `positions` as floats, `missing` where a position is -1."""
    found = (
        np.asarray(values, dtype=float)[np.maximum(positions, 0)] if len(values) else np.zeros(len(positions))
    )
    return np.where(positions >= 0, found, missing)
