"""One sparse linear model with named families of columns, rows and report expressions.

The formulation (`optimiser.models`) adds families to a `ModelBuilder` as whole index sets with
coefficient triplets built by numpy; `build()` stacks them into one CSR matrix. Rows are ranged
(`lower ≤ A·x ≤ upper`), so `≤`, `≥`, `=` and bands share one representation. Names such as
`bed_balance[royal_derby,acute_nel,2020/21]` are made only when asked for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

if TYPE_CHECKING:
    from optimiser.extension import ModelExtension

INF = np.inf


@dataclass(frozen=True)
class Family:
    """A named block of columns, rows or expressions over one index set.

    `index` has one column per dimension, holding labels; position `i` of the family is global
    position `start + i`.
    """

    name: str
    index: pd.DataFrame
    start: int
    unit: str
    description: str

    @property
    def size(self) -> int:
        return len(self.index)

    @property
    def stop(self) -> int:
        return self.start + self.size

    def names(self) -> np.ndarray:
        """`name[label,label,…]` for every member, built column-wise."""
        if self.size == 0:
            return np.array([], dtype=object)
        if self.index.shape[1] == 0:
            return np.array([self.name] * self.size, dtype=object)
        # Labels repeat heavily, so each column is spelled once per distinct label and then joined
        # with numpy's C string functions.
        parts = []
        for column in self.index.columns:
            codes, distinct = pd.factorize(self.index[column], use_na_sentinel=False)
            parts.append(np.array([str(label) for label in distinct], dtype=str)[codes])
        joined = parts[0]
        for part in parts[1:]:
            joined = np.strings.add(np.strings.add(joined, ","), part)
        return np.strings.add(np.strings.add(f"{self.name}[", joined), "]").astype(object)


@dataclass(frozen=True)
class Terms:
    """Coefficient triplets: local row positions, global column positions, values."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    @staticmethod
    def concat(parts: list[Terms]) -> Terms:
        parts = [part for part in parts if part.values.size]
        if not parts:
            return Terms(np.array([], np.int64), np.array([], np.int64), np.array([], float))
        return Terms(
            np.concatenate([part.rows for part in parts]).astype(np.int64, copy=False),
            np.concatenate([part.columns for part in parts]).astype(np.int64, copy=False),
            np.concatenate([part.values for part in parts]).astype(float, copy=False),
        )

    @staticmethod
    def from_matrix(matrix: sp.spmatrix, column_offset: int, scale: float = 1.0) -> Terms:
        """Triplets of a sparse matrix whose columns start at `column_offset`."""
        coo = sp.coo_matrix(matrix)
        return Terms(coo.row.astype(np.int64), coo.col.astype(np.int64) + column_offset, coo.data * scale)


@dataclass
class LinearModel:
    """min/max c·x + c0 subject to row_lower ≤ A·x ≤ row_upper, col_lower ≤ x ≤ col_upper."""

    matrix: sp.csr_matrix
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    objective: np.ndarray
    objective_constant: float
    objective_name: str
    sense: str
    variables: dict[str, Family]
    constraints: dict[str, Family]
    expression_source: Callable[[ModelBuilder], None] | None
    tie_break: np.ndarray
    objective_unit: str = "£m"
    row_offset: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def shape(self) -> tuple[int, int]:
        rows, columns = self.matrix.shape
        return int(rows), int(columns)

    @property
    def is_mip(self) -> bool:
        return bool(self.integer.any())

    @cached_property
    def column_names(self) -> np.ndarray:
        return _names(self.variables.values(), self.shape[1])

    @cached_property
    def row_names(self) -> np.ndarray:
        return _names(self.constraints.values(), self.shape[0])

    @cached_property
    def row_family(self) -> np.ndarray:
        """The family name of every row."""
        return _family_labels(self.constraints.values(), self.shape[0])

    @cached_property
    def column_family(self) -> np.ndarray:
        return _family_labels(self.variables.values(), self.shape[1])

    @cached_property
    def _row_position(self) -> dict[str, int]:
        return {name: position for position, name in enumerate(self.row_names)}

    @cached_property
    def _column_position(self) -> dict[str, int]:
        return {name: position for position, name in enumerate(self.column_names)}

    def row(self, name: str) -> int:
        """Position of the row called `name` (`KeyError` if none)."""
        return self._row_position[name]

    def column(self, name: str) -> int:
        """Position of the column called `name` (`KeyError` if none)."""
        return self._column_position[name]

    def crossed_bounds(self) -> str:
        """The first row or column whose lower bound exceeds its upper, in words ("" if none).

        Such a model is infeasible on its face, and MPS cannot say so: its RANGES section would
        silently turn the crossed pair into a valid range.
        """
        for kind, lower, upper, names in (
            ("row", self.row_lower, self.row_upper, lambda: self.row_names),
            ("column", self.col_lower, self.col_upper, lambda: self.column_names),
        ):
            crossed = np.flatnonzero(lower > upper)
            if crossed.size:
                first = int(crossed[0])
                more = f" (and {crossed.size - 1} more)" if crossed.size > 1 else ""
                return (
                    f"{kind} {names()[first]} has lower bound {lower[first]:g} above its upper bound "
                    f"{upper[first]:g}{more}"
                )
        return ""

    def set_row_bounds(self, name: str, lower: float | None = None, upper: float | None = None) -> None:
        """Change a row's bounds in place (no rebuild); None leaves a side as it is."""
        position = self.row(name)
        if lower is not None:
            self.row_lower[position] = lower
        if upper is not None:
            self.row_upper[position] = upper

    def set_column_bounds(self, name: str, lower: float | None = None, upper: float | None = None) -> None:
        """Change a column's bounds in place."""
        position = self.column(name)
        if lower is not None:
            self.col_lower[position] = lower
        if upper is not None:
            self.col_upper[position] = upper

    def set_coefficient(self, row: str, column: str, value: float) -> None:
        """Change one matrix coefficient in place; a structural zero becomes a new entry."""
        i, j = self.row(row), self.column(column)
        start, stop = self.matrix.indptr[i], self.matrix.indptr[i + 1]
        found = np.flatnonzero(self.matrix.indices[start:stop] == j)
        if found.size:
            self.matrix.data[start + found[0]] = value
        else:
            self.matrix[i, j] = value

    def set_objective_coefficient(self, column: str, value: float) -> None:
        self.objective[self.column(column)] = value

    def extend(self) -> ModelExtension:
        """Start adding column families, row families and objective terms to this model; the
        extension's `build()` returns the grown model and leaves this one as it is."""
        from optimiser.extension import ModelExtension

        return ModelExtension(self)

    def copy(self) -> LinearModel:
        """An independent copy (arrays and matrix copied; families and expressions shared)."""
        return dataclasses.replace(
            self,
            matrix=self.matrix.copy(),
            col_lower=self.col_lower.copy(),
            col_upper=self.col_upper.copy(),
            integer=self.integer.copy(),
            row_lower=self.row_lower.copy(),
            row_upper=self.row_upper.copy(),
            objective=self.objective.copy(),
            tie_break=self.tie_break.copy(),
            row_offset=self.row_offset.copy(),
        )

    def fixed_integers(self, x: np.ndarray) -> LinearModel:
        """The LP with every integer column fixed at its (rounded) value in `x`."""
        fixed = self.copy()
        values = np.round(x[self.integer])
        fixed.col_lower[self.integer] = values
        fixed.col_upper[self.integer] = values
        fixed.integer = np.zeros_like(self.integer)
        return fixed

    @cached_property
    def expressions(self) -> dict[str, tuple[Family, sp.csr_matrix, np.ndarray]]:
        """The report expressions, built on first use (solving never needs them)."""
        collector = ModelBuilder(n_columns=self.shape[1])
        if self.expression_source is not None:
            self.expression_source(collector)
        return collector.expression_matrices()

    def variable(self, name: str, x: np.ndarray) -> pd.DataFrame:
        """The members of variable family `name` with their values in `x`."""
        family = self.variables[name]
        return family.index.assign(value=x[family.start : family.stop])

    def evaluate(self, name: str, x: np.ndarray) -> pd.DataFrame:
        """The report expression `name` evaluated at `x`, one row per member."""
        family, matrix, constant = self.expressions[name]
        return family.index.assign(value=matrix @ x + constant)


def _names(families: object, size: int) -> np.ndarray:
    names = np.empty(size, dtype=object)
    for family in families:  # type: ignore[attr-defined]
        names[family.start : family.stop] = family.names()
    return names


def _family_labels(families: object, size: int) -> np.ndarray:
    labels = np.empty(size, dtype=object)
    for family in families:  # type: ignore[attr-defined]
        labels[family.start : family.stop] = family.name
    return labels


@dataclass
class ModelBuilder:
    """Collects families of columns, rows and expressions, then stacks them into a `LinearModel`."""

    variables: dict[str, Family] = field(default_factory=dict)
    constraints: dict[str, Family] = field(default_factory=dict)
    _col_lower: list[np.ndarray] = field(default_factory=list)
    _col_upper: list[np.ndarray] = field(default_factory=list)
    _integer: list[np.ndarray] = field(default_factory=list)
    _row_lower: list[np.ndarray] = field(default_factory=list)
    _row_upper: list[np.ndarray] = field(default_factory=list)
    _row_offset: list[np.ndarray] = field(default_factory=list)
    _terms: list[Terms] = field(default_factory=list)
    _expressions: dict[str, tuple[Family, Terms, np.ndarray]] = field(default_factory=dict)
    _objective: list[Terms] = field(default_factory=list)
    _objective_constant: float = 0.0
    _objective_name: str = "none"
    _objective_unit: str = "£m"
    _sense: str = "min"
    _tie_break: list[tuple[Family, float]] = field(default_factory=list)
    _expression_source: Callable[[ModelBuilder], None] | None = None
    n_columns: int = 0
    n_rows: int = 0

    def add_variables(
        self,
        name: str,
        index: pd.DataFrame,
        *,
        lower: float | np.ndarray = 0.0,
        upper: float | np.ndarray = INF,
        integer: bool = False,
        unit: str = "",
        description: str = "",
    ) -> Family:
        """Add one column per row of `index`."""
        family = Family(name, index.reset_index(drop=True), self.n_columns, unit, description)
        size = family.size
        self._col_lower.append(np.broadcast_to(np.asarray(lower, float), (size,)).copy())
        self._col_upper.append(np.broadcast_to(np.asarray(upper, float), (size,)).copy())
        self._integer.append(np.full(size, integer))
        self.variables[name] = family
        self.n_columns += size
        return family

    def add_constraints(
        self,
        name: str,
        index: pd.DataFrame,
        terms: Terms,
        *,
        lower: float | np.ndarray = -INF,
        upper: float | np.ndarray = INF,
        unit: str = "",
        description: str = "",
        offset: float | np.ndarray = 0.0,
    ) -> Family:
        """Add one row per row of `index`; `terms.rows` are positions within this family.

        `offset` is what the row's bound leaves out of the limit a user reads: the limit is the bound
        plus the offset (a bed target of 934 is the row bound −531 plus the 1,465 beds the row's
        constants stand for). Reports and diagnoses speak in limits, the solver in bounds.
        """
        family = Family(name, index.reset_index(drop=True), self.n_rows, unit, description)
        size = family.size
        self._row_offset.append(np.broadcast_to(np.asarray(offset, float), (size,)).copy())
        self._row_lower.append(np.broadcast_to(np.asarray(lower, float), (size,)).copy())
        self._row_upper.append(np.broadcast_to(np.asarray(upper, float), (size,)).copy())
        self._terms.append(Terms(terms.rows + family.start, terms.columns, terms.values))
        self.constraints[name] = family
        self.n_rows += size
        return family

    def add_expression(
        self,
        name: str,
        index: pd.DataFrame,
        terms: Terms,
        constant: float | np.ndarray = 0.0,
        *,
        unit: str = "",
        description: str = "",
    ) -> Family:
        """Add a named linear map for reporting: value = terms·x + constant, one per index row."""
        family = Family(name, index.reset_index(drop=True), 0, unit, description)
        constants = np.broadcast_to(np.asarray(constant, float), (family.size,)).copy()
        self._expressions[name] = (family, terms, constants)
        return family

    def set_objective(
        self, name: str, terms: Terms, *, sense: str, constant: float = 0.0, unit: str = "£m"
    ) -> None:
        """Objective as column terms (`terms.rows` ignored); `sense` is `min` or `max`."""
        self._objective = [terms]
        self._objective_name = name
        self._objective_unit = unit
        self._objective_constant = constant
        self._sense = sense

    def defer_expressions(self, source: Callable[[ModelBuilder], None]) -> None:
        """Register a function that adds the report expressions, run only when they are first used."""
        self._expression_source = source

    def expression_matrices(self) -> dict[str, tuple[Family, sp.csr_matrix, np.ndarray]]:
        """The expressions added so far, as sparse matrices over all columns."""
        expressions = {}
        for name, (family, expression_terms, constant) in self._expressions.items():
            block = sp.csr_matrix(
                (expression_terms.values, (expression_terms.rows, expression_terms.columns)),
                shape=(family.size, self.n_columns),
            )
            block.sum_duplicates()
            expressions[name] = (family, block, constant)
        return expressions

    def add_tie_break(self, family: Family, cost: float) -> None:
        """A tiny cost on every column of `family`, solver-side only, to choose among equal optima.

        It never enters the reported objective; it keeps, for example, staff from being hired when
        nobody needs them. Positive costs discourage, negative encourage, whatever the sense.
        """
        self._tie_break.append((family, cost))

    def build(self) -> LinearModel:
        terms = Terms.concat(self._terms)
        matrix = sp.csr_matrix(
            (terms.values, (terms.rows, terms.columns)), shape=(self.n_rows, self.n_columns)
        )
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        objective = np.zeros(self.n_columns)
        for part in self._objective:
            np.add.at(objective, part.columns, part.values)
        tie_break = np.zeros(self.n_columns)
        for family, cost in self._tie_break:
            tie_break[family.start : family.stop] += cost
        return LinearModel(
            matrix=matrix,
            col_lower=_stack(self._col_lower),
            col_upper=_stack(self._col_upper),
            integer=_stack(self._integer).astype(bool),
            row_lower=_stack(self._row_lower),
            row_upper=_stack(self._row_upper),
            objective=objective,
            objective_constant=self._objective_constant,
            objective_name=self._objective_name,
            sense=self._sense,
            variables=dict(self.variables),
            constraints=dict(self.constraints),
            expression_source=self._expression_source,
            tie_break=tie_break,
            objective_unit=self._objective_unit,
            row_offset=_stack(self._row_offset),
        )


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.array([], float)
