"""derbyshire-stp-2016 solves under every objective, all four backends agree, and the optimum
passes the evaluator's own check of every limit."""

from __future__ import annotations

import numpy as np
import pytest

from optimiser.analysis.evaluate import find_violations
from optimiser.instance.container import Instance
from optimiser.models import OBJECTIVES, build_model
from optimiser.models.data import build_data
from optimiser.solvers import BACKENDS, Solution, Status, solve

#: The issue's agreement tolerance between backends, relative to the objective.
AGREEMENT = 1e-6


@pytest.fixture(scope="module", params=OBJECTIVES)
def solved(request: pytest.FixtureRequest, derbyshire: Instance) -> tuple[str, object, dict[str, Solution]]:
    model = build_model(derbyshire, request.param)
    return request.param, model, {backend: solve(model, backend) for backend in BACKENDS}


def test_every_backend_finds_the_optimum(solved) -> None:  # type: ignore[no-untyped-def]
    _, _, solutions = solved
    assert {backend: solution.status for backend, solution in solutions.items()} == dict.fromkeys(
        BACKENDS, Status.OPTIMAL
    )


def test_backends_agree_on_the_objective(solved) -> None:  # type: ignore[no-untyped-def]
    _, _, solutions = solved
    reference = solutions["cbc"].objective
    for backend, solution in solutions.items():
        assert solution.objective == pytest.approx(reference, rel=AGREEMENT), backend


def test_optimum_breaks_no_limit_when_re_checked(solved, derbyshire: Instance) -> None:  # type: ignore[no-untyped-def]
    _, model, solutions = solved
    data = build_data(derbyshire)
    for backend, solution in solutions.items():
        violations = find_violations(model, data, solution.x)
        assert violations.empty, (backend, violations.head().to_string())


def test_the_optimum_is_at_least_as_good_as_the_plan(solved, derbyshire_plan) -> None:  # type: ignore[no-untyped-def]
    objective, model, solutions = solved
    planned = model.objective @ derbyshire_plan.x + model.objective_constant
    best = solutions["cbc"].objective
    # The plan is feasible (it breaks no limit), so the optimum can only be better or equal.
    assert (best <= planned + 1e-6) if model.sense == "min" else (best >= planned - 1e-6), objective


def test_min_beds_meets_every_target_with_room(derbyshire: Instance) -> None:
    model = build_model(derbyshire, "min-beds")
    solution = solve(model, "highs")
    assert solution.objective is not None and solution.objective <= 1236.0
    assert np.all(model.matrix @ solution.x <= model.row_upper + 1e-6)
