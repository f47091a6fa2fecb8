"""The preferred answer among equal optima, chosen in a second, small stage.

A model's tie-break costs (`LinearModel.tie_break`: hire no one not needed, redeploy before hiring,
close beds no longer needed) pick one answer where several are equally good. Added to the
objective, they cost the solver dearly on a large model (a national barrier solve took 1.6× as
long and 2.6× the iterations), so an LP is solved in two stages instead:

1. **The real objective.** The model exactly as `optimiser export` writes it, no tie-break. Its
   optimum z*, row duals and reduced costs are the ones reported: they belong to the real objective.
2. **The preference on the optimal face.** Every column with a nonzero reduced cost is fixed at its
   stage-1 value and every row with a nonzero dual is held at its stage-1 bound: by complementary
   slackness, each point that keeps them so and satisfies the other rows is optimal too, and the
   stage-1 duals still prove it. What is left is a small LP over the free columns (the fixed ones
   moved into the row bounds) plus one guard row keeping c·x within `OBJECTIVE_SLACK` of z*, in
   case a price read as zero was not. It minimises the tie-break costs.

The reported x is stage 2's, checked against the whole original model (every row, at the usual
feasibility tolerance) and its objective against z*; if stage 2 fails either check, or fails to
solve, stage 1's optimum is reported as it came. Stage 2 is skipped when no free column carries a
tie-break cost, or every one that does already sits at the bound its cost prefers (stage 1's point
is then preferred already). MILPs keep the tie-break in
their one objective, as the fixed-integer LP that prices them does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.linear import Family, LinearModel
from optimiser.solvers.result import Solution, SolveOptions, Status
from optimiser.solvers.verify import verified

#: A reduced cost or row dual at most this large (objective unit per unit, either sign) counts as
#: zero: its column may move, its row may leave its bound, along the optimal face. Real prices in
#: these models are at least 1e-6 (£1 a unit in £m); the solvers' dual tolerance is 1e-9.
ZERO_PRICE = 1e-9
#: Stage 2 may move the objective this share of max(1, |z*|) away from stage 1's optimum z*
#: (1e-9 of a £m is a tenth of a penny); the guard row holds it there.
OBJECTIVE_SLACK = 1e-9
#: The reported objective may differ from z* by this share of max(1, |z*|): the slack above plus
#: what the stage-2 solver's own feasibility tolerance lets the fixed rows drift.
OBJECTIVE_AGREEMENT = 1e-7

#: How CBC solves stage 2 when the LP method is left to `auto`.
STAGE_TWO_METHOD = "dual"

#: A backend bound to its choice of solver: solves a model with given options and work to overlap.
Stage = Callable[[LinearModel, SolveOptions, Callable[[], object] | None], Solution]


def plain_model(model: LinearModel) -> LinearModel:
    """`model` with no tie-break costs: the model `optimiser export` writes, arrays shared."""
    return dataclasses.replace(model, tie_break=np.zeros_like(model.tie_break))


@dataclass(frozen=True)
class Face:
    """Stage 2's LP on the optimal face, and where its columns sit in the full model."""

    model: LinearModel
    #: Positions in the full model of the face's columns, in order.
    free: np.ndarray


def optimal_face(model: LinearModel, optimum: Solution) -> Face | None:
    """The LP that minimises the tie-break over stage 1's optimal face; None if it has no choice.

    Columns: those with a zero reduced cost and room to move. Rows: those that touch them, with
    the fixed columns' share moved into the bounds, and a row with a nonzero dual held at the bound
    it meets; then the guard row, sign·c·x over the free columns at most its stage-1 value plus
    `OBJECTIVE_SLACK`·max(1, |z*|).
    """
    assert optimum.x is not None and optimum.reduced_costs is not None and optimum.row_duals is not None
    x = optimum.x
    free_mask = (np.abs(optimum.reduced_costs) <= ZERO_PRICE) & (model.col_lower < model.col_upper)
    # Stage 1's point is already preferred when every free column with a preference cost sits at
    # the bound that cost pushes it to: its tie-break is then least over the whole box.
    at_best = np.where(model.tie_break > 0, x <= model.col_lower, x >= model.col_upper)
    if not (free_mask & (model.tie_break != 0) & ~at_best).any():
        return None
    free = np.flatnonzero(free_mask)
    matrix = model.matrix.tocsc()
    moving = matrix[:, free].tocsr()
    kept = np.flatnonzero(np.diff(moving.indptr) > 0)
    activity = model.matrix @ x
    fixed_share = activity - moving @ x[free]
    lower, upper = model.row_lower.copy(), model.row_upper.copy()
    priced = np.abs(optimum.row_duals) > ZERO_PRICE
    held = np.clip(activity, lower, upper)
    lower[priced], upper[priced] = held[priced], held[priced]
    sign = -1.0 if model.sense == "max" else 1.0
    costs = sign * model.objective[free]
    slack = OBJECTIVE_SLACK * max(1.0, abs(float(optimum.objective or 0.0)))
    face = LinearModel(
        matrix=sp.vstack([moving[kept], sp.csr_matrix(costs.reshape(1, -1))], format="csr"),
        col_lower=model.col_lower[free],
        col_upper=model.col_upper[free],
        integer=np.zeros(free.size, dtype=bool),
        row_lower=np.append((lower - fixed_share)[kept], -np.inf),
        row_upper=np.append((upper - fixed_share)[kept], float(costs @ x[free]) + slack),
        # Scaled so the largest preference costs 1 a unit: at their own size (1e-7) they sit
        # below the solvers' dual tolerance, and CBC stops short of the preferred point.
        objective=model.tie_break[free] / np.abs(model.tie_break).max(),
        objective_constant=0.0,
        objective_name="preference",
        sense="min",
        variables={"free": _positions("free", free, 0)},
        constraints={
            "face": _positions("face", kept, 0),
            "objective": _positions("objective", None, kept.size),
        },
        expression_source=None,
        tie_break=np.zeros(free.size),
    )
    return Face(face, free)


def _positions(name: str, positions: np.ndarray | None, start: int) -> Family:
    """A family indexed by positions in the full model (None: one member, named `name` alone)."""
    index = pd.DataFrame(index=range(1)) if positions is None else pd.DataFrame({"position": positions})
    return Family(name, index, start, "", "")


def solve_preferring(
    model: LinearModel,
    stage: Stage,
    options: SolveOptions,
    while_solving: Callable[[], object] | None,
    later: Callable[[], object] | None = None,
) -> Solution:
    """Solve an LP for its real objective, then choose its preferred optimum (see the module).

    `while_solving` is done during stage 1, `later` during stage 2, or once stage 1 ends where
    there is no stage 2 (or stage 2's solver could not start): work that needs no solution, done
    exactly once either way.
    """
    pending = [] if later is None else [later]

    def once() -> None:
        while pending:
            pending.pop()()

    solution = _preferred(model, stage, options, while_solving, once)
    once()
    return solution


def _preferred(
    model: LinearModel,
    stage: Stage,
    options: SolveOptions,
    while_solving: Callable[[], object] | None,
    later: Callable[[], object],
) -> Solution:
    optimum = stage(plain_model(model), options, while_solving)
    solved = optimum.status is Status.OPTIMAL and optimum.x is not None
    face = optimal_face(model, optimum) if solved else None
    remaining = None if options.time_limit is None else options.time_limit - optimum.wall_seconds
    if face is None or (remaining is not None and remaining <= 0):
        return optimum
    assert optimum.x is not None
    # Dual simplex, unless the user chose otherwise: on the national face (1.1 million nonzeros)
    # it took 18 s where barrier, which `auto` picks at that size, took 85 s.
    method = STAGE_TWO_METHOD if options.lp_method == "auto" else options.lp_method
    preferred = stage(face.model, dataclasses.replace(options, time_limit=remaining, lp_method=method), later)
    seconds = optimum.wall_seconds + preferred.wall_seconds
    if preferred.status is not Status.OPTIMAL or preferred.x is None:
        return dataclasses.replace(optimum, wall_seconds=seconds)
    x = optimum.x.copy()
    x[face.free] = preferred.x
    checked = verified(model, dataclasses.replace(optimum, x=x, wall_seconds=seconds))
    assert optimum.objective is not None
    agreement = OBJECTIVE_AGREEMENT * max(1.0, abs(optimum.objective))
    if checked.objective is None or abs(checked.objective - optimum.objective) > agreement:
        return dataclasses.replace(optimum, wall_seconds=seconds)
    return checked
