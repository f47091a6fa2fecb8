"""closure_monotone: a bed closed stays closed."""

from optimiser.instance.container import Instance
from optimiser.models import build_model
from optimiser.solvers import Status, solve

from .conftest import family_rows, row

#: Solver feasibility tolerance, in beds.
BEDS = 1e-6


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    rows = family_rows(model2, "closure_monotone")
    assert rows == ["closure_monotone[hospital,acute,2021/22]"]
    coefficients, _, upper = row(model2, rows[0])
    assert coefficients == {"closed[hospital,acute,2020/21]": 1.0, "closed[hospital,acute,2021/22]": -1.0}
    assert upper == 0.0


def test_closures_never_fall(tiny2: Instance) -> None:
    # Acute demand grows 10% in the second year, so fewer beds are spare then than in the first:
    # without this family HiGHS closes 32.5 beds in the first year and reopens ten in the second.
    model = build_model(tiny2, "min-beds")
    solution = solve(model, "highs")
    assert solution.status is Status.OPTIMAL
    closed = model.variable("closed", solution.x)["value"].to_numpy()
    assert closed[1] >= closed[0] - BEDS
