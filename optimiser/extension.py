"""Growing a built model: new column families, new row families, terms in existing rows, objective terms.

Analyses (an infeasibility diagnosis, a repaired plan, a sweep's extra limits) add to a built
`LinearModel` rather than rebuild it or edit its arrays. `LinearModel.extend()` starts a
`ModelExtension`; `build()` returns a new model whose matrix, bounds, objective, families and names
are consistent (the original is left as it was):

    extension = model.extend()
    relax = extension.add_variables("relax", index, upper=np.inf, cost=weights)
    extension.add_terms(Terms(rows, relax.start + np.arange(relax.size), signs))
    extension.replace_objective("least relaxation", sense="min")
    elastic = extension.build()

Row positions in `add_terms` are the built model's own (global); column positions are global too,
old or new. The new model keeps the original's report expressions, evaluated over the old columns.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.linear import INF, Family, LinearModel, Terms


@dataclass
class ModelExtension:
    """What is being added to `base`; nothing changes until `build()`."""

    base: LinearModel
    variables: dict[str, Family] = field(default_factory=dict)
    constraints: dict[str, Family] = field(default_factory=dict)
    _col_lower: list[np.ndarray] = field(default_factory=list)
    _col_upper: list[np.ndarray] = field(default_factory=list)
    _integer: list[np.ndarray] = field(default_factory=list)
    _costs: list[np.ndarray] = field(default_factory=list)
    _row_lower: list[np.ndarray] = field(default_factory=list)
    _row_upper: list[np.ndarray] = field(default_factory=list)
    _row_offset: list[np.ndarray] = field(default_factory=list)
    _row_terms: list[Terms] = field(default_factory=list)
    _old_row_terms: list[Terms] = field(default_factory=list)
    _objective_terms: list[Terms] = field(default_factory=list)
    _replacement: tuple[str, str, float, str] | None = None

    @property
    def n_columns(self) -> int:
        return self.base.shape[1] + sum(family.size for family in self.variables.values())

    @property
    def n_rows(self) -> int:
        return self.base.shape[0] + sum(family.size for family in self.constraints.values())

    def _check_new(self, name: str, kind: dict[str, Family], existing: dict[str, Family]) -> None:
        if name in kind or name in existing:
            raise ValueError(f"the model already has a family called {name!r}")

    def add_variables(
        self,
        name: str,
        index: pd.DataFrame,
        *,
        lower: float | np.ndarray = 0.0,
        upper: float | np.ndarray = INF,
        integer: bool = False,
        cost: float | np.ndarray = 0.0,
        unit: str = "",
        description: str = "",
    ) -> Family:
        """New columns, one per row of `index`, with bounds and an objective cost each."""
        self._check_new(name, self.variables, self.base.variables)
        family = Family(name, index.reset_index(drop=True), self.n_columns, unit, description)
        size = family.size
        self._col_lower.append(np.broadcast_to(np.asarray(lower, float), (size,)).copy())
        self._col_upper.append(np.broadcast_to(np.asarray(upper, float), (size,)).copy())
        self._integer.append(np.full(size, integer))
        self._costs.append(np.broadcast_to(np.asarray(cost, float), (size,)).copy())
        self.variables[name] = family
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
        """New rows, one per row of `index`; `terms.rows` are positions within this family."""
        self._check_new(name, self.constraints, self.base.constraints)
        family = Family(name, index.reset_index(drop=True), self.n_rows, unit, description)
        size = family.size
        self._row_lower.append(np.broadcast_to(np.asarray(lower, float), (size,)).copy())
        self._row_upper.append(np.broadcast_to(np.asarray(upper, float), (size,)).copy())
        self._row_offset.append(np.broadcast_to(np.asarray(offset, float), (size,)).copy())
        self._row_terms.append(Terms(terms.rows + family.start, terms.columns, terms.values))
        self.constraints[name] = family
        return family

    def add_terms(self, terms: Terms) -> None:
        """Coefficients in the base model's rows (global row positions), usually on new columns."""
        if terms.rows.size and (terms.rows.min() < 0 or terms.rows.max() >= self.base.shape[0]):
            raise ValueError("add_terms places coefficients in the base model's rows only")
        self._old_row_terms.append(terms)

    def add_objective(self, terms: Terms) -> None:
        """Objective costs added on columns, old or new (`terms.rows` ignored)."""
        self._objective_terms.append(terms)

    def replace_objective(self, name: str, *, sense: str, constant: float = 0.0, unit: str = "") -> None:
        """Start the objective afresh: only the costs given to `add_variables` and `add_objective`
        count, and the base model's tie-break costs are dropped with its objective."""
        self._replacement = (name, sense, constant, unit)

    def build(self) -> LinearModel:
        """The extended model: a new object, so every name and position it caches is its own."""
        base = self.base
        n_rows, n_columns = self.n_rows, self.n_columns
        terms = Terms.concat([*self._old_row_terms, *self._row_terms])
        added = sp.csr_matrix((terms.values, (terms.rows, terms.columns)), shape=(n_rows, n_columns))
        widened = sp.vstack(
            [
                sp.hstack([base.matrix, sp.csr_matrix((base.shape[0], n_columns - base.shape[1]))]),
                sp.csr_matrix((n_rows - base.shape[0], n_columns)),
            ],
            format="csr",
        )
        matrix = (widened + added).tocsr()
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        objective, tie_break, name, sense, constant, unit = self._objective(n_columns)
        return dataclasses.replace(
            base,
            matrix=matrix,
            col_lower=np.concatenate([base.col_lower, *self._col_lower]),
            col_upper=np.concatenate([base.col_upper, *self._col_upper]),
            integer=np.concatenate([base.integer, *self._integer]).astype(bool),
            row_lower=np.concatenate([base.row_lower, *self._row_lower]),
            row_upper=np.concatenate([base.row_upper, *self._row_upper]),
            row_offset=np.concatenate([base.row_offset, *self._row_offset]),
            objective=objective,
            objective_constant=constant,
            objective_name=name,
            objective_unit=unit,
            sense=sense,
            tie_break=tie_break,
            variables={**base.variables, **self.variables},
            constraints={**base.constraints, **self.constraints},
        )

    def _objective(self, n_columns: int) -> tuple[np.ndarray, np.ndarray, str, str, float, str]:
        base = self.base
        grown = n_columns - base.shape[1]
        if self._replacement is None:
            objective = np.concatenate([base.objective, np.zeros(grown)])
            tie_break = np.concatenate([base.tie_break, np.zeros(grown)])
            name, sense, constant, unit = (
                base.objective_name,
                base.sense,
                base.objective_constant,
                base.objective_unit,
            )
        else:
            objective = np.zeros(n_columns)
            tie_break = np.zeros(n_columns)
            name, sense, constant, unit = self._replacement
        objective[base.shape[1] :] += np.concatenate([np.zeros(0), *self._costs])
        for part in self._objective_terms:
            np.add.at(objective, part.columns, part.values)
        return objective, tie_break, name, sense, constant, unit
