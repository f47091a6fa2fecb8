"""The frontier between the sweep's objective and the beds open in the target year, by the
epsilon-constraint method: one row, `pareto_beds`, caps the target year's beds at ε, and only its
right-hand side moves from point to point. The row is added once through the model's extension API;
each point is re-solved in HiGHS from the basis of the objective's own optimum.

The frontier runs from the beds of that optimum (ε = its beds: the first point is the optimum
itself) down to the fewest beds any plan can reach (the `min-beds` optimum), in equal steps.
`frontier.csv` gives each point's ε, status, objective, net saving and beds; `frontier_mix.csv` keeps
each point's mix (every scale above 0, by intervention, location and year).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.analysis.sweep.arrays import ScenarioModel, scenario_model
from optimiser.analysis.sweep.scenario import Basis, solve_once, solver
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.linear import Terms

ROW = "pareto_beds"


def _with_beds_row(scenario: ScenarioModel) -> ScenarioModel:
    """The model with the row Σ beds open in the target year ≤ ε (ε infinite until a point sets it)."""
    position = scenario.report_names.index("beds")
    row = scenario.report[position].tocoo()
    extension = scenario.model.extend()
    extension.add_constraints(
        ROW,
        pd.DataFrame(index=range(1)),
        Terms(np.zeros(row.nnz, np.int64), row.col.astype(np.int64), row.data),
        offset=float(scenario.report_constant[position]),
        unit="beds",
        description="beds open in the target year at most ε (the Pareto frontier's epsilon constraint)",
    )
    return ScenarioModel(extension.build(), scenario.report, scenario.report_constant, scenario.report_names)


def frontier(
    instance: Instance, objective: str, points: int, without: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """frontier.csv and frontier_mix.csv: `points` points from the objective's optimum to the fewest beds."""
    fewest = scenario_model(instance, "min-beds", without)
    status, x = solve_once(fewest, None)
    if x is None:
        raise InstanceError(instance.path, f"no plan reaches any number of beds: min-beds is {status}")
    least = fewest.figures(x)["beds"]
    scenario = _with_beds_row(scenario_model(instance, objective, without))
    status, x = solve_once(scenario, None)
    if x is None:
        raise InstanceError(instance.path, f"the {objective} optimum is {status}; a frontier starts from it")
    most = scenario.figures(x)["beds"]
    start = Basis.of(solver())
    model = scenario.model
    row = model.row(f"{ROW}")
    offset = float(model.row_offset[row])
    scale = model.variables["scale"]
    rows, mixes = [], []
    for point, epsilon in enumerate(np.linspace(most, least, points), start=1):
        model.row_upper[row] = epsilon - offset
        status, x = solve_once(scenario, start)
        record = {"point": point, "epsilon_beds": float(epsilon), "status": status, "objective": None}
        if x is not None:
            record["objective"] = float(model.objective @ x + model.objective_constant)
            record.update(scenario.figures(x))
            values = x[scale.start : scale.stop]
            chosen = np.flatnonzero(values > 0)
            mixes.append(scale.index.iloc[chosen].assign(point=point, scale=values[chosen]))
        rows.append(record)
    table = pd.DataFrame(rows)
    mix = pd.concat(mixes, ignore_index=True) if mixes else pd.DataFrame(columns=["point", "scale"])
    return table, mix[["point", *[column for column in mix.columns if column != "point"]]]
