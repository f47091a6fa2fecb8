"""commitment: a committed investment reaches its committed scale in each year it is committed.

tiny2 with back office committed at 2 units in 2020/21 and 3 in 2021/22. Back office costs £0.02m a
unit (tiny's effects) and min-cost would run none of it in 2020/21, where no gap applies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.solvers import Status, solve

from .conftest import SOURCE, family_rows, row, variant

EXACT = 1e-12
SOLVED = 1e-7
COMMITTED = {"2020/21": 2.0, "2021/22": 3.0}
COST_PER_UNIT = 0.02  # £m of revenue a unit of back office (instances/tiny/effects.csv)


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    rows = [
        {
            "intervention": "back_office",
            "location": "system",
            "year": year,
            "min_scale": value,
            "source": SOURCE,
        }
        for year, value in COMMITTED.items()
    ]
    return variant(Path(tmp_path_factory.mktemp("commitment")), tables={"commitments": rows})


@pytest.fixture(scope="module")
def model(committed: Instance) -> LinearModel:
    return build_model(committed, "min-cost")


def test_index_is_the_committed_rows(model: LinearModel) -> None:
    assert family_rows(model, "commitment") == [
        "commitment[back_office,system,2020/21]",
        "commitment[back_office,system,2021/22]",
    ]


def test_algebra(model: LinearModel) -> None:
    for year, value in COMMITTED.items():
        coefficients, lower, upper = row(model, f"commitment[back_office,system,{year}]")
        assert coefficients == pytest.approx({f"scale[back_office,system,{year}]": 1.0}, abs=EXACT)
        assert lower == value and upper == float("inf")


def test_no_commitments_no_rows(model2: LinearModel) -> None:
    assert "commitment" not in model2.constraints


def test_the_optimum_keeps_the_commitment_and_it_costs_its_unit_cost(model: LinearModel) -> None:
    solution = solve(model, "highs")
    assert solution.status is Status.OPTIMAL
    position = model.column_names.tolist().index("scale[back_office,system,2020/21]")
    # Without the commitment min-cost runs no back office in 2020/21 (no gap that year).
    assert solution.x[position] == pytest.approx(2.0, abs=SOLVED)
    # One more committed unit in 2020/21, year 0 of the discounting, costs its £0.02m revenue.
    dual = solution.row_duals[model.row("commitment[back_office,system,2020/21]")]
    assert dual == pytest.approx(COST_PER_UNIT, abs=SOLVED)
