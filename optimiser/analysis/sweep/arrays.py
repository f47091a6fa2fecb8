"""A built model, and the few report figures a sweep records, as one flat vector of numbers.

A sweep changes numbers, never the model's shape: every scenario's matrix has the base model's
rows, columns and nonzero pattern (or fewer nonzeros), so a scenario is the base vector with some
entries moved. `ScenarioModel.flat` lays the numbers out in a fixed order — matrix entries, report
matrix entries, costs, tie-break costs, objective constant, row bounds, column bounds, report
constants — and `ScenarioModel.with_flat` puts a moved vector back into a model that HiGHS can load.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.data import ModelData, build_data
from optimiser.models.discounting import instance_factors

#: Names of the report figures every optimise scenario records, before the per-setting beds.
REPORT_FIGURES = ("net_saving", "beds", "revenue_cost", "capital_spend")


@dataclass(frozen=True)
class ScenarioModel:
    """A model and its report matrix: report figures = `report` @ x + `report_constant`."""

    model: LinearModel
    report: sp.csr_matrix
    report_constant: np.ndarray
    report_names: tuple[str, ...]

    def flat(self) -> np.ndarray:
        """Every number of the model and report, in the fixed layout (see the module's docstring)."""
        return self._laid_out(self.model.matrix.data, self.report.data)

    def _laid_out(self, matrix: np.ndarray, report: np.ndarray) -> np.ndarray:
        """The fixed layout, with the given nonzero values of the matrix and the report."""
        model = self.model
        return np.concatenate(
            [
                matrix,
                report,
                model.objective,
                model.tie_break,
                [model.objective_constant],
                model.row_lower,
                model.row_upper,
                model.col_lower,
                model.col_upper,
                self.report_constant,
            ]
        )

    def aligned(self, pattern: ScenarioModel) -> np.ndarray | None:
        """`flat()` laid out on `pattern`'s nonzero patterns, or None if this model has another
        shape or a nonzero where `pattern` has none."""
        if self.model.shape != pattern.model.shape or self.report.shape != pattern.report.shape:
            return None
        matrix = _on_pattern(self.model.matrix, pattern.model.matrix)
        report = _on_pattern(self.report, pattern.report)
        if matrix is None or report is None:
            return None
        return self._laid_out(matrix, report)

    def parts(self) -> dict[str, slice]:
        """Where each kind of number sits in the flat layout: `matrix` (the model's coefficients),
        `costs` (objective and tie-break), `bounds` (row and column bounds) and `report` (the report
        rows and constants and the objective constant, which no solver sees)."""
        model = self.model
        rows, columns = model.shape
        ends = np.cumsum(
            [
                model.matrix.nnz,
                self.report.nnz,
                2 * columns,
                1,
                2 * rows + 2 * columns,
                self.report_constant.size,
            ]
        )
        return {
            "matrix": slice(0, int(ends[0])),
            "report": slice(int(ends[0]), int(ends[1])),
            "costs": slice(int(ends[1]), int(ends[2])),
            "constant": slice(int(ends[2]), int(ends[3])),
            "bounds": slice(int(ends[3]), int(ends[4])),
            "report_constant": slice(int(ends[4]), int(ends[5])),
        }

    def moved(self, values: np.ndarray) -> frozenset[str]:
        """The kinds of number (see `parts`) in which `values` (laid out as `flat()`) differ from
        this model's own."""
        own = self.flat()
        differs = ~((own == values) | (np.isnan(own) & np.isnan(values)))
        return frozenset(name for name, part in self.parts().items() if differs[part].any())

    def with_flat(self, values: np.ndarray) -> ScenarioModel:
        """This model with every number taken from `values` (laid out as `flat()`)."""
        model = self.model
        rows, columns = model.shape
        sizes = [
            model.matrix.nnz,
            self.report.nnz,
            columns,
            columns,
            1,
            rows,
            rows,
            columns,
            columns,
            self.report_constant.size,
        ]
        parts = np.split(np.asarray(values, dtype=float), np.cumsum(sizes)[:-1])
        matrix = sp.csr_matrix(
            (parts[0], model.matrix.indices, model.matrix.indptr), shape=model.matrix.shape
        )
        report = sp.csr_matrix((parts[1], self.report.indices, self.report.indptr), shape=self.report.shape)
        changed = dataclasses.replace(
            model,
            matrix=matrix,
            objective=parts[2],
            tie_break=parts[3],
            objective_constant=float(parts[4][0]),
            row_lower=parts[5],
            row_upper=parts[6],
            col_lower=parts[7],
            col_upper=parts[8],
        )
        return ScenarioModel(changed, report, parts[9], self.report_names)

    def figures(self, x: np.ndarray) -> dict[str, float]:
        """The report figures at `x`, by name."""
        values = self.report @ x + self.report_constant
        return {name: float(value) for name, value in zip(self.report_names, values, strict=True)}


def _keys(matrix: sp.csr_matrix) -> np.ndarray:
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    return rows * matrix.shape[1] + matrix.indices.astype(np.int64)


def _on_pattern(matrix: sp.csr_matrix, pattern: sp.csr_matrix) -> np.ndarray | None:
    """`matrix`'s values at `pattern`'s nonzeros (0 where it has none), or None if `matrix` has a
    nonzero outside the pattern."""
    keys = _keys(pattern)
    order = np.argsort(keys, kind="stable")
    own = _keys(matrix)
    nonzero = matrix.data != 0
    found = np.searchsorted(keys[order], own)
    found = np.minimum(found, keys.size - 1) if keys.size else found
    inside = keys.size > 0 and bool(np.all(keys[order][found[nonzero]] == own[nonzero]))
    if not inside and nonzero.any():
        return None
    values = np.zeros(pattern.nnz)
    values[order[found[nonzero]]] = matrix.data[nonzero]
    return values


def scenario_model(
    instance: Instance, objective: str, without: tuple[str, ...] = (), data: ModelData | None = None
) -> ScenarioModel:
    """Build the model of `instance` and the report rows a sweep records: the target year's net
    saving, beds open (in total and by setting), revenue cost, and capital spent over the years
    (present value, as `summary.json` counts it)."""
    data = data if data is not None else build_data(instance)
    model = build_model(instance, objective, integer=False, data=data, without=without)
    target = instance.target_year
    blocks: list[sp.csr_matrix] = []
    constants: list[np.ndarray] = []
    names: list[str] = []

    def add(name: str, expression: str, weights: np.ndarray) -> None:
        _, matrix, constant = model.expressions[expression]
        blocks.append(sp.csr_matrix(weights @ matrix))
        constants.append(np.array([weights @ constant]))
        names.append(name)

    def in_target(expression: str) -> np.ndarray:
        index = model.expressions[expression][0].index
        return (index["year"] == target).to_numpy(dtype=float)

    add("net_saving", "net_saving", in_target("net_saving"))
    beds_index = model.expressions["beds_open"][0].index
    add("beds", "beds_open", in_target("beds_open"))
    add("revenue_cost", "revenue_cost", in_target("revenue_cost"))
    add("capital_spend", "capital_spend", instance_factors(instance.config))
    for setting in data.settings:
        add(
            f"beds_{setting}",
            "beds_open",
            in_target("beds_open") * (beds_index["setting"] == setting).to_numpy(),
        )
    report = sp.csr_matrix(sp.vstack(blocks))
    report.sort_indices()
    return ScenarioModel(model, report, np.concatenate(constants), tuple(names))
