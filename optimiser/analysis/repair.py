"""The repaired plan: the smallest change to a plan that breaks no limit.

A plan that breaks a limit (a workforce supply, a capital budget, the gap it was meant to close)
cannot be taken to a board as it is, and the optimum may differ from it everywhere. The repaired
plan sits between them: every decision the plan carries (scales, closures, hires, redeployments,
services opened) moved as little as it must, weighed by what a unit of each costs.

The repair problem is the plan's own model grown through the extension API (nothing rebuilt):

    minimise   Σ_j w_j·(up_j + down_j)                        over the plan's decision columns j
    subject to every row and bound of the model
               x_j − up_j + down_j = p_j                       (`repair_deviation`, one per j)
               up_j, down_j ≥ 0

where p is the plan's full decision vector (`plan_decisions`) and w_j is column j's cost per unit
in the min-cost objective (£m of present-value cost per scale unit, bed, WTE or service). A decision
the min-cost objective gives no cost (a bed closure, a free redeployment) is weighed at the
smallest positive cost of any decision, `FREE_CHANGE_WEIGHT_SHARE` of it, so that no change is free
and a costly change is never preferred to an equivalent free one. With `--integer` the model's whole-number
columns stay whole, so the repair is a MILP.

A plan that already breaks nothing is its own repair: it is returned as it is, unsolved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.linear import LinearModel, Terms
from optimiser.models.variables import PLAN_FIELDS
from optimiser.solvers import Solution, SolveOptions, Status, solve

#: A change the min-cost objective prices at nothing is weighed at this share of the cheapest
#: priced change: small enough never to outweigh a priced one, large enough to count.
FREE_CHANGE_WEIGHT_SHARE = 0.01

#: The repair problem's objective, as it appears in the exported model and its messages.
REPAIR_OBJECTIVE = "least cost-weighted change to the plan"


@dataclass(frozen=True)
class Repair:
    """The repaired decisions, the change from the plan, and the repair problem's solution."""

    x: np.ndarray
    #: Σ w·|x − p| at the repair, in £m of present-value cost (0 for a plan that breaks nothing).
    weighted_change: float
    #: How many of the plan's decision columns moved (beyond the solver's own tolerance).
    changed: int
    #: The repair problem's solution; None when the plan needed no repair.
    solution: Solution | None


def plan_columns(model: LinearModel) -> np.ndarray:
    """The positions of the decision columns a plan states (`PLAN_FIELDS`), in column order."""
    ranges = [
        np.arange(model.variables[name].start, model.variables[name].stop)
        for name in PLAN_FIELDS
        if name in model.variables
    ]
    return np.sort(np.concatenate(ranges)) if ranges else np.array([], dtype=np.int64)


def change_weights(cost_model: LinearModel, columns: np.ndarray) -> np.ndarray:
    """Each plan column's weight: its min-cost objective cost per unit, with free changes weighed
    at `FREE_CHANGE_WEIGHT_SHARE` of the cheapest priced one (1 if nothing is priced)."""
    cost = np.abs(cost_model.objective[columns])
    priced = cost[cost > 0]
    floor = FREE_CHANGE_WEIGHT_SHARE * (priced.min() if priced.size else 100.0)
    return np.where(cost > 0, cost, floor)


def repair_model(model: LinearModel, plan: np.ndarray, weights: np.ndarray) -> LinearModel:
    """The repair problem of `plan` (a full decision vector of `model`): see the module's account."""
    columns = plan_columns(model)
    size = columns.size
    index = pd.DataFrame({"column": model.column_names[columns]})
    extension = model.extend()
    extension.replace_objective(REPAIR_OBJECTIVE, sense="min", unit="£m")
    up = extension.add_variables("repair_increase", index, cost=weights, unit="plan units")
    down = extension.add_variables("repair_decrease", index, cost=weights, unit="plan units")
    rows = np.tile(np.arange(size), 3)
    terms = Terms(
        rows,
        np.concatenate([columns, up.start + np.arange(size), down.start + np.arange(size)]),
        np.concatenate([np.ones(size), -np.ones(size), np.ones(size)]),
    )
    target = plan[columns]
    extension.add_constraints("repair_deviation", index, terms, lower=target, upper=target, unit="plan units")
    return extension.build()


class RepairError(RuntimeError):
    """The repair problem had no verified optimum (the limits admit no plan at all, or the solver failed)."""

    def __init__(self, solution: Solution) -> None:
        self.solution = solution
        super().__init__(f"the repair problem ended {solution.status.value}: {solution.message}")


def repair_plan(
    model: LinearModel,
    plan: np.ndarray,
    cost_model: LinearModel,
    *,
    broken: bool,
    backend: str = "cbc",
    options: SolveOptions | None = None,
) -> Repair:
    """The least cost-weighted change to `plan` that breaks no limit of `model`.

    `cost_model` supplies the weights (the min-cost model of the same instance; `model` itself when
    it is that). `broken` says whether the plan breaks anything: when it does not, the plan is its
    own repair. Raises `RepairError` when the repair problem has no verified optimum.
    """
    if not broken:
        return Repair(plan.copy(), 0.0, 0, None)
    columns = plan_columns(model)
    weights = change_weights(cost_model, columns)
    solution = solve(repair_model(model, plan, weights), backend, options)
    if solution.status not in (Status.OPTIMAL, Status.FEASIBLE) or solution.x is None:
        raise RepairError(solution)
    x = solution.x[: model.shape[1]].copy()
    moved = np.abs(x[columns] - plan[columns]) > 1e-7 * np.maximum(1.0, np.abs(plan[columns]))
    return Repair(x, float(solution.objective or 0.0), int(moved.sum()), solution)
