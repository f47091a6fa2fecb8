"""Who contributed what: a report expression's value at x split by the decisions that make it.

A report expression is `M·x + c` (see `LinearModel.expressions`); the share of one column j in
member r is `M[r, j]·x[j]`. Result tables attribute money, beds and staff to decisions this way,
so that the parts add up to the very sums the evaluator and the finance table report.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from optimiser.linear import LinearModel
from optimiser.models.data import ModelData


def by_deployment(data: ModelData, model: LinearModel, name: str, x: np.ndarray) -> np.ndarray:
    """Each deployment's contribution to expression `name` in each year, deployments × years.

    The sum, over the expression's members of year t, of the terms of deployment d's scale
    columns (of every year: capital spent in t counts the scale of t less that of t − 1).
    """
    family, matrix, _ = model.expressions[name]
    scale = model.variables["scale"]
    n_years = data.n_years
    terms = matrix[:, scale.start : scale.stop] @ sp.diags(x[scale.start : scale.stop])
    year_of = data.years.get_indexer(family.index["year"])
    members = np.arange(family.size)
    summing_years = sp.csr_matrix((np.ones(family.size), (year_of, members)), shape=(n_years, family.size))
    columns = np.arange(scale.size)
    summing_deployments = sp.csr_matrix(
        (np.ones(scale.size), (columns, columns // n_years)), shape=(scale.size, scale.size // n_years)
    )
    return np.asarray((summing_years @ terms @ summing_deployments).todense()).T


def of_family(model: LinearModel, name: str, x: np.ndarray, variables: str) -> np.ndarray:
    """The contribution of variable family `variables` to each member of expression `name`."""
    _, matrix, _ = model.expressions[name]
    family = model.variables[variables]
    return np.asarray(matrix[:, family.start : family.stop] @ x[family.start : family.stop]).ravel()


def constant(model: LinearModel, name: str) -> np.ndarray:
    """The constant of each member of expression `name` (what no decision changes)."""
    return np.asarray(model.expressions[name][2], dtype=float)
