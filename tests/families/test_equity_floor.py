"""equity_floor: each place's coverage at least half the mean coverage (`coverage_mean`)."""

import pytest

from optimiser.solvers import solve

from .conftest import row

EXACT = 1e-12


def test_floor(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, _ = row(model2, "equity_floor[step_up,north,2021/22]")
    assert coefficients == pytest.approx(
        {"scale[step_up,north,2021/22]": 1 / 400, "coverage_mean[step_up,2021/22]": -0.5}, abs=EXACT
    )
    assert lower == 0.0


def test_the_optimum_covers_north_at_least_half_as_well(model2) -> None:  # type: ignore[no-untyped-def]
    solution = solve(model2, "highs")
    value = dict(zip(model2.column_names, solution.x, strict=True))
    north = value["scale[step_up,north,2021/22]"] / 400
    mean = (value["scale[step_up,north,2021/22]"] + value["scale[step_up,south,2021/22]"]) / 700
    assert north >= 0.5 * mean - 1e-9
