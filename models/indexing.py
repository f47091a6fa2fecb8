"""Helpers that lay families out over (member × year) and expand per-unit matrices over years.

Every family indexed by year is stored member-major, year-minor: the member at position `m` in
year position `t` sits at `start + m * n_years + t`. A per-unit coefficient matrix that does not
change with the year therefore becomes `kron(matrix, I_years)`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.linear import Family, Terms


def by_year(members: pd.DataFrame, years: pd.Index) -> pd.DataFrame:
    """`members` repeated once per year, with a `year` column, member-major."""
    if members.index.is_unique:
        # By position: the same rows as by label, without pandas' label lookup of every repeat.
        repeated = members.take(np.repeat(np.arange(len(members)), len(years))).reset_index(drop=True)
    else:
        repeated = members.loc[members.index.repeat(len(years))].reset_index(drop=True)
    repeated["year"] = np.tile(years.to_numpy(dtype=object), len(members))
    return repeated


def over_years(matrix: sp.spmatrix, family: Family, n_years: int, scale: float | np.ndarray = 1.0) -> Terms:
    """Terms for rows (r, t) and columns (member c of `family`, t): `matrix[r, c]` in every year.

    `scale`, if an array, multiplies row `r` of the matrix (one factor per matrix row).
    """
    block = sp.coo_matrix(matrix)
    values = block.data * (np.asarray(scale)[block.row] if np.ndim(scale) else scale)
    years = np.arange(n_years)
    rows = (block.row[:, None] * n_years + years[None, :]).ravel()
    columns = (family.start + block.col[:, None] * n_years + years[None, :]).ravel()
    return Terms(rows, columns, np.repeat(values, n_years))


def column(family: Family, member: np.ndarray, year: np.ndarray, n_years: int) -> np.ndarray:
    """Global column of (member, year) positions in a year-indexed family."""
    return family.start + np.asarray(member) * n_years + np.asarray(year)


def lagged(family: Family, n_members: int, n_years: int, coefficient: float) -> Terms:
    """Terms `coefficient × family[m, t-1]` on rows (m, t) for every year after the first."""
    members, years = np.meshgrid(np.arange(n_members), np.arange(1, n_years), indexing="ij")
    rows = (members * n_years + years).ravel()
    return Terms(rows, column(family, members, years - 1, n_years).ravel(), np.full(rows.size, coefficient))


def later_years(members: pd.DataFrame, years: pd.Index) -> pd.DataFrame:
    """`by_year(members, years)` without the first year: the index of a family that compares years."""
    index = by_year(members, years)
    return index[index["year"] != years[0]]


def never_falls(family: Family, n_members: int, n_years: int) -> Terms:
    """Terms `family[m, t−1] − family[m, t]` on rows (m, t) for every year after the first, numbered
    member-major over the `n_years − 1` later years; with an upper bound of 0, the family never falls."""
    previous = lagged(family, n_members, n_years, 1.0)
    # Row (m, t) of `lagged` is at m * n_years + t; re-number to the n_years − 1 later years.
    local = (previous.rows // n_years) * (n_years - 1) + (previous.rows % n_years) - 1
    return Terms.concat(
        [
            Terms(local, previous.columns, np.ones(local.size)),
            Terms(local, previous.columns + 1, -np.ones(local.size)),
        ]
    )


def identity(family: Family, coefficient: float | np.ndarray = 1.0, rows: np.ndarray | None = None) -> Terms:
    """Terms `coefficient × family[i]` on row i (or on `rows[i]`)."""
    size = family.size
    local = np.arange(size) if rows is None else np.asarray(rows)
    values = np.broadcast_to(np.asarray(coefficient, float), (size,))
    return Terms(local, family.start + np.arange(size), values.copy())
