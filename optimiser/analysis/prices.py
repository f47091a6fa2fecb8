"""The price of a constraint family: the optimum solved again without it, on the same terms.

`price_constraints` takes a finished optimum (`run_solve`) and, for each family asked for —
by default those marked `priced` in their record (`optimiser.models.registry.families_to_price`):
the pledges, commitments and policy floors, not the physical or accounting limits — builds and
solves the model again with that family switched off as `--without FAMILY` does (every other row
and column as it was), with the same objective, backend, integrality and solver options. Each
re-solve's solution passes the same checks as any other before it is reported: the solver's own
(`optimiser.solvers.verify`, inside `solve`) and the evaluator's limits (`checked_summary`).

The price is objective_with − objective_without in the objective's sense (for a maximisation,
without − with), so a positive price is what keeping the family costs. A family whose re-solve
ends without a proven optimum (unbounded, failed, stopped at a limit) or whose solution breaks a
limit gets that status and no price; so does a family with no rows in this instance or one the
run already switched off.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from optimiser.analysis.solve import SolveRun, run_solve
from optimiser.analysis.solve_results import checked_summary
from optimiser.linear import LinearModel
from optimiser.models.family import ConstraintFamily
from optimiser.results.summary import Summary
from optimiser.solvers import SolveOptions, Status

#: A price within this share of max(1, |objective with the family|) is 0: the family does not bind
#: (the solvers agree on an objective to 1e-6 relative, `OBJECTIVE_TOLERANCE` in `compare`).
PRICE_TOLERANCE = 1e-6

#: The status of a family that is not solved again, and why.
NOT_IN_INSTANCE = "not in this instance (no rows)"
ALREADY_OFF = "switched off in the run itself"
NO_OPTIMUM = "not re-solved: the run's own optimum is not proven"
BREAKS_LIMITS = "rejected: the re-solve's solution breaks a limit"
#: A re-solve worse than the optimum it relaxes beyond tolerance (only a MIP gap or a solver's
#: inaccuracy can do that): no price, rather than a negative one.
WORSE = "rejected: the re-solve is worse than the optimum with the family"


@dataclass(frozen=True)
class Price:
    """One family's re-solve: its status, and for a proven optimum the solution and its summary."""

    family: ConstraintFamily
    #: The family in plain words (its rows' description, or its module's first line).
    words: str
    status: str
    #: How many rows the family has in the run's model.
    rows: int
    run: SolveRun | None = None
    summary: Summary | None = None
    #: The re-solve's values, in the run's own column order.
    x: np.ndarray | None = None
    #: Set when the price is 0 within tolerance: the optimum with the family is then an optimum
    #: without it too (it is feasible there, with the same value), so `x` and `summary` are the
    #: run's own and nothing need change — where the re-solve landed among equal optima is the
    #: tie-break's choice, not the family's effect.
    stands: bool = False

    @property
    def solved(self) -> bool:
        return self.x is not None and self.summary is not None


@dataclass(frozen=True)
class Prices:
    """The run, its summary, the plan's decisions on its model (if any), and each family's re-solve."""

    run: SolveRun
    summary: Summary
    planned: np.ndarray | None
    prices: tuple[Price, ...]
    #: The relative MIP gap each whole-number solve was allowed (0 for an LP).
    mip_gap: float = 0.0

    @property
    def sign(self) -> float:
        """+1 when the objective is minimised, −1 when maximised: price = sign · (with − without)."""
        return 1.0 if self.run.model.sense == "min" else -1.0

    @property
    def objective_with(self) -> float:
        assert self.run.solution.objective is not None
        return self.run.solution.objective

    @property
    def tolerance(self) -> float:
        """How far from 0 a price must be to count: `PRICE_TOLERANCE` of the objective's size, plus
        for a MILP the relative gap each of the two solves was allowed (either may stop that far
        from its optimum)."""
        return (PRICE_TOLERANCE + 2 * self.mip_gap) * max(1.0, abs(self.objective_with))

    def price(self, price: Price) -> float | None:
        """What keeping the family costs in the objective's unit (0 within tolerance), or None."""
        value = self.raw_price(price)
        if value is None:
            return None
        return 0.0 if abs(value) <= self.tolerance else value

    def raw_price(self, price: Price) -> float | None:
        """sign · (with − without), as the two solves give it, or None without a proven optimum."""
        if not price.solved or price.run is None or price.run.solution.objective is None:
            return None
        return self.sign * (self.objective_with - price.run.solution.objective)


def family_words(model: LinearModel, family: ConstraintFamily) -> str:
    """The family in plain words: its rows' description where the model has them, else the first
    line of the docstring of the module that defines it."""
    rows = model.constraints.get(family.name)
    if rows is not None and rows.description:
        return rows.description
    document = sys.modules[family.define.__module__].__doc__ or family.name
    return document.strip().splitlines()[0]


def price_constraints(
    run: SolveRun,
    summary: Summary,
    families: Sequence[ConstraintFamily],
    *,
    planned: np.ndarray | None = None,
    options: SolveOptions | None = None,
    progress: Callable[[str], object] | None = None,
) -> Prices:
    """Solve `run`'s instance again without each of `families` in turn and keep what each gives."""
    tell = progress or (lambda _: None)
    gap = (options or SolveOptions()).mip_gap if run.model.is_mip else 0.0
    found = Prices(
        run, summary, planned, tuple(_price(run, family, options, tell) for family in families), gap
    )
    return replace(found, prices=tuple(_settled(found, price) for price in found.prices))


def _settled(prices: Prices, price: Price) -> Price:
    """A re-solve as reported: one that does not move the objective keeps the run's optimum (see
    `Price.stands`); one that is worse than it beyond tolerance is rejected."""
    value = prices.raw_price(price)
    if value is None:
        return price
    if value < -prices.tolerance:
        return replace(price, status=WORSE, summary=None, x=None)
    if value <= prices.tolerance:
        return replace(price, summary=prices.summary, x=prices.run.solution.x, stands=True)
    return price


def _price(
    run: SolveRun, family: ConstraintFamily, options: SolveOptions | None, tell: Callable[[str], object]
) -> Price:
    words = family_words(run.model, family)
    block = run.model.constraints.get(family.name)
    rows = 0 if block is None else block.size
    if family.name in run.families_switched_off:
        return Price(family, words, ALREADY_OFF, rows)
    if rows == 0:
        return Price(family, words, NOT_IN_INSTANCE, rows)
    if run.solution.status is not Status.OPTIMAL:
        return Price(family, words, NO_OPTIMUM, rows)
    tell(f"Pricing {family.name}: solving again without its {rows:,} rows")
    again = run_solve(
        run.instance,
        objective=run.objective,
        backend=run.backend,
        integer=run.integer,
        options=options,
        without=(*run.without, family.name),
    )
    if again.solution.status is not Status.OPTIMAL:
        return Price(family, words, again.solution.status.value, rows, again)
    checked = checked_summary(again)
    if not checked.violations.empty:
        return Price(family, words, BREAKS_LIMITS, rows, again)
    return Price(family, words, Status.OPTIMAL.value, rows, again, checked, _aligned(again, run.model))


def _aligned(again: SolveRun, model: LinearModel) -> np.ndarray:
    """The re-solve's values in `model`'s column order (switching a family off removes rows only,
    so the columns are the same; they are matched by name all the same)."""
    assert again.solution.x is not None
    if np.array_equal(again.model.column_names, model.column_names):
        return again.solution.x
    values = pd.Series(again.solution.x, index=again.model.column_names)
    return values.reindex(model.column_names).fillna(0.0).to_numpy(dtype=float)
